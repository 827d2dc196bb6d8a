/**
 * The Hub's props resolved into one validated model: defaults filled in, units converted,
 * combinations checked, value classes bound. The Kubernetes objects and `jupyterhub_config.py`
 * are both built from this model (and what the hub's integrations contribute) and nothing else.
 * @internal
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AuthenticatorModel, resolveAuthenticatorModel } from './authenticator-model';
import type { HubProps } from './hub-props';
import { checkPythonBrackets } from './extra-config';
import { resolveHubTraits } from './hub-traits';
import { resolveImage, resolvePullPolicy } from './user-image';
import { checkProfileGroups } from './profile-groups';
import type { UserTrait } from '../core/trait-table';
import { DatabaseConfig, HubDatabase } from './hub-database';
import type { HubIntegrationConfig } from './hub-integration';
import { HubSecret, HubSecretConfig } from './hub-secret';
import { HubPodModel, resolveHubPod } from './hub-pod-model';
import { HubKubeServiceModel, resolveHubKubeService } from './hub-kube-service';
import { checkDerivedNames } from './hub-names';
import { SingleUserStorage } from '../users/single-user-storage';
import { resolveStorageModel, StorageModel } from '../users/storage-model';
import { checkNameTemplate, literalForKubeSpawner } from '../users/kubespawner-template';
import { resolveUserEnv } from '../users/user-env';
import type { UserEnvModel } from '../users/user-env';
import { resolveUserEgress, resolveUserNetwork } from '../users/user-egress';
import type { UserEgressModel } from '../users/user-egress';
import { HubNames, HUB_PATHS, IMAGES, PORTS } from '../core/constants';
import { resolveComponentRules } from '../core/network-policy-options';
import type { NetworkPolicyRulesModel } from '../core/network-policy-options';
import { sizeBytes, sizeQuantity } from '../core/k8s';
import {
  checkAnnotations,
  checkCpu,
  checkLabelMap,
  checkLabelValue,
  checkNamePrefix,
  checkNonNegativeInt,
  checkPinnedImage,
  checkSeconds,
  checkSize,
  checkUserId,
  checkUserNames,
  checkYamlText,
  fail,
} from '../core/validate';
import { checkDefaultUrl, checkUrlPrefix } from '../core/url-path';
import { checkNodePools, ProfileListModel, resolveProfiles } from '../users/profile-list';
import { checkMountPaths, mergeUserNodePool, resolveUserPodExtras, UserPodExtras } from '../users/user-pod-extras';

/** Resolved user-server settings. */
export interface SingleUserModel extends UserEnvModel {
  /** Egress of the user servers beyond the hub, DNS and integrations. */
  readonly egress: UserEgressModel;
  readonly image: string;
  readonly cmd: readonly string[];
  readonly defaultUrl?: string;
  /** `pod_name_template`: the given one, or the prefixed default; none (KubeSpawner's) without a prefix. */
  readonly podNameTemplate?: string;
  readonly uid: number;
  readonly fsGid: number;
  readonly memGuaranteeBytes: number;
  readonly memLimitBytes?: number;
  readonly cpuGuarantee?: number;
  readonly cpuLimit?: number;
  readonly startTimeoutSeconds: number;
  readonly storage: StorageModel;
  readonly blockCloudMetadata: boolean;
  readonly nodeSelector: { readonly [key: string]: string };
  readonly networkPolicy: boolean;
  /** `IfNotPresent`, or `Always` for an unpinned image (the opt-out). */
  readonly imagePullPolicy: string;
  /** Pull secrets, placement, hooks, containers, volumes, extended resources, service account. */
  readonly extras: UserPodExtras;
  /** The profile list, if any. */
  readonly profiles?: ProfileListModel;
  /** Every image a user pod can run (server, profiles, init and extra containers), pinned or not. */
  readonly images: readonly string[];
}

/** Everything the Hub renders, validated. */
export interface HubModel {
  readonly names: HubNames;
  /** Annotations of the hub's ServiceAccount (workload identity). */
  readonly serviceAccountAnnotations?: { readonly [key: string]: string };
  readonly release: string;
  readonly image: string;
  readonly baseUrl: string;
  readonly concurrentSpawnLimit: number;
  /** Most user servers active at once; 0: no limit. */
  readonly activeServerLimit: number;
  readonly adminAccess: boolean;
  readonly authenticator: AuthenticatorModel;
  readonly database: DatabaseConfig;
  readonly singleUser: SingleUserModel;
  readonly secret: HubSecretConfig;
  readonly resources?: kplus.ContainerResources;
  readonly networkPolicy: boolean;
  /** What `networkPolicyRules` adds to the hub's NetworkPolicy. */
  readonly networkPolicyRules: NetworkPolicyRulesModel;
  /** The traits given with `traits`, checked: written by the config generator, merged or refused there. */
  readonly traits: readonly UserTrait[];
  readonly extraConfig?: string;
  /** The hub pod's workload options, pull secrets, probes, hooks and strategy. */
  readonly pod: HubPodModel;
  /** The hub's Kubernetes Service. */
  readonly service: HubKubeServiceModel;
}

/** An env var of the users' servers: a KubeSpawner template string, or a Secret key reference. */
export type SingleUserEnvValue =
  string | { readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } } };

/**
 * The environment of the users' servers: derived, then each integration's, then `extraEnv`, as
 * KubeSpawner's `environment` trait. KubeSpawner expands `{placeholders}` in its values with
 * `str.format`, so the values of `extraEnv`, which are literals, have their braces doubled (a JSON
 * value such as `{"debug": true}` reaches the server unchanged instead of failing every spawn).
 * Integrations' values are templates (`KERNEL_HOME_NFS_PATH` ends in `{username}`): as given.
 */
export function singleUserEnv(
  model: HubModel,
  integrations: readonly HubIntegrationConfig[],
): { [name: string]: SingleUserEnvValue } {
  const env: { [name: string]: SingleUserEnvValue } = { ...model.singleUser.derivedEnv };
  for (const i of integrations) {
    Object.assign(env, i.singleUserEnv ?? {});
    for (const [name, ref] of Object.entries(i.singleUserSecretEnv ?? {})) {
      env[name] = { valueFrom: { secretKeyRef: { name: ref.name as string, key: ref.key } } };
    }
  }
  const su = model.singleUser;
  for (const [name, value] of Object.entries(su.extraEnv)) env[name] = literalForKubeSpawner(value);
  Object.assign(env, su.templatedEnv);
  for (const [name, ref] of Object.entries(su.secretEnv)) env[name] = { valueFrom: { secretKeyRef: ref } };
  return env;
}

function resolveAuthenticator(props: HubProps): { authenticator: AuthenticatorModel; adminAccess: boolean } {
  const authenticator = resolveAuthenticatorModel(props.authenticator);
  // Admins are the listed users, or members of admin groups (OAuth authenticators that have them).
  const hasAdmins = authenticator.adminUsers.length > 0 || authenticator.adminGroups;
  const adminAccess = props.adminAccess ?? hasAdmins;
  checkUserNames('authenticator.adminUsers', authenticator.adminUsers);
  checkUserNames('authenticator.allowedUsers', authenticator.allowedUsers);
  if (adminAccess && !hasAdmins) {
    fail(
      'authenticator.adminUsers',
      authenticator.adminUsers,
      "is empty while 'adminAccess' is true: list at least one admin user, or set 'adminAccess: false'",
    );
  }
  if (!adminAccess && hasAdmins) {
    const [what, them] =
      authenticator.adminUsers.length > 0
        ? [`'authenticator.adminUsers' (${JSON.stringify(authenticator.adminUsers)})`, 'the admin users']
        : ["'authenticator.adminGroups'", 'the admin groups'];
    fail('adminAccess', false, `conflicts with ${what}: remove ${them} or set 'adminAccess: true'`);
  }
  return { authenticator, adminAccess };
}

function resolveResources(su: NonNullable<HubProps['singleUser']>) {
  const memGuarantee = checkSize('singleUser.memoryGuarantee', su.memoryGuarantee ?? Size.gibibytes(1));
  const memLimit = su.memoryLimit === undefined ? undefined : checkSize('singleUser.memoryLimit', su.memoryLimit);
  if (memLimit && memLimit.toKibibytes() < memGuarantee.toKibibytes()) {
    fail(
      'singleUser.memoryLimit',
      sizeQuantity(memLimit),
      `must be at least 'singleUser.memoryGuarantee' (${sizeQuantity(memGuarantee)}): raise the limit or lower the guarantee`,
    );
  }
  const cpuGuarantee =
    su.cpuGuarantee === undefined ? undefined : checkCpu('singleUser.cpuGuarantee', su.cpuGuarantee.amount);
  const cpuLimit = su.cpuLimit === undefined ? undefined : checkCpu('singleUser.cpuLimit', su.cpuLimit.amount);
  if (cpuLimit !== undefined && cpuGuarantee !== undefined && cpuLimit < cpuGuarantee) {
    fail(
      'singleUser.cpuLimit',
      su.cpuLimit?.amount,
      `must be at least 'singleUser.cpuGuarantee' (${su.cpuGuarantee?.amount})`,
    );
  }
  return {
    memGuaranteeBytes: sizeBytes(memGuarantee),
    memLimitBytes: memLimit && sizeBytes(memLimit),
    cpuGuarantee,
    cpuLimit,
  };
}

function resolveCmd(su: NonNullable<HubProps['singleUser']>): readonly string[] {
  const cmd = su.cmd ?? ['jupyterhub-singleuser'];
  if (cmd.length === 0 || cmd.some((a) => a === ''))
    fail('singleUser.cmd', cmd, "must be a non-empty list of non-empty arguments, e.g. ['jupyterhub-singleuser']");
  if (cmd.some((a) => a.includes('\0')))
    fail('singleUser.cmd', cmd, 'must not contain a NUL character: a program argument cannot hold one');
  if (su.defaultUrl !== undefined) checkDefaultUrl('singleUser.defaultUrl', su.defaultUrl);
  return cmd;
}

function resolveSingleUser(props: HubProps, names: HubNames): SingleUserModel {
  const su = props.singleUser ?? {};
  const cmd = resolveCmd(su);
  const image = resolveImage(su);
  // The user servers run with runAsNonRoot (KubeSpawner's container_security_context): never as root.
  const uid = checkUserId('singleUser.uid', su.uid ?? 1000, true);
  const fsGid = checkUserId('singleUser.fsGid', su.fsGid ?? 100, false);
  const namePrefix = names.prefix;
  const storage = resolveStorageModel(su.storage ?? SingleUserStorage.dynamic(), { image, uid, fsGid, namePrefix });
  const { networkPolicy, blockCloudMetadata } = resolveUserNetwork(su);
  const nodeSelector = su.nodeSelector ?? {};
  checkLabelMap('singleUser.nodeSelector', nodeSelector);
  const userEnv = resolveUserEnv(su);
  const { derivedEnv } = userEnv;
  const resources = resolveResources(su);
  const { imagePullPolicy, pinnedPullPolicy } = resolvePullPolicy(su);
  const podExtras = resolveUserPodExtras(su, { uid, fsGid }, storage.initContainerNames);
  // The hub's user node pool (affinity and tolerations) on top of singleUser's own placement.
  const extras = props.userNodePool ? mergeUserNodePool(podExtras, props.userNodePool) : podExtras;
  checkMountPaths(storage.mounts, extras.volumeMounts);
  checkNodePools(su.nodePools);
  const profiles = resolveProfiles(
    su.profiles,
    {
      image,
      imagePullPolicy,
      pinnedPullPolicy,
      ...resources,
      nodeSelector,
      tolerations: extras.tolerations,
      extraResourceLimits: extras.extraResourceLimits,
      env: derivedEnv,
      uid,
      fsGid,
    },
    su.nodePools,
    { networkPolicy, blockCloudMetadata },
  );
  return {
    image,
    imagePullPolicy,
    extras,
    profiles,
    images: [...new Set([image, ...(profiles?.images ?? []), ...extras.containerImages])],
    cmd,
    defaultUrl: su.defaultUrl,
    podNameTemplate: resolvePodNameTemplate(su, namePrefix),
    uid,
    fsGid,
    ...resources,
    startTimeoutSeconds: checkSeconds('singleUser.startTimeout', su.startTimeout ?? Duration.minutes(5)),
    storage,
    blockCloudMetadata,
    nodeSelector,
    ...userEnv,
    egress: resolveUserEgress(su, { networkPolicy, blockCloudMetadata }),
    networkPolicy,
  };
}

/**
 * The user pods' name template: given, or KubeSpawner's default (`jupyter-{user_server}`,
 * kubespawner 7.0.0 spawner.py:540) after the prefix; none without a prefix (KubeSpawner's).
 */
function resolvePodNameTemplate(su: NonNullable<HubProps['singleUser']>, prefix: string): string | undefined {
  if (su.podNameTemplate !== undefined)
    return checkNameTemplate('singleUser.podNameTemplate', su.podNameTemplate, false);
  return prefix === '' ? undefined : `${prefix}jupyter-{user_server}`;
}

/** The user pods' pull secrets: the top-level `imagePullSecrets`, then `singleUser.imagePullSecrets`. */
function withPullSecrets(su: SingleUserModel, top: readonly string[]): SingleUserModel {
  const own = su.extras.imagePullSecrets.filter((n) => !top.includes(n));
  return top.length === 0 ? su : { ...su, extras: { ...su.extras, imagePullSecrets: [...top, ...own] } };
}

/** The ServiceAccount's annotations: the prop's (checked), then `workload`'s (checked there). */
function resolveAnnotations(
  prop: string,
  value: { readonly [key: string]: string } | undefined,
  more: { readonly [key: string]: string },
) {
  if (value !== undefined) checkAnnotations(prop, value);
  return Object.keys(more).length === 0 ? value : { ...value, ...more };
}

/** Validates the props and fills in every default. */
export function resolveHubModel(props: HubProps): HubModel {
  const names = new HubNames(checkNamePrefix('namePrefix', props.namePrefix ?? ''));
  checkDerivedNames(names);
  const release = checkLabelValue('release', props.release ?? 'jupyterhub');
  if (release === '')
    fail('release', release, "must not be empty: it tells this hub's pods from another's (e.g. 'jupyterhub')");
  const { authenticator, adminAccess } = resolveAuthenticator(props);
  const baseUrl = checkUrlPrefix('baseUrl', props.baseUrl ?? '/');
  const database = (props.database ?? HubDatabase.sqlitePvc())._bind({ dataDir: HUB_PATHS.dataDir });
  const pod = resolveHubPod(props, {
    healthPath: `${baseUrl}hub/health`,
    sqliteClaim: database.claim !== undefined,
    hubName: names.hub,
  });
  const singleUser = withPullSecrets(resolveSingleUser(props, names), pod.imagePullSecrets);
  const traits = resolveHubTraits(props.traits, authenticator, singleUser.storage.lines);
  checkProfileGroups(singleUser.profiles, authenticator, traits);
  return {
    pod,
    service: resolveHubKubeService(props.service),
    names,
    release,
    image: checkPinnedImage('image', props.image ?? IMAGES.hub),
    baseUrl,
    concurrentSpawnLimit: checkNonNegativeInt('concurrentSpawnLimit', props.concurrentSpawnLimit ?? 64),
    activeServerLimit: checkNonNegativeInt('activeServerLimit', props.activeServerLimit ?? 0),
    adminAccess,
    authenticator,
    database,
    singleUser,
    secret: (props.secret ?? HubSecret.generated())._bind(names.hubSecret),
    resources: props.resources,
    networkPolicy: props.networkPolicy ?? true,
    networkPolicyRules: resolveComponentRules('networkPolicyRules', props.networkPolicyRules, props.networkPolicy, [
      { port: PORTS.hub, why: "the hub's API, which kernels and Dask workers must not reach" },
    ]),
    serviceAccountAnnotations: resolveAnnotations(
      'serviceAccountAnnotations',
      props.serviceAccountAnnotations,
      pod.workload.serviceAccountAnnotations,
    ),
    traits,
    extraConfig:
      props.extraConfig === undefined
        ? undefined
        : checkPythonBrackets('extraConfig', checkYamlText('extraConfig', props.extraConfig)),
  };
}
