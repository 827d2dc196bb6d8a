/**
 * `DaskGatewayProps.traits` (issue 22): typed traits of the classes `dask_gateway_config.py`
 * configures (dask-gateway-server 2026.3.0), written by the gateway's one config generator: merged
 * into the library's pod and container configs, refused with the prop that owns a trait the library
 * sets; every typed prop passes the trait check in Python and reads back as given.
 */
import { Chart, Testing } from 'cdk8s';
import { Authenticator, DaskGateway, DaskGatewayTraits, Hub, Namespace, Proxy } from '../../lib';
import { DASK_GATEWAY_TRAIT_TABLES } from '../../lib/dask/dask-gateway-traits.generated';
import { expectRefused, js, Row } from '../input-checks';
import { checkTraitsInPython, sampleOf } from '../trait-check';

/** The `dask_gateway_config.py` of a gateway with these traits, beside a hub in namespace dhub. */
function gatewayConfig(traits: DaskGatewayTraits): string {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const scope = new Namespace(c, 'dhub');
  const hub = new Hub(scope, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
  hub.addIntegration(new Proxy(scope, 'proxy'));
  const gateway = new DaskGateway(scope, 'dask', { traits });
  hub.addIntegration(gateway);
  return gateway.config;
}
const line = (config: string, cls: string, trait: string) =>
  config.split('\n').find((l) => l.startsWith(`c.${cls}.${trait} = `));

describe('traits written by the one config generator', () => {
  test('a trait the library does not set is written in a section of its own, and reads back', () => {
    const config = gatewayConfig({ kubeClusterConfig: { workerExtraPodLabels: { team: 'geo' }, workerThreads: 2 } });
    expect(config).toContain(
      '# Traits set with the DaskGateway\'s typed traits prop\nc.KubeClusterConfig.worker_extra_pod_labels = {"team": "geo"}\nc.KubeClusterConfig.worker_threads = 2\n',
    );
    const check = checkTraitsInPython(config, 'dask');
    expect(check.errors).toEqual([]);
    expect(check.values.KubeClusterConfig).toMatchObject({
      worker_extra_pod_labels: { team: 'geo' },
      worker_threads: 2,
    });
  });

  test("the workers' extra pod config is merged with the library's (placement, security context)", () => {
    const config = gatewayConfig({ kubeClusterConfig: { workerExtraPodConfig: { priorityClassName: 'dask-low' } } });
    expect(line(config, 'KubeClusterConfig', 'worker_extra_pod_config')).toMatch(
      /^c\.KubeClusterConfig\.worker_extra_pod_config = \{"securityContext": .*, "priorityClassName": "dask-low"\}$/,
    );
    expect(checkTraitsInPython(config, 'dask').errors).toEqual([]);
  });
});

describe('refuses', () => {
  const gateway = (traits: unknown) => () => gatewayConfig(js(traits));
  const rows: Row[] = [
    [
      'the cluster image (clusterImage owns it)',
      gateway({ kubeClusterConfig: { image: 'example.org/dask:1' } }),
      /^Invalid 'traits\.kubeClusterConfig\.image' .*set by the library from 'clusterImage': set it with that prop$/,
    ],
    [
      "the clusters' environment (clusterEnvironment: the environment option starts again from it)",
      gateway({ kubeClusterConfig: { environment: { TZ: 'UTC' } } }),
      /^Invalid 'traits\.kubeClusterConfig\.environment' .*from 'clusterEnvironment'/,
    ],
    [
      "a key of the library's extra pod config",
      gateway({ kubeClusterConfig: { workerExtraPodConfig: { securityContext: {} } } }),
      /^Invalid 'traits\.kubeClusterConfig\.workerExtraPodConfig\['securityContext'\]' .*is a key the library sets/,
    ],
    [
      'the backend class (a Type trait)',
      gateway({ daskGateway: { backendClass: 'x.Backend' } }),
      /^Invalid 'traits\.daskGateway\.backendClass' .*traitlets Type .*the Kubernetes backend/,
    ],
    [
      "the hub's API token (a secret)",
      gateway({ jupyterHubAuthenticator: { jupyterhubApiToken: 'hunter2' } }),
      /^(?!.*hunter2)Invalid 'traits\.jupyterHubAuthenticator\.jupyterhubApiToken' .*is a secret/,
    ],
    [
      'a memory size that is not one',
      gateway({ kubeClusterConfig: { workerExtraPodConfig: {}, adaptivePeriod: 'soon' } }),
      /^Invalid 'traits\.kubeClusterConfig\.adaptivePeriod' \('soon'\): must be a finite number/,
    ],
    [
      'a misspelt trait',
      gateway({ kubeController: { parallelsm: 4 } }),
      /^Invalid 'traits\.kubeController\.parallelsm' .*did you mean 'parallelism'\?$/,
    ],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});

describe.each(Object.keys(DASK_GATEWAY_TRAIT_TABLES))('every prop of traits.%s', (field) => {
  const table = DASK_GATEWAY_TRAIT_TABLES[field]();
  const accepted: { [prop: string]: unknown } = {};
  const refused: string[] = [];
  for (const [prop, [, kind, extra]] of Object.entries(table.traits)) {
    if (kind === 'refused' || (kind === 'any' && extra)) continue;
    const value = sampleOf(kind, extra);
    try {
      gatewayConfig({ [field]: { [prop]: value } });
      accepted[prop] = value;
    } catch (e) {
      refused.push(`${prop}: ${(e as Error).message}`);
    }
  }

  test('is refused only because the library sets its trait, naming the prop that owns it', () => {
    for (const message of refused)
      expect(message).toMatch(/: Invalid '.*is set by the library from '[^']+': set it with that prop$/);
  });

  test('or, all at once, passes the trait check in Python and reads back as given', () => {
    const check = checkTraitsInPython(gatewayConfig({ [field]: accepted }), 'dask');
    expect(check.errors).toEqual([]);
    for (const [prop, value] of Object.entries(accepted)) {
      const [trait, kind] = table.traits[prop];
      const read = check.values[table.cls]?.[trait];
      if (kind === 'stringMap' || kind === 'dict') expect(read).toMatchObject(value as object);
      else if (kind === 'list') expect(Array.isArray(read)).toBe(true);
      else expect(read).toEqual(value);
    }
  });
});
