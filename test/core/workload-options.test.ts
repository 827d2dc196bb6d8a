/** The options every workload of the library takes (WorkloadOptions), resolved and applied to a pod template. */
import { PullPolicy } from '../../lib';
import { applyWorkload, resolveWorkload } from '../../lib/core/workload-options';

const template = {
  metadata: { labels: { app: 'jupyterhub', component: 'hub' } },
  spec: {
    imagePullSecrets: [{ name: 'own' }],
    tolerations: [{ key: 'hub.jupyter.org/dedicated', operator: 'Equal', value: 'core', effect: 'NoSchedule' }],
    initContainers: [{ name: 'init', image: 'busybox:1.36' }],
    containers: [
      { name: 'main', image: 'hub:1', env: [{ name: 'OWN', value: '1' }] },
      { name: 'side', image: 'side:1' },
    ],
  },
};

describe('WorkloadOptions', () => {
  test('no options leave the pod template as the library made it', () => {
    expect(applyWorkload(resolveWorkload('hub.workload', undefined), template)).toEqual(template);
  });

  test('merges labels, annotations, node selector, tolerations, pull secrets, policy, priority and env', () => {
    const model = resolveWorkload(
      'hub.workload',
      {
        podLabels: { team: 'research' },
        podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' },
        nodeSelector: { 'cloud.google.com/gke-nodepool': 'core' },
        tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
        imagePullSecrets: ['registry', 'own'],
        imagePullPolicy: PullPolicy.ALWAYS,
        priorityClassName: 'jupyterhub-core',
        extraEnv: { TZ: 'Europe/Berlin' },
      },
      ['OWN'],
    );
    const out = applyWorkload(model, template);
    expect(out.metadata?.labels).toEqual({ app: 'jupyterhub', component: 'hub', team: 'research' });
    expect(out.metadata?.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' });
    expect(out.spec?.nodeSelector).toEqual({ 'cloud.google.com/gke-nodepool': 'core' });
    expect(out.spec?.tolerations).toHaveLength(2);
    expect(out.spec?.imagePullSecrets).toEqual([{ name: 'own' }, { name: 'registry' }]);
    expect(out.spec?.priorityClassName).toBe('jupyterhub-core');
    expect(out.spec?.containers.map((c) => c.imagePullPolicy)).toEqual(['Always', 'Always']);
    expect(out.spec?.initContainers?.map((c) => c.imagePullPolicy)).toEqual(['Always']);
    expect(out.spec?.containers[0].env).toEqual([
      { name: 'OWN', value: '1' },
      { name: 'TZ', value: 'Europe/Berlin' },
    ]);
    expect(out.spec?.containers[1].env).toBeUndefined();
  });

  test.each([
    [
      { podLabels: { component: 'x' } },
      /Invalid 'hub.workload.podLabels.component' \('x'\): is a label the library sets/,
    ],
    [{ podLabels: { 'hub.jupyter.org/network-access-hub': 'true' } }, /is a label the library sets/],
    [{ podLabels: { team: 'a b' } }, /Invalid 'hub.workload.podLabels.team'/],
    [{ extraEnv: { OWN: 'x' } }, /Invalid 'hub.workload.extraEnv.OWN' \('x'\): is set by the library/],
    [{ extraEnv: { '1X': 'x' } }, /Invalid 'hub.workload.extraEnv key'/],
    [{ extraEnv: { X: 1 } }, /Invalid 'hub.workload.extraEnv.X' \(1\): must be a string/],
    [{ imagePullSecrets: ['Bad_Name'] }, /Invalid 'hub.workload.imagePullSecrets\[0\]'/],
    [{ imagePullSecrets: ['a', 'a'] }, /lists a Secret twice/],
    [
      { imagePullPolicy: 'Sometimes' },
      /Invalid 'hub.workload.imagePullPolicy' \('Sometimes'\): must be one of Always, IfNotPresent, Never/,
    ],
    [{ revisionHistoryLimit: -1 }, /Invalid 'hub.workload.revisionHistoryLimit' \(-1\)/],
    [{ revisionHistoryLimit: 1.5 }, /must be a whole number/],
    [{ tolerations: [{ operator: 'Equal' }] }, /Invalid 'hub.workload.tolerations\[0\].key'/],
    [{ nodeSelector: { pool: 'a/b' } }, /Invalid 'hub.workload.nodeSelector.pool'/],
    [{ priorityClassName: 'Core' }, /Invalid 'hub.workload.priorityClassName'/],
  ])('refuses %j', (options, message) => {
    expect(() => resolveWorkload('hub.workload', options as never, ['OWN'])).toThrow(message);
  });
});
