import type { OAuthAuthenticatorOptions } from './oauth-authenticator-options';

/** Options of {@link AzureAdAuthenticator} and `Authenticator.azureAd()` (OAuthenticator's `AzureAdOAuthenticator`). */
export interface AzureAdAuthenticatorOptions extends OAuthAuthenticatorOptions {
  /**
   * The Microsoft Entra ID (Azure AD) tenant: its id (a GUID) or a verified domain such as
   * `contoso.onmicrosoft.com`. The multi-tenant aliases (`common`, `organizations`, `consumers`)
   * are refused: only the tenant's own accounts can sign in.
   */
  readonly tenantId: string;

  /**
   * ID-token claim that becomes the JupyterHub user name (`username_claim`).
   * @default 'unique_name' (the sign-in name; OAuthenticator's default `name` is the display name, neither unique nor stable)
   */
  readonly usernameClaim?: string;

  /**
   * Let members of these groups log in (group object ids as the `groups` claim of the ID token
   * lists them; configure the app registration to emit it). Turns on JupyterHub's group management.
   * @default - none
   */
  readonly allowedGroups?: string[];

  /**
   * Members of these groups are admins (and may log in).
   * @default - none
   */
  readonly adminGroups?: string[];
}
