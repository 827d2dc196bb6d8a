import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import type { DaskClusterOption } from './dask-cluster-option';
import type { NodePool } from '../users/node-pool';

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
   * Most cores one cluster may use (scheduler and workers). Per cluster: Dask Gateway 2026.3.0 has
   * no per-user limit (a user may start several clusters).
   * @default - no limit
   */
  readonly clusterMaxCores?: number;

  /**
   * Most memory one cluster may use (scheduler and workers).
   * @default - no limit
   */
  readonly clusterMaxMemory?: Size;

  /**
   * Most workers one cluster may have.
   * @default - no limit
   */
  readonly clusterMaxWorkers?: number;

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
   * users' servers, its proxy and the hub, which checks its service, reach Traefik; see the README).
   * @default true
   */
  readonly networkPolicy?: boolean;

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
}
