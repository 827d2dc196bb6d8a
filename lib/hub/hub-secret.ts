import { checkProps } from '../core/check-props';
import { checkDnsSubdomain, checkSecretKey, fail } from '../core/validate';

/** Keys of a user-provided Secret. */
export interface ExistingHubSecretOptions {
  /**
   * Key holding the proxy auth token (read by the hub and by configurable-http-proxy).
   * @default 'proxy.token'
   */
  readonly proxyTokenKey?: string;

  /**
   * Key holding the hub cookie secret, as hex (64 hex characters = 32 bytes).
   * @default 'hub.cookie-secret'
   */
  readonly cookieSecretKey?: string;
}

/** Where a Zero to JupyterHub release keeps the hub's secrets. */
export interface ZeroToJupyterHubSecretOptions {
  /**
   * Name of the release's hub Secret: `hub`, or `<fullnameOverride>-hub` when the release set
   * `fullnameOverride` (z2jh 3.x and 4.x: `jupyterhub.hub.fullname` in `_helpers-names.tpl`).
   * @default 'hub'
   */
  readonly secretName?: string;
}

/**
 * Where the hub's secrets are, once resolved.
 * @internal
 */
export interface HubSecretConfig {
  readonly secretName: string;
  /** Whether an init container of the hub creates the Secret in the cluster. */
  readonly generatedInCluster: boolean;
  readonly proxyTokenKey: string;
  readonly cookieSecretKey: string;
}

/**
 * The hub's two secrets: the token the hub and the proxy share, and the cookie secret.
 * Their values never appear in the synthesized YAML.
 */
export abstract class HubSecret {
  /** Default key of the proxy token. */
  public static readonly DEFAULT_PROXY_TOKEN_KEY = 'proxy.token';
  /** Default key of the cookie secret. */
  public static readonly DEFAULT_COOKIE_SECRET_KEY = 'hub.cookie-secret';

  /**
   * Generated inside the cluster (the default): an init container of the hub creates the Secret
   * with random values on first start; when it exists it is left alone, so re-applying the
   * manifests never rotates the token or logs users out.
   */
  public static generated(): HubSecret {
    return new ResolvedHubSecret(
      true,
      undefined,
      HubSecret.DEFAULT_PROXY_TOKEN_KEY,
      HubSecret.DEFAULT_COOKIE_SECRET_KEY,
    );
  }

  /**
   * A Secret you create yourself (e.g. with `kubectl create secret generic`, Sealed Secrets or
   * External Secrets).
   */
  public static fromSecretName(secretName: string, options: ExistingHubSecretOptions = {}): HubSecret {
    checkProps('HubSecret.fromSecretName', { secretName, options });
    checkDnsSubdomain('secretName', secretName);
    return new ResolvedHubSecret(
      false,
      secretName,
      options.proxyTokenKey ?? HubSecret.DEFAULT_PROXY_TOKEN_KEY,
      options.cookieSecretKey ?? HubSecret.DEFAULT_COOKIE_SECRET_KEY,
    );
  }

  /** Key of the proxy token in a Zero to JupyterHub release's hub Secret. */
  public static readonly Z2JH_PROXY_TOKEN_KEY = 'hub.config.ConfigurableHTTPProxy.auth_token';
  /** Key of the cookie secret (64 hex characters) in a Zero to JupyterHub release's hub Secret. */
  public static readonly Z2JH_COOKIE_SECRET_KEY = 'hub.config.JupyterHub.cookie_secret';

  /**
   * The hub Secret of a running Zero to JupyterHub (3.x or 4.x) release, to take it over: the
   * proxy token and the cookie secret keep their values, so users stay logged in and the proxy's
   * routes stay valid. z2jh 4.4.0 writes them under `hub.config.ConfigurableHTTPProxy.auth_token`
   * (64 alphanumeric characters) and `hub.config.JupyterHub.cookie_secret` (64 hex characters,
   * as `JPY_COOKIE_SECRET` needs): `templates/hub/secret.yaml` and `_helpers-passwords.tpl`.
   * The Secret stays the release's: keep it when Helm lets go of the release (see the takeover
   * guide, `docs/takeover.md`).
   */
  public static fromZeroToJupyterHub(options: ZeroToJupyterHubSecretOptions = {}): HubSecret {
    checkProps('ZeroToJupyterHubSecretOptions', options);
    return HubSecret.fromSecretName(options.secretName ?? 'hub', {
      proxyTokenKey: HubSecret.Z2JH_PROXY_TOKEN_KEY,
      cookieSecretKey: HubSecret.Z2JH_COOKIE_SECRET_KEY,
    });
  }

  /**
   * Validates the Secret's name and keys; `defaultName` is the name a generated Secret gets.
   * @internal
   */
  public abstract _bind(defaultName: string): HubSecretConfig;
}

class ResolvedHubSecret extends HubSecret {
  public constructor(
    private readonly generatedInCluster: boolean,
    private readonly secretName: string | undefined,
    private readonly proxyTokenKey: string,
    private readonly cookieSecretKey: string,
  ) {
    super();
  }

  public _bind(defaultName: string): HubSecretConfig {
    const config: HubSecretConfig = {
      secretName: this.secretName ?? defaultName,
      generatedInCluster: this.generatedInCluster,
      proxyTokenKey: this.proxyTokenKey,
      cookieSecretKey: this.cookieSecretKey,
    };
    checkDnsSubdomain('secret.secretName', config.secretName);
    checkSecretKey('secret.proxyTokenKey', config.proxyTokenKey);
    checkSecretKey('secret.cookieSecretKey', config.cookieSecretKey);
    if (config.proxyTokenKey === config.cookieSecretKey) {
      fail(
        'secret.cookieSecretKey',
        config.cookieSecretKey,
        "must differ from 'proxyTokenKey': the proxy token and the cookie secret are different secrets",
      );
    }
    return config;
  }
}
