/**
 * Bad input is refused with its prop named (issue 9, item 5): a table per class of bad input the
 * issue found, each row asserting that the error names the prop (`Invalid '<prop>'`), or for
 * whole-app errors both construct paths; then good input a user would expect to work, which must
 * synthesize and pass the strict schema check (refusing good input is a defect too); then the
 * synthesized YAML read back with YAML 1.1 readers, which must see what a YAML 1.2 reader sees.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import {
  Authenticator,
  CustomAuthenticator,
  EnterpriseGateway,
  ExternalTrafficPolicy,
  Hub,
  HubDatabase,
  HubSecret,
  IngressTls,
  JupyterHub,
  KernelSpec,
  LdapTlsStrategy,
  MinikubeChart,
  Namespace,
  NfsStorage,
  NginxIngress,
  NginxIngressMode,
  Proxy,
  SingleUserStorage,
  synthesize,
} from '../lib';
import * as auth from '../lib/auth';
import { anyLogin, wire } from './util';
import { buildApp } from '../main';
import { strictErrors } from './strict-schema';

/** A row: what is wrong, the construction (or synthesis) that must throw, what the error must say. */
type Row = [string, () => unknown, RegExp];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The error names `prop` first, in the house style. */
const P = (prop: string) => new RegExp(`^Invalid '${escape(prop)}' \\(`);

/** The authenticator classes lib/auth exports, and Authenticator's static factories, read from the exports. */
const AUTHENTICATOR_CLASSES = Object.entries(auth)
  .filter(([, v]) => typeof v === 'function' && v.prototype instanceof Authenticator)
  .map(([name]) => name)
  .sort();
const AUTHENTICATOR_FACTORIES = Object.getOwnPropertyNames(Authenticator).filter(
  (n) => typeof (Authenticator as any)[n] === 'function',
);

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const chart = (namespace?: string) => new Chart(Testing.app(), 'test', { disableResourceNameHashes: true, namespace });
/** A Hub with its Proxy (a Hub without one fails validation). */
const hubIn = (scope: Construct, id: string, props: Partial<ConstructorParameters<typeof Hub>[2]> = {}) => {
  const hub = new Hub(scope, id, { authenticator: anyLogin(), ...props });
  hub.addIntegration(new Proxy(scope, `${id}-proxy`));
  return hub;
};
const hub = (props: object) => () => new Hub(chart(), 'hub', { authenticator: anyLogin(), ...(props as any) });
const su = (singleUser: object) => hub({ singleUser });
const proxy = (props: object) => () => {
  const c = chart();
  const h = new Hub(c, 'hub', { authenticator: anyLogin() });
  return wire(h, new Proxy(c, 'proxy', { ...(props as any) }));
};
const nginx =
  (props: object, serviceType = kplus.ServiceType.NODE_PORT) =>
  () => {
    const c = chart();
    const h = new Hub(c, 'hub', { authenticator: anyLogin() });
    const p = new Proxy(c, 'proxy', { serviceType });
    const n = new NginxIngress(c, 'nginx', { ...(props as any) });
    wire(h, p, n);
    return n;
  };
const ingress = (props: object) =>
  nginx({ mode: NginxIngressMode.INGRESS_RESOURCE, ...props }, kplus.ServiceType.CLUSTER_IP);
const nfs = (props: object) => () => new NfsStorage(chart('lab'), 'homes', props as any);
const nfsStatic = (props: object) => nfs({ server: 'nfs.example.org', path: '/export/homes', ...props });
const ns = (props: object) => () => new Namespace(chart(), 'course', props as any);
/** A JupyterHub; its hub gets the tests' authenticator unless the row gives one (or gives a hub of the wrong type). */
const jh = (props: { [prop: string]: unknown }) => () => {
  const hub = props.hub === undefined ? {} : props.hub;
  return new JupyterHub(chart(), 'hub', {
    ...props,
    hub: typeof hub === 'object' && hub !== null && !Array.isArray(hub) ? { authenticator: anyLogin(), ...hub } : hub,
  } as any);
};
/** Builds an app and synthesizes it with `synthesize`, which runs the whole-app checks. */
const app = (build: (a: App) => void) => () => {
  const a = new App({ outdir: tmp('bad-input-') });
  build(a);
  synthesize(a);
};
const chartIn = (a: App, id: string, namespace?: string) =>
  new Chart(a, id, { disableResourceNameHashes: true, namespace });
/** Both construct paths, in the order the error names them. */
const both = (first: string, second: string) => new RegExp(`'${escape(first)}'.*'${escape(second)}'`);

const rows: { [cls: string]: Row[] } = {};

// ---------------------------------------------------------------------------------------------
rows['two objects with the same identity'] = [
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
    'two JupyterHubs in the same namespace in one chart',
    app((a) => {
      const c = chartIn(a, 'c');
      new JupyterHub(c, 'physics', { hub: { authenticator: anyLogin() }, namespace: 'course' });
      new JupyterHub(c, 'stats', { hub: { authenticator: anyLogin() }, namespace: 'course' });
    }),
    /Namespace 'course' is declared twice, by 'c\/physics\/Namespace\/Resource' and 'c\/stats\/Namespace\/Resource'/,
  ],
  [
    'two JupyterHubs in the same namespace in two charts',
    app((a) => {
      new JupyterHub(chartIn(a, 'physics'), 'hub', { hub: { authenticator: anyLogin() }, namespace: 'course' });
      new JupyterHub(chartIn(a, 'stats'), 'hub', { hub: { authenticator: anyLogin() }, namespace: 'course' });
    }),
    /Deployment 'proxy' in namespace 'course' is declared twice, by 'physics\/hub\/Namespace\/Proxy\/Resource' and 'stats\/hub\/Namespace\/Proxy\/Resource'/,
  ],
  [
    'a JupyterHub and a Namespace construct of the same name',
    app((a) => {
      const c = chartIn(a, 'c');
      new Namespace(c, 'course');
      new JupyterHub(c, 'hub', { hub: { authenticator: anyLogin() }, namespace: 'course' });
    }),
    /Namespace 'course' is declared twice, by 'c\/course\/Resource' and 'c\/hub\/Namespace\/Resource'/,
  ],
  [
    'the same Namespace in two charts',
    app((a) => {
      new Namespace(chartIn(a, 'one'), 'course');
      new Namespace(chartIn(a, 'two'), 'course');
    }),
    /Namespace 'course' is declared twice, by 'one\/course\/Resource' and 'two\/course\/Resource'/,
  ],
  [
    'the same NfsStorage in two charts (PersistentVolume is cluster-scoped)',
    app((a) => {
      for (const id of ['one', 'two'])
        new NfsStorage(chartIn(a, id, 'lab'), 'homes', { server: '10.0.0.5', path: '/export/homes' });
    }),
    /PersistentVolume 'lab-homes' \(cluster-scoped\) is declared twice, by 'one\/homes\/Volume' and 'two\/homes\/Volume'/,
  ],
  [
    'two NfsStorages in different namespaces with one volumeName',
    app((a) => {
      new NfsStorage(chartIn(a, 'one', 'physics'), 'homes', {
        server: '10.0.0.5',
        path: '/export/physics',
        volumeName: 'homes',
      });
      new NfsStorage(chartIn(a, 'two', 'stats'), 'homes', {
        server: '10.0.0.5',
        path: '/export/stats',
        volumeName: 'homes',
      });
    }),
    /PersistentVolume 'homes' \(cluster-scoped\) is declared twice, by 'one\/homes\/Volume' and 'two\/homes\/Volume'/,
  ],
  [
    'two NfsStorages with one claimName in one namespace',
    app((a) => {
      const c = chartIn(a, 'c', 'lab');
      new NfsStorage(c, 'a', { storageClassName: 'nfs-client', claimName: 'homes' });
      new NfsStorage(c, 'b', { storageClassName: 'nfs-client', claimName: 'homes' });
    }),
    /PersistentVolumeClaim 'homes' in namespace 'lab' is declared twice, by 'c\/a\/Resource' and 'c\/b\/Resource'/,
  ],
  [
    "an NfsStorage claim named like the hub's database claim",
    app((a) => {
      const c = chartIn(a, 'c', 'course');
      hubIn(c, 'hub');
      new NfsStorage(c, 'homes', { storageClassName: 'nfs-client', claimName: 'hub-db-dir' });
    }),
    /PersistentVolumeClaim 'hub-db-dir' in namespace 'course' is declared twice, by 'c\/hub\/DatabaseClaim' and 'c\/homes\/Resource'/,
  ],
  [
    "two KernelSpecs whose names normalize to one ConfigMap ('py.k', 'py_k')",
    app((a) => {
      const c = chartIn(a, 'gw', 'gateways');
      new KernelSpec(c, 'dot', { name: 'py.k' });
      new KernelSpec(c, 'underscore', { name: 'py_k' });
    }),
    /ConfigMap 'kernelspec-py-k' in namespace 'gateways' is declared twice, by 'gw\/dot\/Resource' and 'gw\/underscore\/Resource'/,
  ],
  [
    'the same EnterpriseGateway twice in one namespace',
    app((a) => {
      new EnterpriseGateway(chartIn(a, 'one', 'gateway'), 'gw');
      new EnterpriseGateway(chartIn(a, 'two', 'gateway'), 'gw');
    }),
    /Deployment 'enterprise-gateway' in namespace 'gateway' is declared twice, by 'one\/gw\/.*' and 'two\/gw\/.*'/,
  ],
  [
    'the minikube seed chart twice in one namespace',
    app((a) => {
      new MinikubeChart(a, 'one', { namespace: 'demo' });
      new MinikubeChart(a, 'two', { namespace: 'demo' });
    }),
    /Deployment 'hub' in namespace 'demo' is declared twice, by 'one\/hub\/Resource' and 'two\/hub\/Resource'/,
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
];

// ---------------------------------------------------------------------------------------------
rows["selectors that match another component's pods"] = [
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
  [
    'two Proxies claiming the same nodePort in two namespaces',
    app((a) => {
      for (const id of ['physics', 'stats']) {
        const c = chartIn(a, id, id);
        new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(
          new Proxy(c, 'proxy', { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 32020 }),
        );
      }
    }),
    /nodePort 32020 is claimed twice, by Service 'proxy-public' at 'physics\/proxy\/PublicService' .* and Service 'proxy-public' at 'stats\/proxy\/PublicService'/,
  ],
  [
    "a Proxy's nodePort and another hub's nginx httpsNodePort",
    app((a) => {
      const one = chartIn(a, 'one', 'one');
      new Hub(one, 'hub', { authenticator: anyLogin() }).addIntegration(
        new Proxy(one, 'proxy', { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 30443 }),
      );
      const two = chartIn(a, 'two', 'two');
      wire(
        new Hub(two, 'hub', { authenticator: anyLogin() }),
        new Proxy(two, 'proxy', { serviceType: kplus.ServiceType.NODE_PORT }),
        new NginxIngress(two, 'nginx', { tls: IngressTls.fromSecretName('tls'), httpsNodePort: 30443 }),
      );
    }),
    both('one/proxy/PublicService', 'two/proxy/PublicService'),
  ],
  [
    'two JupyterHubs with the same proxy nodePort',
    app((a) => {
      for (const course of ['physics', 'stats']) {
        new JupyterHub(chartIn(a, course), 'hub', {
          hub: { authenticator: anyLogin() },
          namespace: course,
          proxy: { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 31000 },
        });
      }
    }),
    /nodePort 31000 is claimed twice/,
  ],
  [
    "the minikube seed chart's nodePort 32020 claimed by a user's Service",
    app((a) => {
      new MinikubeChart(a, 'minikube');
      const c = chartIn(a, 'mine', 'other');
      new k8s.KubeService(c, 'svc', {
        metadata: { name: 'mine' },
        spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 32020 }] },
      });
    }),
    both('minikube/proxy/PublicService', 'mine/svc'),
  ],
];

// ---------------------------------------------------------------------------------------------
const js = (v: unknown) => v as any;
rows['wrong types from JavaScript'] = [
  // Hub props
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
    "adminUsers: 'admin' (a string, not a list)",
    () => Authenticator.dummy({ adminUsers: js('admin') }),
    /^Invalid 'options.adminUsers' \('admin'\): must be a list of strings/,
  ],
  [
    "allowedUsers: 'ann' for the native authenticator",
    () => Authenticator.native({ allowedUsers: js('ann') }),
    P('options.allowedUsers'),
  ],
  ['a number in the admin list', () => Authenticator.dummy({ adminUsers: js(['ann', 7]) }), P('options.adminUsers[1]')],
  ["allowAll: 'yes'", () => Authenticator.native({ allowAll: js('yes') }), P('options.allowAll')],
  [
    'a misspelled authenticator option',
    () => Authenticator.dummy(js({ admins: ['x'] })),
    /^Invalid 'options.admins' .*'admins' is not a prop of DummyAuthenticatorOptions; its props are 'adminUsers'/,
  ],
  ['custom() without options', () => Authenticator.custom(js(undefined)), P('options')],
  ['custom() with a number as className', () => Authenticator.custom(js({ className: 42 })), P('options.className')],
  [
    'a number in stringTraits',
    () => Authenticator.custom(js({ className: 'a.B', stringTraits: { login_service: 1 } })),
    P("options.stringTraits['login_service']"),
  ],
  [
    'a string in numberTraits',
    () => Authenticator.custom(js({ className: 'a.B', numberTraits: { n: '1' } })),
    P("options.numberTraits['n']"),
  ],
  [
    "a string 'false' in booleanTraits",
    () => Authenticator.custom(js({ className: 'a.B', booleanTraits: { b: 'false' } })),
    P("options.booleanTraits['b']"),
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
  ["database: 'sqlite'", hub({ database: 'sqlite' }), P('database')],
  [
    'database: a factory not called',
    hub({ database: HubDatabase.sqlitePvc }),
    /^Invalid 'database' \(function sqlitePvc\)/,
  ],
  ["secret: 'hub-secret'", hub({ secret: 'hub-secret' }), P('secret')],
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
    "singleUser.memoryLimit: '1Gi'",
    su({ memoryLimit: '1Gi' }),
    /^Invalid 'singleUser.memoryLimit' \('1Gi'\): must be a Size/,
  ],
  ['singleUser.memoryGuarantee: 512', su({ memoryGuarantee: 512 }), P('singleUser.memoryGuarantee')],
  ["singleUser.cmd: 'jupyterhub-singleuser'", su({ cmd: 'jupyterhub-singleuser' }), P('singleUser.cmd')],
  ["singleUser.uid: '1000'", su({ uid: '1000' }), P('singleUser.uid')],
  ['singleUser.cpuLimit: 2 (a number, not a Cpu)', su({ cpuLimit: 2 }), P('singleUser.cpuLimit')],
  ['singleUser.startTimeout: 300', su({ startTimeout: 300 }), P('singleUser.startTimeout')],
  ["singleUser.storage: 'dynamic'", su({ storage: 'dynamic' }), P('singleUser.storage')],
  ["singleUser.nodeSelector: 'disktype=ssd'", su({ nodeSelector: 'disktype=ssd' }), P('singleUser.nodeSelector')],
  ['singleUser.extraEnv with a number value', su({ extraEnv: { DEBUG: 1 } }), P("singleUser.extraEnv['DEBUG']")],
  ["singleUser.blockCloudMetadata: 'no'", su({ blockCloudMetadata: 'no' }), P('singleUser.blockCloudMetadata')],
  [
    "singleUser.serverApp: 'lab' (not in the enum)",
    su({ serverApp: 'lab' }),
    /^Invalid 'singleUser.serverApp' \('lab'\): must be one of SingleUserServerApp.JUPYTER_SERVER/,
  ],
  // Refused by the factory itself (its options are checked where they are given).
  [
    "SingleUserStorage.dynamic({ capacity: '10Gi' })",
    () => SingleUserStorage.dynamic({ capacity: js('10Gi') }),
    P('options.capacity'),
  ],
  // value classes
  ["HubDatabase.sqlitePvc({ size: '1Gi' })", () => HubDatabase.sqlitePvc({ size: js('1Gi') }), P('options.size')],
  ['HubDatabase.external() without options', () => HubDatabase.external(js(undefined)), P('options')],
  ['HubDatabase.external({ url: 5 })', () => HubDatabase.external(js({ url: 5 })), P('options.url')],
  [
    "HubDatabase.external({ port: '5432' })",
    () => HubDatabase.external(js({ url: 'postgresql://hub@db/hub', port: '5432' })),
    P('options.port'),
  ],
  [
    'a database password as a string',
    () => HubDatabase.external(js({ url: 'postgresql://hub@db/hub', password: 'secret' })),
    P('options.password'),
  ],
  ['HubSecret.fromSecretName() without a name', () => HubSecret.fromSecretName(js(undefined)), P('secretName')],
  [
    'a misspelled HubSecret option',
    () => HubSecret.fromSecretName('s', js({ proxyTokenkey: 'x' })),
    /^Invalid 'options.proxyTokenkey' .*did you mean 'proxyTokenKey'\?/,
  ],
  ['IngressTls.fromSecretName(42)', () => IngressTls.fromSecretName(js(42)), P('secretName')],
  ['IngressTls.certManager() without an issuer', () => IngressTls.certManager(js(undefined)), P('issuerName')],
  [
    "IngressTls.certManager(issuer, { clusterIssuer: 'true' })",
    () => IngressTls.certManager('le', js({ clusterIssuer: 'true' })),
    P('options.clusterIssuer'),
  ],
  // Proxy
  [
    'a Proxy never added to a hub',
    () => {
      const c = chart();
      new Proxy(c, 'proxy', js({}));
      Testing.synth(c);
    },
    /Proxy 'test\/proxy' was never added to a hub: give it to the hub with hub.addIntegration/,
  ],
  ["Proxy with hub: 'hub'", () => new Proxy(chart(), 'proxy', js({ hub: 'hub' })), P('hub')],
  ["serviceType: 'Nodeport'", proxy({ serviceType: 'Nodeport' }), P('serviceType')],
  ["port: '80'", proxy({ port: '80' }), P('port')],
  [
    "logLevel: 'verbose'",
    proxy({ logLevel: 'verbose' }),
    /^Invalid 'logLevel' \('verbose'\): must be one of ProxyLogLevel.DEBUG/,
  ],
  ["nodePort: '32020'", proxy({ nodePort: '32020' }), P('nodePort')],
  ['a misspelled Proxy prop: nodeport', proxy({ nodeport: 32020 }), /^Invalid 'nodeport' .*did you mean 'nodePort'\?/],
  // NginxIngress
  [
    'a Proxy given the Hub as its front door',
    () => {
      const c = chart();
      new Proxy(c, 'proxy').addFrontDoor(js(new Hub(c, 'hub', { authenticator: anyLogin() })));
    },
    /^Invalid 'door' \(Hub 'test\/hub'\): must be an IProxyFrontDoor/,
  ],
  ["mode: 'Sidecar'", nginx({ mode: 'Sidecar' }), P('mode')],
  ["maxBodySize: '256Mi'", nginx({ maxBodySize: '256Mi' }), P('maxBodySize')],
  ['readTimeout: 3600', nginx({ readTimeout: 3600 }), P('readTimeout')],
  ["tls: 'my-tls-secret'", nginx({ tls: 'my-tls-secret' }), P('tls')],
  ["annotations: ['a=b']", ingress({ annotations: ['a=b'] }), P('annotations')],
  ['host: 42', nginx({ host: 42 }), P('host')],
  [
    'a misspelled NginxIngress prop: maxBodySizeMb',
    nginx({ maxBodySizeMb: 256 }),
    /^Invalid 'maxBodySizeMb' .*did you mean 'maxBodySize'\?/,
  ],
  // NfsStorage, Namespace
  ['NfsStorage without props', () => new NfsStorage(chart(), 'homes', js(undefined)), P('props')],
  ['NFS server: 10', nfs({ server: 10, path: '/x' }), P('server')],
  ["accessModes: 'ReadWriteMany'", nfsStatic({ accessModes: 'ReadWriteMany' }), P('accessModes')],
  ["accessModes: ['RWX']", nfsStatic({ accessModes: ['RWX'] }), P('accessModes[0]')],
  ['capacity: 10', nfsStatic({ capacity: 10 }), P('capacity')],
  ["reclaimPolicy: 'Keep'", nfsStatic({ reclaimPolicy: 'Keep' }), P('reclaimPolicy')],
  ["mountOptions: 'nfsvers=4.1'", nfsStatic({ mountOptions: 'nfsvers=4.1' }), P('mountOptions')],
  ["Namespace labels: ['team=a']", ns({ labels: ['team=a'] }), P('labels')],
  ['a Namespace label value that is a number', ns({ labels: { tier: 1 } }), P("labels['tier']")],
  ['Namespace name: 42', ns({ name: 42 }), P('name')],
  // JupyterHub, charts, methods
  ['JupyterHub namespace: 5', jh({ namespace: 5 }), P('namespace')],
  ["JupyterHub frontDoor: 'false'", jh({ frontDoor: 'false' }), P('frontDoor')],
  ["JupyterHub hub: 'x'", jh({ hub: 'x' }), P('hub')],
  [
    'a misspelled JupyterHub prop: frontdoor',
    jh({ frontdoor: false }),
    /^Invalid 'frontdoor' .*did you mean 'frontDoor'\?/,
  ],
  [
    'a misspelled nested prop: hub.singleuser',
    jh({ hub: { singleuser: {} } }),
    /^Invalid 'hub.singleuser' .*did you mean 'singleUser'\?/,
  ],
  ["JupyterHub proxy.serviceType: 'LB'", jh({ proxy: { serviceType: 'LB' } }), P('proxy.serviceType')],
  ['MinikubeChart namespace: 5', () => new MinikubeChart(Testing.app(), 'm', js({ namespace: 5 })), P('namespace')],
  [
    "MinikubeChart labels: 'team=a'",
    () => new MinikubeChart(Testing.app(), 'm', js({ labels: 'team=a' })),
    P('labels'),
  ],
  ["Namespace.of('chart')", () => Namespace.of(js('chart')), P('scope')],
  ['Namespace.of(a plain object)', () => Namespace.of(js({})), P('scope')],
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
  ['namespace.orderBefore(undefined)', () => new Namespace(chart(), 'n').orderBefore(js(undefined)), P('scope')],
];

// ---------------------------------------------------------------------------------------------
const long = (n: number, ch = 'a') => ch.repeat(n);
rows["values that reach a Kubernetes field without that field's rule"] = [
  // names derived from the prefix, checked after prefixing
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
  // label values and keys
  ["release ''", hub({ release: '' }), P('release')],
  ['release of 64 characters', hub({ release: long(64) }), P('release')],
  ["release 'my release'", hub({ release: 'my release' }), P('release')],
  ["release '-x'", hub({ release: '-x' }), P('release')],
  ["release 'caf\u00e9'", hub({ release: 'caf\u00e9' }), P('release')],
  ["Namespace label key 'bad key!'", ns({ labels: { 'bad key!': 'x' } }), P('labels')],
  [
    "Namespace label key with an upper-case prefix 'Example.org/team'",
    ns({ labels: { 'Example.org/team': 'a' } }),
    P('labels'),
  ],
  ["Namespace label key 'a/b/c'", ns({ labels: { 'a/b/c': 'x' } }), P('labels')],
  ["Namespace label key '/team' (empty prefix)", ns({ labels: { '/team': 'x' } }), P('labels')],
  ["Namespace label key 'example.org/' (empty name)", ns({ labels: { 'example.org/': 'x' } }), P('labels')],
  ['Namespace label key name of 64 characters', ns({ labels: { [long(64, 'k')]: 'x' } }), P('labels')],
  ["Namespace label value 'has space'", ns({ labels: { team: 'has space' } }), P("labels['team']")],
  ['Namespace label value of 64 characters', ns({ labels: { team: long(64) } }), P("labels['team']")],
  ["Namespace label value '-lead'", ns({ labels: { team: '-lead' } }), P("labels['team']")],
  [
    'MinikubeChart labels with a bad key',
    () => new MinikubeChart(Testing.app(), 'm', { labels: { 'bad key': 'x' } }),
    P('labels'),
  ],
  [
    "singleUser.nodeSelector value 'linux os'",
    su({ nodeSelector: { 'kubernetes.io/os': 'linux os' } }),
    P("singleUser.nodeSelector['kubernetes.io/os']"),
  ],
  ["singleUser.nodeSelector key 'a/b/c'", su({ nodeSelector: { 'a/b/c': 'x' } }), P('singleUser.nodeSelector')],
  // namespaces
  ["Namespace name 'Course'", ns({ name: 'Course' }), P('name')],
  ["Namespace name 'my_course'", ns({ name: 'my_course' }), P('name')],
  ['Namespace name of 64 characters', ns({ name: long(64) }), P('name')],
  ["JupyterHub namespace 'Physics 101'", jh({ namespace: 'Physics 101' }), P('namespace')],
  [
    "a Chart namespace 'Bad NS' under a Hub",
    () => new Hub(chart('Bad NS'), 'hub', { authenticator: anyLogin() }),
    P('namespace'),
  ],
  [
    "a Chart namespace 'Bad NS' under an NfsStorage",
    () => new NfsStorage(chart('Bad NS'), 'homes', { storageClassName: 'nfs' }),
    P('namespace'),
  ],
  [
    "MinikubeChart namespace 'Demo'",
    () => new MinikubeChart(Testing.app(), 'm', { namespace: 'Demo' }),
    P('namespace'),
  ],
  // annotations
  ["Ingress annotation key 'bad key'", ingress({ annotations: { 'bad key': 'v' } }), P('annotations')],
  [
    "Ingress annotation key 'example.org/' (empty name)",
    ingress({ annotations: { 'example.org/': 'v' } }),
    P('annotations'),
  ],
  ["Ingress annotation key 'a..b/x' (bad prefix)", ingress({ annotations: { 'a..b/x': 'v' } }), P('annotations')],
  [
    'Ingress annotations over 256 KiB together',
    ingress({ annotations: { 'example.org/a': long(200 * 1024), 'example.org/b': long(100 * 1024) } }),
    P('annotations'),
  ],
  // hosts
  [
    'an IPv4 address as an Ingress host',
    ingress({ host: '10.0.0.1' }),
    /^Invalid 'host' \('10.0.0.1'\): must be a DNS name, not an IP address/,
  ],
  ['an IPv6 address as an Ingress host', ingress({ host: 'fd00::1' }), P('host')],
  ['a bracketed IPv6 address as the nginx host', nginx({ host: '[fd00::1]' }), P('host')],
  ["host 'Hub.Example.org' (upper case)", ingress({ host: 'Hub.Example.org' }), P('host')],
  ["host 'https://hub.example.org' (a URL)", nginx({ host: 'https://hub.example.org' }), P('host')],
  ["host 'hub.example.org/jupyter' (with a path)", ingress({ host: 'hub.example.org/jupyter' }), P('host')],
  ["host 'a.*.example.org' (a wildcard not in front)", ingress({ host: 'a.*.example.org' }), P('host')],
  ["host '*.' (a wildcard of nothing)", ingress({ host: '*.' }), P('host')],
  ["host 'hub..example.org'", nginx({ host: 'hub..example.org' }), P('host')],
  ["host ''", nginx({ host: '' }), P('host')],
  // Secret names and TLS
  ["IngressTls.fromSecretName('')", () => IngressTls.fromSecretName(''), P('secretName')],
  ["IngressTls.fromSecretName('My_TLS')", () => IngressTls.fromSecretName('My_TLS'), P('secretName')],
  ["IngressTls.certManager('')", () => IngressTls.certManager(''), P('issuerName')],
  ["IngressTls.certManager('Lets Encrypt')", () => IngressTls.certManager('Lets Encrypt'), P('issuerName')],
  [
    "IngressTls.certManager(issuer, { secretName: 'Bad Name' })",
    () => IngressTls.certManager('le', { secretName: 'Bad Name' }),
    P('options.secretName'),
  ],
  ["HubSecret.fromSecretName('')", () => HubSecret.fromSecretName(''), P('secretName')],
  ["HubSecret.fromSecretName('-secret')", () => HubSecret.fromSecretName('-secret'), P('secretName')],
  [
    'a Secret key with a space',
    hub({ secret: HubSecret.fromSecretName('s', { proxyTokenKey: 'proxy token' }) }),
    P('secret.proxyTokenKey'),
  ],
  [
    "the Secret key '..'",
    hub({ secret: HubSecret.fromSecretName('s', { cookieSecretKey: '..' }) }),
    P('secret.cookieSecretKey'),
  ],
  [
    'an empty Secret key',
    hub({ secret: HubSecret.fromSecretName('s', { proxyTokenKey: '' }) }),
    P('secret.proxyTokenKey'),
  ],
  [
    'a database password Secret without a name (a plain object)',
    hub({
      database: HubDatabase.external({ url: 'postgresql://hub@db/hub', password: js({ secret: {}, key: 'pw' }) }),
    }),
    P('database.password'),
  ],
  [
    'a database password key with a space',
    hub({
      database: HubDatabase.external({
        url: 'postgresql://hub@db/hub',
        password: { secret: kplus.Secret.fromSecretName(chart(), 's', 'db'), key: 'pass word' },
      }),
    }),
    P('database.password.key'),
  ],
  // NFS server and paths
  [
    "NFS server '-oremount' (an option to mount(8))",
    nfs({ server: '-oremount', path: '/export' }),
    /^Invalid 'server' \('-oremount'\): starts with '-'/,
  ],
  ["NFS server '--help'", nfs({ server: '--help', path: '/export' }), P('server')],
  ["NFS server 'nfs server'", nfs({ server: 'nfs server', path: '/export' }), P('server')],
  [
    "NFS server 'nfs.example.org:/export' (path in the server)",
    nfs({ server: 'nfs.example.org:/export', path: '/export' }),
    P('server'),
  ],
  ["NFS server '256.1.1.1'", nfs({ server: '256.1.1.1', path: '/export' }), P('server')],
  ["NFS server '10.0.1' (three parts)", nfs({ server: '10.0.1', path: '/export' }), P('server')],
  [
    "NFS server '[nfs.example.org]' (brackets around a name)",
    nfs({ server: '[nfs.example.org]', path: '/export' }),
    P('server'),
  ],
  ["NFS server '-'", nfs({ server: '-', path: '/export' }), P('server')],
  ["NFS path 'export/homes' (relative)", nfs({ server: 'nfs', path: 'export/homes' }), P('path')],
  ["NFS path '/export/../etc'", nfs({ server: 'nfs', path: '/export/../etc' }), P('path')],
  ['NFS path with a NUL', nfs({ server: 'nfs', path: '/export/a\u0000b' }), P('path')],
  ['NFS path with a newline', nfs({ server: 'nfs', path: '/export/a\nb' }), P('path')],
  [
    "NFS mount option 'nfsvers=4.1,hard' (two in one)",
    nfsStatic({ mountOptions: ['nfsvers=4.1,hard'] }),
    P('mountOptions[0]'),
  ],
  ["NFS mount option '-o'", nfsStatic({ mountOptions: ['-o'] }), P('mountOptions[0]')],
  ["NFS mount option 'a b'", nfsStatic({ mountOptions: ['hard', 'a b'] }), P('mountOptions[1]')],
  ['an empty NFS mount option', nfsStatic({ mountOptions: [''] }), P('mountOptions[0]')],
  [
    'READ_WRITE_ONCE_POD with another access mode',
    nfsStatic({
      accessModes: [
        kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD,
        kplus.PersistentVolumeAccessMode.READ_WRITE_MANY,
      ],
    }),
    P('accessModes'),
  ],
  ["claimName 'Homes'", nfsStatic({ claimName: 'Homes' }), P('claimName')],
  ["volumeName 'NFS PV'", nfsStatic({ volumeName: 'NFS PV' }), P('volumeName')],
  ["storageClassName 'Fast SSD'", nfs({ storageClassName: 'Fast SSD' }), P('storageClassName')],
  ["existingClaimName ''", nfs({ existingClaimName: '' }), P('existingClaimName')],
  [
    'a relative home mount path',
    su({ storage: SingleUserStorage.dynamic({ homeMountPath: 'home/jovyan' }) }),
    P('singleUser.storage.homeMountPath'),
  ],
  // ids
  [
    'singleUser.uid 0 next to runAsNonRoot',
    su({ uid: 0 }),
    /^Invalid 'singleUser.uid' \(0\): is root, and the pods run with runAsNonRoot/,
  ],
  ['singleUser.uid -1', su({ uid: -1 }), P('singleUser.uid')],
  ['singleUser.uid 1.5', su({ uid: 1.5 }), P('singleUser.uid')],
  ['singleUser.uid 2^31 (beyond what the API accepts)', su({ uid: 2 ** 31 }), P('singleUser.uid')],
  ['singleUser.fsGid -1', su({ fsGid: -1 }), P('singleUser.fsGid')],
  ['singleUser.fsGid 2^32', su({ fsGid: 2 ** 32 }), P('singleUser.fsGid')],
  ['JupyterHub hub.singleUser.uid 0', jh({ hub: { singleUser: { uid: 0 } } }), P('hub.singleUser.uid')],
  // ports
  ['proxy port 0', proxy({ port: 0 }), P('port')],
  ['proxy port 65536', proxy({ port: 65536 }), P('port')],
  ['proxy port 80.5', proxy({ port: 80.5 }), P('port')],
  ['nodePort 29999', proxy({ serviceType: kplus.ServiceType.NODE_PORT, nodePort: 29999 }), P('nodePort')],
  ['nodePort 32768', proxy({ serviceType: kplus.ServiceType.NODE_PORT, nodePort: 32768 }), P('nodePort')],
  ['httpsNodePort 443', nginx({ tls: IngressTls.fromSecretName('tls'), httpsNodePort: 443 }), P('httpsNodePort')],
  ['httpsPort 0', nginx({ tls: IngressTls.fromSecretName('tls'), httpsPort: 0 }), P('httpsPort')],
  [
    'database port 70000',
    hub({ database: HubDatabase.external({ url: 'postgresql://hub@db/hub', port: 70000 }) }),
    P('database.port'),
  ],
  ['JupyterHub proxy.port 0', jh({ proxy: { port: 0 } }), P('proxy.port')],
  // sizes of zero, naming the prop
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
  [
    'proxy resources.cpu.limit of zero',
    proxy({ resources: { cpu: { limit: kplus.Cpu.units(0) } } }),
    P('resources.cpu.limit'),
  ],
  [
    'nginx resources.memory.request of zero',
    nginx({ resources: { memory: { request: Size.kibibytes(0) } } }),
    P('resources.memory.request'),
  ],
  ['maxBodySize of zero', nginx({ maxBodySize: Size.mebibytes(0) }), P('maxBodySize')],
  ['NFS capacity of zero', nfsStatic({ capacity: Size.gibibytes(0) }), P('capacity')],
  ['database size of zero', hub({ database: HubDatabase.sqlitePvc({ size: Size.gibibytes(0) }) }), P('database.size')],
  ['singleUser.memoryGuarantee of zero', su({ memoryGuarantee: Size.mebibytes(0) }), P('singleUser.memoryGuarantee')],
  ['singleUser.cpuGuarantee of zero', su({ cpuGuarantee: kplus.Cpu.millis(0) }), P('singleUser.cpuGuarantee')],
  [
    'JupyterHub frontDoorOptions.maxBodySize of zero',
    jh({ frontDoorOptions: { maxBodySize: Size.mebibytes(0) } }),
    P('frontDoorOptions.maxBodySize'),
  ],
  // URL paths and other strings
  ["baseUrl '/caf\u00e9/' (not ASCII: percent-encode it)", hub({ baseUrl: '/caf\u00e9/' }), P('baseUrl')],
  ["baseUrl '/a/../b/'", hub({ baseUrl: '/a/../b/' }), P('baseUrl')],
  ["baseUrl '/hub?x/'", hub({ baseUrl: '/hub?x/' }), P('baseUrl')],
  ["ingressClassName 'Nginx'", ingress({ ingressClassName: 'Nginx' }), P('ingressClassName')],
  [
    "database storageClassName 'Fast SSD'",
    hub({ database: HubDatabase.sqlitePvc({ storageClassName: 'Fast SSD' }) }),
    P('database.storageClassName'),
  ],
  ['singleUser.cmd with a NUL', su({ cmd: ['jupyterhub-singleuser', 'a\u0000b'] }), P('singleUser.cmd')],
  // wiring
  [
    'a Proxy given a Hub from another namespace',
    () => {
      const c = chart();
      const proxy = new Proxy(new Namespace(c, 'b'), 'proxy');
      new Hub(new Namespace(c, 'a'), 'hub', { authenticator: anyLogin() }).addIntegration(proxy);
    },
    /^Invalid 'hub' \('test\/a\/hub'\): is in namespace 'a', the proxy in 'b'/,
  ],
  [
    'a second Proxy for one Hub',
    () => {
      const c = chart();
      const h = new Hub(c, 'hub', { authenticator: anyLogin() });
      h.addIntegration(new Proxy(c, 'p1'));
      h.addIntegration(new Proxy(c, 'p2'));
    },
    P('hub'),
  ],
  [
    "another hub's Proxy plugged into a Hub",
    () => {
      const c = chart();
      const p = new Proxy(c, 'proxy');
      new Hub(c, 'one', { authenticator: anyLogin(), namePrefix: 'one-', release: 'one' }).addIntegration(p);
      new Hub(c, 'two', { authenticator: anyLogin(), namePrefix: 'two-', release: 'two' }).addIntegration(p);
    },
    /^Invalid 'integration' \('test\/proxy'\): is already added to hub 'test\/one': a Proxy belongs to one hub/,
  ],
];

// ---------------------------------------------------------------------------------------------
rows['generated programs that read differently than written'] = [
  // Characters YAML 1.1 readers (kubectl, PyYAML) read as line breaks, in text written raw into YAML.
  [
    'extraConfig with U+2028 (a line break to kubectl)',
    hub({ extraConfig: 'c.JupyterHub.x = "a\u2028b"' }),
    /^Invalid 'extraConfig' .*U\+2028/,
  ],
  ['extraConfig with U+0085', hub({ extraConfig: 'x = 1\u0085y = 2' }), /^Invalid 'extraConfig' .*U\+0085/],
  ['extraConfig with U+2029', hub({ extraConfig: 'x = 1\u2029' }), P('extraConfig')],
  ['extraConfig with DEL', hub({ extraConfig: 'x = "\u007f"' }), P('extraConfig')],
  ['JupyterHub hub.extraConfig with U+2028', jh({ hub: { extraConfig: '# \u2028' } }), P('hub.extraConfig')],
  [
    'an Ingress annotation value with U+2028',
    ingress({ annotations: { 'example.org/note': 'a\u2028b' } }),
    P("annotations['example.org/note']"),
  ],
  [
    'an Ingress annotation value with U+0085',
    ingress({ annotations: { 'example.org/note': 'a\u0085b' } }),
    P("annotations['example.org/note']"),
  ],
  ['an NFS path with U+2028', nfs({ server: 'nfs', path: '/export/a\u2028b' }), P('path')],
  ['an NFS path with a C1 control (U+0090)', nfs({ server: 'nfs', path: '/export/a\u0090b' }), P('path')],
  [
    'a home mount path with U+2029',
    su({ storage: SingleUserStorage.dynamic({ homeMountPath: '/home/a\u2029b' }) }),
    P('singleUser.storage.homeMountPath'),
  ],
  // nginx.conf has no escape syntax: non-ASCII and control characters are refused in its fields.
  ["an nginx host with a non-ASCII letter ('caf\u00e9.example')", nginx({ host: 'caf\u00e9.example' }), P('host')],
  ['an nginx host with a newline (a directive of its own)', nginx({ host: 'hub.example.org;\nreturn 301' }), P('host')],
  ["an nginx host with ';'", nginx({ host: 'a;b' }), P('host')],
  ['a name prefix with U+2028', hub({ namePrefix: 'a\u2028-' }), P('namePrefix')],
  ['a release with U+0085', hub({ release: 'a\u0085b' }), P('release')],
  ['a Namespace label value with U+2029', ns({ labels: { team: 'a\u2029b' } }), P("labels['team']")],
  [
    'a node selector value with a non-ASCII letter',
    su({ nodeSelector: { zone: 'z\u00fcrich' } }),
    P("singleUser.nodeSelector['zone']"),
  ],
];

describe.each(Object.keys(rows))('%s', (cls) => {
  test.each(rows[cls])('%s', (_what, build, message) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    // Never a bare JavaScript error (TypeError: cannot read properties of undefined ...).
    expect(error).not.toBeInstanceOf(TypeError);
  });
});

test('the catalog covers at least 150 bad inputs in the five classes', () => {
  const counts = Object.fromEntries(Object.entries(rows).map(([cls, r]) => [cls, r.length]));
  expect(Object.keys(counts)).toHaveLength(5);
  for (const n of Object.values(counts)) expect(n).toBeGreaterThanOrEqual(8);
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(150);
});

// ---------------------------------------------------------------------------------------------
// Logins and the public Service (issue 12): callback URLs that disagree with the front door's
// host, secrets given as text (refused without being echoed), authenticators that would let nobody
// or everybody in, and load-balancer settings the API or the cloud would refuse.
/** A Secret key reference (the Secret is created out of band; only its name and key are written). */
const authRef = (key: string, name = 'hub-auth') => ({
  secret: kplus.Secret.fromSecretName(chart(), `ref-${name}-${key}`, name),
  key,
});
const ghOptions = (o: object = {}) => ({
  clientId: 'Iv1.abc',
  clientSecret: authRef('client-secret'),
  allowedOrganizations: ['my-org'],
  ...o,
});
const github =
  (o: object = {}) =>
  () =>
    Authenticator.github(ghOptions(o) as any);
const oidcOptions = (o: object = {}) => ({
  clientId: 'jupyterhub',
  clientSecret: authRef('client-secret'),
  allowedUsers: ['ada'],
  authorizeUrl: 'https://sso.example.org/auth',
  tokenUrl: 'https://sso.example.org/token',
  userdataUrl: 'https://sso.example.org/userinfo',
  ...o,
});
const ldapOptions = (o: object = {}) => ({
  serverAddress: 'ldap.example.org',
  bindDnTemplates: ['uid={username},ou=people,dc=example,dc=org'],
  allowAll: true,
  ...o,
});
const shared =
  (o: object = {}) =>
  () =>
    Authenticator.sharedPassword({ userPassword: authRef('user-password'), allowAll: true, ...o } as any);
/** A hub (GitHub login unless given) behind nginx; the whole app is synthesized (validations included). */
const login = (o: { auth?: Authenticator; hub?: object; proxy?: object; nginx?: object }) =>
  app((a) => {
    const c = chartIn(a, 'c', 'course');
    const h = new Hub(c, 'hub', { authenticator: o.auth ?? Authenticator.github(ghOptions() as any), ...o.hub });
    wire(h, new Proxy(c, 'proxy', { ...o.proxy }), new NginxIngress(c, 'nginx', { ...o.nginx }));
  });
const callbackAt = (url: string) => Authenticator.github(ghOptions({ callbackUrl: url }) as any);
const tlsFor = { host: 'hub.example.org', tls: IngressTls.fromSecretName('hub-tls') };
/** A synthesis error: the hub cannot know its public URL. */
const noPublicUrl =
  /Invalid 'authenticator.callbackUrl' \(undefined\): Hub 'c\/hub' has an OAuth authenticator but no public URL/;
/** The error names `prop` and never shows the secret given as text. */
const secretRefused = (prop: string) =>
  new RegExp(`^(?!.*hunter2)Invalid '${escape(prop)}' \\('\\*\\*\\*'\\): must be a reference to a Secret key`);
/** The public Service of a proxy with these props (LoadBalancer unless said). */
const lb = (props: object) => () =>
  wire(new Hub(chart(), 'hub', { authenticator: anyLogin() }), new Proxy(chart(), 'proxy', { ...props } as any));
const azureHost = (label: string, host: string) => () => {
  const c = chart();
  const h = new Hub(c, 'hub', { authenticator: anyLogin() });
  const p = new Proxy(c, 'proxy', { azureDnsLabelName: label });
  return wire(h, p, new NginxIngress(c, 'nginx', { host, tls: IngressTls.fromSecretName('t') }));
};

const loginRows: Row[] = [
  // The callback URL against the front door's host
  [
    "a callback URL for another host than the front door's",
    login({ auth: callbackAt('https://other.example.org/hub/oauth_callback'), nginx: tlsFor }),
    P('authenticator.callbackUrl'),
  ],
  [
    'an http callback URL while the front door serves https',
    login({ auth: callbackAt('http://hub.example.org/hub/oauth_callback'), nginx: tlsFor }),
    P('authenticator.callbackUrl'),
  ],
  [
    "a callback URL without the front door's HTTPS port (8443)",
    login({ auth: callbackAt('https://hub.example.org/hub/oauth_callback'), nginx: { ...tlsFor, httpsPort: 8443 } }),
    P('authenticator.callbackUrl'),
  ],
  [
    'a callback URL with a port while the front door is on 443',
    login({ auth: callbackAt('https://hub.example.org:8443/hub/oauth_callback'), nginx: tlsFor }),
    P('authenticator.callbackUrl'),
  ],
  [
    'a callback URL for the host without TLS while nginx has a certificate',
    login({ auth: callbackAt('http://hub.example.org/hub/oauth_callback'), nginx: tlsFor }),
    /disagrees with the hub's public URL 'https:\/\/hub\.example\.org'/,
  ],
  [
    "a callback URL without the hub's base URL (/jupyter/)",
    login({
      auth: callbackAt('https://hub.example.org/hub/oauth_callback'),
      hub: { baseUrl: '/jupyter/' },
      nginx: tlsFor,
    }),
    /^Invalid 'authenticator.callbackUrl' .*must end in the hub's callback path '\/jupyter\/hub\/oauth_callback'/,
  ],
  [
    "a callback URL for the host of an Ingress that is not the rule's host",
    login({
      auth: callbackAt('https://old.example.org/hub/oauth_callback'),
      proxy: { serviceType: kplus.ServiceType.CLUSTER_IP },
      nginx: {
        mode: NginxIngressMode.INGRESS_RESOURCE,
        host: 'hub.example.org',
        tls: IngressTls.certManager('letsencrypt'),
      },
    }),
    P('authenticator.callbackUrl'),
  ],
  [
    "a callback URL that is not JupyterHub's callback path",
    github({ callbackUrl: 'https://hub.example.org/oauth/callback' }),
    P('authenticator.callbackUrl'),
  ],
  [
    'a callback URL without a scheme',
    github({ callbackUrl: 'hub.example.org/hub/oauth_callback' }),
    P('authenticator.callbackUrl'),
  ],
  [
    'a callback URL with a query',
    github({ callbackUrl: 'https://hub.example.org/hub/oauth_callback?next=/' }),
    P('authenticator.callbackUrl'),
  ],
  [
    'a callback URL with a user and password (not shown)',
    github({ callbackUrl: 'https://u:hunter2@hub.example.org/hub/oauth_callback' }),
    /^(?!.*hunter2)Invalid 'authenticator.callbackUrl'/,
  ],
  [
    'a callback URL of another scheme (ftp)',
    github({ callbackUrl: 'ftp://hub.example.org/hub/oauth_callback' }),
    P('authenticator.callbackUrl'),
  ],
  ['OAuth without a front door host and without a callback URL', login({ nginx: {} }), noPublicUrl],
  [
    'OAuth behind a ClusterIP proxy (the outer port is unknown) without a callback URL',
    login({ proxy: { serviceType: kplus.ServiceType.CLUSTER_IP }, nginx: tlsFor }),
    noPublicUrl,
  ],
  [
    'OAuth behind a node port Kubernetes picks, without a callback URL',
    login({ proxy: { serviceType: kplus.ServiceType.NODE_PORT }, nginx: tlsFor }),
    noPublicUrl,
  ],
  ['OAuth behind a wildcard host, without a callback URL', login({ nginx: { host: '*.example.org' } }), noPublicUrl],
  [
    'two front doors giving the hub two public URLs',
    () => {
      const c = chart();
      const h = new Hub(c, 'hub', { authenticator: anyLogin() });
      const p = new Proxy(c, 'proxy');
      p.addFrontDoor(new NginxIngress(c, 'nginx', { ...tlsFor }));
      p.addFrontDoor(
        new NginxIngress(c, 'ingress', { mode: NginxIngressMode.INGRESS_RESOURCE, host: 'other.example.org' }),
      );
      h.addIntegration(p);
    },
    /^Invalid 'integrations' \('http:\/\/other\.example\.org'\): is a second public URL of the hub/,
  ],
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
  [
    'a JupyterHub whose hub has no authenticator',
    () => new JupyterHub(chart(), 'hub', { namespace: 'physics', hub: { release: 'physics' } } as any),
    P('hub.authenticator'),
  ],
  ['a JupyterHub without hub props', () => new JupyterHub(chart(), 'hub', { namespace: 'physics' } as any), P('hub')],
  // Secrets given as text: refused, and the value is not repeated in the message
  ['an OAuth client secret as text', github({ clientSecret: 'hunter2' }), secretRefused('authenticator.clientSecret')],
  [
    'an Azure AD client secret as text',
    () =>
      Authenticator.azureAd({
        tenantId: 'contoso.onmicrosoft.com',
        clientId: 'x',
        clientSecret: 'hunter2',
        allowAll: true,
      } as any),
    secretRefused('authenticator.clientSecret'),
  ],
  [
    'an LDAP search password as text',
    () =>
      Authenticator.ldap(
        ldapOptions({
          lookupDn: {
            searchBase: 'dc=example,dc=org',
            userAttribute: 'uid',
            searchUser: 'cn=hub,dc=example,dc=org',
            searchPassword: 'hunter2',
          },
        }) as any,
      ),
    secretRefused('authenticator.lookupDn.searchPassword'),
  ],
  ['a shared user password as text', shared({ userPassword: 'hunter2' }), secretRefused('authenticator.userPassword')],
  [
    'a shared admin password as text',
    shared({ adminPassword: 'hunter2', adminUsers: ['boss'] }),
    secretRefused('authenticator.adminPassword'),
  ],
  [
    'a custom secret trait as text',
    () => Authenticator.custom({ className: 'a.B', secretTraits: { client_secret: 'hunter2' } } as any),
    secretRefused('authenticator.secretTraits.client_secret'),
  ],
  [
    'a custom secret trait as text (the class)',
    () => new CustomAuthenticator({ className: 'a.B', secretTraits: { client_secret: 'hunter2' } } as any),
    secretRefused('authenticator.secretTraits.client_secret'),
  ],
  [
    'custom secretTraits as text',
    () => Authenticator.custom({ className: 'a.B', secretTraits: 'hunter2' } as any),
    secretRefused('authenticator.secretTraits'),
  ],
  [
    'a custom secret trait without a Secret',
    () => Authenticator.custom({ className: 'a.B', secretTraits: { client_secret: { key: 'k' } } } as any),
    P('authenticator.secretTraits.client_secret'),
  ],
  [
    'a custom secret trait whose name is not a Python identifier',
    () => Authenticator.custom({ className: 'a.B', secretTraits: { 'client-secret': authRef('k') } }),
    /^Invalid 'authenticator.secretTraits' \('client-secret'\): must be a trait name/,
  ],
  [
    'a custom trait set as a string and as a secret',
    () =>
      Authenticator.custom({
        className: 'a.B',
        stringTraits: { client_secret: 'x' },
        secretTraits: { client_secret: authRef('k') },
      }),
    /^Invalid 'authenticator.secretTraits' \('client_secret'\): is set in two trait maps/,
  ],
  [
    'a custom egress port 0',
    () => Authenticator.custom({ className: 'a.B', egressPorts: [0] }),
    /^Invalid 'authenticator.egressPorts' \(0\): must be an integer port between 1 and 65535/,
  ],
  [
    'a custom egress port given twice',
    () => Authenticator.custom({ className: 'a.B', egressPorts: [443, 443] }),
    /^Invalid 'authenticator.egressPorts' \(\[443,443\]\): lists 443 twice/,
  ],
  [
    "a custom egress port as a string ('443')",
    () => Authenticator.custom(js({ className: 'a.B', egressPorts: ['443'] })),
    P('options.egressPorts[0]'),
  ],
  [
    'a client secret reference without a Secret',
    github({ clientSecret: { key: 'client-secret' } }),
    P('authenticator.clientSecret'),
  ],
  [
    'a client secret key that is no Secret key',
    github({ clientSecret: authRef('client secret') }),
    P('authenticator.clientSecret.key'),
  ],
  [
    'a client secret in a Secret whose name is not a DNS subdomain',
    github({ clientSecret: authRef('k', 'Hub_Auth') }),
    P('authenticator.clientSecret.secret.name'),
  ],
  // Who may log in
  [
    'GitHub with nobody allowed (every GitHub account needs allowAll)',
    github({ allowedOrganizations: undefined }),
    /^Invalid 'authenticator.allowedUsers' \(\[\]\): is empty, and nothing else lets anyone log in: .*'allowAll: true' to let every GitHub account in/,
  ],
  [
    'Google with only a hosted domain (it restricts, it does not allow)',
    () => Authenticator.google({ clientId: 'x', clientSecret: authRef('s'), hostedDomains: ['example.edu'] }),
    /^Invalid 'authenticator.allowedUsers' .*every account of example\.edu/,
  ],
  [
    'Azure AD with nobody allowed',
    () => Authenticator.azureAd({ tenantId: 'contoso.onmicrosoft.com', clientId: 'x', clientSecret: authRef('s') }),
    P('authenticator.allowedUsers'),
  ],
  [
    'LDAP with nobody allowed',
    () => Authenticator.ldap(ldapOptions({ allowAll: undefined })),
    P('authenticator.allowedUsers'),
  ],
  ['the shared password with nobody allowed', shared({ allowAll: undefined }), P('authenticator.allowedUsers')],
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
  [
    'shared-password admins without an admin password (they could never log in)',
    shared({ adminUsers: ['boss'] }),
    P('authenticator.adminPassword'),
  ],
  [
    'a shared admin password without admin users',
    shared({ adminPassword: authRef('admin-password') }),
    P('authenticator.adminPassword'),
  ],
  [
    "the same Secret key for the users' and the admins' password",
    shared({ adminUsers: ['boss'], adminPassword: authRef('user-password') }),
    P('authenticator.adminPassword'),
  ],
  // Provider settings
  [
    'an Azure AD tenant that is the multi-tenant alias common',
    () => Authenticator.azureAd({ tenantId: 'common', clientId: 'x', clientSecret: authRef('s'), allowAll: true }),
    /^Invalid 'authenticator.tenantId' \('common'\): is a multi-tenant alias/,
  ],
  [
    'an Azure AD tenant that is neither a GUID nor a domain',
    () => Authenticator.azureAd({ tenantId: 'Contoso Ltd', clientId: 'x', clientSecret: authRef('s'), allowAll: true }),
    P('authenticator.tenantId'),
  ],
  ['an empty client id', github({ clientId: '' }), P('authenticator.clientId')],
  ['a client id with a space', github({ clientId: 'my app' }), P('authenticator.clientId')],
  [
    'a GitHub organization with a space',
    github({ allowedOrganizations: ['my org'] }),
    P('authenticator.allowedOrganizations'),
  ],
  [
    'a GitHub organization listed twice',
    github({ allowedOrganizations: ['a', 'a'] }),
    P('authenticator.allowedOrganizations'),
  ],
  [
    'a GitHub Enterprise URL over http',
    github({ githubUrl: 'http://github.example.org' }),
    P('authenticator.githubUrl'),
  ],
  [
    'a GitHub Enterprise URL with a path',
    github({ githubUrl: 'https://github.example.org/login' }),
    P('authenticator.githubUrl'),
  ],
  [
    'a Google hosted domain in upper case',
    () =>
      Authenticator.google({
        clientId: 'x',
        clientSecret: authRef('s'),
        hostedDomains: ['Example.edu'],
        allowAll: true,
      }),
    P('authenticator.hostedDomains'),
  ],
  [
    'an OpenID Connect token URL over http (the client secret would travel in clear)',
    () => Authenticator.openIdConnect(oidcOptions({ tokenUrl: 'http://sso.example.org/token' }) as any),
    P('authenticator.tokenUrl'),
  ],
  [
    'an OpenID Connect authorize URL that is a path',
    () => Authenticator.openIdConnect(oidcOptions({ authorizeUrl: '/auth' }) as any),
    P('authenticator.authorizeUrl'),
  ],
  [
    'OpenID Connect scopes without openid',
    () => Authenticator.openIdConnect(oidcOptions({ scope: ['profile', 'email'] }) as any),
    P('authenticator.scope'),
  ],
  [
    'an OpenID Connect groups claim without groups',
    () => Authenticator.openIdConnect(oidcOptions({ groupsClaim: 'roles' }) as any),
    P('authenticator.groupsClaim'),
  ],
  [
    'a username claim with a space',
    () => Authenticator.openIdConnect(oidcOptions({ usernameClaim: 'user name' }) as any),
    P('authenticator.usernameClaim'),
  ],
  [
    'LDAP without a DN template and without a lookup',
    () => Authenticator.ldap(ldapOptions({ bindDnTemplates: [] })),
    P('authenticator.bindDnTemplates'),
  ],
  [
    'an LDAP DN template without {username}',
    () => Authenticator.ldap(ldapOptions({ bindDnTemplates: ['uid=admin,dc=example,dc=org'] })),
    P('authenticator.bindDnTemplates'),
  ],
  [
    'an LDAP DN template with another placeholder ({uid})',
    () => Authenticator.ldap(ldapOptions({ bindDnTemplates: ['uid={username},ou={uid},dc=org'] })),
    P('authenticator.bindDnTemplates'),
  ],
  [
    'an LDAP search user without its password',
    () =>
      Authenticator.ldap(
        ldapOptions({
          lookupDn: { searchBase: 'dc=example,dc=org', userAttribute: 'uid', searchUser: 'cn=hub,dc=example,dc=org' },
        }),
      ),
    P('authenticator.lookupDn.searchPassword'),
  ],
  [
    'an LDAP search password without its user',
    () =>
      Authenticator.ldap(
        ldapOptions({
          lookupDn: { searchBase: 'dc=example,dc=org', userAttribute: 'uid', searchPassword: authRef('ldap') },
        }),
      ),
    P('authenticator.lookupDn.searchUser'),
  ],
  [
    'an LDAP user attribute that is no attribute name',
    () => Authenticator.ldap(ldapOptions({ lookupDn: { searchBase: 'dc=example,dc=org', userAttribute: 'uid=' } })),
    P('authenticator.lookupDn.userAttribute'),
  ],
  [
    'an LDAP server given as a URL',
    () => Authenticator.ldap(ldapOptions({ serverAddress: 'ldaps://ldap.example.org' })),
    P('authenticator.serverAddress'),
  ],
  ['an LDAP server port 0', () => Authenticator.ldap(ldapOptions({ serverPort: 0 })), P('authenticator.serverPort')],
  [
    "an LDAP TLS strategy that does not exist ('ssl')",
    () => Authenticator.ldap(ldapOptions({ tlsStrategy: 'ssl' }) as any),
    P('options.tlsStrategy'),
  ],
  [
    'an LDAP group that is not a DN',
    () => Authenticator.ldap(ldapOptions({ allowedGroups: ['jupyter'] })),
    P('authenticator.allowedGroups'),
  ],
  // The public Service
  [
    "an Azure DNS label that is not the first label of the front door's Azure host",
    azureHost('myhub', 'otherhub.westeurope.cloudapp.azure.com'),
    /^Invalid 'host' \('otherhub\.westeurope\.cloudapp\.azure\.com'\): names the Azure load balancer 'otherhub'.*'azureDnsLabelName' 'myhub'/,
  ],
  [
    'an Azure DNS label that differs from a US Government cloud host',
    azureHost('myhub', 'hub.usgovvirginia.cloudapp.usgovcloudapi.net'),
    P('host'),
  ],
  ['an Azure DNS label with upper case', lb({ azureDnsLabelName: 'MyHub' }), P('azureDnsLabelName')],
  ['an Azure DNS label of two characters', lb({ azureDnsLabelName: 'hb' }), P('azureDnsLabelName')],
  ['an Azure DNS label starting with a digit', lb({ azureDnsLabelName: '1hub' }), P('azureDnsLabelName')],
  ['an Azure DNS label ending with -', lb({ azureDnsLabelName: 'hub-' }), P('azureDnsLabelName')],
  [
    'an Azure DNS label on a NodePort Service',
    lb({ azureDnsLabelName: 'myhub', serviceType: kplus.ServiceType.NODE_PORT }),
    P('azureDnsLabelName'),
  ],
  [
    'the Azure DNS label annotation given by hand (unchecked)',
    lb({ serviceAnnotations: { 'service.beta.kubernetes.io/azure-dns-label-name': 'myhub' } }),
    P('serviceAnnotations'),
  ],
  [
    'a service annotation key with a space',
    lb({ serviceAnnotations: { 'my annotation': 'x' } }),
    P('serviceAnnotations'),
  ],
  [
    'a service annotation value with U+2028',
    lb({ serviceAnnotations: { 'example.org/note': 'a\u2028b' } }),
    P("serviceAnnotations['example.org/note']"),
  ],
  [
    'source ranges on a ClusterIP Service',
    lb({ serviceType: kplus.ServiceType.CLUSTER_IP, loadBalancerSourceRanges: ['10.0.0.0/8'] }),
    P('loadBalancerSourceRanges'),
  ],
  [
    'an empty list of source ranges (did you mean every address?)',
    lb({ loadBalancerSourceRanges: [] }),
    P('loadBalancerSourceRanges'),
  ],
  [
    'a source range with host bits set',
    lb({ loadBalancerSourceRanges: ['10.1.2.3/8'] }),
    /^Invalid 'loadBalancerSourceRanges' \('10\.1\.2\.3\/8'\): has host bits set: write the network, '10\.0\.0\.0\/8'/,
  ],
  [
    'an IPv6 source range with host bits set',
    lb({ loadBalancerSourceRanges: ['2001:db8::1/32'] }),
    /^Invalid 'loadBalancerSourceRanges' \('2001:db8::1\/32'\): has host bits set: write the network, '2001:db8::\/32'/,
  ],
  [
    'a source range without a prefix length',
    lb({ loadBalancerSourceRanges: ['203.0.113.7'] }),
    P('loadBalancerSourceRanges'),
  ],
  ['a source range with prefix /33', lb({ loadBalancerSourceRanges: ['10.0.0.0/33'] }), P('loadBalancerSourceRanges')],
  [
    'a source range that is a host name',
    lb({ loadBalancerSourceRanges: ['office.example.org/32'] }),
    P('loadBalancerSourceRanges'),
  ],
  [
    'a source range listed twice',
    lb({ loadBalancerSourceRanges: ['10.0.0.0/8', '10.0.0.0/8'] }),
    P('loadBalancerSourceRanges'),
  ],
  [
    'an external traffic policy on a ClusterIP Service',
    lb({ serviceType: kplus.ServiceType.CLUSTER_IP, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL }),
    P('externalTrafficPolicy'),
  ],
  [
    "an external traffic policy in lower case ('local')",
    lb({ externalTrafficPolicy: 'local' }),
    P('externalTrafficPolicy'),
  ],
  ['a load-balancer IP that is not an address', lb({ loadBalancerIp: '20.1.2' }), P('loadBalancerIp')],
  ['a load-balancer IP given as a CIDR', lb({ loadBalancerIp: '20.1.2.3/32' }), P('loadBalancerIp')],
  [
    'a load-balancer IP on a NodePort Service',
    lb({ loadBalancerIp: '20.1.2.3', serviceType: kplus.ServiceType.NODE_PORT }),
    P('loadBalancerIp'),
  ],
];

describe('logins and the public Service (issue 12)', () => {
  test.each(loginRows)('%s', (_what, build, message) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect(error).not.toBeInstanceOf(TypeError);
  });

  test('at least 60 cases, 15 of them callback URLs against the front door', () => {
    expect(loginRows.length).toBeGreaterThanOrEqual(60);
    expect(loginRows.filter(([what]) => /callback|public URL/.test(what)).length).toBeGreaterThanOrEqual(15);
  });
});

// ---------------------------------------------------------------------------------------------
/** Every document of every file `synthesize` wrote, as a YAML 1.2 reader sees it; asserts YAML 1.1 readers see the same. */
function readBack(outdir: string): any[] {
  const docs: any[] = [];
  for (const file of fs
    .readdirSync(outdir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const text = fs.readFileSync(path.join(outdir, file), 'utf8');
    const v12 = YAML.parseAllDocuments(text).map((d) => d.toJS());
    expect(YAML.parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS())).toEqual(v12);
    expect(jsyaml.loadAll(text, { schema: jsyaml.YAML11_SCHEMA })).toEqual(v12);
    docs.push(...v12.filter((d) => d !== null));
  }
  return docs;
}

/** Builds an app, synthesizes it (with the whole-app checks) and checks every object against the strict schema. */
function synthGood(build: (a: App) => void): any[] {
  const a = new App({ outdir: tmp('good-input-') });
  build(a);
  synthesize(a);
  const docs = readBack(a.outdir);
  expect(docs.length).toBeGreaterThan(0);
  expect(docs.flatMap((o) => strictErrors(o))).toEqual([]);
  return docs;
}

const find = (docs: any[], kind: string, name: string) => {
  const o = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name}`);
  return o;
};
const hubConfig = (docs: any[], name = 'hub-config'): string =>
  find(docs, 'ConfigMap', name).data['jupyterhub_config.py'];

/** A good input: its name, how it is built, and what to check in the output. */
type Good = [string, (a: App) => void, (docs: any[]) => void];
/** One hub with its proxy in a chart with a namespace, from the given Hub props. */
const oneHub =
  (props: Partial<ConstructorParameters<typeof Hub>[2]> = {}, proxyProps: object = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    new Hub(c, 'hub', { authenticator: anyLogin(), ...props }).addIntegration(new Proxy(c, 'proxy', { ...proxyProps }));
  };
const withNginx =
  (nginxProps: object, proxyProps: object = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    const h = new Hub(c, 'hub', { authenticator: anyLogin() });
    wire(h, new Proxy(c, 'proxy', { ...proxyProps }), new NginxIngress(c, 'nginx', { ...nginxProps }));
  };
const nfsGood = (props: ConstructorParameters<typeof NfsStorage>[2]) => (a: App) => {
  new NfsStorage(chartIn(a, 'c', 'lab'), 'homes', props);
};
const none = () => undefined;

const good: Good[] = [
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
    "Namespace labels beside the Pod Security ones ('team': '', 'example.org/on': 'off')",
    (a) => {
      new Namespace(chartIn(a, 'c'), 'course', { labels: { team: '', 'example.org/on': 'off' } });
    },
    (d) =>
      expect(find(d, 'Namespace', 'course').metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        team: '',
        'example.org/on': 'off',
      }),
  ],
  [
    "a namespace starting with a digit ('101-physics': Namespace names are DNS-1123 labels)",
    (a) => {
      new JupyterHub(chartIn(a, 'c'), 'hub', { hub: { authenticator: anyLogin() }, namespace: '101-physics' });
    },
    (d) => expect(find(d, 'Namespace', '101-physics')).toBeDefined(),
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
    'MinikubeChart with a namespace and chart labels',
    (a) => {
      new MinikubeChart(a, 'minikube', { namespace: 'demo', labels: { 'example.org/owner': 'teaching' } });
    },
    (d) => expect(find(d, 'Deployment', 'hub').metadata.labels['example.org/owner']).toBe('teaching'),
  ],
  [
    "an NFS server as an IPv6 address in brackets ('[fd00::5]')",
    nfsGood({ server: '[fd00::5]', path: '/export/homes' }),
    (d) => expect(d.find((o) => o.kind === 'PersistentVolume').spec.nfs.server).toBe('[fd00::5]'),
  ],
  // Deliberately accepted: since Kubernetes 1.22 the kubelet adds the brackets for mount(8) itself.
  ["an NFS server as a bare IPv6 address ('fd00::5')", nfsGood({ server: 'fd00::5', path: '/export/homes' }), none],
  // Deliberately accepted: host names are case-insensitive; the PersistentVolume field has no case rule.
  [
    "an NFS server host name in mixed case ('NFS-1.Example.org')",
    nfsGood({ server: 'NFS-1.Example.org', path: '/export/homes' }),
    none,
  ],
  [
    "an NFS export path with non-ASCII letters ('/exports/caf\u00e9')",
    nfsGood({ server: '10.0.0.5', path: '/exports/caf\u00e9' }),
    (d) => expect(d.find((o) => o.kind === 'PersistentVolume').spec.nfs.path).toBe('/exports/caf\u00e9'),
  ],
  [
    "NFS mount options ['nfsvers=4.1', 'hard', 'timeo=600', 'sec=krb5p']",
    nfsGood({
      server: 'nfs.example.org',
      path: '/export',
      mountOptions: ['nfsvers=4.1', 'hard', 'timeo=600', 'sec=krb5p'],
    }),
    none,
  ],
  [
    "a claim and volume name with dots ('homes.v2')",
    nfsGood({ server: 'nfs.example.org', path: '/export', claimName: 'homes.v2', volumeName: 'lab.homes.v2' }),
    (d) => {
      expect(find(d, 'PersistentVolumeClaim', 'homes.v2').spec.volumeName).toBe('lab.homes.v2');
    },
  ],
  [
    "a wildcard Ingress host with cert-manager TLS ('*.example.org')",
    withNginx(
      {
        mode: NginxIngressMode.INGRESS_RESOURCE,
        host: '*.example.org',
        tls: IngressTls.certManager('letsencrypt.prod'),
      },
      { serviceType: kplus.ServiceType.CLUSTER_IP },
    ),
    (d) => expect(find(d, 'Ingress', 'jupyterhub').spec.rules[0].host).toBe('*.example.org'),
  ],
  ['a wildcard nginx host in sidecar mode', withNginx({ host: '*.example.org' }), none],
  // Deliberately accepted: nginx's server_name takes an address (it is not an Ingress rule).
  [
    "an IPv4 address as the nginx host in sidecar mode ('192.168.49.2', minikube's)",
    withNginx({ host: '192.168.49.2' }, { serviceType: kplus.ServiceType.NODE_PORT }),
    none,
  ],
  [
    "a host whose labels start with digits ('1hub.101.example.org')",
    withNginx(
      { mode: NginxIngressMode.INGRESS_RESOURCE, host: '1hub.101.example.org' },
      { serviceType: kplus.ServiceType.CLUSTER_IP },
    ),
    none,
  ],
  [
    "a TLS Secret name with dots ('hub.example-org.tls')",
    withNginx({ tls: IngressTls.fromSecretName('hub.example-org.tls') }),
    none,
  ],
  // Annotation keys are compared in lower case by the API: an upper-case prefix is accepted there.
  [
    'Ingress annotations with JSON, newlines and a mixed-case key',
    withNginx(
      {
        mode: NginxIngressMode.INGRESS_RESOURCE,
        annotations: {
          'Example.org/Config': '{"a": [1, 2]}\nsecond line',
          'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "X-A: b";',
          'example.org/big': long(200 * 1024),
        },
      },
      { serviceType: kplus.ServiceType.CLUSTER_IP },
    ),
    (d) =>
      expect(find(d, 'Ingress', 'jupyterhub').metadata.annotations['Example.org/Config']).toBe(
        '{"a": [1, 2]}\nsecond line',
      ),
  ],
  [
    "a Secret of your own with keys 'proxy_token' and 'cookie.secret'",
    oneHub({
      secret: HubSecret.fromSecretName('my.hub-secret', {
        proxyTokenKey: 'proxy_token',
        cookieSecretKey: 'cookie.secret',
      }),
    }),
    none,
  ],
  [
    'uid 1000 / fsGid 100',
    oneHub({ singleUser: { uid: 1000, fsGid: 100 } }),
    (d) => expect(hubConfig(d)).toContain('c.KubeSpawner.fs_gid = 100'),
  ],
  // Deliberately accepted: runAsNonRoot is about the user; group 0 owning the volumes is allowed.
  ['fsGid 0 with uid 1000', oneHub({ singleUser: { uid: 1000, fsGid: 0 } }), none],
  [
    'uid 2147483647 (the largest the API accepts)',
    oneHub({ singleUser: { uid: 2147483647, fsGid: 2147483647 } }),
    none,
  ],
  [
    'user names beyond ASCII (rendered as Python escapes)',
    oneHub({
      authenticator: Authenticator.dummy({ adminUsers: ['ad\u2028min', 'jos\u00e9'], allowedUsers: ['\u{1F600}x'] }),
    }),
    (d) => {
      const config = hubConfig(d);
      expect(config).toMatch(/^[\n\x20-\x7e]*$/);
      expect(config).toContain('c.Authenticator.admin_users = {"ad\\u2028min", "jos\\xe9"}');
    },
  ],
  [
    'an extraEnv value holding JSON (braces doubled for KubeSpawner)',
    oneHub({ singleUser: { extraEnv: { SETTINGS: '{"debug": true}', PLAIN: 'x' } } }),
    (d) => {
      expect(hubConfig(d)).toContain('"SETTINGS": "{{\\"debug\\": true}}"');
      expect(hubConfig(d)).toContain('"PLAIN": "x"');
    },
  ],
  // Deliberately a literal: extraEnv values are not templates (KubeSpawner gets '{{username}}').
  [
    "an extraEnv value with '{username}' stays literal",
    oneHub({ singleUser: { extraEnv: { LITERAL: '{username}' } } }),
    (d) => expect(hubConfig(d)).toContain('"LITERAL": "{{username}}"'),
  ],
  [
    'a KernelSpec display name beyond ASCII',
    (a) => {
      new KernelSpec(chartIn(a, 'k', 'gateway'), 'python', {
        name: 'python3',
        displayName: 'Python 3 \u{1F40D} (caf\u00e9)',
      });
    },
    (d) => {
      const json = d.find((o) => o.kind === 'ConfigMap').data['kernel.json'];
      expect(json).toMatch(/^[\n\x20-\x7e]*$/);
      expect(JSON.parse(json).display_name).toBe('Python 3 \u{1F40D} (caf\u00e9)');
    },
  ],
  [
    'a custom authenticator with a non-ASCII login service',
    oneHub({
      authenticator: Authenticator.custom({
        className: 'oauthenticator.generic.GenericOAuthenticator',
        stringTraits: { login_service: 'Universit\u00e4t SSO' },
        stringListTraits: { scope: ['openid', 'email'] },
      }),
    }),
    (d) => expect(hubConfig(d)).toContain('c.GenericOAuthenticator.login_service = "Universit\\xe4t SSO"'),
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
    'node selectors with prefixes and mixed case values',
    oneHub({
      singleUser: {
        nodeSelector: { 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'Standard_D4s_v5', tier: '' },
      },
    }),
    none,
  ],
  [
    'proxy port 65535 with nodePort 30000',
    oneHub({}, { serviceType: kplus.ServiceType.NODE_PORT, port: 65535, nodePort: 30000 }),
    (d) => expect(find(d, 'Service', 'proxy-public').spec.ports[0].nodePort).toBe(30000),
  ],
  [
    "an external PostgreSQL with a driver and port ('postgresql+psycopg://hub@db.example.org:6432/hub')",
    oneHub({
      database: HubDatabase.external({ url: 'postgresql+psycopg://hub@db.example.org:6432/hub' }),
    }),
    none,
  ],
  [
    'extraConfig with non-ASCII letters and tabs (only line-break look-alikes are refused)',
    oneHub({ extraConfig: '# Gr\u00fc\u00dfe\nc.JupyterHub.shutdown_on_logout = True\t# tab' }),
    (d) => expect(hubConfig(d)).toContain('Gr\u00fc\u00dfe'),
  ],
  [
    "an empty database storage class ('': no dynamic provisioning)",
    oneHub({ database: HubDatabase.sqlitePvc({ storageClassName: '' }) }),
    none,
  ],
  [
    'hub resources with a 1Ki memory request and 1m CPU',
    oneHub({ resources: { memory: { request: Size.kibibytes(1) }, cpu: { request: kplus.Cpu.millis(1) } } }),
    none,
  ],
  [
    'JupyterHub with every nested prop set the way the docs show',
    (a) => {
      new JupyterHub(chartIn(a, 'physics-101'), 'hub', {
        namespace: 'physics-101',
        hub: {
          namePrefix: 'p-',
          release: 'physics',
          authenticator: Authenticator.native({ adminUsers: ['teacher'] }),
          singleUser: { memoryGuarantee: Size.gibibytes(1), memoryLimit: Size.gibibytes(2) },
        },
        proxy: { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 30080 },
        frontDoorOptions: { maxBodySize: Size.mebibytes(256), host: 'physics.example.org' },
      });
    },
    (d) => expect(find(d, 'ConfigMap', 'p-nginx-proxy-config')).toBeDefined(),
  ],
];

/** Good logins and load balancers (issue 12): a hub with `auth` behind nginx, built in a chart with a namespace. */
const loginGood =
  (auth: (c: Chart) => Authenticator, o: { hub?: object; proxy?: object; nginx?: object } = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    const h = new Hub(c, 'hub', { authenticator: auth(c), ...o.hub });
    wire(h, new Proxy(c, 'proxy', { ...o.proxy }), new NginxIngress(c, 'nginx', { ...o.nginx }));
  };
const inChart = (c: Chart, key: string) => ({ secret: kplus.Secret.fromSecretName(c, `ref-${key}`, 'hub-auth'), key });
good.push(
  [
    'GitHub login behind nginx with TLS on an AKS load balancer: DNS label, source ranges, Local traffic, a static IP',
    loginGood(
      (c) =>
        Authenticator.github({
          clientId: 'Iv1.abc',
          clientSecret: inChart(c, 'client-secret'),
          allowedOrganizations: ['my-org:team'],
        }),
      {
        proxy: {
          azureDnsLabelName: 'myhub',
          loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
          externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
          loadBalancerIp: '20.50.60.70',
        },
        nginx: { host: 'myhub.westeurope.cloudapp.azure.com', tls: IngressTls.fromSecretName('hub-tls') },
      },
    ),
    (d) => {
      expect(hubConfig(d)).toContain(
        'c.GitHubOAuthenticator.oauth_callback_url = "https://myhub.westeurope.cloudapp.azure.com/hub/oauth_callback"',
      );
      expect(find(d, 'Service', 'proxy-public').metadata.annotations).toEqual({
        'service.beta.kubernetes.io/azure-dns-label-name': 'myhub',
      });
    },
  ],
  [
    'Azure AD with groups behind an Ingress with cert-manager, at /jupyter/',
    loginGood(
      (c) =>
        Authenticator.azureAd({
          tenantId: 'contoso.onmicrosoft.com',
          clientId: 'id',
          clientSecret: inChart(c, 'client-secret'),
          allowedGroups: ['g1'],
          adminGroups: ['g2'],
        }),
      {
        hub: { baseUrl: '/jupyter/' },
        proxy: { serviceType: kplus.ServiceType.CLUSTER_IP },
        nginx: {
          mode: NginxIngressMode.INGRESS_RESOURCE,
          host: 'lab.example.org',
          tls: IngressTls.certManager('letsencrypt'),
        },
      },
    ),
    (d) =>
      expect(hubConfig(d)).toContain(
        'c.AzureAdOAuthenticator.oauth_callback_url = "https://lab.example.org/jupyter/hub/oauth_callback"',
      ),
  ],
  [
    'OpenID Connect with the callback given, behind an outer load balancer (ClusterIP)',
    loginGood(
      (c) =>
        Authenticator.openIdConnect({
          clientId: 'hub',
          clientSecret: inChart(c, 'client-secret'),
          allowAll: true,
          callbackUrl: 'https://edge.example.org/hub/oauth_callback',
          authorizeUrl: 'https://sso.example.org/auth',
          tokenUrl: 'https://sso.example.org:8443/token',
          userdataUrl: 'https://sso.example.org:8443/userinfo',
        }),
      { proxy: { serviceType: kplus.ServiceType.CLUSTER_IP } },
    ),
    (d) =>
      expect(find(d, 'NetworkPolicy', 'hub').spec.egress).toContainEqual({
        ports: [
          { port: 443, protocol: 'TCP' },
          { port: 8443, protocol: 'TCP' },
        ],
      }),
  ],
  [
    'LDAP (Active Directory) with a search account, LDAPS',
    loginGood((c) =>
      Authenticator.ldap({
        serverAddress: 'ad.example.org',
        tlsStrategy: LdapTlsStrategy.ON_CONNECT,
        allowedGroups: ['cn=jupyter,ou=groups,dc=example,dc=org'],
        lookupDn: {
          searchBase: 'ou=people,dc=example,dc=org',
          userAttribute: 'sAMAccountName',
          searchUser: 'cn=hub,dc=example,dc=org',
          searchPassword: inChart(c, 'ldap-password'),
        },
      }),
    ),
    (d) =>
      expect(find(d, 'NetworkPolicy', 'hub').spec.egress).toContainEqual({ ports: [{ port: 636, protocol: 'TCP' }] }),
  ],
  [
    'a workshop with a shared password and an admin password',
    loginGood((c) =>
      Authenticator.sharedPassword({
        userPassword: inChart(c, 'user-password'),
        adminPassword: inChart(c, 'admin-password'),
        adminUsers: ['instructor'],
        allowAll: true,
      }),
    ),
    (d) =>
      expect(
        find(d, 'Deployment', 'hub').spec.template.spec.containers[0].env.filter(
          (e: any) => e.valueFrom?.secretKeyRef?.name === 'hub-auth',
        ),
      ).toHaveLength(2),
  ],
  [
    'an Azure DNS label with a host of your own domain (a CNAME to the Azure name)',
    loginGood(() => anyLogin(), {
      proxy: { azureDnsLabelName: 'myhub' },
      nginx: { host: 'hub.example.org', tls: IngressTls.fromSecretName('hub-tls') },
    }),
    none,
  ],
  [
    'service annotations on a NodePort Service (external-dns), Cluster traffic policy',
    oneHub(
      {},
      {
        serviceType: kplus.ServiceType.NODE_PORT,
        serviceAnnotations: { 'external-dns.alpha.kubernetes.io/hostname': 'hub.example.org' },
        externalTrafficPolicy: ExternalTrafficPolicy.CLUSTER,
      },
    ),
    (d) => expect(find(d, 'Service', 'proxy-public').spec.externalTrafficPolicy).toBe('Cluster'),
  ],
);

describe('good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(good)('%s', (_what, build, check) => {
    check(synthGood(build));
  });

  test('at least 30 good inputs', () => {
    expect(good.length).toBeGreaterThanOrEqual(30);
  });
});

// ---------------------------------------------------------------------------------------------
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const PYYAML = spawnSync(PYTHON, ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;

describe('the synthesized YAML reads back the same with a YAML 1.1 reader as with a YAML 1.2 reader', () => {
  const outdir = tmp('yaml11-');
  const seeds = buildApp(outdir);
  const names = chartIn(seeds, 'names', 'names');
  new Hub(names, 'hub', {
    authenticator: Authenticator.dummy({
      adminUsers: ['ad\u2028min', 'x\u0085y', 'p\u2029q', 'caf\u00e9', 'yes', 'on', '0644', '1:20', '~'],
    }),
    release: 'no',
  }).addIntegration(new Proxy(names, 'proxy'));
  synthesize(seeds);
  const files = fs
    .readdirSync(outdir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

  test('both seed charts and a chart with non-ASCII user names', () => {
    expect(files).toEqual(
      expect.arrayContaining(['gke.k8s.yaml', 'jeg-lab.k8s.yaml', 'minikube.k8s.yaml', 'names.k8s.yaml']),
    );
    const docs = readBack(outdir); // asserts yaml (version 1.1) and js-yaml (YAML 1.1 schema) against yaml (1.2)
    expect(find(docs, 'Deployment', 'hub').metadata).toBeDefined();
    const config = docs.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'names' && o.metadata.name === 'hub-config',
    ).data['jupyterhub_config.py'];
    expect(config).toContain('"ad\\u2028min"');
    expect(config).toContain('"x\\x85y"');
    expect(
      find(
        docs.filter((o) => o.metadata.namespace === 'names'),
        'Deployment',
        'hub',
      ).metadata.labels.release,
    ).toBe('no');
  });

  (PYYAML ? test : test.skip)('PyYAML (YAML 1.1, as kubectl reads line breaks) reads the same objects', () => {
    for (const file of files) {
      const text = fs.readFileSync(path.join(outdir, file), 'utf8');
      const fromPy = JSON.parse(
        execFileSync(
          PYTHON,
          [
            '-c',
            'import json, sys, yaml; print(json.dumps([d for d in yaml.safe_load_all(open(sys.argv[1], encoding="utf-8")) if d is not None]))',
            path.join(outdir, file),
          ],
          { encoding: 'utf8' },
        ),
      );
      expect(fromPy).toEqual(
        YAML.parseAllDocuments(text)
          .map((d) => d.toJS())
          .filter((d) => d !== null),
      );
    }
  });
});
