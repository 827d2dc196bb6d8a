import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { checkProps } from '../core/check-props';
import { secretEnv, sizeQuantity } from '../core/k8s';
import { comment, ConfigLine } from '../core/trait-setting';
import {
  checkAnnotations,
  checkDnsSubdomain,
  checkLabelMap,
  checkPort,
  checkSecretKey,
  checkSize,
  checkYamlText,
  fail,
} from '../core/validate';

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

  /**
   * Annotations of the claim (e.g. a backup tool's).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Labels of the PersistentVolume the claim must bind to (`spec.selector.matchLabels`), for a
   * volume made beforehand.
   * @default - any volume of the storage class
   */
  readonly selectorLabels?: { [key: string]: string };

  /**
   * Access modes of the claim. ReadOnlyMany is refused: sqlite writes its file.
   * @default [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * A directory of the volume to keep the database in (the mount's `subPath`, a relative path
   * without '..'), e.g. on a volume shared with other data.
   * @default - the volume's root
   */
  readonly subPath?: string;
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

/**
 * What a database contributes to the hub: its URL, the hub's env, the claim to create and the
 * data volume.
 * @internal
 */
export interface DatabaseConfig {
  readonly url: string;
  /** Host of the database server (external databases). */
  readonly host?: string;
  /** Port the hub's NetworkPolicy opens (external databases). */
  readonly port?: number;
  /** Env of the hub container (passwords by secretKeyRef). */
  readonly env: k8s.EnvVar[];
  /** The sqlite claim to create, as a size quantity and storage class. */
  readonly claim?: SqliteClaim;
  /** Comment lines after `db_url`. */
  readonly lines: ConfigLine[];
}

/** The sqlite claim, validated. @internal */
export interface SqliteClaim {
  readonly size: string;
  readonly storageClassName?: string;
  readonly annotations?: { readonly [key: string]: string };
  readonly selectorLabels?: { readonly [key: string]: string };
  readonly accessModes: string[];
  readonly subPath?: string;
}

/** Where the database lives, as the hub sees it. @internal */
export interface DatabaseBindContext {
  /** The hub's data directory. */
  readonly dataDir: string;
}

/**
 * Where the hub keeps its state (users, servers, tokens). Choose with a static factory.
 */
export abstract class HubDatabase {
  /**
   * sqlite on a ReadWriteOnce PersistentVolumeClaim `hub-db-dir` (the default, as in Zero to
   * JupyterHub).
   */
  public static sqlitePvc(options: SqlitePvcOptions = {}): HubDatabase {
    checkProps('HubDatabase.sqlitePvc', { options });
    return new SqlitePvcDatabase(options);
  }

  /** sqlite in memory: everything is forgotten when the hub restarts (tests and demos). */
  public static sqliteMemory(): HubDatabase {
    return new SqliteMemoryDatabase();
  }

  /** An external PostgreSQL or MySQL server. */
  public static external(options: ExternalDatabaseOptions): HubDatabase {
    checkProps('HubDatabase.external', { options });
    return new ExternalDatabase(options);
  }

  /**
   * Validates the database settings and says what they contribute to the hub.
   * @internal
   */
  public abstract _bind(ctx: DatabaseBindContext): DatabaseConfig;
}

class SqlitePvcDatabase extends HubDatabase {
  public constructor(private readonly options: SqlitePvcOptions) {
    super();
  }

  public _bind(ctx: DatabaseBindContext): DatabaseConfig {
    const o = this.options;
    if (o.storageClassName !== undefined && o.storageClassName !== '')
      checkDnsSubdomain('database.storageClassName', o.storageClassName);
    const size = sizeQuantity(checkSize('database.size', o.size ?? Size.gibibytes(1)));
    if (o.annotations !== undefined) checkAnnotations('database.annotations', o.annotations);
    if (o.selectorLabels !== undefined) checkLabelMap('database.selectorLabels', o.selectorLabels);
    const subPath = o.subPath === undefined ? undefined : checkRelativePath('database.subPath', o.subPath);
    return {
      url: `sqlite:///${ctx.dataDir}/jupyterhub.sqlite`,
      env: [],
      claim: {
        size,
        storageClassName: o.storageClassName,
        annotations: o.annotations,
        selectorLabels: o.selectorLabels,
        accessModes: checkAccessModes(o.accessModes),
        subPath,
      },
      lines: [],
    };
  }
}

const ACCESS_MODES = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadWriteMany'];

function checkAccessModes(modes: readonly string[] | undefined): string[] {
  if (modes === undefined) return ['ReadWriteOnce'];
  if (!Array.isArray(modes) || modes.length === 0)
    fail(
      'database.accessModes',
      modes,
      'must list at least one access mode, e.g. [PersistentVolumeAccessMode.READ_WRITE_ONCE]',
    );
  modes.forEach((m, i) => {
    if (m === 'ReadOnlyMany')
      fail(`database.accessModes[${i}]`, m, 'is read-only, but sqlite writes its database file: use READ_WRITE_ONCE');
    if (!ACCESS_MODES.includes(m))
      fail(
        `database.accessModes[${i}]`,
        m,
        'must be a PersistentVolumeAccessMode: READ_WRITE_ONCE, READ_WRITE_ONCE_POD or READ_WRITE_MANY',
      );
  });
  if (new Set(modes).size !== modes.length) fail('database.accessModes', modes, 'lists a mode twice: list each once');
  return [...modes];
}

function checkRelativePath(prop: string, path: string): string {
  if (
    typeof path !== 'string' ||
    path === '' ||
    path.startsWith('/') ||
    path.split('/').includes('..') ||
    path.includes('\0')
  )
    fail(prop, path, "must be a relative path inside the volume without '..', e.g. 'jupyterhub'");
  return checkYamlText(prop, path, true);
}

class SqliteMemoryDatabase extends HubDatabase {
  public _bind(): DatabaseConfig {
    return {
      url: 'sqlite://',
      env: [],
      lines: [comment('sqlite in memory: users, servers and tokens are forgotten when the hub restarts')],
    };
  }
}

class ExternalDatabase extends HubDatabase {
  public constructor(private readonly options: ExternalDatabaseOptions) {
    super();
  }

  public _bind(): DatabaseConfig {
    const url = this.options.url;
    const m = /^(postgresql|postgres|mysql)(\+\w+)?:\/\/([^/@]*@)?([^/:?]+)(:(\d+))?(\/.*)?$/.exec(url);
    if (!m) {
      fail(
        'database.url',
        url,
        "must be a PostgreSQL or MySQL SQLAlchemy URL such as 'postgresql://jupyterhub@db:5432/jupyterhub'",
      );
    }
    if (m[3] && m[3].includes(':')) {
      fail(
        'database.url',
        url.replace(/:[^:@/]*@/, ':***@'),
        "must not contain a password (it would be written into the manifests): put it in a Secret and pass 'password'",
      );
    }
    const port = checkPort(
      'database.port',
      this.options.port ?? (m[6] ? Number(m[6]) : m[1] === 'mysql' ? 3306 : 5432),
    );
    const pw = this.options.password;
    if (pw) {
      // A JavaScript caller may hand a plain object: the Secret's name and key become a secretKeyRef.
      const name = (pw.secret as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string')
        fail(
          'database.password',
          pw,
          "must be a kplus.SecretValue such as { secret: kplus.Secret.fromSecretName(scope, 'id', 'db-password'), key: 'password' }",
        );
      checkDnsSubdomain('database.password.secret.name', name);
      checkSecretKey('database.password.key', pw.key);
    }
    const env = pw
      ? [secretEnv('PGPASSWORD', pw.secret.name, pw.key), secretEnv('MYSQL_PWD', pw.secret.name, pw.key)]
      : [];
    return { url, host: m[4], port, env, lines: [] };
  }
}
