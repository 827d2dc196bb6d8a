import { k8s } from 'cdk8s-plus-27';
import { tolerationsOf } from './tolerations';
import { checkDnsSubdomain, checkEnvName, checkLabelValue, checkQualifiedName, fail } from './validate';

/** When the kubelet pulls a container's image (the container's `imagePullPolicy`). */
export enum PullPolicy {
  /** Pull on every start (a moving tag). */
  ALWAYS = 'Always',
  /** Pull only when the node does not have the image (the Kubernetes default for a pinned tag). */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull: the image must be on the node already (pre-loaded, air-gapped nodes). */
  NEVER = 'Never',
}

/**
 * What an operator sets on one of the library's workloads (the hub, the proxy, the TLS front,
 * the user scheduler, the placeholders, the image pullers, the gateways): pod metadata, node
 * placement, image pulling, the history kept, the priority, extra env and the ServiceAccount.
 * The same struct for every workload (z2jh spells these out per component: `hub.labels`,
 * `proxy.chp.nodeSelector`, `scheduling.userScheduler.image.pullSecrets`, ...). Everything the
 * library sets itself (its labels, its env, its security context) stays as it is: a key that
 * would overwrite one is an error naming this prop.
 */
export interface WorkloadOptions {
  /**
   * Extra labels of the pods (not of the selector, which must not change on a running
   * Deployment). The library's own keys (`app`, `component`, `release`, `hub.jupyter.org/*`) are refused.
   * @default - the library's labels only
   */
  readonly podLabels?: { readonly [key: string]: string };
  /**
   * Annotations of the pods (e.g. `cluster-autoscaler.kubernetes.io/safe-to-evict`).
   * @default - none beyond the library's
   */
  readonly podAnnotations?: { readonly [key: string]: string };
  /**
   * Node labels the pods must run on (`nodeSelector`), added to the library's placement.
   * @default - the library's placement
   */
  readonly nodeSelector?: { readonly [key: string]: string };
  /**
   * Tolerations added to the pods (e.g. of a tainted system node pool).
   * @default - the library's tolerations
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Names of `kubernetes.io/dockerconfigjson` Secrets the pods pull their images with, in the
   * workload's namespace (user-provided: the library never writes registry credentials).
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * The pull policy of every container of the pods.
   * @default - the Kubernetes default (IfNotPresent for a pinned tag)
   */
  readonly imagePullPolicy?: PullPolicy;
  /**
   * How many old ReplicaSets (or DaemonSet revisions) to keep for `kubectl rollout undo`.
   * @default - the Kubernetes default (10)
   */
  readonly revisionHistoryLimit?: number;
  /**
   * A PriorityClass of the pods (user-provided, or one this library makes).
   * @default - none
   */
  readonly priorityClassName?: string;
  /**
   * Extra environment variables of the workload's main container. Names the library sets are refused.
   * @default - none
   */
  readonly extraEnv?: { readonly [name: string]: string };
  /**
   * Annotations of the workload's ServiceAccount (cloud workload identity:
   * `iam.gke.io/gcp-service-account`, `eks.amazonaws.com/role-arn`, `azure.workload.identity/client-id`).
   * @default - none
   */
  readonly serviceAccountAnnotations?: { readonly [key: string]: string };
}

/** WorkloadOptions, validated once. @internal */
export interface WorkloadModel {
  readonly podLabels: { readonly [key: string]: string };
  readonly podAnnotations: { readonly [key: string]: string };
  readonly nodeSelector: { readonly [key: string]: string };
  readonly tolerations: k8s.Toleration[];
  readonly imagePullSecrets: readonly string[];
  readonly imagePullPolicy?: string;
  readonly revisionHistoryLimit?: number;
  readonly priorityClassName?: string;
  readonly extraEnv: { readonly [name: string]: string };
  readonly serviceAccountAnnotations: { readonly [key: string]: string };
}

/** Label keys the library owns on its pods. */
const OWNED_LABEL = /^(app|component|release|hub\.jupyter\.org\/.*|app\.kubernetes\.io\/.*)$/;

function stringMap(prop: string, value: unknown, check: (p: string, k: string, v: string) => void) {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(prop, value, 'must be an object of strings');
  const out: { [k: string]: string } = {};
  for (const [k, v] of Object.entries(value as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (typeof v !== 'string') fail(`${prop}.${k}`, v, 'must be a string');
    check(prop, k, v);
    out[k] = v;
  }
  return out;
}

function labelEntry(prop: string, k: string, v: string): void {
  checkQualifiedName(`${prop} key`, k);
  if (OWNED_LABEL.test(k))
    fail(`${prop}.${k}`, v, 'is a label the library sets (selectors depend on it): pick another key');
  checkLabelValue(`${prop}.${k}`, v);
}

/**
 * Labels a user adds beside the library's (e.g. a construct's `commonLabels`): label keys and
 * values, none of the library's own keys.
 * @internal
 */
export function extraLabels(prop: string, value: { readonly [key: string]: string } | undefined) {
  return stringMap(prop, value, labelEntry);
}

/**
 * Validates a workload's options (`prop` is the prop the user typed, e.g. `hub.workload`;
 * `env` the names the library sets in the main container).
 * @internal
 */
export function resolveWorkload(
  prop: string,
  options: WorkloadOptions | undefined,
  env: readonly string[] = [],
): WorkloadModel {
  const o = options ?? {};
  const pullSecrets = (o.imagePullSecrets ?? []).map((n, i) => checkDnsSubdomain(`${prop}.imagePullSecrets[${i}]`, n));
  if (new Set(pullSecrets).size !== pullSecrets.length)
    fail(`${prop}.imagePullSecrets`, pullSecrets, 'lists a Secret twice: list each once');
  const policies = Object.values(PullPolicy) as string[];
  if (o.imagePullPolicy !== undefined && !policies.includes(o.imagePullPolicy))
    fail(`${prop}.imagePullPolicy`, o.imagePullPolicy, `must be one of ${policies.join(', ')} (PullPolicy)`);
  const history = o.revisionHistoryLimit;
  if (history !== undefined && (!Number.isInteger(history) || history < 0))
    fail(`${prop}.revisionHistoryLimit`, history, 'must be a whole number of revisions, 0 or more');
  if (o.priorityClassName !== undefined) checkDnsSubdomain(`${prop}.priorityClassName`, o.priorityClassName);
  return {
    podLabels: stringMap(`${prop}.podLabels`, o.podLabels, labelEntry),
    podAnnotations: stringMap(`${prop}.podAnnotations`, o.podAnnotations, (p, k) => checkQualifiedName(`${p} key`, k)),
    nodeSelector: stringMap(`${prop}.nodeSelector`, o.nodeSelector, (p, k, v) => {
      checkQualifiedName(`${p} key`, k);
      checkLabelValue(`${p}.${k}`, v);
    }),
    tolerations: tolerationsOf(`${prop}.tolerations`, o.tolerations) as k8s.Toleration[],
    imagePullSecrets: pullSecrets,
    imagePullPolicy: o.imagePullPolicy,
    revisionHistoryLimit: history,
    priorityClassName: o.priorityClassName,
    extraEnv: stringMap(`${prop}.extraEnv`, o.extraEnv, (p, k, v) => {
      checkEnvName(`${p} key`, k);
      if (env.includes(k)) fail(`${p}.${k}`, v, 'is set by the library: pick another name');
    }),
    serviceAccountAnnotations: stringMap(`${prop}.serviceAccountAnnotations`, o.serviceAccountAnnotations, (p, k) =>
      checkQualifiedName(`${p} key`, k),
    ),
  };
}

function withEnv(c: k8s.Container, env: { readonly [name: string]: string }, policy?: string): k8s.Container {
  const extra = Object.entries(env).map(([name, value]) => ({ name, value }));
  return {
    ...c,
    ...(policy ? { imagePullPolicy: policy } : {}),
    ...(extra.length > 0 ? { env: [...(c.env ?? []), ...extra] } : {}),
  };
}

/**
 * A pod template with the workload's options applied: labels and annotations merged, node
 * selector and tolerations added, pull secrets and policy set, extra env on the first
 * (main) container.
 * @internal
 */
export function applyWorkload(model: WorkloadModel, template: k8s.PodTemplateSpec): k8s.PodTemplateSpec {
  const spec = template.spec as k8s.PodSpec;
  const policy = model.imagePullPolicy;
  const pull = [...(spec.imagePullSecrets ?? []).map((s) => s.name as string)];
  for (const n of model.imagePullSecrets) if (!pull.includes(n)) pull.push(n);
  const nodeSelector = { ...(spec.nodeSelector ?? {}), ...model.nodeSelector };
  const tolerations = [...(spec.tolerations ?? []), ...model.tolerations];
  const labels = { ...(template.metadata?.labels ?? {}), ...model.podLabels };
  const annotations = { ...(template.metadata?.annotations ?? {}), ...model.podAnnotations };
  return {
    ...template,
    metadata: {
      ...(template.metadata ?? {}),
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: {
      ...spec,
      ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
      ...(tolerations.length > 0 ? { tolerations } : {}),
      ...(pull.length > 0 ? { imagePullSecrets: pull.map((name) => ({ name })) } : {}),
      ...(model.priorityClassName ? { priorityClassName: model.priorityClassName } : {}),
      containers: spec.containers.map((c, i) => withEnv(c, i === 0 ? model.extraEnv : {}, policy)),
      ...(spec.initContainers ? { initContainers: spec.initContainers.map((c) => withEnv(c, {}, policy)) } : {}),
    },
  };
}
