import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { checkNameTemplate, literalForKubeSpawner } from './kubespawner-template';
import type { INfsStorage, SharedHome } from './shared-home';
import { checkProps } from '../core/check-props';
import { SHARED_HOME_MOUNT } from '../core/constants';
import { checkAbsolutePath, checkDnsSubdomain, checkSize, fail } from '../core/validate';

/** Options of a dynamically provisioned home volume per user. */
export interface DynamicStorageOptions {
  /**
   * Size of each user's claim.
   * @default Size.gibibytes(10)
   */
  readonly capacity?: Size;

  /**
   * Storage class of the users' claims.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;

  /**
   * Where the home volume is mounted in the user's server.
   * @default '/home/jovyan'
   */
  readonly homeMountPath?: string;

  /**
   * Name of each user's claim, a KubeSpawner template (`pvc_name_template`) that names the user
   * and the server (`{user_server}`); lower-case letters, digits, '-' and '.' besides.
   * KubeSpawner remembers the claim of a server that has started once, so a new template names
   * the claims of new servers only.
   * @default - `<namePrefix>claim-{user_server}`: KubeSpawner's `claim-{user_server}`, after the hub's `namePrefix`
   */
  readonly pvcNameTemplate?: string;

  /**
   * Access modes of each user's claim (`c.KubeSpawner.storage_access_modes`), e.g.
   * `ReadWriteOncePod` so that two pods can never mount one home at once. A home is written, so
   * `ReadOnlyMany` alone is refused.
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * Directory of the claim mounted as the home (the mount's `subPath`), a relative path and a
   * KubeSpawner template (`{username}`, `{servername}`, ...), e.g. `home` to keep the claim's root
   * for other data. The kubelet creates a missing directory, owned by root; the pod's `fsGroup`
   * (`singleUser.fsGid`) makes the claim's files, not that new directory, the users'.
   * @default - the claim's root
   */
  readonly subPath?: string;
}

/** Options of homes on one shared claim. */
export interface SharedStorageOptions {
  /**
   * Each user's directory on the shared volume, a KubeSpawner template: `{username}`,
   * `{servername}`, `{user_server}`, `{userid}`, `{unescaped_username}`.
   * @default '{username}'
   */
  readonly subPath?: string;

  /**
   * Where the home is mounted in the user's server.
   * @default '/home/jovyan'
   */
  readonly homeMountPath?: string;
}

/** What the users' servers are like, as a storage needs to know: given to {@link SingleUserStorage.bind}. */
export interface SingleUserStorageContext {
  /** Image of the users' servers (e.g. for an init container that prepares the home). */
  readonly image: string;

  /** User id the servers run as. */
  readonly uid: number;

  /** Group that owns the mounted volumes (`fsGroup`). */
  readonly fsGid: number;

  /**
   * The hub's `namePrefix` ('' or ending in '-'): start per-user object names with it (e.g. a
   * claim name template `<namePrefix>claim-{user_server}`), so that two hubs in one namespace never
   * share a user's objects.
   */
  readonly namePrefix: string;
}

/**
 * What a storage contributes to the hub, as data: KubeSpawner's storage settings, the rights the
 * hub needs for them and the shared home, if any. The hub writes each setting as the KubeSpawner
 * trait named in its documentation (in the order of this struct), and appends the hub's extra
 * volumes, mounts and init containers to the storage's.
 *
 * KubeSpawner expands every string of `volumes`, `volumeMounts` and `initContainers` (and
 * `pvcNameTemplate`) as a template: `{username}`, `{pvc_name}` and the other placeholders are
 * replaced, and a literal brace is written `{{` or `}}`.
 */
export interface SingleUserStorageConfig {
  /** Short name of the storage, in the title of its section of `jupyterhub_config.py` (`# User storage: <name>`). */
  readonly name: string;

  /**
   * Whether KubeSpawner creates a claim per user before the server starts (`storage_pvc_ensure`).
   * @default false
   */
  readonly pvcEnsure?: boolean;

  /**
   * Name of each user's claim, a KubeSpawner template (`pvc_name_template`).
   * @default - KubeSpawner's default
   */
  readonly pvcNameTemplate?: string;

  /**
   * Size of each user's claim (`storage_capacity`).
   * @default - KubeSpawner's default
   */
  readonly capacity?: Size;

  /**
   * Storage class of the users' claims (`storage_class`).
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;

  /**
   * Access modes of the users' claims (`storage_access_modes`).
   * @default - KubeSpawner's default
   */
  readonly accessModes?: string[];

  /**
   * Whether deleting a user also deletes the user's claim (`delete_pvc`).
   * @default false
   */
  readonly deletePvc?: boolean;

  /**
   * Volumes of the user's pod (`volumes`). In a `Namespace` of the library (Pod Security
   * `restricted`) only configMap, csi, downwardAPI, emptyDir, ephemeral, image,
   * persistentVolumeClaim, projected and secret volumes are admitted: reach NFS through a claim,
   * as `NfsStorage` does.
   * @default - none
   */
  readonly volumes?: k8s.Volume[];

  /**
   * Mounts of those volumes into the user's server (`volume_mounts`).
   * @default - none
   */
  readonly volumeMounts?: k8s.VolumeMount[];

  /**
   * Containers that run before the user's server (`init_containers`), before the hub's own
   * `singleUser.initContainers`. KubeSpawner gives the pod no security context but `fsGroup`,
   * so under Pod Security `restricted` (every `Namespace` of the library) each must set its own:
   * `runAsNonRoot: true` and a non-zero `runAsUser`, `allowPrivilegeEscalation: false`,
   * `capabilities.drop: ['ALL']` and `seccompProfile` `RuntimeDefault` (the factories' do); a root
   * one needs its Namespace's `podSecurity` lowered.
   * @default - none
   */
  readonly initContainers?: k8s.Container[];

  /**
   * Comment lines written above a setting in `jupyterhub_config.py`, by the name of the field in
   * this struct, e.g. `{ deletePvc: ['Homes outlive their users.'] }` (printable ASCII, one line each).
   * @default - none
   */
  readonly comments?: { [field: string]: string[] };

  /**
   * Rights the hub needs in its namespace for this storage (added to its Role).
   * @default - none
   */
  readonly hubRules?: k8s.PolicyRule[];

  /**
   * The shared volume and each user's directory on it, for storage shared with other components
   * (e.g. kernels of an Enterprise Gateway that mount the users' homes).
   * @default - none
   */
  readonly sharedHome?: SharedHome;
}

/** Placeholders KubeSpawner 7 expands in a subPath template. */
const SUBPATH_PLACEHOLDERS = [
  'username',
  'userid',
  'servername',
  'user_server',
  'unescaped_username',
  'unescaped_servername',
];

function checkSubPathTemplate(prop: string, value: string, perUser = true): string {
  if (typeof value !== 'string' || value === '' || value.startsWith('/') || value.split('/').includes('..')) {
    fail(
      prop,
      value,
      `must be a relative path inside the ${perUser ? 'shared volume' : 'claim'}, e.g. '${perUser ? '{username}' : 'home'}'`,
    );
  }
  const stripped = value.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    if (!SUBPATH_PLACEHOLDERS.includes(name)) {
      fail(
        prop,
        value,
        `uses the unknown placeholder {${name}}: KubeSpawner knows ${SUBPATH_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
      );
    }
    return 'x';
  });
  if (/[{}]/.test(stripped)) fail(prop, value, "has an unbalanced '{' or '}'");
  if (perUser && !/\{(username|userid|user_server|unescaped_username)\}/.test(value)) {
    fail(prop, value, 'must contain {username} (or {userid}/{user_server}): without it all users share one directory');
  }
  return value;
}

/**
 * Where each user's home directory lives. Choose with a static factory, or extend the class and
 * implement {@link SingleUserStorage.bind} for another kind of storage.
 */
export abstract class SingleUserStorage {
  /** No persistent home: files are lost when the server stops. */
  public static none(): SingleUserStorage {
    return new NoStorage();
  }

  /** A PersistentVolumeClaim per user and server (`<namePrefix>claim-<user>`), as the original deployment's `singleuser.storage.type: dynamic`. */
  public static dynamic(options: DynamicStorageOptions = {}): SingleUserStorage {
    checkProps('SingleUserStorage.dynamic', { options });
    return new DynamicStorage(options);
  }

  /**
   * One shared claim with a directory per user (the original lab's `singleuser.storage.static`):
   * `subPath` `{username}` of `storage`'s claim. An init container running as the user (never
   * root) creates the directory before the server starts, so it belongs to the user, not to root
   * as when the kubelet creates a missing subPath. The export's top directory must be writable by
   * the users' uid or fsGid (e.g. `chown 1000:100` and `chmod 2775` on the server).
   */
  public static shared(storage: INfsStorage, options: SharedStorageOptions = {}): SingleUserStorage {
    checkProps('SingleUserStorage.shared', { storage, options });
    return new SharedStorage(storage, options);
  }

  /**
   * Validates the storage and says what it contributes to the hub. Each hub that uses the storage
   * calls it once, while it resolves its props.
   * @param context what the users' servers are like
   */
  public abstract bind(context: SingleUserStorageContext): SingleUserStorageConfig;
}

class NoStorage extends SingleUserStorage {
  public bind(): SingleUserStorageConfig {
    // The hub has no claim rights here: deleting a user must not try to delete a claim (a 403 in the log).
    return { name: 'none', pvcEnsure: false, deletePvc: false };
  }
}

/** The access modes of the users' claims, checked. */
function dynamicAccessModes(modes: readonly kplus.PersistentVolumeAccessMode[] | undefined): string[] {
  if (modes === undefined) return ['ReadWriteOnce'];
  const prop = 'singleUser.storage.accessModes';
  const known = Object.values(kplus.PersistentVolumeAccessMode) as string[];
  if (!Array.isArray(modes) || modes.length === 0)
    fail(prop, modes, 'must list at least one access mode, or be left out');
  modes.forEach((m, i) => {
    if (!known.includes(m)) fail(`${prop}[${i}]`, m, `must be one of ${known.join(', ')}`);
  });
  if (new Set(modes).size !== modes.length) fail(prop, modes, 'lists a mode twice');
  if (modes.every((m) => m === kplus.PersistentVolumeAccessMode.READ_ONLY_MANY))
    fail(prop, modes, 'must let the server write its home: add ReadWriteOnce (or ReadWriteOncePod, ReadWriteMany)');
  return [...modes];
}

class DynamicStorage extends SingleUserStorage {
  public constructor(private readonly options: DynamicStorageOptions) {
    super();
  }

  public bind(context: SingleUserStorageContext): SingleUserStorageConfig {
    const homeMountPath = checkAbsolutePath(
      'singleUser.storage.homeMountPath',
      this.options.homeMountPath ?? '/home/jovyan',
    );
    const pvcNameTemplate =
      this.options.pvcNameTemplate === undefined
        ? `${context.namePrefix}claim-{user_server}`
        : checkNameTemplate('singleUser.storage.pvcNameTemplate', this.options.pvcNameTemplate, true);
    const storageClassName = this.options.storageClassName;
    if (storageClassName !== undefined && storageClassName !== '')
      checkDnsSubdomain('singleUser.storage.storageClassName', storageClassName);
    return {
      name: 'dynamic',
      pvcEnsure: true,
      pvcNameTemplate,
      capacity: checkSize('singleUser.storage.capacity', this.options.capacity ?? Size.gibibytes(10)),
      storageClassName,
      accessModes: dynamicAccessModes(this.options.accessModes),
      deletePvc: false,
      volumes: [{ name: 'home', persistentVolumeClaim: { claimName: '{pvc_name}' } }],
      // volume_mounts is a KubeSpawner template: the path is literal, so its braces are escaped.
      volumeMounts: [
        {
          name: 'home',
          mountPath: literalForKubeSpawner(homeMountPath),
          ...(this.options.subPath === undefined
            ? {}
            : { subPath: checkSubPathTemplate('singleUser.storage.subPath', this.options.subPath, false) }),
        },
      ],
      comments: { deletePvc: ['Homes outlive their users: culling or deleting a user never deletes the claim.'] },
      // storage_pvc_ensure creates the claim; get finds an existing one (quota errors, renamed claims).
      // No delete: delete_pvc is off, so homes outlive their users.
      hubRules: [{ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'create'] }],
    };
  }
}

class SharedStorage extends SingleUserStorage {
  public constructor(
    private readonly storage: INfsStorage,
    private readonly options: SharedStorageOptions,
  ) {
    super();
  }

  public bind(context: SingleUserStorageContext): SingleUserStorageConfig {
    const homeMountPath = checkAbsolutePath(
      'singleUser.storage.homeMountPath',
      this.options.homeMountPath ?? '/home/jovyan',
    );
    const subPath = checkSubPathTemplate('singleUser.storage.subPath', this.options.subPath ?? '{username}');
    return {
      name: 'shared',
      pvcEnsure: false,
      // The shared claim is not the user's, and the hub has no claim rights: never delete it.
      deletePvc: false,
      volumes: [{ name: 'home', persistentVolumeClaim: { claimName: this.storage.claimName } }],
      volumeMounts: [{ name: 'home', mountPath: literalForKubeSpawner(homeMountPath), subPath }],
      initContainers: [homeInitContainer(context, `${SHARED_HOME_MOUNT}/${subPath}`)],
      comments: {
        initContainers: [
          'The user creates its own directory before the server starts (never root), so it is owned by',
          'uid/fsGid instead of root, as a subPath the kubelet creates would be. No braces in the script:',
          'KubeSpawner expands {placeholders} in every string of init_containers.',
        ],
      },
      sharedHome: { storage: this.storage, subPath },
    };
  }
}

/** The init container that creates a user's directory on the shared volume, as the user. */
function homeInitContainer(context: SingleUserStorageContext, userDir: string): k8s.Container {
  const q = (s: string) => k8s.Quantity.fromString(s);
  return {
    name: 'home-init',
    image: context.image,
    imagePullPolicy: 'IfNotPresent',
    command: [
      'sh',
      '-c',
      'mkdir -p "$1" && test -w "$1" || (echo "home $1 is not writable by uid $(id -u) gid $(id -g): make the export writable by that uid or group" >&2; exit 1)',
      'home-init',
      userDir,
    ],
    securityContext: {
      runAsUser: context.uid,
      runAsGroup: context.fsGid,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    resources: { requests: { cpu: q('10m'), memory: q('16Mi') }, limits: { cpu: q('100m'), memory: q('64Mi') } },
    volumeMounts: [{ name: 'home', mountPath: SHARED_HOME_MOUNT }],
  };
}
