/**
 * The proxy's pod: its ServiceAccount (no API rights) and the Deployment running
 * configurable-http-proxy, with the front door's sidecar (nginx) when it has one.
 * @internal
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ACCESS_LABELS, HUB_ENV, IDS, PORTS } from '../core/constants';
import { httpProbe, objectMeta, restrictedContainer, restrictedPod, secretEnv } from '../core/k8s';
import { chpCommand } from './chp-command';
import type { ProxyParts } from './proxy-model';

/** The ServiceAccount of the proxy pod: configurable-http-proxy and nginx read files, never the Kubernetes API. */
export function createProxyServiceAccount(scope: Construct, p: ProxyParts): void {
  new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: objectMeta(scope, p.names.proxy, p.podLabels),
    automountServiceAccountToken: false,
  });
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
      defaultTarget: hubUrl,
      errorTarget: `${hubUrl}${hub.baseUrl}hub/error`,
      logLevel: p.model.logLevel,
      hostRouting: p.subdomainHost() !== undefined,
    }),
    env: [secretEnv(HUB_ENV.proxyToken, hub.secretName, hub.proxyTokenKey)],
    ports: [
      { name: 'http', containerPort: PORTS.proxyHttp, protocol: 'TCP' },
      { name: 'api', containerPort: PORTS.proxyApi, protocol: 'TCP' },
    ],
    readinessProbe: httpProbe('/_chp_healthz', 'http', {
      periodSeconds: 2,
      failureThreshold: 1000,
      timeoutSeconds: 1,
    }),
    livenessProbe: httpProbe('/_chp_healthz', 'http', {
      initialDelaySeconds: 60,
      periodSeconds: 10,
      failureThreshold: 30,
    }),
    resources: p.model.resources,
    securityContext: restrictedContainer(IDS.proxy, IDS.proxy, true),
  };
}

/** The pod template: CHP, and the sidecar's containers, volumes and annotations (read when rendering). */
function podTemplate(p: ProxyParts, chp: k8s.Container): k8s.PodTemplateSpec {
  const door = p.sidecar();
  const annotations = door?.podAnnotations ?? {};
  const nodePool = p.model.nodePool ?? p.hub.nodePool;
  return {
    metadata: {
      labels: { ...p.podLabels, [ACCESS_LABELS.hub]: 'true', [ACCESS_LABELS.singleUser]: 'true' },
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    },
    spec: {
      serviceAccountName: p.names.proxy,
      automountServiceAccountToken: false,
      securityContext: restrictedPod(door?.fsGroup),
      ...nodePool?.podPlacement(),
      initContainers: door?.initContainers && door.initContainers.length > 0 ? door.initContainers : undefined,
      containers: [chp, ...(door?.containers ?? [])],
      volumes: door && door.volumes.length > 0 ? door.volumes : undefined,
    },
  };
}

/** The proxy Deployment (the proxy's default child). */
export function createProxyDeployment(scope: Construct, p: ProxyParts): k8s.KubeDeployment {
  return new k8s.KubeDeployment(scope, 'Resource', {
    metadata: objectMeta(scope, p.names.proxy, p.podLabels),
    spec: {
      replicas: 1,
      // CHP keeps its routes in memory; two proxies would disagree until the hub resyncs.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: p.podLabels },
      template: Lazy.any({ produce: (): k8s.PodTemplateSpec => podTemplate(p, chpContainer(p)) }),
    },
  });
}
