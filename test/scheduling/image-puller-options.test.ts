/**
 * Issue 22: the image puller's options of Zero to JupyterHub 4.4.0 (`prePuller.*`,
 * `scheduling.podPriority.imagePullerPriority`) as typed props: its pods' workload options, a
 * bring-your-own ServiceAccount, the DaemonSet's annotations, the pause image, the user its
 * containers run as and a priority class of its own.
 */
import { App, Chart } from 'cdk8s';
import { ImagePuller, Namespace, PullPolicy, UserPlaceholders } from '../../lib';
import { all, find, Obj, synth } from '../util';
import { courseHub, withScheduling } from './scheduling-options-fixture';

const puller = (objs: Obj[]) => find(objs, 'DaemonSet', 'continuous-image-puller');

describe('ImagePuller options', () => {
  test('workload options, the ServiceAccount, the DaemonSet annotations, the pause image and the user reach the DaemonSet', () => {
    const objs = withScheduling({
      puller: {
        workload: {
          podLabels: { team: 'platform' },
          podAnnotations: { 'sidecar.istio.io/inject': 'false' },
          nodeSelector: { pool: 'users' },
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
          imagePullSecrets: ['registry'],
          imagePullPolicy: PullPolicy.ALWAYS,
          revisionHistoryLimit: 2,
        },
        serviceAccountName: 'puller-with-pull-secrets',
        daemonSetAnnotations: { 'argocd.argoproj.io/sync-wave': '1' },
        pauseImage: 'mirror.example.org/pause:3.10.2',
        containerSecurity: { runAsUser: 1000, runAsGroup: 1000 },
      },
    });
    const ds = puller(objs);
    const pod = ds.spec.template;
    expect(ds.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
    expect(ds.spec.revisionHistoryLimit).toBe(2);
    expect(pod.metadata.labels.team).toBe('platform');
    expect(pod.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false' });
    expect(pod.spec.nodeSelector).toEqual({ pool: 'users' });
    expect(pod.spec.tolerations).toContainEqual({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' });
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(pod.spec.serviceAccountName).toBe('puller-with-pull-secrets');
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    const containers = [...pod.spec.initContainers, ...pod.spec.containers];
    expect(containers.map((c: any) => c.imagePullPolicy)).toEqual(containers.map(() => 'Always'));
    expect(containers.map((c: any) => c.securityContext.runAsUser)).toEqual(containers.map(() => 1000));
    expect(pod.spec.containers[0].image).toBe('mirror.example.org/pause:3.10.2');
    expect(all(objs, 'ServiceAccount').map((o) => o.metadata.name)).not.toContain('puller-with-pull-secrets');
  });

  test("a priority of its own: a PriorityClass named after the hub (z2jh's imagePullerPriority), between users and placeholders", () => {
    const { chart, ns, hub } = courseHub();
    hub.addIntegration(new UserPlaceholders(ns, 'placeholders', { replicas: 1 }));
    new ImagePuller(ns, 'puller', { hub, priority: -5 });
    const objs = synth(chart);
    const pc = find(objs, 'PriorityClass', 'course-jupyterhub-image-puller-priority');
    expect(pc.value).toBe(-5);
    expect(pc.globalDefault).toBe(false);
    expect(puller(objs).spec.template.spec.priorityClassName).toBe('course-jupyterhub-image-puller-priority');
  });

  test("without a priority the puller keeps the users' class", () => {
    const { chart, ns, hub } = courseHub();
    hub.addIntegration(new UserPlaceholders(ns, 'placeholders', { replicas: 1 }));
    new ImagePuller(ns, 'puller', { hub });
    const objs = synth(chart);
    expect(puller(objs).spec.template.spec.priorityClassName).toBe('course-jupyterhub-default-priority');
    expect(all(objs, 'PriorityClass').map((o) => o.metadata.name)).not.toContain(
      'course-jupyterhub-image-puller-priority',
    );
  });

  test.each([
    [{ pauseImage: 'registry.k8s.io/pause' }, /Invalid 'pauseImage' \('registry.k8s.io\/pause'\)/],
    [{ serviceAccountName: 'Bad_Name' }, /Invalid 'serviceAccountName' \('Bad_Name'\)/],
    [
      { workload: { serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn' } } },
      /Invalid 'workload.serviceAccountAnnotations' .*the image puller writes no ServiceAccount/,
    ],
    [{ daemonSetAnnotations: { 'bad key!': 'x' } }, /Invalid 'daemonSetAnnotations'/],
    [
      { priority: 2000000000 },
      /Invalid 'priority' \(2000000000\): must be a whole number from -2147483648 to 1000000000/,
    ],
    [
      { priority: -5, workload: { priorityClassName: 'mine' } },
      /Invalid 'priority' \(-5\): conflicts with 'workload.priorityClassName'/,
    ],
    [{ containerSecurity: { runAsUser: 0 } }, /Invalid 'containerSecurity.runAsUser' \(0\)/],
    [{ workload: { tolerations: [{ operator: 'Equal' }] } }, /Invalid 'workload.tolerations\[0\].key'/],
    [{ workload: { extraEnv: { TZ: 'UTC' } } }, /Invalid 'workload.extraEnv' \(\["TZ"\]\): is not for these pods/],
  ])('refuses %j at construction, naming the prop', (props, message) => {
    const { ns, hub } = courseHub();
    expect(() => new ImagePuller(ns, 'p', { hub, ...(props as object) })).toThrow(message);
  });

  test("a source's puller cannot take a priority (its class would be named after a hub)", () => {
    const c = new Chart(new App(), 'c', { disableResourceNameHashes: true });
    const ns = new Namespace(c, 'kernels');
    const source = {
      namespace: 'kernels',
      node: ns.node,
      prePullSpec: () => ({ name: 'kernel-image-puller', labels: { app: 'k' }, images: ['quay.io/a/b:1'] }),
    };
    expect(() => new ImagePuller(ns, 'p', { source: source as never, priority: -5 })).toThrow(
      /Invalid 'priority' \(-5\): needs 'hub'/,
    );
  });
});
