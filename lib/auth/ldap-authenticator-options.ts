import type * as kplus from 'cdk8s-plus-27';
import type { AuthenticatorOptions } from './authenticator-options';

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

/** Options of {@link LdapAuthenticator} and `Authenticator.ldap()` (LDAPAuthenticator 2). */
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
