/**
 * What a ResourceQuota counts for the pods of a synthesized workload: the pods it runs at once
 * and each pod's requests and limits, as the API server admits it in a namespace whose LimitRange
 * gives containers defaults.
 * @internal
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized manifests (any kind's JSON), read field by field */
import { PodResources } from './runtime-pods';

const SUFFIXES: { readonly [suffix: string]: number } = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};
const QUANTITY = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([-+]?[0-9]+))?(m|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/;

/** A Kubernetes quantity (`'500m'`, `'1.5'`, `'2Gi'`, `'1e9'`, a number) in its base unit; undefined if absent. */
export function quantityValue(q: unknown): number | undefined {
  if (q === undefined || q === null) return undefined;
  if (typeof q === 'number') return q;
  const s = String(q);
  const m = QUANTITY.exec(s);
  if (!m) throw new Error(`'${s}' is not a Kubernetes quantity`);
  const value = Number(m[1]) * 10 ** Number(m[2] ?? 0);
  return m[3] === 'm' ? value / 1000 : value * SUFFIXES[m[3] ?? ''];
}

/** One resource of a container: request and limit, defaulted as the API server and the LimitRange do. */
function amount(
  requests: { [k: string]: unknown } | undefined,
  limits: { [k: string]: unknown } | undefined,
  resource: string,
  defaults: { request: number; limit: number },
  scale: number,
): { request: number; limit: number } {
  const limitGiven = quantityValue(limits?.[resource]);
  const requestGiven = quantityValue(requests?.[resource]);
  // The Pod's defaulting copies a limit into a missing request; the LimitRange fills in the rest.
  const limit = limitGiven === undefined ? defaults.limit : Math.ceil(limitGiven * scale);
  const request =
    requestGiven !== undefined ? Math.ceil(requestGiven * scale) : limitGiven !== undefined ? limit : defaults.request;
  return { request, limit };
}

/**
 * A container's requests and limits (millicores, bytes) in a namespace whose LimitRange gives
 * `defaults` to what it does not set.
 * @throws if the API server would refuse it (a request above its limit).
 */
export function containerResources(c: any, defaults: PodResources, where: string): PodResources {
  const r = c?.resources ?? {};
  const cpu = amount(
    r.requests,
    r.limits,
    'cpu',
    { request: defaults.cpuRequestMillis, limit: defaults.cpuLimitMillis },
    1000,
  );
  const memory = amount(
    r.requests,
    r.limits,
    'memory',
    { request: defaults.memoryRequestBytes, limit: defaults.memoryLimitBytes },
    1,
  );
  for (const [name, a] of [
    ['CPU', cpu],
    ['memory', memory],
  ] as const) {
    if (a.request > a.limit)
      throw new Error(
        `${where}: container '${c?.name}' requests more ${name} than its limit (or the LimitRange's default limit, when it sets none): give it a limit`,
      );
  }
  return {
    cpuRequestMillis: cpu.request,
    cpuLimitMillis: cpu.limit,
    memoryRequestBytes: memory.request,
    memoryLimitBytes: memory.limit,
  };
}

/** A pod spec's requests and limits: the containers' sum, or the largest init container where larger. */
export function podSpecResources(spec: any, defaults: PodResources, where: string): PodResources {
  const sum = { cpuRequestMillis: 0, cpuLimitMillis: 0, memoryRequestBytes: 0, memoryLimitBytes: 0 };
  const init = { ...sum };
  const keys = Object.keys(sum) as (keyof PodResources)[];
  for (const c of spec?.containers ?? []) {
    const r = containerResources(c, defaults, where);
    for (const k of keys) sum[k] += r[k];
  }
  for (const c of spec?.initContainers ?? []) {
    const r = containerResources(c, defaults, where);
    for (const k of keys) init[k] = Math.max(init[k], r[k]);
  }
  for (const k of keys) sum[k] = Math.max(sum[k], init[k]);
  return sum;
}

/** Pods a Deployment runs at once: its replicas, and its surge during a rolling update (25% by default). */
function deploymentPods(spec: any): number {
  const replicas = spec?.replicas ?? 1;
  if (spec?.strategy?.type === 'Recreate') return replicas;
  const surge = spec?.strategy?.rollingUpdate?.maxSurge ?? '25%';
  if (typeof surge === 'number') return replicas + surge;
  return replicas + Math.ceil((replicas * parseInt(String(surge), 10)) / 100);
}

/** Pods a DaemonSet runs at once on `nodes` nodes: one per node, and its surge during an update (none by default). */
function daemonSetPods(spec: any, nodes: number): number {
  const surge = spec?.updateStrategy?.rollingUpdate?.maxSurge ?? 0;
  if (typeof surge === 'number') return nodes + surge;
  return nodes + Math.ceil((nodes * parseInt(String(surge), 10)) / 100);
}

/** Per kind of workload: the pods it runs at once on `nodes` nodes, and their spec. */
const WORKLOADS: { readonly [kind: string]: (spec: any, nodes: number) => { count: number; spec: any } } = {
  Pod: (spec) => ({ count: 1, spec }),
  Deployment: (spec) => ({ count: deploymentPods(spec), spec: spec?.template?.spec }),
  StatefulSet: (spec) => ({ count: spec?.replicas ?? 1, spec: spec?.template?.spec }),
  ReplicaSet: (spec) => ({ count: spec?.replicas ?? 1, spec: spec?.template?.spec }),
  ReplicationController: (spec) => ({ count: spec?.replicas ?? 1, spec: spec?.template?.spec }),
  DaemonSet: (spec, nodes) => ({ count: daemonSetPods(spec, nodes), spec: spec?.template?.spec }),
  Job: (spec) => ({ count: spec?.parallelism ?? 1, spec: spec?.template?.spec }),
  CronJob: (spec) => {
    // One run at a time with Forbid; with Replace the replaced run's pods may still be stopping,
    // and with Allow runs overlap: two are counted.
    const runs = spec?.concurrencyPolicy === 'Forbid' ? 1 : 2;
    const job = spec?.jobTemplate?.spec;
    return { count: runs * (job?.parallelism ?? 1), spec: job?.template?.spec };
  },
};

/** Whether objects of a kind run pods (the kinds {@link workloadPods} reads). */
export function isWorkloadKind(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(WORKLOADS, kind);
}

/**
 * The pods a synthesized workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob) runs at once, and their spec; undefined for other kinds.
 */
export function workloadPods(json: any, nodes: number): { count: number; spec: any } | undefined {
  const kind = String(json?.kind);
  return isWorkloadKind(kind) ? WORKLOADS[kind](json?.spec, nodes) : undefined;
}
