/**
 * Issue 22: the placeholders' options of Zero to JupyterHub 4.4.0 (`scheduling.userPlaceholder.*`)
 * as typed props: their image, their resources (by default one user server's guarantees), their
 * pods' workload options and the user they run as.
 */
import { Cpu } from 'cdk8s-plus-27';
import { Size } from 'cdk8s';
import { PullPolicy, UserPlaceholders } from '../../lib';
import { find, Obj } from '../util';
import { courseHub, withScheduling } from './scheduling-options-fixture';

const placeholders = (objs: Obj[]) => find(objs, 'Deployment', 'user-placeholder');
const PAUSE_MIRROR = 'mirror.example.org/pause:3.10.2';

describe('UserPlaceholders options', () => {
  test('the image, the user and group, and the workload options reach the placeholder pods', () => {
    const objs = withScheduling({
      placeholders: {
        replicas: 3,
        image: PAUSE_MIRROR,
        containerSecurity: { runAsUser: 1000, runAsGroup: 1000 },
        workload: {
          podLabels: { purpose: 'headroom' },
          podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' },
          nodeSelector: { pool: 'users' },
          tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
          imagePullSecrets: ['mirror'],
          imagePullPolicy: PullPolicy.IF_NOT_PRESENT,
          revisionHistoryLimit: 0,
        },
      },
    });
    const d = placeholders(objs);
    const pod = d.spec.template;
    const c = pod.spec.containers[0];
    expect(c.image).toBe(PAUSE_MIRROR);
    expect(c.securityContext.runAsUser).toBe(1000);
    expect(c.securityContext.runAsGroup).toBe(1000);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(d.spec.revisionHistoryLimit).toBe(0);
    expect(pod.metadata.labels.purpose).toBe('headroom');
    expect(pod.metadata.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' });
    expect(pod.spec.nodeSelector).toEqual({ pool: 'users' });
    expect(pod.spec.tolerations).toContainEqual({ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' });
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'mirror' }]);
    expect(pod.spec.priorityClassName).toBe('course-jupyterhub-user-placeholder-priority');
  });

  test("by default a placeholder requests one user server's guarantees; given resources replace them field by field", () => {
    const user = courseHub().hub.userPods().resources;
    const byDefault = placeholders(withScheduling({ placeholders: { replicas: 1 } }));
    // The same amount, as a quantity (KubeSpawner's number of bytes, in the largest whole unit).
    expect(user.requests?.memory?.value).toBe(1073741824);
    expect(byDefault.spec.template.spec.containers[0].resources.requests.memory).toBe('1Gi');
    const given = withScheduling({
      placeholders: {
        replicas: 1,
        resources: { cpu: { request: Cpu.millis(500) }, memory: { request: Size.gibibytes(4) } },
      },
    });
    expect(placeholders(given).spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '500m', memory: '4Gi' },
      limits: { cpu: '500m', memory: '4Gi' },
    });
  });

  test.each([
    [{ image: 'registry.k8s.io/pause:latest' }, /Invalid 'image' \('registry.k8s.io\/pause:latest'\)/],
    [
      { workload: { priorityClassName: 'high' } },
      /Invalid 'workload.priorityClassName' \('high'\): is not for placeholders/,
    ],
    [{ workload: { imagePullSecrets: ['A'] } }, /Invalid 'workload.imagePullSecrets\[0\]'/],
    [
      { resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(1) } } },
      /Invalid 'resources.cpu.limit' \('1'\): must be at least the CPU request/,
    ],
    [
      { resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } },
      /Invalid 'resources.memory.limit' \('1Gi'\): must be at least the memory request/,
    ],
    [{ containerSecurity: { runAsUser: 0 } }, /Invalid 'containerSecurity.runAsUser' \(0\)/],
    [{ workload: { extraEnv: { TZ: 'UTC' } } }, /Invalid 'workload.extraEnv' \(\["TZ"\]\): is not for these pods/],
  ])('refuses %j at construction, naming the prop', (props, message) => {
    const { ns } = courseHub();
    expect(() => new UserPlaceholders(ns, 'p', { replicas: 1, ...(props as object) })).toThrow(message);
  });
});
