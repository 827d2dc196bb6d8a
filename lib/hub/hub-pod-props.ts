import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { IpFamily, IpFamilyPolicy } from '../core/ip-families';

/**
 * One of the hub container's probes (`HubProps.livenessProbe`, `HubProps.readinessProbe`): an
 * HTTP GET of `<baseUrl>hub/health` on the hub's port, as in Zero to JupyterHub.
 */
export interface HubProbeOptions {
  /**
   * Whether the container has this probe.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * How long after the container starts the first probe runs (0 is allowed).
   * @default - Duration.seconds(300) for the liveness probe, none for the readiness probe
   */
  readonly initialDelay?: Duration;

  /**
   * How often the probe runs.
   * @default - Duration.seconds(10) for the liveness probe, Duration.seconds(2) for the readiness probe
   */
  readonly period?: Duration;

  /**
   * How long one probe may take.
   * @default - Duration.seconds(3) for the liveness probe, Duration.seconds(1) for the readiness probe
   */
  readonly timeout?: Duration;

  /**
   * How many failed probes in a row make the container unready (readiness) or restart it (liveness).
   * @default - 30 for the liveness probe, 1000 for the readiness probe
   */
  readonly failureThreshold?: number;
}

/** How the hub Deployment replaces its pod (`spec.strategy.type`). */
export enum HubDeploymentStrategy {
  /** The old pod stops before the new one starts: the only safe choice with sqlite on a ReadWriteOnce claim. */
  RECREATE = 'Recreate',
  /**
   * The new pod starts before the old one stops (one extra pod, none unavailable): for a hub
   * with an external or in-memory database. For a short while two hubs run.
   */
  ROLLING_UPDATE = 'RollingUpdate',
}

/**
 * The hub's Kubernetes Service (`hub`, port 8081, which the proxy and the users' servers reach
 * the hub's API on). The hub's NetworkPolicy still admits only the proxy, the users' servers and
 * the integrations: a NodePort or LoadBalancer hub Service is an address for those, or for
 * clients outside the cluster only with `HubProps.networkPolicy: false`.
 */
export interface HubKubeServiceOptions {
  /**
   * The Service type.
   * @default kplus.ServiceType.CLUSTER_IP
   */
  readonly type?: kplus.ServiceType;

  /**
   * Annotations of the Service (e.g. of a cloud's internal load balancer).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * The node port of the hub's port, for a NodePort or LoadBalancer Service.
   * @default - one the cluster picks
   */
  readonly nodePort?: number;

  /**
   * The address asked of the cloud's load balancer, for a LoadBalancer Service
   * (`spec.loadBalancerIP`, deprecated by Kubernetes in favour of a cloud's annotation).
   * @default - one the cloud picks
   */
  readonly loadBalancerIp?: string;

  /**
   * The application protocol of the hub's port (`appProtocol`, e.g. `http`), for load balancers
   * and service meshes that read it.
   * @default - none
   */
  readonly appProtocol?: string;

  /**
   * How many IP families the Service gets.
   * @default - Kubernetes' default, IpFamilyPolicy.SINGLE_STACK (Zero to JupyterHub asks for PREFER_DUAL_STACK)
   */
  readonly ipFamilyPolicy?: IpFamilyPolicy;

  /**
   * The IP families of the Service, in order (two need a dual-stack `ipFamilyPolicy`).
   * @default - the cluster's default family
   */
  readonly ipFamilies?: IpFamily[];
}
