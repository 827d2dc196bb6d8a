/**
 * The hub's Kubernetes Service (`hub`, 8081) from `HubProps.service`: its type, annotations,
 * node port, load balancer address, the port's appProtocol and its IP families.
 * @internal
 */
import { isIP } from 'net';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PORTS } from '../core/constants';
import { resolveIpFamilies } from '../core/ip-families';
import { objectMeta } from '../core/k8s';
import {
  checkAnnotations,
  checkDns1035Label,
  checkNodePort,
  checkPort,
  checkQualifiedName,
  checkServiceType,
  fail,
} from '../core/validate';
import type { HubKubeServiceOptions, HubServicePort } from './hub-pod-props';

/** The hub Service's settings, validated. */
export interface HubKubeServiceModel {
  readonly type: string;
  readonly annotations?: { readonly [key: string]: string };
  readonly nodePort?: number;
  readonly loadBalancerIp?: string;
  readonly appProtocol?: string;
  readonly ipFamilyPolicy?: string;
  readonly ipFamilies?: string[];
  readonly extraPorts: k8s.ServicePort[];
}

function extraPortsOf(given: readonly HubServicePort[] | undefined, outside: boolean): k8s.ServicePort[] {
  if (given !== undefined && !Array.isArray(given))
    fail('service.extraPorts', given, 'must be a list of { name, port }');
  const names = new Set(['http']);
  const ports = new Set<number>([PORTS.hub]);
  return (given ?? []).map((p, i) => {
    const at = `service.extraPorts[${i}]`;
    if (p === null || typeof p !== 'object') fail(at, p, 'must be a port { name, port }');
    checkDns1035Label(`${at}.name`, p.name, 15);
    if (names.has(p.name)) fail(`${at}.name`, p.name, 'is the name of another port of the hub Service');
    const port = checkPort(`${at}.port`, p.port);
    if (ports.has(port)) fail(`${at}.port`, port, 'is another port of the hub Service');
    names.add(p.name);
    ports.add(port);
    if (p.nodePort !== undefined && !outside)
      fail(`${at}.nodePort`, p.nodePort, "needs 'service.type' NODE_PORT or LOAD_BALANCER");
    return {
      name: p.name,
      port,
      targetPort: k8s.IntOrString.fromNumber(checkPort(`${at}.targetPort`, p.targetPort ?? port)),
      protocol: 'TCP',
      ...(p.nodePort !== undefined ? { nodePort: checkNodePort(`${at}.nodePort`, p.nodePort) } : {}),
    };
  });
}

/** Validates `service` (each field against the Service type it needs). */
export function resolveHubKubeService(o: HubKubeServiceOptions | undefined): HubKubeServiceModel {
  if (o !== undefined && (o === null || typeof o !== 'object'))
    fail('service', o, 'must be an object such as { type: ServiceType.NODE_PORT }');
  const type = checkServiceType('service.type', o?.type ?? kplus.ServiceType.CLUSTER_IP) as string;
  const outside = type !== kplus.ServiceType.CLUSTER_IP;
  if (o?.nodePort !== undefined && !outside)
    fail(
      'service.nodePort',
      o.nodePort,
      "needs 'service.type' NODE_PORT or LOAD_BALANCER (a ClusterIP Service has no node port)",
    );
  if (o?.nodePort !== undefined) checkNodePort('service.nodePort', o.nodePort);
  const ip = o?.loadBalancerIp;
  if (ip !== undefined && type !== kplus.ServiceType.LOAD_BALANCER)
    fail(
      'service.loadBalancerIp',
      ip,
      "applies to a load balancer only: set 'service.type: ServiceType.LOAD_BALANCER', or remove it",
    );
  if (ip !== undefined && isIP(ip) === 0)
    fail('service.loadBalancerIp', ip, "must be an IPv4 or IPv6 address, e.g. '10.0.0.10'");
  if (o?.annotations !== undefined) checkAnnotations('service.annotations', o.annotations);
  if (o?.appProtocol !== undefined) checkQualifiedName('service.appProtocol', o.appProtocol, 'application protocol');
  return {
    type,
    extraPorts: extraPortsOf(o?.extraPorts, outside),
    annotations: o?.annotations,
    nodePort: o?.nodePort,
    loadBalancerIp: ip,
    appProtocol: o?.appProtocol,
    ...resolveIpFamilies('service.', o?.ipFamilyPolicy, o?.ipFamilies),
  };
}

/** The hub Service. */
export function createHubService(
  scope: Construct,
  name: string,
  service: HubKubeServiceModel,
  labels: { [key: string]: string },
): k8s.KubeService {
  return new k8s.KubeService(scope, 'Service', {
    metadata: objectMeta(scope, name, labels, service.annotations),
    spec: {
      type: service.type,
      selector: labels,
      loadBalancerIp: service.loadBalancerIp,
      ipFamilyPolicy: service.ipFamilyPolicy,
      ipFamilies: service.ipFamilies,
      ports: [
        {
          name: 'http',
          port: PORTS.hub,
          targetPort: k8s.IntOrString.fromString('http'),
          protocol: 'TCP',
          nodePort: service.nodePort,
          appProtocol: service.appProtocol,
        },
        ...service.extraPorts,
      ],
    },
  });
}
