/**
 * The gateway's proxy: Traefik with its Kubernetes CRD provider on this namespace's routes of this
 * gateway, its Service, and the route and middlewares for the API under the hub's
 * `/services/<name>` (the controller adds each cluster's routes).
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  IngressRoute,
  IngressRouteSpecRoutesKind,
  IngressRouteSpecRoutesServicesPort,
  Middleware,
} from '../../imports/traefik.io';
import { createGatewayDeployment } from './dask-gateway-deployment';
import { DaskGatewayModel, gatewayLabels } from './dask-gateway-model';
import { DASK_PORTS, INSTANCE_LABEL, TRAEFIK_UID } from './dask-constants';
import { traefikArgs } from './traefik-args';
import { httpProbe, objectMeta } from '../core/k8s';
import { givenAnnotations } from './dask-gateway-component-model';

/** Traefik's Deployment and Service, then the API's route and the prefix middlewares. */
export function createTraefik(scope: Construct, model: DaskGatewayModel): void {
  createTraefikDeployment(scope, model);
  const t = model.components.traefik;
  new k8s.KubeService(scope, 'TraefikService', {
    metadata: objectMeta(
      scope,
      model.names.traefik,
      gatewayLabels(model, 'traefik'),
      givenAnnotations(t.serviceAnnotations),
    ),
    spec: {
      type: t.serviceType,
      selector: gatewayLabels(model, 'traefik'),
      ports: [
        {
          name: 'web',
          port: t.port,
          targetPort: k8s.IntOrString.fromString('web'),
          protocol: 'TCP',
          ...(t.nodePort !== undefined ? { nodePort: t.nodePort } : {}),
        },
        ...(t.tcpPort === undefined
          ? []
          : [
              {
                name: 'tcp',
                port: t.tcpPort,
                targetPort: k8s.IntOrString.fromString('tcp'),
                protocol: 'TCP',
                ...(t.tcpNodePort !== undefined ? { nodePort: t.tcpNodePort } : {}),
              },
            ]),
      ],
    },
  });
  createTraefikRoutes(scope, model);
}

function createTraefikDeployment(scope: Construct, model: DaskGatewayModel): void {
  const n = model.names;
  const t = model.components.traefik;
  createGatewayDeployment(
    scope,
    model,
    'Traefik',
    'traefik',
    {
      name: 'traefik',
      image: model.traefikImage,
      args: traefikArgs({
        namespace: model.namespace,
        labelSelector: `${INSTANCE_LABEL}=${n.name}`,
        webPort: DASK_PORTS.traefikWeb,
        pingPort: DASK_PORTS.traefikPing,
        logLevel: 'WARN',
        tcpPort: t.tcpPort === undefined ? undefined : DASK_PORTS.traefikTcp,
        dashboard: t.dashboard,
      }),
      ports: [
        { name: 'web', containerPort: DASK_PORTS.traefikWeb, protocol: 'TCP' },
        { name: 'traefik', containerPort: DASK_PORTS.traefikPing, protocol: 'TCP' },
        ...(t.tcpPort === undefined ? [] : [{ name: 'tcp', containerPort: DASK_PORTS.traefikTcp, protocol: 'TCP' }]),
      ],
      readinessProbe: httpProbe('/ping', 'traefik', {
        initialDelaySeconds: 5,
        periodSeconds: 10,
        failureThreshold: 1,
        timeoutSeconds: 2,
      }),
      livenessProbe: httpProbe('/ping', 'traefik', {
        initialDelaySeconds: 10,
        periodSeconds: 10,
        failureThreshold: 3,
        timeoutSeconds: 2,
      }),
    },
    { uid: TRAEFIK_UID, options: model.components.traefik },
  );
}

function createTraefikRoutes(scope: Construct, model: DaskGatewayModel): void {
  const n = model.names;
  // The routes Traefik serves carry the instance label (its label selector).
  const meta = (name: string) =>
    objectMeta(scope, name, { ...gatewayLabels(model, 'traefik'), [INSTANCE_LABEL]: n.name });
  new IngressRoute(scope, 'ApiRoute', {
    metadata: meta(n.api),
    spec: {
      entryPoints: ['web'],
      routes: [
        {
          kind: IngressRouteSpecRoutesKind.RULE,
          match: `PathPrefix(\`${n.prefix}\`)`,
          services: [{ name: n.api, port: IngressRouteSpecRoutesServicesPort.fromNumber(DASK_PORTS.api) }],
          middlewares: [{ name: n.apiMiddleware }],
        },
      ],
    },
  });
  // The API server serves /api/...: the prefix the hub's proxy keeps is stripped.
  new Middleware(scope, 'ApiPrefix', {
    metadata: meta(n.apiMiddleware),
    spec: { stripPrefix: { prefixes: [n.prefix] } },
  });
  // A cluster's dashboard is served at /: `<prefix>/clusters/<namespace>.<id>` is stripped (the controller's routes use it).
  new Middleware(scope, 'ClustersPrefix', {
    metadata: meta(n.clustersMiddleware),
    spec: {
      stripPrefixRegex: { regex: [`${n.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/clusters/[a-zA-Z0-9.-]+`] },
    },
  });
}
