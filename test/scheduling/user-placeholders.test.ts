/**
 * UserPlaceholders: pods at a priority below the users' that keep room for them, evicted when a
 * user pod needs their node.
 */
import { find, Obj } from '../util';
import { courseA } from './scheduling-fixture';

describe('UserPlaceholders', () => {
  let objs: Obj[];
  beforeAll(() => {
    objs = courseA();
  });

  test("the user pods name the user scheduler and the users' priority; the placeholders too, at their own priority", () => {
    const config = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
    expect(config).toContain('c.KubeSpawner.scheduler_name = "course-a-jupyterhub-user-scheduler"');
    expect(config).toContain('c.KubeSpawner.priority_class_name = "course-a-jupyterhub-default-priority"');
    const ph = find(objs, 'Deployment', 'user-placeholder').spec.template.spec;
    expect(ph.schedulerName).toBe('course-a-jupyterhub-user-scheduler');
    expect(ph.priorityClassName).toBe('course-a-jupyterhub-user-placeholder-priority');
    expect(ph.nodeSelector).toEqual({ 'hub.jupyter.org/node-purpose': 'user' });
    expect(ph.tolerations).toEqual([
      { key: 'hub.jupyter.org/dedicated', operator: 'Equal', value: 'user', effect: 'NoSchedule' },
    ]);
    expect(ph.containers[0].resources.requests.memory).toBe('1Gi');
    expect(ph.containers[0].resources.limits['example.com/dongle']).toBe('1');
  });
});
