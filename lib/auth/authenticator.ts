import { checkProps } from '../core/check-props';
import type { AuthenticatorBinding } from './authenticator-binding';
import { refuseSecretText } from './authenticator-checks';
import type { AzureAdAuthenticatorOptions } from './azure-ad-authenticator-options';
import type { CustomAuthenticatorOptions } from './custom-authenticator-options';
import type { DummyAuthenticatorOptions } from './dummy-authenticator-options';
import type { GitHubAuthenticatorOptions } from './github-authenticator-options';
import type { GoogleAuthenticatorOptions } from './google-authenticator-options';
import type { LdapAuthenticatorOptions } from './ldap-authenticator-options';
import type { NativeAuthenticatorOptions } from './native-authenticator-options';
import type { OpenIdConnectAuthenticatorOptions } from './open-id-connect-authenticator-options';
import type { SharedPasswordAuthenticatorOptions } from './shared-password-authenticator-options';

/** A built-in authenticator class, as the static factories construct it. */
type AuthenticatorClass = new (options: never) => Authenticator;

/** The library's authenticator classes, by class name; filled by `authenticators.generated.ts`. */
const classes = new Map<string, AuthenticatorClass>();

/**
 * Lets the static factories of {@link Authenticator} construct the library's authenticator
 * classes (which extend it, so this module cannot import them). Called once by the generated
 * registry.
 * @internal
 */
export function registerAuthenticatorClasses(byName: { readonly [name: string]: AuthenticatorClass }): void {
  for (const [name, cls] of Object.entries(byName)) classes.set(name, cls);
}

function construct(className: string, options: unknown): Authenticator {
  const cls = classes.get(className);
  if (cls === undefined)
    throw new Error(`${className} is not loaded: import the library from its entry point ('cdk8s-jupyterhub')`);
  return new cls(options as never);
}

/**
 * Who may log in to the hub and how; a Hub must be given one. Use one of the classes extending
 * Authenticator (`new GitHubAuthenticator({...})`, ...; most also have a static factory here,
 * `Authenticator.github({...})`), or write your own: extend Authenticator and return what your
 * authenticator class needs from {@link Authenticator.bind}. None lets everyone in unless
 * `allowAll: true`; client secrets and passwords come from Secrets and never appear in the
 * synthesized YAML.
 *
 * @example
 * class GitLabAuthenticator extends Authenticator {
 *   public bind(): AuthenticatorBinding {
 *     return {
 *       className: 'oauthenticator.gitlab.GitLabOAuthenticator',
 *       allowedUsers: ['ada'],
 *       traits: [ConfigTrait.fromEnv('GitLabOAuthenticator', 'client_secret', 'GITLAB_CLIENT_SECRET')],
 *       secretEnv: { GITLAB_CLIENT_SECRET: { name: 'hub-auth', key: 'client-secret' } },
 *       egressPorts: [443],
 *       oauth: { configClass: 'GitLabOAuthenticator' },
 *     };
 *   }
 * }
 */
export abstract class Authenticator {
  /**
   * Log in with GitHub: the same as `new GitHubAuthenticator(options)`.
   * @throws if nothing would let anyone log in, or an option is malformed.
   */
  public static github(options: GitHubAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.github', options, ['clientSecret']);
    checkProps('Authenticator.github', { options });
    return construct('GitHubAuthenticator', options);
  }

  /**
   * Log in with Google: the same as `new GoogleAuthenticator(options)`.
   * @throws if nothing would let anyone log in, or an option is malformed.
   */
  public static google(options: GoogleAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.google', options, ['clientSecret']);
    checkProps('Authenticator.google', { options });
    return construct('GoogleAuthenticator', options);
  }

  /**
   * Log in with Microsoft Entra ID (Azure AD) of one tenant: the same as `new AzureAdAuthenticator(options)`.
   * @throws if the tenant is a multi-tenant alias, nothing would let anyone log in, or an option is malformed.
   */
  public static azureAd(options: AzureAdAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.azureAd', options, ['clientSecret']);
    checkProps('Authenticator.azureAd', { options });
    return construct('AzureAdAuthenticator', options);
  }

  /**
   * Log in with any OpenID Connect provider: the same as `new OpenIdConnectAuthenticator(options)`.
   * @throws if an endpoint is not an https URL, nothing would let anyone log in, or an option is malformed.
   */
  public static openIdConnect(options: OpenIdConnectAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.openIdConnect', options, ['clientSecret']);
    checkProps('Authenticator.openIdConnect', { options });
    return construct('OpenIdConnectAuthenticator', options);
  }

  /**
   * Log in with an LDAP or Active Directory account: the same as `new LdapAuthenticator(options)`.
   * @throws if there is neither a DN template nor a lookup, nothing would let anyone log in, or an option is malformed.
   */
  public static ldap(options: LdapAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.ldap', options?.lookupDn, ['searchPassword'], 'authenticator.lookupDn');
    checkProps('Authenticator.ldap', { options });
    return construct('LdapAuthenticator', options);
  }

  /**
   * One password for all users, one for the admins, both from a Secret: the same as
   * `new SharedPasswordAuthenticator(options)`.
   * @throws if admins have no admin password (or the other way round), nothing would let anyone log in, or an option is malformed.
   */
  public static sharedPassword(options: SharedPasswordAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.sharedPassword', options, ['userPassword', 'adminPassword']);
    checkProps('Authenticator.sharedPassword', { options });
    return construct('SharedPasswordAuthenticator', options);
  }

  /** Users sign up with a password stored (hashed) in the hub database: the same as `new NativeAuthenticator(options)`. */
  public static native(options: NativeAuthenticatorOptions = {}): Authenticator {
    checkProps('Authenticator.native', { options });
    return construct('NativeAuthenticator', options);
  }

  /**
   * Any authenticator class installed in the hub image, configured with typed trait maps: the
   * same as `new CustomAuthenticator(options)`.
   * @throws if a class or trait name is not a Python identifier, a trait is given twice, or a secret is given as text.
   */
  public static custom(options: CustomAuthenticatorOptions): Authenticator {
    refuseSecretText('Authenticator.custom', options, ['secretTraits']);
    refuseSecretText(
      'Authenticator.custom',
      options?.secretTraits,
      Object.keys(options?.secretTraits ?? {}),
      'authenticator.secretTraits',
    );
    checkProps('Authenticator.custom', { options });
    return construct('CustomAuthenticator', options);
  }

  /**
   * Any password logs in, for demos and tests only: the same as `new DummyAuthenticator(options)`;
   * Zero to JupyterHub's `auth.type: dummy`.
   */
  public static dummy(options: DummyAuthenticatorOptions = {}): Authenticator {
    checkProps('Authenticator.dummy', { options });
    return construct('DummyAuthenticator', options);
  }

  /** Admin user names (those of {@link Authenticator.bind}). */
  public get adminUsers(): string[] {
    return [...(this.bind().adminUsers ?? [])];
  }

  /**
   * What this authenticator contributes to the hub it is given to: its class and settings in
   * `jupyterhub_config.py`, the hub container's env from Secret keys, and the ports of its
   * identity provider. The hub calls it once, when it is created; check the options (and throw)
   * in the constructor, so that a mistake points at the authenticator.
   */
  public abstract bind(): AuthenticatorBinding;
}
