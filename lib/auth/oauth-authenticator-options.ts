import type * as kplus from 'cdk8s-plus-27';
import type { AuthenticatorOptions } from './authenticator-options';

/**
 * Options shared by the OAuth authenticators (OAuthenticator 17). Register the hub as an OAuth
 * application with the provider; its redirect (callback) URL is
 * `https://<host><baseUrl>hub/oauth_callback`, derived from the hub's front door (the
 * `NginxIngress` host and whether TLS is on) unless given as `callbackUrl`.
 */
export interface OAuthAuthenticatorOptions extends AuthenticatorOptions {
  /** Client (application) id the provider gave the hub's OAuth application; not a secret. */
  readonly clientId: string;

  /**
   * The OAuth application's client secret: a key of a Secret in the hub's namespace, handed to the
   * hub container by `secretKeyRef` and read by the config with `os.environ`. It never appears in
   * the hub's ConfigMap or in the synthesized YAML.
   */
  readonly clientSecret: kplus.SecretValue;

  /**
   * The OAuth callback (redirect) URL registered with the provider, ending in
   * `<baseUrl>hub/oauth_callback`. Give it only when the hub's front door does not know the public
   * host (no `NginxIngress` host, a NodePort without a fixed port, an outer load balancer); when
   * both are known they must agree. A front door with a host and no TLS is refused for OAuth
   * (localhost aside) unless this is given: `https://<host>...` when TLS is terminated in front of
   * the door (a load balancer; this URL is then used), or the `http://` URL for plain HTTP on purpose.
   * @default - derived from the hub's public URL (the front door's host, https with TLS) and `baseUrl`
   */
  readonly callbackUrl?: string;

  /**
   * Name on the login button ("Sign in with ...").
   * @default - the provider's name (OAuthenticator's default)
   */
  readonly loginService?: string;
}
