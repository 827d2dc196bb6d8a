/**
 * Issue 20, item 4 (fair shares): every namespace a ready-made chart creates, and the hub's,
 * has a ResourceQuota and a LimitRange, and at full load everything the chart runs there fits
 * them at once: the chart's own pods (a rolling update's surge, a DaemonSet's pod on each of 10
 * nodes), the most user servers the hub admits (`active_server_limit`) at their largest, the
 * most kernels the gateway admits (`EG_MAX_KERNELS`) at their largest, and one Dask cluster per
 * admitted server at its largest choice of the cluster options. Each is computed from what the
 * chart generated (its objects, `jupyterhub_config.py`, the kernel pod template,
 * `dask_gateway_config.py`), not from the library's own sizing.
 */
import { JINJA } from '../kernel-launcher';
import { Obj, find, seedCharts } from '../util';
import { daskLoad, fitErrors, kernelLoad, Load, ownLoads, userLoad } from './namespace-quota-load';

const charts = seedCharts();
/** Nodes the charts' quotas are sized for (NamespaceQuota's default): a DaemonSet runs a pod on each. */
const NODES = 10;

const hubConfig = (objs: Obj[]): string =>
  objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('hub-config'))!.data['jupyterhub_config.py'];
const hubNamespace = (objs: Obj[]) =>
  objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'hub')!.metadata.namespace;

/** The namespaces a chart's objects are in (undefined: the current one), with those it creates. */
function namespaces(objs: Obj[]): (string | undefined)[] {
  const created = objs.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
  return [...new Set([...created, hubNamespace(objs)])];
}

describe.each(['minikube', 'jeg-lab', 'gke', 'daskhub', 'carvel'])('%s', (id) => {
  const objs = charts[id];

  test.each(namespaces(objs))('namespace %s has one ResourceQuota and one LimitRange', (ns) => {
    const kinds = objs.filter((o) => o.metadata.namespace === ns).map((o) => o.kind);
    expect(kinds.filter((k) => k === 'ResourceQuota')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'LimitRange')).toHaveLength(1);
  });

  test('the LimitRange gives a container that sets nothing requests and limits, and caps a pod', () => {
    for (const ns of namespaces(objs)) {
      const lr = objs.find((o) => o.kind === 'LimitRange' && o.metadata.namespace === ns)!;
      const container = lr.spec.limits.find((l: any) => l.type === 'Container');
      expect(Object.keys(container.default).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(container.defaultRequest).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(lr.spec.limits.find((l: any) => l.type === 'Pod').max).sort()).toEqual(['cpu', 'memory']);
    }
  });
});

(JINJA ? describe : describe.skip)('at full load, everything fits its namespace’s quota', () => {
  test('minikube: the hub, the proxy and 20 user servers', () => {
    const objs = charts.minikube;
    const users = userLoad(hubConfig(objs));
    expect(users.count).toBe(20);
    expect(fitErrors(objs, undefined, [...ownLoads(objs, undefined, NODES), users])).toEqual([]);
  });

  test('gke: the hub, the proxy and 20 user servers', () => {
    const objs = charts.gke;
    const loads = [...ownLoads(objs, 'jupyterhub-test', NODES), userLoad(hubConfig(objs))];
    expect(fitErrors(objs, 'jupyterhub-test', loads)).toEqual([]);
  });

  test('carvel: the hub, the proxy and 20 user servers', () => {
    const objs = charts.carvel.filter((o) => !o.apiVersion.includes('carvel.dev'));
    const loads = [...ownLoads(objs, undefined, NODES), userLoad(hubConfig(objs))];
    expect(fitErrors(objs, undefined, loads)).toEqual([]);
  });

  test('jeg-lab: user servers in jupyterhub, the gateway and its puller in enterprise-gateway, kernels in enterprise-gateway-kernels', () => {
    const objs = charts['jeg-lab'];
    const kernels = kernelLoad(objs, find(objs, 'Deployment', 'enterprise-gateway'));
    expect(kernels.count).toBe(80);
    const byNamespace: { [ns: string]: Load[] } = {
      jupyterhub: [...ownLoads(objs, 'jupyterhub', NODES), userLoad(hubConfig(objs))],
      'enterprise-gateway': ownLoads(objs, 'enterprise-gateway', NODES),
      'enterprise-gateway-kernels': [...ownLoads(objs, 'enterprise-gateway-kernels', NODES), kernels],
    };
    for (const [ns, loads] of Object.entries(byNamespace))
      expect({ ns, errors: fitErrors(objs, ns, loads) }).toEqual({ ns, errors: [] });
  });

  test('daskhub: the hub, the proxy and 20 user servers in dhub; the gateway and 20 Dask clusters at their largest in dhub-dask', () => {
    const objs = charts.daskhub;
    const users = userLoad(hubConfig(objs));
    const daskConfig = find(objs, 'ConfigMap', 'dhub-dask-gateway-config').data['dask_gateway_config.py'];
    const clusters = daskLoad(daskConfig, users.count);
    // The per-cluster maximums bound each cluster: 8 workers and the scheduler.
    expect(clusters.pods).toBe(9);
    const byNamespace: { [ns: string]: Load[] } = {
      dhub: [...ownLoads(objs, 'dhub', NODES), users],
      'dhub-dask': [...ownLoads(objs, 'dhub-dask', NODES), clusters],
    };
    for (const [ns, loads] of Object.entries(byNamespace))
      expect({ ns, errors: fitErrors(objs, ns, loads) }).toEqual({ ns, errors: [] });
  });
});
