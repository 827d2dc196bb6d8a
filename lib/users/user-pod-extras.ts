/**
 * The users' pods beyond the basics: pull secrets, placement (tolerations, node affinity, the
 * hub's user node pool), lifecycle hooks, init and extra containers, extra volumes, extended
 * resources and the service account. Each is validated here and resolved into the values
 * KubeSpawner takes (plain data; camelCase Kubernetes fields, which KubeSpawner accepts), so the
 * config generator only writes them and the scheduling constructs (pre-puller, placeholders) can
 * place their pods like the users'.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { extendedResources, resourceGuarantees } from './extended-resources';
import { kubeSpawnerLiteralValue } from './kubespawner-template';
import type { NodePool } from './node-pool';
import {
  nodeSelectorTermOf,
  podAffinityTermOf,
  preferredTermOf,
  tolerationsOf,
  weightedPodAffinityTermOf,
} from './pod-placement';
import type { PyValue } from '../core/python';
import type { SingleUserOptions } from './single-user-options';
import type { UserContainer } from './user-container';
import { containerOf, execHook } from './user-containers';
import { checkDnsSubdomain, fail, show } from '../core/validate';

/** The resolved extras of the users' pods. */
export interface UserPodExtras {
  readonly imagePullSecrets: readonly string[];
  /** Tolerations as KubeSpawner takes them (and the placeholders and pre-puller copy). */
  readonly tolerations: readonly PyValue[];
  readonly nodeAffinityRequired: readonly PyValue[];
  readonly nodeAffinityPreferred: readonly PyValue[];
  /** Pod affinity and anti-affinity terms, by KubeSpawner trait (only the given ones). */
  readonly podAffinity: { readonly [trait: string]: readonly PyValue[] };
  readonly lifecycleHooks?: PyValue;
  readonly initContainers: readonly PyValue[];
  readonly extraContainers: readonly PyValue[];
  readonly volumes: readonly PyValue[];
  readonly volumeMounts: readonly PyValue[];
  /** Extended resources (GPUs) by name, as quantities. */
  readonly extraResourceLimits: { readonly [name: string]: string };
  /** Requests without a limit (`extra_resource_guarantees`), by name. */
  readonly extraResourceGuarantees: { readonly [name: string]: string };
  readonly serviceAccountName?: string;
  readonly automountServiceAccountToken: boolean;
  /** Images of the init and extra containers. */
  readonly containerImages: readonly string[];
  /** The prop paths of the init containers that run as root (`runAsRoot`). */
  readonly rootContainers: readonly string[];
  /** `c.KubeSpawner.allow_privilege_escalation`. */
  readonly allowPrivilegeEscalation: boolean;
}

type Ids = { uid: number; fsGid: number };

/** The extra volumes and their mounts, by volume name. */
function extraVolumesOf(su: SingleUserOptions) {
  const volumes: PyValue[] = [];
  const volumeMounts: PyValue[] = [];
  const mounts = new Map<string, PyValue>();
  (su.extraVolumes ?? []).forEach((v, i) => {
    const b = v._bind(`singleUser.extraVolumes[${i}]`);
    if (mounts.has(v.name))
      fail(`singleUser.extraVolumes[${i}].name`, v.name, 'is the name of another extra volume: give each its own');
    mounts.set(v.name, b.mount);
    volumes.push(b.volume);
    volumeMounts.push(b.mount);
  });
  return { volumes, volumeMounts, mounts };
}

/** The init and extra containers, each named once in the pod. */
function containersOf(
  su: SingleUserOptions,
  ids: Ids,
  reservedInitNames: readonly string[],
  mounts: Map<string, PyValue>,
) {
  const names = new Set<string>(['notebook', ...reservedInitNames]);
  const containers = (prop: string, list: readonly UserContainer[] | undefined, init: boolean) =>
    (list ?? []).map((c, i) => {
      if (names.has(c.name))
        fail(
          `${prop}[${i}].name`,
          c.name,
          'is already the name of a container of the user pod: give each container its own name',
        );
      names.add(c.name);
      return containerOf(`${prop}[${i}]`, c, ids, mounts, init);
    });
  return {
    initContainers: containers('singleUser.initContainers', su.initContainers, true),
    extraContainers: containers('singleUser.extraContainers', su.extraContainers, false),
  };
}

/** The pod (anti-)affinity terms given, by KubeSpawner trait. */
function podAffinityOf(su: SingleUserOptions): { [trait: string]: PyValue[] } {
  const out: { [trait: string]: PyValue[] } = {};
  const terms = <T>(trait: string, prop: string, list: readonly T[] | undefined, of: (p: string, t: T) => PyValue) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) fail(`singleUser.${prop}`, list, 'must be a list of terms');
    if (list.length > 0) out[trait] = list.map((t, i) => of(`singleUser.${prop}[${i}]`, t));
  };
  terms('pod_affinity_required', 'podAffinityRequired', su.podAffinityRequired, podAffinityTermOf);
  terms('pod_affinity_preferred', 'podAffinityPreferred', su.podAffinityPreferred, weightedPodAffinityTermOf);
  terms('pod_anti_affinity_required', 'podAntiAffinityRequired', su.podAntiAffinityRequired, podAffinityTermOf);
  terms(
    'pod_anti_affinity_preferred',
    'podAntiAffinityPreferred',
    su.podAntiAffinityPreferred,
    weightedPodAffinityTermOf,
  );
  return out;
}

function flagOf(prop: string, value: boolean | undefined): boolean {
  if (value !== undefined && typeof value !== 'boolean') fail(prop, value, 'must be true or false');
  return value ?? false;
}

function serviceAccountOf(su: SingleUserOptions) {
  const automount = su.automountServiceAccountToken ?? false;
  const serviceAccountName =
    su.serviceAccountName === undefined
      ? undefined
      : checkDnsSubdomain('singleUser.serviceAccountName', su.serviceAccountName);
  if (automount && serviceAccountName === undefined) {
    fail(
      'singleUser.automountServiceAccountToken',
      true,
      "would give every user server the token of the namespace's 'default' account: name a dedicated account in 'serviceAccountName'",
    );
  }
  return { serviceAccountName, automountServiceAccountToken: automount };
}

/** Validates and resolves the extras of the users' pods. `homeMountPath` and reserved names are checked against. */
export function resolveUserPodExtras(
  su: SingleUserOptions,
  ids: Ids,
  reservedInitNames: readonly string[],
): UserPodExtras {
  const imagePullSecrets = (su.imagePullSecrets ?? []).map((n) => checkDnsSubdomain('singleUser.imagePullSecrets', n));
  if (new Set(imagePullSecrets).size !== imagePullSecrets.length)
    fail('singleUser.imagePullSecrets', imagePullSecrets, 'lists a Secret twice: list each once');
  const { volumes, volumeMounts, mounts } = extraVolumesOf(su);
  const { initContainers, extraContainers } = containersOf(su, ids, reservedInitNames, mounts);
  const postStart = execHook('singleUser.postStartCommand', su.postStartCommand);
  const preStop = execHook('singleUser.preStopCommand', su.preStopCommand);
  const serviceAccount = serviceAccountOf(su);
  const extra = extendedResources('singleUser.', su.gpus, su.extraResourceLimits, false);
  return {
    imagePullSecrets,
    tolerations: tolerationsOf('singleUser.tolerations', su.tolerations),
    nodeAffinityRequired: (su.nodeAffinityRequired ?? []).map((t, i) =>
      nodeSelectorTermOf(`singleUser.nodeAffinityRequired[${i}]`, t),
    ),
    nodeAffinityPreferred: (su.nodeAffinityPreferred ?? []).map((t, i) =>
      preferredTermOf(`singleUser.nodeAffinityPreferred[${i}]`, t),
    ),
    podAffinity: podAffinityOf(su),
    lifecycleHooks: postStart || preStop ? { postStart, preStop } : undefined,
    initContainers,
    extraContainers,
    volumes,
    volumeMounts,
    extraResourceLimits: extra as { [name: string]: string },
    extraResourceGuarantees: resourceGuarantees(su.extraResourceGuarantees, extra),
    ...serviceAccount,
    containerImages: [...(su.initContainers ?? []), ...(su.extraContainers ?? [])].map((c) => c.image),
    allowPrivilegeEscalation: flagOf('singleUser.allowPrivilegeEscalation', su.allowPrivilegeEscalation),
    rootContainers: (su.initContainers ?? []).flatMap((c, i) =>
      c.runAsRoot ? [`singleUser.initContainers[${i}].runAsRoot`] : [],
    ),
  };
}

/**
 * The hub's user node pool merged into the users' pods as KubeSpawner takes them: its requirement
 * is added to every required term (terms are alternatives, so it must be in each), or its
 * preference appended; its tolerations appended.
 */
export function mergeUserNodePool(extras: UserPodExtras, pool: NodePool): UserPodExtras {
  const req = k8s.toJson_NodeSelectorRequirement({
    key: pool.labelKey,
    operator: 'In',
    values: [pool.labelValue],
  }) as PyValue;
  const terms = extras.nodeAffinityRequired as { matchExpressions?: PyValue[] }[];
  return {
    ...extras,
    nodeAffinityRequired: !pool.required
      ? extras.nodeAffinityRequired
      : terms.length === 0
        ? [{ matchExpressions: [req] }]
        : terms.map((t) => ({ ...t, matchExpressions: [...(t.matchExpressions ?? []), req] }) as PyValue),
    nodeAffinityPreferred: pool.required
      ? extras.nodeAffinityPreferred
      : [...extras.nodeAffinityPreferred, { weight: 100, preference: { matchExpressions: [req] } }],
    tolerations: [...extras.tolerations, ...tolerationsOf('userNodePool.tolerations', pool.podPlacement().tolerations)],
  };
}

/**
 * Mount paths of the server that must not collide: the storage's (first) and the extra volumes'.
 * Both are KubeSpawner templates, compared as the paths they expand to.
 */
export function checkMountPaths(
  storageMounts: readonly { readonly name: string; readonly mountPath: string }[],
  extras: readonly PyValue[],
): void {
  const seen = new Map<string, string>();
  for (const m of storageMounts) seen.set(kubeSpawnerLiteralValue(m.mountPath), m.name);
  for (const m of extras as { name: string; mountPath: string }[]) {
    const path = kubeSpawnerLiteralValue(m.mountPath);
    const other = seen.get(path);
    if (other !== undefined)
      fail(
        'singleUser.extraVolumes',
        m.name,
        `mounts at ${show(path)}, where volume '${other}' is mounted already: choose another mount path`,
      );
    seen.set(path, m.name);
  }
}
