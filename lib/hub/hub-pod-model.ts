/**
 * The hub pod's own settings resolved from the Hub's props: the workload options (pod metadata,
 * image pulling, history, priority), the top-level pull secrets, the probes, the lifecycle hooks
 * and the Deployment strategy.
 * @internal
 */
import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { HUB_ENV, IDS } from '../core/constants';
import { httpProbe, restrictedContainer, restrictedPod } from '../core/k8s';
import { checkDnsSubdomain, checkPositiveInt, checkUserId, fail } from '../core/validate';
import { applyWorkload, resolveWorkload, WorkloadModel } from '../core/workload-options';
import { execHook } from '../users/user-containers';
import { HubPodExtras, resolveHubPodExtras } from './hub-containers';
import type { HubProps } from './hub-props';
import { HubDeploymentStrategy, HubProbeOptions } from './hub-pod-props';

/** The hub pod's settings, validated. */
export interface HubPodModel {
  /** `workload`, with `extraEnv` and `serviceAccountAnnotations` merged into the hub's own props. */
  readonly workload: WorkloadModel;
  /** The top-level pull secrets (hub pod and user pods). */
  readonly imagePullSecrets: readonly string[];
  readonly livenessProbe?: k8s.Probe;
  readonly readinessProbe?: k8s.Probe;
  readonly lifecycle?: k8s.Lifecycle;
  readonly strategy: string;
  /** `extraVolumes`, `extraVolumeMounts`, `initContainers`, `extraContainers`. */
  readonly extras: HubPodExtras;
  /** The ServiceAccount the hub pod runs as, and whether the library writes it. */
  readonly serviceAccountName: string;
  readonly createServiceAccount: boolean;
  /** Whether the library writes the hub's Roles and RoleBindings. */
  readonly createRbac: boolean;
  /** The security contexts of the pod and of its containers (restricted). */
  readonly podSecurity: k8s.PodSecurityContext;
  readonly containerSecurity: k8s.SecurityContext;
}

interface ProbeDefaults {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

const LIVENESS: ProbeDefaults = {
  initialDelaySeconds: 300,
  periodSeconds: 10,
  timeoutSeconds: 3,
  failureThreshold: 30,
};
const READINESS: ProbeDefaults = { periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 1000 };

function wholeSeconds(prop: string, value: Duration, min: number): number {
  const s = value.toMilliseconds() / 1000;
  if (!Number.isInteger(s) || s < min)
    fail(prop, `${s}s`, `must be a whole number of seconds, at least ${min} (e.g. Duration.seconds(10))`);
  return s;
}

function resolveProbe(
  prop: string,
  o: HubProbeOptions | undefined,
  d: ProbeDefaults,
  path: string,
): k8s.Probe | undefined {
  if (o !== undefined && (o === null || typeof o !== 'object'))
    fail(prop, o, 'must be an object such as { period: Duration.seconds(10) }');
  if (o?.enabled === false) {
    const set = Object.entries(o).find(([k, v]) => k !== 'enabled' && v !== undefined);
    if (set) fail(`${prop}.${set[0]}`, set[1], `has no effect while '${prop}.enabled' is false: remove one of them`);
    return undefined;
  }
  const delay =
    o?.initialDelay === undefined ? d.initialDelaySeconds : wholeSeconds(`${prop}.initialDelay`, o.initialDelay, 0);
  return httpProbe(path, 'http', {
    initialDelaySeconds: delay,
    periodSeconds: o?.period === undefined ? d.periodSeconds : wholeSeconds(`${prop}.period`, o.period, 1),
    timeoutSeconds: o?.timeout === undefined ? d.timeoutSeconds : wholeSeconds(`${prop}.timeout`, o.timeout, 1),
    failureThreshold:
      o?.failureThreshold === undefined
        ? d.failureThreshold
        : checkPositiveInt(`${prop}.failureThreshold`, o.failureThreshold),
  });
}

/** `workload` with the hub's older props of the same thing (`extraEnv`, `serviceAccountAnnotations`) beside it. */
function resolveHubWorkload(props: HubProps): WorkloadModel {
  const workload = resolveWorkload('workload', props.workload, ['PYTHONUNBUFFERED', ...Object.values(HUB_ENV)]);
  const twice = (a: object | undefined, b: object) => Object.keys(b).find((k) => k in (a ?? {}));
  const env = twice(props.extraEnv, workload.extraEnv);
  if (env !== undefined)
    fail(`workload.extraEnv.${env}`, workload.extraEnv[env], "is in 'extraEnv' too: an env var has one source");
  const sa = twice(props.serviceAccountAnnotations, workload.serviceAccountAnnotations);
  if (sa !== undefined)
    fail(
      `workload.serviceAccountAnnotations.${sa}`,
      workload.serviceAccountAnnotations[sa],
      "is in 'serviceAccountAnnotations' too: set it once",
    );
  return workload;
}

function resolveStrategy(props: HubProps, sqliteClaim: boolean): string {
  const strategy = props.deploymentStrategy ?? HubDeploymentStrategy.RECREATE;
  const choices = Object.values(HubDeploymentStrategy) as string[];
  if (!choices.includes(strategy))
    fail('deploymentStrategy', strategy, 'must be HubDeploymentStrategy.RECREATE or ROLLING_UPDATE');
  if (strategy === HubDeploymentStrategy.ROLLING_UPDATE && sqliteClaim)
    fail(
      'deploymentStrategy',
      strategy,
      "needs a database two hubs can open at once: sqlite on a ReadWriteOnce claim (the default 'database') cannot be mounted by the new pod while the old one runs; keep RECREATE or use HubDatabase.external(...)",
    );
  return strategy;
}

function resolvePullSecrets(props: HubProps): readonly string[] {
  const names = (props.imagePullSecrets ?? []).map((n, i) => checkDnsSubdomain(`imagePullSecrets[${i}]`, n));
  if (new Set(names).size !== names.length) fail('imagePullSecrets', names, 'lists a Secret twice: list each once');
  return names;
}

/** The restricted security contexts with the ids given (never root). */
function resolveSecurity(props: HubProps): {
  podSecurity: k8s.PodSecurityContext;
  containerSecurity: k8s.SecurityContext;
} {
  const pod = props.podSecurityContext;
  const c = props.containerSecurityContext;
  for (const [prop, o] of [
    ['podSecurityContext', pod],
    ['containerSecurityContext', c],
  ] as const) {
    if (o !== undefined && (o === null || typeof o !== 'object'))
      fail(prop, o, 'must be an object such as { fsGroup: 1000 } or { runAsUser: 1000 }');
  }
  const id = (prop: string, v: number | undefined) => (v === undefined ? IDS.hub : checkUserId(prop, v, true));
  const groups = pod?.supplementalGroups;
  if (groups !== undefined && !Array.isArray(groups))
    fail('podSecurityContext.supplementalGroups', groups, 'must be a list of group ids, e.g. [2000]');
  (groups ?? []).forEach((g, i) => checkUserId(`podSecurityContext.supplementalGroups[${i}]`, g, true));
  const uid = id('containerSecurityContext.runAsUser', c?.runAsUser);
  const gid = id('containerSecurityContext.runAsGroup', c?.runAsGroup);
  return {
    podSecurity: {
      ...restrictedPod(id('podSecurityContext.fsGroup', pod?.fsGroup)),
      ...(groups && groups.length > 0 ? { supplementalGroups: [...groups] } : {}),
    },
    containerSecurity: restrictedContainer(uid, gid, true),
  };
}

/** The ServiceAccount: the library's (named like the hub, or `name`), or a user-provided one of `name`. */
function resolveServiceAccount(props: HubProps, workload: WorkloadModel, hubName: string) {
  const o = props.serviceAccount;
  if (o !== undefined && (o === null || typeof o !== 'object'))
    fail('serviceAccount', o, "must be an object such as { create: false, name: 'hub' }");
  const create = o?.create ?? true;
  const name = o?.name === undefined ? hubName : checkDnsSubdomain('serviceAccount.name', o.name);
  if (!create && o?.name === undefined)
    fail(
      'serviceAccount.name',
      undefined,
      "is required with 'serviceAccount.create: false': name the ServiceAccount you provide (the namespace's 'default' account would give every pod that uses it the hub's rights)",
    );
  const annotated = Object.keys({ ...props.serviceAccountAnnotations, ...workload.serviceAccountAnnotations });
  if (!create && annotated.length > 0)
    fail(
      'serviceAccountAnnotations',
      annotated,
      "annotate a ServiceAccount the library writes, and 'serviceAccount.create' is false: annotate yours yourself, or remove them",
    );
  return { serviceAccountName: name, createServiceAccount: create, createRbac: props.createRbac ?? true };
}

/**
 * Validates the hub pod's settings. `healthPath` is what the probes GET; `sqliteClaim` whether the
 * hub keeps sqlite on a ReadWriteOnce claim.
 */
export function resolveHubPod(
  props: HubProps,
  ctx: { healthPath: string; sqliteClaim: boolean; hubName: string },
): HubPodModel {
  const { healthPath, sqliteClaim } = ctx;
  const postStart = execHook('postStartCommand', props.postStartCommand) as k8s.LifecycleHandler | undefined;
  const preStop = execHook('preStopCommand', props.preStopCommand) as k8s.LifecycleHandler | undefined;
  const workload = resolveHubWorkload(props);
  const security = resolveSecurity(props);
  return {
    workload,
    extras: resolveHubPodExtras(props, { policy: workload.imagePullPolicy, security: security.containerSecurity }),
    imagePullSecrets: resolvePullSecrets(props),
    livenessProbe: resolveProbe('livenessProbe', props.livenessProbe, LIVENESS, healthPath),
    readinessProbe: resolveProbe('readinessProbe', props.readinessProbe, READINESS, healthPath),
    lifecycle: postStart || preStop ? { postStart, preStop } : undefined,
    strategy: resolveStrategy(props, sqliteClaim),
    ...resolveServiceAccount(props, workload, ctx.hubName),
    ...security,
  };
}

/**
 * The hub pod template with the workload options applied by the one mechanism (`applyWorkload`):
 * pull secrets (the top-level ones, then `workload`'s) and policy, labels, node selector,
 * tolerations, priority. The parts the hub renders late (its annotations, init containers) are
 * kept as they are: the hub sets their pull policy and annotations itself; `extraEnv` reaches
 * the hub container through the hub's extras (with the hub's env checks).
 */
export function withHubPod(pod: HubPodModel, template: k8s.PodTemplateSpec): k8s.PodTemplateSpec {
  const { initContainers, ...spec } = template.spec as k8s.PodSpec;
  const own = pod.imagePullSecrets;
  const pull = [...own, ...pod.workload.imagePullSecrets.filter((n) => !own.includes(n))];
  const applied = applyWorkload(
    { ...pod.workload, imagePullSecrets: pull, extraEnv: {} },
    { metadata: { labels: template.metadata?.labels }, spec },
  );
  return {
    metadata: { ...applied.metadata, annotations: template.metadata?.annotations },
    spec: { ...(applied.spec as k8s.PodSpec), initContainers },
  };
}
