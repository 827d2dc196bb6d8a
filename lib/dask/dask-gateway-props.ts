import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import type { DaskClusterOption } from './dask-cluster-option';
import type { NodePool } from '../users/node-pool';
import type { DaskGatewayTraits } from './dask-gateway-traits.generated';
import type { PullPolicy } from '../core/workload-options';
import type {
  DaskGatewayApiOptions,
  DaskGatewayControllerOptions,
  DaskGatewayTraefikOptions,
} from './dask-gateway-component-props';

/** Log levels of the gateway's API server and controller. */
export enum DaskGatewayLogLevel {
  /** Everything, including each Kubernetes event. */
  DEBUG = 'DEBUG',
  /** Normal operation: clusters started and stopped. */
  INFO = 'INFO',
  /** Warnings and errors. */
  WARNING = 'WARNING',
  /** Errors only. */
  ERROR = 'ERROR',
}

/** Resources and placement of a cluster's schedulers or workers. */
export interface DaskPodOptions {
  /**
   * Cores and memory: the requests and the limits (`<role>_cores`, `<role>_cores_limit`,
   * `<role>_memory`, `<role>_memory_limit`). For workers, a `DaskClusterOption.workerCores` or
   * `workerMemory` the user picks overrides these.
   * @default - dask-gateway's: 1 core and 2 GiB, limits equal to the requests
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * The pool of nodes the pods run on: its node affinity (required or preferred) and the
   * tolerations of its taints, e.g. `DaskhubChart`'s workers:
   * `NodePool.daskWorkers({ required: true, azureSpot: true })`. Not together with `nodeAffinity`.
   * @default - none (any node, unless `nodeAffinity` says otherwise)
   */
  readonly nodePool?: NodePool;

  /**
   * Which nodes the pods may run on (e.g. `DaskhubChart`'s worker pool:
   * `k8s.dask.org/dedicated In [worker]`). For a labelled pool with taints, `nodePool` is shorter.
   * @default - any node
   */
  readonly nodeAffinity?: k8s.NodeAffinity;

  /**
   * Taints the pods tolerate (e.g. a spot node pool's); added after the `nodePool`'s.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
}

/**
 * A Secret you create in the hub's namespace with the gateway's hub service token (the
 * dask-gateway chart's `apiTokenFromSecretName` and `apiTokenFromSecretKey`).
 */
export interface DaskGatewayTokenSecret {
  /** Name of the Secret, in the hub's namespace. */
  readonly name: string;
  /** Key of the token in the Secret. */
  readonly key: string;
}

/** Props of {@link DaskGateway}. */
export interface DaskGatewayProps {
  /**
   * Name of the gateway: its objects are `api-<name>`, `controller-<name>` and `traefik-<name>`,
   * and it is the gateway's instance id (`gateway.dask.org/instance`), which must be unique in
   * the cluster: the controller watches the DaskClusters of every namespace for it.
   * @default - `<hub's namespace>-dask-gateway` (the daskhub chart's names for a release named after its namespace)
   */
  readonly name?: string;

  /**
   * Name of the gateway as a hub service: users reach it at `<hub base URL>services/<serviceName>/`.
   * @default 'dask-gateway'
   */
  readonly serviceName?: string;

  /**
   * Image of the API server and the controller.
   * @default 'ghcr.io/dask/dask-gateway-server:2026.3.0'
   */
  readonly image?: string;

  /**
   * Image of the proxy.
   * @default 'docker.io/traefik:3.3.5' (the dask-gateway chart's)
   */
  readonly traefikImage?: string;

  /**
   * Image of the schedulers and workers, unless a `DaskClusterOption.image` picks another.
   * @default 'ghcr.io/dask/dask-gateway:2026.3.0'
   */
  readonly clusterImage?: string;

  /**
   * Pull policy of the schedulers' and workers' image (`c.KubeClusterConfig.image_pull_policy`).
   * @default - IfNotPresent; Always when users pick the image and the hub's single-user image has a moving tag
   */
  readonly clusterImagePullPolicy?: PullPolicy;

  /**
   * Names of `kubernetes.io/dockerconfigjson` Secrets the schedulers and workers pull their image
   * with, in the gateway's namespace (`c.KubeClusterConfig.image_pull_secrets`; user-provided).
   * @default - none
   */
  readonly clusterImagePullSecrets?: string[];

  /**
   * The clusters' schedulers.
   * @default - dask-gateway's resources, any node
   */
  readonly scheduler?: DaskPodOptions;

  /**
   * The clusters' workers.
   * @default - dask-gateway's resources, any node
   */
  readonly worker?: DaskPodOptions;

  /**
   * Environment of every scheduler and worker.
   * @default - none
   */
  readonly clusterEnvironment?: { [name: string]: string };

  /**
   * A cluster with no client connected for this long is shut down.
   * @default Duration.hours(1)
   */
  readonly idleTimeout?: Duration;

  /**
   * Most cores one cluster may request, scheduler and workers together (`cluster_max_cores`):
   * the gateway gives a cluster no more workers than fit beside its scheduler
   * (dask-gateway-server 2026.3.0, `backends/base.py:368-424`). At least the scheduler's request
   * and one worker's (of the largest choice of a `workerCores` option). A limit per cluster:
   * dask-gateway has none per user, so a user may start several clusters (a
   * {@link NamespaceQuota} bounds them together).
   * @default - no limit
   */
  readonly clusterMaxCores?: number;

  /**
   * Most memory one cluster may request, scheduler and workers together (`cluster_max_memory`,
   * `backends/base.py:350-366`); at least the scheduler's request and one worker's. Per cluster,
   * as `clusterMaxCores`.
   * @default - no limit
   */
  readonly clusterMaxMemory?: Size;

  /**
   * Most workers one cluster may have (`cluster_max_workers`, lowered by the gateway to what
   * `clusterMaxCores` and `clusterMaxMemory` allow, `backends/base.py:380-467`; every scale
   * request is capped at it, `backends/kubernetes/backend.py:473-483`). Per cluster, as
   * `clusterMaxCores`.
   * @default - no limit
   */
  readonly clusterMaxWorkers?: number;

  /**
   * How many clusters, each at its largest, a {@link NamespaceQuota} of the gateway's namespace
   * (where the clusters run) admits at once. Dask Gateway 2026.3.0 limits neither the clusters of
   * one user nor the clusters of all (it has no per-user limit): this only sizes the quota, which
   * then refuses the pods of clusters beyond it, so one user's many clusters can use up what
   * others would start. It is not a limit the gateway enforces, and none is emulated.
   * @default - the hub's `activeServerLimit`: one cluster per server
   */
  readonly quotaClusters?: number;

  /**
   * Choices users make when they start a cluster (bounded worker cores and memory, the image,
   * environment variables), each checked by the gateway.
   * @default - none: every cluster gets the settings above
   */
  readonly clusterOptions?: DaskClusterOption[];

  /**
   * Let workers reach the internet (public addresses: not private ranges, not the cloud metadata
   * endpoint), e.g. to read data from cloud storage, as the users' servers can.
   * @default true
   */
  readonly clusterInternetAccess?: boolean;

  /**
   * Log level of the API server and the controller.
   * @default DaskGatewayLogLevel.INFO
   */
  readonly logLevel?: DaskGatewayLogLevel;

  /**
   * Node pool of the API server, the controller and Traefik (the "core" pool).
   * @default - the hub's `nodePool`, else any node
   */
  readonly nodePool?: NodePool;

  /**
   * Resources of each of the API server, controller and Traefik containers.
   * @default - requests 100m CPU and 256Mi; limits 1 CPU and 512Mi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * NetworkPolicies for the gateway's pods and the clusters' pods (derived from the hub: only its
   * users' servers, its proxy and the hub, which checks its service, reach Traefik; see docs/daskhub.md).
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * Typed traits of the classes `dask_gateway_config.py` configures (`DaskGateway`, `KubeBackend`,
   * `KubeClusterConfig`, `KubeController`, `JupyterHubAuthenticator`), each value checked at
   * construction against its trait's type in dask-gateway-server 2026.3.0 and written by the one
   * config generator. A trait the library sets itself is merged where that means something (env,
   * pod and container config) or refused, naming the prop that owns it.
   * @example
   * { kubeClusterConfig: { workerExtraPodLabels: { team: 'geo' } } }
   * @default - none
   */
  readonly traits?: DaskGatewayTraits;

  /**
   * Whether the hub's admins may open every user's cluster dashboard. A dashboard
   * (`/services/<serviceName>/clusters/<namespace>.<cluster>/`) is served to its cluster's owner
   * only (checked by the gateway's dashboard auth service, `<serviceName>-dashboards`); with this,
   * to the hub's admins too.
   * @default false
   */
  readonly dashboardAdminAccess?: boolean;

  /**
   * Image of the dashboard auth service (a JupyterHub service: it needs JupyterHub's
   * `jupyterhub.services.auth` and tornado), pinned.
   * @default - the hub image this library pins (`quay.io/jupyterhub/k8s-hub:4.4.0`)
   */
  readonly dashboardAuthImage?: string;

  /**
   * The API server's pods (workload options, replicas, probes), its Service and ServiceAccount.
   * @example
   * { replicas: 2, workload: { podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' } } }
   * @default - one replica, the library's pods
   */
  readonly api?: DaskGatewayApiOptions;

  /**
   * The controller's pod (workload options) and ServiceAccount. It runs one replica (two would
   * reconcile the same clusters); its settings are `traits.kubeController`.
   * @default - the library's pod
   */
  readonly controller?: DaskGatewayControllerOptions;

  /**
   * Traefik's pods (workload options, replicas), its Service (type, port, annotations) and ServiceAccount.
   * @default - one replica, a ClusterIP Service on port 80
   */
  readonly traefik?: DaskGatewayTraefikOptions;

  /**
   * Whether the gateway writes the ServiceAccounts, Roles, ClusterRoles and bindings of its API
   * server, controller and Traefik. With `false`, give each an account of your own
   * (`api.serviceAccountName`, `controller.serviceAccountName`, `traefik.serviceAccountName`, whose
   * TSDoc lists the rights each needs), e.g. where a platform team owns the cluster-wide rights.
   * The dashboard auth service's and the token mirror's accounts (namespaced Roles only) are still written.
   * @default true
   */
  readonly rbac?: boolean;

  /**
   * The gateway's token as a hub service, from a Secret you create in the **hub's** namespace
   * (the chart's `apiTokenFromSecretName`/`apiTokenFromSecretKey`; its `apiToken`, a value, is
   * only accepted this way: no token value is ever in the manifests). The hub reads it there; the
   * library generates no token for the service. For a gateway in a namespace of its own, the
   * token mirror (a Job in the hub's namespace) copies that key into a Secret of the same name in
   * the gateway's namespace, which the API server reads, and fails (and is retried) while the
   * Secret is missing. It is the hub's namespace, not the gateway's, because the token is what the
   * hub accepts as the service: the gateway's pods, reached by users' code, may write Secrets in
   * their namespace (the controller creates and deletes each cluster's credentials there) and so
   * could otherwise choose it, and they keep no right on the hub's namespace (the copy flows out
   * of it only). Unlike the chart, the hub needs no `hub.services` entry of yours: it reads the
   * same Secret.
   * @example
   * { name: 'dask-gateway-token', key: 'token' }
   * @default - a token generated in the cluster (`hub-service-<serviceName>`, key `api-token`)
   */
  readonly apiTokenSecret?: DaskGatewayTokenSecret;
}
