import type { k8s } from 'cdk8s-plus-27';
import type { ConfigTrait } from '../core/config-trait';

/**
 * The OAuth part of an {@link AuthenticatorBinding}: the hub sets `c.<configClass>.oauth_callback_url`
 * to the callback URL it derives from its public URL and base URL (`<publicUrl><baseUrl>hub/oauth_callback`),
 * or to `callbackUrl` when it has no public URL.
 */
export interface AuthenticatorOAuthCallback {
  /** The configurable class `oauth_callback_url` is set on, e.g. `GitHubOAuthenticator`. */
  readonly configClass: string;

  /**
   * The callback URL registered with the provider, when given explicitly (it must agree with the
   * one derived from the hub's front door, if that is known).
   * @default - derived from the hub's public URL and base URL
   */
  readonly callbackUrl?: string;
}

/**
 * A Secret the hub's `secret-init` container creates in the hub's namespace when it is missing,
 * for an authenticator (e.g. the passwords of {@link GeneratedSharedPasswordAuthenticator}): each
 * key 32 random bytes as hex (64 characters), made in the cluster, never in the synthesized YAML,
 * never rotated.
 */
export interface AuthenticatorGeneratedSecret {
  /** Name of the Secret (a DNS-1123 subdomain), in the hub's namespace. */
  readonly name: string;
  /** Keys to fill, each with 32 random bytes as hex. */
  readonly keys: string[];
}

/**
 * What an authenticator contributes to the hub it is given to, returned by
 * {@link Authenticator.bind}: the settings the hub writes into `jupyterhub_config.py`, the env of
 * the hub container read from Secret keys, and the ports the hub's NetworkPolicy opens towards the
 * identity provider. Secrets are given by reference only: a trait reads its secret with
 * {@link ConfigTrait.fromEnv} from an env var listed in `secretEnv`, so no secret is ever in the
 * hub's ConfigMap or the synthesized YAML.
 *
 * @example
 * const binding: AuthenticatorBinding = {
 *   className: 'oauthenticator.gitlab.GitLabOAuthenticator',
 *   adminUsers: ['ada'],
 *   traits: [
 *     ConfigTrait.string('GitLabOAuthenticator', 'client_id', 'my-app'),
 *     ConfigTrait.fromEnv('GitLabOAuthenticator', 'client_secret', 'GITLAB_CLIENT_SECRET'),
 *   ],
 *   secretEnv: { GITLAB_CLIENT_SECRET: { name: 'hub-auth', key: 'client-secret' } },
 *   egressPorts: [443],
 *   oauth: { configClass: 'GitLabOAuthenticator' },
 * };
 */
export interface AuthenticatorBinding {
  /**
   * The authenticator class (`c.JupyterHub.authenticator_class`): an import path such as
   * `oauthenticator.github.GitHubOAuthenticator`, or an entry point name such as `dummy`. It must
   * be installed in the hub image.
   */
  readonly className: string;

  /**
   * Users that are JupyterHub admins (`c.Authenticator.admin_users`).
   * @default - none
   */
  readonly adminUsers?: string[];

  /**
   * Users allowed to log in (`c.Authenticator.allowed_users`).
   * @default - none listed
   */
  readonly allowedUsers?: string[];

  /**
   * Let every user who authenticates log in (`c.Authenticator.allow_all`).
   * @default false
   */
  readonly allowAll?: boolean;

  /**
   * A `# comment` line written after the common `c.Authenticator` settings, before `traits`
   * (what the authenticator is, where its secrets come from). One line, without line breaks.
   * @default - none
   */
  readonly comment?: string;

  /**
   * Settings of the authenticator's classes (`c.<Class>.<trait>`), in the order written; a trait
   * that reads a secret uses {@link ConfigTrait.fromEnv} with an env var of `secretEnv`.
   * @default - none
   */
  readonly traits?: ConfigTrait[];

  /**
   * Env vars of the hub container read from Secret keys in the hub's namespace (client secrets,
   * passwords), by env var name. The Secrets are referenced, never read.
   * @default - none
   */
  readonly secretEnv?: { [envName: string]: k8s.SecretKeySelector };

  /**
   * TCP ports the hub connects to the identity provider on (OAuth endpoints, the LDAP server):
   * the hub's NetworkPolicy opens egress to them.
   * @default - none: the hub reaches no identity provider
   */
  readonly egressPorts?: number[];

  /**
   * Whether admins can also come from the provider's groups, so the hub's `adminAccess` needs no
   * `adminUsers`.
   * @default false
   */
  readonly adminGroups?: boolean;

  /**
   * Set for an OAuth authenticator: the class the hub sets the OAuth callback URL on.
   * @default - not an OAuth authenticator: no callback URL
   */
  readonly oauth?: AuthenticatorOAuthCallback;

  /**
   * Secrets the hub's `secret-init` container generates in the cluster for the authenticator
   * (read back through `secretEnv`), each created when it is missing and never rotated.
   * @default - none
   */
  readonly generatedSecrets?: AuthenticatorGeneratedSecret[];

  /**
   * Whether any password logs in (the dummy authenticator). The hub then refuses a front door
   * that the outside of the cluster reaches (a NodePort or LoadBalancer `proxy-public`, one with
   * `externalIPs`, an Ingress, an HTTPProxy, an HTTPRoute), unless `openNetworkAllowed`. The classes `dummy` and
   * `jupyterhub.auth.DummyAuthenticator` are taken to accept any password whatever this says.
   * @default false
   */
  readonly acceptsAnyPassword?: boolean;

  /**
   * With `acceptsAnyPassword`: the hub may be reachable from outside the cluster anyway, because
   * its network is closed (a lab network nobody else reaches). Set by
   * `Authenticator.dummy({ allowOpenNetwork: true })`.
   * @default false
   */
  readonly openNetworkAllowed?: boolean;
}
