import type * as kplus from 'cdk8s-plus-27';
import type { AuthenticatorOptions } from './authenticator-options';

/**
 * Options of {@link CustomAuthenticator} and `Authenticator.custom()`: an authenticator class the
 * library has no class of its own for, with its traits as typed maps. Values are written as Python
 * literals (never code); secrets are given as Secret references in `secretTraits` (never as text:
 * the other maps are written into the hub's ConfigMap).
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

  /**
   * Secret string traits (a client secret, a bind password), each a key of a Secret in the hub's
   * namespace, e.g. `{ client_secret: { secret: kplus.Secret.fromSecretName(scope, 'id', 'hub-auth'), key: 'client-secret' } }`.
   * The hub container gets the key as the env var `HUB_AUTH_<TRAIT>` (by `secretKeyRef`) and the
   * config reads it with `os.environ`: the secret never appears in the ConfigMap or the synthesized YAML.
   * @default - none
   */
  readonly secretTraits?: { [trait: string]: kplus.SecretValue };

  /**
   * TCP ports the hub connects to the identity provider on, e.g. `[443]` for an https provider or
   * `[636]` for LDAPS: the hub's NetworkPolicy opens egress to them (without them the hub cannot
   * reach the provider).
   * @default - none: the hub reaches no identity provider
   */
  readonly egressPorts?: number[];
}
