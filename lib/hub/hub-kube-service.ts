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
import { checkAnnotations, checkNodePort, checkQualifiedName, checkServiceType, fail } from '../core/validate';
import type { HubKubeServiceOptions } from './hub-pod-props';

/** The hub Service's settings, validated. */
export interface HubKubeServiceModel {
  readonly type: string;
  readonly annotations?: { readonly [key: string]: string };
  readonly nodePort?: number;
  readonly loadBalancerIp?: string;
  readonly appProtocol?: string;
  readonly ipFamilyPolicy?: string;
  readonly ipFamilies?: string[];
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
      ],
    },
  });
}
