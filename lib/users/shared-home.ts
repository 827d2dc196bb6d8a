import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * NFS storage as other constructs see it: a claim in a namespace and, for a static volume, the
 * server and export path that pods outside that namespace (kernels) can mount directly.
 */
export interface INfsStorage extends IConstruct {
  /** Name of the claim. */
  readonly claimName: string;
  /**
   * Namespace of the claim.
   * @default - the current namespace
   */
  readonly namespace?: string;
  /**
   * NFS server of a static volume.
   * @default - none: a provisioned or existing claim
   */
  readonly server?: string;
  /**
   * Export path of a static volume.
   * @default - none: a provisioned or existing claim
   */
  readonly path?: string;
  /**
   * Size of a static volume.
   * @default - none: a provisioned or existing claim
   */
  readonly capacity?: Size;
  /**
   * NFS mount options of a static volume.
   * @default - the node's defaults
   */
  readonly mountOptions?: string[];
}

/** Where the users' homes are on a shared volume. */
export interface SharedHome {
  /** The shared storage. */
  readonly storage: INfsStorage;
  /** Each user's directory on it, a KubeSpawner template such as `{username}`. */
  readonly subPath: string;
}
