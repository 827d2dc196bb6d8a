import { k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import type { ConfigTrait } from '../core/config-trait';
import type { NodePool } from '../users/node-pool';
import type { SharedHome } from '../users/shared-home';

/** A part of a hub whose pods others connect to or from (a NetworkPolicy peer, a selector). */
export enum HubComponent {
  /** The hub pod. */
  HUB = 'hub',
  /** The proxy pod (configurable-http-proxy, and the front door in front of it). */
  PROXY = 'proxy',
  /** The users' server pods (created by KubeSpawner at run time). */
  SINGLE_USER = 'singleuser-server',
}

/**
 * The users' pods as a pre-puller or a placeholder must copy them: where they are scheduled, what
 * they pull, and with which scheduler and priority. All `k8s` structs, ready for a pod spec.
 */
export interface UserPodsSpec {
  /** Images the users' servers may run (the default and every profile's), pinned ones first as given. */
  readonly images: string[];
  /** Pull secrets of the users' pods. */
  readonly imagePullSecrets: k8s.LocalObjectReference[];
  /**
   * Node selector of the users' pods.
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations of the users' pods.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Affinity of the users' pods.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Scheduler of the users' pods, once an integration (a user scheduler) set one.
   * @default - the cluster's default scheduler
   */
  readonly schedulerName?: string;
  /**
   * PriorityClass of the users' pods, once an integration (user placeholders) set one.
   * @default - none
   */
  readonly priorityClassName?: string;
  /** What one user server requests and is limited to (memory in bytes, cpu in cores, extra resources). */
  readonly resources: k8s.ResourceRequirements;
}

/**
 * One connection an integration needs, said as intent: which of the hub's pods connect to which
 * pods on which TCP ports. The hub opens the egress of its own NetworkPolicies for it (and gives
 * the proxy its share through {@link IHub.egressOf}); the pods connected to admit it with an
 * {@link IntegrationNetworkPolicy} (or a NetworkPolicy of their own).
 */
export interface HubConnection {
  /** The hub's pods that connect. */
  readonly from: HubComponent;
  /** Labels of the pods connected to. */
  readonly toPodLabels: { [key: string]: string };
  /**
   * Namespace of the pods connected to.
   * @default - the hub's namespace
   */
  readonly toNamespace?: string;
  /** TCP ports connected to. */
  readonly ports: number[];
}

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
  /** How many user servers may be active at once (`c.JupyterHub.active_server_limit`); 0: no limit. */
  readonly activeServerLimit: number;
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
  /**
   * Node pool of the hub pod, which the pods of its proxy and gateways run on unless told otherwise.
   * @default - none: any node
   */
  readonly nodePool?: NodePool;
  /**
   * The hub's top-level image pull secrets (`HubProps.imagePullSecrets`): Secret names in the
   * hub's namespace that every pod of the hub in that namespace pulls with (the hub's, the users',
   * and an integration's pods there list them first, then their own).
   */
  readonly imagePullSecrets: string[];

  /** Labels that select the pods of one part of the hub (for NetworkPolicy peers and selectors). */
  podLabels(component: HubComponent): { [key: string]: string };

  /**
   * The users' pods as pre-pullers and placeholders copy them. Read it when the objects are
   * rendered (in a `Lazy`), or after every integration is added: integrations may set the scheduler
   * and priority.
   */
  userPods(): UserPodsSpec;

  /**
   * The URL users reach the hub at (`https://host[:port]`), once its front door gave it.
   * @returns undefined while no front door has a host
   */
  publicUrl(): string | undefined;

  /**
   * Egress rules the hub's integrations ask for one part of the hub: its connections
   * ({@link HubIntegrationConfig.connections}) and raw rules. The proxy's NetworkPolicy reads the
   * proxy's share; read it when rendering (in a `Lazy`).
   */
  egressOf(component: HubComponent): k8s.NetworkPolicyEgressRule[];
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

  /**
   * Where the hub sends a browser back after its OAuth login of the service
   * (`oauth_redirect_uri`): a service without a URL of its own is an OAuth client with it.
   * @default - JupyterHub's: `/services/<name>/oauth_callback` for a service with a URL
   */
  readonly oauthRedirectUri?: string;

  /**
   * Whether users log in to the service without being asked to confirm (`oauth_no_confirm`), for
   * a service the hub's operator runs.
   * @default - JupyterHub's: false
   */
  readonly oauthNoConfirm?: boolean;
}

/** A Secret the hub's `secret-init` container creates in the hub's namespace when it is missing. */
export interface HubGeneratedSecret {
  /** Name of the Secret. */
  readonly name: string;
  /** Keys, each filled with 32 random bytes as hex. */
  readonly keys: string[];
}

/**
 * Whether clients outside the cluster reach the hub's login page, and through what: given by the
 * hub's `Proxy` from its public Service's type and its front doors. A hub whose
 * authenticator accepts any password refuses a proxy that the outside reaches.
 */
export interface HubExposure {
  /**
   * Whether the outside of the cluster reaches the hub: a NodePort or LoadBalancer `proxy-public`,
   * one with `externalIPs`, an Ingress, an HTTPProxy, an HTTPRoute.
   */
  readonly outsideCluster: boolean;
  /**
   * What the outside reaches the hub through, one phrase each for errors (e.g.
   * `Service 'proxy-public' of type LoadBalancer`); empty when nothing does.
   */
  readonly via: string[];
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
   * by the hub's `Proxy`, from its front door (an `NginxIngress` with a host), by one integration
   * at most. The OAuth callback URL is derived from it and the hub's base URL.
   * @default - not the hub's front door
   */
  readonly publicUrl?: string;

  /**
   * Whether the outside of the cluster reaches the hub, and through what: given by the hub's
   * `Proxy` (its public Service and front doors), by one integration at most. A hub whose
   * authenticator accepts any password (the dummy one) refuses it when the outside reaches it.
   * @default - not the hub's proxy: it says nothing about the hub's reach
   */
  readonly exposure?: HubExposure;

  /**
   * Scheduler and priority of the users' pods; each may be set by one integration only.
   * @default - neither
   */
  readonly singleUserScheduling?: SingleUserScheduling;

  /**
   * Connections from the hub's pods to the integration's, said as intent (the hub writes the
   * egress rules; see {@link HubConnection}).
   * @default - none
   */
  readonly connections?: HubConnection[];

  /**
   * Settings of the hub's `jupyterhub_config.py` (`c.<Class>.<trait>`), as typed values; a trait
   * the hub or another integration already sets is an error.
   * @default - none
   */
  readonly hubTraits?: ConfigTrait[];

  /**
   * Plain environment of the hub container (no secrets: those go in `hubSecretEnv`).
   * @default - none
   */
  readonly hubEnv?: { [name: string]: string };

  /**
   * Volumes of the hub pod (mount them with `hubVolumeMounts`).
   * @default - none
   */
  readonly hubVolumes?: k8s.Volume[];

  /**
   * Mounts of the hub container (of the hub's own volumes or of `hubVolumes`).
   * @default - none
   */
  readonly hubVolumeMounts?: k8s.VolumeMount[];

  /**
   * Directories of Jinja templates the hub looks in first (`c.JupyterHub.template_paths`), e.g.
   * a custom login page mounted with `hubVolumes`.
   * @default - none
   */
  readonly templatePaths?: string[];
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
