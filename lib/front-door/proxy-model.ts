/**
 * A {@link Proxy}'s props, validated and resolved once: what its objects are built from, with
 * what they take from the hub the proxy is added to.
 * @internal
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import type { IHub } from '../hub/hub-integration';
import { HubNames, IMAGES, PORTS } from '../core/constants';
import { resources } from '../core/k8s';
import { resolveComponentRules } from '../core/network-policy-options';
import type { GuardedPort, NetworkPolicyRulesModel } from '../core/network-policy-options';
import { checkNodePort, checkPinnedImage, checkPort, checkServiceType, fail } from '../core/validate';
import type { NodePool } from '../users/node-pool';
import type { ProxySidecar } from './proxy-front-door';
import { ProxyLogLevel, ProxyProps } from './proxy-props';
import { PublicServiceSettings, resolvePublicService } from './public-service';

/** The proxy's API port, which `allowedIngressPorts` may not open to anyone. */
export const PROXY_API_GUARD: GuardedPort = {
  port: PORTS.proxyApi,
  why: "the proxy's API: whoever reaches it rewrites the routing table",
};

/** The proxy's settings, validated. */
export interface ProxyModel {
  /** configurable-http-proxy image, pinned. */
  readonly image: string;
  /** Type of `proxy-public`. */
  readonly serviceType: kplus.ServiceType;
  /** Port of `proxy-public` (HTTP). */
  readonly port: number;
  /** Fixed HTTP node port of `proxy-public`, if one is asked for. */
  readonly nodePort?: number;
  /** The load balancer's settings of `proxy-public`. */
  readonly publicService: PublicServiceSettings;
  /** Resources of the CHP container. */
  readonly resources: k8s.ResourceRequirements;
  readonly logLevel: ProxyLogLevel;
  /** The proxy's own node pool (else the hub's). */
  readonly nodePool?: NodePool;
  /** Whether the proxy pod gets a NetworkPolicy. */
  readonly networkPolicy: boolean;
  /** What `networkPolicyRules` adds to it. */
  readonly networkPolicyRules: NetworkPolicyRulesModel;
}

/** Validates the props of a Proxy (in the order the errors have always come). */
export function resolveProxyModel(props: ProxyProps): ProxyModel {
  const serviceType = checkServiceType('serviceType', props.serviceType ?? kplus.ServiceType.LOAD_BALANCER);
  const port = checkPort('port', props.port ?? 80);
  if (props.nodePort !== undefined) {
    checkNodePort('nodePort', props.nodePort);
    if (serviceType === kplus.ServiceType.CLUSTER_IP) {
      fail(
        'nodePort',
        props.nodePort,
        "needs 'serviceType' NODE_PORT or LOAD_BALANCER; a ClusterIP Service has no node port",
      );
    }
  }
  const publicService = resolvePublicService(props, serviceType);
  return {
    image: checkPinnedImage('image', props.image ?? IMAGES.proxy),
    serviceType,
    port,
    nodePort: props.nodePort,
    publicService,
    resources: resources('resources', props.resources, {
      cpuRequest: '100m',
      cpuLimit: '1',
      memoryRequest: Size.mebibytes(128),
      memoryLimit: Size.mebibytes(512),
    }),
    logLevel: props.logLevel ?? ProxyLogLevel.INFO,
    nodePool: props.nodePool,
    networkPolicy: props.networkPolicy ?? true,
    networkPolicyRules: resolveComponentRules('networkPolicyRules', props.networkPolicyRules, props.networkPolicy, [
      PROXY_API_GUARD,
    ]),
  };
}

/** What the proxy's objects are built from once it is added to a hub: its model and that hub. */
export interface ProxyParts {
  readonly model: ProxyModel;
  /** The hub the proxy serves (its Service, token Secret, labels, the egress it asks for). */
  readonly hub: IHub;
  /** Names of the proxy's objects (the hub's prefix). */
  readonly names: HubNames;
  /** The labels that select the proxy's pods. */
  readonly podLabels: { [key: string]: string };
  /** The front door in the proxy pod, once one is bound (read when rendering). */
  readonly sidecar: () => ProxySidecar | undefined;
  /** The front door's `subdomainHost` (per-user origins), once the doors are bound (read when rendering). */
  readonly subdomainHost: () => string | undefined;
}
