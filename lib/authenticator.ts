/** Options shared by every authenticator. */
export interface AuthenticatorOptions {
  /**
   * Users that are JupyterHub admins (`c.Authenticator.admin_users`).
   * @default - no admins for `native`; `['admin']` for `dummy`, as in the seed
   */
  readonly adminUsers?: string[];

  /**
   * Users allowed to log in (`c.Authenticator.allowed_users`); admins are always allowed.
   * @default - nobody is listed
   */
  readonly allowedUsers?: string[];

  /**
   * Let every user who authenticates log in (`c.Authenticator.allow_all`). JupyterHub 5 lets only
   * admins and allowed users in unless this is set.
   * @default - true for `dummy` (any name logs in, as in the seed), false for `native`
   */
  readonly allowAll?: boolean;
}

/**
 * Options of the dummy authenticator. It accepts any password: for demos and tests only
 * (JupyterHub 5 deprecated its shared `password`).
 */
export interface DummyAuthenticatorOptions extends AuthenticatorOptions {}

/** Options of the native authenticator (`jupyterhub-nativeauthenticator`, shipped in the hub image). */
export interface NativeAuthenticatorOptions extends AuthenticatorOptions {}

/** How an authenticator is selected; read by the hub config generator. */
export enum AuthenticatorKind {
  /** JupyterHub's `DummyAuthenticator`. */
  DUMMY = 'dummy',
  /** `nativeauthenticator.NativeAuthenticator`. */
  NATIVE = 'native',
}

/**
 * Who may log in to the hub and how. Choose one with a static factory:
 * `Authenticator.dummy()` or `Authenticator.native()`.
 */
export class Authenticator {
  /**
   * JupyterHub's dummy authenticator: any user name and password log in.
   * For demos and tests; the seed's `auth.type: dummy` with admin `admin`.
   */
  public static dummy(options: DummyAuthenticatorOptions = {}): Authenticator {
    return new Authenticator(AuthenticatorKind.DUMMY, 'dummy', options.adminUsers ?? ['admin'], options.allowedUsers ?? [], options.allowAll ?? true);
  }

  /** The native authenticator: users sign up with a password stored (hashed) in the hub database. */
  public static native(options: NativeAuthenticatorOptions = {}): Authenticator {
    return new Authenticator(AuthenticatorKind.NATIVE, 'nativeauthenticator.NativeAuthenticator', options.adminUsers ?? [], options.allowedUsers ?? [], options.allowAll ?? false);
  }

  private constructor(
    /** Which authenticator this is. */
    public readonly kind: AuthenticatorKind,
    /** The value of `c.JupyterHub.authenticator_class`. */
    public readonly className: string,
    /** Admin user names. */
    public readonly adminUsers: string[],
    /** Allowed user names. */
    public readonly allowedUsers: string[],
    /** Whether every authenticated user may log in. */
    public readonly allowAll: boolean,
  ) {}
}
