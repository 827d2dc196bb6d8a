import { checkProps } from '../core/check-props';
import { checkDnsSubdomain } from '../core/validate';
import { Authenticator } from './authenticator';
import type { AuthenticatorBinding } from './authenticator-binding';
import { AUTH_ENV, SecretFromEnv } from './authenticator-checks';
import type { GeneratedSharedPasswordAuthenticatorOptions } from './generated-shared-password-authenticator-options';
import { sharedPasswordBinding, sharedPasswordUsers } from './shared-password-authenticator';

/** A key of the generated Secret, read by the hub from its env var `envName`. */
function generated(secretName: string, key: string, envName: string): SecretFromEnv {
  return { envName, selector: { name: secretName, key }, secretName, key };
}

/**
 * The shared-password login with both passwords generated in the cluster: for demos and workshops.
 *
 * JupyterHub 5's `SharedPasswordAuthenticator` (as {@link SharedPasswordAuthenticator}), its
 * passwords made by the hub's `secret-init` container into the Secret `secretName` (key
 * `user-password`, and `admin-password` when there are `adminUsers`): 32 random bytes as hex each,
 * 64 characters (JupyterHub asks at least 8 for the users' password and 32 for the admins'),
 * different from each other. They are created on the hub's first start, never written to the
 * synthesized YAML, and never rotated by a re-apply. Anyone who knows the user password can log
 * in as any non-admin user; the admins log in with the admin password only. Read a password with
 * `kubectl get secret hub-login -o jsonpath='{.data.admin-password}' | base64 -d`. Also made by
 * `Authenticator.generatedSharedPassword(options)`.
 *
 * @example
 * const hub = new Hub(chart, 'hub', {
 *   authenticator: new GeneratedSharedPasswordAuthenticator({ adminUsers: ['admin'], allowAll: true }),
 * });
 */
export class GeneratedSharedPasswordAuthenticator extends Authenticator {
  /** Key of the users' password in the generated Secret. */
  public static readonly USER_PASSWORD_KEY = 'user-password';
  /** Key of the admins' password in the generated Secret (there only when the authenticator has `adminUsers`). */
  public static readonly ADMIN_PASSWORD_KEY = 'admin-password';

  /** Name of the Secret the passwords are generated into (in the hub's namespace). */
  public readonly secretName: string;
  /** Keys of the generated Secret: the users' password, then the admins' (when there are admins). */
  public readonly keys: string[];

  private readonly binding: AuthenticatorBinding;

  /** @throws if nothing would let anyone log in, or an option is malformed. */
  public constructor(options: GeneratedSharedPasswordAuthenticatorOptions) {
    super();
    checkProps('GeneratedSharedPasswordAuthenticatorOptions', options, 'options');
    this.secretName = checkDnsSubdomain('authenticator.secretName', options.secretName ?? 'hub-login');
    const who = sharedPasswordUsers(options);
    const cls = GeneratedSharedPasswordAuthenticator;
    const user = generated(this.secretName, cls.USER_PASSWORD_KEY, AUTH_ENV.userPassword);
    const admin =
      who.adminUsers.length > 0
        ? generated(this.secretName, cls.ADMIN_PASSWORD_KEY, AUTH_ENV.adminPassword)
        : undefined;
    this.keys = admin === undefined ? [user.key] : [user.key, admin.key];
    this.binding = {
      ...sharedPasswordBinding(
        who,
        user,
        admin,
        `Shared passwords generated in the cluster (Secret '${this.secretName}', made by the hub's secret-init), read from the hub's env: anyone with the user password can log in as any non-admin user.`,
      ),
      generatedSecrets: [{ name: this.secretName, keys: [...this.keys] }],
    };
  }

  /** The SharedPasswordAuthenticator settings, the passwords' env and the Secret the hub generates. */
  public bind(): AuthenticatorBinding {
    return this.binding;
  }
}
