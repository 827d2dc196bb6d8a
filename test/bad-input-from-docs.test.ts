/**
 * A second, independent catalog of bad input (issue 9, "Done when"), written from README.md and
 * API.md alone, as a careful user reads them: every sentence that says what a prop is, what it
 * must be or what it applies to, turned into an input that breaks it. Each bad input must be
 * refused with the prop named; each good input, taken from the docs' own examples and defaults,
 * must synthesize.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Authenticator,
  EnterpriseGateway,
  Hub,
  HubDatabase,
  HubSecret,
  IngressTls,
  JegLabChart,
  JupyterHub,
  KernelSpec,
  MinikubeChart,
  Namespace,
  NfsStorage,
  NginxIngress,
  NginxIngressMode,
  Proxy,
  SingleUserStorage,
  synthesize,
} from '../lib';
import { anyLogin } from './util';

/** What the docs say, the input that contradicts it, and the prop the error must name. */
interface Case {
  readonly docs: string;
  readonly build: (app: App) => void;
  /** The prop (`Invalid '<prop>'`), or for whole-app errors a pattern naming both constructs. */
  readonly names: string | RegExp;
}

const outdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'docs-catalog-'));
const course = (app: App, id = 'course-101', namespace: string | undefined = id) =>
  new Chart(app, id, { namespace, disableResourceNameHashes: true });
/** The README's "Use the constructs in your own chart" example, with `change` applied to the props the user writes. */
function readmeExample(app: App, change: { hub?: object; proxy?: object; nginx?: object } = {}): void {
  const chart = course(app);
  const hub = new Hub(chart, 'hub', {
    authenticator: Authenticator.native({ adminUsers: ['teacher'] }),
    singleUser: {
      image: 'quay.io/jupyter/scipy-notebook:2025-10-20',
      memoryGuarantee: Size.gibibytes(1),
      memoryLimit: Size.gibibytes(2),
      storage: SingleUserStorage.dynamic({ capacity: Size.gibibytes(5) }),
    },
    ...change.hub,
  });
  const proxy = new Proxy(chart, 'proxy', { serviceType: kplus.ServiceType.LOAD_BALANCER, ...change.proxy });
  proxy.addFrontDoor(new NginxIngress(chart, 'nginx', { maxBodySize: Size.mebibytes(256), ...change.nginx }));
  hub.addIntegration(proxy);
}
const hubWith = (props: object) => (app: App) => readmeExample(app, { hub: props });
const singleUser = (props: object) => (app: App) => {
  const chart = course(app);
  new Hub(chart, 'hub', { authenticator: anyLogin(), singleUser: props }).addIntegration(new Proxy(chart, 'proxy'));
};
const nginxWith =
  (props: object, serviceType = kplus.ServiceType.LOAD_BALANCER) =>
  (app: App) =>
    readmeExample(app, { proxy: { serviceType }, nginx: props });
const nfsWith = (props: object) => (app: App) => {
  new NfsStorage(course(app, 'lab', 'jupyterhub'), 'homes', props as never);
};
const js = (v: unknown) => v as never;

const bad: Case[] = [
  // README: errors name the prop, the value and the fix; its own example.
  {
    docs: "README: Invalid 'singleUser.memoryLimit' ('100Mi'): must be at least 'singleUser.memoryGuarantee' (1Gi)",
    build: singleUser({ memoryGuarantee: Size.gibibytes(1), memoryLimit: Size.mebibytes(100) }),
    names: 'singleUser.memoryLimit',
  },
  // HubProps
  { docs: "HubProps.namePrefix: Must end in '-'", build: hubWith({ namePrefix: 'course-101' }), names: 'namePrefix' },
  {
    docs: 'HubProps.namePrefix: prefixes Service names such as proxy-public (e.g. course-101-hub)',
    build: hubWith({ namePrefix: '101-' }),
    names: 'namePrefix',
  },
  {
    docs: "HubProps.namePrefix: e.g. 'course-101-hub' (names stay valid Kubernetes names)",
    build: hubWith({ namePrefix: `${'x'.repeat(60)}-` }),
    names: 'namePrefix',
  },
  {
    docs: 'HubProps.release: value of the release label',
    build: hubWith({ release: 'Physics 101' }),
    names: 'release',
  },
  {
    docs: 'HubProps.release: must differ between hubs that share a namespace',
    build: (app) => {
      const chart = course(app);
      for (const prefix of ['a-', 'b-'])
        new Hub(chart, `${prefix}hub`, { authenticator: anyLogin(), namePrefix: prefix }).addIntegration(
          new Proxy(chart, `${prefix}proxy`),
        );
    },
    names:
      /'course-101\/a-hub\/Resource' and Deployment 'b-hub' at 'course-101\/b-hub\/Resource'.*select each other's pods/,
  },
  {
    docs: 'README: the prefix lets several hubs share a namespace (without one they collide)',
    build: (app) => {
      const chart = course(app);
      for (const id of ['physics', 'stats'])
        new Hub(chart, id, { authenticator: anyLogin(), release: id }).addIntegration(new Proxy(chart, `${id}-proxy`));
    },
    names:
      /Deployment 'hub' in namespace 'course-101' is declared twice, by 'course-101\/physics\/Resource' and 'course-101\/stats\/Resource'/,
  },
  {
    docs: 'HubProps.adminAccess: `true` with no admin users is an error',
    build: hubWith({ authenticator: Authenticator.generatedSharedPassword({ allowAll: true }), adminAccess: true }),
    names: 'authenticator.adminUsers',
  },
  {
    docs: 'HubProps.concurrentSpawnLimit: how many servers may be starting at once (0 = no limit)',
    build: hubWith({ concurrentSpawnLimit: -1 }),
    names: 'concurrentSpawnLimit',
  },
  {
    docs: "HubProps.baseUrl: URL prefix, e.g. '/' or '/jupyter/'",
    build: hubWith({ baseUrl: 'jupyter' }),
    names: 'baseUrl',
  },
  {
    docs: "HubProps.image: default 'quay.io/jupyterhub/k8s-hub:4.4.0' (a pinned image)",
    build: hubWith({ image: 'quay.io/jupyterhub/k8s-hub:latest' }),
    names: 'image',
  },
  {
    docs: 'HubProps.authenticator: an Authenticator (choose with a static factory)',
    build: hubWith({ authenticator: js('native') }),
    names: 'authenticator',
  },
  {
    docs: 'AuthenticatorOptions.adminUsers: string[]',
    build: () => Authenticator.native({ adminUsers: js('teacher') }),
    names: 'options.adminUsers',
  },
  {
    docs: 'HubProps: the props are namePrefix, release, ..., singleUser (spelled so)',
    build: hubWith({ singleuser: {} }),
    names: 'singleuser',
  },
  {
    docs: 'CustomAuthenticatorOptions.className: import path of the authenticator class',
    build: () => Authenticator.custom({ className: 'not a class' }),
    names: 'authenticator.className',
  },
  {
    docs: 'CustomAuthenticatorOptions.numberTraits: { [trait: string]: number }',
    build: () => Authenticator.custom({ className: 'a.B', numberTraits: js({ timeout: '30' }) }),
    names: "options.numberTraits['timeout']",
  },
  {
    docs: 'HubProps.idleCuller.timeout: Duration',
    build: hubWith({ idleCuller: { timeout: js(3600) } }),
    names: 'idleCuller.timeout',
  },
  // SingleUserOptions
  {
    docs: 'SingleUserOptions.uid: user id the server runs as; README: every container runs as a non-root user',
    build: singleUser({ uid: 0 }),
    names: 'singleUser.uid',
  },
  {
    docs: 'SingleUserOptions.cpuLimit: must be at least the guarantee',
    build: singleUser({ cpuGuarantee: kplus.Cpu.units(2), cpuLimit: kplus.Cpu.units(1) }),
    names: 'singleUser.cpuLimit',
  },
  {
    docs: 'SingleUserOptions.memoryGuarantee: Size',
    build: singleUser({ memoryGuarantee: js('1Gi') }),
    names: 'singleUser.memoryGuarantee',
  },
  {
    docs: "SingleUserOptions.defaultUrl: e.g. '/lab'",
    build: singleUser({ defaultUrl: 'lab' }),
    names: 'singleUser.defaultUrl',
  },
  {
    docs: 'SingleUserOptions.blockCloudMetadata: enforced by the single-user NetworkPolicy',
    build: singleUser({ blockCloudMetadata: true, networkPolicy: false }),
    names: 'singleUser.blockCloudMetadata',
  },
  {
    docs: 'SingleUserOptions.nodeSelector: node labels',
    build: singleUser({ nodeSelector: { 'disk type': 'ssd' } }),
    names: 'singleUser.nodeSelector',
  },
  {
    docs: 'SingleUserOptions.extraEnv: environment variables',
    build: singleUser({ extraEnv: { 'MY VAR': '1' } }),
    names: 'singleUser.extraEnv',
  },
  {
    docs: 'SingleUserOptions.startTimeout: Duration',
    build: singleUser({ startTimeout: Duration.millis(10) }),
    names: 'singleUser.startTimeout',
  },
  {
    docs: 'DynamicStorageOptions.homeMountPath: where the home volume is mounted',
    build: singleUser({ storage: SingleUserStorage.dynamic({ homeMountPath: 'home' }) }),
    names: 'singleUser.storage.homeMountPath',
  },
  {
    docs: 'DynamicStorageOptions.capacity: size of each claim',
    build: singleUser({ storage: SingleUserStorage.dynamic({ capacity: Size.gibibytes(0) }) }),
    names: 'singleUser.storage.capacity',
  },
  {
    docs: 'SharedStorageOptions.subPath: a KubeSpawner template: {username}, {servername}, ...',
    build: (app) => {
      const chart = course(app);
      const homes = new NfsStorage(chart, 'homes', { server: '10.0.0.5', path: '/export' });
      new Hub(chart, 'hub', {
        authenticator: anyLogin(),
        singleUser: { storage: SingleUserStorage.shared(homes, { subPath: '{user}' }) },
      }).addIntegration(new Proxy(chart, 'proxy'));
    },
    names: 'singleUser.storage.subPath',
  },
  // databases and secrets
  {
    docs: 'ExternalDatabaseOptions.url: SQLAlchemy URL without a password',
    build: hubWith({ database: HubDatabase.external({ url: 'postgresql://hub:pw@db/hub' }) }),
    names: 'database.url',
  },
  {
    docs: 'ExternalDatabaseOptions.port: TCP port',
    build: hubWith({ database: HubDatabase.external({ url: 'postgresql://hub@db/hub', port: 0 }) }),
    names: 'database.port',
  },
  {
    docs: "SqlitePvcOptions.storageClassName: storage class (minikube's is 'standard')",
    build: hubWith({ database: HubDatabase.sqlitePvc({ storageClassName: 'Standard SSD' }) }),
    names: 'database.storageClassName',
  },
  {
    docs: 'HubSecret.fromSecretName(secretName): a Secret you create',
    build: () => HubSecret.fromSecretName('My Hub Secret'),
    names: 'secretName',
  },
  {
    docs: 'ExistingHubSecretOptions: the token and the cookie secret are two keys',
    build: hubWith({ secret: HubSecret.fromSecretName('s', { proxyTokenKey: 'k', cookieSecretKey: 'k' }) }),
    names: 'secret.cookieSecretKey',
  },
  // Proxy
  {
    docs: 'ProxyOptions.port: port of the proxy-public Service',
    build: (app) => readmeExample(app, { proxy: { port: 70000 } }),
    names: 'port',
  },
  {
    docs: 'ProxyOptions.nodePort: NodePort and LoadBalancer Services only',
    build: (app) => readmeExample(app, { proxy: { serviceType: kplus.ServiceType.CLUSTER_IP, nodePort: 30080 } }),
    names: 'nodePort',
  },
  {
    docs: 'ProxyOptions.nodePort: a fixed node port',
    build: (app) => readmeExample(app, { proxy: { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 8080 } }),
    names: 'nodePort',
  },
  {
    docs: 'ProxyOptions.serviceType: type of the proxy-public Service (it has pods behind it)',
    build: (app) => readmeExample(app, { proxy: { serviceType: kplus.ServiceType.EXTERNAL_NAME } }),
    names: 'serviceType',
  },
  {
    docs: 'ProxyOptions.logLevel: ProxyLogLevel',
    build: (app) => readmeExample(app, { proxy: { logLevel: js('INFO') } }),
    names: 'logLevel',
  },
  {
    docs: 'Proxy: given to the hub it routes to (hub.addIntegration(proxy))',
    build: (app) => {
      new Proxy(course(app), 'proxy', js({ serviceType: kplus.ServiceType.LOAD_BALANCER }));
    },
    names: /Proxy 'course-101\/proxy' was never added to a hub/,
  },
  // NginxIngress
  { docs: 'NginxIngressOptions.maxBodySize: Size', build: nginxWith({ maxBodySize: js(256) }), names: 'maxBodySize' },
  {
    docs: 'NginxIngressOptions.host: host name users reach the hub at',
    build: nginxWith({ host: 'Hub Example' }),
    names: 'host',
  },
  {
    docs: "NginxIngressOptions.host: the Ingress rule's host (a name)",
    build: nginxWith({ mode: NginxIngressMode.INGRESS_RESOURCE, host: '203.0.113.7' }, kplus.ServiceType.CLUSTER_IP),
    names: 'host',
  },
  {
    docs: 'NginxIngressOptions.host: required with TLS in ingress-resource mode',
    build: nginxWith(
      { mode: NginxIngressMode.INGRESS_RESOURCE, tls: IngressTls.fromSecretName('hub-tls') },
      kplus.ServiceType.CLUSTER_IP,
    ),
    names: 'tls',
  },
  {
    docs: 'IngressTls.certManager: a certificate cert-manager issues for the Ingress (ingress-resource mode)',
    build: nginxWith({ tls: IngressTls.certManager('letsencrypt') }),
    names: 'tls',
  },
  { docs: 'IngressTls.certManager(issuerName)', build: () => IngressTls.certManager(''), names: 'issuerName' },
  {
    docs: 'NginxIngressOptions.httpsPort: sidecar mode with TLS',
    build: nginxWith({ httpsPort: 8443 }),
    names: 'httpsPort',
  },
  {
    docs: 'NginxIngressOptions.httpsNodePort: NodePort or LoadBalancer Service',
    build: nginxWith({ tls: IngressTls.fromSecretName('hub-tls'), httpsNodePort: 30443 }, kplus.ServiceType.CLUSTER_IP),
    names: 'httpsNodePort',
  },
  {
    docs: 'NginxIngressOptions.ingressClassName: ingress-resource mode',
    build: nginxWith({ ingressClassName: 'nginx' }),
    names: 'ingressClassName',
  },
  {
    docs: 'NginxIngressOptions.annotations: extra annotations of the Ingress (ingress-resource mode)',
    build: nginxWith({ annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' } }),
    names: 'annotations',
  },
  {
    docs: 'NginxIngressOptions.annotations: annotations (keys are annotation keys)',
    build: nginxWith(
      { mode: NginxIngressMode.INGRESS_RESOURCE, annotations: { 'ssl redirect': 'true' } },
      kplus.ServiceType.CLUSTER_IP,
    ),
    names: 'annotations',
  },
  {
    docs: 'NginxIngressOptions.image: nginx image (sidecar mode)',
    build: nginxWith({ mode: NginxIngressMode.INGRESS_RESOURCE, image: 'nginx:1.29' }, kplus.ServiceType.CLUSTER_IP),
    names: 'image',
  },
  {
    docs: 'NginxIngressOptions.mode: NginxIngressMode (sidecar or ingress-resource)',
    build: nginxWith({ mode: js('ingress') }),
    names: 'mode',
  },
  // NfsStorage
  {
    docs: 'NfsStorageProps: give exactly one of server and path; storageClassName; existingClaimName',
    build: nfsWith({ server: '10.0.0.5', path: '/export', storageClassName: 'nfs-client' }),
    names: 'server/path + storageClassName',
  },
  { docs: 'NfsStorageProps: give exactly one of ... (none given)', build: nfsWith({}), names: 'server' },
  {
    docs: 'NfsStorageProps.path: absolute export path on the NFS server',
    build: nfsWith({ server: '10.0.0.5', path: 'export/homes' }),
    names: 'path',
  },
  {
    docs: 'NfsStorageProps.path: needed with server (a static volume)',
    build: nfsWith({ server: '10.0.0.5' }),
    names: 'path',
  },
  {
    docs: 'NfsStorageProps.server: NFS server (host name or IP)',
    build: nfsWith({ server: 'nfs server.local', path: '/export' }),
    names: 'server',
  },
  {
    docs: 'NfsStorageProps.server: NFS server (host name or IP), not a mount option',
    build: nfsWith({ server: '-oro', path: '/export' }),
    names: 'server',
  },
  {
    docs: "NfsStorageProps.mountOptions: e.g. ['nfsvers=4.1', 'hard']",
    build: nfsWith({ server: '10.0.0.5', path: '/export', mountOptions: ['nfsvers=4.1,hard'] }),
    names: 'mountOptions[0]',
  },
  {
    docs: 'NfsStorageProps.existingClaimName: an existing claim to use as it is; nothing is created',
    build: nfsWith({ existingClaimName: 'homes', capacity: Size.gibibytes(5) }),
    names: 'capacity',
  },
  {
    docs: 'NfsStorageProps.volumeName: cluster-scoped, so unique in the cluster',
    build: (app) => {
      new NfsStorage(course(app, 'physics'), 'homes', {
        server: '10.0.0.5',
        path: '/export/physics',
        volumeName: 'homes',
      });
      new NfsStorage(course(app, 'stats'), 'homes', { server: '10.0.0.5', path: '/export/stats', volumeName: 'homes' });
    },
    names:
      /PersistentVolume 'homes' \(cluster-scoped\) is declared twice, by 'physics\/homes\/Volume' and 'stats\/homes\/Volume'/,
  },
  {
    docs: 'NfsStorageProps.capacity: size of the volume and the claim',
    build: nfsWith({ server: '10.0.0.5', path: '/export', capacity: Size.gibibytes(0) }),
    names: 'capacity',
  },
  // Namespace, JupyterHub, charts, kernels
  {
    docs: 'NamespaceProps.name: name of the namespace',
    build: (app) => {
      new Namespace(new Chart(app, 'c'), 'ns', { name: 'Physics 101' });
    },
    names: 'name',
  },
  {
    docs: 'NamespaceProps.labels: labels of the Namespace object',
    build: (app) => {
      new Namespace(new Chart(app, 'c'), 'physics', { labels: { 'team name': 'physics' } });
    },
    names: 'labels',
  },
  {
    docs: 'JupyterHubProps.namespace: default the construct id',
    build: (app) => {
      new JupyterHub(new Chart(app, 'c'), 'Physics_101', { hub: { authenticator: anyLogin() } });
    },
    names: 'namespace',
  },
  {
    docs: 'JupyterHubProps.frontDoorOptions: settings of the nginx front door (none with frontDoor: false)',
    build: (app) => {
      new JupyterHub(new Chart(app, 'c'), 'hub', {
        hub: { authenticator: anyLogin() },
        namespace: 'physics',
        frontDoor: false,
        frontDoorOptions: { maxBodySize: Size.mebibytes(256) },
      });
    },
    names: 'frontDoorOptions',
  },
  {
    docs: 'JupyterHubProps.hub: HubProps (errors name the nested prop)',
    build: (app) => {
      new JupyterHub(new Chart(app, 'c'), 'hub', {
        namespace: 'physics',
        hub: { authenticator: anyLogin(), singleUser: { uid: 0 } },
      });
    },
    names: 'hub.singleUser.uid',
  },
  {
    docs: 'README: one hub per course is a loop (each namespace once)',
    build: (app) => {
      for (const c of ['physics-101', 'physics-101'])
        new JupyterHub(new Chart(app, `${c}-${app.charts.length}`), 'hub', {
          namespace: c,
          hub: { authenticator: anyLogin() },
        });
    },
    names:
      /Namespace 'physics-101' is declared twice, by 'physics-101-0\/hub\/Namespace\/Resource' and 'physics-101-1\/hub\/Namespace\/Resource'/,
  },
  {
    docs: 'MinikubeChartProps extends ChartProps: namespace',
    build: (app) => {
      new MinikubeChart(app, 'minikube', { namespace: 'Demo' });
    },
    names: 'namespace',
  },
  {
    docs: "KernelSpecProps.name: letters, digits, '.', '_', '-'",
    build: (app) => {
      new KernelSpec(course(app, 'gw', 'enterprise-gateway'), 'python', { name: 'python 3' });
    },
    names: 'name',
  },
  {
    docs: 'KernelSpecProps.homeStorage: needs a static NFS volume (server and path)',
    build: (app) => {
      const chart = course(app, 'gw', 'enterprise-gateway');
      new KernelSpec(chart, 'python', {
        name: 'python3',
        homeStorage: new NfsStorage(chart, 'homes', { storageClassName: 'nfs-client' }),
      });
    },
    names: 'homeStorage',
  },
  {
    docs: 'README: the gateway ports 8888/8877 (clashing ports are an error)',
    build: (app) => {
      new EnterpriseGateway(course(app, 'gw', 'enterprise-gateway'), 'gateway', { port: 8877, responsePort: 8877 });
    },
    names: 'responsePort',
  },
];

/** The docs' own examples and the values they call valid: must synthesize. */
const good: { readonly docs: string; readonly build: (app: App) => void }[] = [
  { docs: "README: 'Use the constructs in your own chart'", build: (app) => readmeExample(app) },
  {
    docs: "README: 'One hub per course'",
    build: (app) => {
      for (const c of ['physics-101', 'stats-201', 'bio-301']) {
        new JupyterHub(new Chart(app, c), 'hub', {
          namespace: c,
          hub: { release: c, authenticator: Authenticator.native({ adminUsers: ['teacher'] }) },
        });
      }
    },
  },
  {
    docs: 'README: the seed charts, both in one app',
    build: (app) => {
      new MinikubeChart(app, 'minikube');
      new JegLabChart(app, 'jeg-lab');
    },
  },
  {
    docs: 'JegLabChartProps: nfsServer / nfsPath',
    build: (app) => {
      new JegLabChart(app, 'jeg-lab', { nfsServer: 'nfs.lab.example.org', nfsPath: '/srv/homes' });
    },
  },
  {
    docs: "README: several hubs share a namespace with namePrefix (e.g. 'course-101-hub') and distinct releases",
    build: (app) => {
      const chart = course(app, 'shared');
      for (const c of ['course-101', 'course-102'])
        new Hub(chart, c, { authenticator: anyLogin(), namePrefix: `${c}-`, release: c }).addIntegration(
          new Proxy(chart, `${c}-proxy`),
        );
    },
  },
  {
    docs: "README: your own Secret, HubSecret.fromSecretName('my-hub-secret', { proxyTokenKey, cookieSecretKey })",
    build: hubWith({
      secret: HubSecret.fromSecretName('my-hub-secret', {
        proxyTokenKey: 'proxy.token',
        cookieSecretKey: 'hub.cookie-secret',
      }),
    }),
  },
  { docs: 'HubProps.concurrentSpawnLimit: 0 = no limit', build: hubWith({ concurrentSpawnLimit: 0 }) },
  { docs: "IHub.baseUrl: e.g. '/jupyter/'", build: hubWith({ baseUrl: '/jupyter/' }) },
  {
    docs: "ExternalDatabaseOptions.url: e.g. 'postgresql://jupyterhub@db:5432/jupyterhub'",
    build: hubWith({ database: HubDatabase.external({ url: 'postgresql://jupyterhub@db:5432/jupyterhub' }) }),
  },
  {
    docs: "NfsStorageProps.mountOptions: e.g. ['nfsvers=4.1', 'hard']; server '172.17.0.1'",
    build: nfsWith({ server: '172.17.0.1', path: '/home/nfs_share/claim', mountOptions: ['nfsvers=4.1', 'hard'] }),
  },
  {
    docs: 'NginxIngressOptions: ingress-resource mode with a host and cert-manager TLS',
    build: nginxWith(
      {
        mode: NginxIngressMode.INGRESS_RESOURCE,
        host: 'hub.example.org',
        tls: IngressTls.certManager('letsencrypt'),
        annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' },
      },
      kplus.ServiceType.CLUSTER_IP,
    ),
  },
  {
    docs: 'NginxIngressOptions: sidecar mode with TLS from your Secret, HTTPS on a fixed node port',
    build: nginxWith(
      {
        tls: IngressTls.fromSecretName('hub-tls'),
        host: 'hub.example.org',
        httpsPort: 443,
        httpsNodePort: 30443,
      },
      kplus.ServiceType.NODE_PORT,
    ),
  },
  {
    docs: 'CustomAuthenticatorOptions: stringTraits { login_service: ... }, stringListTraits { scope: [...] }',
    build: hubWith({
      authenticator: Authenticator.custom({
        className: 'oauthenticator.generic.GenericOAuthenticator',
        stringTraits: { login_service: 'University SSO' },
        stringListTraits: { scope: ['openid', 'email'] },
      }),
    }),
  },
];

describe('bad input, from the docs: refused with the prop named', () => {
  test.each(bad.map((c) => [c.docs, c] as const))('%s', (_docs, c) => {
    const app = new App({ outdir: outdir() });
    let message = '';
    try {
      c.build(app);
      synthesize(app); // whole-app errors surface here
    } catch (e) {
      message = (e as Error).message;
    }
    if (typeof c.names === 'string') {
      expect(message).toMatch(new RegExp(`^Invalid '${c.names.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' \\(`));
    } else {
      expect(message).toMatch(c.names);
    }
  });

  test('at least 40 cases', () => {
    expect(bad.length).toBeGreaterThanOrEqual(40);
  });
});

describe('good input, from the docs: accepted', () => {
  test.each(good.map((c) => [c.docs, c] as const))('%s', (_docs, c) => {
    const app = new App({ outdir: outdir() });
    c.build(app);
    expect(() => synthesize(app)).not.toThrow();
    expect(fs.readdirSync(app.outdir).length).toBeGreaterThan(0);
  });
});
