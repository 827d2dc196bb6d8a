import { k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import type { SharedHome } from '../users/shared-home';

/**
 * A hub as the things that plug into it see it: how it is reached, which pods are its, and where
 * its users' homes are. {@link Hub} implements it.
 */
export interface IHub extends IConstruct {
  /** Name of the hub Service. */
  readonly serviceName: string;
  /** Port of the hub Service. */
  readonly port: number;
  /**
   * Namespace of the hub and its user servers.
   * @default - the current namespace
   */
  readonly namespace?: string;
  /** Prefix of every name the hub and its proxy create. */
  readonly namePrefix: string;
  /** Value of the `release` label of the hub's pods. */
  readonly release: string;
  /** URL prefix of the whole hub, e.g. `/` or `/jupyter/`. */
  readonly baseUrl: string;
  /** Labels that select the hub's users' server pods (for NetworkPolicy peers). */
  readonly singleUserPodLabels: { [key: string]: string };
  /** Name of the Secret with the proxy token and cookie secret. */
  readonly secretName: string;
  /** Key of the proxy token in {@link secretName}. */
  readonly proxyTokenKey: string;
  /**
   * The users' homes, when they are directories of one shared volume.
   * @default - none: each user has a claim, or no storage
   */
  readonly sharedHome?: SharedHome;
  /**
   * Image of the users' servers (the default one, when users may choose).
   * @default - unknown
   */
  readonly singleUserImage?: string;
}

/** A service the hub registers and runs or routes to (`c.JupyterHub.services`), with its role. */
export interface HubServiceSpec {
  /** Service name (also its role's name). */
  readonly name: string;

  /**
   * One line on what the service is and may do (a comment in the hub config).
   * @default - the name
   */
  readonly description?: string;

  /**
   * Command the hub runs as a managed service.
   * @default - not run by the hub
   */
  readonly command?: string[];

  /**
   * URL of the service, for the proxy to route `/services/<name>/` to.
   * @default - no route
   */
  readonly url?: string;

  /**
   * Scopes granted to the service's role (`c.JupyterHub.load_roles`).
   * @default - no role
   */
  readonly scopes?: string[];

  /**
   * Environment variable of the hub container holding the service's API token (give it with
   * `hubSecretEnv`); the config reads it with `os.environ`, so the token is never in the ConfigMap.
   * @default - no token (a hub-managed service gets one from the hub)
   */
  readonly apiTokenEnv?: string;

  /**
   * Whether the service's page is listed in the hub's Services menu (`display`).
   * @default - JupyterHub's default
   */
  readonly display?: boolean;

  /**
   * Whether every user, and every user's server, may use the service: the hub's `user` and
   * `server` roles get `access:services!service=<name>` (a service that checks access scopes,
   * such as Dask Gateway, then accepts their tokens).
   * @default false
   */
  readonly userAccess?: boolean;
}

/** A Secret the hub's `secret-init` container creates in the hub's namespace when it is missing. */
export interface HubGeneratedSecret {
  /** Name of the Secret. */
  readonly name: string;
  /** Keys, each filled with 32 random bytes as hex. */
  readonly keys: string[];
}

/** How the users' pods are scheduled (KubeSpawner's `scheduler_name` and `priority_class_name`). */
export interface SingleUserScheduling {
  /**
   * Scheduler of the user pods (a {@link UserScheduler}'s).
   * @default - the cluster's default scheduler
   */
  readonly schedulerName?: string;

  /**
   * PriorityClass of the user pods (above the user placeholders').
   * @default - none
   */
  readonly priorityClassName?: string;
}

/** What an integration adds to a hub. Every field is optional; nothing is added by default. */
export interface HubIntegrationConfig {
  /**
   * Environment of the users' servers (KubeSpawner's `environment`); names must not clash with
   * other integrations or the hub's `singleUser.extraEnv`. Values are KubeSpawner templates:
   * `{username}` expands to the user's escaped name; write a literal brace as `{{` or `}}`.
   * @default - none
   */
  readonly singleUserEnv?: { [name: string]: string };

  /**
   * Environment of the users' servers read from Secret keys in the hub's namespace (never written
   * into the hub config or the manifests as values).
   * @default - none
   */
  readonly singleUserSecretEnv?: { [name: string]: k8s.SecretKeySelector };

  /**
   * Egress rules added to the users' servers' NetworkPolicy.
   * @default - none
   */
  readonly singleUserEgress?: k8s.NetworkPolicyEgressRule[];

  /**
   * Egress rules added to the hub's NetworkPolicy.
   * @default - none
   */
  readonly hubEgress?: k8s.NetworkPolicyEgressRule[];

  /**
   * Environment of the hub container read from Secret keys in the hub's namespace (e.g. a hub
   * service's API token, an OAuth client secret).
   * @default - none
   */
  readonly hubSecretEnv?: { [name: string]: k8s.SecretKeySelector };

  /**
   * Secrets generated in the cluster by the hub's `secret-init` container, each created when it is
   * missing (even if the hub's own Secret exists) and never rotated.
   * @default - none
   */
  readonly generatedSecrets?: HubGeneratedSecret[];

  /**
   * Services registered with the hub.
   * @default - none
   */
  readonly services?: HubServiceSpec[];

  /**
   * Egress rules added to the proxy's NetworkPolicy (e.g. to a hub service the proxy routes
   * `/services/<name>/` to).
   * @default - none
   */
  readonly proxyEgress?: k8s.NetworkPolicyEgressRule[];

  /**
   * URL of the proxy's REST API (`c.ConfigurableHTTPProxy.api_url`): given by the hub's proxy,
   * and by exactly one integration.
   * @default - not the hub's proxy
   */
  readonly proxyApiUrl?: string;

  /**
   * The URL users reach the hub at, scheme, host and port only (`https://hub.example.org`): given
   * by the hub's front door (an `NginxIngress` with a host), by one integration at most. The OAuth
   * callback URL is derived from it and the hub's base URL.
   * @default - not the hub's front door
   */
  readonly publicUrl?: string;

  /**
   * Scheduler and priority of the users' pods; each may be set by one integration only.
   * @default - neither
   */
  readonly singleUserScheduling?: SingleUserScheduling;
}

/**
 * Something that plugs into a {@link Hub} (a gateway for kernels, a hub service, the proxy, the
 * idle culler): it says what it contributes, and the hub collects it. Add one with
 * `hub.addIntegration(x)` or the Hub's `integrations` prop.
 */
export interface IHubIntegration {
  /**
   * Called once by the hub the integration is added to. May check the hub and throw.
   * @returns what the integration contributes to that hub
   */
  bindToHub(hub: IHub): HubIntegrationConfig;
}
