import type { IConstruct } from 'constructs';

/**
 * Requests and limits of a pod, or of several pods together, as a ResourceQuota counts them: the
 * containers' sum, or the largest init container where that is larger. CPU in millicores, memory
 * in bytes.
 */
export interface PodResources {
  /** CPU requested, in millicores. */
  readonly cpuRequestMillis: number;
  /** CPU limit, in millicores. */
  readonly cpuLimitMillis: number;
  /** Memory requested, in bytes. */
  readonly memoryRequestBytes: number;
  /** Memory limit, in bytes. */
  readonly memoryLimitBytes: number;
}

/**
 * Pods that a program creates at run time (a hub's user servers, a gateway's kernels, Dask
 * clusters), by the most of them that can run at once, for a {@link NamespaceQuota} of their
 * namespace to admit.
 */
export interface RuntimePods {
  /** What they are, as the quota's `cdk8s-jupyterhub/sized-for` annotation names them, e.g. `user servers of hub 'jeg-lab/jupyterhub/hub'`. */
  readonly description: string;

  /**
   * Namespace the pods are created in.
   * @default - the current namespace (kubectl's), as objects of a chart without a namespace
   */
  readonly namespace?: string;

  /** How many groups (servers, kernels, clusters) can run at once. */
  readonly count: number;

  /** The largest single pod (the LimitRange's most a pod may have is at least this). */
  readonly largestPod: PodResources;

  /**
   * The largest group, e.g. a Dask cluster's scheduler with its most workers.
   * @default - the largest pod: each group is one pod
   */
  readonly largestGroup?: PodResources;

  /**
   * Pods in a group at most.
   * @default 1
   */
  readonly podsPerGroup?: number;
}

/**
 * A construct whose programs create pods at run time, which a {@link NamespaceQuota} of the
 * namespace they run in must admit: `Hub` (user servers), `EnterpriseGateway` (kernels),
 * `DaskGateway` (clusters). The quota finds every one in the app; defined here, below all of
 * them, so the quota never imports them.
 */
export interface IRuntimePodSource extends IConstruct {
  /**
   * The pods it creates at run time in `namespace`, read when the app is synthesized; none for a
   * namespace it creates no pods in.
   * @param namespace the quota's namespace (undefined: the current one, for a chart without a namespace)
   * @throws if they cannot be sized (a missing limit, no bound on their number), naming the prop to set.
   */
  runtimePods(namespace?: string): RuntimePods[];
}

/** Whether a construct declares the pods it creates at run time. */
export function isRuntimePodSource(c: IConstruct): c is IRuntimePodSource {
  return typeof (c as Partial<IRuntimePodSource>).runtimePods === 'function';
}

/** Resources with every amount zero. */
export const NO_RESOURCES: PodResources = {
  cpuRequestMillis: 0,
  cpuLimitMillis: 0,
  memoryRequestBytes: 0,
  memoryLimitBytes: 0,
};

const KEYS = ['cpuRequestMillis', 'cpuLimitMillis', 'memoryRequestBytes', 'memoryLimitBytes'] as const;

/** Each amount the larger of the two. */
export function maxResources(a: PodResources, b: PodResources): PodResources {
  const out = { ...NO_RESOURCES } as { -readonly [K in keyof PodResources]: number };
  for (const k of KEYS) out[k] = Math.max(a[k], b[k]);
  return out;
}

/** The amounts of `a` plus `n` times those of `b`. */
export function addResources(a: PodResources, b: PodResources, n: number = 1): PodResources {
  const out = { ...NO_RESOURCES } as { -readonly [K in keyof PodResources]: number };
  for (const k of KEYS) out[k] = a[k] + n * b[k];
  return out;
}
