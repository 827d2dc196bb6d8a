import type { OAuthAuthenticatorOptions } from './oauth-authenticator-options';

/** Options of {@link GoogleAuthenticator} and `Authenticator.google()` (OAuthenticator's `GoogleOAuthenticator`). */
export interface GoogleAuthenticatorOptions extends OAuthAuthenticatorOptions {
  /**
   * Only accounts of these Google Workspace domains may sign in (`hosted_domain`); with exactly
   * one, user names lose the `@domain`. This restricts, it does not allow: list users or set
   * `allowAll: true` to let every account of the domains in.
   * @default - any Google account may try (and still has to be allowed)
   */
  readonly hostedDomains?: string[];
}
