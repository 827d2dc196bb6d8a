/**
 * Real logins (issue 12): every typed authenticator's config sets only traits that exist, undeprecated
 * and of the right type, in the pinned hub image (JupyterHub 5.5, OAuthenticator 17.4,
 * LDAPAuthenticator 2.0: test/fixtures/traits-k8s-hub-4.4.0.json); its secrets reach the hub as
 * secretKeyRef env and the config reads them with os.environ, so no secret value is ever in the
 * synthesized YAML; the OAuth callback URL is derived from the front door, never typed twice; and
 * the public Service takes the load balancer's settings.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Authenticator,
  CustomAuthenticator,
  ExternalTrafficPolicy,
  Hub,
  IngressTls,
  JupyterHub,
  LdapTlsStrategy,
  NginxIngress,
  NginxIngressMode,
  Proxy,
  synthesize,
} from '../lib';
import * as auth from '../lib/auth';
import { anyLogin, find, Obj, wire } from './util';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate: generateAuthenticators } = require('../scripts/gen-authenticators.js') as {
  generate: () => { [file: string]: string };
};

const FIXTURE = path.join(__dirname, 'fixtures', 'traits-k8s-hub-4.4.0.json');
const TRAITS: { classes: { [cls: string]: { [trait: string]: { type: string; deprecated: boolean } } } } = JSON.parse(
  fs.readFileSync(FIXTURE, 'utf8'),
);
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** The Secret the user creates out of band (`kubectl create secret generic hub-auth ...`); only its name and keys are written. */
const SECRET_NAME = 'hub-auth';
const ref = (c: Chart, key: string): kplus.SecretValue => ({
  secret: kplus.Secret.fromSecretName(c, `ref-${key}`, SECRET_NAME),
  key,
});
/** The values the cluster would hold in that Secret: they exist only in this test process and the Python run below. */
const VALUES: { [key: string]: string } = {
  'client-secret': 'oauth-client-secret-5f1c9a0e3b7d',
  'ldap-password': 'ldap-search-password-8e2b6d4a',
  'user-password': 'workshop-user-password-41c7',
  'admin-password': 'workshop-admin-password-with-32-or-more-characters-9d3e',
};

interface Case {
  /** The class `c.JupyterHub.authenticator_class` names, and the configurable class its own traits are set on. */
  readonly className: string;
  readonly configClass: string;
  readonly build: (c: Chart) => Authenticator;
  /** Secret keys it reads, by the trait that holds them. */
  readonly secrets: { readonly [trait: string]: string };
  readonly oauth: boolean;
}

const cases: { [name: string]: Case } = {
  github: {
    className: 'oauthenticator.github.GitHubOAuthenticator',
    configClass: 'GitHubOAuthenticator',
    build: (c) =>
      Authenticator.github({
        clientId: 'Iv1.8a61f9b3a7aba766',
        clientSecret: ref(c, 'client-secret'),
        adminUsers: ['octocat'],
        allowedUsers: ['hubot'],
        allowedOrganizations: ['my-org', 'my-org:data-science'],
        githubUrl: 'https://github.example.org',
        loginService: 'GitHub Enterprise',
      }),
    secrets: { client_secret: 'client-secret' },
    oauth: true,
  },
  google: {
    className: 'oauthenticator.google.GoogleOAuthenticator',
    configClass: 'GoogleOAuthenticator',
    build: (c) =>
      Authenticator.google({
        clientId: '123-abc.apps.googleusercontent.com',
        clientSecret: ref(c, 'client-secret'),
        hostedDomains: ['university.edu'],
        allowAll: true,
        adminUsers: ['dean'],
      }),
    secrets: { client_secret: 'client-secret' },
    oauth: true,
  },
  azureAd: {
    className: 'oauthenticator.azuread.AzureAdOAuthenticator',
    configClass: 'AzureAdOAuthenticator',
    build: (c) =>
      Authenticator.azureAd({
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        clientId: '0b1d5c3e-0000-4000-8000-000000000001',
        clientSecret: ref(c, 'client-secret'),
        allowedGroups: ['5f0a1e2b-0000-4000-8000-00000000000a'],
        adminGroups: ['5f0a1e2b-0000-4000-8000-00000000000b'],
        adminUsers: ['ops@contoso.com'],
      }),
    secrets: { client_secret: 'client-secret' },
    oauth: true,
  },
  openIdConnect: {
    className: 'oauthenticator.generic.GenericOAuthenticator',
    configClass: 'GenericOAuthenticator',
    build: (c) =>
      Authenticator.openIdConnect({
        clientId: 'jupyterhub',
        clientSecret: ref(c, 'client-secret'),
        authorizeUrl: 'https://sso.example.org/realms/lab/protocol/openid-connect/auth',
        tokenUrl: 'https://sso.example.org/realms/lab/protocol/openid-connect/token',
        userdataUrl: 'https://sso.example.org/realms/lab/protocol/openid-connect/userinfo',
        scope: ['openid', 'profile', 'email', 'groups'],
        allowedGroups: ['students'],
        adminGroups: ['teachers'],
        loginService: 'Lab SSO',
      }),
    secrets: { client_secret: 'client-secret' },
    oauth: true,
  },
  ldap: {
    className: 'ldapauthenticator.LDAPAuthenticator',
    configClass: 'LDAPAuthenticator',
    build: (c) =>
      Authenticator.ldap({
        serverAddress: 'ad.example.org',
        tlsStrategy: LdapTlsStrategy.ON_CONNECT,
        adminUsers: ['admin1'],
        lookupDn: {
          searchBase: 'ou=people,dc=example,dc=org',
          userAttribute: 'sAMAccountName',
          searchUser: 'cn=jupyterhub,ou=services,dc=example,dc=org',
          searchPassword: ref(c, 'ldap-password'),
        },
        allowedGroups: ['cn=jupyter,ou=groups,dc=example,dc=org'],
      }),
    secrets: { lookup_dn_search_password: 'ldap-password' },
    oauth: false,
  },
  sharedPassword: {
    className: 'jupyterhub.authenticators.shared.SharedPasswordAuthenticator',
    configClass: 'SharedPasswordAuthenticator',
    build: (c) =>
      Authenticator.sharedPassword({
        userPassword: ref(c, 'user-password'),
        adminPassword: ref(c, 'admin-password'),
        adminUsers: ['instructor'],
        allowAll: true,
      }),
    secrets: { user_password: 'user-password', admin_password: 'admin-password' },
    oauth: false,
  },
};

/** A hub with the authenticator behind nginx with TLS for `hub.example.org`, synthesized to files as `npm run synth` does. */
function deploy(build: (c: Chart) => Authenticator): { objs: Obj[]; yaml: string; config: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-'));
  const app = new App({ outdir });
  const c = new Chart(app, 'course', { disableResourceNameHashes: true, namespace: 'course' });
  const hub = new Hub(c, 'hub', { authenticator: build(c) });
  wire(
    hub,
    new Proxy(c, 'proxy'),
    new NginxIngress(c, 'nginx', { host: 'hub.example.org', tls: IngressTls.fromSecretName('hub-tls') }),
  );
  synthesize(app);
  const yaml = fs
    .readdirSync(outdir)
    .map((f) => fs.readFileSync(path.join(outdir, f), 'utf8'))
    .join('\n');
  fs.rmSync(outdir, { recursive: true, force: true });
  const objs = Testing.synth(c) as Obj[];
  return { objs, yaml, config: find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'] };
}

/**
 * Runs the config as JupyterHub does (`get_config()` returns the object it assigns to), with `env` as
 * the hub container's environment; returns every `c.Class.trait` value (Python sets as sorted lists).
 */
function load(config: string, env: { [name: string]: string }): { [cls: string]: { [trait: string]: unknown } } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-py-'));
  const file = path.join(dir, 'jupyterhub_config.py');
  fs.writeFileSync(file, config);
  const runner = [
    'import json, sys',
    'class Section(dict):',
    '    def __getattr__(self, k): return self[k]',
    '    def __setattr__(self, k, v): self[k] = v',
    'class Config(dict):',
    '    def __getattr__(self, k): return self.setdefault(k, Section())',
    'c = Config()',
    "exec(compile(open(sys.argv[1]).read(), sys.argv[1], 'exec'), {'get_config': lambda: c, '__name__': '__main__'})",
    'plain = lambda v: sorted(v) if isinstance(v, (set, frozenset)) else v',
    'print(json.dumps({k: {t: plain(v) for t, v in s.items()} for k, s in c.items()}))',
  ].join('\n');
  try {
    return JSON.parse(
      execFileSync(PYTHON, ['-c', runner, file], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether a loaded value fits a trait type of the fixture (as traitlets would accept it from config). */
function fits(type: string, value: unknown): boolean {
  switch (type) {
    case 'Unicode':
    case 'CUnicode':
    case 'URLPrefix':
    case 'EntryPointType':
    case 'UseEnum':
    case 'CaselessStrEnum':
    case 'Enum':
      return typeof value === 'string';
    case 'Bool':
      return typeof value === 'boolean';
    case 'Int':
    case 'Integer':
      return Number.isInteger(value);
    case 'Float':
      return typeof value === 'number';
    case 'Set':
    case 'List':
    case 'Tuple':
    case 'Command':
      return Array.isArray(value);
    case 'Dict':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true; // Union (its members are not in the fixture), Any, Callable, ByteSpecification: not checked here
  }
}

/** The env the hub container gets from Secrets, with the values the cluster would hold. */
function secretEnv(objs: Obj[]): { [name: string]: string } {
  const hub = find(objs, 'Deployment', 'hub').spec.template.spec.containers.find((x: any) => x.name === 'hub');
  const out: { [name: string]: string } = {};
  for (const e of hub.env) {
    const r = e.valueFrom?.secretKeyRef;
    if (r) out[e.name] = r.name === SECRET_NAME ? VALUES[r.key] : `hub-secret:${r.key}`;
  }
  return out;
}

test('the trait check would catch a deprecated trait or a typo (the fixture knows both)', () => {
  expect(TRAITS.classes.AzureAdOAuthenticator.user_groups_claim.deprecated).toBe(true);
  expect(TRAITS.classes.GenericOAuthenticator.claim_groups_key.deprecated).toBe(true);
  expect(TRAITS.classes.GitHubOAuthenticator.allowed_organisations).toBeUndefined();
});

describe.each(Object.keys(cases))('Authenticator.%s', (name) => {
  const k = cases[name];
  const { objs, yaml, config } = deploy(k.build);
  const loaded = load(config, secretEnv(objs));

  test('names its class, and sets only traits that exist, undeprecated and of the right type, in the pinned hub image', () => {
    expect(loaded.JupyterHub.authenticator_class).toBe(k.className);
    const problems: string[] = [];
    for (const [cls, traits] of Object.entries(loaded)) {
      for (const [trait, value] of Object.entries(traits)) {
        const t = TRAITS.classes[cls]?.[trait];
        if (!t) problems.push(`c.${cls}.${trait} does not exist`);
        else if (t.deprecated) problems.push(`c.${cls}.${trait} is deprecated`);
        else if (!fits(t.type, value)) problems.push(`c.${cls}.${trait} is a ${t.type}, not ${JSON.stringify(value)}`);
      }
    }
    expect(problems).toEqual([]);
    // The authenticator's own traits are set on its class (or the Authenticator base), never on another one.
    const authSections = Object.keys(loaded).filter((cls) => /Authenticator$/.test(cls));
    expect(authSections.filter((cls) => cls !== 'Authenticator' && cls !== k.configClass)).toEqual([]);
    expect(Object.keys(loaded[k.configClass] ?? {}).length).toBeGreaterThan(0);
  });

  test("reads every secret from the hub container's env (a secretKeyRef), so no secret value is in the synthesized YAML", () => {
    for (const [trait, key] of Object.entries(k.secrets)) {
      expect(loaded[k.configClass][trait]).toBe(VALUES[key]);
      expect(config).toMatch(new RegExp(`^c\\.${k.configClass}\\.${trait} = os\\.environ\\["HUB_[A-Z_]+"\\]$`, 'm'));
    }
    for (const value of Object.values(VALUES)) {
      expect(yaml).not.toContain(value);
      expect(config).not.toContain(value);
    }
    // Only the Secret's name and key are written, as references of the hub container.
    const refs = find(objs, 'Deployment', 'hub').spec.template.spec.containers[0].env.filter(
      (e: any) => e.valueFrom?.secretKeyRef?.name === SECRET_NAME,
    );
    expect(refs.map((e: any) => e.valueFrom.secretKeyRef.key).sort()).toEqual(Object.values(k.secrets).sort());
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test(
    k.oauth
      ? 'derives the OAuth callback URL from the front door (https, its host, the base URL)'
      : 'has no OAuth callback',
    () => {
      expect(loaded[k.configClass].oauth_callback_url).toBe(
        k.oauth ? 'https://hub.example.org/hub/oauth_callback' : undefined,
      );
    },
  );

  test('never lets everyone in unless told: allow_all is what the options say', () => {
    expect(loaded.Authenticator.allow_all).toBe(name === 'google' || name === 'sharedPassword');
  });
});

describe('the settings that matter, as the providers document them', () => {
  const settings = (build: (c: Chart) => Authenticator) => {
    const { objs, config } = deploy(build);
    return load(config, secretEnv(objs));
  };

  test('GitHub: organizations and teams allowed, with read:org so private membership counts', () => {
    const s = settings(cases.github.build).GitHubOAuthenticator;
    expect(s.allowed_organizations).toEqual(['my-org', 'my-org:data-science']);
    expect(s.scope).toEqual(['read:org']);
    expect(s.github_url).toBe('https://github.example.org');
  });

  test('Azure AD: the tenant, a unique user name claim, and groups from the ID token with JupyterHub group management on', () => {
    const s = settings(cases.azureAd.build).AzureAdOAuthenticator;
    expect(s).toMatchObject({
      tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      username_claim: 'unique_name',
      manage_groups: true,
      auth_state_groups_key: 'user.groups',
      allowed_groups: ['5f0a1e2b-0000-4000-8000-00000000000a'],
      admin_groups: ['5f0a1e2b-0000-4000-8000-00000000000b'],
    });
  });

  test('OpenID Connect: the three endpoints, OIDC scopes, preferred_username, groups from the userinfo claim', () => {
    const s = settings(cases.openIdConnect.build).GenericOAuthenticator;
    expect(s).toMatchObject({
      username_claim: 'preferred_username',
      auth_state_groups_key: 'oauth_user.groups',
      manage_groups: true,
      login_service: 'Lab SSO',
    });
    expect(s.token_url).toBe('https://sso.example.org/realms/lab/protocol/openid-connect/token');
  });

  test('Google: the hosted domain', () => {
    expect(settings(cases.google.build).GoogleOAuthenticator.hosted_domain).toEqual(['university.edu']);
  });

  test('LDAP: LDAPS, the DN looked up with a search account, allowed groups', () => {
    const s = settings(cases.ldap.build).LDAPAuthenticator;
    expect(s).toMatchObject({
      tls_strategy: 'on_connect',
      lookup_dn: true,
      user_attribute: 'sAMAccountName',
      allowed_groups: ['cn=jupyter,ou=groups,dc=example,dc=org'],
    });
    expect(s.server_port).toBeUndefined(); // LDAPAuthenticator's default for on_connect: 636
  });

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

  test('the hub may reach the identity provider (its NetworkPolicy), and only on its port', () => {
    const egress = (build: (c: Chart) => Authenticator) => find(deploy(build).objs, 'NetworkPolicy', 'hub').spec.egress;
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
      'plain HTTP (no TLS), the http callback written out (without it: refused, test/front-door/oauth-callback-tls.test.ts)',
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
      const committed = fs.readFileSync(path.join(__dirname, '..', file), 'utf8');
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

describe('the public Service (proxy-public) for a cloud load balancer', () => {
  const service = (props: object) => {
    const c = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
    wire(
      new Hub(c, 'hub', { authenticator: anyLogin() }),
      new Proxy(c, 'p', props),
      new NginxIngress(c, 'n', { host: 'myhub.westeurope.cloudapp.azure.com', tls: IngressTls.fromSecretName('t') }),
    );
    return find(Testing.synth(c) as Obj[], 'Service', 'proxy-public');
  };

  test('AKS DNS label, more annotations, source ranges, traffic policy and a static address', () => {
    const s = service({
      azureDnsLabelName: 'myhub',
      serviceAnnotations: { 'service.beta.kubernetes.io/azure-pip-tags': 'team=lab' },
      loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      loadBalancerIp: '20.50.60.70',
    });
    expect(s.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/azure-pip-tags': 'team=lab',
      'service.beta.kubernetes.io/azure-dns-label-name': 'myhub',
    });
    expect(s.spec).toMatchObject({
      type: 'LoadBalancer',
      loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
      externalTrafficPolicy: 'Local',
      loadBalancerIP: '20.50.60.70',
    });
  });

  test('none of it by default', () => {
    const s = service({});
    expect(s.metadata.annotations).toBeUndefined();
    expect(Object.keys(s.spec).sort()).toEqual(['ports', 'selector', 'type']);
  });

  test('the DNS label must be the first label of an Azure host of the front door; a host of your own domain is not tied to it', () => {
    expect(() => service({ azureDnsLabelName: 'otherhub' })).toThrow(
      /^Invalid 'host' \('myhub\.westeurope\.cloudapp\.azure\.com'\): names the Azure load balancer 'myhub', but the Proxy 'c\/p' gives its address the DNS label 'azureDnsLabelName' 'otherhub'/,
    );
    const c = new Chart(Testing.app(), 'c');
    const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
    const proxy = new Proxy(c, 'p', { azureDnsLabelName: 'myhub' });
    expect(() => wire(hub, proxy, new NginxIngress(c, 'n', { host: 'hub.example.org' }))).not.toThrow();
  });
});
