import { checkProps } from './internal/check-props';
import { comment, ConfigLine, setting } from './internal/trait-setting';
import { fail } from './internal/validate';

/** Options shared by every authenticator. */
export interface AuthenticatorOptions {
  /**
   * Users that are JupyterHub admins (`c.Authenticator.admin_users`).
   * @default - no admins for `native` and `custom`; `['admin']` for `dummy`, as in the seed
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
   * @default - true for `dummy` (any name logs in, as in the seed), false otherwise
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

/**
 * An authenticator class the library has no typed factory for, with its traits as typed maps.
 * Values are written as Python literals (never code); secrets do not belong here (they would be
 * in the hub's ConfigMap).
 */
export interface CustomAuthenticatorOptions extends AuthenticatorOptions {
  /** Import path of the authenticator class (`c.JupyterHub.authenticator_class`), e.g. `oauthenticator.generic.GenericOAuthenticator`. */
  readonly className: string;

  /**
   * The configurable class the traits below are set on (`c.<configClass>.<trait>`).
   * @default - the last part of `className`
   */
  readonly configClass?: string;

  /**
   * String traits, e.g. `{ login_service: 'University SSO' }`.
   * @default - none
   */
  readonly stringTraits?: { [trait: string]: string };

  /**
   * Numeric traits.
   * @default - none
   */
  readonly numberTraits?: { [trait: string]: number };

  /**
   * Boolean traits.
   * @default - none
   */
  readonly booleanTraits?: { [trait: string]: boolean };

  /**
   * List-of-strings traits, e.g. `{ scope: ['openid', 'email'] }`.
   * @default - none
   */
  readonly stringListTraits?: { [trait: string]: string[] };
}

/**
 * What an authenticator contributes to the hub config.
 * @internal
 */
export interface AuthenticatorConfig {
  readonly className: string;
  readonly adminUsers: string[];
  readonly allowedUsers: string[];
  readonly allowAll: boolean;
  /** Lines written after the common Authenticator settings. */
  readonly lines: ConfigLine[];
}

const PY_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PY_DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Who may log in to the hub and how. Choose one with a static factory:
 * `Authenticator.dummy()`, `Authenticator.native()` or `Authenticator.custom()`.
 */
export abstract class Authenticator {
  /**
   * JupyterHub's dummy authenticator: any user name and password log in.
   * For demos and tests; the seed's `auth.type: dummy` with admin `admin`.
   */
  public static dummy(options: DummyAuthenticatorOptions = {}): Authenticator {
    checkProps('Authenticator.dummy', { options });
    return new ConfiguredAuthenticator(
      'dummy',
      options.adminUsers ?? ['admin'],
      options.allowedUsers ?? [],
      options.allowAll ?? true,
      [comment('The dummy authenticator accepts any password: for demos and tests only.')],
    );
  }

  /** The native authenticator: users sign up with a password stored (hashed) in the hub database. */
  public static native(options: NativeAuthenticatorOptions = {}): Authenticator {
    checkProps('Authenticator.native', { options });
    return new ConfiguredAuthenticator(
      'nativeauthenticator.NativeAuthenticator',
      options.adminUsers ?? [],
      options.allowedUsers ?? [],
      options.allowAll ?? false,
      [],
    );
  }

  /**
   * Any authenticator class installed in the hub image, configured with typed trait maps.
   * @throws if a class or trait name is not a Python identifier, or a trait is given twice.
   */
  public static custom(options: CustomAuthenticatorOptions): Authenticator {
    checkProps('Authenticator.custom', { options });
    const className = options.className;
    if (typeof className !== 'string' || !PY_DOTTED.test(className)) {
      fail('authenticator.className', className, "must be a Python import path such as 'oauthenticator.generic.GenericOAuthenticator'");
    }
    const configClass = options.configClass ?? (className.split('.').pop() as string);
    if (!PY_IDENTIFIER.test(configClass)) fail('authenticator.configClass', configClass, "must be a Python class name such as 'GenericOAuthenticator'");
    const lines: ConfigLine[] = [];
    const seen = new Set<string>();
    const maps: [string, { [trait: string]: string | number | boolean | string[] } | undefined][] = [
      ['stringTraits', options.stringTraits],
      ['numberTraits', options.numberTraits],
      ['booleanTraits', options.booleanTraits],
      ['stringListTraits', options.stringListTraits],
    ];
    for (const [prop, map] of maps) {
      for (const [trait, value] of Object.entries(map ?? {})) {
        if (!PY_IDENTIFIER.test(trait)) fail(`authenticator.${prop}`, trait, 'must be a trait name (a Python identifier such as client_id)');
        if (seen.has(trait)) fail(`authenticator.${prop}`, trait, 'is set in two trait maps: set each trait once');
        seen.add(trait);
        lines.push(setting(configClass, trait, Array.isArray(value) ? [...value] : value));
      }
    }
    return new ConfiguredAuthenticator(className, options.adminUsers ?? [], options.allowedUsers ?? [], options.allowAll ?? false, lines);
  }

  /** Admin user names. */
  public abstract readonly adminUsers: string[];

  /**
   * The settings this authenticator contributes to `jupyterhub_config.py`.
   * @internal
   */
  public abstract _bind(): AuthenticatorConfig;
}

class ConfiguredAuthenticator extends Authenticator {
  public constructor(
    private readonly className: string,
    public readonly adminUsers: string[],
    private readonly allowedUsers: string[],
    private readonly allowAll: boolean,
    private readonly lines: ConfigLine[],
  ) {
    super();
  }

  public _bind(): AuthenticatorConfig {
    return { className: this.className, adminUsers: this.adminUsers, allowedUsers: this.allowedUsers, allowAll: this.allowAll, lines: this.lines };
  }
}
