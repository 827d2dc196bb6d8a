import type { Size } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';

/** Props of {@link NfsStorage}. Give exactly one of: `server` and `path`; `storageClassName`; `existingClaimName`. */
export interface NfsStorageProps {
  /**
   * NFS server (host name or IP) of a static PersistentVolume.
   * @default - no static volume
   */
  readonly server?: string;

  /**
   * Absolute export path on the NFS server (static volume).
   * @default - no static volume
   */
  readonly path?: string;

  /**
   * Storage class to request the claim from (e.g. the `nfs-client` provisioner) instead of a
   * static volume.
   * @default - no storage class
   */
  readonly storageClassName?: string;

  /**
   * An existing claim in this namespace to use as it is; nothing is created.
   * @default - a claim is created
   */
  readonly existingClaimName?: string;

  /**
   * Size of the volume and the claim.
   * @default Size.gibibytes(10)
   */
  readonly capacity?: Size;

  /**
   * Access modes of the volume and the claim.
   * @default [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] (shared by many user pods)
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * What happens to the static volume when its claim is deleted.
   * @default kplus.PersistentVolumeReclaimPolicy.RETAIN (users' files are never deleted by Kubernetes)
   */
  readonly reclaimPolicy?: kplus.PersistentVolumeReclaimPolicy;

  /**
   * NFS mount options of the static volume, e.g. `['nfsvers=4.1', 'hard']`.
   * @default - the node's defaults
   */
  readonly mountOptions?: string[];

  /**
   * Name of the claim.
   * @default - the construct id
   */
  readonly claimName?: string;

  /**
   * Name of the static PersistentVolume (cluster-scoped, so unique in the cluster).
   * @default - `<namespace>-<claimName>`
   */
  readonly volumeName?: string;
}
