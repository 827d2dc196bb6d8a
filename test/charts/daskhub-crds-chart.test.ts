/**
 * The daskhub-crds chart: the CustomResourceDefinitions the daskhub chart's Dask Gateway and
 * Traefik need, as the dask-gateway chart ships them, in a chart of their own (applied first).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { Obj, seedCharts } from '../util';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate } = require('../../scripts/import-crds.js') as { generate: () => string };

const ROOT = path.join(__dirname, '..', '..');
const charts = seedCharts();
const daskhub: Obj[] = charts.daskhub;
const crds: Obj[] = charts['daskhub-crds'];

describe('the daskhub-crds chart', () => {
  test("DaskCluster and Traefik's ten kinds, cluster-scoped, as the dask-gateway chart ships them (without the status the API server fills in)", () => {
    expect(crds.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'CustomResourceDefinition/daskclusters.gateway.dask.org',
      ...[
        'ingressroutes',
        'ingressroutetcps',
        'ingressrouteudps',
        'middlewares',
        'middlewaretcps',
        'serverstransports',
        'serverstransporttcps',
        'tlsoptions',
        'tlsstores',
        'traefikservices',
      ].map((k) => `CustomResourceDefinition/${k}.traefik.io`),
    ]);
    for (const o of crds)
      expect({ name: o.metadata.name, namespace: o.metadata.namespace, status: o.status }).toEqual({
        name: o.metadata.name,
        namespace: undefined,
        status: undefined,
      });
    const source = (
      yaml.loadAll(fs.readFileSync(path.join(ROOT, 'crds', 'dask-gateway-daskclusters.yaml'), 'utf8')) as any[]
    )[0];
    expect(crds[0].spec).toEqual(source.spec);
  });

  test('every custom resource kind the daskhub chart uses, or its controller creates, has its CRD there', () => {
    const served = new Set(crds.map((o) => `${o.spec.group}/${o.spec.names.kind}`));
    const used = [
      ...new Set(
        daskhub
          .filter((o) => o.apiVersion.includes('.') && !o.apiVersion.includes('k8s.io'))
          .map((o) => `${o.apiVersion.split('/')[0]}/${o.kind}`),
      ),
    ];
    expect(used.sort()).toEqual(['traefik.io/IngressRoute', 'traefik.io/Middleware']);
    for (const k of [...used, 'gateway.dask.org/DaskCluster', 'traefik.io/IngressRouteTCP'])
      expect({ k, served: served.has(k) }).toEqual({ k, served: true });
  });

  test('imports/crds.ts is generated from crds/*.yaml (node scripts/import-crds.js) and up to date', () => {
    expect(fs.readFileSync(path.join(ROOT, 'imports', 'crds.ts'), 'utf8')).toBe(generate());
    const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'import-crds.js'), '--check'], {
      encoding: 'utf8',
    });
    expect(check.stdout.trim()).toBe('imports/crds.ts is up to date');
  });
});
