/**
 * The Hub's props resolved into one validated model: defaults filled in, units converted,
 * combinations checked, value classes bound. The Kubernetes objects and `jupyterhub_config.py`
 * are both built from this model (and what the hub's integrations contribute) and nothing else.
 * @internal
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, AuthenticatorConfig } from '../authenticator';
import type { HubProps } from '../hub-props';
import { DatabaseConfig, HubDatabase } from '../hub-database';
import type { HubIntegrationConfig } from '../hub-integration';
import { HubSecret, HubSecretConfig } from '../hub-secret';
import { SingleUserStorage, StorageConfig } from '../single-user';
import { HubNames, HUB_PATHS, IMAGES } from './constants';
import { sizeBytes, sizeQuantity } from './k8s';
import {
  checkCpu, checkEnvName, checkLabelMap, checkLabelValue, checkNamePrefix, checkNonNegativeInt, checkPinnedImage,
  checkSeconds, checkSize, checkUrlPrefix, checkUserNames, fail,
} from './validate';

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
  readonly storage: StorageConfig;
  readonly blockCloudMetadata: boolean;
  readonly nodeSelector: { readonly [key: string]: string };
  /** Env derived from the hub's own props (before integrations' env). */
  readonly derivedEnv: { readonly [name: string]: string };
  /** The user's `extraEnv` (after integrations' env). */
  readonly extraEnv: { readonly [name: string]: string };
  readonly networkPolicy: boolean;
}

/** Everything the Hub renders, validated. */
export interface HubModel {
  readonly names: HubNames;
  readonly release: string;
  readonly image: string;
  readonly baseUrl: string;
  readonly concurrentSpawnLimit: number;
  readonly adminAccess: boolean;
  readonly authenticator: AuthenticatorConfig;
  readonly database: DatabaseConfig;
  readonly singleUser: SingleUserModel;
  readonly secret: HubSecretConfig;
  readonly resources?: kplus.ContainerResources;
  readonly networkPolicy: boolean;
  readonly extraConfig?: string;
}

/** The environment of the users' servers: derived, then each integration's, then `extraEnv`. */
export function singleUserEnv(model: HubModel, integrations: readonly HubIntegrationConfig[]): { [name: string]: string } {
  const env: { [name: string]: string } = { ...model.singleUser.derivedEnv };
  for (const i of integrations) Object.assign(env, i.singleUserEnv ?? {});
  return { ...env, ...model.singleUser.extraEnv };
}

function resolveAuthenticator(props: HubProps): { authenticator: AuthenticatorConfig; adminAccess: boolean } {
  const authenticator = (props.authenticator ?? Authenticator.dummy())._bind();
  const adminAccess = props.adminAccess ?? authenticator.adminUsers.length > 0;
  checkUserNames('authenticator.adminUsers', authenticator.adminUsers);
  checkUserNames('authenticator.allowedUsers', authenticator.allowedUsers);
  if (adminAccess && authenticator.adminUsers.length === 0) {
    fail('authenticator.adminUsers', authenticator.adminUsers, "is empty while 'adminAccess' is true: list at least one admin user, or set 'adminAccess: false'");
  }
  if (!adminAccess && authenticator.adminUsers.length > 0) {
    fail('adminAccess', false, `conflicts with 'authenticator.adminUsers' (${JSON.stringify(authenticator.adminUsers)}): remove the admin users or set 'adminAccess: true'`);
  }
  return { authenticator, adminAccess };
}

function resolveResources(su: NonNullable<HubProps['singleUser']>) {
  const memGuarantee = checkSize('singleUser.memoryGuarantee', su.memoryGuarantee ?? Size.gibibytes(1));
  const memLimit = su.memoryLimit === undefined ? undefined : checkSize('singleUser.memoryLimit', su.memoryLimit);
  if (memLimit && memLimit.toKibibytes() < memGuarantee.toKibibytes()) {
    fail('singleUser.memoryLimit', sizeQuantity(memLimit), `must be at least 'singleUser.memoryGuarantee' (${sizeQuantity(memGuarantee)}): raise the limit or lower the guarantee`);
  }
  const cpuGuarantee = su.cpuGuarantee === undefined ? undefined : checkCpu('singleUser.cpuGuarantee', su.cpuGuarantee.amount);
  const cpuLimit = su.cpuLimit === undefined ? undefined : checkCpu('singleUser.cpuLimit', su.cpuLimit.amount);
  if (cpuLimit !== undefined && cpuGuarantee !== undefined && cpuLimit < cpuGuarantee) {
    fail('singleUser.cpuLimit', su.cpuLimit?.amount, `must be at least 'singleUser.cpuGuarantee' (${su.cpuGuarantee?.amount})`);
  }
  return { memGuaranteeBytes: sizeBytes(memGuarantee), memLimitBytes: memLimit && sizeBytes(memLimit), cpuGuarantee, cpuLimit };
}

function resolveSingleUser(props: HubProps): SingleUserModel {
  const su = props.singleUser ?? {};
  const cmd = su.cmd ?? ['jupyterhub-singleuser'];
  if (cmd.length === 0 || cmd.some((a) => a === '')) fail('singleUser.cmd', cmd, "must be a non-empty list of non-empty arguments, e.g. ['jupyterhub-singleuser']");
  if (su.defaultUrl !== undefined && !su.defaultUrl.startsWith('/')) fail('singleUser.defaultUrl', su.defaultUrl, "must start with '/', e.g. '/lab'");
  const image = checkPinnedImage('singleUser.image', su.image ?? IMAGES.singleUser);
  const uid = checkNonNegativeInt('singleUser.uid', su.uid ?? 1000);
  const fsGid = checkNonNegativeInt('singleUser.fsGid', su.fsGid ?? 100);
  const storage = (su.storage ?? SingleUserStorage.dynamic())._bind({ image, uid, fsGid });
  const networkPolicy = su.networkPolicy ?? true;
  const blockCloudMetadata = su.blockCloudMetadata ?? true;
  if (blockCloudMetadata && !networkPolicy) {
    fail('singleUser.blockCloudMetadata', true, "needs the single-user NetworkPolicy, which enforces it: set 'singleUser.networkPolicy: true', or 'blockCloudMetadata: false' to allow the metadata endpoint");
  }
  const nodeSelector = su.nodeSelector ?? {};
  checkLabelMap('singleUser.nodeSelector', nodeSelector);
  const extraEnv = su.extraEnv ?? {};
  Object.keys(extraEnv).forEach((k) => checkEnvName('singleUser.extraEnv', k));
  const derivedEnv: { [name: string]: string } = su.serverApp ? { JUPYTERHUB_SINGLEUSER_APP: su.serverApp } : {};
  if ('JUPYTERHUB_SINGLEUSER_APP' in derivedEnv && 'JUPYTERHUB_SINGLEUSER_APP' in extraEnv) {
    fail('singleUser.extraEnv', 'JUPYTERHUB_SINGLEUSER_APP', "is derived from the typed props ('serverApp'): remove it from extraEnv");
  }
  return {
    image,
    cmd,
    defaultUrl: su.defaultUrl,
    uid,
    fsGid,
    ...resolveResources(su),
    startTimeoutSeconds: checkSeconds('singleUser.startTimeout', su.startTimeout ?? Duration.minutes(5)),
    storage,
    blockCloudMetadata,
    nodeSelector,
    derivedEnv,
    extraEnv,
    networkPolicy,
  };
}

/** Validates the props and fills in every default. */
export function resolveHubModel(props: HubProps): HubModel {
  const names = new HubNames(checkNamePrefix('namePrefix', props.namePrefix ?? ''));
  if (names.hubDb.length > 63) fail('namePrefix', props.namePrefix, 'is too long: derived names must stay within 63 characters');
  const release = checkLabelValue('release', props.release ?? 'jupyterhub');
  if (release === '') fail('release', release, "must not be empty: it tells this hub's pods from another's (e.g. 'jupyterhub')");
  const { authenticator, adminAccess } = resolveAuthenticator(props);
  const singleUser = resolveSingleUser(props);
  return {
    names,
    release,
    image: checkPinnedImage('image', props.image ?? IMAGES.hub),
    baseUrl: checkUrlPrefix('baseUrl', props.baseUrl ?? '/'),
    concurrentSpawnLimit: checkNonNegativeInt('concurrentSpawnLimit', props.concurrentSpawnLimit ?? 64),
    adminAccess,
    authenticator,
    database: (props.database ?? HubDatabase.sqlitePvc())._bind({ dataDir: HUB_PATHS.dataDir }),
    singleUser,
    secret: (props.secret ?? HubSecret.generated())._bind(names.hubSecret),
    resources: props.resources,
    networkPolicy: props.networkPolicy ?? true,
    extraConfig: props.extraConfig,
  };
}
