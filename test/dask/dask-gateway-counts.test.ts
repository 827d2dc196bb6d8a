/**
 * Issue 21, item 12: every count and amount of a DaskGateway and of its cluster options is a
 * number the generated `dask_gateway_config.py` writes exactly. Past 2^53 - 1 JavaScript prints a
 * number in exponent form (`1e+21`), a Python float, which the gateway's `Integer` traits refuse
 * (`cluster_max_workers`, `dask-gateway-server/dask_gateway_server/backends/base.py:380-390`;
 * `worker_threads`, derived from the cores a user picks): such a value is refused when the
 * construct is made, naming the prop, the value and the bound.
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, DaskClusterOption, DaskGateway, DaskGatewayProps, Hub, Namespace, Proxy } from '../../lib';

const MAX = Number.MAX_SAFE_INTEGER;

/** The gateway's config, once it is added to a hub (some checks need the hub). */
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

const bound = `at most ${MAX}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('DaskGateway: counts and amounts beyond 2^53 - 1 are refused', () => {
  test.each([
    ['clusterMaxWorkers', { clusterMaxWorkers: 1e21 }, '1e+21'],
    ['clusterMaxWorkers', { clusterMaxWorkers: 2 ** 53 }, '9007199254740992'],
    ['clusterMaxCores', { clusterMaxCores: 1e21 }, '1e+21'],
    ['clusterMaxMemory', { clusterMaxMemory: Size.tebibytes(1e9) }, `'${1e9 * 2 ** 40} bytes'`],
    ['idleTimeout', { idleTimeout: Duration.seconds(1e21) }, "'1e+21s'"],
    ['worker.resources.cpu.limit', { worker: { resources: { cpu: { limit: kplus.Cpu.units(1e21) } } } }, "'1e+21'"],
    [
      'scheduler.resources.memory.request',
      { scheduler: { resources: { memory: { request: Size.tebibytes(1e9) } } } },
      `'${1e9 * 2 ** 40} bytes'`,
    ],
  ] as [string, DaskGatewayProps, string][])('%s', (prop, props, shown) => {
    expect(() => new DaskGateway(new Chart(Testing.app(), 't'), 'dask', props)).toThrow(
      new RegExp(`^Invalid '${escape(prop)}' \\(${escape(shown)}\\): must be .*${bound}`),
    );
  });

  test('the error says why: a larger number is written as a float the gateway refuses', () => {
    expect(() => new DaskGateway(new Chart(Testing.app(), 't'), 'dask', { clusterMaxWorkers: 1e21 })).toThrow(
      "Invalid 'clusterMaxWorkers' (1e+21): must be a whole number at most 9007199254740991 (2^53 - 1): a larger number is written in exponent form (1e+21), a float, which the program reading it refuses for a count",
    );
  });

  test('the largest safe counts are written as whole numbers', () => {
    const config = configOf({ clusterMaxWorkers: MAX, clusterMaxCores: MAX });
    expect(config).toContain(`c.KubeClusterConfig.cluster_max_workers = ${MAX}\n`);
    expect(config).toContain(`c.KubeClusterConfig.cluster_max_cores = ${MAX}\n`);
    expect(config).not.toMatch(/e\+\d/);
  });
});

describe('DaskClusterOption: bounds beyond 2^53 - 1 are refused', () => {
  test.each([
    ['workerCores.max', () => DaskClusterOption.workerCores({ max: 1e21 }), '1e+21'],
    ['workerCores.default', () => DaskClusterOption.workerCores({ default: 2 ** 60, max: 2 ** 61 }), `${2 ** 60}`],
    ['workerCores.min', () => DaskClusterOption.workerCores({ min: 1e300, default: 1e300, max: 1e300 }), '1e+300'],
    [
      'workerMemory.max',
      () => DaskClusterOption.workerMemory({ max: Size.gibibytes(1e21) }),
      `'${1e21 * 2 ** 30} bytes'`,
    ],
  ] as [string, () => DaskClusterOption, string][])('%s', (prop, make, shown) => {
    expect(make).toThrow(new RegExp(`^Invalid '${escape(prop)}' \\(${escape(shown)}\\): must be .*${bound}`));
  });

  test('large but safe bounds are accepted and written exactly', () => {
    const config = configOf({
      clusterOptions: [
        DaskClusterOption.workerCores({ max: 2 ** 40 }),
        DaskClusterOption.workerMemory({ max: Size.gibibytes(2 ** 22) }),
      ],
    });
    expect(config).toContain(`Float("worker_cores", 1, min=1, max=${2 ** 40}, label="Worker Cores")`);
    expect(config).toContain(`Float("worker_memory", 2, min=1, max=${2 ** 22}, label="Worker Memory (GiB)")`);
  });
});
