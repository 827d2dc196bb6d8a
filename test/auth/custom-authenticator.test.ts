/**
 * CustomAuthenticator: any authenticator class by name, its traits typed (strings, numbers,
 * booleans, lists, Secret keys read from the env) and its provider's ports opened; the bad input
 * it refuses, naming the prop.
 */
import { App, Chart } from 'cdk8s';
import { Authenticator, CustomAuthenticator, Hub, Proxy } from '../../lib';
import {
  authRef,
  chartIn,
  expectAccepted,
  expectRefused,
  Good,
  hubConfig,
  js,
  P,
  Row,
  secretRefused,
} from '../input-checks';
import { anyLogin, find } from '../util';
import { deploy, load, ref, SECRET_NAME, secretEnv, VALUES } from './login-harness';

describe('the settings that matter, as the providers document them', () => {
  test('custom: secret traits from Secret keys (read from the env, never in the YAML) and the provider ports opened', () => {
    const build = (c: Chart) =>
      new CustomAuthenticator({
        className: 'oauthenticator.generic.GenericOAuthenticator',
        stringTraits: { client_id: 'jupyterhub', token_url: 'https://sso.example.org/token' },
        secretTraits: { client_secret: ref(c, 'client-secret') },
        egressPorts: [443, 8443],
        allowAll: true,
      });
    const { objs, yaml, config } = deploy(build);
    expect(config).toContain(
      "# client_secret is read from the hub's env (Secret 'hub-auth', key 'client-secret').\n" +
        'c.GenericOAuthenticator.client_secret = os.environ["HUB_AUTH_CLIENT_SECRET"]\n',
    );
    const hub = find(objs, 'Deployment', 'hub').spec.template.spec.containers.find((x: any) => x.name === 'hub');
    expect(hub.env).toContainEqual({
      name: 'HUB_AUTH_CLIENT_SECRET',
      valueFrom: { secretKeyRef: { name: SECRET_NAME, key: 'client-secret' } },
    });
    expect(load(config, secretEnv(objs)).GenericOAuthenticator.client_secret).toBe(VALUES['client-secret']);
    expect(yaml).not.toContain(VALUES['client-secret']);
    expect(find(objs, 'NetworkPolicy', 'hub').spec.egress).toContainEqual({
      ports: [
        { port: 443, protocol: 'TCP' },
        { port: 8443, protocol: 'TCP' },
      ],
    });
    // The static factory is the same class.
    expect(Authenticator.custom({ className: 'a.B', allowAll: true })).toBeInstanceOf(CustomAuthenticator);
  });
});

const refusals: Row[] = [
  // Wrong types from JavaScript
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
  // Secrets given as text
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
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

/** One hub with its proxy in a chart with a namespace, from the given Hub props. */
const oneHub =
  (props: Partial<ConstructorParameters<typeof Hub>[2]> = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    new Hub(c, 'hub', { authenticator: anyLogin(), ...props }).addIntegration(new Proxy(c, 'proxy'));
  };

const accepted: Good[] = [
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
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
