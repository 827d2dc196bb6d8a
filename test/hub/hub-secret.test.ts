/**
 * HubSecret: the proxy token and cookie secret, generated in the cluster by the hub's secret-init
 * container or read from a Secret of your own; the bad input it refuses, naming the prop.
 */
import { App } from 'cdk8s';
import { Hub, HubSecret, Proxy } from '../../lib';
import { chartIn, expectAccepted, expectRefused, Good, js, none, P, Row } from '../input-checks';
import { anyLogin, chart, container, env, find, Obj, synthWith } from '../util';

/** A hub with its proxy (a hub alone fails validation: nobody could reach it). */
function hubChart(props: Partial<ConstructorParameters<typeof Hub>[2]> = {}): Obj[] {
  return synthWith((c) =>
    new Hub(c, 'hub', { authenticator: anyLogin(), ...props }).addIntegration(new Proxy(c, 'proxy')),
  );
}
const hub = (props: object) => () => new Hub(chart(), 'hub', { authenticator: anyLogin(), ...(props as any) });
/** One hub with its proxy in a chart with a namespace, from the given Hub props. */
const oneHub =
  (props: Partial<ConstructorParameters<typeof Hub>[2]> = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    new Hub(c, 'hub', { authenticator: anyLogin(), ...props }).addIntegration(new Proxy(c, 'proxy'));
  };

describe('HubSecret', () => {
  test('generated: an init container creates hub-secret; its Role may only create Secrets', () => {
    const objs = hubChart();
    const hub = find(objs, 'Deployment', 'hub');
    expect(container(hub, 'secret-init').command).toEqual(['python3', '/etc/jupyterhub/secret_init.py']);
    expect(find(objs, 'Role', 'hub-secret-init').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    ]);
    expect(find(objs, 'RoleBinding', 'hub-secret-init').subjects).toEqual([{ kind: 'ServiceAccount', name: 'hub' }]);
  });

  test("existing: no init container, no secret Role, and both pods read your Secret's keys", () => {
    const objs = hubChart({
      secret: HubSecret.fromSecretName('my-secret', { proxyTokenKey: 'token', cookieSecretKey: 'cookie' }),
    });
    const hub = find(objs, 'Deployment', 'hub');
    expect(hub.spec.template.spec.initContainers).toBeUndefined();
    expect(objs.some((o) => o.metadata.name === 'hub-secret-init')).toBe(false);
    expect(find(objs, 'ConfigMap', 'hub-config').data['secret_init.py']).toBeUndefined();
    expect(env(container(hub, 'hub'), 'CONFIGPROXY_AUTH_TOKEN')).toEqual({
      secretKeyRef: { name: 'my-secret', key: 'token' },
    });
    expect(env(container(hub, 'hub'), 'JPY_COOKIE_SECRET')).toEqual({
      secretKeyRef: { name: 'my-secret', key: 'cookie' },
    });
    expect(env(container(find(objs, 'Deployment', 'proxy'), 'chp'), 'CONFIGPROXY_AUTH_TOKEN')).toEqual({
      secretKeyRef: { name: 'my-secret', key: 'token' },
    });
  });
});

const refusals: Row[] = [
  // Wrong types from JavaScript
  ["secret: 'hub-secret'", hub({ secret: 'hub-secret' }), P('secret')],
  ['HubSecret.fromSecretName() without a name', () => HubSecret.fromSecretName(js(undefined)), P('secretName')],
  [
    'a misspelled HubSecret option',
    () => HubSecret.fromSecretName('s', js({ proxyTokenkey: 'x' })),
    /^Invalid 'options.proxyTokenkey' .*did you mean 'proxyTokenKey'\?/,
  ],
  // Values that reach a Kubernetes field without that field's rule
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
  // Construction errors naming the prop, the value and the fix
  [
    'the same key for token and cookie secret',
    hub({ secret: HubSecret.fromSecretName('s', { proxyTokenKey: 'k', cookieSecretKey: 'k' }) }),
    /Invalid 'secret.cookieSecretKey' \('k'\): must differ from 'proxyTokenKey'/,
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

const accepted: Good[] = [
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
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
