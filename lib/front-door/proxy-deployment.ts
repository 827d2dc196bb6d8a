/**
 * The proxy's pod: its ServiceAccount (no API rights) and the Deployment running
 * configurable-http-proxy, with the front door's sidecar (nginx) when it has one.
 * @internal
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ACCESS_LABELS, HUB_ENV, PORTS } from '../core/constants';
import { objectMeta, restrictedPod, secretEnv } from '../core/k8s';
import { pullSecretsField } from '../core/pull-secrets';
import { applyWorkload } from '../core/workload-options';
import { chpCommand } from './chp-command';
import type { ProxyParts } from './proxy-model';
import { doorWorkload } from './proxy-pod-options';

/** The ServiceAccount of the proxy pod: configurable-http-proxy and nginx read files, never the Kubernetes API. */
export function createProxyServiceAccount(scope: Construct, p: ProxyParts): k8s.KubeServiceAccount {
  return new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: objectMeta(scope, p.names.proxy, p.podLabels),
    automountServiceAccountToken: false,
  });
}

/** The ServiceAccount's annotations from the proxy's and the door's `workload`, once the doors are bound. */
export function annotateProxyServiceAccount(sa: k8s.KubeServiceAccount, p: ProxyParts): void {
  const all = { ...p.model.workload.serviceAccountAnnotations, ...doorWorkload(p)?.serviceAccountAnnotations };
  for (const [k, v] of Object.entries(all)) sa.metadata.addAnnotation(k, v);
}

/** The CHP container: routes to the hub, reads the hub's proxy token. */
function chpContainer(p: ProxyParts): k8s.Container {
  const hub = p.hub;
  const hubUrl = `http://${hub.serviceName}:${hub.port}`;
  return {
    name: 'chp',
    image: p.model.image,
    imagePullPolicy: 'IfNotPresent',
    command: chpCommand({
      port: PORTS.proxyHttp,
      apiPort: PORTS.proxyApi,
      defaultTarget: p.model.defaultTarget ?? hubUrl,
      errorTarget: p.model.errorTarget ?? `${hubUrl}${hub.baseUrl}hub/error`,
      logLevel: p.model.logLevel,
      hostRouting: p.subdomainHost() !== undefined,
      extraFlags: p.model.chpFlags,
    }),
    env: [secretEnv(HUB_ENV.proxyToken, hub.secretName, hub.proxyTokenKey)],
    ports: [
      { name: 'http', containerPort: PORTS.proxyHttp, protocol: 'TCP' },
      { name: 'api', containerPort: PORTS.proxyApi, protocol: 'TCP' },
    ],
    readinessProbe: p.model.readinessProbe,
    livenessProbe: p.model.livenessProbe,
    resources: p.model.resources,
    securityContext: p.model.securityContext,
  };
}

/**
 * The pod template: CHP with the proxy's `workload` (its env and pull policy CHP's), then the
 * sidecar's containers, volumes and annotations, and the pod-level part of the door's `workload`
 * (read when rendering). Its pull secrets: the hub's (`HubProps.imagePullSecrets`), the proxy's,
 * then the door's, each once.
 */
function podTemplate(p: ProxyParts, chp: k8s.Container): k8s.PodTemplateSpec {
  const door = p.sidecar();
  const nodePool = p.model.nodePool ?? p.hub.nodePool;
  const own = applyWorkload(p.model.workload, {
    metadata: { labels: { ...p.podLabels, [ACCESS_LABELS.hub]: 'true', [ACCESS_LABELS.singleUser]: 'true' } },
    spec: {
      serviceAccountName: p.names.proxy,
      automountServiceAccountToken: false,
      securityContext: restrictedPod(door?.fsGroup),
      ...nodePool?.podPlacement(),
      ...pullSecretsField(p.hub.imagePullSecrets),
      containers: [chp],
    },
  });
  if (door === undefined) return own;
  const spec = own.spec as k8s.PodSpec;
  const annotations = { ...door.podAnnotations, ...own.metadata?.annotations };
  const template: k8s.PodTemplateSpec = {
    metadata: { ...own.metadata, annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
    spec: {
      ...spec,
      initContainers: door.initContainers && door.initContainers.length > 0 ? door.initContainers : undefined,
      containers: [...spec.containers, ...door.containers],
      volumes: door.volumes.length > 0 ? door.volumes : undefined,
    },
  };
  const doorModel = doorWorkload(p);
  return doorModel ? applyWorkload(doorModel, template) : template;
}

/** The proxy Deployment (the proxy's default child). */
export function createProxyDeployment(scope: Construct, p: ProxyParts): k8s.KubeDeployment {
  return new k8s.KubeDeployment(scope, 'Resource', {
    metadata: objectMeta(scope, p.names.proxy, p.podLabels),
    spec: {
      replicas: 1,
      revisionHistoryLimit: Lazy.any({
        produce: () => p.model.workload.revisionHistoryLimit ?? doorWorkload(p)?.revisionHistoryLimit,
      }),
      // CHP keeps its routes in memory; two proxies would disagree until the hub resyncs.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: p.podLabels },
      template: Lazy.any({ produce: (): k8s.PodTemplateSpec => podTemplate(p, chpContainer(p)) }),
    },
  });
}
