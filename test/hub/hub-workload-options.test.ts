/**
 * The hub pod's workload options (issue 22, z2jh `hub.labels`, `hub.annotations`,
 * `hub.image.pullPolicy`, `hub.image.pullSecrets`, `hub.revisionHistoryLimit`,
 * `hub.serviceAccount.annotations`, `hub.extraEnv`) through the shared `WorkloadOptions`, and the
 * top-level `imagePullSecrets` (z2jh `imagePullSecrets`) of the hub pod and the users' pods.
 */
import { Hub, PullPolicy } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { loadHubConfig } from '../users/kubespawner-make-pod';
import { strictErrors } from '../strict-schema';
import { chart, container, find, synth } from '../util';

type HubPropsPart = Partial<ConstructorParameters<typeof Hub>[2]>;

function built(p: HubPropsPart) {
  const c = chart('course');
  const hub = hubIn(c, 'hub', p);
  return { hub, objs: synth(c) };
}
const deploymentOf = (p: HubPropsPart) => find(built(p).objs, 'Deployment', 'hub');

describe('HubProps.workload', () => {
  const workload = {
    podLabels: { team: 'platform' },
    podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' },
    nodeSelector: { 'example.org/pool': 'core' },
    tolerations: [{ key: 'core', operator: 'Exists', effect: 'NoSchedule' }],
    imagePullSecrets: ['registry-core'],
    imagePullPolicy: PullPolicy.ALWAYS,
    revisionHistoryLimit: 3,
    priorityClassName: 'hub-critical',
    extraEnv: { TZ: 'Europe/Paris' },
    serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': 'hub@example.iam.gserviceaccount.com' },
  };

  test('reaches the hub Deployment, its pod, its containers and its ServiceAccount', () => {
    const { objs } = built({ workload, secret: undefined });
    const d = find(objs, 'Deployment', 'hub');
    const pod = d.spec.template;
    expect(d.spec.revisionHistoryLimit).toBe(3);
    expect(pod.metadata.labels).toMatchObject({ team: 'platform', component: 'hub' });
    // The library's annotation stays beside the user's.
    expect(pod.metadata.annotations).toMatchObject({
      'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false',
      'checksum/config-map': expect.any(String),
    });
    expect(pod.spec.nodeSelector).toEqual({ 'example.org/pool': 'core' });
    expect(pod.spec.tolerations).toEqual([{ key: 'core', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'registry-core' }]);
    expect(pod.spec.priorityClassName).toBe('hub-critical');
    expect(container(d, 'hub').imagePullPolicy).toBe('Always');
    // The secret-init container (the default generated secret) pulls the same image the same way.
    expect(container(d, 'secret-init').imagePullPolicy).toBe('Always');
    expect(container(d, 'hub').env).toContainEqual({ name: 'TZ', value: 'Europe/Paris' });
    expect(find(objs, 'ServiceAccount', 'hub').metadata.annotations).toEqual(workload.serviceAccountAnnotations);
    expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  });

  test('the selector keeps the library labels only (a selector must not change on a running Deployment)', () => {
    expect(
      deploymentOf({ workload: { podLabels: { team: 'platform' } } }).spec.selector.matchLabels,
    ).not.toHaveProperty('team');
  });

  test('workload.extraEnv joins extraEnv; workload.serviceAccountAnnotations joins serviceAccountAnnotations', () => {
    const { objs } = built({
      extraEnv: { A: '1' },
      workload: { extraEnv: { B: '2' }, serviceAccountAnnotations: { 'example.org/b': 'y' } },
      serviceAccountAnnotations: { 'example.org/a': 'x' },
    });
    const hub = container(find(objs, 'Deployment', 'hub'), 'hub');
    expect(hub.env).toEqual(
      expect.arrayContaining([
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ]),
    );
    expect(find(objs, 'ServiceAccount', 'hub').metadata.annotations).toEqual({
      'example.org/a': 'x',
      'example.org/b': 'y',
    });
  });

  test('without it the hub pod is as before: IfNotPresent, no pull secrets, the Kubernetes history default', () => {
    const d = deploymentOf({});
    expect(container(d, 'hub').imagePullPolicy).toBe('IfNotPresent');
    expect(d.spec.template.spec.imagePullSecrets).toBeUndefined();
    expect(d.spec.revisionHistoryLimit).toBeUndefined();
  });
});

describe('HubProps.imagePullSecrets', () => {
  test('reach the hub pod (before workload.imagePullSecrets) and the users pods (before singleUser.imagePullSecrets)', () => {
    const { hub, objs } = built({
      imagePullSecrets: ['registry'],
      workload: { imagePullSecrets: ['registry', 'registry-hub'] },
      singleUser: { imagePullSecrets: ['registry-users', 'registry'] },
    });
    expect(find(objs, 'Deployment', 'hub').spec.template.spec.imagePullSecrets).toEqual([
      { name: 'registry' },
      { name: 'registry-hub' },
    ]);
    expect(loadHubConfig(hub.config).KubeSpawner.image_pull_secrets).toEqual(['registry', 'registry-users']);
    // Pre-pullers and placeholders copy the user pods' list.
    expect(hub.userPods().imagePullSecrets).toEqual([{ name: 'registry' }, { name: 'registry-users' }]);
  });

  test('are on the hub for other constructs (IHub.imagePullSecrets)', () => {
    expect(built({ imagePullSecrets: ['registry'] }).hub.imagePullSecrets).toEqual(['registry']);
    expect(built({}).hub.imagePullSecrets).toEqual([]);
  });
});

describe('refuses', () => {
  const rows: Row[] = [
    [
      'a pull secret that is no Secret name',
      () => built({ imagePullSecrets: ['Registry!'] }),
      P('imagePullSecrets[0]'),
    ],
    ['a pull secret listed twice', () => built({ imagePullSecrets: ['a', 'a'] }), P('imagePullSecrets')],
    [
      'pull secrets that are no list (JavaScript)',
      () => built({ imagePullSecrets: js('registry') }),
      P('imagePullSecrets'),
    ],
    [
      'an unknown pull policy',
      () => built({ workload: { imagePullPolicy: js('Sometimes') } }),
      P('workload.imagePullPolicy'),
    ],
    [
      'a library label key',
      () => built({ workload: { podLabels: { component: 'x' } } }),
      P('workload.podLabels.component'),
    ],
    ['a negative history', () => built({ workload: { revisionHistoryLimit: -1 } }), P('workload.revisionHistoryLimit')],
    [
      'an env var the hub sets itself',
      () => built({ workload: { extraEnv: { JPY_COOKIE_SECRET: 'x' } } }),
      P('workload.extraEnv.JPY_COOKIE_SECRET'),
    ],
    [
      'an env var in both extraEnv and workload.extraEnv',
      () => built({ extraEnv: { TZ: 'UTC' }, workload: { extraEnv: { TZ: 'Europe/Paris' } } }),
      P('workload.extraEnv.TZ'),
    ],
    [
      'a ServiceAccount annotation in both props',
      () =>
        built({
          serviceAccountAnnotations: { 'example.org/a': 'x' },
          workload: { serviceAccountAnnotations: { 'example.org/a': 'y' } },
        }),
      P('workload.serviceAccountAnnotations.example.org/a'),
    ],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
