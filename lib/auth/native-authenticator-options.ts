import type { AuthenticatorOptions } from './authenticator-options';

/**
 * Options of {@link NativeAuthenticator} and `Authenticator.native()` (`jupyterhub-nativeauthenticator`,
 * shipped in the hub image).
 */
export interface NativeAuthenticatorOptions extends AuthenticatorOptions {}
