/**
 * AzureAdAuthenticator: Azure AD (Entra ID) login through OAuthenticator, for one tenant, with
 * groups: its config against the pinned hub image's traits (login-harness.ts), the settings Azure
 * AD documents, the bad input it refuses, naming the prop, and good input a user would expect to
 * work.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, Hub, IngressTls, NginxIngress, NginxIngressMode, Proxy } from '../../lib';
import {
  authRef,
  chartIn,
  expectAccepted,
  expectRefused,
  Good,
  hubConfig,
  P,
  Row,
  secretRefused,
} from '../input-checks';
import { wire } from '../util';
import { cases, describeAuthenticator, settings } from './login-harness';

describeAuthenticator('azureAd');

describe('the settings that matter, as the providers document them', () => {
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
});

const refusals: Row[] = [
  // Secrets given as text
  [
    'an Azure AD client secret as text',
    () =>
      Authenticator.azureAd({
        tenantId: 'contoso.onmicrosoft.com',
        clientId: 'x',
        clientSecret: 'hunter2',
        allowAll: true,
      } as any),
    secretRefused('authenticator.clientSecret'),
  ],
  // Who may log in
  [
    'Azure AD with nobody allowed',
    () => Authenticator.azureAd({ tenantId: 'contoso.onmicrosoft.com', clientId: 'x', clientSecret: authRef('s') }),
    P('authenticator.allowedUsers'),
  ],
  // Provider settings
  [
    'an Azure AD tenant that is the multi-tenant alias common',
    () => Authenticator.azureAd({ tenantId: 'common', clientId: 'x', clientSecret: authRef('s'), allowAll: true }),
    /^Invalid 'authenticator.tenantId' \('common'\): is a multi-tenant alias/,
  ],
  [
    'an Azure AD tenant that is neither a GUID nor a domain',
    () => Authenticator.azureAd({ tenantId: 'Contoso Ltd', clientId: 'x', clientSecret: authRef('s'), allowAll: true }),
    P('authenticator.tenantId'),
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
    'Azure AD with groups behind an Ingress with cert-manager, at /jupyter/',
    loginGood(
      (c) =>
        Authenticator.azureAd({
          tenantId: 'contoso.onmicrosoft.com',
          clientId: 'id',
          clientSecret: inChart(c, 'client-secret'),
          allowedGroups: ['g1'],
          adminGroups: ['g2'],
        }),
      {
        hub: { baseUrl: '/jupyter/' },
        proxy: { serviceType: kplus.ServiceType.CLUSTER_IP },
        nginx: {
          mode: NginxIngressMode.INGRESS_RESOURCE,
          host: 'lab.example.org',
          tls: IngressTls.certManager('letsencrypt'),
        },
      },
    ),
    (d) =>
      expect(hubConfig(d)).toContain(
        'c.AzureAdOAuthenticator.oauth_callback_url = "https://lab.example.org/jupyter/hub/oauth_callback"',
      ),
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
