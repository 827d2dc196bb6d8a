/**
 * A {@link Proxy}'s props, validated and resolved once: what its objects are built from, with
 * what they take from the hub the proxy is added to.
 * @internal
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import type { IHub } from '../hub/hub-integration';
import { HUB_ENV, HubNames, IDS, IMAGES, PORTS } from '../core/constants';
import { containerSecurity } from '../core/container-security';
import { httpProbe, resources } from '../core/k8s';
import { applyProbeOptions } from '../core/probe-options';
import { resolveComponentRules } from '../core/network-policy-options';
import type { GuardedPort, NetworkPolicyRulesModel } from '../core/network-policy-options';
import { checkNodePort, checkPinnedImage, checkPort, checkServiceType, fail } from '../core/validate';
import { resolveWorkload, WorkloadModel } from '../core/workload-options';
import type { NodePool } from '../users/node-pool';
import { chpFlagArgs, checkTargetUrl } from './chp-flags';
import { ProxyServicePort, resolveExtraPorts } from './proxy-service-ports';
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
  /** The pod's options (`workload`); `extraEnv` and `imagePullPolicy` are CHP's. */
  readonly workload: WorkloadModel;
  /** CHP's targets, if not the hub. */
  readonly defaultTarget?: string;
  readonly errorTarget?: string;
  /** The typed flags, as arguments. */
  readonly chpFlags: string[];
  /** More ports of `proxy-public`, validated. */
  readonly extraPorts: ProxyServicePort[];
  /** CHP's probes (undefined: disabled). */
  readonly livenessProbe?: k8s.Probe;
  readonly readinessProbe?: k8s.Probe;
  /** CHP's security context. */
  readonly securityContext: k8s.SecurityContext;
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
    workload: resolveWorkload('workload', props.workload, [HUB_ENV.proxyToken]),
    defaultTarget: checkTargetUrl('defaultTarget', props.defaultTarget),
    errorTarget: checkTargetUrl('errorTarget', props.errorTarget),
    chpFlags: chpFlagArgs(props.chpFlags),
    extraPorts: resolveExtraPorts(props.extraPorts, serviceType, port),
    ...chpProbes(props),
    securityContext: containerSecurity('containerSecurity', props.containerSecurity, IDS.proxy, IDS.proxy, true),
  };
}

/** CHP's probes: the library's (Zero to JupyterHub's numbers), with the user's options over them. */
function chpProbes(props: ProxyProps): Pick<ProxyModel, 'livenessProbe' | 'readinessProbe'> {
  return {
    readinessProbe: applyProbeOptions(
      'readinessProbe',
      httpProbe('/_chp_healthz', 'http', { periodSeconds: 2, failureThreshold: 1000, timeoutSeconds: 1 }),
      props.readinessProbe,
    ),
    livenessProbe: applyProbeOptions(
      'livenessProbe',
      httpProbe('/_chp_healthz', 'http', { initialDelaySeconds: 60, periodSeconds: 10, failureThreshold: 30 }),
      props.livenessProbe,
    ),
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
