/**
 * A TLS Secret with keys of its own (Zero to JupyterHub's `proxy.https.secret.crt` and
 * `proxy.https.secret.key`, issue 22): in sidecar mode the two keys are mounted under the
 * standard names nginx reads; an ingress controller reads only the standard keys, so
 * ingress-resource mode refuses them; bad keys are refused with the prop named.
 */
import { Hub, IngressTls, NginxIngress, NginxIngressMode, Proxy } from '../../lib';
import { expectRefused, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { anyLogin, find, Obj, synthWith, wire } from '../util';

function objects(tls: IngressTls, mode = NginxIngressMode.SIDECAR): Obj[] {
  const objs = synthWith((c) =>
    wire(
      new Hub(c, 'hub', { authenticator: anyLogin() }),
      new Proxy(c, 'proxy'),
      new NginxIngress(c, 'nginx', { host: 'hub.example.org', tls, mode }),
    ),
  );
  for (const o of objs) expect(strictErrors(o)).toEqual([]);
  return objs;
}

const tlsVolume = (objs: Obj[]) =>
  find(objs, 'Deployment', 'proxy').spec.template.spec.volumes.find((v: any) => v.name === 'nginx-tls');

test('the certificate and key keys are mounted as tls.crt and tls.key', () => {
  const objs = objects(
    IngressTls.fromSecretName('hub-cert', { certificateKey: 'fullchain.pem', privateKeyKey: 'privkey.pem' }),
  );
  expect(tlsVolume(objs).secret).toEqual({
    secretName: 'hub-cert',
    defaultMode: 0o440,
    items: [
      { key: 'fullchain.pem', path: 'tls.crt' },
      { key: 'privkey.pem', path: 'tls.key' },
    ],
  });
});

test('one key given, the other keeps its standard name', () => {
  const objs = objects(IngressTls.fromSecretName('hub-cert', { privateKeyKey: 'key.pem' }));
  expect(tlsVolume(objs).secret.items).toEqual([
    { key: 'tls.crt', path: 'tls.crt' },
    { key: 'key.pem', path: 'tls.key' },
  ]);
});

test('the standard keys: the whole Secret, as before', () => {
  expect(tlsVolume(objects(IngressTls.fromSecretName('hub-cert', { certificateKey: 'tls.crt' }))).secret).toEqual({
    secretName: 'hub-cert',
    defaultMode: 0o440,
  });
});

describe('refuses bad input, naming the prop', () => {
  const rows: Row[] = [
    [
      'a key with a slash',
      () => IngressTls.fromSecretName('s', { certificateKey: 'a/b' }),
      P('options.certificateKey'),
    ],
    [
      'the same key twice',
      () => IngressTls.fromSecretName('s', { certificateKey: 'p.pem', privateKeyKey: 'p.pem' }),
      P('options.privateKeyKey'),
    ],
    [
      'other keys in ingress-resource mode',
      () => objects(IngressTls.fromSecretName('s', { privateKeyKey: 'k.pem' }), NginxIngressMode.INGRESS_RESOURCE),
      P('tls'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
