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

/**
 * The hub's two secrets: the token the hub and the proxy share, and the cookie secret.
 * Their values never appear in the synthesized YAML.
 */
export class HubSecret {
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
    return new HubSecret(true, undefined, HubSecret.DEFAULT_PROXY_TOKEN_KEY, HubSecret.DEFAULT_COOKIE_SECRET_KEY);
  }

  /**
   * A Secret you create yourself (e.g. with `kubectl create secret generic`, Sealed Secrets or
   * External Secrets).
   */
  public static fromSecretName(secretName: string, options: ExistingHubSecretOptions = {}): HubSecret {
    return new HubSecret(false, secretName, options.proxyTokenKey ?? HubSecret.DEFAULT_PROXY_TOKEN_KEY, options.cookieSecretKey ?? HubSecret.DEFAULT_COOKIE_SECRET_KEY);
  }

  private constructor(
    /** Whether the Secret is generated in the cluster. */
    public readonly generatedInCluster: boolean,
    /** Name of a user-provided Secret. */
    public readonly secretName: string | undefined,
    /** Key of the proxy token. */
    public readonly proxyTokenKey: string,
    /** Key of the cookie secret. */
    public readonly cookieSecretKey: string,
  ) {}
}
