/**
 * Issue 22: the user scheduler's profile (z2jh's `scheduling.userScheduler.plugins` and
 * `pluginConfig`) as a typed subset of a KubeSchedulerConfiguration profile: score plugins with
 * weights, the ones turned off, and NodeResourcesFit's scoring strategy. Only plugins every
 * pinned kube-scheduler (1.27 to 1.36) has at the score extension point are accepted, and every
 * re-weighted default plugin is disabled first, so kube-scheduler starts with what is written.
 */
import { ScorePlugin, ScoringStrategyType, UserScheduler, UserSchedulerProps } from '../../lib';
import { find } from '../util';
import { courseHub, withScheduling } from './scheduling-options-fixture';

function profile(props: UserSchedulerProps): any {
  const objs = withScheduling({ scheduler: props });
  return JSON.parse(find(objs, 'ConfigMap', 'user-scheduler').data['config.json']).profiles[0];
}

describe('UserScheduler profile', () => {
  test("by default, Zero to JupyterHub 4.4.0's packing profile (values.yaml:460-509)", () => {
    const p = profile({});
    expect(p.plugins).toEqual({
      score: {
        disabled: [
          { name: 'NodeResourcesBalancedAllocation' },
          { name: 'NodeAffinity' },
          { name: 'InterPodAffinity' },
          { name: 'NodeResourcesFit' },
          { name: 'ImageLocality' },
        ],
        enabled: [
          { name: 'NodeAffinity', weight: 14631 },
          { name: 'InterPodAffinity', weight: 1331 },
          { name: 'NodeResourcesFit', weight: 121 },
          { name: 'ImageLocality', weight: 11 },
        ],
      },
    });
    expect(p.pluginConfig).toEqual([
      {
        name: 'NodeResourcesFit',
        args: {
          scoringStrategy: {
            type: 'MostAllocated',
            resources: [
              { name: 'cpu', weight: 1 },
              { name: 'memory', weight: 1 },
            ],
          },
        },
      },
    ]);
  });

  test('given score plugins replace the enabled list, and each is disabled among the defaults first', () => {
    const p = profile({
      scorePlugins: {
        enabled: [
          { plugin: ScorePlugin.NODE_RESOURCES_FIT, weight: 1000 },
          { plugin: ScorePlugin.TAINT_TOLERATION, weight: 3 },
        ],
        disabled: [ScorePlugin.NODE_RESOURCES_BALANCED_ALLOCATION],
      },
    });
    expect(p.plugins.score).toEqual({
      disabled: [
        { name: 'NodeResourcesBalancedAllocation' },
        { name: 'NodeResourcesFit' },
        { name: 'TaintToleration' },
      ],
      enabled: [
        { name: 'NodeResourcesFit', weight: 1000 },
        { name: 'TaintToleration', weight: 3 },
      ],
    });
  });

  test("a list left out keeps z2jh's (as Helm merges the two)", () => {
    const p = profile({ scorePlugins: { disabled: [ScorePlugin.VOLUME_BINDING] } });
    expect(p.plugins.score.enabled.map((e: any) => e.name)).toEqual([
      'NodeAffinity',
      'InterPodAffinity',
      'NodeResourcesFit',
      'ImageLocality',
    ]);
    expect(p.plugins.score.disabled.map((e: any) => e.name)).toEqual([
      'VolumeBinding',
      'NodeAffinity',
      'InterPodAffinity',
      'NodeResourcesFit',
      'ImageLocality',
    ]);
  });

  test('the scoring strategy: spreading instead of packing, and an extended resource weighed in', () => {
    const p = profile({
      scoringStrategy: {
        type: ScoringStrategyType.LEAST_ALLOCATED,
        resources: [
          { name: 'cpu', weight: 1 },
          { name: 'nvidia.com/gpu', weight: 10 },
        ],
      },
    });
    expect(p.pluginConfig).toEqual([
      {
        name: 'NodeResourcesFit',
        args: {
          scoringStrategy: {
            type: 'LeastAllocated',
            resources: [
              { name: 'cpu', weight: 1 },
              { name: 'nvidia.com/gpu', weight: 10 },
            ],
          },
        },
      },
    ]);
  });

  test.each([
    [
      { scorePlugins: { enabled: [{ plugin: 'NodeNumber', weight: 1 }] } },
      /Invalid 'scorePlugins.enabled\[0\].plugin' \('NodeNumber'\): must be one of ScorePlugin.IMAGE_LOCALITY/,
    ],
    [
      { scorePlugins: { enabled: [{ plugin: 'NodeAffinity', weight: 0 }] } },
      /Invalid 'scorePlugins.enabled\[0\].weight' \(0\): must be a whole number from 1 to 2147483647/,
    ],
    [
      {
        scorePlugins: {
          enabled: [
            { plugin: 'NodeAffinity', weight: 1 },
            { plugin: 'NodeAffinity', weight: 2 },
          ],
        },
      },
      /Invalid 'scorePlugins.enabled' .*lists a plugin twice/,
    ],
    [{ scorePlugins: { disabled: ['DefaultBinder'] } }, /Invalid 'scorePlugins.disabled\[0\]' \('DefaultBinder'\)/],
    [
      { scoringStrategy: { type: 'RequestedToCapacityRatio' } },
      /Invalid 'scoringStrategy.type' \('RequestedToCapacityRatio'\)/,
    ],
    [
      { scoringStrategy: { resources: [{ name: 'cpu', weight: 101 }] } },
      /Invalid 'scoringStrategy.resources\[0\].weight' \(101\): must be a whole number from 1 to 100/,
    ],
    [
      { scoringStrategy: { resources: [{ name: 'GPU!', weight: 1 }] } },
      /Invalid 'scoringStrategy.resources\[0\].name' \('GPU!'\)/,
    ],
    [
      {
        scoringStrategy: {
          resources: [
            { name: 'cpu', weight: 1 },
            { name: 'cpu', weight: 2 },
          ],
        },
      },
      /lists a resource twice/,
    ],
    [{ scoringStrategy: { resources: [] } }, /Invalid 'scoringStrategy.resources' \(\[\]\): must list at least one/],
  ])('refuses %j at construction, naming the prop', (props, message) => {
    const { ns } = courseHub();
    expect(() => new UserScheduler(ns, 's', props as never)).toThrow(message);
  });
});
