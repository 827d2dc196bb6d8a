import { ConfigTrait } from '../core/config-trait';
import { checkProps } from '../core/check-props';
import { checkPort, fail, show } from '../core/validate';
import { checkHost } from '../core/validate-host';
import { Authenticator } from './authenticator';
import type { AuthenticatorBinding } from './authenticator-binding';
import {
  AUTH_ENV,
  checkNames,
  refuseSecretText,
  secretFromEnv,
  SecretFromEnv,
  whoMayLogIn,
} from './authenticator-checks';
import { LdapAuthenticatorOptions, LdapLookupOptions, LdapTlsStrategy } from './ldap-authenticator-options';

const CLS = 'LDAPAuthenticator';
/** A DN: `attribute=value` pairs, printable text. */
const DN = { re: /^[^=,]+=[^=]/, fix: "must be a distinguished name such as 'ou=people,dc=example,dc=org'" };

/** The DN templates: each with `{username}` and no other braces. */
function checkTemplates(value: readonly string[] | undefined): string[] {
  const templates = checkNames('bindDnTemplates', value, 'a DN template', DN);
  for (const t of templates) {
    if (!t.includes('{username}') || /[{}]/.test(t.split('{username}').join(''))) {
      fail(
        'authenticator.bindDnTemplates',
        t,
        "must contain '{username}' and no other braces, e.g. 'uid={username},ou=people,dc=example,dc=org'",
      );
    }
  }
  return templates;
}

/** The settings of a DN lookup, and the search account's password when there is one. */
function lookupTraits(lookup: LdapLookupOptions): { traits: ConfigTrait[]; secret?: SecretFromEnv } {
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
  const traits = [
    ConfigTrait.boolean(CLS, 'lookup_dn', true),
    ConfigTrait.string(CLS, 'user_search_base', searchBase),
    ConfigTrait.string(CLS, 'user_attribute', attribute),
  ];
  if (lookup.searchUser === undefined || lookup.searchPassword === undefined) return { traits };
  const [user] = checkNames('lookupDn.searchUser', [lookup.searchUser], 'a DN', DN);
  const secret = secretFromEnv('lookupDn.searchPassword', lookup.searchPassword, AUTH_ENV.ldapSearchPassword);
  traits.push(
    ConfigTrait.string(CLS, 'lookup_dn_search_user', user).withComment(
      `The search account's password is read from the hub's env (Secret '${secret.secretName}', key '${secret.key}').`,
    ),
    ConfigTrait.fromEnv(CLS, 'lookup_dn_search_password', secret.envName),
  );
  return { traits, secret };
}

/**
 * Login with an LDAP or Active Directory account.
 *
 * LDAPAuthenticator 2: allow users by name or by LDAP group. Also made by `Authenticator.ldap(options)`.
 */
export class LdapAuthenticator extends Authenticator {
  private readonly binding: AuthenticatorBinding;

  /** @throws if there is neither a DN template nor a lookup, nothing would let anyone log in, or an option is malformed. */
  public constructor(options: LdapAuthenticatorOptions) {
    super();
    refuseSecretText('LdapAuthenticator', options?.lookupDn, ['searchPassword'], 'authenticator.lookupDn');
    checkProps('LdapAuthenticatorOptions', options, 'options');
    checkHost('authenticator.serverAddress', options.serverAddress, { wildcard: false, ip: true });
    const tls = options.tlsStrategy ?? LdapTlsStrategy.BEFORE_BIND;
    const port =
      options.serverPort === undefined ? undefined : checkPort('authenticator.serverPort', options.serverPort);
    const templates = checkTemplates(options.bindDnTemplates);
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
    const found = lookup === undefined ? { traits: [] } : lookupTraits(lookup);
    this.binding = {
      className: 'ldapauthenticator.LDAPAuthenticator',
      ...who,
      comment:
        tls === LdapTlsStrategy.INSECURE
          ? 'LDAP without TLS: passwords cross the network in clear text.'
          : `LDAP over TLS (${tls}).`,
      traits: [
        ConfigTrait.string(CLS, 'server_address', options.serverAddress),
        ...(port !== undefined ? [ConfigTrait.number(CLS, 'server_port', port)] : []),
        ConfigTrait.string(CLS, 'tls_strategy', tls),
        ...(templates.length > 0 ? [ConfigTrait.stringList(CLS, 'bind_dn_template', templates)] : []),
        ...(groups.length > 0 ? [ConfigTrait.stringList(CLS, 'allowed_groups', groups)] : []),
        ...found.traits,
      ],
      secretEnv: found.secret ? { [found.secret.envName]: found.secret.selector } : {},
      egressPorts: [port ?? (tls === LdapTlsStrategy.ON_CONNECT ? 636 : 389)],
    };
  }

  /** The LDAPAuthenticator settings, the search password's env and the LDAP server's port. */
  public bind(): AuthenticatorBinding {
    return this.binding;
  }
}
