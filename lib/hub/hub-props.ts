import * as kplus from 'cdk8s-plus-27';
import type { NetworkPolicyOptions } from '../core/network-policy-options';
import { Authenticator } from '../auth/authenticator';
import { HubDatabase } from './hub-database';
import { IHubIntegration } from './hub-integration';
import { HubSecret } from './hub-secret';
import type { HubTraits } from './hub-traits.generated';
import { IdleCullerOptions } from './idle-culler';
import type { NodePool } from '../users/node-pool';
import { SingleUserOptions } from '../users/single-user-options';
import type { UserSecretKeyRef } from '../users/single-user-options';
import type { WorkloadOptions } from '../core/workload-options';
import type {
  HubContainer,
  HubContainerSecurityOptions,
  HubDeploymentStrategy,
  HubKubeServiceOptions,
  HubPodSecurityOptions,
  HubProbeOptions,
  HubServiceAccountOptions,
  HubVolumeMount,
} from './hub-pod-props';
import type { HubVolume } from './hub-volume';

/**
 * Props of the `Hub` construct (in a file of their own, so that the hub's model resolver can read
 * them without importing the construct).
 */
export interface HubProps {
  /**
   * Prefix of every name this hub and its proxy create (`hub`, `proxy-api`, ...), so that several
   * hubs can share a namespace. Must end in '-'.
   * @default '' (the names of a Zero to JupyterHub release: `hub`, `proxy-public`, ...)
   */
  readonly namePrefix?: string;

  /**
   * Value of the `release` label; part of every selector, so it must differ between hubs that
   * share a namespace. Selectors are immutable: do not change it on a running hub.
   * @default 'jupyterhub'
   */
  readonly release?: string;

  /**
   * Hub image.
   * @default 'quay.io/jupyterhub/k8s-hub:4.4.0' (JupyterHub 5.5, KubeSpawner 7)
   */
  readonly image?: string;

  /**
   * Who may log in, and how: one of the classes extending {@link Authenticator} (e.g.
   * `new GitHubAuthenticator({...})` or `Authenticator.github({...})`; `DummyAuthenticator`, any
   * password, for demos only, and refused when the hub's proxy is reachable from outside the
   * cluster), or your own subclass. Required: there is no default, so a hub never lets everyone
   * in by accident.
   */
  readonly authenticator: Authenticator;

  /**
   * Whether the hub has admins (the authenticator's `adminUsers` or admin groups). JupyterHub 5's
   * admin role always includes access to users' servers, as Zero to JupyterHub's
   * `auth.admin.access: true`. `true` with no admin users is an error.
   * @default - true when the authenticator lists admin users or admin groups
   */
  readonly adminAccess?: boolean;

  /**
   * URL prefix of the whole hub: a URL path that starts and ends with '/', of segments of
   * letters, digits, '-', '.', '_', '~' and percent-escapes (`%20`), none empty, '.' or '..'.
   * @default '/'
   */
  readonly baseUrl?: string;

  /**
   * How many servers may be starting at once (0 = no limit).
   * @default 64
   */
  readonly concurrentSpawnLimit?: number;

  /**
   * How many user servers may be active at once, all users together
   * (`c.JupyterHub.active_server_limit`; a server counts from its spawn request until it has
   * stopped, and a spawn beyond the limit is refused with "try again later", JupyterHub 5.5's
   * handlers/base.py:1066-1126). A {@link NamespaceQuota} of the hub's namespace admits this many
   * servers of the largest profile, and needs it. 0: no limit.
   * @default 0 (no limit, JupyterHub's)
   */
  readonly activeServerLimit?: number;

  /**
   * Where the hub keeps its state.
   * @default HubDatabase.sqlitePvc() (1Gi claim `hub-db-dir`)
   */
  readonly database?: HubDatabase;

  /**
   * Stopping idle servers.
   * @default - enabled: timeout 1 hour, checked every 10 minutes, users kept
   */
  readonly idleCuller?: IdleCullerOptions;

  /**
   * The users' servers.
   * @default - the z2jh sample image, 1Gi memory guarantee, a 10Gi claim per user
   */
  readonly singleUser?: SingleUserOptions;

  /**
   * The proxy token and cookie secret.
   * @default HubSecret.generated() (created in the cluster on first start, never rotated)
   */
  readonly secret?: HubSecret;

  /**
   * Resources of the hub container.
   * @default - requests 200m CPU and 512Mi memory; limits 1 CPU and 1Gi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Node pool of the hub pod (the "core" pool, e.g. `NodePool.nodePurpose(NodePurpose.CORE)`);
   * the hub's Proxy runs there too unless it has its own `nodePool`.
   * @default - any node
   */
  readonly nodePool?: NodePool;

  /**
   * Node pool of the users' servers (the "user" pool, e.g. `NodePool.nodePurpose(NodePurpose.USER)`):
   * KubeSpawner's `node_affinity_required` or `node_affinity_preferred`, and `tolerations`. Added
   * to `singleUser`'s own placement; a required pool applies to every profile too.
   * @default - any node
   */
  readonly userNodePool?: NodePool;

  /**
   * A NetworkPolicy for the hub: ingress on 8081 from the proxy and user servers only; egress to
   * the proxy API, user servers, DNS and the Kubernetes API.
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * What the hub's NetworkPolicy allows besides its own rules (z2jh `hub.networkPolicy.*`):
   * extra ingress and egress rules, the predefined egress rules (the hub's defaults: DNS only;
   * its database, identity provider and the Kubernetes API are opened by their own rules), access
   * labels of other namespaces, ports open to anyone (not the hub's API port 8081, which kernels
   * and Dask workers must not reach). Warning: an extra ingress rule admitting pods the isolation
   * self-test probes from (a kernel, a Dask worker) fails its line "cannot reach the hub API".
   * @example
   * { egress: [{ peers: [{ podLabels: { app: 'my-service' } }], ports: [{ port: 5978 }] }] }
   * @default - the hub's own rules only
   */
  readonly networkPolicyRules?: NetworkPolicyOptions;

  /**
   * Things that plug into the hub (a gateway for kernels, hub services, ...); more can be added
   * with {@link Hub.addIntegration}.
   * @default - none (the idle culler is added from `idleCuller`)
   */
  readonly integrations?: IHubIntegration[];

  /**
   * Typed traits of the classes `jupyterhub_config.py` configures (`JupyterHub`, `KubeSpawner`,
   * `Authenticator` and the hub's authenticator class, `ConfigurableHTTPProxy`), each value checked
   * at construction against its trait's type in the pinned programs and written by the one config
   * generator. A trait the library sets itself is merged where that means something (labels, env,
   * volumes, mounts, containers, tolerations, node selector, services, roles, template paths) or
   * refused, naming the prop that owns it. `Type` and `Callable` traits are not data: they have no
   * prop (write a callable in `extraConfig`).
   * @example
   * { kubeSpawner: { extraLabels: { team: 'geo' }, deletePvc: false } }
   * @default - none
   */
  readonly traits?: HubTraits;

  /**
   * Python appended verbatim to `jupyterhub_config.py`: the escape hatch for settings that have
   * no typed prop. Prefer typed props. Its syntax is checked, not what it does: brackets and
   * quotes at construction, always; and, at synthesis, the whole syntax by Python's `compile()`
   * (nothing of it runs) where a `python3` is on the PATH (without one, that check is skipped).
   * @default - none
   */
  readonly extraConfig?: string;

  /**
   * Extra environment variables of the hub container (literal values; for secrets use
   * `secretEnv`). A variable the hub sets itself is refused.
   * @default - none
   */
  readonly extraEnv?: { [name: string]: string };

  /**
   * Environment variables of the hub container from keys of Secrets in the hub's namespace, by
   * reference (`valueFrom.secretKeyRef`); `extraConfig` reads them with `os.environ`.
   * @default - none
   */
  readonly secretEnv?: { [name: string]: UserSecretKeyRef };

  /**
   * Files of the hub container (a custom login page, a logo, a Python module for `extraConfig`):
   * kept in a ConfigMap of the hub (`hub-files-<hash of the files>`, at most 1 MiB together: a change is a new ConfigMap, so the hub rolls out) and each mounted
   * read-only at its path, which must be outside the directories the hub mounts itself
   * (`/etc/jupyterhub`, `/srv/jupyterhub`, `/tmp`). No secret in them: they are in `dist/`.
   * @default - none
   */
  readonly extraFiles?: HubFile[];

  /**
   * Directories of Jinja templates the hub looks in before its own
   * (`c.JupyterHub.template_paths`), e.g. where `extraFiles` puts a custom `login.html`.
   * @default - none
   */
  readonly templatePaths?: string[];

  /**
   * Variables of the hub's Jinja templates (`c.JupyterHub.template_vars`), e.g. a course name
   * shown on the login page.
   * @default - none
   */
  readonly templateVars?: { [name: string]: string };

  /**
   * Annotations of the hub's ServiceAccount, e.g. a cloud workload identity
   * (`iam.gke.io/gcp-service-account`, `eks.amazonaws.com/role-arn`).
   * @default - none
   */
  readonly serviceAccountAnnotations?: { [key: string]: string };

  /**
   * The hub pod's workload options: extra pod labels and annotations, node selector and
   * tolerations (added to `nodePool`'s placement), pull secrets and pull policy (of the `hub`
   * and `secret-init` containers), the ReplicaSets kept, a PriorityClass, extra env of the `hub`
   * container (beside `extraEnv`: a name in both is refused) and annotations of its
   * ServiceAccount (beside `serviceAccountAnnotations`: a key in both is refused).
   * @example
   * { podLabels: { team: 'platform' }, imagePullPolicy: PullPolicy.ALWAYS, revisionHistoryLimit: 3 }
   * @default - the library's settings only
   */
  readonly workload?: WorkloadOptions;

  /**
   * Names of `kubernetes.io/dockerconfigjson` Secrets in the hub's namespace that every pod the
   * library writes for the hub in that namespace pulls its images with, as Zero to JupyterHub's
   * top-level `imagePullSecrets`: the hub pod, the users' pods, the proxy pod (with its front
   * door's containers: nginx, the ACME client), the user scheduler, the user placeholders, the
   * image puller, the Enterprise Gateway's front, the Dask Gateway's token mirror (and its
   * dashboard auth service when the gateway shares the hub's namespace) and the isolation
   * self-test's pods there. Each pod lists these first, then its own (`workload.imagePullSecrets`,
   * `singleUser.imagePullSecrets`), each name once. A Secret cannot be used from another
   * namespace: the pods of a gateway in a namespace of its own (Enterprise Gateway, its kernels
   * and pullers, Dask Gateway and its clusters) take only their own `workload.imagePullSecrets`
   * (`clusterImagePullSecrets`, `kernelImagePullerOptions.workload`).
   * User-provided: the library never writes registry credentials.
   * @example
   * ['registry-credentials']
   * @default - none
   */
  readonly imagePullSecrets?: string[];

  /**
   * The hub container's liveness probe (`GET <baseUrl>hub/health`): restarts a hub that stopped
   * answering.
   * @default - enabled: after 300s, every 10s, timeout 3s, 30 failures
   */
  readonly livenessProbe?: HubProbeOptions;

  /**
   * The hub container's readiness probe (`GET <baseUrl>hub/health`): the hub Service sends
   * traffic once it answers.
   * @default - enabled: every 2s, timeout 1s, 1000 failures
   */
  readonly readinessProbe?: HubProbeOptions;

  /**
   * Command run in the hub container right after it starts (a `postStart` exec hook, no shell).
   * @default - none
   */
  readonly postStartCommand?: string[];

  /**
   * Command run in the hub container before it is stopped (a `preStop` exec hook, no shell).
   * @default - none
   */
  readonly preStopCommand?: string[];

  /**
   * How the hub Deployment replaces its pod. `ROLLING_UPDATE` (Kubernetes' default numbers: one
   * extra pod, none unavailable) needs a database two pods can open at once (`HubDatabase.external`
   * or `sqliteMemory`); with sqlite on its ReadWriteOnce claim it is refused.
   * @default HubDeploymentStrategy.RECREATE
   */
  readonly deploymentStrategy?: HubDeploymentStrategy;

  /**
   * The hub's Kubernetes Service (`hub`, port 8081): its type, annotations, node port, load
   * balancer address, the port's appProtocol and its IP families. A NodePort or LoadBalancer hub
   * Service counts as a way in from outside the cluster (an any-password login is refused).
   * @example
   * { ipFamilyPolicy: IpFamilyPolicy.PREFER_DUAL_STACK, annotations: { 'example.org/team': 'geo' } }
   * @default - a ClusterIP Service, as Zero to JupyterHub's
   */
  readonly service?: HubKubeServiceOptions;

  /**
   * Volumes of the hub pod (scratch space, ConfigMaps, Secrets by reference, existing claims),
   * mounted into the hub container with `extraVolumeMounts` and into the init and extra
   * containers with their `volumeMounts`.
   * @example
   * [HubVolume.secret('ldap-ca', 'ldap-ca-cert')]
   * @default - none
   */
  readonly extraVolumes?: HubVolume[];

  /**
   * Mounts of `extraVolumes` in the hub container, outside the directories the hub mounts itself
   * (`/etc/jupyterhub`, `/srv/jupyterhub`, `/tmp`) and the paths of `extraFiles`.
   * @example
   * [{ volume: 'ldap-ca', mountPath: '/etc/ldap/ca' }]
   * @default - none
   */
  readonly extraVolumeMounts?: HubVolumeMount[];

  /**
   * Containers of the hub pod that run to completion before the hub starts (after the library's
   * `secret-init`), as the hub's non-root user.
   * @default - none
   */
  readonly initContainers?: HubContainer[];

  /**
   * Containers of the hub pod beside the hub (sidecars), as the hub's non-root user. They share
   * the pod's network: the hub reaches them on `localhost`; the hub's NetworkPolicy admits no
   * other client to them.
   * @default - none
   */
  readonly extraContainers?: HubContainer[];

  /**
   * The hub pod's ServiceAccount: written by the library (the default), or user-provided
   * (`create: false` with a `name`).
   * @default - one the library writes, named like the hub
   */
  readonly serviceAccount?: HubServiceAccountOptions;

  /**
   * Whether the library writes the hub's Roles and RoleBindings in the hub's namespace. `false`
   * (bring your own RBAC): bind these rules to the hub's ServiceAccount yourself, in the hub's
   * namespace: `pods`: list, watch, create, delete; `events`: list, watch; with a claim per user
   * (`SingleUserStorage.dynamic`, the default) `persistentvolumeclaims`: get, create; and when a
   * Secret is generated in the cluster (`HubSecret.generated()`, the default, a generated login or
   * an integration's generated Secret) `secrets`: create. Nothing else is needed.
   * @default true
   */
  readonly createRbac?: boolean;

  /**
   * The hub pod's volume group and supplemental groups (a subset of the pod's security context
   * that keeps Pod Security `restricted`).
   * @default - fsGroup 1000
   */
  readonly podSecurityContext?: HubPodSecurityOptions;

  /**
   * The user and group the hub pod's containers run as, never root (a subset of the containers'
   * security context that keeps Pod Security `restricted`).
   * @default - user and group 1000
   */
  readonly containerSecurityContext?: HubContainerSecurityOptions;
}

/** A file of the hub container (see `HubProps.extraFiles`). */
export interface HubFile {
  /** Absolute path of the file in the hub container, e.g. `/usr/local/share/jupyterhub/custom/login.html`. */
  readonly path: string;
  /** Text of the file (UTF-8). */
  readonly content: string;
}
