/**
 * Real logins (issue 12), the harness of the authenticators' tests in test/auth/: every typed
 * authenticator's config sets only traits that exist, undeprecated and of the right type, in the
 * pinned hub image (JupyterHub 5.5, OAuthenticator 17.4, LDAPAuthenticator 2.0:
 * test/fixtures/traits-k8s-hub-4.4.0.json); its secrets reach the hub as secretKeyRef env and the
 * config reads them with os.environ, so no secret value is ever in the synthesized YAML.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, Hub, IngressTls, LdapTlsStrategy, NginxIngress, Proxy, synthesize } from '../../lib';
import { authRef } from '../input-checks';
import { find, Obj, wire } from '../util';

export const FIXTURE = path.join(__dirname, '..', 'fixtures', 'traits-k8s-hub-4.4.0.json');
export const TRAITS: { classes: { [cls: string]: { [trait: string]: { type: string; deprecated: boolean } } } } =
  JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
export const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** The Secret the user creates out of band (`kubectl create secret generic hub-auth ...`); only its name and keys are written. */
export const SECRET_NAME = 'hub-auth';
export const ref = (c: Chart, key: string): kplus.SecretValue => ({
  secret: kplus.Secret.fromSecretName(c, `ref-${key}`, SECRET_NAME),
  key,
});
/** The values the cluster would hold in that Secret: they exist only in this test process and the Python run below. */
export const VALUES: { [key: string]: string } = {
  'client-secret': 'oauth-client-secret-5f1c9a0e3b7d',
  'ldap-password': 'ldap-search-password-8e2b6d4a',
  'user-password': 'workshop-user-password-41c7',
  'admin-password': 'workshop-admin-password-with-32-or-more-characters-9d3e',
};

export interface Case {
  /** The class `c.JupyterHub.authenticator_class` names, and the configurable class its own traits are set on. */
  readonly className: string;
  readonly configClass: string;
  readonly build: (c: Chart) => Authenticator;
  /** Secret keys it reads, by the trait that holds them. */
  readonly secrets: { readonly [trait: string]: string };
  readonly oauth: boolean;
}

export const cases: { [name: string]: Case } = {
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
export function deploy(build: (c: Chart) => Authenticator): { objs: Obj[]; yaml: string; config: string } {
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
export function load(config: string, env: { [name: string]: string }): { [cls: string]: { [trait: string]: unknown } } {
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
export function fits(type: string, value: unknown): boolean {
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
export function secretEnv(objs: Obj[]): { [name: string]: string } {
  const hub = find(objs, 'Deployment', 'hub').spec.template.spec.containers.find((x: any) => x.name === 'hub');
  const out: { [name: string]: string } = {};
  for (const e of hub.env) {
    const r = e.valueFrom?.secretKeyRef;
    if (r) out[e.name] = r.name === SECRET_NAME ? VALUES[r.key] : `hub-secret:${r.key}`;
  }
  return out;
}

export function describeAuthenticator(name: string): void {
  describe(`Authenticator.${name}`, () => {
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
          else if (!fits(t.type, value))
            problems.push(`c.${cls}.${trait} is a ${t.type}, not ${JSON.stringify(value)}`);
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
}

/** The traits the config of `build` sets, as JupyterHub would load them. */
export const settings = (build: (c: Chart) => Authenticator) => {
  const { objs, config } = deploy(build);
  return load(config, secretEnv(objs));
};

/** GitHub login options (a Secret key reference for the client secret), with `o` over them. */
export const ghOptions = (o: object = {}) => ({
  clientId: 'Iv1.abc',
  clientSecret: authRef('client-secret'),
  allowedOrganizations: ['my-org'],
  ...o,
});
