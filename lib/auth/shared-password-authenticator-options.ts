import type * as kplus from 'cdk8s-plus-27';
import type { AuthenticatorOptions } from './authenticator-options';

/**
 * Options of {@link SharedPasswordAuthenticator} and `Authenticator.sharedPassword()` (JupyterHub
 * 5's `SharedPasswordAuthenticator`): one password for all users, one for the admins, both from a
 * Secret. Anyone who knows the user password can log in as any non-admin user: for workshops and
 * short-lived hubs only.
 */
export interface SharedPasswordAuthenticatorOptions extends AuthenticatorOptions {
  /**
   * The users' password: a key of a Secret in the hub's namespace, at least 8 characters
   * (JupyterHub refuses to start otherwise), read by the hub from its env.
   */
  readonly userPassword: kplus.SecretValue;

  /**
   * The admins' password (the `adminUsers` log in with it, never with the users' password): a
   * Secret key with at least 32 characters, different from the users' password.
   * @default - none: there are no admins
   */
  readonly adminPassword?: kplus.SecretValue;
}
