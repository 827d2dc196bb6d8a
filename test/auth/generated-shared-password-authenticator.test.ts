/**
 * Issue 20, item 1: a typed way for a chart to ask for a generated login Secret.
 * `Authenticator.generatedSharedPassword()` is JupyterHub 5's shared-password login whose
 * passwords the hub's `secret-init` container makes in the cluster (the same script that makes
 * `hub-secret`): the authenticator's binding lists the Secret (`generatedSecrets`), the hub adds it
 * to `secret_init.py` and to the Secrets no integration may generate again, and reads the keys
 * into its env. No value is ever in the synthesized objects.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Authenticator,
  AuthenticatorBinding,
  GeneratedSharedPasswordAuthenticator,
  Hub,
  HubSecret,
  HubService,
  Proxy,
} from '../../lib';
import { container, find, Obj } from '../util';

/** A hub in namespace `course` with the authenticator, behind a LoadBalancer proxy. */
function deploy(authenticator: Authenticator, secret?: HubSecret): { objs: Obj[]; hub: Hub; c: Chart } {
  const c = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true, namespace: 'course' });
  const hub = new Hub(c, 'hub', { authenticator, secret });
  hub.addIntegration(new Proxy(c, 'proxy', { serviceType: kplus.ServiceType.LOAD_BALANCER }));
  return { objs: Testing.synth(c) as Obj[], hub, c };
}

/** The Secrets secret_init.py creates, as it lists them. */
function initSecrets(objs: Obj[]): { name: string; keys: string[] }[] {
  const script: string = find(objs, 'ConfigMap', 'hub-config').data['secret_init.py'];
  const m = /^SECRETS = (\[.*\])$/m.exec(script);
  if (!m) throw new Error('no SECRETS in secret_init.py');
  return JSON.parse(m[1].replace(/\bNone\b/g, 'null')).map((s: any) => ({ name: s.name, keys: s.keys }));
}

describe('Authenticator.generatedSharedPassword()', () => {
  test("makes Secret hub-login with the users' and the admins' password in secret-init, next to hub-secret", () => {
    const { objs, hub } = deploy(Authenticator.generatedSharedPassword({ adminUsers: ['instructor'], allowAll: true }));
    expect(initSecrets(objs)).toEqual([
      { name: 'hub-secret', keys: ['proxy.token', 'hub.cookie-secret'] },
      { name: 'hub-login', keys: ['user-password', 'admin-password'] },
    ]);
    expect(hub.config).toContain(
      'c.JupyterHub.authenticator_class = "jupyterhub.authenticators.shared.SharedPasswordAuthenticator"',
    );
    expect(hub.config).toContain(
      'c.SharedPasswordAuthenticator.user_password = os.environ["HUB_SHARED_USER_PASSWORD"]',
    );
    expect(hub.config).toContain(
      'c.SharedPasswordAuthenticator.admin_password = os.environ["HUB_SHARED_ADMIN_PASSWORD"]',
    );
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test("without admins there is no admin password: only the users' is generated", () => {
    const { objs, hub } = deploy(Authenticator.generatedSharedPassword({ allowAll: true }));
    expect(initSecrets(objs)).toContainEqual({ name: 'hub-login', keys: ['user-password'] });
    expect(hub.config).not.toContain('admin_password');
    expect(container(find(objs, 'Deployment', 'hub'), 'hub').env.map((e: any) => e.name)).not.toContain(
      'HUB_SHARED_ADMIN_PASSWORD',
    );
  });

  test('a Secret name of its own (two hubs of a namespace each need one), and the keys by name', () => {
    const login = new GeneratedSharedPasswordAuthenticator({ secretName: 'physics-login', adminUsers: ['prof'] });
    expect([login.secretName, login.keys]).toEqual(['physics-login', ['user-password', 'admin-password']]);
    expect([
      GeneratedSharedPasswordAuthenticator.USER_PASSWORD_KEY,
      GeneratedSharedPasswordAuthenticator.ADMIN_PASSWORD_KEY,
    ]).toEqual(['user-password', 'admin-password']);
    const { objs } = deploy(login);
    expect(initSecrets(objs).map((s) => s.name)).toEqual(['hub-secret', 'physics-login']);
  });

  test("the secret-init Role is made for the login Secret also when the hub's own Secret is yours", () => {
    const { objs } = deploy(
      Authenticator.generatedSharedPassword({ allowAll: true }),
      HubSecret.fromSecretName('my-hub-secret'),
    );
    expect(initSecrets(objs)).toEqual([{ name: 'hub-login', keys: ['user-password'] }]);
    expect(find(objs, 'Role', 'hub-secret-init').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    ]);
    expect(container(find(objs, 'Deployment', 'hub'), 'secret-init')).toBeDefined();
  });

  test.each([
    [
      'nobody would be let in',
      () => Authenticator.generatedSharedPassword({}),
      /^Invalid 'authenticator\.allowedUsers' \(\[\]\): is empty, and nothing else lets anyone log in/,
    ],
    [
      'a Secret name that is no DNS name',
      () => Authenticator.generatedSharedPassword({ secretName: 'Hub_Login', allowAll: true }),
      /^Invalid 'authenticator\.secretName' \('Hub_Login'\): must be a DNS-1123 subdomain/,
    ],
    [
      "the hub's own Secret as the login Secret",
      () => deploy(Authenticator.generatedSharedPassword({ secretName: 'hub-secret', allowAll: true })),
      /^Invalid 'authenticator\.secretName' \('hub-secret'\): is the hub's own Secret \(the proxy token and cookie secret, 'secret'\): give the login Secret another name, e\.g\. 'hub-login'$/,
    ],
    [
      'an integration that generates the login Secret again',
      () => {
        const c = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
        const hub = new Hub(c, 'hub', { authenticator: Authenticator.generatedSharedPassword({ allowAll: true }) });
        hub.addIntegration(new HubService(c, 'svc', { name: 'reports', tokenSecretName: 'hub-login' }));
      },
      /^Invalid 'integrations' \('hub-login'\): is a Secret the hub already generates/,
    ],
  ])('%s is an error', (_what, build, message) => {
    expect(build).toThrow(message);
  });
});

describe("an authenticator's own generated Secrets (AuthenticatorBinding.generatedSecrets), checked as untrusted input", () => {
  class WithSecrets extends Authenticator {
    public constructor(private readonly generated: unknown) {
      super();
    }
    public bind(): AuthenticatorBinding {
      return { className: 'my.Auth', allowAll: true, generatedSecrets: this.generated as never };
    }
  }
  test.each([
    [[{ name: 'Bad_Name', keys: ['k'] }], /^Invalid 'authenticator\.generatedSecrets\[0\]\.name' \('Bad_Name'\)/],
    [
      [{ name: 'ok', keys: [] }],
      /^Invalid 'authenticator\.generatedSecrets\[0\]\.keys' \(\[\]\): must list at least one key/,
    ],
    [
      [{ name: 'ok', keys: ['a', 'a'] }],
      /^Invalid 'authenticator\.generatedSecrets\[0\]\.keys' \(\["a","a"\]\): lists a key twice/,
    ],
    [
      [
        { name: 'ok', keys: ['a'] },
        { name: 'ok', keys: ['b'] },
      ],
      /^Invalid 'authenticator\.generatedSecrets\[1\]\.name' \('ok'\): is generated twice/,
    ],
    [
      'not a list',
      /^Invalid 'authenticator\.generatedSecrets' \('not a list'\): must be a list of Secrets to generate/,
    ],
  ])('%j is an error', (generated, message) => {
    expect(() => new Hub(new Chart(Testing.app(), 'c'), 'hub', { authenticator: new WithSecrets(generated) })).toThrow(
      message,
    );
  });
});
