/**
 * Issue 20, item 2: the users' servers comply with Pod Security `restricted`, as KubeSpawner
 * 7.0.0 makes them at run time from the generated `jupyterhub_config.py` (read by Python, built
 * the way `make_pod` builds it: `kubespawner-make-pod.ts`), per profile and choice: for every
 * seed chart, and for a hub with every single-user option this library has.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Authenticator,
  Hub,
  Namespace,
  NfsStorage,
  Proxy,
  SingleUserOptions,
  SingleUserStorage,
  UserVolume,
} from '../../lib';
import { checkPodSecurity } from '../core/pod-security-standards';
import { all, chart, find, Obj, seedCharts, synth } from '../util';
import { loadHubConfig, makePod, userServers } from './kubespawner-make-pod';

/** Each hub config of a synthesized chart: its namespace and the config text. */
function hubConfigs(objs: Obj[]): { namespace?: string; config: string }[] {
  return objs
    .filter((o) => o.kind === 'ConfigMap' && typeof o.data?.['jupyterhub_config.py'] === 'string')
    .map((o) => ({ namespace: o.metadata.namespace, config: o.data['jupyterhub_config.py'] }));
}

/** Every server of a config, with the restricted controls its pod breaks. */
function violations(config: string) {
  const c = loadHubConfig(config);
  return userServers(c.KubeSpawner).map((s) => ({
    server: s.name,
    violations: checkPodSecurity('restricted', makePod(s.traits, c.JupyterHub?.internal_ssl === true)),
  }));
}

describe.each(Object.entries(seedCharts()))('seed chart %s: every user server', (_id, objs) => {
  const configs = hubConfigs(objs);

  test('complies with restricted, in a namespace that enforces it (or one the chart does not create)', () => {
    for (const { namespace, config } of configs) {
      for (const v of violations(config)) expect(v).toEqual({ server: v.server, violations: [] });
      const ns = all(objs, 'Namespace').find((n) => n.metadata.name === namespace);
      if (ns !== undefined) expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    }
  });
});

test('the seed charts that have a hub: all but the CRDs', () => {
  const withHub = Object.entries(seedCharts())
    .filter(([, objs]) => hubConfigs(objs).length > 0)
    .map(([id]) => id);
  expect(withHub).toEqual(['minikube', 'jeg-lab', 'gke', 'daskhub', 'carvel']);
});

test("the pod as make_pod builds it from the minikube chart's traits", () => {
  const config = hubConfigs(seedCharts().minikube)[0].config;
  const [server] = userServers(loadHubConfig(config).KubeSpawner);
  const pod = makePod(server.traits);
  expect(pod.spec.securityContext).toEqual({ fsGroup: 1000 });
  expect(pod.spec.automountServiceAccountToken).toBe(false);
  expect(pod.spec.containers.map((c: { name: string }) => c.name)).toEqual(['notebook']);
  expect(pod.spec.containers[0].securityContext).toEqual({
    runAsUser: 1000,
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(pod.spec.volumes).toEqual([{ name: 'home', persistentVolumeClaim: { claimName: 'claim-alice' } }]);
});

describe('what the check would catch in a config (it reads the traits, not the library)', () => {
  const base = hubConfigs(seedCharts().minikube)[0].config;
  test.each([
    ['c.KubeSpawner.allow_privilege_escalation = None', ['allowPrivilegeEscalation']],
    [
      'c.KubeSpawner.container_security_context = {"runAsNonRoot": True}',
      ['seccompProfile_restricted', 'capabilities_restricted'],
    ],
    [
      'c.KubeSpawner.uid = 0\nc.KubeSpawner.container_security_context = {}',
      ['runAsNonRoot', 'runAsUser', 'seccompProfile_restricted', 'capabilities_restricted'],
    ],
    ['c.KubeSpawner.privileged = True', ['privileged']],
    ['c.KubeSpawner.extra_pod_config = {"hostNetwork": True}', ['hostNamespaces']],
    [
      'c.KubeSpawner.volumes = [{"name": "home", "nfs": {"server": "nfs", "path": "/{username}"}}]',
      ['restrictedVolumes'],
    ],
    [
      'c.KubeSpawner.init_containers = [{"name": "chown", "image": "busybox", "securityContext": {"runAsUser": 0}}]',
      ['allowPrivilegeEscalation', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted', 'capabilities_restricted'],
    ],
  ])('%s', (line, checks) => {
    const [v] = violations(`${base}\n${line}\n`);
    expect(v.violations.map((x) => x.check)).toEqual(checks);
  });
});

const SCIPY = 'quay.io/jupyter/scipy-notebook:2025-10-20';

/** Every single-user option that shapes the pod: storage, containers, volumes, hooks, account, profiles. */
function everyOption(homes: NfsStorage): SingleUserOptions {
  return {
    image: SCIPY,
    storage: SingleUserStorage.shared(homes, { subPath: '{username}' }),
    postStartCommand: ['sh', '-c', 'cp -rn /srv/course/. "$HOME"/ || true'],
    preStopCommand: ['sh', '-c', 'sync'],
    initContainers: [
      {
        name: 'fetch-course',
        image: 'docker.io/alpine/git:v2.47.2',
        args: ['clone', 'https://example.org/course.git', '/srv/course/{username}'],
        volumes: ['course'],
      },
    ],
    extraContainers: [
      { name: 'sidecar', image: 'docker.io/library/busybox:1.37.0', command: ['sh', '-c', 'sleep infinity'] },
    ],
    extraVolumes: [
      UserVolume.emptyDir('course', '/srv/course', { sizeLimit: Size.gibibytes(1) }),
      UserVolume.configMap('settings', 'course-settings', '/etc/jupyter/settings'),
      UserVolume.configMapFile('motd', 'course-settings', 'motd', '/etc/motd'),
      UserVolume.secret('api', 'course-api', '/etc/course-api'),
      UserVolume.persistentVolumeClaim('data', 'course-data', '/srv/data', { readOnly: true }),
      UserVolume.emptyDir('shm', '/dev/shm', { memory: true }),
    ],
    serviceAccountName: 'notebook',
    automountServiceAccountToken: true,
    nodePools: [{ name: 'gpu', nodeSelector: { 'cloud.google.com/gke-nodepool': 'gpu' } }],
    profiles: [
      {
        slug: 'small',
        displayName: 'Small',
        default: true,
        cpuLimit: kplus.Cpu.units(1),
        memoryLimit: Size.gibibytes(2),
        options: [
          {
            slug: 'image',
            displayName: 'Image',
            choices: [
              { slug: 'scipy', displayName: 'SciPy', default: true, image: SCIPY },
              { slug: 'r', displayName: 'R', image: 'quay.io/jupyter/r-notebook:2025-10-20', env: { A: 'b' } },
            ],
            freeForm: {
              displayName: 'Another image',
              validationRegex: '^quay\\.io/jupyter/[a-z-]+:[0-9-]+$',
              example: 'quay.io/jupyter/datascience-notebook:2025-10-20',
            },
          },
        ],
      },
      {
        slug: 'gpu',
        displayName: 'GPU',
        gpus: 1,
        nodePool: 'gpu',
        memoryLimit: Size.gibibytes(16),
        startTimeout: Duration.minutes(15),
      },
    ],
  };
}

test('a hub with every single-user option: every profile and choice complies with restricted', () => {
  const c = chart();
  const ns = new Namespace(c, 'course');
  const homes = new NfsStorage(ns, 'homes', { server: 'nfs.example.org', path: '/export/homes' });
  const hub = new Hub(ns, 'hub', {
    authenticator: Authenticator.dummy({ allowAll: true }),
    singleUser: everyOption(homes),
  });
  hub.addIntegration(new Proxy(ns, 'proxy'));
  const objs = synth(c);
  expect(find(objs, 'Namespace', 'course').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  const results = violations(hub.config);
  expect(results.map((r) => r.server)).toEqual(['small', 'small, image=r', 'small, image unlisted', 'gpu']);
  for (const r of results) expect(r).toEqual({ server: r.server, violations: [] });
  // The pieces are there: the home-init and the option's init container, the sidecar, the volumes.
  const pod = makePod(userServers(loadHubConfig(hub.config).KubeSpawner)[0].traits);
  expect(pod.spec.initContainers.map((x: { name: string }) => x.name)).toEqual(['home-init', 'fetch-course']);
  expect(pod.spec.containers.map((x: { name: string }) => x.name)).toEqual(['notebook', 'sidecar']);
  expect(pod.spec.volumes.map((v: { name: string }) => v.name)).toEqual([
    'home',
    'course',
    'settings',
    'motd',
    'api',
    'data',
    'shm',
  ]);
});
