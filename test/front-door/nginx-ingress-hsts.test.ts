/**
 * HSTS of the TLS front door (Zero to JupyterHub's `proxy.traefik.hsts.*`, issue 22): the
 * `Strict-Transport-Security` header nginx sends on HTTPS, rendered by the one `nginx.conf`
 * generator and accepted by a real `nginx -t`; the bad input refused with the prop named.
 */
import { Duration } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-27';
import { Hub, IngressTls, NginxIngress, NginxIngressMode, NginxIngressProps, Proxy } from '../../lib';
import { expectRefused, P, Row } from '../input-checks';
import { anyLogin, synthWith, wire } from '../util';
import { nginxTest } from '../nginx-check';

function door(props: NginxIngressProps): NginxIngress {
  let nginx!: NginxIngress;
  synthWith((c) => {
    nginx = new NginxIngress(c, 'nginx', props);
    const proxy = new Proxy(c, 'proxy', { serviceType: ServiceType.NODE_PORT, nodePort: 32020 });
    wire(new Hub(c, 'hub', { authenticator: anyLogin() }), proxy, nginx);
  });
  return nginx;
}

const tls = IngressTls.fromSecretName('hub-tls');
const hstsLine = (conf: string) => conf.split('\n').filter((l) => l.includes('Strict-Transport-Security'));

describe('the Strict-Transport-Security header (hsts)', () => {
  test('by default a year, without subdomains or preload (as before)', () => {
    expect(hstsLine(door({ host: 'hub.example.org', tls }).config as string)).toEqual([
      '        add_header Strict-Transport-Security "max-age=31536000" always;',
    ]);
  });

  test('maxAge, includeSubdomains and preload as the header’s directives; a real `nginx -t` accepts it', () => {
    const conf = door({
      host: 'hub.example.org',
      tls,
      hsts: { maxAge: Duration.days(730), includeSubdomains: true, preload: true },
    }).config as string;
    expect(hstsLine(conf)).toEqual([
      '        add_header Strict-Transport-Security "max-age=63072000; includeSubDomains; preload" always;',
    ]);
    const r = nginxTest(conf);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  test('maxAge 0 tells browsers to forget the policy (Zero to JupyterHub’s way to turn it off)', () => {
    const conf = door({ host: 'hub.example.org', tls, hsts: { maxAge: Duration.seconds(0) } }).config as string;
    expect(hstsLine(conf)).toEqual(['        add_header Strict-Transport-Security "max-age=0" always;']);
  });
});

describe('refuses bad input, naming the prop', () => {
  const rows: Row[] = [
    ['hsts without TLS', () => door({ hsts: { maxAge: Duration.days(1) } }), P('hsts')],
    [
      'a fraction of a second',
      () => door({ tls, host: 'h.example.org', hsts: { maxAge: Duration.millis(1500) } }),
      P('hsts.maxAge'),
    ],
    [
      'preload without subdomains',
      () => door({ tls, host: 'h.example.org', hsts: { preload: true } }),
      P('hsts.preload'),
    ],
    [
      'preload with less than a year',
      () =>
        door({
          tls,
          host: 'h.example.org',
          hsts: { preload: true, includeSubdomains: true, maxAge: Duration.days(30) },
        }),
      P('hsts.preload'),
    ],
    [
      'hsts in ingress-resource mode',
      () =>
        door({ mode: NginxIngressMode.INGRESS_RESOURCE, host: 'h.example.org', hsts: { maxAge: Duration.days(1) } }),
      P('hsts'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
