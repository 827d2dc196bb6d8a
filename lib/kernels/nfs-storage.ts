import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkProps } from '../core/check-props';
import { clusterMeta, clusterScoped, objectMeta, sizeQuantity } from '../core/k8s';
import { checkAbsolutePath, checkDnsLabel, checkDnsSubdomain, checkNfsServer, checkSize, fail } from '../core/validate';
import type { INfsStorage } from '../users/shared-home';
import { Namespace } from '../core/namespace';
import { addAppChecks } from '../core/app-checks';

const LABELS = { app: 'jupyterhub', component: 'storage' };

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
    checkOneSource(props);
    this.namespace = Namespace.of(this);
    // A Chart's namespace is not checked by cdk8s; it becomes the claim's metadata.namespace.
    if (this.namespace !== undefined) checkDnsLabel('namespace', this.namespace);

    if (props.existingClaimName !== undefined) {
      refuseProps(
        props,
        ['capacity', 'accessModes', 'reclaimPolicy', 'mountOptions', 'claimName', 'volumeName'],
        "has no effect with 'existingClaimName': the claim exists already; remove it",
      );
      this.claimName = checkDnsSubdomain('existingClaimName', props.existingClaimName);
      return;
    }

    this.claimName = checkDnsSubdomain('claimName', props.claimName ?? id);
    const capacity = sizeQuantity(checkSize('capacity', props.capacity ?? Size.gibibytes(10)));
    const accessModes = checkAccessModes(props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY]);

    if (props.storageClassName !== undefined) {
      refuseProps(
        props,
        ['reclaimPolicy', 'mountOptions', 'volumeName'],
        "applies to a static volume only (with 'server' and 'path'); the storage class decides it for a provisioned claim",
      );
      const storageClassName = checkDnsSubdomain('storageClassName', props.storageClassName);
      this.claim = this.createClaim(capacity, accessModes, storageClassName);
      return;
    }

    const nfs = checkStaticVolume(props);
    this.server = nfs.server;
    this.path = nfs.path;
    this.capacity = props.capacity ?? Size.gibibytes(10);
    this.mountOptions = props.mountOptions;
    const defaultVolumeName = `${this.namespace ?? 'default'}-${this.claimName}`;
    this.volumeName = checkDnsSubdomain('volumeName', props.volumeName ?? defaultVolumeName);
    this.volume = this.createStaticVolume(capacity, accessModes, props);
    // Empty class and an explicit volume: no provisioner takes this claim.
    this.claim = this.createClaim(capacity, accessModes, '', this.volumeName);
  }

  private createStaticVolume(
    capacity: string,
    accessModes: kplus.PersistentVolumeAccessMode[],
    props: NfsStorageProps,
  ): k8s.KubePersistentVolume {
    return clusterScoped(
      new k8s.KubePersistentVolume(this, 'Volume', {
        metadata: clusterMeta(this.volumeName as string, LABELS),
        spec: {
          capacity: { storage: k8s.Quantity.fromString(capacity) },
          accessModes: [...accessModes],
          persistentVolumeReclaimPolicy: props.reclaimPolicy ?? kplus.PersistentVolumeReclaimPolicy.RETAIN,
          storageClassName: '',
          mountOptions: props.mountOptions,
          nfs: { server: this.server as string, path: this.path as string },
          // Reserved for our claim (when its namespace is known): no other claim can bind this volume.
          claimRef: this.namespace
            ? { kind: 'PersistentVolumeClaim', apiVersion: 'v1', name: this.claimName, namespace: this.namespace }
            : undefined,
        },
      }),
    );
  }

  private createClaim(
    capacity: string,
    accessModes: kplus.PersistentVolumeAccessMode[],
    storageClassName: string,
    volumeName?: string,
  ): k8s.KubePersistentVolumeClaim {
    return new k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: objectMeta(this, this.claimName, LABELS),
      spec: {
        storageClassName,
        volumeName,
        accessModes: [...accessModes],
        resources: { requests: { storage: k8s.Quantity.fromString(capacity) } },
      },
    });
  }
}

/** Exactly one of: a static volume (server and path), a storage class, an existing claim. */
function checkOneSource(props: NfsStorageProps): void {
  const staticProps = props.server !== undefined || props.path !== undefined;
  const modes = [
    staticProps && 'server/path',
    props.storageClassName !== undefined && 'storageClassName',
    props.existingClaimName !== undefined && 'existingClaimName',
  ].filter(Boolean);
  if (modes.length !== 1) {
    fail(
      modes.join(' + ') || 'server',
      modes.length ? modes : undefined,
      "give exactly one of: 'server' and 'path' (a static NFS volume), 'storageClassName' (a provisioned claim), or 'existingClaimName'",
    );
  }
}

/** Refuses props that mean nothing for the chosen source. */
function refuseProps(props: NfsStorageProps, names: readonly (keyof NfsStorageProps)[], fix: string): void {
  for (const p of names) if (props[p] !== undefined) fail(p, props[p], fix);
}

function checkAccessModes(accessModes: kplus.PersistentVolumeAccessMode[]): kplus.PersistentVolumeAccessMode[] {
  if (accessModes.length === 0) fail('accessModes', [], 'must list at least one access mode, e.g. READ_WRITE_MANY');
  if (accessModes.length > 1 && accessModes.includes(kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD)) {
    fail(
      'accessModes',
      accessModes,
      'may not combine READ_WRITE_ONCE_POD with other access modes (the API refuses it): give it alone',
    );
  }
  return accessModes;
}

/** The server, export path and mount options of a static volume, checked. */
function checkStaticVolume(props: NfsStorageProps): { server: string; path: string } {
  if (!props.server || props.server.trim() === '')
    fail('server', props.server ?? '', "must name the NFS server, e.g. '172.17.0.1' or 'nfs.example.org'");
  checkNfsServer('server', props.server);
  for (const [i, option] of (props.mountOptions ?? []).entries()) {
    // The kubelet joins them with ',' into mount(8)'s -o: one option per item, no spaces.
    if (!/^[A-Za-z0-9_][-A-Za-z0-9_.=:/]*$/.test(option)) {
      fail(
        `mountOptions[${i}]`,
        option,
        "must be one NFS mount option such as 'nfsvers=4.1' or 'hard': letters, digits, '_', '-', '.', '=', ':' and '/', not starting with '-'; give each option as its own item, without ','",
      );
    }
  }
  if (props.path === undefined)
    fail('path', undefined, "must be the export's absolute path on the server, e.g. '/home/nfs_share/claim'");
  checkAbsolutePath('path', props.path);
  return { server: props.server, path: props.path.length > 1 ? props.path.replace(/\/+$/, '') : props.path };
}
