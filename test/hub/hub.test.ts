/**
 * Hub: the hub's Deployment, its RBAC, config, names and wiring; the bad input it refuses, naming
 * the prop (or, for whole-app errors found at synthesis, both construct paths); and good input a
 * user would expect to work.
 */
import { ApiObject, App, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Authenticator, Hub, HubDatabase, HubSecret, Namespace, Proxy, SingleUserStorage } from '../../lib';
import * as auth from '../../lib/auth';
import {
  app,
  authRef,
  both,
  chartIn,
  expectAccepted,
  expectRefused,
  find,
  Good,
  hubConfig,
  hubIn,
  js,
  long,
  none,
  P,
  Row,
} from '../input-checks';
import { anyLogin, all, chart, container, Obj, synth, synthWith } from '../util';

/** A hub with its proxy (a hub alone fails validation: nobody could reach it). */
function hubChart(props: Partial<ConstructorParameters<typeof Hub>[2]> = {}): Obj[] {
  return synthWith((c) =>
    new Hub(c, 'hub', { authenticator: anyLogin(), ...props }).addIntegration(new Proxy(c, 'proxy')),
  );
}

describe('Hub', () => {
  test('defaults (snapshot)', () => {
    expect(hubChart().filter((o) => o.metadata.labels?.component !== 'proxy')).toMatchSnapshot();
  });

  test('defaults: sqlite on a 1Gi claim, dynamic 10Gi homes, generated secret, culler on', () => {
    const objs = hubChart();
    expect(find(objs, 'PersistentVolumeClaim', 'hub-db-dir').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    });
    const config = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
    expect(config).toContain('c.KubeSpawner.storage_capacity = "10Gi"');
    expect(config).toContain('c.JupyterHub.authenticator_class = "dummy"');
    expect(config).toContain('c.Authenticator.admin_users = {"admin"}');
    expect(config).toContain('"--timeout=3600", "--cull-every=600"');
    expect(container(find(objs, 'Deployment', 'hub'), 'hub').image).toBe('quay.io/jupyterhub/k8s-hub:4.4.0');
  });

  test('escape hatch: the Deployment is the default child, and props reach it through ApiObject.of', () => {
    const c = chart();
    const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
    hub.addIntegration(new Proxy(c, 'proxy'));
    expect(ApiObject.of(hub).kind).toBe('Deployment');
    expect(hub.deployment).toBe(ApiObject.of(hub));
    expect(hub.serviceName).toBe('hub');
    expect(hub.port).toBe(8081);
    expect(hub.idleCullerService).toBe('jupyterhub-idle-culler');
  });

  describe('RBAC: exactly what KubeSpawner 7 calls', () => {
    const rules = (objs: Obj[]) =>
      find(objs, 'Role', 'hub').rules.map((r: any) => `${r.resources.join()}:${r.verbs.join()}`);

    test('with per-user claims: pods, events, and get/create on PVCs', () => {
      expect(rules(hubChart())).toEqual([
        'pods:list,watch,create,delete',
        'events:list,watch',
        'persistentvolumeclaims:get,create',
      ]);
    });

    test('without user storage: no PVC rights', () => {
      expect(rules(hubChart({ singleUser: { storage: SingleUserStorage.none() } }))).toEqual([
        'pods:list,watch,create,delete',
        'events:list,watch',
      ]);
    });

    test('never secrets, services or cluster-wide rights for KubeSpawner', () => {
      const objs = hubChart();
      expect(JSON.stringify(find(objs, 'Role', 'hub'))).not.toMatch(/secrets|services/);
      expect(all(objs, 'ClusterRole')).toEqual([]);
    });
  });

  test("baseUrl moves the probes and the proxy's error target", () => {
    const objs = hubChart({ baseUrl: '/jupyter/' });
    const hub = container(find(objs, 'Deployment', 'hub'), 'hub');
    expect(hub.readinessProbe.httpGet.path).toBe('/jupyter/hub/health');
    expect(hub.livenessProbe.httpGet.path).toBe('/jupyter/hub/health');
    expect(container(find(objs, 'Deployment', 'proxy'), 'chp').command).toContain(
      '--error-target=http://hub:8081/jupyter/hub/error',
    );
  });

  test('namePrefix prefixes every name, and the wiring follows', () => {
    const objs = hubChart({ namePrefix: 'course-1-', release: 'course-1' });
    for (const o of objs) expect(o.metadata.name).toMatch(/^course-1-/);
    expect(container(find(objs, 'Deployment', 'course-1-proxy'), 'chp').command).toContain(
      '--default-target=http://course-1-hub:8081',
    );
    expect(find(objs, 'Deployment', 'course-1-hub').spec.selector.matchLabels).toEqual({
      app: 'jupyterhub',
      component: 'hub',
      release: 'course-1',
    });
  });

  test('selectors and names do not depend on where the construct sits in the tree', () => {
    const flat = hubChart();
    const nested = synthWith((c) => {
      const deep = new Construct(new Construct(c, 'a'), 'b');
      new Hub(deep, 'h', { authenticator: anyLogin() }).addIntegration(new Proxy(deep, 'p'));
    });
    const key = (objs: Obj[]) =>
      objs.map((o) => `${o.kind}/${o.metadata.name}:${JSON.stringify(o.spec?.selector ?? null)}`).sort();
    expect(key(nested)).toEqual(key(flat));
    expect(JSON.stringify(nested)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('a change to the config rolls the hub (checksum annotation); the same config keeps it', () => {
    const sum = (objs: Obj[]) =>
      find(objs, 'Deployment', 'hub').spec.template.metadata.annotations['checksum/config-map'];
    expect(sum(hubChart())).toBe(sum(hubChart()));
    expect(sum(hubChart({ concurrentSpawnLimit: 5 }))).not.toBe(sum(hubChart()));
  });

  test('a hub without a proxy fails at synthesis with a message that says what to add', () => {
    const c = chart();
    new Hub(c, 'hub', { authenticator: anyLogin() });
    expect(() => synth(c)).toThrow(
      /Hub 'test\/hub' has no Proxy: add one with hub\.addIntegration\(new Proxy\(scope, 'proxy'\)\)/,
    );
  });

  test('user servers: the single-user NetworkPolicy keeps the metadata endpoint out unless allowed', () => {
    const except = (objs: Obj[]) =>
      find(objs, 'NetworkPolicy', 'singleuser').spec.egress.find((r: any) => r.to?.[0]?.ipBlock?.cidr === '0.0.0.0/0')
        .to[0].ipBlock.except;
    expect(except(hubChart())).toContain('169.254.169.254/32');
    expect(except(hubChart({ singleUser: { blockCloudMetadata: false } }))).not.toContain('169.254.169.254/32');
    expect(
      hubChart({ singleUser: { networkPolicy: false, blockCloudMetadata: false } }).some(
        (o) => o.metadata.name === 'singleuser',
      ),
    ).toBe(false);
    expect(
      hubChart({ networkPolicy: false }).some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'hub'),
    ).toBe(false);
  });
});

const hub = (props: object) => () => new Hub(chart(), 'hub', { authenticator: anyLogin(), ...(props as any) });
const proxy = (props: object) => () => {
  const c = chart();
  new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(new Proxy(c, 'proxy', { ...(props as any) }));
};
/** The authenticator classes lib/auth exports, and Authenticator's static factories, read from the exports. */
const AUTHENTICATOR_CLASSES = Object.entries(auth)
  .filter(([, v]) => typeof v === 'function' && v.prototype instanceof Authenticator)
  .map(([name]) => name)
  .sort();
const AUTHENTICATOR_FACTORIES = Object.getOwnPropertyNames(Authenticator).filter(
  (n) => typeof (Authenticator as any)[n] === 'function',
);

const refusals: Row[] = [
  // Two objects with the same identity (the whole-app checks, at synthesis)
  [
    'two hubs without a prefix in one chart',
    app((a) => {
      const c = chartIn(a, 'course', 'course');
      hubIn(c, 'one');
      hubIn(c, 'two');
    }),
    /Deployment 'hub' in namespace 'course' is declared twice, by 'course\/one\/Resource' and 'course\/two\/Resource'/,
  ],
  [
    'two hubs without a prefix in one Namespace construct',
    app((a) => {
      const n = new Namespace(chartIn(a, 'c'), 'course');
      hubIn(n, 'one');
      hubIn(n, 'two');
    }),
    /Service 'hub' in namespace 'course' is declared twice, by 'c\/course\/one\/Service' and 'c\/course\/two\/Service'/,
  ],
  [
    'two hubs with the same prefix in one namespace',
    app((a) => {
      const c = chartIn(a, 'course', 'course');
      hubIn(c, 'one', { namePrefix: 'x-', release: 'one' });
      hubIn(c, 'two', { namePrefix: 'x-', release: 'two' });
    }),
    /ConfigMap 'x-hub-config' in namespace 'course' is declared twice, by 'course\/one\/Config' and 'course\/two\/Config'/,
  ],
  [
    "a user's own ConfigMap named like the hub's",
    app((a) => {
      const c = chartIn(a, 'c', 'course');
      hubIn(c, 'hub');
      new k8s.KubeConfigMap(c, 'mine', { metadata: { name: 'hub-config' }, data: { a: 'b' } });
    }),
    /ConfigMap 'hub-config' in namespace 'course' is declared twice, by 'c\/hub\/Config' and 'c\/mine'/,
  ],
  // Selectors that match another component's pods, node ports claimed twice (whole-app checks)
  [
    'two hubs in a namespace with different prefixes but the same release',
    app((a) => {
      const c = chartIn(a, 'course', 'course');
      hubIn(c, 'a', { namePrefix: 'a-' });
      hubIn(c, 'b', { namePrefix: 'b-' });
    }),
    /Deployment 'a-hub' at 'course\/a\/Resource' and Deployment 'b-hub' at 'course\/b\/Resource' in namespace 'course' select each other's pods/,
  ],
  [
    'two proxies of hubs with the same release in one Namespace construct',
    app((a) => {
      const n = new Namespace(chartIn(a, 'c'), 'course');
      hubIn(n, 'a', { namePrefix: 'a-', release: 'same' });
      hubIn(n, 'b', { namePrefix: 'b-', release: 'same' });
    }),
    /Deployment 'a-proxy' at 'c\/course\/a-proxy\/Resource' and Deployment 'b-proxy' at 'c\/course\/b-proxy\/Resource' in namespace 'course' select each other's pods/,
  ],
  [
    "a user's Deployment selecting every pod labelled app=jupyterhub",
    app((a) => {
      const c = chartIn(a, 'c', 'course');
      hubIn(c, 'hub');
      const labels = { app: 'jupyterhub', component: 'mine' };
      new k8s.KubeDeployment(c, 'mine', {
        metadata: { name: 'mine' },
        spec: {
          selector: { matchLabels: { app: 'jupyterhub' } },
          template: { metadata: { labels }, spec: { containers: [{ name: 'x', image: 'x:1' }] } },
        },
      });
    }),
    both('c/hub/Resource', 'c/mine'),
  ],
  [
    "a user's Deployment whose pods carry the hub's labels",
    app((a) => {
      const c = chartIn(a, 'c', 'course');
      hubIn(c, 'hub');
      const labels = { app: 'jupyterhub', component: 'hub', release: 'jupyterhub' };
      new k8s.KubeDeployment(c, 'mine', {
        metadata: { name: 'mine' },
        spec: {
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'x', image: 'x:1' }] } },
        },
      });
    }),
    /Deployment 'hub' at 'c\/hub\/Resource' and Deployment 'mine' at 'c\/mine' in namespace 'course' select each other's pods/,
  ],
  // Wrong types from JavaScript
  ['props that are null', () => new Hub(chart(), 'hub', js(null)), P('props')],
  [
    'a misspelled prop: singleuser',
    hub({ singleuser: { uid: 1000 } }),
    /^Invalid 'singleuser' .*did you mean 'singleUser'\?/,
  ],
  ['a misspelled prop: baseURL', hub({ baseURL: '/jupyter/' }), /^Invalid 'baseURL' .*did you mean 'baseUrl'\?/],
  ['a misspelled prop: nameprefix', hub({ nameprefix: 'a-' }), /^Invalid 'nameprefix' .*did you mean 'namePrefix'\?/],
  [
    'adminUsers on the Hub instead of the authenticator',
    hub({ adminUsers: ['admin'] }),
    /^Invalid 'adminUsers' .*is not a prop of HubProps/,
  ],
  [
    "authenticator: 'dummy' (a string)",
    hub({ authenticator: 'dummy' }),
    new RegExp(
      `^Invalid 'authenticator' \\('dummy'\\): must be an Authenticator, made by ${AUTHENTICATOR_FACTORIES.slice(0, 3)
        .map((f) => `Authenticator\\.${f}\\(\\)`)
        .join(', ')}`,
    ),
  ],
  ['an authenticator as a plain object', hub({ authenticator: { adminUsers: ['admin'] } }), P('authenticator')],
  [
    "adminAccess: 'false' (truthy)",
    hub({ adminAccess: 'false' }),
    /^Invalid 'adminAccess' \('false'\): must be true or false \(got the string 'false'\)/,
  ],
  ['networkPolicy: 0', hub({ networkPolicy: 0 }), P('networkPolicy')],
  ['namePrefix: 1', hub({ namePrefix: 1 }), P('namePrefix')],
  ['release: 7', hub({ release: 7 }), P('release')],
  ['image: 42', hub({ image: 42 }), P('image')],
  ["baseUrl: ['/']", hub({ baseUrl: ['/'] }), P('baseUrl')],
  ["concurrentSpawnLimit: '64'", hub({ concurrentSpawnLimit: '64' }), P('concurrentSpawnLimit')],
  ['concurrentSpawnLimit: NaN', hub({ concurrentSpawnLimit: NaN }), P('concurrentSpawnLimit')],
  ['idleCuller: true', hub({ idleCuller: true }), P('idleCuller')],
  ['idleCuller.timeout in seconds as a number', hub({ idleCuller: { timeout: 3600 } }), P('idleCuller.timeout')],
  ["idleCuller.enabled: 'false'", hub({ idleCuller: { enabled: 'false' } }), P('idleCuller.enabled')],
  [
    'a misspelled culler option',
    hub({ idleCuller: { timeOut: Duration.hours(1) } }),
    /^Invalid 'idleCuller.timeOut' .*did you mean 'timeout'\?/,
  ],
  ["resources: '1Gi'", hub({ resources: '1Gi' }), P('resources')],
  ["extraConfig: ['c.X = 1']", hub({ extraConfig: ['c.X = 1'] }), P('extraConfig')],
  ['integrations: one object instead of a list', hub({ integrations: {} }), P('integrations')],
  [
    'hub.addIntegration({}) (no bindToHub)',
    () => new Hub(chart(), 'hub', { authenticator: anyLogin() }).addIntegration(js({})),
    P('integration'),
  ],
  [
    'hub.addIntegration(undefined)',
    () => new Hub(chart(), 'hub', { authenticator: anyLogin() }).addIntegration(js(undefined)),
    P('integration'),
  ],
  // Values that reach a Kubernetes field without that field's rule
  [
    "namePrefix '1x-': Service '1x-hub' must start with a letter (DNS-1035)",
    hub({ namePrefix: '1x-' }),
    P('namePrefix'),
  ],
  ["namePrefix '0-'", hub({ namePrefix: '0-' }), P('namePrefix')],
  [
    'namePrefix of 52 characters: Service <prefix>proxy-public is 64',
    hub({ namePrefix: `${long(51)}-` }),
    /^Invalid 'namePrefix' .*is too long: .*'a{51}-proxy-public' 64 characters/,
  ],
  ['namePrefix of 100 characters', hub({ namePrefix: `${long(99)}-` }), P('namePrefix')],
  ["namePrefix '-a-'", hub({ namePrefix: '-a-' }), P('namePrefix')],
  ["namePrefix 'Course-'", hub({ namePrefix: 'Course-' }), P('namePrefix')],
  ["namePrefix 'a.b-' (a dot in a Service name)", hub({ namePrefix: 'a.b-' }), P('namePrefix')],
  ['namePrefix without the trailing dash', hub({ namePrefix: 'course' }), P('namePrefix')],
  ["release ''", hub({ release: '' }), P('release')],
  ['release of 64 characters', hub({ release: long(64) }), P('release')],
  ["release 'my release'", hub({ release: 'my release' }), P('release')],
  ["release '-x'", hub({ release: '-x' }), P('release')],
  ["release 'caf\u00e9'", hub({ release: 'caf\u00e9' }), P('release')],
  [
    "a Chart namespace 'Bad NS' under a Hub",
    () => new Hub(chart('Bad NS'), 'hub', { authenticator: anyLogin() }),
    P('namespace'),
  ],
  [
    'hub resources.memory.request of zero',
    hub({ resources: { memory: { request: Size.mebibytes(0) } } }),
    P('resources.memory.request'),
  ],
  [
    'hub resources.memory.limit of zero',
    hub({ resources: { memory: { limit: Size.mebibytes(0) } } }),
    P('resources.memory.limit'),
  ],
  ["baseUrl '/caf\u00e9/' (not ASCII: percent-encode it)", hub({ baseUrl: '/caf\u00e9/' }), P('baseUrl')],
  ["baseUrl '/a/../b/'", hub({ baseUrl: '/a/../b/' }), P('baseUrl')],
  ["baseUrl '/hub?x/'", hub({ baseUrl: '/hub?x/' }), P('baseUrl')],
  // Generated programs that read differently than written
  // Characters YAML 1.1 readers (kubectl, PyYAML) read as line breaks, in text written raw into YAML.
  [
    'extraConfig with U+2028 (a line break to kubectl)',
    hub({ extraConfig: 'c.JupyterHub.x = "a\u2028b"' }),
    /^Invalid 'extraConfig' .*U\+2028/,
  ],
  ['extraConfig with U+0085', hub({ extraConfig: 'x = 1\u0085y = 2' }), /^Invalid 'extraConfig' .*U\+0085/],
  ['extraConfig with U+2029', hub({ extraConfig: 'x = 1\u2029' }), P('extraConfig')],
  ['extraConfig with DEL', hub({ extraConfig: 'x = "\u007f"' }), P('extraConfig')],
  ['a name prefix with U+2028', hub({ namePrefix: 'a\u2028-' }), P('namePrefix')],
  ['a release with U+0085', hub({ release: 'a\u0085b' }), P('release')],
  // A Hub must be given an authenticator
  [
    'a Hub without an authenticator',
    () => new (Hub as any)(chart(), 'hub'),
    // Every class lib/auth exports, each with its summary, in order.
    new RegExp(
      `^Invalid 'authenticator' \\(undefined\\): is required: it says who may log in\\. Choose one of the classes extending Authenticator: ${AUTHENTICATOR_CLASSES.map(
        (name) => `${name} \\(.+\\)`,
      ).join('(, | or )')}$`,
    ),
  ],
  ['a Hub with props but no authenticator', () => new Hub(chart(), 'hub', { baseUrl: '/' } as any), P('authenticator')],
  // Who may log in
  [
    'adminAccess false while Azure AD has admin groups',
    () =>
      new Hub(chart(), 'hub', {
        adminAccess: false,
        authenticator: Authenticator.azureAd({
          tenantId: 'contoso.onmicrosoft.com',
          clientId: 'x',
          clientSecret: authRef('s'),
          adminGroups: ['g'],
        }),
      }),
    /^Invalid 'adminAccess' \(false\): conflicts with 'authenticator.adminGroups'/,
  ],
  // Construction errors naming the prop, the value and the fix
  [
    'name prefix that is not DNS-1123',
    hub({ namePrefix: 'My_Hub-' }),
    /Invalid 'namePrefix' \('My_Hub-'\): must be empty or lower-case letters/,
  ],
  [
    'name prefix without the trailing dash',
    hub({ namePrefix: 'course' }),
    /Invalid 'namePrefix' \('course'\): .*ending with '-'/,
  ],
  [
    'release that is not a label value',
    hub({ release: 'my release' }),
    /Invalid 'release' \('my release'\): must be a valid label value/,
  ],
  [
    'empty admin list with admin access on',
    hub({ authenticator: Authenticator.native({ adminUsers: [] }), adminAccess: true }),
    /Invalid 'authenticator.adminUsers' \(\[\]\): is empty while 'adminAccess' is true: list at least one admin user, or set 'adminAccess: false'/,
  ],
  [
    'admins listed with admin access off',
    hub({ adminAccess: false }),
    /Invalid 'adminAccess' \(false\): conflicts with 'authenticator.adminUsers' \(\["admin"\]\)/,
  ],
  [
    'a user listed twice',
    hub({ authenticator: Authenticator.dummy({ adminUsers: ['ada', 'ada'] }) }),
    /Invalid 'authenticator.adminUsers' .*lists 'ada' twice/,
  ],
  [
    'an unpinned image',
    hub({ image: 'quay.io/jupyterhub/k8s-hub' }),
    /Invalid 'image' \('quay.io\/jupyterhub\/k8s-hub'\): must be pinned to a tag or digest/,
  ],
  [
    'a base URL without slashes',
    hub({ baseUrl: 'jupyter' }),
    /Invalid 'baseUrl' \('jupyter'\): must start and end with '\/'/,
  ],
  [
    'a negative spawn limit',
    hub({ concurrentSpawnLimit: -1 }),
    /Invalid 'concurrentSpawnLimit' \(-1\): must be a whole number of at least 0/,
  ],
  [
    'a culler that checks less often than it culls',
    hub({ idleCuller: { timeout: Duration.minutes(5), every: Duration.minutes(10) } }),
    /Invalid 'idleCuller.every' \('600s'\): must not be longer than 'idleCuller.timeout' \(300s\)/,
  ],
  [
    'hub resources with a limit below the request',
    hub({ resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } }),
    /Invalid 'resources.memory.limit' \('1Gi'\): must be at least the memory request \(2Gi\)/,
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);

  test('valid input does not throw, including the edge values', () => {
    expect(proxy({ port: 65535, serviceType: kplus.ServiceType.NODE_PORT, nodePort: 32767 })).not.toThrow();
    // No admins listed and adminAccess left alone: a hub without admins, not an error.
    expect(hub({ authenticator: Authenticator.native() })).not.toThrow();
    expect(
      hub({
        namePrefix: 'a-',
        concurrentSpawnLimit: 0,
        singleUser: { memoryGuarantee: Size.gibibytes(1), memoryLimit: Size.gibibytes(1) },
      }),
    ).not.toThrow();
    expect(
      hub({
        secret: HubSecret.fromSecretName('s'),
        database: HubDatabase.external({
          url: 'mysql+pymysql://hub@db/hub',
          password: { secret: kplus.Secret.fromSecretName(chart(), 'x', 'y'), key: 'k' },
        }),
      }),
    ).not.toThrow();
  });
});

/** One hub with its proxy in a chart with a namespace, from the given Hub props. */
const oneHub =
  (props: Partial<ConstructorParameters<typeof Hub>[2]> = {}, proxyProps: object = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    new Hub(c, 'hub', { authenticator: anyLogin(), ...props }).addIntegration(new Proxy(c, 'proxy', { ...proxyProps }));
  };

const accepted: Good[] = [
  [
    "namePrefix 'course-101-'",
    oneHub({ namePrefix: 'course-101-', release: 'course-101' }),
    (d) => expect(find(d, 'Service', 'course-101-proxy-public')).toBeDefined(),
  ],
  [
    "the longest namePrefix (46 characters): the user pods' component label <prefix>singleuser-server is exactly 63",
    oneHub({ namePrefix: `${long(45)}-` }),
    (d) => {
      const config = find(d, 'ConfigMap', `${long(45)}-hub-config`).data['jupyterhub_config.py'];
      expect(config).toContain(`c.KubeSpawner.component_label = "${long(45)}-singleuser-server"`);
      expect(`${long(45)}-singleuser-server`).toHaveLength(63);
    },
  ],
  [
    "a release with dots and underscores ('physics.101_a-b')",
    oneHub({ release: 'physics.101_a-b' }),
    (d) => expect(find(d, 'Deployment', 'hub').spec.selector.matchLabels.release).toBe('physics.101_a-b'),
  ],
  ['a release of 63 characters', oneHub({ release: long(63) }), none],
  [
    "release 'yes' (a boolean to YAML 1.1 if written unquoted)",
    oneHub({ release: 'yes' }),
    (d) => expect(find(d, 'Deployment', 'hub').metadata.labels.release).toBe('yes'),
  ],
  [
    "a Chart namespace starting with a digit ('2024-course')",
    (a) => {
      const c = chartIn(a, 'c', '2024-course');
      new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(new Proxy(c, 'proxy'));
    },
    none,
  ],
  [
    'two hubs in one namespace with distinct prefixes and releases',
    (a) => {
      const c = chartIn(a, 'c', 'course');
      for (const id of ['physics', 'stats'])
        new Hub(c, id, { authenticator: anyLogin(), namePrefix: `${id}-`, release: id }).addIntegration(
          new Proxy(c, `${id}-proxy`),
        );
    },
    (d) => expect(d.filter((o) => o.kind === 'Deployment')).toHaveLength(4),
  ],
  [
    "baseUrl '/jupyter/' and '/a-b_c.d~/'",
    (a) => {
      for (const [id, baseUrl] of [
        ['one', '/jupyter/'],
        ['two', '/a-b_c.d~/'],
      ]) {
        const c = chartIn(a, id, id);
        new Hub(c, 'hub', { authenticator: anyLogin(), baseUrl }).addIntegration(new Proxy(c, 'proxy'));
      }
    },
    none,
  ],
  [
    'extraConfig with non-ASCII letters and tabs (only line-break look-alikes are refused)',
    oneHub({ extraConfig: '# Gr\u00fc\u00dfe\nc.JupyterHub.shutdown_on_logout = True\t# tab' }),
    (d) => expect(hubConfig(d)).toContain('Gr\u00fc\u00dfe'),
  ],
  [
    'hub resources with a 1Ki memory request and 1m CPU',
    oneHub({ resources: { memory: { request: Size.kibibytes(1) }, cpu: { request: kplus.Cpu.millis(1) } } }),
    none,
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
