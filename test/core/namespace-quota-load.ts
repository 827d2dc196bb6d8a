/**
 * A namespace at full load, computed from what the library generated (the objects, the
 * `jupyterhub_config.py`, the kernel pod template, the `dask_gateway_config.py`), independently of
 * the library's own sizing: every workload's pods (Deployments during a rolling update, a
 * DaemonSet's pod on each node), the most user servers the hub admits at their largest profile,
 * the most kernels the gateway admits at their largest spec, and Dask clusters at their largest
 * choice of the cluster options. `fitErrors` says what of it the namespace's ResourceQuota or
 * LimitRange would refuse.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { render } from '../kernel-launcher';
import { Obj } from '../util';

/** Requests and limits of a pod, or of pods together: CPU in millicores, memory in bytes. */
export interface Footprint {
  cpuRequest: number;
  cpuLimit: number;
  memoryRequest: number;
  memoryLimit: number;
}

/** A kind of pod at full load: `count` groups of `pods` pods, the group at most `group`, one pod at most `pod`. */
export interface Load {
  what: string;
  count: number;
  pods: number;
  group: Footprint;
  pod: Footprint;
}

const KEYS = ['cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit'] as const;
const ZERO: Footprint = { cpuRequest: 0, cpuLimit: 0, memoryRequest: 0, memoryLimit: 0 };
const SUFFIX: { [s: string]: number } = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A Kubernetes quantity (`500m`, `1.5`, `2Gi`, `1e9`, a number) as a number (of cores or bytes). */
export function quantity(q: string | number): number {
  if (typeof q === 'number') return q;
  if (q.endsWith('m')) return Number(q.slice(0, -1)) / 1000;
  const m = /^([0-9.eE+-]+?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q);
  if (!m) throw new Error(`not a quantity: ${q}`);
  return Number(m[1]) * SUFFIX[m[2] ?? ''];
}

/** A container's requests and limits (millicores, bytes); what is not set is undefined. */
function containerResources(c: any): Partial<Footprint> {
  const r = c.resources ?? {};
  const cpu = (q: any) => (q === undefined ? undefined : Math.round(quantity(q) * 1000));
  const mem = (q: any) => (q === undefined ? undefined : quantity(q));
  // Kubernetes copies a limit without a request into the request (the Pod's defaulting).
  return {
    cpuRequest: cpu(r.requests?.cpu ?? r.limits?.cpu),
    cpuLimit: cpu(r.limits?.cpu),
    memoryRequest: mem(r.requests?.memory ?? r.limits?.memory),
    memoryLimit: mem(r.limits?.memory),
  };
}

/**
 * What the ResourceQuota counts for a pod spec: the containers' sum, or the largest init
 * container where that is larger (Kubernetes' effective requests and limits). Containers without
 * a value are named in `missing`.
 */
export function podFootprint(spec: any, missing: string[] = []): Footprint {
  const sum = { ...ZERO };
  const init = { ...ZERO };
  for (const [list, into, add] of [
    [spec.containers ?? [], sum, true],
    [spec.initContainers ?? [], init, false],
  ] as const) {
    for (const c of list) {
      const r = containerResources(c);
      for (const k of KEYS) {
        if (r[k] === undefined) missing.push(`${c.name}: ${k}`);
        into[k] = add ? into[k] + (r[k] ?? 0) : Math.max(into[k], r[k] ?? 0);
      }
    }
  }
  return max(sum, init);
}

export function max(a: Footprint, b: Footprint): Footprint {
  return {
    cpuRequest: Math.max(a.cpuRequest, b.cpuRequest),
    cpuLimit: Math.max(a.cpuLimit, b.cpuLimit),
    memoryRequest: Math.max(a.memoryRequest, b.memoryRequest),
    memoryLimit: Math.max(a.memoryLimit, b.memoryLimit),
  };
}

function times(n: number, f: Footprint): Footprint {
  return {
    cpuRequest: n * f.cpuRequest,
    cpuLimit: n * f.cpuLimit,
    memoryRequest: n * f.memoryRequest,
    memoryLimit: n * f.memoryLimit,
  };
}

/** Pods a Deployment runs at once during a rolling update: replicas plus the surge (25% by default). */
function deploymentPods(o: Obj): number {
  const replicas = o.spec.replicas ?? 1;
  if (o.spec.strategy?.type === 'Recreate') return replicas;
  const surge = o.spec.strategy?.rollingUpdate?.maxSurge ?? '25%';
  return replicas + (typeof surge === 'number' ? surge : Math.ceil((replicas * parseInt(surge, 10)) / 100));
}

/** The workloads of `namespace` at full load (a DaemonSet's pod on each of `nodes` nodes). */
export function ownLoads(objs: Obj[], namespace: string | undefined, nodes: number): Load[] {
  const loads: Load[] = [];
  for (const o of objs.filter((x) => x.metadata.namespace === namespace)) {
    let count: number;
    let spec: any;
    if (o.kind === 'Deployment') [count, spec] = [deploymentPods(o), o.spec.template.spec];
    else if (o.kind === 'StatefulSet') [count, spec] = [o.spec.replicas ?? 1, o.spec.template.spec];
    else if (o.kind === 'DaemonSet') [count, spec] = [nodes, o.spec.template.spec];
    else if (o.kind === 'Job') [count, spec] = [o.spec.parallelism ?? 1, o.spec.template.spec];
    else if (o.kind === 'Pod') [count, spec] = [1, o.spec];
    else continue;
    const missing: string[] = [];
    const f = podFootprint(spec, missing);
    if (missing.length > 0) throw new Error(`${o.kind}/${o.metadata.name} has containers without limits: ${missing}`);
    loads.push({ what: `${o.kind}/${o.metadata.name}`, count, pods: 1, group: f, pod: f });
  }
  return loads;
}

/** Python that reads a generated config with a stand-in for traitlets' `get_config` (and for the Secret-backed env it reads). */
const READ_CONFIG = `
import json, os, sys, itertools
class Env(dict):
    def __missing__(self, k):
        return "a-value-from-the-pod-env"
os.environ = Env(os.environ)  # the hub's Secret-backed env, not needed to read the settings
class Section(dict):
    def __getattr__(self, k):
        return self.setdefault(k, Section())
    def __setattr__(self, k, v):
        self[k] = v
c = Section()
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), {"get_config": lambda: c})
`;

/**
 * Every server the hub's config can start, as KubeSpawner 7.0.0 makes its pod: the profile's
 * `kubespawner_override`, then each option's choice in order (`_load_profile`, spawner.py:3642-3694),
 * every combination of choices; the notebook container's requests and limits from
 * `cpu_guarantee`/`mem_guarantee` and `cpu_limit`/`mem_limit` (objects.py:562-575), beside the
 * `extra_containers`, after the `init_containers`.
 */
const USER_PODS = `${READ_CONFIG}
ks = c.KubeSpawner
keys = ("cpu_guarantee", "cpu_limit", "mem_guarantee", "mem_limit")
base = {k: ks.get(k) for k in keys}
def applied(settings, override):
    out = dict(settings)
    out.update({k: v for k, v in (override or {}).items() if k in keys})
    return out
variants = []
for p in ks.get("profile_list") or [{}]:
    after = applied(base, p.get("kubespawner_override"))
    options = list((p.get("profile_options") or {}).values())
    for combo in itertools.product(*[list(o["choices"].values()) for o in options]):
        v = after
        for choice in combo:
            v = applied(v, choice.get("kubespawner_override"))
        variants.append(v)
pods = []
for v in variants:
    notebook = {"name": "notebook", "resources": {"requests": {}, "limits": {}}}
    for key, field, resource in (("cpu_guarantee", "requests", "cpu"), ("mem_guarantee", "requests", "memory"),
                                 ("cpu_limit", "limits", "cpu"), ("mem_limit", "limits", "memory")):
        if v[key]:
            notebook["resources"][field][resource] = v[key]
    pods.append({"containers": [notebook] + list(ks.get("extra_containers") or []),
                 "initContainers": list(ks.get("init_containers") or [])})
print(json.dumps({"pods": pods, "activeServerLimit": c.JupyterHub.get("active_server_limit") or 0}))
`;

function python(program: string, file: string, ...args: string[]): any {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quota-load-'));
  try {
    fs.writeFileSync(path.join(dir, 'config.py'), file);
    const r = spawnSync('/usr/bin/python3', ['-c', program, path.join(dir, 'config.py'), ...args], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The hub's users' servers at full load: `active_server_limit` servers of the largest pod. */
export function userLoad(config: string): Load {
  const { pods, activeServerLimit } = python(USER_PODS, config);
  let pod = { ...ZERO };
  for (const spec of pods) {
    const missing: string[] = [];
    pod = max(pod, podFootprint(spec, missing));
    if (missing.length > 0) throw new Error(`a user pod has containers without limits: ${missing}`);
  }
  return { what: 'user servers', count: activeServerLimit, pods: 1, group: pod, pod };
}

/**
 * The gateway's kernels at full load: `EG_MAX_KERNELS` per gateway replica (each replica counts
 * its own kernels, remotemanager.py:293-306 at 3.3.0), each the largest kernel pod its specs'
 * templates render (the real Jinja2, as the launcher renders them).
 */
export function kernelLoad(objs: Obj[], gateway: Obj): Load {
  const env = gateway.spec.template.spec.containers[0].env as { name: string; value?: string }[];
  const maxKernels = Number(env.find((e) => e.name === 'EG_MAX_KERNELS')?.value);
  let pod = { ...ZERO };
  for (const cm of objs.filter((o) => o.kind === 'ConfigMap' && o.data?.['kernel-pod.yaml.j2'])) {
    const result = render(cm.data['kernel-pod.yaml.j2'], [
      {
        ...JSON.parse(cm.data['kernel.json']).env,
        KERNEL_ID: 'k',
        KERNEL_POD_NAME: 'alice-k',
        KERNEL_USERNAME: 'alice',
        KERNEL_HOME_NFS_PATH: '/home/nfs_share/claim/alice',
      },
    ]).results[0];
    if (result.error) throw new Error(result.error);
    const missing: string[] = [];
    pod = max(pod, podFootprint(result.docs![0].spec, missing));
    if (missing.length > 0) throw new Error(`a kernel pod has containers without limits: ${missing}`);
  }
  return { what: 'kernels', count: maxKernels * (gateway.spec.replicas ?? 1), pods: 1, group: pod, pod };
}

/**
 * Dask clusters as dask-gateway 2026.3.0 makes them from a generated config, over a grid of every
 * Float cluster option from its min to its max: the handler's settings over the config's
 * `KubeClusterConfig` (defaults 1 core and 2 GiB, limits equal to the requests,
 * backends/kubernetes/backend.py:71-140 and base.py:258-327), the most workers
 * `cluster_max_workers` and the resource maximums allow (base.py:409-424), the pods' CPU written
 * to three decimals (controller.py:1146-1148).
 */
const DASK_CLUSTERS = `
import json, sys, itertools
sys.path.insert(0, sys.argv[2])
from traitlets.config import Config
from dask_gateway_server.traitlets import MemoryLimit
from dask_gateway_server.options import Float
c = Config()
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), {"get_config": lambda: c})
kc = c.KubeClusterConfig
mem = lambda v: None if v is None else MemoryLimit().validate(None, v)
opts = c.Backend.cluster_options if "cluster_options" in c.Backend else None
grids = []
if opts is not None:
    for f in opts.fields:
        if isinstance(f, Float):
            steps = 48
            grids.append([(f.field, f.min + (f.max - f.min) * i / steps) for i in range(steps + 1)])
clusters = []
for combo in itertools.product(*grids):
    request = dict(combo)
    settings = opts.get_configuration(opts.parse_options(request), None) if opts is not None else {}
    conf = dict(kc)
    conf.update(settings)
    def role(r):
        cores = float(conf.get(r + "_cores", 1))
        memory = mem(conf.get(r + "_memory", "2 G"))
        cores_limit = float(conf.get(r + "_cores_limit", cores))
        memory_limit = mem(conf.get(r + "_memory_limit", conf.get(r + "_memory", "2 G")))
        cpu = lambda x: round(float("%.3f" % x) * 1000)
        return {"cpuRequest": cpu(cores), "cpuLimit": cpu(cores_limit), "memoryRequest": memory, "memoryLimit": memory_limit,
                "cores": cores, "memory": memory}
    s, w = role("scheduler"), role("worker")
    n = float("inf")
    if kc.get("cluster_max_memory") is not None:
        n = min(n, (mem(kc["cluster_max_memory"]) - s["memory"]) // w["memory"])
    if kc.get("cluster_max_cores") is not None:
        n = min(n, (kc["cluster_max_cores"] - s["cores"]) // w["cores"])
    if kc.get("cluster_max_workers") is not None:
        n = min(n, kc["cluster_max_workers"])
    if n == float("inf"):
        raise SystemExit("no limit on a cluster's workers")
    n = max(0, int(n))
    keys = ("cpuRequest", "cpuLimit", "memoryRequest", "memoryLimit")
    clusters.append({"workers": n, "group": {k: s[k] + n * w[k] for k in keys},
                     "pod": {k: max(s[k], w[k]) for k in keys}})
print(json.dumps(clusters))
`;

/** `count` Dask clusters at their largest (each resource at its most over the options' grid). */
export function daskLoad(config: string, count: number): Load {
  const fixtures = path.join(__dirname, '..', 'fixtures', 'dask-gateway-server-2026.3.0');
  const clusters: { workers: number; group: Footprint; pod: Footprint }[] = python(DASK_CLUSTERS, config, fixtures);
  return {
    what: 'Dask clusters',
    count,
    pods: 1 + Math.max(...clusters.map((c) => c.workers)),
    group: clusters.map((c) => c.group).reduce(max),
    pod: clusters.map((c) => c.pod).reduce(max),
  };
}

/** What the namespace's ResourceQuota and LimitRange refuse of the loads, all at once. */
export function fitErrors(objs: Obj[], namespace: string | undefined, loads: Load[]): string[] {
  const inNs = (kind: string) => objs.filter((o) => o.kind === kind && o.metadata.namespace === namespace);
  const [quota, ...moreQuotas] = inNs('ResourceQuota');
  const [limits, ...moreLimits] = inNs('LimitRange');
  if (!quota || !limits || moreQuotas.length > 0 || moreLimits.length > 0)
    return [`namespace ${namespace}: not one ResourceQuota and one LimitRange`];
  const hard = quota.spec.hard;
  const total = loads.map((l) => times(l.count, l.group)).reduce((a, b) => add(a, b), { ...ZERO });
  const errors: string[] = [];
  const cap: Footprint = {
    cpuRequest: quantity(hard['requests.cpu']) * 1000,
    cpuLimit: quantity(hard['limits.cpu']) * 1000,
    memoryRequest: quantity(hard['requests.memory']),
    memoryLimit: quantity(hard['limits.memory']),
  };
  for (const k of KEYS) if (total[k] > cap[k] + 1e-6) errors.push(`quota ${k}: ${total[k]} > ${cap[k]}`);
  const pods = loads.reduce((n, l) => n + l.count * l.pods, 0);
  if (pods > Number(hard.pods)) errors.push(`quota pods: ${pods} > ${hard.pods}`);
  const podMax = limits.spec.limits.find((l: any) => l.type === 'Pod').max;
  const podCap = { cpuLimit: quantity(podMax.cpu) * 1000, memoryLimit: quantity(podMax.memory) };
  for (const l of loads) {
    if (l.pod.cpuLimit > podCap.cpuLimit + 1e-6) errors.push(`${l.what}: pod CPU ${l.pod.cpuLimit}m > LimitRange max`);
    if (l.pod.memoryLimit > podCap.memoryLimit)
      errors.push(`${l.what}: pod memory ${l.pod.memoryLimit} > LimitRange max`);
  }
  return errors;
}

function add(a: Footprint, b: Footprint): Footprint {
  return {
    cpuRequest: a.cpuRequest + b.cpuRequest,
    cpuLimit: a.cpuLimit + b.cpuLimit,
    memoryRequest: a.memoryRequest + b.memoryRequest,
    memoryLimit: a.memoryLimit + b.memoryLimit,
  };
}
