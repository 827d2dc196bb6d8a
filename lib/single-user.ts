import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { literalForKubeSpawner } from './generators/kubespawner-template';
import type { PyValue } from './generators/python';
import { INfsStorage, SharedHome } from './hub-integration';
import { checkProps } from './internal/check-props';
import { SHARED_HOME_MOUNT } from './internal/constants';
import { sizeQuantity } from './internal/k8s';
import { comment, ConfigLine, setting } from './internal/trait-setting';
import { checkAbsolutePath, checkDnsSubdomain, checkSize, fail } from './internal/validate';

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

/** What the users' servers are like, as storage needs to know. @internal */
export interface StorageBindContext {
  /** Image of the users' servers (the home-init container runs it). */
  readonly image: string;
  readonly uid: number;
  readonly fsGid: number;
}

/**
 * What a kind of storage contributes to the hub: KubeSpawner settings, the hub's API rights and
 * the shared home, if any.
 * @internal
 */
export interface StorageConfig {
  /** Name of the kind, for the config's section title. */
  readonly title: string;
  /** KubeSpawner settings and comments. */
  readonly lines: ConfigLine[];
  /** Rights the hub needs for this storage. */
  readonly hubRules: k8s.PolicyRule[];
  /** The shared volume and per-user directory, for shared storage. */
  readonly sharedHome?: SharedHome;
}

/** Placeholders KubeSpawner 7 expands in a subPath template. */
const SUBPATH_PLACEHOLDERS = ['username', 'userid', 'servername', 'user_server', 'unescaped_username', 'unescaped_servername'];

function checkSubPathTemplate(prop: string, value: string): string {
  if (value === '' || value.startsWith('/') || value.split('/').includes('..')) {
    fail(prop, value, "must be a relative path inside the shared volume, e.g. '{username}'");
  }
  const stripped = value.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    if (!SUBPATH_PLACEHOLDERS.includes(name)) {
      fail(prop, value, `uses the unknown placeholder {${name}}: KubeSpawner knows ${SUBPATH_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
    }
    return 'x';
  });
  if (/[{}]/.test(stripped)) fail(prop, value, "has an unbalanced '{' or '}'");
  if (!/\{(username|userid|user_server|unescaped_username)\}/.test(value)) {
    fail(prop, value, 'must contain {username} (or {userid}/{user_server}): without it all users share one directory');
  }
  return value;
}

/**
 * Where each user's home directory lives. Choose with a static factory.
 */
export abstract class SingleUserStorage {
  /** No persistent home: files are lost when the server stops. */
  public static none(): SingleUserStorage {
    return new NoStorage();
  }

  /** A PersistentVolumeClaim per user (`claim-<user>`), as the seed's `singleuser.storage.type: dynamic`. */
  public static dynamic(options: DynamicStorageOptions = {}): SingleUserStorage {
    checkProps('SingleUserStorage.dynamic', { options });
    return new DynamicStorage(options);
  }

  /**
   * One shared claim with a directory per user (the seed lab's `singleuser.storage.static`):
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
   * Validates the storage and says what it contributes.
   * @internal
   */
  public abstract _bind(ctx: StorageBindContext): StorageConfig;
}

class NoStorage extends SingleUserStorage {
  public _bind(): StorageConfig {
    // The hub has no claim rights here: deleting a user must not try to delete a claim (a 403 in the log).
    return { title: 'none', lines: [setting('KubeSpawner', 'storage_pvc_ensure', false), setting('KubeSpawner', 'delete_pvc', false)], hubRules: [] };
  }
}

class DynamicStorage extends SingleUserStorage {
  public constructor(private readonly options: DynamicStorageOptions) {
    super();
  }

  public _bind(): StorageConfig {
    const homeMountPath = checkAbsolutePath('singleUser.storage.homeMountPath', this.options.homeMountPath ?? '/home/jovyan');
    const storageClassName = this.options.storageClassName;
    if (storageClassName !== undefined && storageClassName !== '') checkDnsSubdomain('singleUser.storage.storageClassName', storageClassName);
    const capacity = sizeQuantity(checkSize('singleUser.storage.capacity', this.options.capacity ?? Size.gibibytes(10)));
    return {
      title: 'dynamic',
      lines: [
        setting('KubeSpawner', 'storage_pvc_ensure', true),
        setting('KubeSpawner', 'pvc_name_template', 'claim-{user_server}'),
        setting('KubeSpawner', 'storage_capacity', capacity),
        setting('KubeSpawner', 'storage_class', storageClassName),
        setting('KubeSpawner', 'storage_access_modes', ['ReadWriteOnce']),
        comment('Homes outlive their users: culling or deleting a user never deletes the claim.'),
        setting('KubeSpawner', 'delete_pvc', false),
        setting('KubeSpawner', 'volumes', [{ name: 'home', persistentVolumeClaim: { claimName: '{pvc_name}' } }]),
        // volume_mounts is a KubeSpawner template: the path is literal, so its braces are escaped.
        setting('KubeSpawner', 'volume_mounts', [{ name: 'home', mountPath: literalForKubeSpawner(homeMountPath) }]),
      ],
      // storage_pvc_ensure creates the claim; get finds an existing one (quota errors, renamed claims).
      // No delete: delete_pvc is off, so homes outlive their users.
      hubRules: [{ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'create'] }],
    };
  }
}

class SharedStorage extends SingleUserStorage {
  public constructor(private readonly storage: INfsStorage, private readonly options: SharedStorageOptions) {
    super();
  }

  public _bind(ctx: StorageBindContext): StorageConfig {
    const homeMountPath = checkAbsolutePath('singleUser.storage.homeMountPath', this.options.homeMountPath ?? '/home/jovyan');
    const subPath = checkSubPathTemplate('singleUser.storage.subPath', this.options.subPath ?? '{username}');
    const userDir = `${SHARED_HOME_MOUNT}/${subPath}`;
    return {
      title: 'shared',
      lines: [
        setting('KubeSpawner', 'storage_pvc_ensure', false),
        // The shared claim is not the user's, and the hub has no claim rights: never delete it.
        setting('KubeSpawner', 'delete_pvc', false),
        setting('KubeSpawner', 'volumes', [{ name: 'home', persistentVolumeClaim: { claimName: this.storage.claimName } }]),
        setting('KubeSpawner', 'volume_mounts', [{ name: 'home', mountPath: literalForKubeSpawner(homeMountPath), subPath }]),
        comment('The user creates its own directory before the server starts (never root), so it is owned by'),
        comment('uid/fsGid instead of root, as a subPath the kubelet creates would be. No braces in the script:'),
        comment('KubeSpawner expands {placeholders} in every string of init_containers.'),
        setting('KubeSpawner', 'init_containers', [homeInitContainer(ctx, userDir)]),
      ],
      hubRules: [],
      sharedHome: { storage: this.storage, subPath },
    };
  }
}

/** The init container that creates a user's directory on the shared volume, as the user. */
function homeInitContainer(ctx: StorageBindContext, userDir: string): PyValue {
  return {
    name: 'home-init',
    image: ctx.image,
    imagePullPolicy: 'IfNotPresent',
    command: [
      'sh', '-c',
      'mkdir -p "$1" && test -w "$1" || (echo "home $1 is not writable by uid $(id -u) gid $(id -g): make the export writable by that uid or group" >&2; exit 1)',
      'home-init', userDir,
    ],
    securityContext: {
      runAsUser: ctx.uid,
      runAsGroup: ctx.fsGid,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
    volumeMounts: [{ name: 'home', mountPath: SHARED_HOME_MOUNT }],
  };
}

/** The users' notebook servers, spawned by KubeSpawner. */
export interface SingleUserOptions {
  /**
   * Image of the user servers.
   * @default 'quay.io/jupyterhub/k8s-singleuser-sample:4.4.0'
   */
  readonly image?: string;

  /**
   * Command that starts the server (`c.KubeSpawner.cmd`).
   * @default ['jupyterhub-singleuser']
   */
  readonly cmd?: string[];

  /**
   * URL a user lands on after the server starts, e.g. `/lab`.
   * @default - the server's own default
   */
  readonly defaultUrl?: string;

  /**
   * User id the server runs as.
   * @default 1000
   */
  readonly uid?: number;

  /**
   * Group that owns the mounted volumes (`fsGroup`).
   * @default 100
   */
  readonly fsGid?: number;

  /**
   * Memory reserved for each server.
   * @default Size.gibibytes(1)
   */
  readonly memoryGuarantee?: Size;

  /**
   * Memory limit of each server; must be at least the guarantee.
   * @default - no limit
   */
  readonly memoryLimit?: Size;

  /**
   * CPU reserved for each server, e.g. `Cpu.millis(500)`.
   * @default - none reserved
   */
  readonly cpuGuarantee?: kplus.Cpu;

  /**
   * CPU each server may use at most; must be at least the guarantee.
   * @default - no limit
   */
  readonly cpuLimit?: kplus.Cpu;

  /**
   * How long the hub waits for a server to start.
   * @default Duration.minutes(5)
   */
  readonly startTimeout?: Duration;

  /**
   * Home directory storage.
   * @default SingleUserStorage.dynamic()
   */
  readonly storage?: SingleUserStorage;

  /**
   * Keep user servers from reaching the cloud metadata endpoint 169.254.169.254 (it can hand
   * out the node's cloud credentials). Enforced by the single-user NetworkPolicy.
   * @default true
   */
  readonly blockCloudMetadata?: boolean;

  /**
   * Node labels a user server must be scheduled on.
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Extra environment variables of the user servers.
   * @default - none
   */
  readonly extraEnv?: { [name: string]: string };

  /**
   * A NetworkPolicy for user servers: ingress only from the proxy and the hub; egress to the hub,
   * DNS, what the hub's integrations add (e.g. a gateway) and the internet (not to private ranges or the metadata endpoint).
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * The Jupyter application the server runs (`JUPYTERHUB_SINGLEUSER_APP`).
   * @default - the image's default (Jupyter Server in current images)
   */
  readonly serverApp?: SingleUserServerApp;
}

/** The Jupyter application of the user servers. */
export enum SingleUserServerApp {
  /** Jupyter Server (JupyterLab, Notebook 7). */
  JUPYTER_SERVER = 'jupyter_server.serverapp.ServerApp',
  /** The classic Notebook server (Notebook 6 and older). */
  NOTEBOOK = 'notebook.notebookapp.NotebookApp',
}
