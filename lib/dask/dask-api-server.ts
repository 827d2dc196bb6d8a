/**
 * The gateway's API server: `dask-gateway-server` with the generated config and its hub token,
 * and its Service (the API the controller, the schedulers and Traefik reach).
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CONFIG_PATH } from './dask-gateway-config-map';
import { createGatewayDeployment } from './dask-gateway-deployment';
import { DaskGatewayModel, gatewayLabels } from './dask-gateway-model';
import { DASK_PORTS, DASK_UID } from './dask-constants';
import { ACCESS_LABELS } from '../core/constants';
import { httpProbe, objectMeta } from '../core/k8s';
import { givenAnnotations } from './dask-gateway-component-model';

/**
 * The API server's Deployment and Service.
 * @param config the generated `dask_gateway_config.py`
 * @param apiToken the gateway's token as a hub service
 */
export function createApiServer(
  scope: Construct,
  model: DaskGatewayModel,
  config: string,
  apiToken: k8s.SecretKeySelector,
): void {
  const api = model.components.api;
  createGatewayDeployment(
    scope,
    model,
    'Api',
    'api',
    {
      name: 'api',
      image: model.serverImage,
      // args, not command: the image's entrypoint (tini) stays PID 1.
      args: ['dask-gateway-server', '--config', CONFIG_PATH],
      // Its token as a hub service, made in the cluster by the hub (the pod waits until it exists).
      env: [{ name: 'JUPYTERHUB_API_TOKEN', valueFrom: { secretKeyRef: apiToken } }],
      ports: [{ name: 'api', containerPort: DASK_PORTS.api, protocol: 'TCP' }],
      readinessProbe: api.readinessProbe
        ? httpProbe('/api/health', 'api', { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 })
        : undefined,
      livenessProbe: api.livenessProbe
        ? httpProbe('/api/health', 'api', {
            initialDelaySeconds: 5,
            periodSeconds: 10,
            failureThreshold: 6,
            timeoutSeconds: 2,
          })
        : undefined,
    },
    // The hub's access label: the hub's NetworkPolicy admits the API server (users' tokens are checked there).
    { uid: DASK_UID, config, podLabels: { [ACCESS_LABELS.hub]: 'true' }, options: api },
  );
  new k8s.KubeService(scope, 'ApiService', {
    metadata: objectMeta(scope, model.names.api, gatewayLabels(model, 'api'), givenAnnotations(api.serviceAnnotations)),
    spec: {
      type: 'ClusterIP',
      selector: gatewayLabels(model, 'api'),
      ports: [{ name: 'api', port: DASK_PORTS.api, targetPort: k8s.IntOrString.fromString('api'), protocol: 'TCP' }],
    },
  });
}
