/**
 * `hub.config.<Class>.<trait>`: the authenticator (its class from
 * `hub.config.JupyterHub.authenticator_class`, its options from its traits) and the typed trait
 * props of HubTraits for the rest (the generated trait tables name each trait's prop and type).
 */
import type { TraitTable } from '../core/trait-table';
import * as authTables from '../auth/jupyterhub-authenticator-trait-table.generated';
import * as ldapTables from '../auth/ldapauthenticator-trait-table.generated';
import * as nativeTables from '../auth/nativeauthenticator-trait-table.generated';
import * as oauthTables from '../auth/oauthenticator-trait-table.generated';
import * as hubTables from '../hub/jupyterhub-trait-table.generated';
import * as spawnerTables from '../users/kubespawner-trait-table.generated';
import { OWNERS } from '../hub/hub-trait-owners';
import { data, isSecretKey, secretName, str, strings, ValueError } from './import-convert';
import { Expr } from './import-code';
import { ImportPlan, putIn } from './import-plan';
import { ValueLeaf } from './import-values';

const TABLES: TraitTable[] = [authTables, ldapTables, nativeTables, oauthTables, hubTables, spawnerTables].flatMap(
  (m) => Object.values(m) as TraitTable[],
);

/** authenticator_class (z2jh's short names and the classes) -> the factory and the class whose traits are its options. */
const AUTHENTICATORS: [RegExp, string, string][] = [
  [/^(github|oauthenticator\.(github\.)?GitHubOAuthenticator)$/, 'Authenticator.github', 'GitHubOAuthenticator'],
  [/^(google|oauthenticator\.(google\.)?GoogleOAuthenticator)$/, 'Authenticator.google', 'GoogleOAuthenticator'],
  [/^(azuread|oauthenticator\.(azuread\.)?AzureAdOAuthenticator)$/, 'Authenticator.azureAd', 'AzureAdOAuthenticator'],
  [
    /^(generic-oauth|oauthenticator\.(generic\.)?GenericOAuthenticator)$/,
    'Authenticator.openIdConnect',
    'GenericOAuthenticator',
  ],
  [/^(ldapauthenticator|ldap|ldapauthenticator\.LDAPAuthenticator)$/, 'Authenticator.ldap', 'LDAPAuthenticator'],
  [/^(native|nativeauthenticator\.NativeAuthenticator)$/, 'Authenticator.native', 'NativeAuthenticator'],
];

/** z2jh's default and dummy logins accept any password: refused, with generated shared passwords written instead. */
const DUMMY = /^(dummy|jupyterhub\.auth\.DummyAuthenticator|default)$/;

/** Traits of the authenticator class (or of `Authenticator`) that are options of the factory. */
const OPTIONS: { [trait: string]: [string, (v: unknown) => unknown] } = {
  client_id: ['clientId', str],
  oauth_callback_url: ['callbackUrl', str],
  allowed_users: ['allowedUsers', strings],
  admin_users: ['adminUsers', strings],
  allow_all: ['allowAll', (v) => v === true],
  allowed_organizations: ['allowedOrganizations', strings],
  hosted_domain: ['hostedDomains', (v) => (typeof v === 'string' ? [v] : strings(v))],
  tenant_id: ['tenantId', str],
  allowed_groups: ['allowedGroups', strings],
  admin_groups: ['adminGroups', strings],
  authorize_url: ['authorizeUrl', str],
  token_url: ['tokenUrl', str],
  userdata_url: ['userdataUrl', str],
  username_claim: ['usernameClaim', str],
  claim_groups_key: ['groupsClaim', str],
  scope: ['scope', strings],
  login_service: ['loginService', str],
  server_address: ['serverAddress', str],
  server_port: ['serverPort', (v) => v],
  bind_dn_template: ['bindDnTemplates', (v) => (typeof v === 'string' ? [v] : strings(v))],
};

/** The authenticator, from `hub.config.JupyterHub.authenticator_class`: runs before the other hub.config keys. */
export function authenticatorClass(plan: ImportPlan, leaf: ValueLeaf): void {
  const cls = str(leaf.value);
  if (DUMMY.test(cls)) {
    plan.authFactory = 'Authenticator.generatedSharedPassword';
    plan.auth.$class = 'DummyAuthenticator';
    plan.refused(
      leaf,
      'a login that takes any password: anyone who reaches the hub runs code in the cluster',
      'Authenticator.generatedSharedPassword (written in the chart): a user and an admin password generated in the cluster, Secret hub-login',
    );
    return;
  }
  const found = AUTHENTICATORS.find(([re]) => re.test(cls));
  if (!found) {
    plan.unsupported(
      leaf,
      `authenticator ${cls} is not supported by the import yet (Authenticator.custom takes any class)`,
    );
    return;
  }
  plan.authFactory = found[1];
  plan.auth.$class = found[2];
  plan.mapped(leaf, found[1]);
}

/** One `hub.config.<Class>.<trait>` leaf. */
export function hubConfig(plan: ImportPlan, leaf: ValueLeaf): void {
  const [cls, trait, ...sub] = leaf.key.split('.').slice(leaf.key.indexOf('hub.config.') === 0 ? 2 : 3);
  if (cls === 'JupyterHub' && trait === 'authenticator_class') return; // done first
  const authClass = plan.auth.$class;
  if ((cls === authClass || cls === 'Authenticator' || cls === 'OAuthenticator') && authClass !== undefined) {
    if (trait === 'client_secret') {
      plan.auth.clientSecret = plan.secret(
        leaf,
        `${plan.authFactory}`,
        secretName(plan.name, 'oauth'),
        'client-secret',
      );
      return;
    }
    const opt = OPTIONS[trait];
    if (opt && sub.length === 0) {
      plan.auth[opt[0]] = opt[1](leaf.value) as Expr;
      plan.mapped(leaf, `${plan.authFactory}`, `option ${opt[0]}`);
      return;
    }
  }
  const table = TABLES.find((t) => t.cls === cls);
  const entry = table && Object.entries(table.traits).find(([, t]) => (t as unknown as string[])[0] === trait);
  if (!table || !entry) {
    plan.unsupported(leaf, `hub.config.${cls}.${trait} is no trait the library types (put it in hub.extraConfig)`);
    return;
  }
  const [prop, [, kind]] = entry as [string, [string, string]];
  const owner = OWNERS[`${table.family}.${trait}`];
  if (owner) return plan.unsupported(leaf, `the library sets ${cls}.${trait} from ${owner}`);
  if (kind === 'refused' && isSecretKey(trait))
    return plan.refused(
      leaf,
      `a secret (${cls}.${trait}) in the hub config, which every reader of the values and the hub's ConfigMap would see`,
      cls === 'DummyAuthenticator'
        ? 'Authenticator.generatedSharedPassword (passwords made in the cluster) or Authenticator.sharedPassword with a Secret'
        : 'the typed prop of the authenticator that references a Secret',
    );
  if (kind === 'refused' || kind === 'any' || kind === 'dict' || kind === 'list')
    return plan.unsupported(leaf, `${cls}.${trait} has no typed form (${kind}); put it in hub.extraConfig`);
  const structKey = table.struct.replace(/Traits$/, '').replace(/^./, (m) => m.toLowerCase());
  const target = (plan.traits[structKey] ??= {});
  if (sub.length > 0) putIn(target, prop, sub.join('.'), str(leaf.value));
  else target[prop] = data(leaf.value);
  plan.mapped(leaf, `${table.struct}.${prop}`);
}

/** The authenticator's factory call, once every hub.config key is in. */
export function authenticatorOptions(plan: ImportPlan): { [k: string]: unknown } {
  const { $class, ...options } = plan.auth as { [k: string]: unknown };
  if ($class === undefined) return {};
  const needs: { [f: string]: string[] } = {
    'Authenticator.github': ['clientId', 'clientSecret'],
    'Authenticator.google': ['clientId', 'clientSecret'],
    'Authenticator.azureAd': ['clientId', 'clientSecret', 'tenantId'],
    'Authenticator.openIdConnect': ['clientId', 'clientSecret', 'authorizeUrl', 'tokenUrl', 'userdataUrl'],
    'Authenticator.ldap': ['serverAddress'],
  };
  const missing = (needs[plan.authFactory!] ?? []).filter((k) => options[k] === undefined);
  if (missing.length > 0) throw new ValueError(`${$class}: the values lack ${missing.join(', ')}`);
  const who = [
    'allowedUsers',
    'adminUsers',
    'allowedGroups',
    'adminGroups',
    'allowAll',
    'allowedOrganizations',
    'hostedDomains',
  ];
  if (/github|google|azureAd|openIdConnect/.test(plan.authFactory!) && !who.some((k) => options[k] !== undefined))
    options.adminUsers = ImportPlan.because(
      'the values let nobody log in (OAuthenticator 16 and later): an example admin, list your users',
      ['admin'],
    );
  if (plan.authFactory === 'Authenticator.generatedSharedPassword')
    return { adminUsers: ['admin'], ...options, allowAll: options.allowedUsers === undefined };
  return options;
}
