/**
 * Issue 22: the user scheduler's options of Zero to JupyterHub 4.4.0 (`scheduling.userScheduler.*`)
 * as typed props: its pods' workload options, a bring-your-own ServiceAccount (no ServiceAccount
 * and no RBAC written), its disruption budget's numbers and the user it runs as.
 */
import { Cpu } from 'cdk8s-plus-27';
import { PullPolicy, UserScheduler } from '../../lib';
import { all, find, Obj } from '../util';
import { courseHub, withScheduling } from './scheduling-options-fixture';

const scheduler = (objs: Obj[]) => find(objs, 'Deployment', 'user-scheduler');

describe('UserScheduler workload options', () => {
  test('labels, annotations, node selector, tolerations, pull secrets and policy, history and ServiceAccount annotations reach its objects', () => {
    const objs = withScheduling({
      scheduler: {
        workload: {
          podLabels: { team: 'platform' },
          podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' },
          nodeSelector: { 'cloud.google.com/gke-nodepool': 'core' },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'core', effect: 'NoSchedule' }],
          imagePullSecrets: ['mirror'],
          imagePullPolicy: PullPolicy.ALWAYS,
          revisionHistoryLimit: 3,
          serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': 'sched@p.iam.gserviceaccount.com' },
        },
      },
    });
    const d = scheduler(objs);
    const pod = d.spec.template;
    expect(d.spec.revisionHistoryLimit).toBe(3);
    expect(pod.metadata.labels.team).toBe('platform');
    expect(d.spec.selector.matchLabels.team).toBeUndefined();
    expect(pod.metadata.annotations['cluster-autoscaler.kubernetes.io/safe-to-evict']).toBe('true');
    expect(pod.metadata.annotations['checksum/config-map']).toBeDefined();
    expect(pod.spec.nodeSelector).toEqual({ 'cloud.google.com/gke-nodepool': 'core' });
    expect(pod.spec.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'core', effect: 'NoSchedule' },
    ]);
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'mirror' }]);
    expect(pod.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(find(objs, 'ServiceAccount', 'user-scheduler').metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': 'sched@p.iam.gserviceaccount.com',
    });
  });

  test('a bring-your-own ServiceAccount: the pods run as it, and no ServiceAccount or RBAC is written', () => {
    const objs = withScheduling({ scheduler: { serviceAccountName: 'platform-scheduler' } });
    expect(scheduler(objs).spec.template.spec.serviceAccountName).toBe('platform-scheduler');
    for (const kind of ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'])
      expect(all(objs, kind).filter((o) => o.metadata.name.includes('user-scheduler'))).toEqual([]);
    expect(all(objs, 'ServiceAccount').map((o) => o.metadata.name)).not.toContain('user-scheduler');
    expect(find(objs, 'ConfigMap', 'user-scheduler')).toBeDefined();
  });

  test('the disruption budget: off, on with one replica, or minAvailable instead of maxUnavailable', () => {
    expect(all(withScheduling({ scheduler: { disruptionBudget: { enabled: false } } }), 'PodDisruptionBudget')).toEqual(
      [],
    );
    const one = withScheduling({ scheduler: { replicas: 1, disruptionBudget: { enabled: true } } });
    expect(find(one, 'PodDisruptionBudget', 'user-scheduler').spec.maxUnavailable).toBe(1);
    const three = withScheduling({ scheduler: { replicas: 3, disruptionBudget: { minAvailable: 2 } } });
    const pdb = find(three, 'PodDisruptionBudget', 'user-scheduler').spec;
    expect(pdb.minAvailable).toBe(2);
    expect(pdb.maxUnavailable).toBeUndefined();
    const two = withScheduling({ scheduler: { disruptionBudget: { maxUnavailable: 2 } } });
    expect(find(two, 'PodDisruptionBudget', 'user-scheduler').spec.maxUnavailable).toBe(2);
  });

  test('the user and group kube-scheduler runs as; the rest stays restricted', () => {
    const objs = withScheduling({ scheduler: { containerSecurity: { runAsUser: 1001, runAsGroup: 1001 } } });
    expect(scheduler(objs).spec.template.spec.containers[0].securityContext).toEqual({
      runAsUser: 1001,
      runAsGroup: 1001,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test.each([
    [{ workload: { podLabels: { component: 'x' } } }, /Invalid 'workload.podLabels.component' \('x'\)/],
    [{ workload: { revisionHistoryLimit: -1 } }, /Invalid 'workload.revisionHistoryLimit' \(-1\)/],
    [{ serviceAccountName: 'Platform_SA' }, /Invalid 'serviceAccountName' \('Platform_SA'\)/],
    [
      { serviceAccountName: 'mine', workload: { serviceAccountAnnotations: { a: 'b' } } },
      /Invalid 'workload.serviceAccountAnnotations' .*annotate the ServiceAccount 'mine' you provide yourself/,
    ],
    [
      { disruptionBudget: { maxUnavailable: 1, minAvailable: 1 } },
      /Invalid 'disruptionBudget.minAvailable' \(1\): conflicts with 'maxUnavailable'/,
    ],
    [
      { disruptionBudget: { minAvailable: 2 } },
      /Invalid 'disruptionBudget.minAvailable' \(2\): must be below the replicas \(2\)/,
    ],
    [
      { disruptionBudget: { maxUnavailable: 0 } },
      /Invalid 'disruptionBudget.maxUnavailable' \(0\): must be at least 1/,
    ],
    [{ disruptionBudget: { enabled: 'yes' } }, /disruptionBudget.enabled/],
    [{ containerSecurity: { runAsUser: 0 } }, /Invalid 'containerSecurity.runAsUser' \(0\)/],
    [{ containerSecurity: { runAsGroup: -1 } }, /Invalid 'containerSecurity.runAsGroup' \(-1\)/],
    [
      { resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(1) } } },
      /Invalid 'resources.cpu.limit' \('1'\): must be at least the CPU request/,
    ],
  ])('refuses %j at construction, naming the prop', (props, message) => {
    const { ns } = courseHub();
    expect(() => new UserScheduler(ns, 's', props as never)).toThrow(message);
  });
});
