/**
 * GoogleAuthenticator: Google login through OAuthenticator, by hosted domain: its config against
 * the pinned hub image's traits (login-harness.ts), the settings Google documents, and the bad
 * input it refuses, naming the prop.
 */
import { Authenticator } from '../../lib';
import { authRef, expectRefused, P, Row } from '../input-checks';
import { cases, describeAuthenticator, settings } from './login-harness';

describeAuthenticator('google');

describe('the settings that matter, as the providers document them', () => {
  test('Google: the hosted domain', () => {
    expect(settings(cases.google.build).GoogleOAuthenticator.hosted_domain).toEqual(['university.edu']);
  });
});

const refusals: Row[] = [
  // Who may log in
  [
    'Google with only a hosted domain (it restricts, it does not allow)',
    () => Authenticator.google({ clientId: 'x', clientSecret: authRef('s'), hostedDomains: ['example.edu'] }),
    /^Invalid 'authenticator.allowedUsers' .*every account of example\.edu/,
  ],
  // Provider settings
  [
    'a Google hosted domain in upper case',
    () =>
      Authenticator.google({
        clientId: 'x',
        clientSecret: authRef('s'),
        hostedDomains: ['Example.edu'],
        allowAll: true,
      }),
    P('authenticator.hostedDomains'),
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});
