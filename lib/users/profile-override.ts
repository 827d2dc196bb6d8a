/**
 * The `kubespawner_override` of one profile or choice: what it changes, validated against what
 * applies before it (the hub's settings, or the profile's for a choice), rendered so that
 * KubeSpawner's merge gives what the props say.
 * @internal
 */
import { Duration } from 'cdk8s';
import { extendedResources } from './extended-resources';
import { literalForKubeSpawner } from './kubespawner-template';
import { tolerationsOf } from './pod-placement';
import type { ProfileSettings } from './profile';
import type { PyValue } from '../core/python';
import { sizeBytes } from '../core/k8s';
import { checkDefaultUrl } from '../core/url-path';
import {
  checkCpu,
  checkEnvName,
  checkLabelMap,
  checkPinnedImage,
  checkSeconds,
  checkSize,
  checkYamlText,
  fail,
} from '../core/validate';

/** The server's settings a profile starts from. */
export interface ProfileBase {
  readonly image: string;
  readonly imagePullPolicy: string;
  /** The pull policy of a pinned image (a profile's): `singleUser.imagePullPolicy`, or IfNotPresent. */
  readonly pinnedPullPolicy: string;
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

/** What one level (profile or choice) sets, resolved against what applies before it. */
export interface Level {
  readonly image: string;
  readonly memGuaranteeBytes: number;
  readonly memLimitBytes?: number;
  readonly cpuGuarantee?: number;
  readonly cpuLimit?: number;
  readonly nodeSelector: { readonly [key: string]: string };
  readonly tolerations: readonly PyValue[];
  readonly extraResourceLimits: { readonly [name: string]: string };
}

/** A node pool of `singleUser.nodePools`, validated. */
export interface ResolvedNodePool {
  readonly nodeSelector: { [k: string]: string };
  readonly tolerations: PyValue[];
}

/** What an override is resolved with: the hub's settings, the node pools, and the images seen so far. */
export interface OverrideContext {
  readonly base: ProfileBase;
  readonly pools: ReadonlyMap<string, ResolvedNodePool>;
  readonly images: string[];
}

/** A `kubespawner_override` being built, by trait. */
type Override = { [trait: string]: PyValue | undefined };

function overrideImage(ctx: OverrideContext, prop: string, s: ProfileSettings, before: Level, o: Override): string {
  if (s.image === undefined) return before.image;
  const image = checkPinnedImage(`${prop}.image`, s.image);
  ctx.images.push(image);
  o.image = image;
  if (ctx.base.imagePullPolicy !== ctx.base.pinnedPullPolicy) o.image_pull_policy = ctx.base.pinnedPullPolicy;
  return image;
}

function overrideResources(prop: string, s: ProfileSettings, before: Level, o: Override) {
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
  return { memGuaranteeBytes: memG, memLimitBytes: memL, cpuGuarantee: cpuG, cpuLimit: cpuL };
}

function overrideExtendedResources(prop: string, s: ProfileSettings, before: Level, o: Override) {
  const resources = extendedResources(`${prop}.`, s.gpus, s.extraResourceLimits, true);
  if (Object.keys(resources).length > 0) o.extra_resource_limits = resources;
  const extraResourceLimits = { ...before.extraResourceLimits };
  for (const [k, v] of Object.entries(resources)) {
    if (v === null) delete extraResourceLimits[k];
    else extraResourceLimits[k] = v;
  }
  return extraResourceLimits;
}

/** The labels a level selects (its node pool's, then its own) and the pool's tolerations. */
function selection(ctx: OverrideContext, prop: string, s: ProfileSettings) {
  const selector: { [key: string]: string } = {};
  let poolTolerations: readonly PyValue[] = [];
  if (s.nodePool !== undefined) {
    const pool = ctx.pools.get(s.nodePool);
    if (!pool) {
      const known = [...ctx.pools.keys()].map((k) => `'${k}'`).join(', ');
      fail(
        `${prop}.nodePool`,
        s.nodePool,
        `is not a node pool of 'singleUser.nodePools' (${known || 'none declared'}): declare it there or fix the name`,
      );
    }
    Object.assign(selector, pool.nodeSelector);
    poolTolerations = pool.tolerations;
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
  return { selector, poolTolerations };
}

function overridePlacement(ctx: OverrideContext, prop: string, s: ProfileSettings, before: Level, o: Override) {
  let nodeSelector = before.nodeSelector;
  let tolerations = before.tolerations;
  if (s.nodePool !== undefined || s.nodeSelector !== undefined) {
    const { selector, poolTolerations } = selection(ctx, prop, s);
    if (s.nodePool !== undefined) tolerations = [...tolerations, ...poolTolerations];
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
  return { nodeSelector, tolerations };
}

function overrideServer(ctx: OverrideContext, prop: string, s: ProfileSettings, o: Override): void {
  if (s.env !== undefined) {
    const env: { [name: string]: string } = {};
    for (const [name, value] of Object.entries(s.env)) {
      checkEnvName(`${prop}.env`, name);
      if (name in ctx.base.env)
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
    o.default_url = checkDefaultUrl(`${prop}.defaultUrl`, s.defaultUrl);
  }
  if (s.cmd !== undefined) {
    if (s.cmd.length === 0 || s.cmd.some((a) => a === '' || a.includes('\0')))
      fail(`${prop}.cmd`, s.cmd, "must be a non-empty list of non-empty arguments, e.g. ['jupyterhub-singleuser']");
    o.cmd = s.cmd.map((a) => checkYamlText(`${prop}.cmd`, a));
  }
  if (s.startTimeout !== undefined) o.start_timeout = checkSeconds(`${prop}.startTimeout`, s.startTimeout as Duration);
}

/** `kubespawner_override` of one level and the state after it. */
export function profileOverride(
  ctx: OverrideContext,
  prop: string,
  s: ProfileSettings,
  before: Level,
): { override: Override; after: Level } {
  const o: Override = {};
  const image = overrideImage(ctx, prop, s, before, o);
  const resources = overrideResources(prop, s, before, o);
  const extraResourceLimits = overrideExtendedResources(prop, s, before, o);
  const placement = overridePlacement(ctx, prop, s, before, o);
  overrideServer(ctx, prop, s, o);
  return { override: o, after: { image, ...resources, ...placement, extraResourceLimits } };
}
