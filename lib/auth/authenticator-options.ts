/** Options shared by every authenticator (in a file of their own, so each kind's options can extend them). */
export interface AuthenticatorOptions {
  /**
   * Users that are JupyterHub admins (`c.Authenticator.admin_users`), by their JupyterHub user
   * name (what the authenticator makes of the login: a GitHub login, an e-mail address, ...).
   * @default - no admins; `['admin']` for `dummy`, as in the original minikube deployment
   */
  readonly adminUsers?: string[];

  /**
   * Users allowed to log in (`c.Authenticator.allowed_users`); admins are always allowed.
   * @default - nobody is listed
   */
  readonly allowedUsers?: string[];

  /**
   * Let every user who authenticates log in (`c.Authenticator.allow_all`): for an OAuth provider
   * every account it has (all of GitHub, a whole tenant), for LDAP every directory user, for the
   * shared password anyone who knows it, under any name. Without it only admins, allowed users and
   * members of the allowed groups, organizations or domains get in.
   * @default false
   */
  readonly allowAll?: boolean;
}
