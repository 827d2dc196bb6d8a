import { checkProps } from '../core/check-props';
import { Authenticator } from './authenticator';
import type { AuthenticatorBinding } from './authenticator-binding';
import type { NativeAuthenticatorOptions } from './native-authenticator-options';

/**
 * Users sign up with a password that the hub database keeps, hashed.
 *
 * `jupyterhub-nativeauthenticator`, shipped in the hub image. Also made by `Authenticator.native(options)`.
 */
export class NativeAuthenticator extends Authenticator {
  private readonly binding: AuthenticatorBinding;

  public constructor(options: NativeAuthenticatorOptions = {}) {
    super();
    checkProps('NativeAuthenticatorOptions', options, 'options');
    this.binding = {
      className: 'nativeauthenticator.NativeAuthenticator',
      adminUsers: options.adminUsers ?? [],
      allowedUsers: options.allowedUsers ?? [],
      allowAll: options.allowAll ?? false,
    };
  }

  /** The NativeAuthenticator class and who may log in. */
  public bind(): AuthenticatorBinding {
    return this.binding;
  }
}
