import type * as kplus from 'cdk8s-plus-27';
import { AuthenticatorOptions } from './authenticator-options';
import { AUTH_ENV, AuthenticatorConfig, checkNames, secretFromEnv, whoMayLogIn } from './authenticator-config';
import { ConfigLine, comment, setting } from '../core/trait-setting';
import { checkPort, fail, show } from '../core/validate';
import { checkHost } from '../core/validate-host';

/** How the hub's LDAP connection is encrypted (LDAPAuthenticator 2's `tls_strategy`). */
export enum LdapTlsStrategy {
  /** Connect in plain text and upgrade with StartTLS before sending the password (port 389). */
  BEFORE_BIND = 'before_bind',
  /** TLS from the first byte, LDAPS (port 636). */
  ON_CONNECT = 'on_connect',
  /** No encryption: user passwords cross the network in clear text. Only for a server on the same trusted network, never over the internet. */
  INSECURE = 'insecure',
}

/**
 * How to find a user's DN by searching the directory (`lookup_dn`), for directories where the DN
 * does not contain the login name (Active Directory).
 */
export interface LdapLookupOptions {
  /** Where users are searched (`user_search_base`), e.g. `ou=people,dc=example,dc=org`. */
  readonly searchBase: string;

  /** Attribute holding the login name (`user_attribute`): `sAMAccountName` (Active Directory) or `uid` (OpenLDAP). */
  readonly userAttribute: string;

  /**
   * DN of the account the hub searches with (`lookup_dn_search_user`).
   * @default - an anonymous search
   */
  readonly searchUser?: string;

  /**
   * Password of `searchUser`: a key of a Secret in the hub's namespace, read by the hub from its env.
   * @default - none (an anonymous search)
   */
  readonly searchPassword?: kplus.SecretValue;
}

/** Options of {@link Authenticator.ldap} (LDAPAuthenticator 2). */
export interface LdapAuthenticatorOptions extends AuthenticatorOptions {
  /** Host name or IPv4 address of the LDAP server. */
  readonly serverAddress: string;

  /**
   * Port of the LDAP server.
   * @default - 636 with `LdapTlsStrategy.ON_CONNECT`, 389 otherwise
   */
  readonly serverPort?: number;

  /**
   * How the connection is encrypted.
   * @default LdapTlsStrategy.BEFORE_BIND (StartTLS, LDAPAuthenticator's default)
   */
  readonly tlsStrategy?: LdapTlsStrategy;

  /**
   * DN templates a login is tried against (`bind_dn_template`), each with `{username}`, e.g.
   * `uid={username},ou=people,dc=example,dc=org`. Give these, `lookupDn`, or both.
   * @default - none: the DN is looked up with `lookupDn`
   */
  readonly bindDnTemplates?: string[];

  /**
   * Find the user's DN with a directory search instead of (or before) the templates.
   * @default - no lookup: the DN comes from `bindDnTemplates`
   */
  readonly lookupDn?: LdapLookupOptions;

  /**
   * Let members of these LDAP groups (full DNs, e.g. `cn=jupyter,ou=groups,dc=example,dc=org`) log in.
   * LDAPAuthenticator has no admin groups: admins are `adminUsers`.
   * @default - none
   */
  readonly allowedGroups?: string[];
}

/** A DN: `attribute=value` pairs, printable text. */
const DN = { re: /^[^=,]+=[^=]/, fix: "must be a distinguished name such as 'ou=people,dc=example,dc=org'" };

/**
 * The config of {@link Authenticator.ldap}.
 * @internal
 */
export function ldapConfig(options: LdapAuthenticatorOptions): AuthenticatorConfig {
  const cls = 'LDAPAuthenticator';
  checkHost('authenticator.serverAddress', options.serverAddress, { wildcard: false, ip: true });
  const tls = options.tlsStrategy ?? LdapTlsStrategy.BEFORE_BIND;
  const port = options.serverPort === undefined ? undefined : checkPort('authenticator.serverPort', options.serverPort);
  const templates = checkNames('bindDnTemplates', options.bindDnTemplates, 'a DN template', DN);
  for (const t of templates) {
    if (!t.includes('{username}') || /[{}]/.test(t.split('{username}').join(''))) {
      fail(
        'authenticator.bindDnTemplates',
        t,
        "must contain '{username}' and no other braces, e.g. 'uid={username},ou=people,dc=example,dc=org'",
      );
    }
  }
  const lookup = options.lookupDn;
  if (templates.length === 0 && lookup === undefined) {
    fail(
      'authenticator.bindDnTemplates',
      templates,
      "is empty and there is no 'lookupDn': give a template such as 'uid={username},ou=people,dc=example,dc=org', or 'lookupDn' to search for the user's DN",
    );
  }
  const groups = checkNames('allowedGroups', options.allowedGroups, 'a group DN', DN);
  const who = whoMayLogIn(options, {
    others: groups,
    alternatives: ", 'allowedGroups'",
    everyone: 'every user of the directory',
  });
  const lines: ConfigLine[] = [
    comment(
      tls === LdapTlsStrategy.INSECURE
        ? 'LDAP without TLS: passwords cross the network in clear text.'
        : `LDAP over TLS (${tls}).`,
    ),
    setting(cls, 'server_address', options.serverAddress),
    setting(cls, 'server_port', port),
    setting(cls, 'tls_strategy', tls),
    setting(cls, 'bind_dn_template', templates.length > 0 ? templates : undefined),
    setting(cls, 'allowed_groups', groups.length > 0 ? groups : undefined),
  ];
  const env = [];
  if (lookup !== undefined) {
    const [searchBase] = checkNames('lookupDn.searchBase', [lookup.searchBase], 'a DN', DN);
    const [attribute] = checkNames('lookupDn.userAttribute', [lookup.userAttribute], 'an attribute name', {
      re: /^[A-Za-z][A-Za-z0-9-]*$/,
      fix: "must be an LDAP attribute name such as 'sAMAccountName' or 'uid'",
    });
    if (lookup.searchUser !== undefined && lookup.searchPassword === undefined) {
      fail(
        'authenticator.lookupDn.searchPassword',
        undefined,
        `is needed for 'searchUser' (${show(lookup.searchUser)}): give the search account's password as a Secret key, or remove 'searchUser' for an anonymous search`,
      );
    }
    if (lookup.searchPassword !== undefined && lookup.searchUser === undefined) {
      fail(
        'authenticator.lookupDn.searchUser',
        undefined,
        "is needed with 'searchPassword': give the search account's DN, or remove 'searchPassword' for an anonymous search",
      );
    }
    lines.push(
      setting(cls, 'lookup_dn', true),
      setting(cls, 'user_search_base', searchBase),
      setting(cls, 'user_attribute', attribute),
    );
    if (lookup.searchUser !== undefined && lookup.searchPassword !== undefined) {
      const [user] = checkNames('lookupDn.searchUser', [lookup.searchUser], 'a DN', DN);
      const secret = secretFromEnv('lookupDn.searchPassword', lookup.searchPassword, AUTH_ENV.ldapSearchPassword);
      lines.push(
        comment(
          `The search account's password is read from the hub's env (Secret '${secret.secretName}', key '${secret.key}').`,
        ),
        setting(cls, 'lookup_dn_search_user', user),
        setting(cls, 'lookup_dn_search_password', secret.value),
      );
      env.push(secret.env);
    }
  }
  const egressPorts = [port ?? (tls === LdapTlsStrategy.ON_CONNECT ? 636 : 389)];
  return { className: 'ldapauthenticator.LDAPAuthenticator', ...who, lines, env, adminGroups: false, egressPorts };
}
