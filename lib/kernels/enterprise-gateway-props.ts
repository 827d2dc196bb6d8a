import type { Duration } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import type { k8s } from 'cdk8s-plus-27';
import type { PullPolicy, WorkloadOptions } from '../core/workload-options';
import type { INfsStorage } from '../users/shared-home';
import type { NodePool } from '../users/node-pool';
import type { GatewayIngressOptions } from './gateway-ingress-props';
import type { KernelImagePullerOptions } from './kernel-image-puller-props';
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
   * Most kernels one user may have at once (`EG_MAX_KERNELS_PER_USER`): a start beyond it is
   * refused with 403 (Enterprise Gateway 3.3.0, `enterprise_gateway/mixins.py:640-655`, checked
   * before each start in `services/kernels/remotemanager.py:309-320`). The gateway counts by the
   * `KERNEL_USERNAME` the client sends (`services/sessions/kernelsessionmanager.py:303-327`), which
   * the hub's servers set to their user; a client holding the gateway token could claim another
   * name, so `maxKernels` and the kernel namespace's quota are the hard bounds. Each gateway
   * replica counts its own kernels.
   * @default 4
   */
  readonly maxKernelsPerUser?: number;

  /**
   * Most kernels of all users at once, per gateway replica (`EG_MAX_KERNELS`,
   * `enterprise_gateway/mixins.py:350-362`, checked in `remotemanager.py:293-306`). A
   * {@link NamespaceQuota} of the kernel namespace admits this many kernels (times the replicas) of
   * the largest kernel spec, and needs it.
   * @default - no limit
   */
  readonly maxKernels?: number;

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

  /**
   * Settings of the kernel-image-puller (with `kernelImagePuller: true` only).
   * @default - the puller's defaults (see {@link KernelImagePullerOptions})
   */
  readonly kernelImagePullerOptions?: KernelImagePullerOptions;

  /**
   * The gateway Deployment's pods: labels, annotations, node selector, tolerations, pull secrets
   * and policy (every container of the pod), revision history, priority, extra env of the
   * gateway container (e.g. `EG_INHERITED_ENVS`; the `EG_*` names the library sets are refused),
   * and the annotations of the gateway's ServiceAccount (the chart's `deployment.annotations`
   * go there: `templates/eg-serviceaccount.yaml` at 3.3.0, lines 24-29). The chart's
   * `global.imagePullSecrets` are the gateway's and the puller's: set `imagePullSecrets` here and
   * in `kernelImagePullerOptions.workload`.
   * @default - none
   */
  readonly workload?: WorkloadOptions;

  /**
   * The pods of the hubs' gateway fronts (a Deployment in each hub's namespace): labels,
   * annotations, node selector, tolerations, pull secrets (after the hub's `imagePullSecrets`)
   * and policy, history, priority, extra env.
   * @default - none
   */
  readonly frontWorkload?: WorkloadOptions;

  /**
   * Labels added to every object this gateway writes and to its pods (the gateway, its puller,
   * its token Job and its fronts), never to a selector: a Deployment's or DaemonSet's selector
   * cannot change once applied, and the Services and NetworkPolicies select by the library's
   * labels so that they match exactly the pods they mean. Kernel pods are made by the gateway
   * at run time and get none; the objects of a `KernelSpec` or `Namespace` are theirs. The library's own keys (`app`, `component`, `release`,
   * `app.kubernetes.io/*`, `hub.jupyter.org/*`) are refused.
   * @default - none
   */
  readonly commonLabels?: { readonly [key: string]: string };

  /**
   * A Secret you create in the gateway's namespace with the token every client must send, under
   * the key `token` (the chart's `authToken`, here by reference: the value is never in the
   * manifests). The token Job copies it into each hub's namespace, for the gateway fronts, and
   * fails (and is retried) while it is missing.
   * @default - a token generated in the cluster, in the Secret `<name>-token`
   */
  readonly authTokenSecretName?: string;

  /**
   * An Ingress to the hub's gateway front (never to the gateway itself), for Jupyter servers
   * outside the cluster: each request carries a JupyterHub user's API token, as from the hub's
   * own servers. The front then admits any source on its port (the ingress controller's pods are
   * not known here); it still refuses every request without a user's token. One hub only.
   * @default - no Ingress: the fronts are reached from the hub's users' servers only
   */
  readonly ingress?: GatewayIngressOptions;

  /**
   * Name of the gateway's ServiceAccount.
   * @default - `<name>-sa`
   */
  readonly serviceAccountName?: string;

  /**
   * Create the gateway's ServiceAccount, its rights on kernel pods (a Role and RoleBinding in the
   * kernel namespace, or with `KernelNamespaces.PER_KERNEL` a ClusterRole, ClusterRoleBinding and
   * the kernels' ClusterRole) and the puller's ServiceAccount. With `false` bring them yourself:
   * `serviceAccountName` (and the puller's `serviceAccountName`) must name accounts that exist,
   * with the rights `gateway-rbac.ts` grants. The token Job's and the fronts' own accounts and
   * rights are always created (they are the library's machinery, not the gateway's).
   * @default true
   */
  readonly rbac?: boolean;

  /**
   * The kernel pods' ServiceAccount (the chart's `kernel.defaultServiceAccountName`). In a shared
   * kernel namespace the gateway creates it, with no rights and no token. With
   * `KernelNamespaces.PER_KERNEL` each kernel's namespace is new and holds only `default`, so
   * only `default` is accepted there.
   * @default - `<name>-kernel`; `default` with `KernelNamespaces.PER_KERNEL`
   */
  readonly kernelServiceAccountName?: string;

  /**
   * Names of `kubernetes.io/dockerconfigjson` Secrets (user-provided, in the kernel namespace) that
   * kernel pods pull their images with: set on the kernels' ServiceAccount, whose pull secrets the
   * API server adds to each pod it admits (the kernel pod template names none). Not with
   * `KernelNamespaces.PER_KERNEL`: each kernel's namespace is new, with neither the Secrets nor an
   * account of the library's.
   * @default - none
   */
  readonly kernelImagePullSecrets?: string[];

  /**
   * Kernelspecs from an image (pinned): an init container copies the image's `/kernels`
   * directory into the gateway's kernelspecs directory (`/usr/local/share/jupyter/kernels`, an
   * emptyDir), as the chart does (`templates/deployment.yaml` at 3.3.0, lines 35-44 and
   * 123-130). Instead of `kernelSpecs` and `kernelSpecsStorage`.
   * @default - kernelspecs come from `kernelSpecs`
   */
  readonly kernelSpecsImage?: string;

  /**
   * Pull policy of the `kernelSpecsImage` init container.
   * @default - `workload.imagePullPolicy`, else the Kubernetes default
   */
  readonly kernelSpecsImagePullPolicy?: PullPolicy;

  /**
   * JupyterHub users (their names as the hub knows them) who may list, connect to, interrupt,
   * restart and delete every user's kernels through the gateway front. Everyone else reaches only
   * the kernels they started; nobody starts a kernel as someone else.
   * @default - none: each user reaches only their own kernels
   */
  readonly kernelAdminUsers?: string[];
}
