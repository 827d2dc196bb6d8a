/**
 * Authenticator, what every login shares: the hub must be given one (the error names every class
 * lib/auth exports); the OAuth callback URL is derived from the hub's public URL, which its front
 * door knows (never typed twice); the hub's NetworkPolicy opens the identity provider's port; and
 * an authenticator written outside the library (a class extending Authenticator, using only the
 * public API, `../../lib`) returns its AuthenticatorBinding from bind(): the hub writes its class
 * and traits into jupyterhub_config.py, hands its Secret keys to the hub container as env, and
 * opens its identity provider's port. Each authenticator class has its test file beside this one.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Authenticator,
  AuthenticatorBinding,
  ConfigTrait,
  Hub,
  IngressTls,
  JupyterHub,
  LdapTlsStrategy,
  NginxIngress,
  NginxIngressMode,
  Proxy,
} from '../../lib';
import * as auth from '../../lib/auth';
import { app, chartIn, expectAccepted, expectRefused, Good, hubConfig, P, Row } from '../input-checks';
import { anyLogin, find as findObject, wire } from '../util';
import { cases, deploy, ghOptions, ref, TRAITS } from './login-harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate: generateAuthenticators } = require('../../scripts/gen-authenticators.js') as {
  generate: () => { [file: string]: string };
};

/** GitLab login, as a user of the library would write it. */
class GitLabAuthenticator extends Authenticator {
  public constructor(private readonly secretName: string) {
    super();
  }

  public bind(): AuthenticatorBinding {
    return {
      className: 'oauthenticator.gitlab.GitLabOAuthenticator',
      adminUsers: ['ada'],
      allowedUsers: ['grace'],
      comment: 'GitLab login, written outside the library.',
      traits: [
        ConfigTrait.string('GitLabOAuthenticator', 'client_id', 'my-app'),
        ConfigTrait.fromEnv('GitLabOAuthenticator', 'client_secret', 'GITLAB_CLIENT_SECRET').withComment(
          'The client secret comes from the hub env.',
        ),
        ConfigTrait.stringSet('GitLabOAuthenticator', 'allowed_gitlab_groups', ['physics', 'chemistry']),
      ],
      secretEnv: { GITLAB_CLIENT_SECRET: { name: this.secretName, key: 'client-secret' } },
      egressPorts: [443, 8443],
      oauth: { configClass: 'GitLabOAuthenticator', callbackUrl: 'https://hub.example.org/hub/oauth_callback' },
    };
  }
}

type Obj = { kind: string; metadata: { name: string }; spec?: any; data?: any };

function synth(authenticator: Authenticator) {
  const c = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
  const hub = new Hub(c, 'hub', { authenticator });
  hub.addIntegration(new Proxy(c, 'proxy'));
  const objects = Testing.synth(c) as Obj[];
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as Obj;
  return { config: hub.config, find };
}

describe('an authenticator class written outside the library', () => {
  test('the hub writes its class and traits, and reads its secret from the env', () => {
    const { config, find } = synth(new GitLabAuthenticator('gitlab-oauth'));
    const lines = config.split('\n');
    const start = lines.indexOf('c.JupyterHub.authenticator_class = "oauthenticator.gitlab.GitLabOAuthenticator"');
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start, start + 10)).toEqual([
      'c.JupyterHub.authenticator_class = "oauthenticator.gitlab.GitLabOAuthenticator"',
      'c.Authenticator.admin_users = {"ada"}',
      'c.Authenticator.allowed_users = {"grace"}',
      'c.Authenticator.allow_all = False',
      '# GitLab login, written outside the library.',
      'c.GitLabOAuthenticator.client_id = "my-app"',
      '# The client secret comes from the hub env.',
      'c.GitLabOAuthenticator.client_secret = os.environ["GITLAB_CLIENT_SECRET"]',
      'c.GitLabOAuthenticator.allowed_gitlab_groups = {"chemistry", "physics"}',
      'c.GitLabOAuthenticator.oauth_callback_url = "https://hub.example.org/hub/oauth_callback"',
    ]);
    const container = find('Deployment', 'hub').spec.template.spec.containers.find((x: any) => x.name === 'hub');
    expect(container.env).toContainEqual({
      name: 'GITLAB_CLIENT_SECRET',
      valueFrom: { secretKeyRef: { name: 'gitlab-oauth', key: 'client-secret' } },
    });
    const egress = find('NetworkPolicy', 'hub').spec.egress;
    expect(egress).toContainEqual({
      ports: [
        { port: 443, protocol: 'TCP' },
        { port: 8443, protocol: 'TCP' },
      ],
    });
    expect(new GitLabAuthenticator('gitlab-oauth').adminUsers).toEqual(['ada']);
  });

  test('what bind() returns is checked like any input', () => {
    class Broken extends Authenticator {
      public constructor(private readonly binding: object) {
        super();
      }
      public bind(): AuthenticatorBinding {
        return this.binding as AuthenticatorBinding;
      }
    }
    const hubWith = (binding: object) => () => synth(new Broken({ className: 'a.B', allowAll: true, ...binding }));
    expect(hubWith({})).not.toThrow();
    expect(hubWith({ className: 'not a class' })).toThrow(/^Invalid 'authenticator.className' \('not a class'\)/);
    expect(hubWith({ traits: ['c.A.b = 1'] })).toThrow(/^Invalid 'authenticator.traits\[0\]' .*must be a ConfigTrait/);
    expect(hubWith({ comment: 'one\nimport os' })).toThrow(/^Invalid 'authenticator.comment' .*must be one line/);
    expect(hubWith({ secretEnv: { X: { name: 'Bad_Name', key: 'k' } } })).toThrow(
      /^Invalid 'authenticator.secretEnv\['X'\].name' \('Bad_Name'\)/,
    );
    expect(hubWith({ secretEnv: { JPY_COOKIE_SECRET: { name: 's', key: 'k' } } })).toThrow(
      /^Invalid 'authenticator.secretEnv' \('JPY_COOKIE_SECRET'\): is an env var the hub container already has/,
    );
    expect(hubWith({ egressPorts: [70000] })).toThrow(/^Invalid 'authenticator.egressPorts' \(70000\)/);
    expect(hubWith({ traits: [ConfigTrait.boolean('Authenticator', 'allow_all', true)] })).toThrow(
      /^Invalid 'authenticator.traits' \('Authenticator.allow_all'\): is a trait the hub or the authenticator already sets/,
    );
  });
});

test('the trait check would catch a deprecated trait or a typo (the fixture knows both)', () => {
  expect(TRAITS.classes.AzureAdOAuthenticator.user_groups_claim.deprecated).toBe(true);
  expect(TRAITS.classes.GenericOAuthenticator.claim_groups_key.deprecated).toBe(true);
  expect(TRAITS.classes.GitHubOAuthenticator.allowed_organisations).toBeUndefined();
});

describe('the settings that matter, as the providers document them', () => {
  test('the hub may reach the identity provider (its NetworkPolicy), and only on its port', () => {
    const egress = (build: (c: Chart) => Authenticator) =>
      findObject(deploy(build).objs, 'NetworkPolicy', 'hub').spec.egress;
    expect(egress(cases.ldap.build)).toContainEqual({ ports: [{ port: 636, protocol: 'TCP' }] });
    expect(egress(cases.github.build)).toContainEqual({ ports: [{ port: 443, protocol: 'TCP' }] });
    expect(
      egress(() =>
        Authenticator.ldap({
          serverAddress: '10.0.0.9',
          serverPort: 3890,
          bindDnTemplates: ['uid={username},dc=lab'],
          allowAll: true,
          tlsStrategy: LdapTlsStrategy.INSECURE,
        }),
      ),
    ).toContainEqual({ ports: [{ port: 3890, protocol: 'TCP' }] });
    // The shared password is checked by the hub itself: no rule beyond a demo hub's.
    expect(egress(cases.sharedPassword.build)).toEqual(egress(() => anyLogin()));
  });
});

describe("the OAuth callback URL: derived from the hub's public URL, which its front door knows (never typed twice)", () => {
  const gh = (c: Chart, callbackUrl?: string) =>
    Authenticator.github({ clientId: 'x', clientSecret: ref(c, 'client-secret'), allowAll: true, callbackUrl });
  /** The callback written into the config. */
  const callback = (build: (c: Chart) => void) => {
    const c = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
    build(c);
    Testing.synth(c);
    const hub = c.node.findAll().find((x) => x instanceof Hub) as Hub;
    return /^c\.GitHubOAuthenticator\.oauth_callback_url = "(.*)"$/m.exec(hub.config)?.[1];
  };
  const hubWith = (c: Chart, props: object = {}, callbackUrl?: string) =>
    new Hub(c, 'hub', { authenticator: gh(c, callbackUrl), ...props });

  test.each<[string, (c: Chart) => void, string]>([
    [
      'nginx with TLS on a load balancer',
      (c) => {
        wire(
          hubWith(c),
          new Proxy(c, 'p'),
          new NginxIngress(c, 'n', { host: 'hub.example.org', tls: IngressTls.fromSecretName('t') }),
        );
      },
      'https://hub.example.org/hub/oauth_callback',
    ],
    [
      'plain HTTP (no TLS), the http callback written out (without it: refused, test/hub/oauth-callback-tls.test.ts)',
      (c) => {
        wire(
          hubWith(c, {}, 'http://hub.example.org/hub/oauth_callback'),
          new Proxy(c, 'p'),
          new NginxIngress(c, 'n', { host: 'hub.example.org' }),
        );
      },
      'http://hub.example.org/hub/oauth_callback',
    ],
    [
      'a base URL',
      (c) => {
        wire(
          hubWith(c, { baseUrl: '/jupyter/' }),
          new Proxy(c, 'p'),
          new NginxIngress(c, 'n', { host: 'hub.example.org', tls: IngressTls.fromSecretName('t') }),
        );
      },
      'https://hub.example.org/jupyter/hub/oauth_callback',
    ],
    [
      'an HTTPS port that is not 443',
      (c) => {
        wire(
          hubWith(c),
          new Proxy(c, 'p'),
          new NginxIngress(c, 'n', { host: 'hub.example.org', tls: IngressTls.fromSecretName('t'), httpsPort: 8443 }),
        );
      },
      'https://hub.example.org:8443/hub/oauth_callback',
    ],
    [
      'a NodePort Service with fixed node ports: the node port',
      (c) => {
        wire(
          hubWith(c),
          new Proxy(c, 'p', { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 30080 }),
          new NginxIngress(c, 'n', {
            host: 'lab.example.org',
            tls: IngressTls.fromSecretName('t'),
            httpsNodePort: 30443,
          }),
        );
      },
      'https://lab.example.org:30443/hub/oauth_callback',
    ],
    [
      "an Ingress for the cluster's controller",
      (c) => {
        wire(
          hubWith(c),
          new Proxy(c, 'p', { serviceType: kplus.ServiceType.CLUSTER_IP }),
          new NginxIngress(c, 'n', {
            mode: NginxIngressMode.INGRESS_RESOURCE,
            host: 'hub.example.org',
            tls: IngressTls.certManager('letsencrypt'),
          }),
        );
      },
      'https://hub.example.org/hub/oauth_callback',
    ],
    [
      'given explicitly, with no host known (ClusterIP behind an outer load balancer)',
      (c) => {
        wire(
          hubWith(c, {}, 'https://edge.example.org/hub/oauth_callback'),
          new Proxy(c, 'p', { serviceType: kplus.ServiceType.CLUSTER_IP }),
          new NginxIngress(c, 'n'),
        );
      },
      'https://edge.example.org/hub/oauth_callback',
    ],
    [
      'given explicitly and derived, the same (case and default port aside)',
      (c) => {
        const hub = hubWith(c, {}, 'https://HUB.example.org:443/hub/oauth_callback');
        wire(
          hub,
          new Proxy(c, 'p'),
          new NginxIngress(c, 'n', { host: 'hub.example.org', tls: IngressTls.fromSecretName('t') }),
        );
      },
      'https://hub.example.org/hub/oauth_callback',
    ],
  ])('%s', (_what, build, expected) => {
    expect(callback(build)).toBe(expected);
  });

  test('JupyterHub (one hub per course) derives it from its front door options', () => {
    const c = new Chart(Testing.app(), 'c');
    const jh = new JupyterHub(c, 'physics', {
      hub: { authenticator: gh(c) },
      frontDoorOptions: { host: 'physics.example.org', tls: IngressTls.fromSecretName('physics-tls') },
    });
    Testing.synth(c);
    expect(jh.hub.config).toContain(
      'c.GitHubOAuthenticator.oauth_callback_url = "https://physics.example.org/hub/oauth_callback"',
    );
  });

  test('a wildcard host gives no public URL: the callback must then be given', () => {
    const c = new Chart(Testing.app(), 'c');
    wire(hubWith(c), new Proxy(c, 'p'), new NginxIngress(c, 'n', { host: '*.example.org' }));
    expect(() => Testing.synth(c)).toThrow(
      /Invalid 'authenticator.callbackUrl' \(undefined\): Hub 'c\/hub' has an OAuth authenticator but no public URL/,
    );
  });

  test('authenticators without OAuth need no public URL', () => {
    const c = new Chart(Testing.app(), 'c');
    new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(
      new Proxy(c, 'p', { serviceType: kplus.ServiceType.CLUSTER_IP }),
    );
    expect(() => Testing.synth(c)).not.toThrow();
  });
});

describe('a Hub must be given an authenticator', () => {
  test('without one it names every authenticator class exported by lib/auth (the dummy one for demos only)', () => {
    const classes = Object.entries(auth)
      .filter(([, v]) => typeof v === 'function' && v.prototype instanceof Authenticator)
      .map(([name]) => name);
    expect(classes).toContain('GitHubAuthenticator');
    const c = new Chart(Testing.app(), 'c');
    for (const build of [
      () => new (Hub as any)(c, 'a'),
      () => new Hub(c, 'b', {} as any),
      () => new JupyterHub(c, 'j', { hub: {} } as any),
    ]) {
      expect(build).toThrow(
        /^Invalid '(hub\.)?authenticator' \(undefined\): is required: it says who may log in\. Choose one of the classes extending Authenticator: /,
      );
      let message = '';
      try {
        build();
      } catch (e) {
        message = (e as Error).message;
      }
      const named = [...message.matchAll(/\b(\w+Authenticator) \(/g)].map((m) => m[1]);
      expect(named.sort()).toEqual([...classes].sort());
      expect(message).toMatch(/DummyAuthenticator \(any password logs in: for demos and tests only\)/);
    }
  });

  test('the registry of authenticator classes is up to date (else: run npm run gen)', () => {
    for (const [file, text] of Object.entries(generateAuthenticators())) {
      const committed = fs.readFileSync(path.join(__dirname, '..', '..', file), 'utf8');
      if (committed !== text) throw new Error(`${file} is stale: run npm run gen`);
    }
  });

  test('the dummy authenticator lets every name in only when told (allowAll), as the demo charts do', () => {
    const render = (a: Authenticator) => {
      const c = new Chart(Testing.app(), 'c');
      const hub = new Hub(c, 'hub', { authenticator: a });
      hub.addIntegration(new Proxy(c, 'p'));
      Testing.synth(c);
      return hub.config;
    };
    expect(render(Authenticator.dummy())).toContain('c.Authenticator.allow_all = False');
    expect(render(Authenticator.dummy({ allowAll: true }))).toContain('c.Authenticator.allow_all = True');
  });
});

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

const refusals: Row[] = [
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
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
