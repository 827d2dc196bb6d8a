/**
 * The Hub's props resolved into one validated model: defaults filled in, units converted,
 * combinations checked. The Kubernetes objects and `jupyterhub_config.py` are both built from
 * this model and nothing else.
 * @internal
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator } from '../authenticator';
import type { HubProps } from '../hub';
import { HubDatabase, HubDatabaseKind } from '../hub-database';
import { HubSecret } from '../hub-secret';
import type { EnterpriseGateway } from '../enterprise-gateway';
import { NfsStorageKind } from '../nfs-storage';
import { SingleUserStorage, SingleUserStorageKind } from '../single-user';
import { HubNames, HUB_PATHS, IMAGES, KERNEL_HOME_ENV } from './constants';
import { sizeBytes, sizeQuantity } from './k8s';
import {
  checkAbsolutePath, checkDnsSubdomain, checkEnvName, checkLabelMap, checkLabelValue, checkNamePrefix,
  checkNonNegativeInt, checkPinnedImage, checkPort, checkPositiveInt, checkPositiveNumber, checkSeconds, checkUrlPrefix,
  checkUserNames, fail,
} from './validate';

/** Resolved idle-culler settings. */
export interface CullerModel {
  readonly enabled: boolean;
  readonly timeoutSeconds: number;
  readonly everySeconds: number;
  readonly cullUsers: boolean;
  readonly concurrency: number;
  readonly maxAgeSeconds?: number;
}

/** Resolved user-server settings. */
export interface SingleUserModel {
  readonly image: string;
  readonly cmd: readonly string[];
  readonly defaultUrl?: string;
  readonly uid: number;
  readonly fsGid: number;
  readonly memGuaranteeBytes: number;
  readonly memLimitBytes?: number;
  readonly cpuGuarantee?: number;
  readonly cpuLimit?: number;
  readonly startTimeoutSeconds: number;
  readonly storage: SingleUserStorage;
  /** Claim size as a quantity (dynamic storage). */
  readonly storageCapacity?: string;
  readonly blockCloudMetadata: boolean;
  readonly nodeSelector: { readonly [key: string]: string };
  /** Environment of the servers: derived from other constructs, then `extraEnv`. */
  readonly env: { readonly [name: string]: string };
  readonly networkPolicy: boolean;
  readonly gateway?: EnterpriseGateway;
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
    fail(prop, value, "must contain {username} (or {userid}/{user_server}): without it all users share one directory");
  }
  return value;
}

/** Where the hub's secrets come from. */
export interface SecretModel {
  readonly secretName: string;
  readonly generatedInCluster: boolean;
  readonly proxyTokenKey: string;
  readonly cookieSecretKey: string;
}

/** Resolved database settings. */
export interface DatabaseModel {
  readonly source: HubDatabase;
  readonly url: string;
  /** Port the NetworkPolicy opens (external databases). */
  readonly port?: number;
  readonly password?: kplus.SecretValue;
  /** sqlite PVC size as a quantity. */
  readonly pvcSize?: string;
  readonly pvcStorageClassName?: string;
}

/** Everything the Hub renders, validated. */
export interface HubModel {
  readonly names: HubNames;
  readonly release: string;
  readonly image: string;
  readonly baseUrl: string;
  readonly concurrentSpawnLimit: number;
  readonly adminAccess: boolean;
  readonly authenticator: Authenticator;
  readonly database: DatabaseModel;
  readonly culler: CullerModel;
  readonly singleUser: SingleUserModel;
  readonly secret: SecretModel;
  readonly resources?: kplus.ContainerResources;
  readonly networkPolicy: boolean;
  readonly extraConfig?: string;
}

function positiveSize(prop: string, s: Size): Size {
  const kib = s.toKibibytes();
  if (!Number.isInteger(kib) || kib <= 0) fail(prop, `${kib}KiB`, 'must be a positive size, e.g. Size.mebibytes(512)');
  return s;
}

function resolveDatabase(db: HubDatabase): DatabaseModel {
  switch (db.kind) {
    case HubDatabaseKind.SQLITE_PVC:
      if (db.storageClassName !== undefined && db.storageClassName !== '') checkDnsSubdomain('database.storageClassName', db.storageClassName);
      return {
        source: db,
        url: `sqlite:///${HUB_PATHS.dataDir}/jupyterhub.sqlite`,
        pvcSize: sizeQuantity(positiveSize('database.size', db.size as Size)),
        pvcStorageClassName: db.storageClassName,
      };
    case HubDatabaseKind.SQLITE_MEMORY:
      return { source: db, url: 'sqlite://' };
    case HubDatabaseKind.EXTERNAL: {
      const url = db.url as string;
      const m = /^(postgresql|postgres|mysql)(\+\w+)?:\/\/([^/@]*@)?([^/:?]+)(:(\d+))?(\/.*)?$/.exec(url);
      if (!m) {
        fail('database.url', url, "must be a PostgreSQL or MySQL SQLAlchemy URL such as 'postgresql://jupyterhub@db:5432/jupyterhub'");
      }
      if (m[3] && m[3].includes(':')) {
        fail('database.url', url.replace(/:[^:@/]*@/, ':***@'), "must not contain a password (it would be written into the manifests): put it in a Secret and pass 'password'");
      }
      const port = db.port ?? (m[6] ? Number(m[6]) : m[1] === 'mysql' ? 3306 : 5432);
      checkPort('database.port', port);
      return { source: db, url, port, password: db.password };
    }
  }
}

function resolveStorage(storage: SingleUserStorage): string | undefined {
  checkAbsolutePath('singleUser.storage.homeMountPath', storage.homeMountPath);
  if (storage.kind === SingleUserStorageKind.SHARED) checkSubPathTemplate('singleUser.storage.subPath', storage.subPath as string);
  if (storage.kind === SingleUserStorageKind.DYNAMIC) {
    if (storage.storageClassName !== undefined && storage.storageClassName !== '') {
      checkDnsSubdomain('singleUser.storage.storageClassName', storage.storageClassName);
    }
    return sizeQuantity(positiveSize('singleUser.storage.capacity', storage.capacity as Size));
  }
  return undefined;
}

/** Validates the props and fills in every default. */
export function resolveHubModel(props: HubProps): HubModel {
  const names = new HubNames(checkNamePrefix('namePrefix', props.namePrefix ?? ''));
  if (names.hubDb.length > 63) fail('namePrefix', props.namePrefix, 'is too long: derived names must stay within 63 characters');
  const release = checkLabelValue('release', props.release ?? 'jupyterhub');
  if (release === '') fail('release', release, "must not be empty: it tells this hub's pods from another's (e.g. 'jupyterhub')");

  const authenticator = props.authenticator ?? Authenticator.dummy();
  const adminAccess = props.adminAccess ?? authenticator.adminUsers.length > 0;
  checkUserNames('authenticator.adminUsers', authenticator.adminUsers);
  checkUserNames('authenticator.allowedUsers', authenticator.allowedUsers);
  if (adminAccess && authenticator.adminUsers.length === 0) {
    fail('authenticator.adminUsers', authenticator.adminUsers, "is empty while 'adminAccess' is true: list at least one admin user, or set 'adminAccess: false'");
  }
  if (!adminAccess && authenticator.adminUsers.length > 0) {
    fail('adminAccess', false, `conflicts with 'authenticator.adminUsers' (${JSON.stringify(authenticator.adminUsers)}): remove the admin users or set 'adminAccess: true'`);
  }

  const su = props.singleUser ?? {};
  const memGuarantee = positiveSize('singleUser.memoryGuarantee', su.memoryGuarantee ?? Size.gibibytes(1));
  const memLimit = su.memoryLimit === undefined ? undefined : positiveSize('singleUser.memoryLimit', su.memoryLimit);
  if (memLimit && memLimit.toKibibytes() < memGuarantee.toKibibytes()) {
    fail('singleUser.memoryLimit', sizeQuantity(memLimit), `must be at least 'singleUser.memoryGuarantee' (${sizeQuantity(memGuarantee)}): raise the limit or lower the guarantee`);
  }
  if (su.cpuGuarantee !== undefined) checkPositiveNumber('singleUser.cpuGuarantee', su.cpuGuarantee);
  if (su.cpuLimit !== undefined) checkPositiveNumber('singleUser.cpuLimit', su.cpuLimit);
  if (su.cpuLimit !== undefined && su.cpuGuarantee !== undefined && su.cpuLimit < su.cpuGuarantee) {
    fail('singleUser.cpuLimit', su.cpuLimit, `must be at least 'singleUser.cpuGuarantee' (${su.cpuGuarantee})`);
  }
  const cmd = su.cmd ?? ['jupyterhub-singleuser'];
  if (cmd.length === 0 || cmd.some((a) => a === '')) fail('singleUser.cmd', cmd, "must be a non-empty list of non-empty arguments, e.g. ['jupyterhub-singleuser']");
  if (su.defaultUrl !== undefined && !su.defaultUrl.startsWith('/')) fail('singleUser.defaultUrl', su.defaultUrl, "must start with '/', e.g. '/lab'");
  const storage = su.storage ?? SingleUserStorage.dynamic();
  const storageCapacity = resolveStorage(storage);
  const networkPolicy = su.networkPolicy ?? true;
  const blockCloudMetadata = su.blockCloudMetadata ?? true;
  if (blockCloudMetadata && !networkPolicy) {
    fail('singleUser.blockCloudMetadata', true, "needs the single-user NetworkPolicy, which enforces it: set 'singleUser.networkPolicy: true', or 'blockCloudMetadata: false' to allow the metadata endpoint");
  }
  const nodeSelector = su.nodeSelector ?? {};
  checkLabelMap('singleUser.nodeSelector', nodeSelector);
  const extraEnv = su.extraEnv ?? {};
  Object.keys(extraEnv).forEach((k) => checkEnvName('singleUser.extraEnv', k));
  const derivedEnv: { [name: string]: string } = {};
  if (su.serverApp) derivedEnv.JUPYTERHUB_SINGLEUSER_APP = su.serverApp;
  if (su.gateway) {
    derivedEnv.JUPYTER_GATEWAY_URL = su.gateway.url;
    const nfs = storage.sharedStorage;
    if (storage.kind === SingleUserStorageKind.SHARED && nfs && nfs.kind === NfsStorageKind.STATIC) {
      derivedEnv[KERNEL_HOME_ENV] = `${nfs.path === '/' ? '' : nfs.path}/${storage.subPath}`;
    }
  }
  for (const k of Object.keys(extraEnv)) {
    if (k in derivedEnv) {
      fail('singleUser.extraEnv', k, `is derived from the typed props (${k === 'JUPYTERHUB_SINGLEUSER_APP' ? "'serverApp'" : "'gateway' and 'storage'"}): remove it from extraEnv`);
    }
  }

  const cull = props.idleCuller ?? {};
  const culler: CullerModel = {
    enabled: cull.enabled ?? true,
    timeoutSeconds: checkSeconds('idleCuller.timeout', cull.timeout ?? Duration.hours(1)),
    everySeconds: checkSeconds('idleCuller.every', cull.every ?? Duration.minutes(10)),
    cullUsers: cull.cullUsers ?? false,
    concurrency: checkPositiveInt('idleCuller.concurrency', cull.concurrency ?? 10),
    maxAgeSeconds: cull.maxAge === undefined ? undefined : checkSeconds('idleCuller.maxAge', cull.maxAge),
  };
  if (culler.everySeconds > culler.timeoutSeconds) {
    fail('idleCuller.every', `${culler.everySeconds}s`, `must not be longer than 'idleCuller.timeout' (${culler.timeoutSeconds}s), or servers outlive the timeout by up to the check interval`);
  }

  const hubSecret = props.secret ?? HubSecret.generated();
  const secret: SecretModel = {
    secretName: hubSecret.secretName ?? names.hubSecret,
    generatedInCluster: hubSecret.generatedInCluster,
    proxyTokenKey: hubSecret.proxyTokenKey,
    cookieSecretKey: hubSecret.cookieSecretKey,
  };
  checkDnsSubdomain('secret.secretName', secret.secretName);
  for (const [prop, key] of [['secret.proxyTokenKey', secret.proxyTokenKey], ['secret.cookieSecretKey', secret.cookieSecretKey]]) {
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) fail(prop, key, "must be a valid Secret key: letters, digits, '-', '_' and '.'");
  }
  if (secret.proxyTokenKey === secret.cookieSecretKey) {
    fail('secret.cookieSecretKey', secret.cookieSecretKey, "must differ from 'proxyTokenKey': the proxy token and the cookie secret are different secrets");
  }

  return {
    names,
    release,
    image: checkPinnedImage('image', props.image ?? IMAGES.hub),
    baseUrl: checkUrlPrefix('baseUrl', props.baseUrl ?? '/'),
    concurrentSpawnLimit: checkNonNegativeInt('concurrentSpawnLimit', props.concurrentSpawnLimit ?? 64),
    adminAccess,
    authenticator,
    database: resolveDatabase(props.database ?? HubDatabase.sqlitePvc()),
    culler,
    singleUser: {
      image: checkPinnedImage('singleUser.image', su.image ?? IMAGES.singleUser),
      cmd,
      defaultUrl: su.defaultUrl,
      uid: checkNonNegativeInt('singleUser.uid', su.uid ?? 1000),
      fsGid: checkNonNegativeInt('singleUser.fsGid', su.fsGid ?? 100),
      memGuaranteeBytes: sizeBytes(memGuarantee),
      memLimitBytes: memLimit && sizeBytes(memLimit),
      cpuGuarantee: su.cpuGuarantee,
      cpuLimit: su.cpuLimit,
      startTimeoutSeconds: checkSeconds('singleUser.startTimeout', su.startTimeout ?? Duration.minutes(5)),
      storage,
      storageCapacity,
      blockCloudMetadata,
      nodeSelector,
      env: { ...derivedEnv, ...extraEnv },
      networkPolicy,
      gateway: su.gateway,
    },
    secret,
    resources: props.resources,
    networkPolicy: props.networkPolicy ?? true,
    extraConfig: props.extraConfig,
  };
}
