import { checkProps } from '../core/check-props';
import { Authenticator } from './authenticator';
import type { AuthenticatorBinding } from './authenticator-binding';
import type { DummyAuthenticatorOptions } from './dummy-authenticator-options';

/**
 * Any password logs in: for demos and tests only.
 *
 * JupyterHub's dummy authenticator lets in an admin, an allowed user, or, with `allowAll: true`,
 * any name; Zero to JupyterHub's `auth.type: dummy`. Also made by `Authenticator.dummy(options)`.
 */
export class DummyAuthenticator extends Authenticator {
  private readonly binding: AuthenticatorBinding;

  public constructor(options: DummyAuthenticatorOptions = {}) {
    super();
    checkProps('DummyAuthenticatorOptions', options, 'options');
    this.binding = {
      className: 'dummy',
      adminUsers: options.adminUsers ?? ['admin'],
      allowedUsers: options.allowedUsers ?? [],
      allowAll: options.allowAll ?? false,
      comment: 'The dummy authenticator accepts any password: for demos and tests only.',
    };
  }

  /** The dummy class and who may log in. */
  public bind(): AuthenticatorBinding {
    return this.binding;
  }
}
