/**
 * The NfsStorage's props resolved into one validated model: which of the three sources it is
 * (a static NFS volume, a provisioned claim, an existing claim), with defaults filled in.
 * @internal
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { sizeQuantity } from '../core/k8s';
import { checkAbsolutePath, checkDnsLabel, checkDnsSubdomain, checkSize, fail } from '../core/validate';
import { checkNfsServer } from '../core/validate-host';
import type { NfsStorageProps } from './nfs-storage-props';

/** The claim the storage creates. */
export interface NfsClaimModel {
  /** Size, a Kubernetes quantity. */
  readonly capacity: string;
  readonly accessModes: readonly kplus.PersistentVolumeAccessMode[];
  /** Storage class (empty: none, for a static volume). */
  readonly storageClassName: string;
  /** The static volume the claim binds to. */
  readonly volumeName?: string;
}

/** The static NFS PersistentVolume. */
export interface NfsVolumeModel {
  readonly name: string;
  readonly server: string;
  readonly path: string;
  readonly capacity: Size;
  readonly reclaimPolicy: kplus.PersistentVolumeReclaimPolicy;
  readonly mountOptions?: string[];
}

/** The resolved NfsStorage. */
export interface NfsStorageModel {
  /** Name of the claim (created, or existing). */
  readonly claimName: string;
  /** Namespace of the claim (undefined: the current namespace). */
  readonly namespace?: string;
  /** The claim to create; undefined: an existing claim. */
  readonly claim?: NfsClaimModel;
  /** The static volume; undefined: a provisioned or existing claim. */
  readonly volume?: NfsVolumeModel;
}

/**
 * Validates the props (in the order the storage always has) and resolves them.
 * @param id the construct id (the default claim name)
 * @param namespace the namespace the storage is created in (`Namespace.of`)
 */
export function resolveNfsStorageModel(
  props: NfsStorageProps,
  id: string,
  namespace: string | undefined,
): NfsStorageModel {
  checkOneSource(props);
  // A Chart's namespace is not checked by cdk8s; it becomes the claim's metadata.namespace.
  if (namespace !== undefined) checkDnsLabel('namespace', namespace);

  if (props.existingClaimName !== undefined) {
    refuseProps(
      props,
      ['capacity', 'accessModes', 'reclaimPolicy', 'mountOptions', 'claimName', 'volumeName'],
      "has no effect with 'existingClaimName': the claim exists already; remove it",
    );
    return { claimName: checkDnsSubdomain('existingClaimName', props.existingClaimName), namespace };
  }

  const claimName = checkDnsSubdomain('claimName', props.claimName ?? id);
  const capacity = sizeQuantity(checkSize('capacity', props.capacity ?? Size.gibibytes(10)));
  const accessModes = checkAccessModes(props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY]);

  if (props.storageClassName !== undefined) {
    refuseProps(
      props,
      ['reclaimPolicy', 'mountOptions', 'volumeName'],
      "applies to a static volume only (with 'server' and 'path'); the storage class decides it for a provisioned claim",
    );
    const storageClassName = checkDnsSubdomain('storageClassName', props.storageClassName);
    return { claimName, namespace, claim: { capacity, accessModes, storageClassName } };
  }

  const nfs = checkStaticVolume(props);
  const defaultVolumeName = `${namespace ?? 'default'}-${claimName}`;
  const volumeName = checkDnsSubdomain('volumeName', props.volumeName ?? defaultVolumeName);
  return {
    claimName,
    namespace,
    volume: {
      name: volumeName,
      server: nfs.server,
      path: nfs.path,
      capacity: props.capacity ?? Size.gibibytes(10),
      reclaimPolicy: props.reclaimPolicy ?? kplus.PersistentVolumeReclaimPolicy.RETAIN,
      mountOptions: props.mountOptions,
    },
    // Empty class and an explicit volume: no provisioner takes this claim.
    claim: { capacity, accessModes, storageClassName: '', volumeName },
  };
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
