import * as kplus from 'cdk8s-plus-27';
import type { ContainerSecurityOptions } from '../core/container-security';
import type { WorkloadOptions } from '../core/workload-options';
import type { ScorePluginsOptions, ScoringStrategyOptions } from './scheduler-profile';
import type { DisruptionBudgetOptions } from './scheduling-options';

/** Props of {@link UserScheduler}. */
export interface UserSchedulerProps {
  /**
   * Replicas (one leads, the others wait; a PodDisruptionBudget keeps one up during drains).
   * @default 2
   */
  readonly replicas?: number;

  /**
   * The cluster's Kubernetes minor version, `'1.N'` (the server version of `kubectl version`), from
   * 1.27 to 1.36 (the versions this library supports). It picks the pinned kube-scheduler of that
   * minor: Kubernetes' version skew policy allows a kube-scheduler at most one minor older than
   * the API server and never newer. Set it to your cluster's version, and change it when you
   * upgrade the cluster (after the control plane).
   * @default '1.27' (the oldest supported version: kube-scheduler v1.27.16)
   */
  readonly kubernetesVersion?: string;

  /**
   * kube-scheduler image, pinned, instead of the one `kubernetesVersion` picks (e.g. a mirror).
   * When it is a kube-scheduler release (`.../kube-scheduler:v1.N.P`) and `kubernetesVersion` is
   * set, it must be within skew of it: the same minor or one older.
   * @default - the kube-scheduler of `kubernetesVersion`
   */
  readonly image?: string;

  /**
   * Resources of the scheduler container.
   * @default - requests 50m CPU and 256Mi memory; limits 1 CPU and 512Mi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * kube-scheduler's log verbosity (`--v`).
   * @default 4 (Zero to JupyterHub's)
   */
  readonly logLevel?: number;

  /**
   * Options of the scheduler's pods: labels, annotations, node selector, tolerations, image pull
   * secrets and policy, the ReplicaSets kept, a priority class, extra env of kube-scheduler, and
   * annotations of its ServiceAccount (not with `serviceAccountName`).
   * @default - none
   */
  readonly workload?: WorkloadOptions;

  /**
   * An existing ServiceAccount the scheduler runs as (user-provided): the library then writes no
   * ServiceAccount and no RBAC for it, and you grant it what kube-scheduler needs (the rules of
   * the ClusterRole and Role this construct writes without it: reads of nodes, pods, volumes and
   * storage cluster-wide; binding, preempting and its lease in the hub's namespace).
   * @default - a ServiceAccount of its own, with least-privilege RBAC
   */
  readonly serviceAccountName?: string;

  /**
   * The scheduler's PodDisruptionBudget.
   * @default - `maxUnavailable: 1` when there is more than one replica
   */
  readonly disruptionBudget?: DisruptionBudgetOptions;

  /**
   * The user and group kube-scheduler runs as (the rest of its security context stays restricted).
   * @default - nobody (65534:65534)
   */
  readonly containerSecurity?: ContainerSecurityOptions;

  /**
   * The score plugins that rank the nodes, and their weights (the profile's `plugins.score`).
   * @default - Zero to JupyterHub's: NodeAffinity, InterPodAffinity, NodeResourcesFit and
   * ImageLocality re-weighted, NodeResourcesBalancedAllocation off
   * @example
   * { enabled: [{ plugin: ScorePlugin.NODE_RESOURCES_FIT, weight: 1000 }] }
   */
  readonly scorePlugins?: ScorePluginsOptions;

  /**
   * How `NodeResourcesFit` scores the nodes (its `pluginConfig` args): which resources, and
   * whether the busiest or the emptiest node wins.
   * @default - MostAllocated by cpu and memory (weight 1 each), as Zero to JupyterHub's
   * @example
   * { resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }, { name: 'nvidia.com/gpu', weight: 10 }] }
   */
  readonly scoringStrategy?: ScoringStrategyOptions;
}
