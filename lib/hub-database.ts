import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';

/** Options of the sqlite database on a PersistentVolumeClaim. */
export interface SqlitePvcOptions {
  /**
   * Size of the `hub-db-dir` claim.
   * @default Size.gibibytes(1)
   */
  readonly size?: Size;

  /**
   * Storage class of the claim (minikube's is `standard`).
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
}

/** Options of an external database. */
export interface ExternalDatabaseOptions {
  /**
   * SQLAlchemy URL without a password, e.g. `postgresql://jupyterhub@db:5432/jupyterhub`.
   */
  readonly url: string;

  /**
   * The database password, read from a Secret at run time and handed to the driver as
   * `PGPASSWORD` / `MYSQL_PWD`.
   * @default - no password
   */
  readonly password?: kplus.SecretValue;

  /**
   * TCP port the hub's NetworkPolicy lets it reach the database on.
   * @default - the port in `url`, else 5432 for PostgreSQL and 3306 for MySQL
   */
  readonly port?: number;
}

/** Kinds of hub database; read by the Hub. */
export enum HubDatabaseKind {
  /** sqlite file on the `hub-db-dir` PVC. */
  SQLITE_PVC = 'sqlite-pvc',
  /** sqlite in memory (lost on restart). */
  SQLITE_MEMORY = 'sqlite-memory',
  /** An external database server. */
  EXTERNAL = 'external',
}

/**
 * Where the hub keeps its state (users, servers, tokens). Choose with a static factory.
 */
export class HubDatabase {
  /** sqlite on a ReadWriteOnce PersistentVolumeClaim `hub-db-dir`, as the seed (the default). */
  public static sqlitePvc(options: SqlitePvcOptions = {}): HubDatabase {
    return new HubDatabase(HubDatabaseKind.SQLITE_PVC, options.size ?? Size.gibibytes(1), options.storageClassName, undefined, undefined, undefined);
  }

  /** sqlite in memory: everything is forgotten when the hub restarts (tests and demos). */
  public static sqliteMemory(): HubDatabase {
    return new HubDatabase(HubDatabaseKind.SQLITE_MEMORY, undefined, undefined, undefined, undefined, undefined);
  }

  /** An external PostgreSQL or MySQL server. */
  public static external(options: ExternalDatabaseOptions): HubDatabase {
    return new HubDatabase(HubDatabaseKind.EXTERNAL, undefined, undefined, options.url, options.password, options.port);
  }

  private constructor(
    /** The kind of database. */
    public readonly kind: HubDatabaseKind,
    /** PVC size (sqlite on PVC only). */
    public readonly size: Size | undefined,
    /** PVC storage class (sqlite on PVC only). */
    public readonly storageClassName: string | undefined,
    /** SQLAlchemy URL (external only). */
    public readonly url: string | undefined,
    /** Password reference (external only). */
    public readonly password: kplus.SecretValue | undefined,
    /** Database port for the NetworkPolicy (external only). */
    public readonly port: number | undefined,
  ) {}
}
