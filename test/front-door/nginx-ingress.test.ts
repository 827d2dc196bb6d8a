/**
 * NginxIngress: nginx in the proxy pod (sidecar mode, with a real `nginx -t` on its config) or an
 * Ingress for an existing controller; the bad input it refuses, naming the prop.
 */
import { App, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Hub, IngressTls, NginxIngress, NginxIngressMode, NginxIngressProps, Proxy } from '../../lib';
import { ServiceType } from 'cdk8s-plus-27';
import { chartIn, expectAccepted, expectRefused, find, Good, long, none, P, Row } from '../input-checks';
import { anyLogin, chart, container, Obj, synthWith, wire } from '../util';
import { nginxTest } from '../nginx-check';

function nginxChart(
  props: NginxIngressProps = {},
  proxyType = ServiceType.NODE_PORT,
): { objs: Obj[]; nginx: NginxIngress } {
  let nginx!: NginxIngress;
  const objs = synthWith((c) => {
    const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
    const proxy = new Proxy(c, 'proxy', {
      serviceType: proxyType,
      nodePort: proxyType === ServiceType.CLUSTER_IP ? undefined : 32020,
    });
    nginx = new NginxIngress(c, 'nginx', props);
    proxy.addFrontDoor(nginx);
    hub.addIntegration(proxy);
  });
  return { objs, nginx };
}

describe('NginxIngress, sidecar mode (nginx in the proxy pod, as the seed)', () => {
  test('defaults (snapshot of the generated nginx.conf)', () => {
    expect(nginxChart().nginx.config).toMatchSnapshot();
  });

  test('a real `nginx -t` accepts the generated config', () => {
    const r = nginxTest(nginxChart().nginx.config as string);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  test('a real `nginx -t` accepts the TLS config too', () => {
    const r = nginxTest(
      nginxChart({ tls: IngressTls.fromSecretName('hub-tls'), host: 'hub.example.org' }).nginx.config as string,
    );
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  test('`nginx -t` is a real check: it rejects a broken config', () => {
    expect(nginxTest('events {}\nhttp { server { listen 8080; bogus_directive on; } }\n').status).not.toBe(0);
  });

  test('typed settings land in nginx.conf', () => {
    const conf = nginxChart({
      maxBodySize: Size.mebibytes(256),
      readTimeout: Duration.minutes(30),
      connectTimeout: Duration.seconds(5),
      host: 'hub.example.org',
    }).nginx.config as string;
    expect(conf).toContain('client_max_body_size 256m;');
    expect(conf).toContain('proxy_read_timeout 1800s;');
    expect(conf).toContain('proxy_send_timeout 1800s;');
    expect(conf).toContain('proxy_connect_timeout 5s;');
    expect(conf).toContain('server_name hub.example.org;');
  });

  test('websockets: Upgrade/Connection passed through, and the Host header keeps the port', () => {
    const conf = nginxChart().nginx.config as string;
    expect(conf).toMatch(/map \$http_upgrade \$connection_upgrade \{\s*default upgrade;\s*'' +close;\s*\}/);
    expect(conf).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(conf).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(conf).toContain('proxy_set_header Host $http_host;');
    expect(conf).toContain('proxy_http_version 1.1;');
  });

  test('nginx joins the proxy pod, and proxy-public points at it', () => {
    const { objs } = nginxChart();
    const proxy = find(objs, 'Deployment', 'proxy');
    expect(proxy.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['chp', 'nginx']);
    const nginx = container(proxy, 'nginx');
    expect(nginx.command).toEqual(['nginx', '-c', '/etc/nginx-generated/nginx.conf', '-g', 'daemon off;']);
    expect(nginx.securityContext).toMatchObject({
      runAsUser: 101,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(find(objs, 'Service', 'proxy-public').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'nginx-http', nodePort: 32020, protocol: 'TCP' },
    ]);
    expect(proxy.spec.template.metadata.annotations['checksum/nginx-config']).toMatch(/^[0-9a-f]{64}$/);
    // The public port is nginx's; CHP's own port is only for pods that opt in.
    const ingress = find(objs, 'NetworkPolicy', 'proxy').spec.ingress;
    expect(ingress[0]).toEqual({ ports: [{ protocol: 'TCP', port: 8080 }] });
    expect(ingress[2]).toEqual({
      from: [{ podSelector: { matchLabels: { 'hub.jupyter.org/network-access-proxy-http': 'true' } } }],
      ports: [{ protocol: 'TCP', port: 8000 }],
    });
  });

  test("TLS: the certificate Secret is mounted for nginx's group only, HTTP redirects to HTTPS, both ports are public", () => {
    const { objs, nginx } = nginxChart({ tls: IngressTls.fromSecretName('hub-tls'), httpsNodePort: 32443 });
    const pod = find(objs, 'Deployment', 'proxy').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'nginx-tls', secret: { secretName: 'hub-tls', defaultMode: 0o440 } });
    expect(pod.securityContext.fsGroup).toBe(101);
    expect(nginx.config).toContain('return 308 https://$host$request_uri;');
    expect(nginx.config).toContain('listen 8443 ssl;');
    expect(
      find(objs, 'Service', 'proxy-public').spec.ports.map((p: any) => [p.name, p.port, p.targetPort, p.nodePort]),
    ).toEqual([
      ['http', 80, 'nginx-http', 32020],
      ['https', 443, 'nginx-https', 32443],
    ]);
  });
});

describe('NginxIngress, ingress-resource mode (for an existing ingress controller)', () => {
  test('an Ingress to proxy-public with class, host, TLS from a Secret and the typed limits', () => {
    const { objs } = nginxChart(
      {
        mode: NginxIngressMode.INGRESS_RESOURCE,
        host: 'hub.example.org',
        tls: IngressTls.fromSecretName('hub-tls'),
        ingressClassName: 'nginx',
      },
      ServiceType.CLUSTER_IP,
    );
    const ing = find(objs, 'Ingress', 'jupyterhub');
    expect(ing.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['hub.example.org'], secretName: 'hub-tls' }],
      rules: [
        {
          host: 'hub.example.org',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'proxy-public', port: { number: 80 } } } },
            ],
          },
        },
      ],
    });
    expect(ing.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-body-size']).toBe(String(64 * 1024 * 1024));
    // No sidecar: proxy-public goes straight to CHP.
    expect(find(objs, 'Deployment', 'proxy').spec.template.spec.containers.map((c: any) => c.name)).toEqual(['chp']);
    expect(find(objs, 'Service', 'proxy-public').spec.ports[0].targetPort).toBe('http');
    expect(objs.some((o) => o.metadata.name === 'nginx-proxy-config')).toBe(false);
  });

  test('cert-manager: the issuer annotation and a derived certificate Secret', () => {
    const { objs } = nginxChart(
      { mode: NginxIngressMode.INGRESS_RESOURCE, host: 'hub.example.org', tls: IngressTls.certManager('letsencrypt') },
      ServiceType.CLUSTER_IP,
    );
    const ing = find(objs, 'Ingress', 'jupyterhub');
    expect(ing.metadata.annotations!['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
    expect(ing.spec.tls).toEqual([{ hosts: ['hub.example.org'], secretName: 'jupyterhub-tls' }]);
  });
});

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

const refusals: Row[] = [
  // Wrong types from JavaScript
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
  // Values that reach a Kubernetes field without that field's rule
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
  ['httpsNodePort 443', nginx({ tls: IngressTls.fromSecretName('tls'), httpsNodePort: 443 }), P('httpsNodePort')],
  ['httpsPort 0', nginx({ tls: IngressTls.fromSecretName('tls'), httpsPort: 0 }), P('httpsPort')],
  [
    'nginx resources.memory.request of zero',
    nginx({ resources: { memory: { request: Size.kibibytes(0) } } }),
    P('resources.memory.request'),
  ],
  ['maxBodySize of zero', nginx({ maxBodySize: Size.mebibytes(0) }), P('maxBodySize')],
  ["ingressClassName 'Nginx'", ingress({ ingressClassName: 'Nginx' }), P('ingressClassName')],
  // Generated programs that read differently than written
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
  // nginx.conf has no escape syntax: non-ASCII and control characters are refused in its fields.
  ["an nginx host with a non-ASCII letter ('caf\u00e9.example')", nginx({ host: 'caf\u00e9.example' }), P('host')],
  ['an nginx host with a newline (a directive of its own)', nginx({ host: 'hub.example.org;\nreturn 301' }), P('host')],
  ["an nginx host with ';'", nginx({ host: 'a;b' }), P('host')],
  // Construction errors naming the prop, the value and the fix
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
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

/** A hub and its proxy behind nginx with these props, in a chart with a namespace. */
const withNginx =
  (nginxProps: object, proxyProps: object = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    const h = new Hub(c, 'hub', { authenticator: anyLogin() });
    wire(h, new Proxy(c, 'proxy', { ...proxyProps }), new NginxIngress(c, 'nginx', { ...nginxProps }));
  };

const accepted: Good[] = [
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
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
