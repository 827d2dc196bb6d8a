import type { Duration } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import type { k8s } from 'cdk8s-plus-27';
import type { INfsStorage } from '../users/shared-home';
import type { NodePool } from '../users/node-pool';
import type { KernelSpec } from './kernel-spec';

/** Log levels of the gateway (`EG_LOG_LEVEL`). */
export enum GatewayLogLevel {
  /** Everything, including kernel launch details. */
  DEBUG = 'DEBUG',
  /** Normal operation. */
  INFO = 'INFO',
  /** Warnings and errors. */
  WARNING = 'WARNING',
  /** Errors only. */
  ERROR = 'ERROR',
}

/** Where the gateway runs kernels. */
export enum KernelNamespaces {
  /**
   * One kernel namespace, created with the gateway and labelled for Pod Security `restricted`;
   * the gateway has rights on pods there only. A client-sent `KERNEL_NAMESPACE` elsewhere is
   * refused by RBAC.
   */
  DEDICATED = 'dedicated',
  /** Kernels run in the gateway's own namespace (namespaced rights only). */
  GATEWAY = 'gateway',
  /**
   * A namespace per kernel, created and deleted by the gateway. Needs cluster-wide rights to
   * create pods and namespaces, and a client can name another kernel's namespace: trusted
   * users only. The gateway labels those namespaces `app`, `component` and `kernel_id` only
   * (`processproxies/k8s.py` at 3.3.0, lines 358-363), so no Pod Security label holds their
   * pods: set a cluster-wide default level (the API server's `PodSecurity` admission
   * configuration) to `restricted`.
   */
  PER_KERNEL = 'per-kernel',
}

/** Props of {@link EnterpriseGateway}. */
export interface EnterpriseGatewayProps {
  /**
   * Name of the Deployment and Service (and prefix of its ServiceAccount and ClusterRole).
   * @default 'enterprise-gateway'
   */
  readonly name?: string;

  /**
   * Gateway image.
   * @default 'docker.io/elyra/enterprise-gateway:3.3.0'
   */
  readonly image?: string;

  /**
   * Port of the gateway's HTTP API (`EG_PORT`).
   * @default 8888
   */
  readonly port?: number;

  /**
   * Port on which kernels report their connection info (`EG_RESPONSE_PORT`).
   * @default 8877
   */
  readonly responsePort?: number;

  /**
   * Type of the gateway Service. The gateway requires its token (generated in the cluster) on
   * every request, but a LoadBalancer still puts it on the internet: keep the default unless
   * clients outside the cluster must reach it.
   * @default kplus.ServiceType.CLUSTER_IP (only the hub's users' servers reach it)
   */
  readonly serviceType?: kplus.ServiceType;

  /**
   * Where kernels run.
   * @default KernelNamespaces.DEDICATED (one kernel namespace, `<gateway namespace>-kernels`)
   */
  readonly kernelNamespaces?: KernelNamespaces;

  /**
   * Name of the kernel namespace (with `KernelNamespaces.DEDICATED`).
   * @default - `<gateway namespace>-kernels`
   */
  readonly kernelNamespaceName?: string;

  /**
   * ClusterRole bound to the kernels' service account in each kernel namespace
   * (`EG_KERNEL_CLUSTER_ROLE`, with `KernelNamespaces.PER_KERNEL` only); created by this
   * construct with `kernelRules`.
   * @default 'kernel-controller'
   */
  readonly kernelClusterRoleName?: string;

  /**
   * Kubernetes API rights of kernel pods (e.g. Spark kernels that start executors need pods);
   * with `KernelNamespaces.PER_KERNEL` only, where each kernel has a namespace of its own.
   * @default - none: plain kernels never call the API (and get no API token)
   */
  readonly kernelRules?: k8s.PolicyRule[];

  /**
   * Let kernels reach the internet (public addresses: not private ranges, not the cloud metadata
   * endpoint), e.g. for `pip install`. Kernels always reach the gateway and DNS.
   * @default false
   */
  readonly kernelInternetAccess?: boolean;

  /**
   * More egress rules for kernel pods (e.g. a database), in their NetworkPolicy.
   * @default - none
   */
  readonly kernelEgress?: k8s.NetworkPolicyEgressRule[];

  /**
   * NetworkPolicies for the gateway (its API only from the hub's users' servers, the kernel
   * response port only from kernels) and for kernels (only the gateway and DNS, plus the opt-ins).
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * Start kernels in the user's working directory (`EG_MIRROR_WORKING_DIRS`).
   * @default false
   */
  readonly mirrorWorkingDirs?: boolean;

  /**
   * Stop kernels idle for this long (`EG_CULL_IDLE_TIMEOUT`).
   * @default Duration.hours(1)
   */
  readonly cullIdleTimeout?: Duration;

  /**
   * Also cull idle kernels that still have a client connected (`EG_CULL_CONNECTED`).
   * @default false
   */
  readonly cullConnected?: boolean;

  /**
   * How long a kernel pod may take to start (`EG_KERNEL_LAUNCH_TIMEOUT`).
   * @default Duration.seconds(60)
   */
  readonly kernelLaunchTimeout?: Duration;

  /**
   * Kernels users may start (`EG_ALLOWED_KERNELS`).
   * @default - the names of the kernel specs given to this gateway
   */
  readonly allowedKernels?: string[];

  /**
   * Kernel started when a client names none (`EG_DEFAULT_KERNEL_NAME`).
   * @default - the first kernel spec
   */
  readonly defaultKernelName?: string;

  /**
   * Log level.
   * @default GatewayLogLevel.INFO
   */
  readonly logLevel?: GatewayLogLevel;

  /**
   * Resources of the gateway container.
   * @default - requests 500m CPU and 1Gi; limits 1 CPU and 2Gi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Replicas of the gateway.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Node pool of the gateway pod (a "core" pool, e.g. `NodePool.nodePurpose(NodePurpose.CORE)`).
   * Kernels are placed by their KernelSpec.
   * @default - any node
   */
  readonly nodePool?: NodePool;

  /**
   * Time the gateway gets to shut kernels down gracefully.
   * @default Duration.seconds(60)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Kernelspecs, each mounted from its ConfigMap.
   * @default - none (add with addKernelSpec)
   */
  readonly kernelSpecs?: KernelSpec[];

  /**
   * Instead of KernelSpec ConfigMaps: a claim holding kernelspec directories, mounted at
   * `/usr/local/share/jupyter/kernels` (the JEG lab's `kernelspecs-pvc` mode).
   * @default - kernelspecs come from `kernelSpecs`
   */
  readonly kernelSpecsStorage?: INfsStorage;

  /**
   * Run the gateway's own kernel-image-puller DaemonSet, which asks the gateway for its kernel
   * images and pulls them on every node. It runs as root with the node's containerd socket (a
   * hostPath mount), so it is off by default: pre-pull with the library's puller instead
   * (`new ImagePuller(scope, id, { source: gateway })`, non-root, no host access, no token).
   * Pod Security `restricted` and `baseline` reject it: in a `Namespace` of the library,
   * create the gateway's Namespace with `podSecurity: PodSecurityLevel.PRIVILEGED` (an error
   * says so otherwise); the kernels' namespace keeps `restricted`.
   * @default false
   */
  readonly kernelImagePuller?: boolean;
}
