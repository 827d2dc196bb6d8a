/**
 * Secret values of a values file are never written into the chart or the report, wherever they
 * are: the chart references a Secret and the report says which to create (name and key), or the
 * report says the value is not carried over.
 */
import { importValues } from '../../lib/cli/import-command';
import { isSecretKey } from '../../lib/cli/import-convert';

const VALUES = `
proxy:
  secretToken: proxy-token-value-0001
hub:
  cookieSecret: cookie-secret-value-0002
  db:
    type: postgres
    url: postgresql://hub@db.example.org:5432/hub
    password: db-password-value-0003
  extraEnv:
    LOG_FORMAT: json
    SLACK_TOKEN: slack-token-value-0004
  services:
    grafana:
      url: http://grafana:3000
      apiToken: service-token-value-0005
  config:
    JupyterHub:
      authenticator_class: github
    GitHubOAuthenticator:
      client_id: public-client-id
      client_secret: client-secret-value-0006
      allowed_organizations: [my-org]
    LDAPAuthenticator:
      lookup_dn_search_password: ldap-password-value-0007
auth:
  github:
    clientSecret: legacy-secret-value-0008
singleuser:
  extraEnv:
    DB_PASSWORD: user-password-value-0009
imagePullSecret:
  password: registry-password-value-0010
`;

const { chart, report, plan } = importValues(VALUES, 'values.yaml', { name: 'jhub' });

test('no secret value is in the chart or the report', () => {
  const values = [...VALUES.matchAll(/: ([\w-]+-value-\d{4})$/gm)].map((m) => m[1]);
  expect(values).toHaveLength(10);
  expect(values.filter((v) => chart.includes(v) || report.includes(v))).toEqual([]);
});

test('the chart references a Secret for each secret the library takes by reference, and the report says which to create', () => {
  for (const [name, key] of [
    ['jhub-db', 'password'],
    ['jhub-hub-env', 'slack-token'],
    ['grafana-api-token', 'api-token'],
    ['jhub-oauth', 'client-secret'],
    ['jhub-user-env', 'db-password'],
  ]) {
    expect(report).toContain(`- create Secret \`${name}\` with key \`${key}\``);
    expect(chart).toContain(name);
  }
  expect(chart).toContain(
    "secretEnv: {\n    SLACK_TOKEN: {\n      secretName: 'jhub-hub-env',\n      key: 'slack-token',",
  );
  expect(chart).toContain("extraEnv: { LOG_FORMAT: 'json' }");
});

test('the secrets the import cannot reference are reported as not carried over, or refused', () => {
  const status = (key: string) => plan.outcomes.get(key)!;
  expect(status('proxy.secretToken')).toMatchObject({
    status: 'secret',
    note: expect.stringMatching(/^not carried over/),
  });
  expect(status('hub.cookieSecret')).toMatchObject({
    status: 'secret',
    note: expect.stringMatching(/^not carried over/),
  });
  expect(status('auth.github.clientSecret')).toMatchObject({
    status: 'not supported',
    reason: expect.stringMatching(/a secret value: not carried over/),
  });
  expect(status('hub.config.LDAPAuthenticator.lookup_dn_search_password').status).toMatch(/refused|not supported/);
  expect(status('imagePullSecret.password').status).toBe('refused');
});

test('a secret is a key named for a password, token or secret; where one is kept or fetched is not', () => {
  const secret = [
    'proxy.secretToken',
    'hub.cookieSecret',
    'hub.services.x.apiToken',
    'hub.config.X.client_secret',
    'hub.db.password',
    'singleuser.extraEnv.GITHUB_TOKEN',
    'hub.config.LDAPAuthenticator.lookup_dn_search_password',
  ];
  const notSecret = [
    'hub.config.GenericOAuthenticator.token_url',
    'hub.existingSecret.secretName',
    'proxy.https.secret.name',
    'hub.config.X.password_file',
    'hub.config.X.client_id',
    'singleuser.extraEnv.EDITOR',
  ];
  expect(secret.filter((k) => !isSecretKey(k))).toEqual([]);
  expect(notSecret.filter((k) => isSecretKey(k))).toEqual([]);
});
