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

  /**
   * More ports of the Service (TCP), e.g. of a sidecar of `HubProps.extraContainers`. The hub's
   * NetworkPolicy (`HubProps.networkPolicy`) admits its own port only: clients of these ports
   * need another NetworkPolicy selecting the hub pod that admits them (NetworkPolicies add up).
   * @default - none
   */
  readonly extraPorts?: HubServicePort[];
}

/** A port of the hub Service beside its own (`HubKubeServiceOptions.extraPorts`). */
export interface HubServicePort {
  /** Name of the port, a DNS-1035 label of at most 15 characters (`http` is the hub's). */
  readonly name: string;

  /** The Service's port (8081 is the hub's). */
  readonly port: number;

  /**
   * The port of the pod the traffic goes to.
   * @default - the same as `port`
   */
  readonly targetPort?: number;

  /**
   * The node port, for a NodePort or LoadBalancer Service.
   * @default - one the cluster picks
   */
  readonly nodePort?: number;
}

/** A mount of one of `HubProps.extraVolumes` into the hub container or one of the hub pod's extra containers. */
export interface HubVolumeMount {
  /** Name of the volume (one of `HubProps.extraVolumes`). */
  readonly volume: string;

  /** Absolute path of the mount in the container. */
  readonly mountPath: string;

  /**
   * Mount only this path of the volume (relative, without '..').
   * @default - the whole volume
   */
  readonly subPath?: string;

  /**
   * Mount it read-only.
   * @default - true for ConfigMap and Secret volumes, false otherwise
   */
  readonly readOnly?: boolean;
}

/**
 * A container of the hub pod beside the hub (`HubProps.extraContainers`) or before it
 * (`HubProps.initContainers`, after the library's `secret-init`). It runs as the hub's non-root
 * user (uid and gid 1000), without privilege escalation or capabilities, with a read-only root
 * filesystem (mount an `emptyDir` of `extraVolumes` where it writes), as Pod Security
 * `restricted` requires.
 */
export interface HubContainer {
  /** Container name, a DNS-1123 label unique in the pod (`hub` and `secret-init` are taken). */
  readonly name: string;

  /** Image, pinned to a tag or digest. */
  readonly image: string;

  /**
   * Command (entrypoint), no shell.
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments.
   * @default - the image's command
   */
  readonly args?: string[];

  /**
   * Environment variables (literal values).
   * @default - none
   */
  readonly env?: { [name: string]: string };

  /**
   * CPU and memory requests and limits.
   * @default - requests 50m CPU and 64Mi memory; limits 500m CPU and 256Mi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Mounts of `HubProps.extraVolumes`.
   * @default - none
   */
  readonly volumeMounts?: HubVolumeMount[];
}

/**
 * The hub pod's ServiceAccount (`HubProps.serviceAccount`). The hub needs its API token
 * (KubeSpawner calls the Kubernetes API): the pod mounts it (`automountServiceAccountToken: true`).
 */
export interface HubServiceAccountOptions {
  /**
   * Whether the library writes the ServiceAccount. `false`: a user-provided ServiceAccount of
   * `name` in the hub's namespace (`name` is then required, and the library writes no
   * annotations for it).
   * @default true
   */
  readonly create?: boolean;

  /**
   * Name of the ServiceAccount (a DNS-1123 subdomain).
   * @default - the hub's name (`<namePrefix>hub`)
   */
  readonly name?: string;
}

/**
 * The hub pod's security context, as far as Pod Security `restricted` lets it change
 * (`HubProps.podSecurityContext`): the group of the pod's volumes and more groups. The rest is the
 * library's: `runAsNonRoot`, the `RuntimeDefault` seccomp profile.
 */
export interface HubPodSecurityOptions {
  /**
   * The group that owns the pod's volumes (the sqlite claim, `extraVolumes`), at least 1.
   * @default 1000
   */
  readonly fsGroup?: number;

  /**
   * More groups of every container's processes, each at least 1.
   * @default - none
   */
  readonly supplementalGroups?: number[];
}

/**
 * The security context of the hub pod's containers (the hub, `secret-init`, the init and extra
 * containers), as far as Pod Security `restricted` lets it change
 * (`HubProps.containerSecurityContext`): the user and group they run as, never root. The rest is
 * the library's: no privilege escalation, all capabilities dropped, `RuntimeDefault` seccomp, a
 * read-only root filesystem.
 */
export interface HubContainerSecurityOptions {
  /**
   * The user the containers run as, at least 1 (the hub image's `jovyan` is 1000).
   * @default 1000
   */
  readonly runAsUser?: number;

  /**
   * The primary group of the containers, at least 1.
   * @default 1000
   */
  readonly runAsGroup?: number;
}
