/**
 * Issue 20, item 4 (fair shares) for Dask: the daskhub chart bounds every cluster
 * (`cluster_max_cores`, `cluster_max_memory`, `cluster_max_workers` of dask-gateway 2026.3.0,
 * `dask-gateway-server/dask_gateway_server/backends/base.py:350-391`, which cap a cluster's
 * workers by its scheduler's and workers' requests, base.py:409-467, and the scale requests,
 * backends/kubernetes/backend.py:473-483). dask-gateway has no per-user limit (none of its traits
 * counts a user's clusters): a user may start several clusters, and the namespace's ResourceQuota
 * bounds them all together. Maximums a cluster cannot meet are refused when the gateway is made.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, DaskClusterOption, DaskGateway, DaskGatewayProps, Hub, Namespace, Proxy } from '../../lib';
import { find, seedCharts } from '../util';

const TRAITS = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'traits-dask-gateway-server-2026.3.0.json'), 'utf8'),
);

const daskhubConfig = (): string =>
  find(seedCharts().daskhub, 'ConfigMap', 'dhub-dask-gateway-config').data['dask_gateway_config.py'];

/** A gateway added to a hub, synthesized; returns its config. */
function configOf(props: DaskGatewayProps): string {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const scope = new Namespace(c, 'dhub');
  const hub = new Hub(scope, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
  hub.addIntegration(new Proxy(scope, 'proxy'));
  const gateway = new DaskGateway(scope, 'dask', props);
  hub.addIntegration(gateway);
  Testing.synth(c);
  return gateway.config;
}

describe('daskhub: every cluster is bounded', () => {
  test('at most 16 cores and 64 GiB requested, and 8 workers', () => {
    const config = daskhubConfig();
    expect(config).toContain('c.KubeClusterConfig.cluster_max_cores = 16\n');
    expect(config).toContain(`c.KubeClusterConfig.cluster_max_memory = ${64 * 2 ** 30}\n`);
    expect(config).toContain('c.KubeClusterConfig.cluster_max_workers = 8\n');
  });

  test("each is a trait of dask-gateway-server 2026.3.0's KubeClusterConfig, not deprecated", () => {
    for (const t of ['cluster_max_cores', 'cluster_max_memory', 'cluster_max_workers'])
      expect({ t, ...TRAITS.classes.KubeClusterConfig[t] }).toEqual({ t, type: expect.any(String), deprecated: false });
  });
});

describe('maximums a cluster cannot meet are refused', () => {
  test('a scheduler larger than clusterMaxCores or clusterMaxMemory: dask-gateway refuses every cluster (base.py:393-407)', () => {
    expect(() => configOf({ clusterMaxCores: 0.5 })).toThrow(
      "Invalid 'clusterMaxCores' (0.5): must be at least the scheduler's CPU request (1 core): dask-gateway refuses every cluster whose scheduler requests more than the cluster may have",
    );
    expect(() =>
      configOf({
        scheduler: { resources: { memory: { request: Size.gibibytes(4) } } },
        clusterMaxMemory: Size.gibibytes(3),
      }),
    ).toThrow(
      "Invalid 'clusterMaxMemory' (3221225472): must be at least the scheduler's memory request (4294967296 bytes): dask-gateway refuses every cluster whose scheduler requests more than the cluster may have",
    );
  });

  test('no room for one worker of the largest choice beside the scheduler', () => {
    expect(() =>
      configOf({
        clusterMaxCores: 1.5,
        clusterOptions: [DaskClusterOption.workerCores({ max: 16, requestFraction: 0.88 })],
      }),
    ).toThrow(
      "Invalid 'clusterMaxCores' (1.5): leaves no room for one worker of the largest choice (0.88 cores requested) beside the scheduler's 1: a cluster with it would get no workers",
    );
    expect(() =>
      configOf({ worker: { resources: { cpu: { request: kplus.Cpu.units(2) } } }, clusterMaxCores: 2.5 }),
    ).toThrow("Invalid 'clusterMaxCores' (2.5): leaves no room for one worker");
  });

  test('maximums with room for workers are written as given', () => {
    const config = configOf({ clusterMaxCores: 3, clusterMaxMemory: Size.gibibytes(6), clusterMaxWorkers: 2 });
    expect(config).toContain('c.KubeClusterConfig.cluster_max_cores = 3\n');
    expect(config).toContain(`c.KubeClusterConfig.cluster_max_memory = ${6 * 2 ** 30}\n`);
  });
});
