import { ConfigTrait } from '../core/config-trait';
import { checkProps } from '../core/check-props';
import { fail } from '../core/validate';
import { Authenticator } from './authenticator';
import type { AuthenticatorBinding } from './authenticator-binding';
import { checkNames, checkUrl, refuseSecretText, whoMayLogIn } from './authenticator-checks';
import { claim, groupTraits, oauthBinding, TOKEN } from './oauth-binding';
import type { OpenIdConnectAuthenticatorOptions } from './open-id-connect-authenticator-options';

const PROVIDER = {
  name: 'OpenID Connect',
  className: 'oauthenticator.generic.GenericOAuthenticator',
  configClass: 'GenericOAuthenticator',
};

/**
 * OAuth login with any OpenID Connect provider.
 *
 * OAuthenticator's `GenericOAuthenticator` for Keycloak, Dex, Authentik, Okta, ...: allow users by
 * name or by group. Also made by `Authenticator.openIdConnect(options)`.
 */
export class OpenIdConnectAuthenticator extends Authenticator {
  private readonly binding: AuthenticatorBinding;

  /** @throws if an endpoint is not an https URL, nothing would let anyone log in, or an option is malformed. */
  public constructor(options: OpenIdConnectAuthenticatorOptions) {
    super();
    refuseSecretText('OpenIdConnectAuthenticator', options, ['clientSecret']);
    checkProps('OpenIdConnectAuthenticatorOptions', options, 'options');
    const urls = {
      authorize_url: checkUrl('authenticator.authorizeUrl', options.authorizeUrl),
      token_url: checkUrl('authenticator.tokenUrl', options.tokenUrl),
      userdata_url: checkUrl('authenticator.userdataUrl', options.userdataUrl),
    };
    const scope = checkNames('scope', options.scope ?? ['openid', 'profile', 'email'], 'a scope', TOKEN);
    if (!scope.includes('openid'))
      fail('authenticator.scope', scope, "must include 'openid' (OpenID Connect's own scope)");
    const allowedGroups = checkNames('allowedGroups', options.allowedGroups, 'a group name');
    const adminGroups = checkNames('adminGroups', options.adminGroups, 'a group name');
    if (options.groupsClaim !== undefined && allowedGroups.length === 0 && adminGroups.length === 0) {
      fail(
        'authenticator.groupsClaim',
        options.groupsClaim,
        "is only read for 'allowedGroups' or 'adminGroups': list groups or remove it",
      );
    }
    const who = whoMayLogIn(options, {
      others: [...allowedGroups, ...adminGroups],
      alternatives: ", 'allowedGroups', 'adminGroups'",
      everyone: 'every account of the provider',
    });
    const cls = PROVIDER.configClass;
    const specific = [
      ...Object.entries(urls).map(([trait, url]) => ConfigTrait.string(cls, trait, url)),
      ConfigTrait.stringList(cls, 'scope', scope),
      ConfigTrait.string(cls, 'username_claim', claim('usernameClaim', options.usernameClaim ?? 'preferred_username')),
      // GenericOAuthenticator keeps the userinfo response under 'oauth_user' in the auth state.
      ...groupTraits(
        cls,
        `oauth_user.${claim('groupsClaim', options.groupsClaim ?? 'groups')}`,
        allowedGroups,
        adminGroups,
      ),
    ];
    this.binding = oauthBinding(PROVIDER, options, who, {
      specific,
      urls: Object.values(urls),
      adminGroups: adminGroups.length > 0,
    });
  }

  /** The GenericOAuthenticator settings, the client secret's env and the provider's https ports. */
  public bind(): AuthenticatorBinding {
    return this.binding;
  }
}
