/**
 * Issue 20, item 4 (fair shares): `NamespaceQuota`, a typed ResourceQuota and LimitRange for one
 * namespace, sized from what runs there: the pods of the app's workloads in the namespace, and
 * the pods programs create there at run time, as the library's constructs declare them (a hub's
 * user servers at its largest profile, times its `activeServerLimit`; a gateway's kernels; Dask
 * clusters). A ResourceQuota refuses pods without limits, so every pod must have them: the
 * LimitRange gives a container that sets none its defaults, and caps a pod at the largest pod
 * the namespace is sized for.
 */
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import {
  Authenticator,
  Hub,
  HubProps,
  ImagePuller,
  Namespace,
  NamespaceQuota,
  Proxy,
  SingleUserOptions,
  SingleUserStorage,
  UserPlaceholders,
  UserScheduler,
} from '../../lib';
import { everySingleUser } from '../users/every-single-user';
import { find, Obj, synth } from '../util';
import { fitErrors, ownLoads, userLoad } from './namespace-quota-load';

function hubChart(singleUser: SingleUserOptions, hubProps: Partial<HubProps> = { activeServerLimit: 3 }) {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const ns = new Namespace(c, 'course');
  const hub = new Hub(ns, 'hub', {
    authenticator: Authenticator.dummy({ allowOpenNetwork: true }),
    singleUser,
    ...hubProps,
  });
  hub.addIntegration(new Proxy(ns, 'proxy'));
  return { c, ns, hub };
}

const LIMITED: SingleUserOptions = {
  memoryGuarantee: Size.gibibytes(1),
  memoryLimit: Size.gibibytes(2),
  cpuGuarantee: kplus.Cpu.millis(500),
  cpuLimit: kplus.Cpu.units(1),
};

const hubConfig = (objs: Obj[]) => find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];

describe('a hub’s namespace', () => {
  const { c, ns } = hubChart(LIMITED);
  new NamespaceQuota(ns, 'quota');
  const objs = synth(c);

  test('gets a ResourceQuota on requests, limits and pods: the hub, the proxy and 3 servers at 500m/1Gi, limited to 1 CPU/2Gi', () => {
    // hub 200m/512Mi (limits 1/1Gi), proxy 100m/128Mi (1/512Mi), 3 × 500m/1Gi (3 × 1/2Gi).
    expect(find(objs, 'ResourceQuota', 'compute').spec).toEqual({
      hard: {
        'requests.cpu': '1800m',
        'requests.memory': '3712Mi',
        'limits.cpu': '5',
        'limits.memory': '7680Mi',
        pods: '5',
      },
    });
    expect(find(objs, 'ResourceQuota', 'compute').metadata.namespace).toBe('course');
  });

  test('says what it is sized for', () => {
    expect(find(objs, 'ResourceQuota', 'compute').metadata.annotations).toEqual({
      'cdk8s-jupyterhub/sized-for':
        "Deployment/hub, Deployment/proxy; 3 user servers of hub 'test/course/hub' at their largest",
    });
  });

  test('gets a LimitRange: defaults for a container that sets none, and the largest pod as the most a pod may have', () => {
    expect(find(objs, 'LimitRange', 'compute').spec).toEqual({
      limits: [
        {
          type: 'Container',
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          default: { cpu: '500m', memory: '512Mi' },
        },
        { type: 'Pod', max: { cpu: '1', memory: '2Gi' } },
      ],
    });
  });

  test('and everything fits at full load (computed from the generated config)', () => {
    expect(fitErrors(objs, 'course', [...ownLoads(objs, 'course', 10), userLoad(hubConfig(objs))])).toEqual([]);
  });
});

test('the largest profile and choice size the quota and cap a pod; every combination fits', () => {
  const { c, ns } = hubChart({
    ...LIMITED,
    profiles: [
      { slug: 'small', displayName: 'Small', default: true },
      {
        slug: 'large',
        displayName: 'Large',
        memoryGuarantee: Size.gibibytes(4),
        memoryLimit: Size.gibibytes(8),
        cpuLimit: kplus.Cpu.units(4),
        options: [
          {
            slug: 'memory',
            displayName: 'Memory',
            choices: [
              { slug: 'm8', displayName: '8 GiB', default: true },
              { slug: 'm16', displayName: '16 GiB', memoryLimit: Size.gibibytes(16) },
            ],
          },
          {
            slug: 'cpu',
            displayName: 'CPU',
            choices: [
              { slug: 'c4', displayName: '4', default: true },
              { slug: 'c2', displayName: '2 guaranteed', cpuGuarantee: kplus.Cpu.units(2) },
            ],
          },
        ],
      },
    ],
  });
  new NamespaceQuota(ns, 'quota');
  const objs = synth(c);
  expect(find(objs, 'LimitRange', 'compute').spec.limits[1]).toEqual({
    type: 'Pod',
    max: { cpu: '4', memory: '16Gi' },
  });
  expect(fitErrors(objs, 'course', [...ownLoads(objs, 'course', 10), userLoad(hubConfig(objs))])).toEqual([]);
});

test("a pod of the namespace that sets no resources counts at the LimitRange's defaults", () => {
  const { c, ns } = hubChart(LIMITED);
  new k8s.KubeDeployment(ns, 'tool', {
    metadata: { name: 'tool', namespace: 'course' },
    spec: {
      replicas: 2,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: { app: 'tool' } },
      template: {
        metadata: { labels: { app: 'tool' } },
        spec: { containers: [{ name: 'tool', image: 'example.org/tool:1.0' }] },
      },
    },
  });
  new NamespaceQuota(ns, 'quota', {
    containerDefaults: {
      cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(250) },
      memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
    },
  });
  const hard = find(synth(c), 'ResourceQuota', 'compute').spec.hard;
  // 1800m and 3712Mi as above, plus 2 × 50m/64Mi; limits 5 CPU and 7680Mi plus 2 × 250m/256Mi.
  expect(hard).toEqual({
    'requests.cpu': '1900m',
    'requests.memory': '3840Mi',
    'limits.cpu': '5500m',
    'limits.memory': '8Gi',
    pods: '7',
  });
});

describe('what cannot be sized is an error naming the prop', () => {
  const errorsOf = (singleUser: SingleUserOptions, hubProps?: Partial<HubProps>) => {
    const { c, ns } = hubChart(singleUser, hubProps);
    new NamespaceQuota(ns, 'quota');
    return () => synth(c);
  };

  test('a hub without activeServerLimit admits any number of servers', () => {
    expect(errorsOf(LIMITED, {})).toThrow(
      "Invalid 'activeServerLimit' (0): must be set when a NamespaceQuota covers the hub's namespace: it admits that many servers of the hub's largest profile (e.g. activeServerLimit: 20)",
    );
  });

  test('a user server without a memory or CPU limit', () => {
    expect(errorsOf({ ...LIMITED, memoryLimit: undefined })).toThrow(
      "Invalid 'singleUser.memoryLimit' (undefined): must be set when a NamespaceQuota covers the hub's namespace: a ResourceQuota admits only pods with limits",
    );
    expect(errorsOf({ ...LIMITED, cpuLimit: undefined })).toThrow("Invalid 'singleUser.cpuLimit' (undefined)");
  });

  test('a profile without one names the profile', () => {
    expect(
      errorsOf({
        memoryGuarantee: Size.gibibytes(1),
        cpuLimit: kplus.Cpu.units(1),
        profiles: [
          { slug: 'a', displayName: 'A', default: true, memoryLimit: Size.gibibytes(2) },
          { slug: 'b', displayName: 'B' },
        ],
      }),
    ).toThrow("Invalid 'singleUser.profiles[1].memoryLimit' (undefined): must be set when a NamespaceQuota covers");
  });

  test.each([
    [{ nodes: 0 }, "Invalid 'nodes' (0): must be a whole number of at least 1"],
    [
      { containerDefaults: { memory: { request: Size.gibibytes(1), limit: Size.mebibytes(512) } } },
      "Invalid 'containerDefaults.memory.limit' ('512Mi'): must be at least the memory request (1Gi)",
    ],
    [{ name: 'Not A Name' }, "Invalid 'name' ('Not A Name')"],
  ])('%j', (props, message) => {
    const { ns } = hubChart(LIMITED);
    expect(() => new NamespaceQuota(ns, 'quota', props as never)).toThrow(message);
  });
});

test('the scheduling pieces are counted: the user scheduler, the placeholders (user pods held in reserve), the image puller on every node', () => {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const ns = new Namespace(c, 'course');
  const hub = new Hub(ns, 'hub', {
    authenticator: Authenticator.dummy({ allowOpenNetwork: true }),
    activeServerLimit: 3,
    singleUser: { ...everySingleUser(), ...LIMITED, storage: SingleUserStorage.dynamic() },
  });
  hub.addIntegration(new Proxy(ns, 'proxy'));
  hub.addIntegration(new UserScheduler(ns, 'user-scheduler'));
  hub.addIntegration(new UserPlaceholders(ns, 'placeholders', { replicas: 2 }));
  new ImagePuller(ns, 'puller', { hub });
  new NamespaceQuota(ns, 'quota', { nodes: 4 });
  const objs = synth(c);
  const sizedFor = find(objs, 'ResourceQuota', 'compute').metadata.annotations!['cdk8s-jupyterhub/sized-for'];
  // Two replicas each, and one more while a rolling update surges (25%, rounded up); a pod per node.
  expect(sizedFor).toBe(
    "Deployment/hub, Deployment/proxy, Deployment/user-scheduler ×3, Deployment/user-placeholder ×3, DaemonSet/continuous-image-puller ×4; 3 user servers of hub 'test/course/hub' at their largest",
  );
  expect(fitErrors(objs, 'course', [...ownLoads(objs, 'course', 4), userLoad(hubConfig(objs))])).toEqual([]);
});
