/**
 * An authenticator written outside the library: a class extending Authenticator, using only the
 * public API (`../lib`), returns its AuthenticatorBinding from bind(); the hub writes its class and
 * traits into jupyterhub_config.py, hands its Secret keys to the hub container as env, and opens
 * its identity provider's port in the hub's NetworkPolicy.
 */
import { Chart, Testing } from 'cdk8s';
import { Authenticator, AuthenticatorBinding, ConfigTrait, Hub, Proxy } from '../lib';

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
