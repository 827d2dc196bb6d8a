import type { k8s } from 'cdk8s-plus-27';
import type { IConstruct } from 'constructs';

/**
 * What an image pre-puller copies from the pods it pulls for: the images, the pull secrets, and
 * the nodes the pods may run on. All `k8s` structs, ready for a pod spec.
 */
export interface PrePullSpec {
  /** Name of the pre-puller's DaemonSet and NetworkPolicy, e.g. `enterprise-gateway-kernel-puller`. */
  readonly name: string;
  /** Labels of the pre-puller's pods (and its selector): unique to this pre-puller. */
  readonly labels: { [key: string]: string };
  /** Images the pods run; only pinned ones are pulled (a moving tag is stale once pulled). */
  readonly images: string[];
  /**
   * Pull secrets of the pods (in the source's namespace).
   * @default - none
   */
  readonly imagePullSecrets?: k8s.LocalObjectReference[];
  /**
   * Node selector of the pods.
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations of the pods.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Affinity of the pods.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * PriorityClass of the pods, so a pre-puller fits where they fit.
   * @default - none
   */
  readonly priorityClassName?: string;
}

/**
 * Something that starts pods from images known at synth time, whose images an `ImagePuller`
 * pre-pulls on every node the pods may run on (`new ImagePuller(scope, id, { source })`), e.g.
 * `EnterpriseGateway` for its kernels. Defined here, below both, so the puller and what it pulls
 * for never import each other.
 */
export interface IPrePullSource extends IConstruct {
  /** Namespace the pre-puller must be created in (where the pods' pull secrets are). */
  readonly namespace: string;

  /** The pods' images and placement, read when the pre-puller is created and again at synth. */
  prePullSpec(): PrePullSpec;
}
