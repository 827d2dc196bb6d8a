/**
 * How large one Dask cluster can grow under a gateway's settings, as dask-gateway 2026.3.0 sizes
 * it: a scheduler (1 core and 2 GiB unless set, limits equal to the requests,
 * `backends/kubernetes/backend.py:113-155` and `backends/base.py:303-327`) and at most
 * `cluster_max_workers` workers, which the gateway lowers to what `cluster_max_cores` and
 * `cluster_max_memory` leave beside the scheduler, counted in requests
 * (`(cluster_max_cores - scheduler_cores) // worker_cores`, `backends/base.py:409-424`, applied to
 * every scale request in `backends/kubernetes/backend.py:473-483`). Each worker's requests and
 * limits are the config's, or those a cluster option's choice gives. dask-gateway has no limit
 * per user: a user may start any number of clusters, so only a namespace quota bounds them together.
 * @internal
 */
import { PodResources } from '../core/runtime-pods';
import { fail } from '../core/validate';
import type { DaskClusterOption, DaskWorkerRange } from './dask-cluster-option';
import type { DaskPodModel } from './dask-gateway-config';

/** The gateway's settings that size a cluster. */
export interface DaskGatewaySettings {
  readonly scheduler: DaskPodModel;
  readonly worker: DaskPodModel;
  readonly options: readonly DaskClusterOption[];
  readonly clusterMaxCores?: number;
  readonly clusterMaxMemoryBytes?: number;
  readonly clusterMaxWorkers?: number;
}

const GIB = 2 ** 30;
/** The room rounding leaves per worker pod: the controller writes cores to three decimals; memory is rounded down. */
const CPU_MARGIN_MILLIS = 1;
const MEMORY_MARGIN_BYTES = 1024;

/** A scheduler's requests and limits (cores, bytes) as the gateway defaults them. */
function roleOf(p: DaskPodModel): { cores: number; coresLimit: number; memory: number; memoryLimit: number } {
  const cores = p.cores ?? 1;
  const memory = p.memoryBytes ?? 2 * GIB;
  return { cores, coresLimit: p.coresLimit ?? cores, memory, memoryLimit: p.memoryLimitBytes ?? memory };
}

/** What a worker's cores and memory may be: the option's choices, else the config's. */
function workerRanges(s: DaskGatewaySettings): { cores: DaskWorkerRange; memory: DaskWorkerRange } {
  const w = roleOf(s.worker);
  const fixed = (field: string, request: number, limit: number): DaskWorkerRange => ({
    field,
    requestMin: request,
    requestMax: request,
    limitMax: limit,
    limitPerRequestMax: limit / request,
  });
  const ranges = s.options.map((o) => o._workerRange()).filter((r) => r !== undefined);
  return {
    cores: ranges.find((r) => r.field === 'worker_cores') ?? fixed('worker_cores', w.cores, w.coresLimit),
    memory: ranges.find((r) => r.field === 'worker_memory') ?? fixed('worker_memory', w.memory, w.memoryLimit),
  };
}

const REFUSED = 'dask-gateway refuses every cluster whose scheduler requests more than the cluster may have';

/**
 * Checks the cluster maximums against the scheduler (the gateway refuses every cluster otherwise,
 * `backends/base.py:393-407`) and against one worker of the largest choice beside it.
 */
export function checkClusterMaximums(s: DaskGatewaySettings): void {
  const sched = roleOf(s.scheduler);
  const { cores, memory } = workerRanges(s);
  const option = (r: DaskWorkerRange) =>
    s.options.some((o) => o._workerRange() === r) ? ' of the largest choice' : '';
  const maxCores = s.clusterMaxCores;
  if (maxCores !== undefined) {
    if (maxCores < sched.cores)
      fail(
        'clusterMaxCores',
        maxCores,
        `must be at least the scheduler's CPU request (${sched.cores} core${sched.cores === 1 ? '' : 's'}): ${REFUSED}`,
      );
    if (maxCores - sched.cores < cores.requestMax)
      fail(
        'clusterMaxCores',
        maxCores,
        `leaves no room for one worker${option(cores)} (${round(cores.requestMax)} cores requested) beside the scheduler's ${sched.cores}: a cluster with it would get no workers`,
      );
  }
  const maxMemory = s.clusterMaxMemoryBytes;
  if (maxMemory !== undefined) {
    if (maxMemory < sched.memory)
      fail(
        'clusterMaxMemory',
        maxMemory,
        `must be at least the scheduler's memory request (${sched.memory} bytes): ${REFUSED}`,
      );
    if (maxMemory - sched.memory < memory.requestMax)
      fail(
        'clusterMaxMemory',
        maxMemory,
        `leaves no room for one worker${option(memory)} (${Math.ceil(memory.requestMax)} bytes requested) beside the scheduler's ${sched.memory}: a cluster with it would get no workers`,
      );
  }
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** The most workers a cluster can have (an upper bound: the gateway floors the same quotients). */
function mostWorkers(s: DaskGatewaySettings, cores: DaskWorkerRange, memory: DaskWorkerRange): number {
  const sched = roleOf(s.scheduler);
  const bounds: number[] = [];
  if (s.clusterMaxWorkers !== undefined) bounds.push(s.clusterMaxWorkers);
  // A hair over the quotient, so that a float division that lands just below a whole number
  // never counts one worker fewer than Python's `//` does.
  if (s.clusterMaxCores !== undefined)
    bounds.push(Math.floor((s.clusterMaxCores - sched.cores) / cores.requestMin + 1e-9));
  if (s.clusterMaxMemoryBytes !== undefined)
    bounds.push(Math.floor((s.clusterMaxMemoryBytes - sched.memory) / memory.requestMin + 1e-9));
  if (bounds.length === 0)
    fail(
      'clusterMaxWorkers',
      undefined,
      'must be set (or clusterMaxCores or clusterMaxMemory) when a NamespaceQuota covers the namespace: without it a cluster may have any number of workers',
    );
  return Math.max(0, Math.min(...bounds));
}

/** One cluster at its largest: its most pods, the most each resource of all of them can be, and its largest pod. */
export function largestCluster(s: DaskGatewaySettings): { pods: number; group: PodResources; pod: PodResources } {
  const sched = roleOf(s.scheduler);
  const { cores, memory } = workerRanges(s);
  const n = mostWorkers(s, cores, memory);
  const inf = Number.POSITIVE_INFINITY;
  // What the workers together can request and be limited to: n of the largest, and no more than
  // the cluster maximums allow (in requests; in limits, times the largest limit per request).
  const coresRoom = s.clusterMaxCores === undefined ? inf : s.clusterMaxCores - sched.cores;
  const memoryRoom = s.clusterMaxMemoryBytes === undefined ? inf : s.clusterMaxMemoryBytes - sched.memory;
  const workers = {
    cpuRequestMillis: Math.min(n * cores.requestMax, coresRoom) * 1000 + n * CPU_MARGIN_MILLIS,
    cpuLimitMillis: Math.min(n * cores.limitMax, coresRoom * cores.limitPerRequestMax) * 1000 + n * CPU_MARGIN_MILLIS,
    memoryRequestBytes: Math.min(n * memory.requestMax, memoryRoom) + n * MEMORY_MARGIN_BYTES,
    memoryLimitBytes: Math.min(n * memory.limitMax, memoryRoom * memory.limitPerRequestMax) + n * MEMORY_MARGIN_BYTES,
  };
  const scheduler = {
    cpuRequestMillis: Math.ceil(sched.cores * 1000),
    cpuLimitMillis: Math.ceil(sched.coresLimit * 1000),
    memoryRequestBytes: sched.memory,
    memoryLimitBytes: sched.memoryLimit,
  };
  const worker = {
    cpuRequestMillis: Math.ceil(cores.requestMax * 1000),
    cpuLimitMillis: Math.ceil(cores.limitMax * 1000),
    memoryRequestBytes: Math.ceil(memory.requestMax),
    memoryLimitBytes: Math.ceil(memory.limitMax),
  };
  const group = {
    cpuRequestMillis: Math.ceil(scheduler.cpuRequestMillis + workers.cpuRequestMillis),
    cpuLimitMillis: Math.ceil(scheduler.cpuLimitMillis + workers.cpuLimitMillis),
    memoryRequestBytes: Math.ceil(scheduler.memoryRequestBytes + workers.memoryRequestBytes),
    memoryLimitBytes: Math.ceil(scheduler.memoryLimitBytes + workers.memoryLimitBytes),
  };
  const pod = {
    cpuRequestMillis: Math.max(scheduler.cpuRequestMillis, worker.cpuRequestMillis),
    cpuLimitMillis: Math.max(scheduler.cpuLimitMillis, worker.cpuLimitMillis),
    memoryRequestBytes: Math.max(scheduler.memoryRequestBytes, worker.memoryRequestBytes),
    memoryLimitBytes: Math.max(scheduler.memoryLimitBytes, worker.memoryLimitBytes),
  };
  return { pods: 1 + n, group, pod };
}
