/**
 * The Ingress of ingress-resource mode beyond one host (issue 22, item 10; Zero to JupyterHub's
 * `ingress.hosts`, `ingress.tls`, `ingress.pathType`, `ingress.pathSuffix`, `ingress.extraPaths`):
 * more hosts to the hub, TLS entries of your own, the hub's path type and suffix (GKE's `gce`
 * class), paths to your own Services; valid for the Kubernetes API, and the bad input refused.
 */
import { ServiceType } from 'cdk8s-plus-27';
import { Hub, IngressPathType, IngressTls, NginxIngress, NginxIngressMode, NginxIngressProps, Proxy } from '../../lib';
import { strictErrors } from '../strict-schema';
import { anyLogin, find, Obj, synthWith } from '../util';

function ingress(props: NginxIngressProps): { spec: any; hub: Hub } {
  let hub!: Hub;
  const objs: Obj[] = synthWith((c) => {
    hub = new Hub(c, 'hub', { authenticator: anyLogin() });
    const proxy = new Proxy(c, 'proxy', { serviceType: ServiceType.CLUSTER_IP });
    proxy.addFrontDoor(new NginxIngress(c, 'nginx', { mode: NginxIngressMode.INGRESS_RESOURCE, ...props }));
    hub.addIntegration(proxy);
  });
  const ing = find(objs, 'Ingress', 'jupyterhub');
  expect(strictErrors(ing)).toEqual([]);
  return { spec: ing.spec, hub };
}

const hubBackend = { service: { name: 'proxy-public', port: { number: 80 } } };

test('more hosts lead to the hub; its public URL stays the host’s; the certificate covers them all', () => {
  const { spec, hub } = ingress({
    host: 'hub.example.org',
    additionalHosts: ['jupyter.example.org'],
    tls: IngressTls.certManager('letsencrypt'),
  });
  expect(spec.rules.map((r: any) => r.host)).toEqual(['hub.example.org', 'jupyter.example.org']);
  expect(spec.tls).toEqual([{ hosts: ['hub.example.org', 'jupyter.example.org'], secretName: 'jupyterhub-tls' }]);
  expect(hub.publicUrl()).toBe('https://hub.example.org');
});

test('a TLS entry of your own takes its hosts out of the front door’s certificate', () => {
  const { spec } = ingress({
    host: 'hub.example.org',
    additionalHosts: ['hub.example.com'],
    tls: IngressTls.fromSecretName('hub-tls'),
    extraTls: [{ hosts: ['hub.example.com'], secretName: 'com-tls' }],
  });
  expect(spec.tls).toEqual([
    { hosts: ['hub.example.org'], secretName: 'hub-tls' },
    { hosts: ['hub.example.com'], secretName: 'com-tls' },
  ]);
});

test("GKE's gce class: an implementation-specific '/*' path", () => {
  const { spec } = ingress({
    host: 'hub.example.org',
    ingressClassName: 'gce',
    pathType: IngressPathType.IMPLEMENTATION_SPECIFIC,
    pathSuffix: '*',
  });
  expect(spec.rules[0].http.paths).toEqual([{ path: '/*', pathType: 'ImplementationSpecific', backend: hubBackend }]);
});

test('paths to your own Services come first, on every host', () => {
  const { spec } = ingress({
    host: 'hub.example.org',
    additionalHosts: ['jupyter.example.org'],
    extraPaths: [{ path: '/docs', serviceName: 'course-docs', servicePort: 8080 }],
  });
  for (const rule of spec.rules)
    expect(rule.http.paths).toEqual([
      { path: '/docs', pathType: 'Prefix', backend: { service: { name: 'course-docs', port: { number: 8080 } } } },
      { path: '/', pathType: 'Prefix', backend: hubBackend },
    ]);
});

test('without them the Ingress is as before (one host, one path)', () => {
  expect(ingress({ host: 'hub.example.org' }).spec.rules).toEqual([
    { host: 'hub.example.org', http: { paths: [{ path: '/', pathType: 'Prefix', backend: hubBackend }] } },
  ]);
});

describe('refuses', () => {
  test.each<[string, NginxIngressProps, RegExp]>([
    [
      'more hosts without a host',
      { additionalHosts: ['a.example.org'] },
      /'additionalHosts' \(\["a.example.org"\]\): needs 'host'/,
    ],
    [
      'a host twice',
      { host: 'a.example.org', additionalHosts: ['a.example.org'] },
      /'additionalHosts\[0\]' \('a.example.org'\): is listed twice/,
    ],
    ['a host that is none', { host: 'a.example.org', additionalHosts: ['not a host'] }, /'additionalHosts\[0\]'/],
    [
      'an IP as a host (the API refuses it)',
      { host: 'a.example.org', additionalHosts: ['10.0.0.1'] },
      /'additionalHosts\[0\]' \('10.0.0.1'\)/,
    ],
    [
      'a TLS entry for a host the Ingress has not',
      { host: 'a.example.org', extraTls: [{ hosts: ['b.example.org'], secretName: 'b' }] },
      /'extraTls\[0\].hosts\[0\]' \('b.example.org'\): is no host of the Ingress/,
    ],
    [
      'a host in two TLS entries',
      {
        host: 'a.example.org',
        extraTls: [
          { hosts: ['a.example.org'], secretName: 'x' },
          { hosts: ['a.example.org'], secretName: 'y' },
        ],
      },
      /'extraTls\[1\].hosts\[0\]'.*another TLS entry/,
    ],
    [
      'a TLS entry for the host of tls',
      {
        host: 'a.example.org',
        tls: IngressTls.fromSecretName('t'),
        extraTls: [{ hosts: ['a.example.org'], secretName: 'x' }],
      },
      /'extraTls\[0\].hosts'.*names 'host'/,
    ],
    [
      'a TLS entry without hosts',
      { host: 'a.example.org', extraTls: [{ hosts: [], secretName: 'x' }] },
      /'extraTls\[0\].hosts' \(\[\]\)/,
    ],
    [
      'a bad Secret name',
      { host: 'a.example.org', extraTls: [{ hosts: ['a.example.org'], secretName: 'Bad_Name' }] },
      /'extraTls\[0\].secretName'/,
    ],
    [
      'a suffix on a Prefix path',
      { host: 'a.example.org', pathSuffix: '*' },
      /'pathSuffix' \('\*'\): .*IMPLEMENTATION_SPECIFIC/,
    ],
    [
      'a suffix that is no path',
      { host: 'a.example.org', pathType: IngressPathType.IMPLEMENTATION_SPECIFIC, pathSuffix: 'a b' },
      /'pathSuffix' \('a b'\)/,
    ],
    [
      'an extra path that is the hub’s',
      { host: 'a.example.org', extraPaths: [{ path: '/', serviceName: 's', servicePort: 80 }] },
      /'extraPaths\[0\].path' \('\/'\)/,
    ],
    [
      'an extra path twice',
      {
        host: 'a.example.org',
        extraPaths: [
          { path: '/d', serviceName: 's', servicePort: 80 },
          { path: '/d', serviceName: 't', servicePort: 80 },
        ],
      },
      /'extraPaths\[1\].path' \('\/d'\): is listed twice/,
    ],
    [
      'a bad Service name',
      { host: 'a.example.org', extraPaths: [{ path: '/d', serviceName: 'S', servicePort: 80 }] },
      /'extraPaths\[0\].serviceName' \('S'\)/,
    ],
    [
      'a bad port',
      { host: 'a.example.org', extraPaths: [{ path: '/d', serviceName: 's', servicePort: 0 }] },
      /'extraPaths\[0\].servicePort' \(0\)/,
    ],
    [
      'a pattern on a Prefix path',
      { host: 'a.example.org', extraPaths: [{ path: '/d/*', serviceName: 's', servicePort: 80 }] },
      /'extraPaths\[0\].path' \('\/d\/\*'\): holds '\*'/,
    ],
    [
      'an unknown path type (JavaScript)',
      { host: 'a.example.org', pathType: 'Exact' as IngressPathType },
      /'pathType' \('Exact'\)/,
    ],
    [
      'a misspelled key (JavaScript)',
      { host: 'a.example.org', extraPaths: [{ path: '/d', serviceName: 's', port: 80 } as never] },
      /extraPaths\[0\]/,
    ],
  ])('%s', (_name, props, error) => {
    expect(() => ingress(props)).toThrow(error);
  });

  test.each(['additionalHosts', 'extraTls', 'pathType', 'pathSuffix', 'extraPaths'])(
    '%s in sidecar mode (they are the Ingress’s)',
    (prop) => {
      const value = {
        additionalHosts: ['b.example.org'],
        extraTls: [],
        pathType: IngressPathType.PREFIX,
        pathSuffix: '*',
        extraPaths: [],
      }[prop];
      expect(() =>
        synthWith((c) => {
          const proxy = new Proxy(c, 'proxy');
          proxy.addFrontDoor(new NginxIngress(c, 'nginx', { host: 'a.example.org', [prop]: value }));
          new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(proxy);
        }),
      ).toThrow(new RegExp(`'${prop}' .*applies to ingress-resource mode only`));
    },
  );
});
