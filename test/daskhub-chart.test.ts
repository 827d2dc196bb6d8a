/**
 * The daskhub chart (seed 002, issue 11, item 6): JupyterHub + Dask Gateway in namespace dhub, its
 * CRDs in a chart of their own, and the README's mapping from every value of the seed's
 * config.yaml and every pod of its listing to what the chart produces (or why not).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { all, find, Obj, seedCharts } from './util';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate } = require('../scripts/import-crds.js') as { generate: () => string };

const ROOT = path.join(__dirname, '..');
const SEED = path.join(__dirname, 'fixtures', 'reference', 'daskhub');
const charts = seedCharts();
const daskhub: Obj[] = charts.daskhub;
const crds: Obj[] = charts['daskhub-crds'];

describe('the daskhub chart (seed 002)', () => {
  test('everything in namespace dhub, the Namespace first; the cluster-scoped objects are the gateway\'s two list/watch roles', () => {
    expect(`${daskhub[0].kind}/${daskhub[0].metadata.name}`).toBe('Namespace/dhub');
    const clusterScoped = daskhub.filter((o) => o.metadata.namespace === undefined).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(clusterScoped).toEqual([
      'Namespace/dhub', 'ClusterRole/api-dhub-dask-gateway', 'ClusterRoleBinding/api-dhub-dask-gateway',
      'ClusterRole/controller-dhub-dask-gateway', 'ClusterRoleBinding/controller-dhub-dask-gateway',
    ]);
    expect(daskhub.filter((o) => o.metadata.namespace !== undefined && o.metadata.namespace !== 'dhub')).toEqual([]);
  });

  test('the seed\'s pods, by the names of its listing (api-…-dask-gateway, controller-…, traefik-…, hub, proxy)', () => {
    expect(all(daskhub, 'Deployment').map((o) => o.metadata.name)).toEqual(['hub', 'proxy', 'api-dhub-dask-gateway', 'controller-dhub-dask-gateway', 'traefik-dhub-dask-gateway']);
  });

  test('no Secret and no secret value: the hub\'s and the gateway\'s tokens are made in the cluster', () => {
    expect([...all(daskhub, 'Secret'), ...all(crds, 'Secret')]).toEqual([]);
    expect(find(daskhub, 'ConfigMap', 'hub-config').data['secret_init.py']).toMatch(/"name": "hub-secret".*"name": "hub-service-dask-gateway"/);
  });

  test('dummy sign-in with admin `admin` until the production hub (the README says so)', () => {
    const config: string = find(daskhub, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
    expect(config).toContain('c.JupyterHub.authenticator_class = "dummy"');
    expect(config).toContain('c.Authenticator.admin_users = {"admin"}');
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('**Sign-in is a demo until the production hub.**');
  });
});

describe('the daskhub-crds chart', () => {
  test('DaskCluster and Traefik\'s ten kinds, cluster-scoped, as the dask-gateway chart ships them (without the status the API server fills in)', () => {
    expect(crds.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'CustomResourceDefinition/daskclusters.gateway.dask.org',
      ...['ingressroutes', 'ingressroutetcps', 'ingressrouteudps', 'middlewares', 'middlewaretcps', 'serverstransports', 'serverstransporttcps', 'tlsoptions', 'tlsstores', 'traefikservices']
        .map((k) => `CustomResourceDefinition/${k}.traefik.io`),
    ]);
    for (const o of crds) expect({ name: o.metadata.name, namespace: o.metadata.namespace, status: o.status }).toEqual({ name: o.metadata.name, namespace: undefined, status: undefined });
    const source = (yaml.loadAll(fs.readFileSync(path.join(ROOT, 'crds', 'dask-gateway-daskclusters.yaml'), 'utf8')) as any[])[0];
    expect(crds[0].spec).toEqual(source.spec);
  });

  test('every custom resource kind the daskhub chart uses, or its controller creates, has its CRD there', () => {
    const served = new Set(crds.map((o) => `${o.spec.group}/${o.spec.names.kind}`));
    const used = [...new Set(daskhub.filter((o) => o.apiVersion.includes('.') && !o.apiVersion.includes('k8s.io')).map((o) => `${o.apiVersion.split('/')[0]}/${o.kind}`))];
    expect(used.sort()).toEqual(['traefik.io/IngressRoute', 'traefik.io/Middleware']);
    for (const k of [...used, 'gateway.dask.org/DaskCluster', 'traefik.io/IngressRouteTCP']) expect({ k, served: served.has(k) }).toEqual({ k, served: true });
  });

  test('imports/crds.ts is generated from crds/*.yaml (node scripts/import-crds.js) and up to date', () => {
    expect(fs.readFileSync(path.join(ROOT, 'imports', 'crds.ts'), 'utf8')).toBe(generate());
    const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'import-crds.js'), '--check'], { encoding: 'utf8' });
    expect(check.stdout.trim()).toBe('imports/crds.ts is up to date');
  });
});

describe('README mapping table for seed 002', () => {
  const rows = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n').filter((l) => /^\| (`config\.yaml`|pod listing) \| /.test(l));
  const keyOf = (row: string) => /^\| [^|]+ \| `([^`]+)` \|/.exec(row)?.[1] ?? '';

  /** Every leaf of config.yaml as a dotted path (map keys that contain dots stay one segment). */
  function leaves(value: unknown, at: string[] = []): string[] {
    if (value && typeof value === 'object' && !Array.isArray(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
    return [at.join('.')];
  }

  test('every value of config.yaml has a row (a row `x.*` covers everything below x)', () => {
    const config = yaml.load(fs.readFileSync(path.join(SEED, 'config.yaml'), 'utf8'));
    const paths = leaves(config);
    expect(paths.length).toBeGreaterThan(20);
    const keys = rows.filter((r) => r.startsWith('| `config.yaml`')).map(keyOf);
    for (const p of paths) {
      const covered = keys.some((k) => p === k || p.startsWith(`${k.replace(/\.\*$/, '')}.`));
      expect({ p, covered }).toEqual({ p, covered: true });
    }
    // And no row for a value the seed does not have.
    for (const k of keys) expect({ k, inSeed: paths.some((p) => p === k || p.startsWith(`${k.replace(/\.\*$/, '')}.`)) }).toEqual({ k, inSeed: true });
  });

  test('every pod of the seed\'s listing has a row; a row naming an output names an object of the chart', () => {
    const listing = /lists: (.*?)\.\s/.exec(fs.readFileSync(path.join(SEED, 'README.md'), 'utf8').replace(/\n/g, ' '))![1]
      .split(',').map((p) => p.trim().replace(/ \(.*\)$/, ''));
    expect(listing).toEqual(['api-…-dask-gateway', 'autohttps', 'continuous-image-puller', 'controller-…-dask-gateway', 'hub', 'proxy', 'traefik-…-dask-gateway', 'user-scheduler']);
    const podRows = rows.filter((r) => r.startsWith('| pod listing'));
    expect(podRows.map(keyOf).sort()).toEqual([...listing].sort());
    for (const r of rows) {
      for (const m of r.matchAll(/`(Deployment)\/([a-z0-9-]+)`/g)) expect(() => find(daskhub, m[1], m[2])).not.toThrow();
    }
  });
});
