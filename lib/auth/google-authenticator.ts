import { ConfigTrait } from '../core/config-trait';
import { checkProps } from '../core/check-props';
import { checkHost } from '../core/validate-host';
import { Authenticator } from './authenticator';
import type { AuthenticatorBinding } from './authenticator-binding';
import { checkNames, refuseSecretText, whoMayLogIn } from './authenticator-checks';
import type { GoogleAuthenticatorOptions } from './google-authenticator-options';
import { oauthBinding } from './oauth-binding';

const PROVIDER = {
  name: 'Google',
  className: 'oauthenticator.google.GoogleOAuthenticator',
  configClass: 'GoogleOAuthenticator',
};

/**
 * OAuth login with Google accounts.
 *
 * OAuthenticator's `GoogleOAuthenticator`: user names are e-mail addresses (without the domain when
 * exactly one `hostedDomains` entry is given). Also made by `Authenticator.google(options)`.
 */
export class GoogleAuthenticator extends Authenticator {
  private readonly binding: AuthenticatorBinding;

  /** @throws if nothing would let anyone log in, or an option is malformed. */
  public constructor(options: GoogleAuthenticatorOptions) {
    super();
    refuseSecretText('GoogleAuthenticator', options, ['clientSecret']);
    checkProps('GoogleAuthenticatorOptions', options, 'options');
    const domains = checkNames('hostedDomains', options.hostedDomains, 'a domain');
    domains.forEach((d) => checkHost('authenticator.hostedDomains', d, { wildcard: false, ip: false }));
    const who = whoMayLogIn(options, {
      others: [],
      alternatives: '',
      everyone: domains.length > 0 ? `every account of ${domains.join(', ')}` : 'every Google account',
    });
    const specific = domains.length > 0 ? [ConfigTrait.stringList(PROVIDER.configClass, 'hosted_domain', domains)] : [];
    this.binding = oauthBinding(PROVIDER, options, who, { specific });
  }

  /** The GoogleOAuthenticator settings, the client secret's env and Google's https port. */
  public bind(): AuthenticatorBinding {
    return this.binding;
  }
}
