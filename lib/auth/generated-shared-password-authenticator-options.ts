import type { AuthenticatorOptions } from './authenticator-options';

/**
 * Options of {@link GeneratedSharedPasswordAuthenticator} and `Authenticator.generatedSharedPassword()`:
 * JupyterHub 5's shared-password login, its passwords generated in the cluster.
 */
export interface GeneratedSharedPasswordAuthenticatorOptions extends AuthenticatorOptions {
  /**
   * Name of the Secret, in the hub's namespace, that the hub's `secret-init` container creates
   * with the passwords on the hub's first start (keys `user-password` and, with `adminUsers`,
   * `admin-password`). Give each hub of a namespace its own.
   * @default 'hub-login'
   */
  readonly secretName?: string;
}
