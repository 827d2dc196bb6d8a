/**
 * Issue 21, item 2: a Dask worker runs as many threads as the cores the user picked. The option
 * handler requests a fraction of a core (`worker_cores`, at most 0.88 with the seed's formula) and
 * limits the worker to the cores picked (`worker_cores_limit`); dask-gateway 2026.3.0 derives
 * `worker_threads` from `worker_cores` (`max(int(worker_cores), 1)`, `backends/base.py:293-295`),
 * which would give every worker `--nthreads 1`. The handler sets `worker_threads` from the cores
 * picked; the generated config is run by the gateway's own option classes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { Authenticator, DaskClusterOption, DaskGateway, Hub, Namespace, Proxy } from '../../lib';
import { find, Obj, seedCharts } from '../util';
import { PYTHON, runClusterOptions } from './cluster-options-runner';

/** The `dask_gateway_config.py` of a gateway with these options, beside a hub in namespace dhub. */
function gatewayConfig(...clusterOptions: DaskClusterOption[]): string {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const scope = new Namespace(c, 'dhub');
  const hub = new Hub(scope, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
  hub.addIntegration(new Proxy(scope, 'proxy'));
  const gateway = new DaskGateway(scope, 'dask', { clusterOptions });
  hub.addIntegration(gateway);
  Testing.synth(c);
  return gateway.config;
}

(PYTHON ? describe : describe.skip)(
  'worker threads follow the cores a user picks (run by dask-gateway 2026.3.0)',
  () => {
    const daskhub: Obj[] = seedCharts().daskhub;
    const daskhubConfig: string = find(daskhub, 'ConfigMap', 'dhub-dask-gateway-config').data['dask_gateway_config.py'];

    test("the daskhub chart: 16 cores picked -> --nthreads 16, though the request stays the seed's 0.88 of a core", () => {
      const [r] = runClusterOptions(daskhubConfig, [{ worker_cores: 16 }]);
      expect(r.settings).toMatchObject({ worker_cores: 0.88, worker_cores_limit: 16, worker_threads: 16 });
      expect(r.threadsType).toBe('int');
      expect(r.nthreads).toBe('16');
    });

    test.each([
      [16, '16'],
      [4, '4'],
      [2.5, '2'],
      [1.99, '1'],
      [1, '1'],
      [0.5, '1'],
      [0.25, '1'],
    ])('%d cores picked -> --nthreads %s (whole cores, at least one thread)', (cores, nthreads) => {
      const config = gatewayConfig(DaskClusterOption.workerCores({ min: 0.25, default: 1, max: 16 }));
      const [r] = runClusterOptions(config, [{ worker_cores: cores }]);
      expect(r.error).toBeUndefined();
      expect(r.settings!.worker_cores_limit).toBe(cores);
      expect(r.threadsType).toBe('int');
      expect(r.nthreads).toBe(nthreads);
    });

    test('the default choice (no cores picked) gets the default cores as threads', () => {
      const config = gatewayConfig(DaskClusterOption.workerCores({ default: 4, min: 1, max: 8 }));
      const [r] = runClusterOptions(config, [{}]);
      expect([r.settings!.worker_cores_limit, r.nthreads]).toEqual([4, '4']);
    });

    test('every setting the handler returns is a trait of KubeClusterConfig 2026.3.0, worker_threads an Integer', () => {
      const traits = JSON.parse(
        fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'traits-dask-gateway-server-2026.3.0.json'), 'utf8'),
      ).classes.KubeClusterConfig;
      const [r] = runClusterOptions(daskhubConfig, [{ worker_cores: 8 }]);
      for (const key of Object.keys(r.settings!)) expect([key, traits[key]?.deprecated]).toEqual([key, false]);
      expect(traits.worker_threads.type).toBe('Integer');
    });

    test('the handler line says where the threads come from', () => {
      expect(daskhubConfig).toContain('    settings["worker_threads"] = max(int(options.worker_cores), 1)');
    });
  },
);
