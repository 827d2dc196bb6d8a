/**
 * Issue 20, item 4 (fair shares): the users' servers of every ready-made chart have a memory
 * limit (and a CPU limit), so one user's server cannot take a node's memory, and the namespace's
 * ResourceQuota admits them (it refuses pods without limits).
 */
import { Obj, seedCharts } from '../util';

/** The value of `c.<cls>.<trait>` in a generated config, parsed as JSON (numbers, strings). */
function trait(config: string, cls: string, name: string): unknown {
  const line = config.split('\n').find((l) => l.startsWith(`c.${cls}.${name} = `));
  return line === undefined ? undefined : JSON.parse(line.slice(`c.${cls}.${name} = `.length));
}

const hubConfig = (objs: Obj[]): string =>
  objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('hub-config'))!.data['jupyterhub_config.py'];

const charts = seedCharts();
const withHub = Object.keys(charts).filter((id) =>
  charts[id].some((o) => o.kind === 'ConfigMap' && o.data?.['jupyterhub_config.py']),
);

test('every ready-made chart with a hub is checked', () => {
  expect(withHub.sort()).toEqual(['carvel', 'daskhub', 'gke', 'jeg-lab', 'minikube']);
});

describe.each(withHub)('%s: the users’ servers', (id) => {
  const config = hubConfig(charts[id]);

  test('have a memory limit at least their guarantee', () => {
    const guarantee = trait(config, 'KubeSpawner', 'mem_guarantee') as number;
    const limit = trait(config, 'KubeSpawner', 'mem_limit') as number;
    expect(typeof limit).toBe('number');
    expect(limit).toBeGreaterThanOrEqual(guarantee);
  });

  test('have a CPU guarantee and a CPU limit at least the guarantee', () => {
    const guarantee = trait(config, 'KubeSpawner', 'cpu_guarantee') as number;
    const limit = trait(config, 'KubeSpawner', 'cpu_limit') as number;
    expect([typeof guarantee, typeof limit]).toEqual(['number', 'number']);
    expect(limit).toBeGreaterThanOrEqual(guarantee);
  });

  test('are limited in number (c.JupyterHub.active_server_limit), which the namespace quota is sized for', () => {
    expect(trait(config, 'JupyterHub', 'active_server_limit')).toBe(20);
  });
});
