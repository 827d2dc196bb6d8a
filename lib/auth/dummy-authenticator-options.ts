import type { AuthenticatorOptions } from './authenticator-options';

/**
 * Options of {@link DummyAuthenticator} and `Authenticator.dummy()`. It accepts any password: for
 * demos and tests only (JupyterHub 5 deprecated its shared `password`).
 */
export interface DummyAuthenticatorOptions extends AuthenticatorOptions {}
