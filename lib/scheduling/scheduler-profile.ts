/**
 * The user scheduler's profile: which score plugins rank the nodes, with which weights, and the
 * `NodeResourcesFit` scoring strategy, a typed subset of a KubeSchedulerConfiguration profile
 * (z2jh's `scheduling.userScheduler.plugins` and `pluginConfig`).
 */
import { fail } from '../core/validate';

/**
 * An in-tree score plugin of kube-scheduler: one of the default plugins that every
 * kube-scheduler this library pins (1.27 to 1.36, `KUBE_SCHEDULER_IMAGES`) enables with a score
 * weight (kubernetes pkg/scheduler/apis/config/v1/default_plugins.go, `getDefaultPlugins`: the
 * weighted entries of `multiPoint`), plus VolumeBinding, which z2jh leaves scoring. A name
 * kube-scheduler does not know, or a plugin enabled where it does not extend, stops it at start.
 */
export enum ScorePlugin {
  /** Nodes that have the pod's images score higher. */
  IMAGE_LOCALITY = 'ImageLocality',
  /** The pod's preferred (inter-)pod affinity and anti-affinity. */
  INTER_POD_AFFINITY = 'InterPodAffinity',
  /** The pod's preferred node affinity. */
  NODE_AFFINITY = 'NodeAffinity',
  /** Nodes whose resources would stay balanced score higher (works against packing). */
  NODE_RESOURCES_BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation',
  /** Nodes by their requested resources, as the scoring strategy says. */
  NODE_RESOURCES_FIT = 'NodeResourcesFit',
  /** The pod's topology spread constraints. */
  POD_TOPOLOGY_SPREAD = 'PodTopologySpread',
  /** Nodes with fewer intolerable `PreferNoSchedule` taints score higher. */
  TAINT_TOLERATION = 'TaintToleration',
  /** Nodes by the volumes they can bind. */
  VOLUME_BINDING = 'VolumeBinding',
}

/** A score plugin enabled with a weight. */
export interface WeightedScorePlugin {
  /** The plugin. */
  readonly plugin: ScorePlugin;
  /** Its weight: a node's score from it is multiplied by this (a whole number from 1 to 2147483647). */
  readonly weight: number;
}

/**
 * The score plugins of the user scheduler's profile, as a KubeSchedulerConfiguration's
 * `plugins.score`. A plugin listed in `enabled` is disabled among kube-scheduler's defaults
 * first, so listing a default plugin gives it a new weight (the disable-then-enable z2jh spells
 * out). Each list left out keeps Zero to JupyterHub's (Helm merges the two the same way).
 */
export interface ScorePluginsOptions {
  /**
   * Plugins enabled with weights.
   * @default - NodeAffinity 14631, InterPodAffinity 1331, NodeResourcesFit 121, ImageLocality 11 (z2jh's)
   */
  readonly enabled?: WeightedScorePlugin[];
  /**
   * kube-scheduler's default score plugins to turn off.
   * @default - NodeResourcesBalancedAllocation, NodeAffinity, InterPodAffinity, NodeResourcesFit and ImageLocality (z2jh's)
   */
  readonly disabled?: ScorePlugin[];
}

/** How `NodeResourcesFit` scores a node by what its pods request. */
export enum ScoringStrategyType {
  /** The busiest node first: packs pods, so a cluster autoscaler can remove emptied nodes (z2jh's). */
  MOST_ALLOCATED = 'MostAllocated',
  /** The emptiest node first: spreads pods (kube-scheduler's default). */
  LEAST_ALLOCATED = 'LeastAllocated',
}

/** A resource `NodeResourcesFit` scores by. */
export interface ResourceWeight {
  /** The resource: `cpu`, `memory`, `ephemeral-storage` or an extended resource such as `nvidia.com/gpu`. */
  readonly name: string;
  /** Its weight, a whole number from 1 to 100 (kube-scheduler refuses others). */
  readonly weight: number;
}

/** `NodeResourcesFit`'s scoring strategy (its `pluginConfig` args). */
export interface ScoringStrategyOptions {
  /**
   * The strategy.
   * @default ScoringStrategyType.MOST_ALLOCATED
   */
  readonly type?: ScoringStrategyType;
  /**
   * The resources scored, with their weights.
   * @default - cpu 1, memory 1
   */
  readonly resources?: ResourceWeight[];
}

/** Zero to JupyterHub 4.4.0's score plugins (jupyterhub/values.yaml:460-509). */
const Z2JH_ENABLED: readonly WeightedScorePlugin[] = [
  { plugin: ScorePlugin.NODE_AFFINITY, weight: 14631 },
  { plugin: ScorePlugin.INTER_POD_AFFINITY, weight: 1331 },
  { plugin: ScorePlugin.NODE_RESOURCES_FIT, weight: 121 },
  { plugin: ScorePlugin.IMAGE_LOCALITY, weight: 11 },
];
const Z2JH_DISABLED: readonly ScorePlugin[] = [
  ScorePlugin.NODE_RESOURCES_BALANCED_ALLOCATION,
  ScorePlugin.NODE_AFFINITY,
  ScorePlugin.INTER_POD_AFFINITY,
  ScorePlugin.NODE_RESOURCES_FIT,
  ScorePlugin.IMAGE_LOCALITY,
];

const RESOURCE_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function checkPlugin(prop: string, value: unknown): ScorePlugin {
  const known = Object.values(ScorePlugin) as string[];
  if (!known.includes(value as string))
    fail(
      prop,
      value,
      `must be a score plugin of every pinned kube-scheduler: one of ${known.join(', ')} (ScorePlugin)`,
    );
  return value as ScorePlugin;
}

function checkWeight(prop: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max)
    fail(prop, value, `must be a whole number from 1 to ${max}`);
  return value;
}

/** The profile's `plugins.score`. */
function scorePlugins(given: ScorePluginsOptions | undefined): object {
  const enabled = (given?.enabled ?? Z2JH_ENABLED).map((p, i) => ({
    name: checkPlugin(`scorePlugins.enabled[${i}].plugin`, p?.plugin),
    weight: checkWeight(`scorePlugins.enabled[${i}].weight`, p?.weight, 2147483647),
  }));
  const names = enabled.map((p) => p.name as string);
  if (new Set(names).size !== names.length)
    fail('scorePlugins.enabled', names, 'lists a plugin twice: list each once, with one weight');
  const disabled = (given?.disabled ?? Z2JH_DISABLED).map((p, i) => checkPlugin(`scorePlugins.disabled[${i}]`, p));
  // A default plugin enabled again must be disabled first (kube-scheduler refuses it twice).
  const off = [...new Set([...disabled, ...names])];
  return { score: { disabled: off.map((name) => ({ name })), enabled } };
}

/** The profile's `pluginConfig`: NodeResourcesFit's scoring strategy. */
function pluginConfig(given: ScoringStrategyOptions | undefined): object[] {
  const type = given?.type ?? ScoringStrategyType.MOST_ALLOCATED;
  const types = Object.values(ScoringStrategyType) as string[];
  if (!types.includes(type)) fail('scoringStrategy.type', type, `must be one of ${types.join(', ')}`);
  const res = given?.resources ?? [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 1 },
  ];
  if (res.length === 0) fail('scoringStrategy.resources', res, 'must list at least one resource (e.g. cpu and memory)');
  const resources = res.map((r, i) => {
    if (typeof r?.name !== 'string' || r.name.length > 253 || !RESOURCE_NAME.test(r.name))
      fail(`scoringStrategy.resources[${i}].name`, r?.name, "must be a resource name, e.g. 'cpu' or 'nvidia.com/gpu'");
    // kubernetes pkg/scheduler/apis/config/validation/validation_pluginargs.go validateResources: (0, 100].
    return { name: r.name, weight: checkWeight(`scoringStrategy.resources[${i}].weight`, r.weight, 100) };
  });
  const names = resources.map((r) => r.name);
  if (new Set(names).size !== names.length)
    fail('scoringStrategy.resources', names, 'lists a resource twice: list each once');
  return [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type, resources } } }];
}

/**
 * The profile (without its scheduler name). Valid for every kube-scheduler of
 * `KUBE_SCHEDULER_IMAGES` (scheduling.ts): `kubescheduler.config.k8s.io/v1` is served from 1.25
 * on (and is the only version from 1.29 on), and every `ScorePlugin` is an in-tree score plugin
 * of each minor from 1.27 to 1.36, `NodeResourcesFit`'s two strategies included.
 * @internal
 */
export function schedulerProfile(plugins?: ScorePluginsOptions, strategy?: ScoringStrategyOptions): object {
  return { plugins: scorePlugins(plugins), pluginConfig: pluginConfig(strategy) };
}
