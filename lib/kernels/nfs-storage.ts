import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { clusterMeta, clusterScoped, objectMeta } from '../core/k8s';
import { Namespace } from '../core/namespace';
import type { INfsStorage } from '../users/shared-home';
import type { NfsStorageProps } from './nfs-storage-props';
import { NfsClaimModel, NfsStorageModel, NfsVolumeModel, resolveNfsStorageModel } from './nfs-storage-model';

const LABELS = { app: 'jupyterhub', component: 'storage' };

/**
 * Storage on NFS, as a PersistentVolumeClaim in the namespace it is created in: a static NFS
 * PersistentVolume plus the claim bound to exactly that volume (empty storage class and
 * `volumeName`, and a `claimRef`, so no provisioner or other claim takes it); or a claim from a
 * storage class; or an existing claim. Plug it into a Hub as shared user storage
 * (`SingleUserStorage.shared(storage)`) and into a KernelSpec as the kernels' home.
 */
export class NfsStorage extends Construct implements INfsStorage {
  /** Name of the claim. */
  public readonly claimName: string;
  /** Namespace of the claim (undefined: the current namespace). */
  public readonly namespace?: string;
  /** NFS server (static volumes only). */
  public readonly server?: string;
  /** Export path (static volumes only). */
  public readonly path?: string;
  /** Size of the static volume. */
  public readonly capacity?: Size;
  /** NFS mount options of the static volume. */
  public readonly mountOptions?: string[];
  /** Name of the static PersistentVolume. */
  public readonly volumeName?: string;
  /** The claim (undefined for an existing claim). */
  public readonly claim?: k8s.KubePersistentVolumeClaim;
  /** The static volume. */
  public readonly volume?: k8s.KubePersistentVolume;

  public constructor(scope: Construct, id: string, props: NfsStorageProps) {
    checkProps('NfsStorageProps', props);
    super(scope, id);
    // Whole-app checks (duplicate objects, overlapping selectors, nodePorts), once per app.
    addAppChecks(this);
    const model = resolveNfsStorageModel(props, id, Namespace.of(this));
    this.claimName = model.claimName;
    this.namespace = model.namespace;
    const volume = model.volume;
    this.server = volume?.server;
    this.path = volume?.path;
    this.capacity = volume?.capacity;
    this.mountOptions = volume?.mountOptions;
    this.volumeName = volume?.name;
    if (volume) this.volume = this.createStaticVolume(model, volume);
    if (model.claim) this.claim = this.createClaim(model, model.claim);
  }

  private createStaticVolume(model: NfsStorageModel, volume: NfsVolumeModel): k8s.KubePersistentVolume {
    const claim = model.claim as NfsClaimModel;
    return clusterScoped(
      new k8s.KubePersistentVolume(this, 'Volume', {
        metadata: clusterMeta(volume.name, LABELS),
        spec: {
          capacity: { storage: k8s.Quantity.fromString(claim.capacity) },
          accessModes: [...claim.accessModes],
          persistentVolumeReclaimPolicy: volume.reclaimPolicy,
          storageClassName: '',
          mountOptions: volume.mountOptions,
          nfs: { server: volume.server, path: volume.path },
          // Reserved for our claim (when its namespace is known): no other claim can bind this volume.
          claimRef: model.namespace
            ? { kind: 'PersistentVolumeClaim', apiVersion: 'v1', name: model.claimName, namespace: model.namespace }
            : undefined,
        },
      }),
    );
  }

  private createClaim(model: NfsStorageModel, claim: NfsClaimModel): k8s.KubePersistentVolumeClaim {
    return new k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: objectMeta(this, model.claimName, LABELS),
      spec: {
        storageClassName: claim.storageClassName,
        volumeName: claim.volumeName,
        accessModes: [...claim.accessModes],
        resources: { requests: { storage: k8s.Quantity.fromString(claim.capacity) } },
      },
    });
  }
}
