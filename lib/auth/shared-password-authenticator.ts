import type * as kplus from 'cdk8s-plus-27';
import { AuthenticatorOptions } from './authenticator-options';
import { AUTH_ENV, AuthenticatorConfig, secretFromEnv, whoMayLogIn } from './authenticator-config';
import { ConfigLine, comment, setting } from '../core/trait-setting';
import { fail } from '../core/validate';

/**
 * Options of {@link Authenticator.sharedPassword} (JupyterHub 5's `SharedPasswordAuthenticator`):
 * one password for all users, one for the admins, both from a Secret. Anyone who knows the user
 * password can log in as any non-admin user: for workshops and short-lived hubs only.
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

/**
 * The config of {@link Authenticator.sharedPassword}.
 * @internal
 */
export function sharedPasswordConfig(options: SharedPasswordAuthenticatorOptions): AuthenticatorConfig {
  const cls = 'SharedPasswordAuthenticator';
  const who = whoMayLogIn(options, {
    others: [],
    alternatives: '',
    everyone: 'anyone who knows the password, under any user name,',
  });
  const user = secretFromEnv('userPassword', options.userPassword, AUTH_ENV.userPassword);
  if (who.adminUsers.length > 0 && options.adminPassword === undefined) {
    fail(
      'authenticator.adminPassword',
      undefined,
      `is needed for 'adminUsers' (${JSON.stringify(who.adminUsers)}): admins log in with it, not with the users' password; give a Secret key of at least 32 characters, or remove 'adminUsers'`,
    );
  }
  const lines: ConfigLine[] = [
    comment(
      `Shared passwords, read from the hub's env (Secret '${user.secretName}'): anyone with the user password can log in as any non-admin user.`,
    ),
    setting(cls, 'user_password', user.value),
  ];
  const env = [user.env];
  if (options.adminPassword !== undefined) {
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
    lines.push(setting(cls, 'admin_password', admin.value));
    env.push(admin.env);
  }
  return {
    className: 'jupyterhub.authenticators.shared.SharedPasswordAuthenticator',
    ...who,
    lines,
    env,
    adminGroups: false,
    egressPorts: [],
  };
}
