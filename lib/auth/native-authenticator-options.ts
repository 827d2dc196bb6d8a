import type { AuthenticatorOptions } from './authenticator-options';

/**
 * Options of {@link NativeAuthenticator} and `Authenticator.native()` (`jupyterhub-nativeauthenticator`,
 * shipped in the hub image). `adminUsers` is required: they approve the sign-ups.
 */
export interface NativeAuthenticatorOptions extends AuthenticatorOptions {}
