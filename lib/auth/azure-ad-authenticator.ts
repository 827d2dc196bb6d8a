import { ConfigTrait } from '../core/config-trait';
import { checkProps } from '../core/check-props';
import { fail } from '../core/validate';
import { checkHost } from '../core/validate-host';
import { Authenticator } from './authenticator';
import type { AuthenticatorBinding } from './authenticator-binding';
import { checkNames, refuseSecretText, whoMayLogIn } from './authenticator-checks';
import type { AzureAdAuthenticatorOptions } from './azure-ad-authenticator-options';
import { claim, groupTraits, oauthBinding } from './oauth-binding';

/** The multi-tenant aliases of the Microsoft identity platform. */
const AZURE_ALIASES = ['common', 'organizations', 'consumers'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const PROVIDER = {
  name: 'Microsoft Entra ID (Azure AD)',
  className: 'oauthenticator.azuread.AzureAdOAuthenticator',
  configClass: 'AzureAdOAuthenticator',
};

/** The tenant: its GUID or a verified domain, never a multi-tenant alias. */
function checkTenant(tenant: string): string {
  if (AZURE_ALIASES.includes(tenant.toLowerCase())) {
    fail(
      'authenticator.tenantId',
      tenant,
      "is a multi-tenant alias: give your tenant's id (a GUID from the app registration's overview) or its domain, so that only its accounts can sign in",
    );
  }
  if (!GUID.test(tenant) && !isDomain(tenant)) {
    fail(
      'authenticator.tenantId',
      tenant,
      "must be the tenant id, a GUID such as '72f988bf-86f1-41af-91ab-2d7cd011db47', or a verified domain such as 'contoso.onmicrosoft.com'",
    );
  }
  return tenant;
}

/**
 * Whether a tenant is a domain name: a DNS name of two labels or more whose last label (the
 * top-level domain) starts with a letter, so that neither a single word nor a mistyped GUID (one
 * label of hex digits and dashes) passes for one.
 */
function isDomain(tenant: string): boolean {
  try {
    checkHost('authenticator.tenantId', tenant, { wildcard: false, ip: false });
  } catch {
    return false;
  }
  return /\.[a-z][-a-z0-9]*$/.test(tenant);
}

/**
 * OAuth login with the accounts of one Microsoft Entra ID tenant.
 *
 * OAuthenticator's `AzureAdOAuthenticator` (Azure AD): allow users by name or by group. Also made by
 * `Authenticator.azureAd(options)`.
 */
export class AzureAdAuthenticator extends Authenticator {
  private readonly binding: AuthenticatorBinding;

  /** @throws if the tenant is a multi-tenant alias, nothing would let anyone log in, or an option is malformed. */
  public constructor(options: AzureAdAuthenticatorOptions) {
    super();
    refuseSecretText('AzureAdAuthenticator', options, ['clientSecret']);
    checkProps('AzureAdAuthenticatorOptions', options, 'options');
    const cls = PROVIDER.configClass;
    const tenant = checkTenant(options.tenantId);
    const allowedGroups = checkNames('allowedGroups', options.allowedGroups, 'a group id');
    const adminGroups = checkNames('adminGroups', options.adminGroups, 'a group id');
    const who = whoMayLogIn(options, {
      others: [...allowedGroups, ...adminGroups],
      alternatives: ", 'allowedGroups', 'adminGroups'",
      everyone: `every account of the tenant '${tenant}'`,
    });
    const specific = [
      ConfigTrait.string(cls, 'tenant_id', tenant),
      ConfigTrait.string(cls, 'username_claim', claim('usernameClaim', options.usernameClaim ?? 'unique_name')),
      // AzureAdOAuthenticator keeps the ID token's claims under 'user' in the auth state.
      ...groupTraits(cls, 'user.groups', allowedGroups, adminGroups),
    ];
    this.binding = oauthBinding(PROVIDER, options, who, { specific, adminGroups: adminGroups.length > 0 });
  }

  /** The AzureAdOAuthenticator settings, the client secret's env and Microsoft's https port. */
  public bind(): AuthenticatorBinding {
    return this.binding;
  }
}
