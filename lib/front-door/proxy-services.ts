/**
 * The proxy's Services: `proxy-api` (8001, for the hub), `proxy-http` (8000, inside the cluster)
 * and the user-facing `proxy-public`, which leads to CHP or to the front door in the pod.
 * @internal
 */
import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PORTS } from '../core/constants';
import { objectMeta } from '../core/k8s';
import type { ProxyPublicPort } from './proxy-front-door';
import type { ProxyParts } from './proxy-model';

/**
 * The ports of `proxy-public`: the sidecar's, else CHP's HTTP port; with `httpsOffload`, 443 to
 * the same target as the HTTP port (TLS ends at the load balancer), and without the HTTP port
 * itself when `disableHttpPort` (as Zero to JupyterHub's `templates/proxy/service.yaml`).
 */
export function proxyPublicPorts(p: ProxyParts): ProxyPublicPort[] {
  const ports = p.sidecar()?.publicPorts ?? [
    { name: 'http', port: p.model.port, targetPort: 'http', nodePort: p.model.nodePort },
  ];
  const s = p.model.publicService;
  if (!s.httpsOffload) return ports;
  const http = ports.find((x) => x.name === 'http')!;
  const https: ProxyPublicPort = { name: 'https', port: 443, targetPort: http.targetPort, nodePort: s.httpsNodePort };
  return [https, ...ports.filter((x) => x.name !== 'https' && !(s.disableHttpPort && x.name === 'http'))];
}

function clusterService(scope: Construct, p: ProxyParts, id: string, name: string, port: number, portName: string) {
  new k8s.KubeService(scope, id, {
    metadata: objectMeta(scope, name, p.podLabels),
    spec: {
      type: 'ClusterIP',
      selector: p.podLabels,
      ports: [{ name: portName, port, targetPort: k8s.IntOrString.fromString(portName), protocol: 'TCP' }],
    },
  });
}

/** `proxy-public`, with the load balancer's settings; its ports are read when rendering. */
function createPublicService(scope: Construct, p: ProxyParts): void {
  const lb = p.model.publicService;
  const type = p.model.serviceType;
  new k8s.KubeService(scope, 'PublicService', {
    metadata: objectMeta(scope, p.names.proxyPublic, { ...(lb.labels ?? {}), ...p.podLabels }, lb.annotations),
    spec: Lazy.any({
      produce: (): k8s.ServiceSpec => ({
        type,
        loadBalancerIp: lb.loadBalancerIp,
        loadBalancerSourceRanges: lb.loadBalancerSourceRanges,
        externalTrafficPolicy: lb.externalTrafficPolicy,
        externalIPs: lb.externalIps,
        ipFamilyPolicy: lb.ipFamilyPolicy,
        ipFamilies: lb.ipFamilies,
        selector: p.podLabels,
        ports: [
          ...proxyPublicPorts(p).map((port) => ({
            name: port.name,
            port: port.port,
            targetPort: k8s.IntOrString.fromString(port.targetPort),
            nodePort: type === kplus.ServiceType.CLUSTER_IP ? undefined : port.nodePort,
            protocol: 'TCP',
          })),
          ...p.model.extraPorts.map((x) => ({
            name: x.name,
            port: x.port,
            targetPort: k8s.IntOrString.fromNumber(x.targetPort),
            nodePort: type === kplus.ServiceType.CLUSTER_IP ? undefined : x.nodePort,
            protocol: x.protocol,
          })),
        ],
      }),
    }),
  });
}

/** The three Services, in this order. */
export function createProxyServices(scope: Construct, p: ProxyParts): void {
  clusterService(scope, p, 'ApiService', p.names.proxyApi, PORTS.proxyApi, 'api');
  clusterService(scope, p, 'HttpService', p.names.proxyHttp, PORTS.proxyHttp, 'http');
  createPublicService(scope, p);
}
