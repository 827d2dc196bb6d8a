import type { AuthenticatorOptions } from './authenticator-options';

/**
 * Options of {@link DummyAuthenticator} and `Authenticator.dummy()`. It accepts any password: for
 * demos and tests only (JupyterHub 5 deprecated its shared `password`). A Hub refuses it behind a
 * front door that the outside of the cluster reaches, unless `allowOpenNetwork`.
 */
export interface DummyAuthenticatorOptions extends AuthenticatorOptions {
  /**
   * Accept the dummy login although the hub is reachable from outside the cluster (a NodePort or
   * LoadBalancer `proxy-public`, one with `externalIps`, an Ingress, an HTTPProxy, an
   * HTTPRoute). Anyone who reaches that address logs in with any password, as an admin too, and
   * runs code in the cluster: only for a closed lab network that nobody else reaches. Elsewhere use `Authenticator.generatedSharedPassword()`
   * (passwords generated in the cluster) or a real login.
   * @default false (the hub refuses the dummy login when the outside reaches it)
   */
  readonly allowOpenNetwork?: boolean;
}
