import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import type { NetworkPolicyOptions } from '../core/network-policy-options';
import type { PullPolicy } from '../core/workload-options';
import type { SingleUserProfile, UserNodePool } from './profile';
import type { SingleUserStorage } from './single-user-storage';
import type { UserContainer } from './user-container';
import type { UserEgressOptions } from './user-egress-options';
import type { UserVolume } from './user-volume';

/** The users' notebook servers, spawned by KubeSpawner. */
export interface SingleUserOptions {
  /**
   * Image of the user servers.
   * @default 'quay.io/jupyterhub/k8s-singleuser-sample:4.4.0'
   */
  readonly image?: string;

  /**
   * Allow `image` to be a moving tag (`:latest`, or no tag), as `GkeChart`'s
   * `aodewahn/thinkdsp:latest`: the explicit opt-out of the pinned-image rule. Nodes then pull the
   * image on every start (`imagePullPolicy: Always`), so each new server gets the newest push, but
   * servers started at different times can run different images, and the image pre-puller leaves it
   * out. `true` with a pinned image is an error (the opt-out would only slow every start).
   * @default false (the image must be pinned to a tag or digest)
   */
  readonly allowUnpinnedImage?: boolean;

  /**
   * When nodes pull the server image (`c.KubeSpawner.image_pull_policy`), and the pinned images of
   * the profiles, e.g. `PullPolicy.NEVER` on air-gapped nodes whose images are pre-loaded. With
   * `allowUnpinnedImage` only `PullPolicy.ALWAYS` is accepted (the opt-out's point).
   * @default PullPolicy.IF_NOT_PRESENT (PullPolicy.ALWAYS with `allowUnpinnedImage`)
   */
  readonly imagePullPolicy?: PullPolicy;

  /**
   * Names of Secrets of type `kubernetes.io/dockerconfigjson` in the hub's namespace, used to
   * pull the user images from a private registry (`c.KubeSpawner.image_pull_secrets`; also used
   * by the image pre-puller and the user placeholders). Create one with `kubectl create secret
   * docker-registry <name> --docker-server=... --docker-username=... --docker-password=...`;
   * the library never holds its value.
   * @default - none (public images)
   */
  readonly imagePullSecrets?: string[];

  /**
   * Command that starts the server (`c.KubeSpawner.cmd`).
   * @default ['jupyterhub-singleuser']
   */
  readonly cmd?: string[];

  /**
   * URL a user lands on after the server starts, e.g. `/lab`: a URL path from '/', of segments of
   * letters, digits, '-', '.', '_', '~', percent-escapes (`%20`) and `{username}` (which
   * JupyterHub fills in), none empty, '.' or '..'.
   * @default - the server's own default
   */
  readonly defaultUrl?: string;

  /**
   * Name of each user's server pod, a KubeSpawner template (`pod_name_template`) that names the
   * user and the server (`{user_server}`); lower-case letters, digits, '-' and '.' besides. The
   * pod's Service and Secret, when KubeSpawner makes them, take its name.
   * @default - `<namePrefix>jupyter-{user_server}` with a namePrefix; KubeSpawner's `jupyter-{user_server}` without
   */
  readonly podNameTemplate?: string;

  /**
   * User id the server runs as.
   * @default 1000
   */
  readonly uid?: number;

  /**
   * Group that owns the mounted volumes (`fsGroup`).
   * @default 100
   */
  readonly fsGid?: number;

  /**
   * Memory reserved for each server.
   * @default Size.gibibytes(1)
   */
  readonly memoryGuarantee?: Size;

  /**
   * Memory limit of each server; must be at least the guarantee.
   * @default - no limit
   */
  readonly memoryLimit?: Size;

  /**
   * CPU reserved for each server, e.g. `Cpu.millis(500)`.
   * @default - none reserved
   */
  readonly cpuGuarantee?: kplus.Cpu;

  /**
   * CPU each server may use at most; must be at least the guarantee.
   * @default - no limit
   */
  readonly cpuLimit?: kplus.Cpu;

  /**
   * How long the hub waits for a server to start.
   * @default Duration.minutes(5)
   */
  readonly startTimeout?: Duration;

  /**
   * Home directory storage.
   * @default SingleUserStorage.dynamic()
   */
  readonly storage?: SingleUserStorage;

  /**
   * Keep user servers from reaching the cloud metadata endpoint 169.254.169.254 (it can hand
   * out the node's cloud credentials). Enforced by the single-user NetworkPolicy. The same
   * setting as `networkPolicyRules.egressAllowRules.cloudMetadataServer`, negated: set one.
   * @default true
   */
  readonly blockCloudMetadata?: boolean;

  /**
   * Node labels a user server must be scheduled on.
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Extra environment variables of the user servers.
   * @default - none
   */
  readonly extraEnv?: { [name: string]: string };

  /**
   * Environment variables of the user servers taken from keys of Secrets, by reference
   * (`valueFrom.secretKeyRef`): the value never reaches `jupyterhub_config.py` or `dist/`. The
   * Secrets are in the user pods' namespace (the hub's); the library does not create them.
   * @default - none
   */
  readonly secretEnv?: { [name: string]: UserSecretKeyRef };

  /**
   * Environment variables whose values are KubeSpawner templates, expanded for each server:
   * `{username}`, `{servername}`, `{user_server}`, `{userid}`, `{namespace}`, ... (KubeSpawner 7
   * `_expand_user_properties`; a placeholder it does not know is refused; a literal brace is
   * written `{{` or `}}`). For literal values use `extraEnv`.
   * @default - none
   */
  readonly templatedEnv?: { [name: string]: string };

  /**
   * A NetworkPolicy for user servers: ingress only from the proxy and the hub; egress to the hub,
   * DNS, what the hub's integrations add (e.g. a gateway) and the internet (not to private ranges or the metadata endpoint).
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * Where the users' servers may connect besides the hub, DNS and what the hub's integrations
   * add (enforced by the single-user NetworkPolicy): the internet or not, and extra destinations.
   * @example
   * { internet: false, allowedCidrs: ['10.20.0.0/16'] } // an exam: no internet, the course's mirror
   * @default - the internet (not the private ranges, not the cloud metadata endpoint)
   */
  readonly egress?: UserEgressOptions;

  /**
   * What the single-user NetworkPolicy allows besides its own rules (z2jh
   * `singleuser.networkPolicy.*`): extra ingress and egress rules, the predefined egress rules,
   * access labels of other namespaces, ports open to anyone (not the servers' port 8888, which
   * would let every user reach every other's server). The users' egress is decided with `egress`
   * and `blockCloudMetadata`: `egressAllowRules.nonPrivateIPs` is `egress.internet`,
   * `egressAllowRules.cloudMetadataServer` is `blockCloudMetadata` negated, and setting both of a
   * pair to opposite meanings is refused. Warning: `privateIPs` and `cloudMetadataServer` open
   * what the users' isolation rests on (the cluster's unguarded services, the node's cloud
   * credentials); the isolation self-test then expects the metadata endpoint open and no longer
   * probes the hub's database. An extra rule reaching something the self-test probes fails its line.
   * @example
   * { egress: [{ peers: [{ cidr: '10.20.0.0/16' }], ports: [{ port: 5432 }] }] } // the course's database
   * @default - the users' own rules only (the egress of `egress` and `blockCloudMetadata`)
   */
  readonly networkPolicyRules?: NetworkPolicyOptions;

  /**
   * The Jupyter application the server runs (`JUPYTERHUB_SINGLEUSER_APP`).
   * @default - the image's default (Jupyter Server in current images)
   */
  readonly serverApp?: SingleUserServerApp;

  /**
   * Tolerations of the user pods (`c.KubeSpawner.tolerations`), e.g. of a dedicated user pool's taint.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];

  /**
   * Node affinity the user pods require (`c.KubeSpawner.node_affinity_required`): one of the
   * terms must match.
   * @default - none
   */
  readonly nodeAffinityRequired?: k8s.NodeSelectorTerm[];

  /**
   * Node affinity the user pods prefer (`c.KubeSpawner.node_affinity_preferred`), e.g. nodes
   * labelled `hub.jupyter.org/node-purpose=user`.
   * @default - none
   */
  readonly nodeAffinityPreferred?: k8s.PreferredSchedulingTerm[];

  /**
   * Pod affinity the user pods require (`c.KubeSpawner.pod_affinity_required`): each term must
   * hold, e.g. servers of one course on the nodes where its database runs.
   * @default - none
   */
  readonly podAffinityRequired?: k8s.PodAffinityTerm[];

  /**
   * Pod affinity the user pods prefer (`c.KubeSpawner.pod_affinity_preferred`), e.g. packing
   * user servers together so that the autoscaler can empty nodes.
   * @example
   * [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { component: 'singleuser-server' } } } }]
   * @default - none
   */
  readonly podAffinityPreferred?: k8s.WeightedPodAffinityTerm[];

  /**
   * Pod anti-affinity the user pods require (`c.KubeSpawner.pod_anti_affinity_required`): no
   * node (of the term's topology) holds both a user pod and a pod the term selects.
   * @default - none
   */
  readonly podAntiAffinityRequired?: k8s.PodAffinityTerm[];

  /**
   * Pod anti-affinity the user pods prefer (`c.KubeSpawner.pod_anti_affinity_preferred`), e.g.
   * keeping user servers off the nodes of a batch workload.
   * @default - none
   */
  readonly podAntiAffinityPreferred?: k8s.WeightedPodAffinityTerm[];

  /**
   * Pools of nodes that profiles refer to by name (`nodePool`).
   * @default - none
   */
  readonly nodePools?: UserNodePool[];

  /**
   * Command run in the server's container right after it starts (a `postStart` exec hook),
   * e.g. copying course material into the home. The server is not ready until it has finished.
   * @default - none
   */
  readonly postStartCommand?: string[];

  /**
   * Command run in the server's container before it is stopped (a `preStop` exec hook).
   * @default - none
   */
  readonly preStopCommand?: string[];

  /**
   * Containers that run to completion before the server starts (`c.KubeSpawner.init_containers`,
   * after the library's own, e.g. `home-init`).
   * @default - none
   */
  readonly initContainers?: UserContainer[];

  /**
   * Containers that run next to the server (`c.KubeSpawner.extra_containers`).
   * @default - none
   */
  readonly extraContainers?: UserContainer[];

  /**
   * Volumes mounted into the server (and, by name, into init and extra containers): scratch
   * space, files from ConfigMaps and Secrets, existing claims.
   * @default - none
   */
  readonly extraVolumes?: UserVolume[];

  /**
   * NVIDIA GPUs per server (the extended resource `nvidia.com/gpu`; on GKE the pool also needs
   * the GPU taint's toleration).
   * @default - none
   */
  readonly gpus?: number;

  /**
   * Other extended resources per server by name, in whole units, e.g. `{ 'amd.com/gpu': 1 }`
   * (`c.KubeSpawner.extra_resource_limits`; the request equals the limit).
   * @default - none
   */
  readonly extraResourceLimits?: { [resource: string]: number };

  /**
   * Resources each server requests without a limit (`c.KubeSpawner.extra_resource_guarantees`):
   * `ephemeral-storage` as a quantity (e.g. `'5Gi'`), or an extended resource in whole units. One
   * with a limit (`extraResourceLimits`, `gpus`) is requested at its limit already.
   * @default - none
   */
  readonly extraResourceGuarantees?: { [resource: string]: string };

  /**
   * ServiceAccount (in the hub's namespace) the user pods run as (`c.KubeSpawner.service_account`),
   * e.g. one bound to a cloud identity. The library does not create it.
   * @default - the namespace's `default` account
   */
  readonly serviceAccountName?: string;

  /**
   * Let the server's processes gain privileges through setuid programs such as `sudo`
   * (`c.KubeSpawner.allow_privilege_escalation`). **Warning:** Pod Security `restricted` refuses
   * it: `true` needs the hub in a {@link Namespace} with `podSecurity: PodSecurityLevel.BASELINE`
   * (what that admits: `UserContainer.runAsRoot`); the server stays non-root, capabilities dropped.
   * @default false
   */
  readonly allowPrivilegeEscalation?: boolean;

  /**
   * Mount the service account's API token into the user pods
   * (`c.KubeSpawner.automount_service_account_token`, always written). Code in a notebook can
   * then call the Kubernetes API as that account; `true` needs `serviceAccountName`.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * Profiles users choose from when they start a server (`c.KubeSpawner.profile_list`): each
   * changes the image, resources, node pool and more. Exactly one is the default.
   * @default - none: every server is the same
   */
  readonly profiles?: SingleUserProfile[];
}

/** The Jupyter application of the user servers. */
export enum SingleUserServerApp {
  /** Jupyter Server (JupyterLab, Notebook 7). */
  JUPYTER_SERVER = 'jupyter_server.serverapp.ServerApp',
  /** The classic Notebook server (Notebook 6 and older). */
  NOTEBOOK = 'notebook.notebookapp.NotebookApp',
}

/** A key of a Secret in the hub's namespace, for an env var of the users' servers. */
export interface UserSecretKeyRef {
  /** Name of the Secret (in the namespace of the user pods: the hub's). */
  readonly secretName: string;
  /** Key of the Secret whose value the variable takes. */
  readonly key: string;
}
