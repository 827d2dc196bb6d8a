import { ConfigTrait } from '../core/config-trait';
import { checkProps } from '../core/check-props';
import { fail } from '../core/validate';
import { Authenticator } from './authenticator';
import type { AuthenticatorBinding } from './authenticator-binding';
import {
  AUTH_ENV,
  refuseSecretText,
  secretFromEnv,
  SecretFromEnv,
  WhoMayLogIn,
  whoMayLogIn,
} from './authenticator-checks';
import type { SharedPasswordAuthenticatorOptions } from './shared-password-authenticator-options';

const CLS = 'SharedPasswordAuthenticator';

/** The admins' password: needed by admins, useless without them, and not the users' password. */
function adminPassword(
  options: SharedPasswordAuthenticatorOptions,
  who: WhoMayLogIn,
  user: SecretFromEnv,
): SecretFromEnv | undefined {
  if (who.adminUsers.length > 0 && options.adminPassword === undefined) {
    fail(
      'authenticator.adminPassword',
      undefined,
      `is needed for 'adminUsers' (${JSON.stringify(who.adminUsers)}): admins log in with it, not with the users' password; give a Secret key of at least 32 characters, or remove 'adminUsers'`,
    );
  }
  if (options.adminPassword === undefined) return undefined;
  if (who.adminUsers.length === 0)
    fail(
      'authenticator.adminPassword',
      '***',
      "has no use without 'adminUsers': only the users listed there can log in with it; list them, or remove 'adminPassword'",
    );
  const admin = secretFromEnv('adminPassword', options.adminPassword, AUTH_ENV.adminPassword);
  if (admin.secretName === user.secretName && admin.key === user.key) {
    fail(
      'authenticator.adminPassword',
      `${admin.secretName}/${admin.key}`,
      "is the same Secret key as 'userPassword': JupyterHub refuses the same password for both; use another key",
    );
  }
  return admin;
}

/**
 * The binding of JupyterHub 5's `SharedPasswordAuthenticator` (jupyterhub 5.5.0
 * jupyterhub/authenticators/shared.py: `user_password` of at least 8 characters, `admin_password`
 * of at least 32 and not the same, only `admin_users` log in with it): the passwords from the hub's
 * env, each a key of a Secret.
 * @internal
 */
export function sharedPasswordBinding(
  who: WhoMayLogIn,
  user: SecretFromEnv,
  admin: SecretFromEnv | undefined,
  comment: string,
): AuthenticatorBinding {
  const secrets = admin === undefined ? [user] : [user, admin];
  return {
    className: 'jupyterhub.authenticators.shared.SharedPasswordAuthenticator',
    ...who,
    comment,
    traits: [
      ConfigTrait.fromEnv(CLS, 'user_password', user.envName),
      ...(admin !== undefined ? [ConfigTrait.fromEnv(CLS, 'admin_password', admin.envName)] : []),
    ],
    secretEnv: Object.fromEntries(secrets.map((s) => [s.envName, s.selector])),
  };
}

/** Who may log in with a shared password (nobody is refused: the password is the check). */
export function sharedPasswordUsers(options: {
  readonly adminUsers?: string[];
  readonly allowedUsers?: string[];
  readonly allowAll?: boolean;
}): WhoMayLogIn {
  return whoMayLogIn(options, {
    others: [],
    alternatives: '',
    everyone: 'anyone who knows the password, under any user name,',
  });
}

/**
 * One password for every user and one for the admins, read from a Secret: for workshops.
 *
 * JupyterHub 5's `SharedPasswordAuthenticator`: anyone who knows the user password can log in as
 * any non-admin user, so use it for workshops and short-lived hubs only. Also made by
 * `Authenticator.sharedPassword(options)`; {@link GeneratedSharedPasswordAuthenticator} generates
 * both passwords in the cluster instead.
 */
export class SharedPasswordAuthenticator extends Authenticator {
  private readonly binding: AuthenticatorBinding;

  /** @throws if admins have no admin password (or the other way round), nothing would let anyone log in, or an option is malformed. */
  public constructor(options: SharedPasswordAuthenticatorOptions) {
    super();
    refuseSecretText('SharedPasswordAuthenticator', options, ['userPassword', 'adminPassword']);
    checkProps('SharedPasswordAuthenticatorOptions', options, 'options');
    const who = sharedPasswordUsers(options);
    const user = secretFromEnv('userPassword', options.userPassword, AUTH_ENV.userPassword);
    const admin = adminPassword(options, who, user);
    this.binding = sharedPasswordBinding(
      who,
      user,
      admin,
      `Shared passwords, read from the hub's env (Secret '${user.secretName}'): anyone with the user password can log in as any non-admin user.`,
    );
  }

  /** The SharedPasswordAuthenticator settings and the passwords' env. */
  public bind(): AuthenticatorBinding {
    return this.binding;
  }
}
