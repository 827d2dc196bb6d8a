/**
 * `proxy-public` as Zero to JupyterHub's `proxy.service.*` and `proxy.https.type: offload` shape
 * it (issue 22, items 5 and 12): TLS offloaded at the load balancer (443 to the proxy's HTTP
 * port, optionally without the HTTP port), labels, external IPs and IP families; each valid for
 * the Kubernetes API, and the bad input refused with the prop named.
 */
import { ServiceType } from 'cdk8s-plus-27';
import * as kplus from 'cdk8s-plus-27';
import {
  Authenticator,
  Hub,
  IngressTls,
  IpFamily,
  IpFamilyPolicy,
  NginxIngress,
  NginxIngressMode,
  Proxy,
} from '../../lib';
import { strictErrors } from '../strict-schema';
import { anyLogin, find, Obj, synthWith } from '../util';

type ProxyArgs = ConstructorParameters<typeof Proxy>[2];

function publicService(props: ProxyArgs = {}): Obj {
  const objs = synthWith((c) =>
    new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(new Proxy(c, 'proxy', props)),
  );
  const svc = find(objs, 'Service', 'proxy-public');
  expect(strictErrors(svc)).toEqual([]);
  return svc;
}

describe('TLS offloaded at the load balancer (httpsOffload)', () => {
  test("443 leads to the proxy's HTTP port, beside the HTTP port", () => {
    expect(publicService({ httpsOffload: true }).spec.ports).toEqual([
      { name: 'https', port: 443, targetPort: 'http', protocol: 'TCP' },
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
    ]);
  });

  test('with disableHttpPort only 443 answers; node ports are kept per port', () => {
    expect(
      publicService({
        httpsOffload: true,
        disableHttpPort: true,
        serviceType: ServiceType.NODE_PORT,
        httpsNodePort: 30443,
      }).spec.ports,
    ).toEqual([{ name: 'https', port: 443, targetPort: 'http', nodePort: 30443, protocol: 'TCP' }]);
  });

  test("behind nginx in the pod: 443 leads to nginx's HTTP port, and the hub's public URL is https", () => {
    let proxy!: Proxy;
    let hub!: Hub;
    const objs = synthWith((c) => {
      const clientSecret = { secret: kplus.Secret.fromSecretName(c, 'auth', 'auth'), key: 'client-secret' };
      hub = new Hub(c, 'hub', {
        authenticator: Authenticator.github({ clientId: 'id', clientSecret, allowedUsers: ['alice'] }),
      });
      proxy = new Proxy(c, 'proxy', { httpsOffload: true });
      proxy.addFrontDoor(new NginxIngress(c, 'nginx', { mode: NginxIngressMode.SIDECAR, host: 'hub.example.org' }));
      hub.addIntegration(proxy);
    });
    const ports = find(objs, 'Service', 'proxy-public').spec.ports;
    expect(ports[0]).toEqual({ name: 'https', port: 443, targetPort: ports[1].targetPort, protocol: 'TCP' });
    expect(hub.publicUrl()).toBe('https://hub.example.org');
    const config = objs.find((o) => o.kind === 'ConfigMap' && o.data?.['jupyterhub_config.py'])!.data[
      'jupyterhub_config.py'
    ];
    expect(config).toContain('"https://hub.example.org/hub/oauth_callback"');
  });
});

describe("proxy-public's labels, addresses and IP families", () => {
  test('labels are added to the proxy’s own; the selector stays the proxy’s', () => {
    const svc = publicService({ serviceLabels: { 'external-dns.alpha.kubernetes.io/scope': 'public' } });
    expect(svc.metadata.labels).toEqual({
      'external-dns.alpha.kubernetes.io/scope': 'public',
      app: 'jupyterhub',
      component: 'proxy',
      release: 'jupyterhub',
    });
    expect(svc.spec.selector).toEqual({ app: 'jupyterhub', component: 'proxy', release: 'jupyterhub' });
  });

  test('external IPs and dual stack, as written', () => {
    const svc = publicService({
      externalIps: ['198.51.100.7', '2001:db8::7'],
      ipFamilyPolicy: IpFamilyPolicy.PREFER_DUAL_STACK,
      ipFamilies: [IpFamily.IPV6, IpFamily.IPV4],
    });
    expect(svc.spec).toMatchObject({
      externalIPs: ['198.51.100.7', '2001:db8::7'],
      ipFamilyPolicy: 'PreferDualStack',
      ipFamilies: ['IPv6', 'IPv4'],
    });
  });

  test('none of them by default (the output of the seed charts is unchanged)', () => {
    const svc = publicService();
    expect(Object.keys(svc.spec).sort()).toEqual(['ports', 'selector', 'type']);
  });
});

describe('refuses', () => {
  test.each<[string, ProxyArgs, RegExp]>([
    [
      'offload on a ClusterIP Service',
      { httpsOffload: true, serviceType: ServiceType.CLUSTER_IP },
      /'httpsOffload' \(true\): needs a NodePort or LoadBalancer/,
    ],
    [
      'an HTTPS node port without offload',
      { httpsNodePort: 30443, serviceType: ServiceType.NODE_PORT },
      /'httpsNodePort' \(30443\).*httpsOffload: true/,
    ],
    [
      'an HTTPS node port out of range',
      { httpsOffload: true, httpsNodePort: 443, serviceType: ServiceType.NODE_PORT },
      /'httpsNodePort' \(443\)/,
    ],
    [
      'no port at all',
      { disableHttpPort: true },
      /'disableHttpPort' \(true\): would leave 'proxy-public' without a port/,
    ],
    [
      'a label that is the selector’s',
      { serviceLabels: { component: 'x' } },
      /'serviceLabels.component' \('x'\): is one of the proxy's own labels/,
    ],
    ['a label key that is no qualified name', { serviceLabels: { 'a b': 'x' } }, /serviceLabels/],
    ['an external IP that is none', { externalIps: ['hub.example.org'] }, /'externalIps\[0\]' \('hub.example.org'\)/],
    ['no external IP', { externalIps: [] }, /'externalIps' \(\[\]\): is empty/],
    ['an external IP twice', { externalIps: ['198.51.100.7', '198.51.100.7'] }, /lists an address twice/],
    [
      'an unknown IP family (JavaScript)',
      { ipFamilies: ['IPv5' as IpFamily] },
      /'ipFamilies\[0\]' \('IPv5'\): must be one of IpFamily.IPV4/,
    ],
    [
      'a family twice',
      { ipFamilies: [IpFamily.IPV4, IpFamily.IPV4], ipFamilyPolicy: IpFamilyPolicy.REQUIRE_DUAL_STACK },
      /lists a family twice/,
    ],
    [
      'two families on a single stack',
      { ipFamilies: [IpFamily.IPV4, IpFamily.IPV6] },
      /needs 'ipFamilyPolicy' PREFER_DUAL_STACK or REQUIRE_DUAL_STACK/,
    ],
    [
      'an unknown policy (JavaScript)',
      { ipFamilyPolicy: 'DualStack' as IpFamilyPolicy },
      /'ipFamilyPolicy' \('DualStack'\): must be one of IpFamilyPolicy.SINGLE_STACK/,
    ],
    ['a misspelled prop (JavaScript)', { httpsOfflaod: true } as ProxyArgs, /httpsOfflaod/],
  ])('%s', (_name, props, error) => {
    expect(() => publicService(props)).toThrow(error);
  });

  test('offload when the front door in the pod terminates TLS itself', () => {
    expect(() =>
      synthWith((c) => {
        const proxy = new Proxy(c, 'proxy', { httpsOffload: true });
        proxy.addFrontDoor(
          new NginxIngress(c, 'nginx', {
            mode: NginxIngressMode.SIDECAR,
            host: 'hub.example.org',
            tls: IngressTls.fromSecretName('hub-tls'),
          }),
        );
        new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(proxy);
      }),
    ).toThrow(
      /'httpsOffload' \(true\): says the load balancer terminates TLS, but the front door .* terminates it itself/,
    );
  });
});
