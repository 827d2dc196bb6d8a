/**
 * UserScheduler: a kube-scheduler of the hub's own that packs user pods onto as few nodes as
 * possible (z2jh's user scheduler), reading cluster-wide and writing only in its namespace.
 */
import { find, Obj } from '../util';
import { courseA } from './scheduling-fixture';

describe('UserScheduler', () => {
  let objs: Obj[];
  beforeAll(() => {
    objs = courseA();
  });

  test('the user scheduler: the packing profile, a lease of its own, reads cluster-wide and writes only in its namespace', () => {
    const cfg = JSON.parse(find(objs, 'ConfigMap', 'user-scheduler').data['config.json']);
    expect(cfg.leaderElection).toEqual({
      resourceLock: 'leases',
      resourceName: 'user-scheduler-lock',
      resourceNamespace: 'course-a',
    });
    expect(cfg.profiles[0].schedulerName).toBe('course-a-jupyterhub-user-scheduler');
    expect(cfg.profiles[0].pluginConfig[0].args.scoringStrategy.type).toBe('MostAllocated');
    const cr = find(objs, 'ClusterRole', 'course-a-jupyterhub-user-scheduler');
    const writes = cr.rules.filter((r: any) => r.verbs.some((v: string) => !['get', 'list', 'watch'].includes(v)));
    expect(writes.map((r: any) => r.resources.join(','))).toEqual([
      'persistentvolumes',
      'tokenreviews',
      'subjectaccessreviews',
    ]);
    expect(JSON.stringify(cr.rules)).not.toContain('secrets');
    const role = find(objs, 'Role', 'user-scheduler');
    expect(role.rules.find((r: any) => r.resources.includes('pods/binding')).verbs).toEqual(['create']);
    const d = find(objs, 'Deployment', 'user-scheduler');
    expect(d.spec.template.spec.containers[0].image).toBe('registry.k8s.io/kube-scheduler:v1.27.16');
    expect(find(objs, 'PodDisruptionBudget', 'user-scheduler').spec.maxUnavailable).toBe(1);
  });
});
