import { Duration, Size } from 'cdk8s';
import type { EnterpriseGateway } from './enterprise-gateway';
import type { NfsStorage } from './nfs-storage';

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

/** Kinds of user storage; read by the Hub. */
export enum SingleUserStorageKind {
  /** No persistent storage: files live and die with the server pod. */
  NONE = 'none',
  /** One PersistentVolumeClaim per user, created by KubeSpawner. */
  DYNAMIC = 'dynamic',
  /** One shared claim (e.g. NFS), a directory per user. */
  SHARED = 'shared',
}

/**
 * Where each user's home directory lives. Choose with a static factory.
 */
export class SingleUserStorage {
  /** No persistent home: files are lost when the server stops. */
  public static none(): SingleUserStorage {
    return new SingleUserStorage(SingleUserStorageKind.NONE, undefined, undefined, '/home/jovyan', undefined, undefined);
  }

  /** A PersistentVolumeClaim per user (`claim-<user>`), as the seed's `singleuser.storage.type: dynamic`. */
  public static dynamic(options: DynamicStorageOptions = {}): SingleUserStorage {
    return new SingleUserStorage(SingleUserStorageKind.DYNAMIC, options.capacity ?? Size.gibibytes(10), options.storageClassName, options.homeMountPath ?? '/home/jovyan', undefined, undefined);
  }

  /**
   * One shared claim with a directory per user (the seed lab's `singleuser.storage.static`):
   * `subPath` `{username}` of `storage`'s claim. An init container running as the user (never
   * root) creates the directory before the server starts, so it belongs to the user, not to root
   * as when the kubelet creates a missing subPath. The export's top directory must be writable by
   * the users' uid or fsGid (e.g. `chown 1000:100` and `chmod 2775` on the server).
   */
  public static shared(storage: NfsStorage, options: SharedStorageOptions = {}): SingleUserStorage {
    return new SingleUserStorage(SingleUserStorageKind.SHARED, undefined, undefined, options.homeMountPath ?? '/home/jovyan', storage, options.subPath ?? '{username}');
  }

  private constructor(
    /** The kind of storage. */
    public readonly kind: SingleUserStorageKind,
    /** Claim size (dynamic only). */
    public readonly capacity: Size | undefined,
    /** Storage class (dynamic only). */
    public readonly storageClassName: string | undefined,
    /** Mount path of the home volume. */
    public readonly homeMountPath: string,
    /** The shared storage (shared only). */
    public readonly sharedStorage: NfsStorage | undefined,
    /** Per-user directory template (shared only). */
    public readonly subPath: string | undefined,
  ) {}
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
   * CPU cores reserved for each server.
   * @default - none reserved
   */
  readonly cpuGuarantee?: number;

  /**
   * CPU cores each server may use at most; must be at least the guarantee.
   * @default - no limit
   */
  readonly cpuLimit?: number;

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
   * DNS, the gateway (if any) and the internet (not to private ranges or the metadata endpoint).
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * Run kernels through this Jupyter Enterprise Gateway: sets `JUPYTER_GATEWAY_URL` from the
   * gateway's Service, lets the servers reach it through their NetworkPolicy, and tells the
   * gateway where each user's NFS home is (for kernels that mount it).
   * @default - kernels run inside the user's server
   */
  readonly gateway?: EnterpriseGateway;

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
