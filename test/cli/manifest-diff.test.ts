/**
 * `cdk8s-jupyterhub diff` compares a cluster export or a Helm render with dist/: objects that
 * appear, disappear or change, field by field, leaving out what the API server, controllers and
 * Helm add; order never counts. The fixtures are in test/fixtures/diff/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { API_DEFAULTS } from '../../lib/cli/api-defaults';
import { diffManifests, quantityValue } from '../../lib/cli/manifest-diff';
import { loadObjects, parseObjects } from '../../lib/cli/manifest-files';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'diff');
const load = (...files: string[]) =>
  loadObjects(
    files.map((f) => path.join(FIXTURES, f)),
    () => '',
  );

describe('objects that are the same once applied are unchanged', () => {
  const d = diffManifests(load('unchanged-live.yaml'), load('unchanged-dist.yaml'));

  test('a kubectl get -o yaml List, in another order, with server-set metadata, status, last-applied, API defaults, allocated fields, reordered keys and keyed lists, 0.2 as 200m and stringData as data: no difference', () => {
    expect(d).toEqual({ added: [], removed: [], changed: [], unchanged: 3 });
  });

  test('the fixture does carry each thing left out (so the test above tests something)', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'unchanged-live.yaml'), 'utf8');
    for (const field of [
      'uid:',
      'resourceVersion:',
      'generation:',
      'creationTimestamp:',
      'managedFields:',
      'status:',
      'kubectl.kubernetes.io/last-applied-configuration',
      'deployment.kubernetes.io/revision',
      'clusterIP:',
      'terminationMessagePath:',
      'imagePullPolicy: IfNotPresent',
      'defaultMode: 420',
      'cpu: 200m',
      'data:',
    ])
      expect(text).toContain(field);
  });

  test('a field set to a value other than its default is compared: replicas 1 (the default) against 3', () => {
    const [live] = load('unchanged-live.yaml').filter((o) => o.object.kind === 'Deployment');
    const [dist] = load('unchanged-dist.yaml').filter((o) => o.object.kind === 'Deployment');
    const three = { ...dist, object: { ...dist.object, spec: { ...(dist.object.spec as object), replicas: 3 } } };
    expect(diffManifests([live], [three]).changed).toEqual([
      { id: 'Deployment.apps jhub/hub', changes: [{ path: 'spec.replicas', from: undefined, to: 3 }] },
    ]);
  });

  test('the order of an unkeyed list counts: args in another order are a change', () => {
    const objs = parseObjects('kind: ConfigMap\napiVersion: v1\nmetadata: {name: a}\ndata: {}\n', 'a');
    const withList = (args: string[]) => [{ object: { ...objs[0], spec: { args } }, file: 'x' }];
    expect(diffManifests(withList(['a', 'b']), withList(['b', 'a'])).changed).toHaveLength(1);
  });
});

describe('added, removed and changed objects, against a Helm render without namespaces (-n jhub)', () => {
  const d = diffManifests(load('changed-helm.yaml'), load('changed-dist.yaml'), 'jhub');

  test('an object only in dist/ is added; objects only in the render are removed (applying dist/ leaves them)', () => {
    expect(d.added).toEqual(['NetworkPolicy.networking.k8s.io jhub/hub']);
    expect(d.removed).toEqual(['Role.rbac.authorization.k8s.io jhub/proxy-acme', 'Secret jhub/proxy-acme']);
  });

  test('changed objects list each field that differs, with its path (list items by name) and both values', () => {
    expect(d.changed).toEqual([
      {
        id: 'ConfigMap jhub/hub',
        changes: [{ path: 'data.checksum_hook-image-puller', from: 'k8s-hub-4.3.0', to: 'k8s-hub-4.4.0' }],
      },
      {
        id: 'Deployment.apps jhub/hub',
        changes: [
          {
            path: 'spec.template.spec.containers[name=hub].image',
            from: 'quay.io/jupyterhub/k8s-hub:4.3.0',
            to: 'quay.io/jupyterhub/k8s-hub:4.4.0',
          },
          {
            path: 'spec.template.spec.containers[name=hub].args',
            from: ['jupyterhub', '--config', '/usr/local/etc/jupyterhub/jupyterhub_config.py', '--upgrade-db'],
            to: ['jupyterhub', '--config', '/usr/local/etc/jupyterhub/jupyterhub_config.py'],
          },
          { path: 'spec.template.spec.containers[name=hub].env[name=PYTHONUNBUFFERED].value', from: '1', to: '0' },
        ],
      },
      {
        id: 'Secret jhub/hub',
        changes: [
          {
            path: 'data["hub.config.ConfigurableHTTPProxy.auth_token"]',
            from: 'b2xkLXRva2Vu',
            to: Buffer.from('new-token').toString('base64'),
          },
        ],
      },
    ]);
    expect(d.unchanged).toBe(1);
  });

  test('without -n, the namespaced objects of the render (no namespace) match nothing in dist/', () => {
    const bare = diffManifests(load('changed-helm.yaml'), load('changed-dist.yaml'));
    expect([bare.added.length, bare.removed.length, bare.unchanged]).toEqual([5, 6, 0]);
  });
});

describe('the table of API defaults', () => {
  test('each default names kinds and a path, and no two rules say different things about the same field', () => {
    const seen = new Map<string, unknown>();
    for (const r of API_DEFAULTS) {
      for (const k of r.kinds) {
        const key = `${k} ${r.path}`;
        if (seen.has(key)) expect(seen.get(key)).toEqual(r.value);
        seen.set(key, r.value);
      }
    }
    expect(seen.get('Deployment spec.replicas')).toBe(1);
    expect(seen.get('Deployment spec.template.spec.containers.*.terminationMessagePath')).toBe('/dev/termination-log');
  });

  test('quantities compare by amount: 200m = 0.2, 1Gi = 1073741824, 1e3 = 1k', () => {
    expect(quantityValue('200m')).toBeCloseTo(0.2);
    expect(quantityValue('1Gi')).toBe(1073741824);
    expect(quantityValue('1e3')).toBe(quantityValue('1k'));
    expect(quantityValue('lots')).toBeUndefined();
  });
});
