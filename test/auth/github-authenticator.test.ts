/**
 * GitHubAuthenticator: GitHub (or GitHub Enterprise) login through OAuthenticator, organizations
 * and teams allowed: its config against the pinned hub image's traits (login-harness.ts), the
 * settings GitHub documents, and the bad input it refuses, naming the prop.
 */
import { Authenticator } from '../../lib';
import { authRef, expectRefused, P, Row, secretRefused } from '../input-checks';
import { cases, describeAuthenticator, settings, ghOptions } from './login-harness';

describeAuthenticator('github');

describe('the settings that matter, as the providers document them', () => {
  test('GitHub: organizations and teams allowed, with read:org so private membership counts', () => {
    const s = settings(cases.github.build).GitHubOAuthenticator;
    expect(s.allowed_organizations).toEqual(['my-org', 'my-org:data-science']);
    expect(s.scope).toEqual(['read:org']);
    expect(s.github_url).toBe('https://github.example.org');
  });
});

const github =
  (o: object = {}) =>
  () =>
    Authenticator.github(ghOptions(o) as any);

const refusals: Row[] = [
  // The callback URL against the front door's host
  [
    "a callback URL that is not JupyterHub's callback path",
    github({ callbackUrl: 'https://hub.example.org/oauth/callback' }),
    P('authenticator.callbackUrl'),
  ],
  [
    'a callback URL without a scheme',
    github({ callbackUrl: 'hub.example.org/hub/oauth_callback' }),
    P('authenticator.callbackUrl'),
  ],
  [
    'a callback URL with a query',
    github({ callbackUrl: 'https://hub.example.org/hub/oauth_callback?next=/' }),
    P('authenticator.callbackUrl'),
  ],
  [
    'a callback URL with a user and password (not shown)',
    github({ callbackUrl: 'https://u:hunter2@hub.example.org/hub/oauth_callback' }),
    /^(?!.*hunter2)Invalid 'authenticator.callbackUrl'/,
  ],
  [
    'a callback URL of another scheme (ftp)',
    github({ callbackUrl: 'ftp://hub.example.org/hub/oauth_callback' }),
    P('authenticator.callbackUrl'),
  ],
  // Secrets given as text
  ['an OAuth client secret as text', github({ clientSecret: 'hunter2' }), secretRefused('authenticator.clientSecret')],
  [
    'a client secret reference without a Secret',
    github({ clientSecret: { key: 'client-secret' } }),
    P('authenticator.clientSecret'),
  ],
  [
    'a client secret key that is no Secret key',
    github({ clientSecret: authRef('client secret') }),
    P('authenticator.clientSecret.key'),
  ],
  [
    'a client secret in a Secret whose name is not a DNS subdomain',
    github({ clientSecret: authRef('k', 'Hub_Auth') }),
    P('authenticator.clientSecret.secret.name'),
  ],
  // Who may log in
  [
    'GitHub with nobody allowed (every GitHub account needs allowAll)',
    github({ allowedOrganizations: undefined }),
    /^Invalid 'authenticator.allowedUsers' \(\[\]\): is empty, and nothing else lets anyone log in: .*'allowAll: true' to let every GitHub account in/,
  ],
  // Provider settings
  ['an empty client id', github({ clientId: '' }), P('authenticator.clientId')],
  ['a client id with a space', github({ clientId: 'my app' }), P('authenticator.clientId')],
  [
    'a GitHub organization with a space',
    github({ allowedOrganizations: ['my org'] }),
    P('authenticator.allowedOrganizations'),
  ],
  [
    'a GitHub organization listed twice',
    github({ allowedOrganizations: ['a', 'a'] }),
    P('authenticator.allowedOrganizations'),
  ],
  [
    'a GitHub Enterprise URL over http',
    github({ githubUrl: 'http://github.example.org' }),
    P('authenticator.githubUrl'),
  ],
  [
    'a GitHub Enterprise URL with a path',
    github({ githubUrl: 'https://github.example.org/login' }),
    P('authenticator.githubUrl'),
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});
