import type { OAuthAuthenticatorOptions } from './oauth-authenticator-options';

/** Options of {@link GitHubAuthenticator} and `Authenticator.github()` (OAuthenticator's `GitHubOAuthenticator`). */
export interface GitHubAuthenticatorOptions extends OAuthAuthenticatorOptions {
  /**
   * Let members of these GitHub organizations (`my-org`) or teams (`my-org:team-slug`) log in.
   * The `read:org` scope is requested for them, so private membership counts too.
   * @default - none
   */
  readonly allowedOrganizations?: string[];

  /**
   * Base URL of a GitHub Enterprise Server, e.g. `https://github.example.org`.
   * @default 'https://github.com'
   */
  readonly githubUrl?: string;
}
