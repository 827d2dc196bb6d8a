import type { OAuthAuthenticatorOptions } from './oauth-authenticator-options';

/**
 * Options of {@link OpenIdConnectAuthenticator} and `Authenticator.openIdConnect()`: any OpenID
 * Connect provider (Keycloak, Dex, Authentik, Okta, ...) through OAuthenticator's
 * `GenericOAuthenticator`. The three endpoints are in the provider's `/.well-known/openid-configuration`.
 */
export interface OpenIdConnectAuthenticatorOptions extends OAuthAuthenticatorOptions {
  /** The provider's `authorization_endpoint` (users' browsers go there). */
  readonly authorizeUrl: string;

  /** The provider's `token_endpoint` (the hub calls it with the client secret). */
  readonly tokenUrl: string;

  /** The provider's `userinfo_endpoint`. */
  readonly userdataUrl: string;

  /**
   * Scopes requested.
   * @default ['openid', 'profile', 'email']
   */
  readonly scope?: string[];

  /**
   * Userinfo claim that becomes the JupyterHub user name.
   * @default 'preferred_username'
   */
  readonly usernameClaim?: string;

  /**
   * Userinfo claim listing the user's groups (used with `allowedGroups` / `adminGroups`).
   * @default 'groups'
   */
  readonly groupsClaim?: string;

  /**
   * Let members of these groups log in. Turns on JupyterHub's group management.
   * @default - none
   */
  readonly allowedGroups?: string[];

  /**
   * Members of these groups are admins (and may log in).
   * @default - none
   */
  readonly adminGroups?: string[];
}
