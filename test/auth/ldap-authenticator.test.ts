/**
 * LdapAuthenticator: LDAP or Active Directory login through LDAPAuthenticator: its config against
 * the pinned hub image's traits (login-harness.ts), the settings LDAPAuthenticator documents, the
 * bad input it refuses, naming the prop, and good input a user would expect to work.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, Hub, LdapTlsStrategy, NginxIngress, Proxy } from '../../lib';
import { authRef, chartIn, expectAccepted, expectRefused, Good, P, Row, secretRefused } from '../input-checks';
import { find, wire } from '../util';
import { cases, describeAuthenticator, settings } from './login-harness';

describeAuthenticator('ldap');

describe('the settings that matter, as the providers document them', () => {
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
});

const ldapOptions = (o: object = {}) => ({
  serverAddress: 'ldap.example.org',
  bindDnTemplates: ['uid={username},ou=people,dc=example,dc=org'],
  allowAll: true,
  ...o,
});

const refusals: Row[] = [
  // Secrets given as text
  [
    'an LDAP search password as text',
    () =>
      Authenticator.ldap(
        ldapOptions({
          lookupDn: {
            searchBase: 'dc=example,dc=org',
            userAttribute: 'uid',
            searchUser: 'cn=hub,dc=example,dc=org',
            searchPassword: 'hunter2',
          },
        }) as any,
      ),
    secretRefused('authenticator.lookupDn.searchPassword'),
  ],
  // Who may log in
  [
    'LDAP with nobody allowed',
    () => Authenticator.ldap(ldapOptions({ allowAll: undefined })),
    P('authenticator.allowedUsers'),
  ],
  // Provider settings
  [
    'LDAP without a DN template and without a lookup',
    () => Authenticator.ldap(ldapOptions({ bindDnTemplates: [] })),
    P('authenticator.bindDnTemplates'),
  ],
  [
    'an LDAP DN template without {username}',
    () => Authenticator.ldap(ldapOptions({ bindDnTemplates: ['uid=admin,dc=example,dc=org'] })),
    P('authenticator.bindDnTemplates'),
  ],
  [
    'an LDAP DN template with another placeholder ({uid})',
    () => Authenticator.ldap(ldapOptions({ bindDnTemplates: ['uid={username},ou={uid},dc=org'] })),
    P('authenticator.bindDnTemplates'),
  ],
  [
    'an LDAP search user without its password',
    () =>
      Authenticator.ldap(
        ldapOptions({
          lookupDn: { searchBase: 'dc=example,dc=org', userAttribute: 'uid', searchUser: 'cn=hub,dc=example,dc=org' },
        }),
      ),
    P('authenticator.lookupDn.searchPassword'),
  ],
  [
    'an LDAP search password without its user',
    () =>
      Authenticator.ldap(
        ldapOptions({
          lookupDn: { searchBase: 'dc=example,dc=org', userAttribute: 'uid', searchPassword: authRef('ldap') },
        }),
      ),
    P('authenticator.lookupDn.searchUser'),
  ],
  [
    'an LDAP user attribute that is no attribute name',
    () => Authenticator.ldap(ldapOptions({ lookupDn: { searchBase: 'dc=example,dc=org', userAttribute: 'uid=' } })),
    P('authenticator.lookupDn.userAttribute'),
  ],
  [
    'an LDAP server given as a URL',
    () => Authenticator.ldap(ldapOptions({ serverAddress: 'ldaps://ldap.example.org' })),
    P('authenticator.serverAddress'),
  ],
  ['an LDAP server port 0', () => Authenticator.ldap(ldapOptions({ serverPort: 0 })), P('authenticator.serverPort')],
  [
    "an LDAP TLS strategy that does not exist ('ssl')",
    () => Authenticator.ldap(ldapOptions({ tlsStrategy: 'ssl' }) as any),
    P('options.tlsStrategy'),
  ],
  [
    'an LDAP group that is not a DN',
    () => Authenticator.ldap(ldapOptions({ allowedGroups: ['jupyter'] })),
    P('authenticator.allowedGroups'),
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
    'LDAP (Active Directory) with a search account, LDAPS',
    loginGood((c) =>
      Authenticator.ldap({
        serverAddress: 'ad.example.org',
        tlsStrategy: LdapTlsStrategy.ON_CONNECT,
        allowedGroups: ['cn=jupyter,ou=groups,dc=example,dc=org'],
        lookupDn: {
          searchBase: 'ou=people,dc=example,dc=org',
          userAttribute: 'sAMAccountName',
          searchUser: 'cn=hub,dc=example,dc=org',
          searchPassword: inChart(c, 'ldap-password'),
        },
      }),
    ),
    (d) =>
      expect(find(d, 'NetworkPolicy', 'hub').spec.egress).toContainEqual({ ports: [{ port: 636, protocol: 'TCP' }] }),
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
