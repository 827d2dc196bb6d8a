import type { Duration } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import type { PullPolicy, WorkloadOptions } from '../core/workload-options';
import type { NodePool } from '../users/node-pool';

/**
 * How the gateway's kernel-image-puller learns which images to pull (`KIP_IMAGE_FETCHER`, a class
 * of `etc/docker/kernel-image-puller/image_fetcher.py` at Enterprise Gateway 3.3.0, looked up by
 * name in `kernel_image_puller.py` lines 288-291).
 */
export enum KernelImageFetcher {
  /** Ask the gateway for its kernelspecs and pull their images (`KernelSpecsFetcher`, lines 28-93). */
  KERNEL_SPECS = 'KernelSpecsFetcher',
  /** Pull the images of `KernelImagePullerOptions.images` (`StaticListFetcher`, lines 96-123). */
  STATIC_LIST = 'StaticListFetcher',
}

/**
 * Settings of the gateway's own kernel-image-puller DaemonSet (with `kernelImagePuller: true`).
 * @example
 * new EnterpriseGateway(ns, 'gw', {
 *   kernelImagePuller: true,
 *   kernelImagePullerOptions: {
 *     interval: Duration.minutes(10),
 *     workload: { nodeSelector: { 'node-purpose': 'user' } },
 *   },
 * });
 */
export interface KernelImagePullerOptions {
  /**
   * The puller's image (pinned).
   * @default 'docker.io/elyra/kernel-image-puller:3.3.0'
   */
  readonly image?: string;
  /**
   * Whether the puller pulls an image it pulled before again (`KIP_PULL_POLICY`): `ALWAYS` or
   * `IF_NOT_PRESENT` (the puller knows no other, `kernel_image_puller.py` lines 23-25 and 60-65).
   * The pull policy of the puller's own container is `workload.imagePullPolicy`.
   * @default PullPolicy.IF_NOT_PRESENT
   */
  readonly pullPolicy?: PullPolicy;
  /**
   * How often the puller asks for the kernel images (`KIP_INTERVAL`, whole seconds).
   * @default Duration.minutes(5)
   */
  readonly interval?: Duration;
  /**
   * The node's container runtime socket (`KIP_CRI_ENDPOINT`, mounted from the node).
   * @default '/run/containerd/containerd.sock'
   */
  readonly criSocket?: string;
  /**
   * Registry put in front of an image name without one (`KIP_DEFAULT_CONTAINER_REGISTRY`,
   * `kernel_image_puller.py` lines 212-221), e.g. `docker.io`.
   * @default - none: an image without a registry is pulled as named
   */
  readonly defaultContainerRegistry?: string;
  /**
   * Where the puller gets the image names (`KIP_IMAGE_FETCHER`).
   * @default KernelImageFetcher.KERNEL_SPECS
   */
  readonly fetcher?: KernelImageFetcher;
  /**
   * The images to pull with `KernelImageFetcher.STATIC_LIST` (`KIP_IMAGES`).
   * @default - none (required with `KernelImageFetcher.STATIC_LIST`)
   */
  readonly images?: string[];
  /**
   * The puller's ServiceAccount (it has no rights and mounts no token). Created by the gateway,
   * unless `EnterpriseGatewayProps.rbac` is false: then it must exist.
   * @default - `<name>-kernel-image-puller`
   */
  readonly serviceAccountName?: string;
  /**
   * Resources of the puller container.
   * @default - requests 50m CPU and 64Mi; limits 500m CPU and 256Mi
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Node pool of the puller pods (its affinity and tolerations), e.g. the kernels' nodes.
   * @default - every node
   */
  readonly nodePool?: NodePool;
  /**
   * Pod labels and annotations, node selector, tolerations, pull secrets and policy, history,
   * priority, extra env of the puller's pods and the annotations of its ServiceAccount.
   * @default - none
   */
  readonly workload?: WorkloadOptions;
}
