/**
 * Issue 20, item 4 (fair shares): in every ready-made chart, every pod has CPU and memory
 * requests and limits on each of its containers (init containers too), so that the namespace's
 * ResourceQuota, which refuses a pod without them, admits it and no pod takes a node's memory:
 * the pods the chart renders, and the pods programs create at run time, built from what the chart
 * generated as those programs build them: KubeSpawner 7.0.0's user pods for every profile and
 * choice (`test/users/kubespawner-make-pod.ts`), Enterprise Gateway's kernel pods from the kernel
 * spec's template (rendered by the real Jinja2), Dask Gateway 2026.3.0's schedulers and workers at
 * each end of the cluster options (`test/dask/dask-controller-make-pod.ts`). Each run-time pod
 * is also within the most a pod may have in its namespace (the LimitRange's `Pod` `max`).
 */
import { JINJA, render } from '../kernel-launcher';
import { PodLike, podSpecOf } from './pod-security-standards';
import { quantity } from './namespace-quota-load';
import { PYTHON } from '../dask/cluster-options-runner';
import { clusterConfigs, makeDaskPod } from '../dask/dask-controller-make-pod';
import { loadHubConfig, makePod, userServers } from '../users/kubespawner-make-pod';
import { Obj, seedCharts } from '../util';

const charts = seedCharts();
const CHARTS = ['minikube', 'jeg-lab', 'gke', 'daskhub', 'carvel'];

/** What a pod's containers lack: `<container>: requests.cpu` and so on. */
function missingResources(pod: PodLike): string[] {
  const missing: string[] = [];
  for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])])
    for (const field of ['requests', 'limits'])
      for (const resource of ['cpu', 'memory'])
        if (c.resources?.[field]?.[resource] === undefined) missing.push(`${c.name}: ${field}.${resource}`);
  return missing;
}

/** What a pod asks beyond its namespace's LimitRange `Pod` `max` (the containers' sum, or an init container's). */
function overPodMax(objs: Obj[], namespace: string | undefined, pod: PodLike): string[] {
  const lr = objs.find((o) => o.kind === 'LimitRange' && o.metadata.namespace === namespace);
  if (lr === undefined) return [`no LimitRange in namespace ${namespace}`];
  const max = lr.spec.limits.find((l: any) => l.type === 'Pod').max;
  const over: string[] = [];
  for (const resource of ['cpu', 'memory']) {
    const limit = (c: any) => quantity(c.resources.limits[resource]);
    const sum = (pod.spec.containers ?? []).reduce((n: number, c: any) => n + limit(c), 0);
    const init = Math.max(0, ...(pod.spec.initContainers ?? []).map(limit));
    if (Math.max(sum, init) > quantity(max[resource]) + 1e-9)
      over.push(`${resource}: ${Math.max(sum, init)} > ${max[resource]}`);
  }
  return over;
}

const hubConfigMap = (objs: Obj[]) =>
  objs.find((o) => o.kind === 'ConfigMap' && typeof o.data?.['jupyterhub_config.py'] === 'string')!;
const hubNamespace = (objs: Obj[]) =>
  objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'hub')!.metadata.namespace;

describe.each(CHARTS)('%s', (id) => {
  const objs = charts[id];

  test('every pod it renders has CPU and memory requests and limits on every container', () => {
    const pods = objs.flatMap((o) => {
      const pod = podSpecOf(o);
      return pod === undefined ? [] : [{ what: `${o.kind}/${o.metadata.name}`, missing: missingResources(pod) }];
    });
    expect(pods.length).toBeGreaterThan(0);
    for (const p of pods) expect(p).toEqual({ what: p.what, missing: [] });
  });

  test('every user server it can start (each profile and choice), as KubeSpawner makes its pod, has them, within the LimitRange', () => {
    const c = loadHubConfig(hubConfigMap(objs).data['jupyterhub_config.py']);
    const servers = userServers(c.KubeSpawner);
    expect(servers.length).toBeGreaterThan(0);
    for (const s of servers) {
      const pod = makePod(s.traits, c.JupyterHub?.internal_ssl === true);
      const result = {
        server: s.name,
        missing: missingResources(pod),
        over: overPodMax(objs, hubNamespace(objs), pod),
      };
      expect(result).toEqual({ server: s.name, missing: [], over: [] });
    }
  });
});

(JINJA ? test : test.skip)(
  'jeg-lab: every kernel pod has them, within the LimitRange of enterprise-gateway-kernels',
  () => {
    const objs = charts['jeg-lab'];
    const specs = objs.filter((o) => o.kind === 'ConfigMap' && o.data?.['kernel-pod.yaml.j2']);
    expect(specs.length).toBeGreaterThan(0);
    for (const cm of specs) {
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
      const pod = result.docs![0];
      expect(pod.metadata.namespace ?? 'enterprise-gateway-kernels').toBe('enterprise-gateway-kernels');
      expect({ spec: cm.metadata.name, missing: missingResources(pod) }).toEqual({
        spec: cm.metadata.name,
        missing: [],
      });
      expect(overPodMax(objs, 'enterprise-gateway-kernels', pod)).toEqual([]);
    }
  },
);

(PYTHON === undefined ? test.skip : test)(
  'daskhub: every scheduler and worker, at each end of the cluster options, has them, within the LimitRange of dhub-dask',
  () => {
    const objs = charts.daskhub;
    const config = objs.find((o) => o.kind === 'ConfigMap' && o.data?.['dask_gateway_config.py'])!.data[
      'dask_gateway_config.py'
    ];
    // The default cluster, the smallest and the largest choice of the options (dhub's 01-optionHandler).
    const requests = [{}, { worker_cores: 1, worker_memory: 1 }, { worker_cores: 16, worker_memory: 32 }];
    for (const [i, cfg] of clusterConfigs(config, requests).entries())
      for (const role of ['scheduler', 'worker'] as const) {
        const pod = makeDaskPod(cfg, role);
        const result = { request: i, role, missing: missingResources(pod), over: overPodMax(objs, 'dhub-dask', pod) };
        expect(result).toEqual({ request: i, role, missing: [], over: [] });
      }
  },
);
