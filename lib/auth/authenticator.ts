import { AuthenticatorOptions } from './authenticator-options';
import { checkProps } from '../core/check-props';
import { AuthenticatorConfig, refuseSecretText } from './authenticator-config';
import { comment, ConfigLine, setting } from '../core/trait-setting';
import { fail } from '../core/validate';
import { LdapAuthenticatorOptions, ldapConfig } from './ldap-authenticator';
import {
  AzureAdAuthenticatorOptions,
  azureAdConfig,
  GitHubAuthenticatorOptions,
  gitHubConfig,
  GoogleAuthenticatorOptions,
  googleConfig,
  OpenIdConnectAuthenticatorOptions,
  openIdConnectConfig,
} from './oauth-authenticator';
import { SharedPasswordAuthenticatorOptions, sharedPasswordConfig } from './shared-password-authenticator';

/**
 * Options of the dummy authenticator. It accepts any password: for demos and tests only
 * (JupyterHub 5 deprecated its shared `password`).
 */
export interface DummyAuthenticatorOptions extends AuthenticatorOptions {}

/** Options of the native authenticator (`jupyterhub-nativeauthenticator`, shipped in the hub image). */
export interface NativeAuthenticatorOptions extends AuthenticatorOptions {}

/**
 * An authenticator class the library has no typed factory for, with its traits as typed maps.
 * Values are written as Python literals (never code); secrets do not belong here (they would be
 * in the hub's ConfigMap).
 */
export interface CustomAuthenticatorOptions extends AuthenticatorOptions {
  /** Import path of the authenticator class (`c.JupyterHub.authenticator_class`), e.g. `oauthenticator.generic.GenericOAuthenticator`. */
  readonly className: string;

  /**
   * The configurable class the traits below are set on (`c.<configClass>.<trait>`).
   * @default - the last part of `className`
   */
  readonly configClass?: string;

  /**
   * String traits, e.g. `{ login_service: 'University SSO' }`.
   * @default - none
   */
  readonly stringTraits?: { [trait: string]: string };

  /**
   * Numeric traits.
   * @default - none
   */
  readonly numberTraits?: { [trait: string]: number };

  /**
   * Boolean traits.
   * @default - none
   */
  readonly booleanTraits?: { [trait: string]: boolean };

  /**
   * List-of-strings traits, e.g. `{ scope: ['openid', 'email'] }`.
   * @default - none
   */
  readonly stringListTraits?: { [trait: string]: string[] };
}

const PY_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PY_DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Who may log in to the hub and how; a Hub must be given one. Choose with a static factory:
 * OAuth ({@link Authenticator.github}, {@link Authenticator.google}, {@link Authenticator.azureAd},
 * {@link Authenticator.openIdConnect}), {@link Authenticator.ldap},
 * {@link Authenticator.sharedPassword}, {@link Authenticator.native}, {@link Authenticator.custom},
 * or {@link Authenticator.dummy} for demos. None lets everyone in unless `allowAll: true`; client
 * secrets and passwords come from Secrets and never appear in the synthesized YAML.
 */
export abstract class Authenticator {
  /**
   * Log in with GitHub (OAuthenticator's `GitHubOAuthenticator`). User names are GitHub logins.
   * Allow users by name or by organization or team.
   * @throws if nothing would let anyone log in, or an option is malformed.
   */
  public static github(options: GitHubAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.github', options, ['clientSecret']);
    checkProps('Authenticator.github', { options });
    return new ConfiguredAuthenticator(gitHubConfig(options));
  }

  /**
   * Log in with Google (OAuthenticator's `GoogleOAuthenticator`). User names are e-mail addresses
   * (without the domain when exactly one `hostedDomains` entry is given).
   * @throws if nothing would let anyone log in, or an option is malformed.
   */
  public static google(options: GoogleAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.google', options, ['clientSecret']);
    checkProps('Authenticator.google', { options });
    return new ConfiguredAuthenticator(googleConfig(options));
  }

  /**
   * Log in with Microsoft Entra ID (Azure AD) of one tenant (OAuthenticator's
   * `AzureAdOAuthenticator`). Allow users by name or by group.
   * @throws if the tenant is a multi-tenant alias, nothing would let anyone log in, or an option is malformed.
   */
  public static azureAd(options: AzureAdAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.azureAd', options, ['clientSecret']);
    checkProps('Authenticator.azureAd', { options });
    return new ConfiguredAuthenticator(azureAdConfig(options));
  }

  /**
   * Log in with any OpenID Connect provider (OAuthenticator's `GenericOAuthenticator`): Keycloak,
   * Dex, Authentik, Okta, ... Allow users by name or by group.
   * @throws if an endpoint is not an https URL, nothing would let anyone log in, or an option is malformed.
   */
  public static openIdConnect(options: OpenIdConnectAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.openIdConnect', options, ['clientSecret']);
    checkProps('Authenticator.openIdConnect', { options });
    return new ConfiguredAuthenticator(openIdConnectConfig(options));
  }

  /**
   * Log in with an LDAP or Active Directory account (LDAPAuthenticator 2). Allow users by name or
   * by LDAP group.
   * @throws if there is neither a DN template nor a lookup, nothing would let anyone log in, or an option is malformed.
   */
  public static ldap(options: LdapAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.ldap', options?.lookupDn, ['searchPassword'], 'authenticator.lookupDn');
    checkProps('Authenticator.ldap', { options });
    return new ConfiguredAuthenticator(ldapConfig(options));
  }

  /**
   * JupyterHub's shared-password authenticator: every user logs in with one password, the admins
   * with another, both read from a Secret. For workshops and short-lived hubs.
   * @throws if admins have no admin password (or the other way round), nothing would let anyone log in, or an option is malformed.
   */
  public static sharedPassword(options: SharedPasswordAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.sharedPassword', options, ['userPassword', 'adminPassword']);
    checkProps('Authenticator.sharedPassword', { options });
    return new ConfiguredAuthenticator(sharedPasswordConfig(options));
  }

  /** The native authenticator: users sign up with a password stored (hashed) in the hub database. */
  public static native(options: NativeAuthenticatorOptions = {}): Authenticator {
    checkProps('Authenticator.native', { options });
    return configured({
      className: 'nativeauthenticator.NativeAuthenticator',
      adminUsers: options.adminUsers ?? [],
      allowedUsers: options.allowedUsers ?? [],
      allowAll: options.allowAll ?? false,
      lines: [],
    });
  }

  /**
   * Any authenticator class installed in the hub image, configured with typed trait maps.
   * @throws if a class or trait name is not a Python identifier, or a trait is given twice.
   */
  public static custom(options: CustomAuthenticatorOptions): Authenticator {
    checkProps('Authenticator.custom', { options });
    const className = options.className;
    if (typeof className !== 'string' || !PY_DOTTED.test(className)) {
      fail(
        'authenticator.className',
        className,
        "must be a Python import path such as 'oauthenticator.generic.GenericOAuthenticator'",
      );
    }
    const configClass = options.configClass ?? (className.split('.').pop() as string);
    if (!PY_IDENTIFIER.test(configClass))
      fail('authenticator.configClass', configClass, "must be a Python class name such as 'GenericOAuthenticator'");
    const lines: ConfigLine[] = [];
    const seen = new Set<string>();
    const maps: [string, { [trait: string]: string | number | boolean | string[] } | undefined][] = [
      ['stringTraits', options.stringTraits],
      ['numberTraits', options.numberTraits],
      ['booleanTraits', options.booleanTraits],
      ['stringListTraits', options.stringListTraits],
    ];
    for (const [prop, map] of maps) {
      for (const [trait, value] of Object.entries(map ?? {})) {
        if (!PY_IDENTIFIER.test(trait))
          fail(`authenticator.${prop}`, trait, 'must be a trait name (a Python identifier such as client_id)');
        if (seen.has(trait)) fail(`authenticator.${prop}`, trait, 'is set in two trait maps: set each trait once');
        seen.add(trait);
        lines.push(setting(configClass, trait, Array.isArray(value) ? [...value] : value));
      }
    }
    return configured({
      className,
      adminUsers: options.adminUsers ?? [],
      allowedUsers: options.allowedUsers ?? [],
      allowAll: options.allowAll ?? false,
      lines,
    });
  }

  /**
   * JupyterHub's dummy authenticator: any password logs in (as an admin, an allowed user, or, with
   * `allowAll: true`, any name). For demos and tests only; the seed's `auth.type: dummy`.
   */
  public static dummy(options: DummyAuthenticatorOptions = {}): Authenticator {
    checkProps('Authenticator.dummy', { options });
    return configured({
      className: 'dummy',
      adminUsers: options.adminUsers ?? ['admin'],
      allowedUsers: options.allowedUsers ?? [],
      allowAll: options.allowAll ?? false,
      lines: [comment('The dummy authenticator accepts any password: for demos and tests only.')],
    });
  }

  /** Admin user names. */
  public abstract readonly adminUsers: string[];

  /**
   * The settings this authenticator contributes to `jupyterhub_config.py` and the hub container.
   * @internal
   */
  public abstract _bind(): AuthenticatorConfig;
}

/** An authenticator without secrets, groups or OAuth (dummy, native, custom). */
function configured(
  c: Pick<AuthenticatorConfig, 'className' | 'adminUsers' | 'allowedUsers' | 'allowAll' | 'lines'>,
): Authenticator {
  return new ConfiguredAuthenticator({ ...c, env: [], adminGroups: false, egressPorts: [] });
}

class ConfiguredAuthenticator extends Authenticator {
  public readonly adminUsers: string[];

  public constructor(private readonly config: AuthenticatorConfig) {
    super();
    this.adminUsers = config.adminUsers;
  }

  public _bind(): AuthenticatorConfig {
    return this.config;
  }
}
