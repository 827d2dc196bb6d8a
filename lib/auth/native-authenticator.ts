import { checkProps } from '../core/check-props';
import { fail } from '../core/validate';
import { Authenticator } from './authenticator';
import type { AuthenticatorBinding } from './authenticator-binding';
import type { NativeAuthenticatorOptions } from './native-authenticator-options';

/**
 * Users sign up with a password that the hub database keeps, hashed.
 *
 * `jupyterhub-nativeauthenticator`, shipped in the hub image. A user who signs up logs in only
 * once an admin approved them at `/hub/authorize` (the names in `adminUsers` and `allowedUsers`
 * are approved when they sign up), so it needs `adminUsers`; the admins sign up under those names
 * first. Also made by `Authenticator.native(options)`.
 */
export class NativeAuthenticator extends Authenticator {
  private readonly binding: AuthenticatorBinding;

  /** @throws if there is no admin (nobody could approve a sign-up), or an option is malformed. */
  public constructor(options: NativeAuthenticatorOptions) {
    super();
    checkProps('NativeAuthenticatorOptions', options, 'options');
    // NativeAuthenticator 1.3.0 nativeauthenticator.py:311 (create_user): a sign-up is authorized at
    // once only with open_signup or for a name in admin_users/allowed_users; every other one waits
    // for an admin (handlers.py:221, AuthorizationAreaHandler needs admin:users) and
    // authenticate() (nativeauthenticator.py:241) refuses it until then.
    if ((options.adminUsers ?? []).length === 0) {
      fail(
        'authenticator.adminUsers',
        options.adminUsers ?? [],
        "is empty: with NativeAuthenticator a user who signs up can log in only once an admin approved them at /hub/authorize, so with no admin nobody could approve a sign-up; list 'adminUsers' (they sign up under those names first, and are approved at once)",
      );
    }
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
