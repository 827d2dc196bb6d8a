/**
 * Bad input fails at construction, with a message that names the prop, quotes the value and says
 * how to fix it: never a cluster rejecting the object later.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Authenticator,
  Hub,
  HubDatabase,
  HubProps,
  HubSecret,
  IngressTls,
  NginxIngress,
  NginxIngressMode,
  NginxIngressProps,
  Proxy,
  ProxyProps,
  SingleUserStorage,
} from '../lib';
import { anyLogin, chart } from './util';

const hub = (props: Partial<HubProps>) => () => new Hub(chart(), 'hub', { authenticator: anyLogin(), ...props });
const proxy = (props: ProxyProps) => () => {
  const c = chart();
  new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(new Proxy(c, 'proxy', { ...props }));
};
const nginx =
  (props: NginxIngressProps, serviceType = kplus.ServiceType.NODE_PORT) =>
  () => {
    const c = chart();
    const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
    const p = new Proxy(c, 'proxy', { serviceType });
    p.addFrontDoor(new NginxIngress(c, 'nginx', { ...props }));
    hub.addIntegration(p);
  };

describe('construction errors name the prop, the value and the fix', () => {
  test.each<[string, () => void, RegExp]>([
    [
      'port out of range',
      proxy({ port: 70000 }),
      /Invalid 'port' \(70000\): must be an integer port between 1 and 65535/,
    ],
    [
      'nodePort outside the NodePort range',
      proxy({ serviceType: kplus.ServiceType.NODE_PORT, nodePort: 8080 }),
      /Invalid 'nodePort' \(8080\): must be an integer in the default NodePort range 30000-32767/,
    ],
    [
      'nodePort on a ClusterIP Service',
      proxy({ serviceType: kplus.ServiceType.CLUSTER_IP, nodePort: 30080 }),
      /Invalid 'nodePort' \(30080\): needs 'serviceType' NODE_PORT or LOAD_BALANCER/,
    ],
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
      'memory limit below the guarantee',
      hub({ singleUser: { memoryGuarantee: Size.gibibytes(1), memoryLimit: Size.mebibytes(100) } }),
      /Invalid 'singleUser.memoryLimit' \('100Mi'\): must be at least 'singleUser.memoryGuarantee' \(1Gi\): raise the limit or lower the guarantee/,
    ],
    [
      'cpu limit below the guarantee',
      hub({ singleUser: { cpuGuarantee: kplus.Cpu.units(2), cpuLimit: kplus.Cpu.units(1) } }),
      /Invalid 'singleUser.cpuLimit' \('1'\): must be at least 'singleUser.cpuGuarantee' \(2\)/,
    ],
    [
      'empty admin list with admin access on',
      hub({ authenticator: Authenticator.dummy({ adminUsers: [] }), adminAccess: true }),
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
      'blocking the metadata endpoint without the policy that enforces it',
      hub({ singleUser: { networkPolicy: false } }),
      /Invalid 'singleUser.blockCloudMetadata' \(true\): needs the single-user NetworkPolicy/,
    ],
    [
      'a relative home mount path',
      hub({ singleUser: { storage: SingleUserStorage.dynamic({ homeMountPath: 'home/jovyan' }) } }),
      /Invalid 'singleUser.storage.homeMountPath' \('home\/jovyan'\): must be an absolute path/,
    ],
    [
      'a zero-size user claim',
      hub({ singleUser: { storage: SingleUserStorage.dynamic({ capacity: Size.gibibytes(0) }) } }),
      /Invalid 'singleUser.storage.capacity' .*must be a positive size/,
    ],
    [
      'a storage class that is not a DNS name',
      hub({ database: HubDatabase.sqlitePvc({ storageClassName: 'Fast SSD' }) }),
      /Invalid 'database.storageClassName' \('Fast SSD'\): must be a DNS-1123 subdomain/,
    ],
    [
      'a database URL with a password in it',
      hub({ database: HubDatabase.external({ url: 'postgresql://hub:s3cret@db/hub' }) }),
      /Invalid 'database.url' \('postgresql:\/\/hub:\*\*\*@db\/hub'\): must not contain a password .*put it in a Secret and pass 'password'/,
    ],
    [
      'a database URL of an unsupported kind',
      hub({ database: HubDatabase.external({ url: 'oracle://db/hub' }) }),
      /Invalid 'database.url' \('oracle:\/\/db\/hub'\): must be a PostgreSQL or MySQL/,
    ],
    [
      'an unpinned image',
      hub({ image: 'quay.io/jupyterhub/k8s-hub' }),
      /Invalid 'image' \('quay.io\/jupyterhub\/k8s-hub'\): must be pinned to a tag or digest/,
    ],
    [
      'the latest tag',
      hub({ singleUser: { image: 'jupyter/base-notebook:latest' } }),
      /Invalid 'singleUser.image' \('jupyter\/base-notebook:latest'\): must not use the moving 'latest' tag/,
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
      'a sub-second start timeout',
      hub({ singleUser: { startTimeout: Duration.millis(500) } }),
      /Invalid 'singleUser.startTimeout' \('0.5s'\): must be a whole number of seconds/,
    ],
    [
      'an env var name with a space',
      hub({ singleUser: { extraEnv: { 'MY VAR': 'x' } } }),
      /Invalid 'singleUser.extraEnv' \('MY VAR'\): must be a valid environment variable name/,
    ],
    [
      'a node selector with a bad key',
      hub({ singleUser: { nodeSelector: { 'bad key!': 'x' } } }),
      /Invalid 'singleUser.nodeSelector' \('bad key!'\): has a key that is not a valid label key/,
    ],
    [
      'the same key for token and cookie secret',
      hub({ secret: HubSecret.fromSecretName('s', { proxyTokenKey: 'k', cookieSecretKey: 'k' }) }),
      /Invalid 'secret.cookieSecretKey' \('k'\): must differ from 'proxyTokenKey'/,
    ],
    [
      'an empty command',
      hub({ singleUser: { cmd: [] } }),
      /Invalid 'singleUser.cmd' \(\[\]\): must be a non-empty list/,
    ],
    [
      'a default URL without a leading slash',
      hub({ singleUser: { defaultUrl: 'lab' } }),
      /Invalid 'singleUser.defaultUrl' \('lab'\): must start with '\/'/,
    ],
    [
      'hub resources with a limit below the request',
      hub({ resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } }),
      /Invalid 'resources.memory.limit' \('1Gi'\): must be at least the memory request \(2Gi\)/,
    ],
    [
      'cert-manager TLS in sidecar mode',
      nginx({ tls: IngressTls.certManager('letsencrypt') }),
      /Invalid 'tls' .*needs 'mode: NginxIngressMode.INGRESS_RESOURCE'/,
    ],
    ['an HTTPS port without TLS', nginx({ httpsPort: 8443 }), /Invalid 'httpsPort' \(8443\): needs 'tls'/],
    [
      'HTTPS on the HTTP port',
      nginx({ tls: IngressTls.fromSecretName('t'), httpsPort: 80 }),
      /Invalid 'httpsPort' \(80\): must differ from the proxy's HTTP port \(80\)/,
    ],
    [
      'the same node port twice',
      () => {
        const c = chart();
        const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
        const p = new Proxy(c, 'proxy', { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 32020 });
        p.addFrontDoor(new NginxIngress(c, 'nginx', { tls: IngressTls.fromSecretName('t'), httpsNodePort: 32020 }));
        hub.addIntegration(p);
      },
      /Invalid 'httpsNodePort' \(32020\): must differ from the Proxy's HTTP 'nodePort'/,
    ],
    [
      'TLS on an Ingress without a host',
      nginx(
        { mode: NginxIngressMode.INGRESS_RESOURCE, tls: IngressTls.fromSecretName('t') },
        kplus.ServiceType.CLUSTER_IP,
      ),
      /Invalid 'tls' \('IngressTls\.fromSecretName\('t'\)'\): needs 'host'/,
    ],
    [
      'sidecar-only props in ingress-resource mode',
      nginx({ mode: NginxIngressMode.INGRESS_RESOURCE, image: 'nginx:1.29' }, kplus.ServiceType.CLUSTER_IP),
      /Invalid 'image' \('nginx:1.29'\): applies to sidecar mode only/,
    ],
    [
      'ingress-only props in sidecar mode',
      nginx({ ingressClassName: 'nginx' }),
      /Invalid 'ingressClassName' \('nginx'\): applies to ingress-resource mode only/,
    ],
    [
      'a host that is not a DNS name',
      nginx({ host: 'Hub Example' }),
      /Invalid 'host' \('Hub Example'\): must be a DNS-1123 subdomain/,
    ],
    [
      'two proxies for one hub',
      () => {
        const c = chart();
        const h = new Hub(c, 'hub', { authenticator: anyLogin() });
        h.addIntegration(new Proxy(c, 'p1'));
        h.addIntegration(new Proxy(c, 'p2'));
      },
      /Invalid 'hub' \('test\/hub'\): already has a Proxy: create one Proxy per Hub/,
    ],
    [
      'two nginx front doors for one proxy',
      () => {
        const c = chart();
        const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
        const p = new Proxy(c, 'proxy');
        p.addFrontDoor(new NginxIngress(c, 'n1'));
        p.addFrontDoor(new NginxIngress(c, 'n2'));
        hub.addIntegration(p);
      },
      /Invalid 'proxy' \('test\/proxy'\): already has nginx in front of it; 'test\/n2' would be a second one/,
    ],
  ])('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  test('valid input does not throw, including the edge values', () => {
    expect(proxy({ port: 65535, serviceType: kplus.ServiceType.NODE_PORT, nodePort: 32767 })).not.toThrow();
    // No admins listed and adminAccess left alone: a hub without admins, not an error.
    expect(hub({ authenticator: Authenticator.dummy({ adminUsers: [] }) })).not.toThrow();
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
