/**
 * The users' pods beyond the basics: pull secrets, placement (tolerations, node affinity, node
 * pools), lifecycle hooks, init and extra containers, extra volumes, extended resources, the
 * service account, and the profile list. Each is validated here and resolved into the values
 * KubeSpawner takes (plain data; camelCase Kubernetes fields, which KubeSpawner accepts), so the
 * config generator only writes them and the scheduling constructs (pre-puller, placeholders) can
 * place their pods like the users'.
 * @internal
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { KUBESPAWNER_PLACEHOLDERS, literalForKubeSpawner } from './kubespawner-template';
import type { PyValue } from '../core/python';
import type { ProfileChoice, ProfileOption, ProfileSettings, SingleUserProfile, UserNodePool } from './profile';
import type { SingleUserOptions, UserContainer } from './single-user';
import { sizeBytes, sizeQuantity } from '../core/k8s';
import {
  checkCpu,
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnvName,
  checkLabelMap,
  checkLabelValue,
  checkPinnedImage,
  checkQualifiedName,
  checkSeconds,
  checkSize,
  checkYamlText,
  fail,
  show,
} from '../core/validate';

/** The resolved extras of the users' pods. */
export interface UserPodExtras {
  readonly imagePullSecrets: readonly string[];
  /** Tolerations as KubeSpawner takes them (and the placeholders and pre-puller copy). */
  readonly tolerations: readonly PyValue[];
  readonly nodeAffinityRequired: readonly PyValue[];
  readonly nodeAffinityPreferred: readonly PyValue[];
  readonly lifecycleHooks?: PyValue;
  readonly initContainers: readonly PyValue[];
  readonly extraContainers: readonly PyValue[];
  readonly volumes: readonly PyValue[];
  readonly volumeMounts: readonly PyValue[];
  /** Extended resources (GPUs) by name, as quantities. */
  readonly extraResourceLimits: { readonly [name: string]: string };
  readonly serviceAccountName?: string;
  readonly automountServiceAccountToken: boolean;
  /** Images of the init and extra containers. */
  readonly containerImages: readonly string[];
}

/** The server's settings a profile starts from. */
export interface ProfileBase {
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly memGuaranteeBytes: number;
  readonly memLimitBytes?: number;
  readonly cpuGuarantee?: number;
  readonly cpuLimit?: number;
  readonly nodeSelector: { readonly [key: string]: string };
  readonly tolerations: readonly PyValue[];
  readonly extraResourceLimits: { readonly [name: string]: string };
  readonly env: { readonly [name: string]: unknown };
  readonly uid: number;
  readonly fsGid: number;
}

/** The resolved profile list. */
export interface ProfileListModel {
  /** `c.KubeSpawner.profile_list`. */
  readonly profileList: PyValue;
  /** Every image a profile or choice sets (pinned). */
  readonly images: readonly string[];
}

const SLUG = /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$/;
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const GPU = 'nvidia.com/gpu';

/** A KubeSpawner template string: only known `{placeholders}`, literal braces doubled. */
export function checkKubeSpawnerTemplate(prop: string, value: string): string {
  checkYamlText(prop, value);
  const stripped = value.replace(/\{\{|\}\}/g, '').replace(/\{(\w*)\}/g, (_w, name: string) => {
    if (!KUBESPAWNER_PLACEHOLDERS.includes(name)) {
      fail(
        prop,
        value,
        `uses {${name}}, which KubeSpawner does not know (it expands ${KUBESPAWNER_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}): write a literal brace as '{{' or '}}'`,
      );
    }
    return '';
  });
  if (/[{}]/.test(stripped))
    fail(
      prop,
      value,
      "has an unbalanced '{' or '}': KubeSpawner would fail every spawn; write a literal brace as '{{' or '}}'",
    );
  return value;
}

/** A slug of a profile, option or choice. */
function checkSlug(prop: string, value: string): string {
  if (value.length > 63 || !SLUG.test(value) || value.includes('--')) {
    fail(
      prop,
      value,
      "must be at most 63 lower-case letters, digits, '-' and '_', starting and ending with a letter or digit, without '--' (KubeSpawner joins slugs with '--'), e.g. 'gpu-large'",
    );
  }
  return value;
}

function checkText(prop: string, value: string): string {
  if (value.trim() === '') fail(prop, value, 'must not be empty');
  return checkYamlText(prop, value, true);
}

function tolerationOf(prop: string, t: k8s.Toleration): PyValue {
  const operator = t.operator ?? 'Equal';
  if (!TOLERATION_OPERATORS.includes(operator)) fail(`${prop}.operator`, operator, "must be 'Equal' or 'Exists'");
  if (t.key !== undefined) checkQualifiedName(`${prop}.key`, t.key);
  else if (operator !== 'Exists')
    fail(`${prop}.key`, t.key, "is required unless the operator is 'Exists' (which then tolerates every taint)");
  if (operator === 'Exists' && t.value !== undefined && t.value !== '')
    fail(`${prop}.value`, t.value, "must be left out with the operator 'Exists'");
  if (t.value !== undefined) checkLabelValue(`${prop}.value`, t.value);
  if (t.effect !== undefined && !TAINT_EFFECTS.includes(t.effect))
    fail(`${prop}.effect`, t.effect, "must be 'NoSchedule', 'PreferNoSchedule' or 'NoExecute' (or left out for all)");
  if (t.tolerationSeconds !== undefined) {
    if (t.effect !== 'NoExecute')
      fail(`${prop}.tolerationSeconds`, t.tolerationSeconds, "only applies with the effect 'NoExecute'");
    if (!Number.isInteger(t.tolerationSeconds))
      fail(`${prop}.tolerationSeconds`, t.tolerationSeconds, 'must be a whole number of seconds');
  }
  return k8s.toJson_Toleration(t) as PyValue;
}

export function tolerationsOf(prop: string, list: readonly k8s.Toleration[] | undefined): PyValue[] {
  return (list ?? []).map((t, i) => tolerationOf(`${prop}[${i}]`, t));
}

function checkRequirements(
  prop: string,
  reqs: readonly k8s.NodeSelectorRequirement[] | undefined,
  fields: boolean,
): void {
  (reqs ?? []).forEach((r, i) => {
    const p = `${prop}[${i}]`;
    if (fields) {
      if (r.key !== 'metadata.name')
        fail(`${p}.key`, r.key, "must be 'metadata.name' (the only node field a selector can use)");
    } else checkQualifiedName(`${p}.key`, r.key);
    if (!NODE_OPERATORS.includes(r.operator))
      fail(`${p}.operator`, r.operator, `must be one of ${NODE_OPERATORS.join(', ')}`);
    const values = r.values ?? [];
    if ((r.operator === 'In' || r.operator === 'NotIn') && values.length === 0)
      fail(`${p}.values`, values, `must list at least one value for '${r.operator}'`);
    if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && values.length > 0)
      fail(`${p}.values`, values, `must be empty for '${r.operator}'`);
    if ((r.operator === 'Gt' || r.operator === 'Lt') && (values.length !== 1 || !/^-?[0-9]+$/.test(values[0]))) {
      fail(`${p}.values`, values, `must be one whole number for '${r.operator}'`);
    }
    values.forEach((v) => checkLabelValue(`${p}.values`, v));
  });
}

function nodeSelectorTermOf(prop: string, term: k8s.NodeSelectorTerm): PyValue {
  if ((term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0) {
    fail(prop, term, 'must have matchExpressions or matchFields: an empty term matches no node');
  }
  checkRequirements(`${prop}.matchExpressions`, term.matchExpressions, false);
  checkRequirements(`${prop}.matchFields`, term.matchFields, true);
  return k8s.toJson_NodeSelectorTerm(term) as PyValue;
}

function preferredTermOf(prop: string, term: k8s.PreferredSchedulingTerm): PyValue {
  if (!Number.isInteger(term.weight) || term.weight < 1 || term.weight > 100)
    fail(`${prop}.weight`, term.weight, 'must be a whole number from 1 to 100');
  nodeSelectorTermOf(`${prop}.preference`, term.preference);
  return k8s.toJson_PreferredSchedulingTerm(term) as PyValue;
}

/** Extended resources (GPUs) as quantities; `cpu`, `memory` and unprefixed names are refused. */
function extendedResources(
  prop: string,
  gpus: number | undefined,
  extra: { readonly [name: string]: number } | undefined,
  allowZero: boolean,
): { [name: string]: string | null } {
  const out: { [name: string]: string | null } = {};
  const add = (p: string, name: string, n: number) => {
    checkQualifiedName(p, name, 'resource name');
    if (!name.includes('/') || name.startsWith('kubernetes.io/') || name.startsWith('requests.')) {
      fail(
        p,
        name,
        "must be an extended resource with a domain prefix, e.g. 'nvidia.com/gpu' (CPU and memory have their own props)",
      );
    }
    if (!Number.isInteger(n) || n < 0 || (n === 0 && !allowZero))
      fail(`${p}['${name}']`, n, `must be a whole number of at least ${allowZero ? 0 : 1}`);
    if (name in out) fail(p, name, "is set twice ('gpus' is 'nvidia.com/gpu'): set it once");
    out[name] = n === 0 ? null : String(n);
  };
  if (gpus !== undefined) add(`${prop}gpus`, GPU, gpus);
  for (const [name, n] of Object.entries(extra ?? {})) add(`${prop}extraResourceLimits`, name, n);
  return out;
}

function securityContext(uid: number, fsGid: number): PyValue {
  return {
    runAsUser: uid,
    runAsGroup: fsGid,
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

function containerResources(prop: string, r: kplus.ContainerResources | undefined): PyValue {
  const cpuReq = r?.cpu?.request?.amount ?? '50m';
  const cpuLim = r?.cpu?.limit?.amount ?? '500m';
  const memReq = checkSize(`${prop}.memory.request`, r?.memory?.request ?? Size.mebibytes(64));
  const memLim = checkSize(`${prop}.memory.limit`, r?.memory?.limit ?? Size.mebibytes(256));
  if (checkCpu(`${prop}.cpu.limit`, cpuLim) < checkCpu(`${prop}.cpu.request`, cpuReq))
    fail(`${prop}.cpu.limit`, cpuLim, `must be at least the CPU request (${cpuReq})`);
  if (memLim.toKibibytes() < memReq.toKibibytes())
    fail(`${prop}.memory.limit`, sizeQuantity(memLim), `must be at least the memory request (${sizeQuantity(memReq)})`);
  return {
    requests: { cpu: cpuReq, memory: sizeQuantity(memReq) },
    limits: { cpu: cpuLim, memory: sizeQuantity(memLim) },
  };
}

function containerOf(
  prop: string,
  c: UserContainer,
  ids: { uid: number; fsGid: number },
  mounts: Map<string, PyValue>,
): PyValue {
  checkDnsLabel(`${prop}.name`, c.name);
  const image = checkPinnedImage(`${prop}.image`, c.image);
  const argv = (p: string, list: readonly string[] | undefined) => list?.map((a) => checkKubeSpawnerTemplate(p, a));
  const env = Object.entries(c.env ?? {}).map(([name, value]) => ({
    name: checkEnvName(`${prop}.env`, name),
    value: literalForKubeSpawner(checkYamlText(`${prop}.env['${name}']`, value)),
  }));
  const volumeMounts = (c.volumes ?? []).map((v) => {
    const m = mounts.get(v);
    if (m === undefined)
      fail(
        `${prop}.volumes`,
        v,
        `is not a volume of 'singleUser.extraVolumes' (${[...mounts.keys()].map((k) => `'${k}'`).join(', ') || 'none'}): add it there`,
      );
    return m;
  });
  return {
    name: c.name,
    image,
    imagePullPolicy: 'IfNotPresent',
    command: argv(`${prop}.command`, c.command),
    args: argv(`${prop}.args`, c.args),
    env: env.length > 0 ? env : undefined,
    resources: containerResources(`${prop}.resources`, c.resources),
    securityContext: securityContext(ids.uid, ids.fsGid),
    volumeMounts: volumeMounts.length > 0 ? volumeMounts : undefined,
  };
}

function execHook(prop: string, command: readonly string[] | undefined): PyValue | undefined {
  if (command === undefined) return undefined;
  if (command.length === 0 || command.some((a) => a === '' || a.includes('\0')))
    fail(
      prop,
      command,
      "must be a non-empty list of non-empty arguments, e.g. ['sh', '-c', 'cp -rn /srv/course/. ~/']",
    );
  command.forEach((a) => checkYamlText(prop, a));
  return { exec: { command: [...command] } };
}

/** Validates and resolves the extras of the users' pods. `homeMountPath` and reserved names are checked against. */
export function resolveUserPodExtras(
  su: SingleUserOptions,
  ids: { uid: number; fsGid: number },
  reservedInitNames: readonly string[],
): UserPodExtras {
  const imagePullSecrets = (su.imagePullSecrets ?? []).map((n) => checkDnsSubdomain('singleUser.imagePullSecrets', n));
  if (new Set(imagePullSecrets).size !== imagePullSecrets.length)
    fail('singleUser.imagePullSecrets', imagePullSecrets, 'lists a Secret twice: list each once');
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
  const names = new Set<string>(['notebook', ...reservedInitNames]);
  const containers = (prop: string, list: readonly UserContainer[] | undefined) =>
    (list ?? []).map((c, i) => {
      if (names.has(c.name))
        fail(
          `${prop}[${i}].name`,
          c.name,
          'is already the name of a container of the user pod: give each container its own name',
        );
      names.add(c.name);
      return containerOf(`${prop}[${i}]`, c, ids, mounts);
    });
  const initContainers = containers('singleUser.initContainers', su.initContainers);
  const extraContainers = containers('singleUser.extraContainers', su.extraContainers);
  const postStart = execHook('singleUser.postStartCommand', su.postStartCommand);
  const preStop = execHook('singleUser.preStopCommand', su.preStopCommand);
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
    lifecycleHooks: postStart || preStop ? { postStart, preStop } : undefined,
    initContainers,
    extraContainers,
    volumes,
    volumeMounts,
    extraResourceLimits: extra as { [name: string]: string },
    serviceAccountName,
    automountServiceAccountToken: automount,
    containerImages: [...(su.initContainers ?? []), ...(su.extraContainers ?? [])].map((c) => c.image),
  };
}

/** Mount paths of the server that must not collide. */
export function checkMountPaths(homeMountPath: string | undefined, extras: readonly PyValue[]): void {
  const seen = new Map<string, string>();
  if (homeMountPath !== undefined) seen.set(homeMountPath, 'home');
  for (const m of extras as { name: string; mountPath: string }[]) {
    const path = m.mountPath.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
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

/** Node pools by name, validated. */
function resolveNodePools(
  pools: readonly UserNodePool[] | undefined,
): Map<string, { nodeSelector: { [k: string]: string }; tolerations: PyValue[] }> {
  const out = new Map<string, { nodeSelector: { [k: string]: string }; tolerations: PyValue[] }>();
  (pools ?? []).forEach((p, i) => {
    const prop = `singleUser.nodePools[${i}]`;
    checkDnsLabel(`${prop}.name`, p.name);
    if (out.has(p.name)) fail(`${prop}.name`, p.name, 'names another pool too: give each pool its own name');
    if (Object.keys(p.nodeSelector).length === 0)
      fail(
        `${prop}.nodeSelector`,
        p.nodeSelector,
        "must have at least one label, e.g. { 'cloud.google.com/gke-nodepool': 'gpu' }",
      );
    checkLabelMap(`${prop}.nodeSelector`, p.nodeSelector);
    out.set(p.name, {
      nodeSelector: { ...p.nodeSelector },
      tolerations: tolerationsOf(`${prop}.tolerations`, p.tolerations),
    });
  });
  return out;
}

/** What one level (profile or choice) sets, resolved against what applies before it. */
interface Level {
  readonly image: string;
  readonly memGuaranteeBytes: number;
  readonly memLimitBytes?: number;
  readonly cpuGuarantee?: number;
  readonly cpuLimit?: number;
  readonly nodeSelector: { readonly [key: string]: string };
  readonly tolerations: readonly PyValue[];
  readonly extraResourceLimits: { readonly [name: string]: string };
}

class ProfileResolver {
  public readonly images: string[] = [];
  private readonly pools: ReturnType<typeof resolveNodePools>;

  public constructor(
    private readonly base: ProfileBase,
    pools: readonly UserNodePool[] | undefined,
  ) {
    this.pools = resolveNodePools(pools);
  }

  /** `kubespawner_override` of one level and the state after it. */
  public override(
    prop: string,
    s: ProfileSettings,
    before: Level,
  ): { override: { [trait: string]: PyValue | undefined }; after: Level } {
    const o: { [trait: string]: PyValue | undefined } = {};
    let image = before.image;
    if (s.image !== undefined) {
      image = checkPinnedImage(`${prop}.image`, s.image);
      this.images.push(image);
      o.image = image;
      if (this.base.imagePullPolicy !== 'IfNotPresent') o.image_pull_policy = 'IfNotPresent';
    }
    const memG =
      s.memoryGuarantee === undefined
        ? before.memGuaranteeBytes
        : sizeBytes(checkSize(`${prop}.memoryGuarantee`, s.memoryGuarantee));
    const memL =
      s.memoryLimit === undefined ? before.memLimitBytes : sizeBytes(checkSize(`${prop}.memoryLimit`, s.memoryLimit));
    if (memL !== undefined && memL < memG) {
      fail(
        `${prop}.memoryLimit`,
        `${memL} bytes`,
        `must be at least the memory guarantee that applies (${memG} bytes, from this profile or the hub's singleUser): raise the limit or lower the guarantee`,
      );
    }
    const cpuG =
      s.cpuGuarantee === undefined ? before.cpuGuarantee : checkCpu(`${prop}.cpuGuarantee`, s.cpuGuarantee.amount);
    const cpuL = s.cpuLimit === undefined ? before.cpuLimit : checkCpu(`${prop}.cpuLimit`, s.cpuLimit.amount);
    if (cpuL !== undefined && cpuG !== undefined && cpuL < cpuG)
      fail(`${prop}.cpuLimit`, cpuL, `must be at least the CPU guarantee that applies (${cpuG})`);
    if (s.memoryGuarantee !== undefined) o.mem_guarantee = memG;
    if (s.memoryLimit !== undefined) o.mem_limit = memL;
    if (s.cpuGuarantee !== undefined) o.cpu_guarantee = cpuG;
    if (s.cpuLimit !== undefined) o.cpu_limit = cpuL;

    const resources = extendedResources(`${prop}.`, s.gpus, s.extraResourceLimits, true);
    if (Object.keys(resources).length > 0) o.extra_resource_limits = resources;
    const extraResourceLimits = { ...before.extraResourceLimits };
    for (const [k, v] of Object.entries(resources)) {
      if (v === null) delete extraResourceLimits[k];
      else extraResourceLimits[k] = v;
    }

    let nodeSelector = before.nodeSelector;
    let tolerations = before.tolerations;
    if (s.nodePool !== undefined || s.nodeSelector !== undefined) {
      const selector: { [key: string]: string } = {};
      if (s.nodePool !== undefined) {
        const pool = this.pools.get(s.nodePool);
        if (!pool) {
          const known = [...this.pools.keys()].map((k) => `'${k}'`).join(', ');
          fail(
            `${prop}.nodePool`,
            s.nodePool,
            `is not a node pool of 'singleUser.nodePools' (${known || 'none declared'}): declare it there or fix the name`,
          );
        }
        Object.assign(selector, pool.nodeSelector);
        tolerations = [...tolerations, ...pool.tolerations];
      }
      checkLabelMap(`${prop}.nodeSelector`, s.nodeSelector ?? {});
      for (const [k, v] of Object.entries(s.nodeSelector ?? {})) {
        if (k in selector && selector[k] !== v)
          fail(
            `${prop}.nodeSelector`,
            k,
            `is '${v}' here and '${selector[k]}' in node pool '${s.nodePool}': no node has both`,
          );
        selector[k] = v;
      }
      // KubeSpawner merges dictionaries: the labels that applied before are removed (None), so
      // the profile's selection replaces the hub's instead of adding to it.
      const merged: { [key: string]: string | null } = {};
      for (const k of Object.keys(before.nodeSelector)) if (!(k in selector)) merged[k] = null;
      o.node_selector = { ...merged, ...selector };
      nodeSelector = selector;
    }
    const own = tolerationsOf(`${prop}.tolerations`, s.tolerations);
    if (own.length > 0) tolerations = [...tolerations, ...own];
    // KubeSpawner replaces lists: the override lists what applied before, plus this level's.
    if (tolerations !== before.tolerations) o.tolerations = tolerations as PyValue[];

    if (s.env !== undefined) {
      const env: { [name: string]: string } = {};
      for (const [name, value] of Object.entries(s.env)) {
        checkEnvName(`${prop}.env`, name);
        if (name in this.base.env)
          fail(
            `${prop}.env`,
            name,
            'is set by the hub itself (derived from its props or an integration): a profile cannot change it',
          );
        env[name] = literalForKubeSpawner(checkYamlText(`${prop}.env['${name}']`, value));
      }
      o.environment = env;
    }
    if (s.defaultUrl !== undefined) {
      if (!s.defaultUrl.startsWith('/')) fail(`${prop}.defaultUrl`, s.defaultUrl, "must start with '/', e.g. '/lab'");
      o.default_url = checkYamlText(`${prop}.defaultUrl`, s.defaultUrl, true);
    }
    if (s.cmd !== undefined) {
      if (s.cmd.length === 0 || s.cmd.some((a) => a === '' || a.includes('\0')))
        fail(`${prop}.cmd`, s.cmd, "must be a non-empty list of non-empty arguments, e.g. ['jupyterhub-singleuser']");
      o.cmd = s.cmd.map((a) => checkYamlText(`${prop}.cmd`, a));
    }
    if (s.startTimeout !== undefined)
      o.start_timeout = checkSeconds(`${prop}.startTimeout`, s.startTimeout as Duration);
    return {
      override: o,
      after: {
        image,
        memGuaranteeBytes: memG,
        memLimitBytes: memL,
        cpuGuarantee: cpuG,
        cpuLimit: cpuL,
        nodeSelector,
        tolerations,
        extraResourceLimits,
      },
    };
  }

  public profile(prop: string, p: SingleUserProfile): PyValue {
    checkSlug(`${prop}.slug`, p.slug);
    const start: Level = {
      image: this.base.image,
      memGuaranteeBytes: this.base.memGuaranteeBytes,
      memLimitBytes: this.base.memLimitBytes,
      cpuGuarantee: this.base.cpuGuarantee,
      cpuLimit: this.base.cpuLimit,
      nodeSelector: this.base.nodeSelector,
      tolerations: this.base.tolerations,
      extraResourceLimits: this.base.extraResourceLimits,
    };
    const { override, after } = this.override(prop, p, start);
    const options: { [slug: string]: PyValue } = {};
    (p.options ?? []).forEach((opt, i) => {
      const oprop = `${prop}.options[${i}]`;
      checkSlug(`${oprop}.slug`, opt.slug);
      if (opt.slug in options)
        fail(`${oprop}.slug`, opt.slug, 'is the slug of another option of this profile: give each its own');
      options[opt.slug] = this.option(oprop, opt, after);
    });
    return {
      display_name: checkText(`${prop}.displayName`, p.displayName),
      slug: p.slug,
      description: p.description === undefined ? undefined : checkText(`${prop}.description`, p.description),
      default: p.default ? true : undefined,
      kubespawner_override: Object.keys(override).length > 0 ? override : undefined,
      profile_options: Object.keys(options).length > 0 ? options : undefined,
    };
  }

  private option(prop: string, opt: ProfileOption, after: Level): PyValue {
    if (opt.choices.length === 0) {
      fail(
        `${prop}.choices`,
        opt.choices,
        'must list at least one choice: with a free-form field alone there is no default, and KubeSpawner fails a spawn that names no value',
      );
    }
    const defaults = opt.choices.filter((c) => c.default);
    if (defaults.length !== 1) {
      fail(
        `${prop}.choices`,
        defaults.map((c) => c.slug),
        'must have exactly one default choice (default: true), the one a spawn without a choice gets',
      );
    }
    const choices: { [slug: string]: PyValue } = {};
    opt.choices.forEach((c: ProfileChoice, j) => {
      const cprop = `${prop}.choices[${j}]`;
      checkSlug(`${cprop}.slug`, c.slug);
      if (c.slug in choices)
        fail(`${cprop}.slug`, c.slug, 'is the slug of another choice of this option: give each its own');
      const { override } = this.override(cprop, c, after);
      choices[c.slug] = {
        display_name: checkText(`${cprop}.displayName`, c.displayName),
        default: c.default ? true : undefined,
        kubespawner_override: Object.keys(override).length > 0 ? override : undefined,
      };
    });
    return {
      display_name: checkText(`${prop}.displayName`, opt.displayName),
      choices,
      unlisted_choice: opt.freeForm === undefined ? undefined : this.freeForm(`${prop}.freeForm`, opt),
    };
  }

  private freeForm(prop: string, opt: ProfileOption): PyValue {
    const f = opt.freeForm!;
    const source = f.validationRegex;
    if (!source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) {
      fail(
        `${prop}.validationRegex`,
        source,
        "must be anchored at both ends ('^...$'): KubeSpawner uses re.match, which anchors only the start",
      );
    }
    if (/\(\?P|\(\?</.test(source))
      fail(
        `${prop}.validationRegex`,
        source,
        'must not use named groups or lookbehind: write it in the syntax Python and JavaScript share',
      );
    let re: RegExp;
    try {
      re = new RegExp(source);
    } catch (e) {
      fail(`${prop}.validationRegex`, source, `is not a valid regular expression: ${(e as Error).message}`);
    }
    const example = checkPinnedImage(`${prop}.example`, f.example);
    if (!re.test(example))
      fail(`${prop}.example`, example, `does not match 'validationRegex' (${source}): fix one of them`);
    const untagged = example.replace(/(@sha256:[a-f0-9]+)$/, '').replace(/:[\w][\w.-]*$/, '');
    for (const unpinned of [untagged, `${untagged}:latest`]) {
      if (re.test(unpinned)) {
        fail(
          `${prop}.validationRegex`,
          source,
          `accepts the unpinned image ${show(unpinned)}: require a tag other than 'latest' (e.g. end the expression with ':(?!latest$)[0-9A-Za-z_][0-9A-Za-z_.-]*$')`,
        );
      }
    }
    if (/[{}]/.test(source.replace(/\{\d+(,\d*)?\}/g, '')))
      fail(`${prop}.validationRegex`, source, "must not allow '{' or '}' in values");
    return {
      enabled: true,
      display_name: checkText(`${prop}.displayName`, f.displayName),
      display_name_in_choices:
        f.displayNameInChoices === undefined
          ? undefined
          : checkText(`${prop}.displayNameInChoices`, f.displayNameInChoices),
      validation_regex: source,
      validation_message:
        f.validationMessage === undefined ? undefined : checkText(`${prop}.validationMessage`, f.validationMessage),
      // KubeSpawner puts the typed value where '{value}' is.
      kubespawner_override: {
        image: '{value}',
        ...(this.base.imagePullPolicy !== 'IfNotPresent' ? { image_pull_policy: 'IfNotPresent' } : {}),
      },
    };
  }
}

/** Validates the profiles and renders `profile_list`. */
export function resolveProfiles(
  profiles: readonly SingleUserProfile[] | undefined,
  base: ProfileBase,
  pools: readonly UserNodePool[] | undefined,
): ProfileListModel | undefined {
  const r = new ProfileResolver(base, pools);
  if (profiles === undefined) return undefined;
  if (profiles.length === 0) fail('singleUser.profiles', profiles, 'must list at least one profile, or be left out');
  const slugs = new Set<string>();
  profiles.forEach((p, i) => {
    if (slugs.has(p.slug))
      fail(
        `singleUser.profiles[${i}].slug`,
        p.slug,
        'is the slug of another profile: slugs tell profiles apart in the spawn form and the REST API, give each its own',
      );
    slugs.add(p.slug);
  });
  const defaults = profiles.filter((p) => p.default);
  if (defaults.length !== 1) {
    fail(
      'singleUser.profiles',
      defaults.map((p) => p.slug),
      'must have exactly one default profile (default: true), the one a server started through the API without a profile gets',
    );
  }
  const profileList = profiles.map((p, i) => r.profile(`singleUser.profiles[${i}]`, p));
  return { profileList, images: [...new Set(r.images)] };
}

/** Checks the node pools even without profiles (a typo in an unused pool is still a typo). */
export function checkNodePools(pools: readonly UserNodePool[] | undefined): void {
  resolveNodePools(pools);
}
