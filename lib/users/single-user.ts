import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { literalForKubeSpawner } from './kubespawner-template';
import type { PyValue } from '../core/python';
import type { SingleUserProfile, UserNodePool } from './profile';
import type { INfsStorage, SharedHome } from './shared-home';
import { checkProps } from '../core/check-props';
import { SHARED_HOME_MOUNT } from '../core/constants';
import { sizeQuantity } from '../core/k8s';
import { comment, ConfigLine, setting } from '../core/trait-setting';
import {
  checkAbsolutePath,
  checkDnsLabel,
  checkDnsSubdomain,
  checkSecretKey,
  checkSize,
  checkYamlText,
  fail,
} from '../core/validate';

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
const SUBPATH_PLACEHOLDERS = [
  'username',
  'userid',
  'servername',
  'user_server',
  'unescaped_username',
  'unescaped_servername',
];

function checkSubPathTemplate(prop: string, value: string): string {
  if (value === '' || value.startsWith('/') || value.split('/').includes('..')) {
    fail(prop, value, "must be a relative path inside the shared volume, e.g. '{username}'");
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
    return {
      title: 'none',
      lines: [setting('KubeSpawner', 'storage_pvc_ensure', false), setting('KubeSpawner', 'delete_pvc', false)],
      hubRules: [],
    };
  }
}

class DynamicStorage extends SingleUserStorage {
  public constructor(private readonly options: DynamicStorageOptions) {
    super();
  }

  public _bind(): StorageConfig {
    const homeMountPath = checkAbsolutePath(
      'singleUser.storage.homeMountPath',
      this.options.homeMountPath ?? '/home/jovyan',
    );
    const storageClassName = this.options.storageClassName;
    if (storageClassName !== undefined && storageClassName !== '')
      checkDnsSubdomain('singleUser.storage.storageClassName', storageClassName);
    const capacity = sizeQuantity(
      checkSize('singleUser.storage.capacity', this.options.capacity ?? Size.gibibytes(10)),
    );
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
  public constructor(
    private readonly storage: INfsStorage,
    private readonly options: SharedStorageOptions,
  ) {
    super();
  }

  public _bind(ctx: StorageBindContext): StorageConfig {
    const homeMountPath = checkAbsolutePath(
      'singleUser.storage.homeMountPath',
      this.options.homeMountPath ?? '/home/jovyan',
    );
    const subPath = checkSubPathTemplate('singleUser.storage.subPath', this.options.subPath ?? '{username}');
    const userDir = `${SHARED_HOME_MOUNT}/${subPath}`;
    return {
      title: 'shared',
      lines: [
        setting('KubeSpawner', 'storage_pvc_ensure', false),
        // The shared claim is not the user's, and the hub has no claim rights: never delete it.
        setting('KubeSpawner', 'delete_pvc', false),
        setting('KubeSpawner', 'volumes', [
          { name: 'home', persistentVolumeClaim: { claimName: this.storage.claimName } },
        ]),
        setting('KubeSpawner', 'volume_mounts', [
          { name: 'home', mountPath: literalForKubeSpawner(homeMountPath), subPath },
        ]),
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
      'sh',
      '-c',
      'mkdir -p "$1" && test -w "$1" || (echo "home $1 is not writable by uid $(id -u) gid $(id -g): make the export writable by that uid or group" >&2; exit 1)',
      'home-init',
      userDir,
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

/**
 * A container next to the user's server (an extra container) or before it (an init container).
 * It runs as the server's uid and fsGid, never as root, without privilege escalation or
 * capabilities, with a read-only root filesystem (mount an `emptyDir` volume where it writes).
 */
export interface UserContainer {
  /** Container name, a DNS-1123 label unique in the pod. */
  readonly name: string;

  /** Image, pinned to a tag or digest. */
  readonly image: string;

  /**
   * Command (entrypoint). KubeSpawner expands `{username}` in its strings; write `{{` for a literal brace.
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments. KubeSpawner expands `{username}` in its strings; write `{{` for a literal brace.
   * @default - the image's command
   */
  readonly args?: string[];

  /**
   * Environment variables (literal values).
   * @default - none
   */
  readonly env?: { [name: string]: string };

  /**
   * CPU and memory requests and limits.
   * @default - requests 50m CPU and 64Mi memory; limits 500m CPU and 256Mi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Volumes of `singleUser.extraVolumes` to mount, by volume name, at the mount path the volume
   * declares.
   * @default - none
   */
  readonly volumes?: string[];
}

/** Options of a volume mounted into the user's server. */
export interface UserVolumeMountOptions {
  /**
   * Mount it read-only.
   * @default - true for ConfigMap and Secret volumes, false otherwise
   */
  readonly readOnly?: boolean;

  /**
   * Mount only this path of the volume.
   * @default - the whole volume
   */
  readonly subPath?: string;
}

/** Options of an `emptyDir` volume. */
export interface UserEmptyDirOptions {
  /**
   * Largest size of the volume.
   * @default - no limit (the node's disk)
   */
  readonly sizeLimit?: Size;

  /**
   * Keep it in memory (tmpfs; counts against the memory limit).
   * @default false
   */
  readonly memory?: boolean;
}

/** Options of a volume made of ConfigMap or Secret keys. */
export interface UserFilesVolumeOptions {
  /**
   * Keys to mount, each as the given file name (relative path) in the mount directory.
   * @default - every key, as a file of its name
   */
  readonly items?: { [key: string]: string };

  /**
   * File mode of the files, e.g. `0o444`.
   * @default 0o444 for ConfigMaps, 0o440 for Secrets (readable by the fsGid group)
   */
  readonly defaultMode?: number;
}

/**
 * A volume mounted into the user's server (`c.KubeSpawner.volumes` / `volume_mounts`). Choose
 * with a static factory; the name is the volume's in the pod (a DNS-1123 label; `home` is taken).
 */
export abstract class UserVolume {
  /** A scratch directory that lives as long as the pod. */
  public static emptyDir(name: string, mountPath: string, options: UserEmptyDirOptions = {}): UserVolume {
    checkProps('UserVolume.emptyDir', { name, mountPath, options });
    const medium = options.memory ? { medium: 'Memory' } : {};
    const size =
      options.sizeLimit === undefined
        ? {}
        : { sizeLimit: sizeQuantity(checkSize('singleUser.extraVolumes.sizeLimit', options.sizeLimit)) };
    return new PlainVolume(name, mountPath, { emptyDir: { ...medium, ...size } }, { readOnly: false });
  }

  /** An existing claim in the hub's namespace (e.g. shared course data). */
  public static persistentVolumeClaim(
    name: string,
    claimName: string,
    mountPath: string,
    options: UserVolumeMountOptions = {},
  ): UserVolume {
    checkProps('UserVolume.persistentVolumeClaim', { name, claimName, mountPath, options });
    checkDnsSubdomain('singleUser.extraVolumes.claimName', claimName);
    return new PlainVolume(
      name,
      mountPath,
      { persistentVolumeClaim: { claimName, readOnly: options.readOnly ?? false } },
      { readOnly: options.readOnly ?? false, subPath: options.subPath },
    );
  }

  /**
   * Files from a ConfigMap in the hub's namespace (all keys, or `items`), mounted read-only as a
   * directory, e.g. a course's settings or a `jupyter_server_config.json`.
   */
  public static configMap(
    name: string,
    configMapName: string,
    mountPath: string,
    options: UserFilesVolumeOptions = {},
  ): UserVolume {
    checkProps('UserVolume.configMap', { name, configMapName, mountPath, options });
    checkDnsSubdomain('singleUser.extraVolumes.configMapName', configMapName);
    return new PlainVolume(
      name,
      mountPath,
      { configMap: { name: configMapName, ...filesOf(options, 0o444) } },
      { readOnly: true },
    );
  }

  /**
   * One key of a ConfigMap in the hub's namespace as one file at `filePath` (the other files of
   * that directory stay). A file mounted this way is not updated when the ConfigMap changes.
   */
  public static configMapFile(name: string, configMapName: string, key: string, filePath: string): UserVolume {
    checkProps('UserVolume.configMapFile', { name, configMapName, key, filePath });
    checkDnsSubdomain('singleUser.extraVolumes.configMapName', configMapName);
    checkSecretKey('singleUser.extraVolumes.key', key);
    return new PlainVolume(
      name,
      filePath,
      { configMap: { name: configMapName, items: [{ key, path: key }], defaultMode: 0o444 } },
      { readOnly: true, subPath: key },
    );
  }

  /** Keys of a Secret in the hub's namespace as files, read-only, readable by the fsGid group only. */
  public static secret(
    name: string,
    secretName: string,
    mountPath: string,
    options: UserFilesVolumeOptions = {},
  ): UserVolume {
    checkProps('UserVolume.secret', { name, secretName, mountPath, options });
    checkDnsSubdomain('singleUser.extraVolumes.secretName', secretName);
    return new PlainVolume(name, mountPath, { secret: { secretName, ...filesOf(options, 0o440) } }, { readOnly: true });
  }

  /** Name of the volume in the pod. */
  public abstract readonly name: string;

  /**
   * The volume and its mount, validated, as KubeSpawner takes them (literal strings escaped).
   * @internal
   */
  public abstract _bind(prop: string): { volume: PyValue; mount: PyValue; mountPath: string };
}

function filesOf(options: UserFilesVolumeOptions, mode: number): { items?: PyValue[]; defaultMode: number } {
  const items = Object.entries(options.items ?? {}).map(([key, path]) => {
    checkSecretKey('singleUser.extraVolumes.items', key);
    if (path === '' || path.startsWith('/') || path.split('/').includes('..'))
      fail('singleUser.extraVolumes.items', path, "must be a relative file path without '..', e.g. 'settings.json'");
    return { key, path: literalForKubeSpawner(checkYamlText('singleUser.extraVolumes.items', path, true)) };
  });
  const defaultMode = options.defaultMode ?? mode;
  if (!Number.isInteger(defaultMode) || defaultMode < 0 || defaultMode > 0o777)
    fail('singleUser.extraVolumes.defaultMode', defaultMode, 'must be a file mode from 0 to 0o777, e.g. 0o444');
  return { ...(items.length > 0 ? { items } : {}), defaultMode };
}

class PlainVolume extends UserVolume {
  public constructor(
    public readonly name: string,
    private readonly mountPath: string,
    private readonly source: { [key: string]: PyValue },
    private readonly mount: { readOnly: boolean; subPath?: string },
  ) {
    super();
  }

  public _bind(prop: string) {
    checkDnsLabel(`${prop}.name`, this.name);
    if (this.name === 'home') fail(`${prop}.name`, this.name, "is the volume of the users' homes: choose another name");
    const mountPath = checkAbsolutePath(`${prop}.mountPath`, this.mountPath);
    const subPath = this.mount.subPath;
    if (subPath !== undefined && (subPath === '' || subPath.startsWith('/') || subPath.split('/').includes('..'))) {
      fail(`${prop}.subPath`, subPath, "must be a relative path inside the volume without '..'");
    }
    return {
      volume: { name: this.name, ...this.source },
      mount: {
        name: this.name,
        mountPath: literalForKubeSpawner(mountPath),
        ...(subPath !== undefined
          ? { subPath: literalForKubeSpawner(checkYamlText(`${prop}.subPath`, subPath, true)) }
          : {}),
        ...(this.mount.readOnly ? { readOnly: true } : {}),
      },
      mountPath,
    };
  }
}

/** The users' notebook servers, spawned by KubeSpawner. */
export interface SingleUserOptions {
  /**
   * Image of the user servers.
   * @default 'quay.io/jupyterhub/k8s-singleuser-sample:4.4.0'
   */
  readonly image?: string;

  /**
   * Allow `image` to be a moving tag (`:latest`, or no tag), as seed 003's `aodewahn/thinkdsp:latest`:
   * the explicit opt-out of the pinned-image rule. Nodes then pull the image on every start
   * (`imagePullPolicy: Always`), so each new server gets the newest push, but servers started
   * at different times can run different images, and the image pre-puller leaves it out.
   * `true` with a pinned image is an error (the opt-out would only slow every start).
   * @default false (the image must be pinned to a tag or digest)
   */
  readonly allowUnpinnedImage?: boolean;

  /**
   * Names of Secrets of type `kubernetes.io/dockerconfigjson` in the hub's namespace, used to
   * pull the user images from a private registry (`c.KubeSpawner.image_pull_secrets`; also used
   * by the image pre-puller and the user placeholders). Create one with `kubectl create secret
   * docker-registry <name> --docker-server=... --docker-username=... --docker-password=...`;
   * the library never holds its value.
   * @default - none (public images)
   */
  readonly imagePullSecrets?: string[];

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

  /**
   * Tolerations of the user pods (`c.KubeSpawner.tolerations`), e.g. of a dedicated user pool's taint.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];

  /**
   * Node affinity the user pods require (`c.KubeSpawner.node_affinity_required`): one of the
   * terms must match.
   * @default - none
   */
  readonly nodeAffinityRequired?: k8s.NodeSelectorTerm[];

  /**
   * Node affinity the user pods prefer (`c.KubeSpawner.node_affinity_preferred`), e.g. nodes
   * labelled `hub.jupyter.org/node-purpose=user`.
   * @default - none
   */
  readonly nodeAffinityPreferred?: k8s.PreferredSchedulingTerm[];

  /**
   * Pools of nodes that profiles refer to by name (`nodePool`).
   * @default - none
   */
  readonly nodePools?: UserNodePool[];

  /**
   * Command run in the server's container right after it starts (a `postStart` exec hook),
   * e.g. copying course material into the home. The server is not ready until it has finished.
   * @default - none
   */
  readonly postStartCommand?: string[];

  /**
   * Command run in the server's container before it is stopped (a `preStop` exec hook).
   * @default - none
   */
  readonly preStopCommand?: string[];

  /**
   * Containers that run to completion before the server starts (`c.KubeSpawner.init_containers`,
   * after the library's own, e.g. `home-init`).
   * @default - none
   */
  readonly initContainers?: UserContainer[];

  /**
   * Containers that run next to the server (`c.KubeSpawner.extra_containers`).
   * @default - none
   */
  readonly extraContainers?: UserContainer[];

  /**
   * Volumes mounted into the server (and, by name, into init and extra containers): scratch
   * space, files from ConfigMaps and Secrets, existing claims.
   * @default - none
   */
  readonly extraVolumes?: UserVolume[];

  /**
   * NVIDIA GPUs per server (the extended resource `nvidia.com/gpu`; on GKE the pool also needs
   * the GPU taint's toleration).
   * @default - none
   */
  readonly gpus?: number;

  /**
   * Other extended resources per server by name, in whole units, e.g. `{ 'amd.com/gpu': 1 }`
   * (`c.KubeSpawner.extra_resource_limits`; the request equals the limit).
   * @default - none
   */
  readonly extraResourceLimits?: { [resource: string]: number };

  /**
   * ServiceAccount (in the hub's namespace) the user pods run as (`c.KubeSpawner.service_account`),
   * e.g. one bound to a cloud identity. The library does not create it.
   * @default - the namespace's `default` account
   */
  readonly serviceAccountName?: string;

  /**
   * Mount the service account's API token into the user pods
   * (`c.KubeSpawner.automount_service_account_token`, always written). Code in a notebook can
   * then call the Kubernetes API as that account; `true` needs `serviceAccountName`.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * Profiles users choose from when they start a server (`c.KubeSpawner.profile_list`): each
   * changes the image, resources, node pool and more. Exactly one is the default.
   * @default - none: every server is the same
   */
  readonly profiles?: SingleUserProfile[];
}

/** The Jupyter application of the user servers. */
export enum SingleUserServerApp {
  /** Jupyter Server (JupyterLab, Notebook 7). */
  JUPYTER_SERVER = 'jupyter_server.serverapp.ServerApp',
  /** The classic Notebook server (Notebook 6 and older). */
  NOTEBOOK = 'notebook.notebookapp.NotebookApp',
}
