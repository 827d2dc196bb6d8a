/**
 * Every setting the library gives Enterprise Gateway 3.3.0 and Jupyter Server's gateway client is
 * one those programs read (neither can be installed here): the names each reads, listed from
 * their sources in test/fixtures/enterprise-gateway-3.3.0-env.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import { container, find, Obj, seedCharts } from './util';

const known = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'enterprise-gateway-3.3.0-env.json'), 'utf8'),
);
const lab = (): Obj[] => seedCharts()['jeg-lab'];

test('every EG_* variable of the gateway is read by Enterprise Gateway 3.3.0 (server or start script), none deprecated', () => {
  const eg = container(find(lab(), 'Deployment', 'enterprise-gateway'), 'enterprise-gateway');
  const read = new Set([...known.gatewayServer, ...known.gatewayStartScript]);
  const names: string[] = eg.env.map((e: any) => e.name);
  expect(names.filter((n) => !read.has(n))).toEqual([]);
  expect(names.filter((n) => known.deprecated.includes(n))).toEqual([]);
  // The settings the issue names are among them.
  expect(names).toEqual(
    expect.arrayContaining([
      'EG_AUTH_TOKEN',
      'EG_LIST_KERNELS',
      'EG_SHARED_NAMESPACE',
      'EG_NAMESPACE',
      'EG_KERNEL_LAUNCH_TIMEOUT',
    ]),
  );
});

test("the users' servers' gateway settings are read by Jupyter Server's gateway client (2.20), none deprecated", () => {
  const config: string = find(lab(), 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
  const line = config.split('\n').find((l) => l.startsWith('c.KubeSpawner.environment = ')) as string;
  const names = Object.keys(JSON.parse(line.slice('c.KubeSpawner.environment = '.length)));
  const client = names.filter((n) => n.startsWith('JUPYTER_GATEWAY_'));
  expect(client.sort()).toEqual(['JUPYTER_GATEWAY_AUTH_TOKEN', 'JUPYTER_GATEWAY_URL']);
  expect(client.filter((n) => !known.jupyterServerClient.includes(n) || known.deprecated.includes(n))).toEqual([]);
  // KERNEL_* variables the client itself sets or forwards: the gateway's launch timeout and the user's name.
  for (const n of ['KERNEL_LAUNCH_TIMEOUT', 'KERNEL_USERNAME'])
    expect({ n, read: names.includes(n) && known.jupyterServerClient.includes(n) }).toEqual({ n, read: true });
});

test('kernel.json sets only KERNEL_* variables the 3.3.0 gateway and launcher read (the ids it checks)', () => {
  const spec = JSON.parse(find(lab(), 'ConfigMap', 'kernelspec-python-kubernetes').data['kernel.json']);
  expect(Object.keys(spec.env).filter((n) => !known.kernelVariables.includes(n))).toEqual([]);
});
