/**
 * OpenIdConnectAuthenticator: any OpenID Connect provider through OAuthenticator's generic class:
 * its config against the pinned hub image's traits (login-harness.ts), the settings OpenID Connect
 * providers document, the bad input it refuses, naming the prop, and good input a user would
 * expect to work.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, Hub, NginxIngress, Proxy } from '../../lib';
import { authRef, chartIn, expectAccepted, expectRefused, Good, P, Row } from '../input-checks';
import { find, wire } from '../util';
import { cases, describeAuthenticator, settings } from './login-harness';

describeAuthenticator('openIdConnect');

describe('the settings that matter, as the providers document them', () => {
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
});

const oidcOptions = (o: object = {}) => ({
  clientId: 'jupyterhub',
  clientSecret: authRef('client-secret'),
  allowedUsers: ['ada'],
  authorizeUrl: 'https://sso.example.org/auth',
  tokenUrl: 'https://sso.example.org/token',
  userdataUrl: 'https://sso.example.org/userinfo',
  ...o,
});

const refusals: Row[] = [
  // Provider settings
  [
    'an OpenID Connect token URL over http (the client secret would travel in clear)',
    () => Authenticator.openIdConnect(oidcOptions({ tokenUrl: 'http://sso.example.org/token' }) as any),
    P('authenticator.tokenUrl'),
  ],
  [
    'an OpenID Connect authorize URL that is a path',
    () => Authenticator.openIdConnect(oidcOptions({ authorizeUrl: '/auth' }) as any),
    P('authenticator.authorizeUrl'),
  ],
  [
    'OpenID Connect scopes without openid',
    () => Authenticator.openIdConnect(oidcOptions({ scope: ['profile', 'email'] }) as any),
    P('authenticator.scope'),
  ],
  [
    'an OpenID Connect groups claim without groups',
    () => Authenticator.openIdConnect(oidcOptions({ groupsClaim: 'roles' }) as any),
    P('authenticator.groupsClaim'),
  ],
  [
    'a username claim with a space',
    () => Authenticator.openIdConnect(oidcOptions({ usernameClaim: 'user name' }) as any),
    P('authenticator.usernameClaim'),
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

/** A hub with `auth` behind nginx, built in a chart with a namespace. */
const loginGood =
  (auth: (c: Chart) => Authenticator, o: { hub?: object; proxy?: object; nginx?: object } = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    const h = new Hub(c, 'hub', { authenticator: auth(c), ...o.hub });
    wire(h, new Proxy(c, 'proxy', { ...o.proxy }), new NginxIngress(c, 'nginx', { ...o.nginx }));
  };
const inChart = (c: Chart, key: string) => ({ secret: kplus.Secret.fromSecretName(c, `ref-${key}`, 'hub-auth'), key });

const accepted: Good[] = [
  [
    'OpenID Connect with the callback given, behind an outer load balancer (ClusterIP)',
    loginGood(
      (c) =>
        Authenticator.openIdConnect({
          clientId: 'hub',
          clientSecret: inChart(c, 'client-secret'),
          allowAll: true,
          callbackUrl: 'https://edge.example.org/hub/oauth_callback',
          authorizeUrl: 'https://sso.example.org/auth',
          tokenUrl: 'https://sso.example.org:8443/token',
          userdataUrl: 'https://sso.example.org:8443/userinfo',
        }),
      { proxy: { serviceType: kplus.ServiceType.CLUSTER_IP } },
    ),
    (d) =>
      expect(find(d, 'NetworkPolicy', 'hub').spec.egress).toContainEqual({
        ports: [
          { port: 443, protocol: 'TCP' },
          { port: 8443, protocol: 'TCP' },
        ],
      }),
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
