/**
 * The measure the project is held to, on the synthesized output: zero schema errors on
 * Kubernetes 1.27 and 1.36 (strict: no unknown fields) and zero lint errors, with the project's
 * own checkers (test/checkers, copied from the shared checkers). The one class of lint error
 * that is expected: NetworkPolicies whose pods are created at run time, not by the manifests
 * (KubeSpawner's user servers, Enterprise Gateway's kernels, Dask Gateway's schedulers and
 * workers), match no pod template in the set. Custom resources are checked against their CRDs.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../main';
import { synthesize } from '../lib';

const CHECKERS = path.join(__dirname, 'checkers');
let outdir: string;

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-checks-'));
  synthesize(buildApp(outdir));
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/**
 * The chart files, the live self-tests (`<chart>.check.k8s.yaml`) among them (dist/carvel/, the
 * Carvel package's templates, is checked by test/carvel/carvel-package.test.ts with sample values;
 * its self-test, applied with `-n` to the install's namespace, on its own below).
 */
const chartFiles = () =>
  fs
    .readdirSync(outdir)
    .filter((f) => f.endsWith('.k8s.yaml') && f !== 'carvel.check.k8s.yaml')
    .sort()
    .map((f) => path.join(outdir, f));

function run(script: string, ...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [path.join(CHECKERS, script), ...args], {
    encoding: 'utf8',
    cwd: path.join(__dirname, '..'),
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test.each([
  ['1.27', 'k8s-1.27'],
  ['1.36', 'k8s-1.36'],
])('zero schema errors on Kubernetes %s (strict)', (version, models) => {
  const r = run('validate.mjs', '--models', models, '--k8s-version', version, ...chartFiles());
  expect(r.out).toMatch(/(\d+) objects, 0 invalid/);
  expect(r.status).toBe(0);
});

test('zero lint errors, but for the NetworkPolicies of pods made at run time (user servers, kernels, Dask clusters)', () => {
  const r = run('lint.mjs', ...chartFiles());
  const errors = r.out.split('\n').filter((l) => l.startsWith('error '));
  const runtimePods =
    /^error netpol-selector NetworkPolicy\/(singleuser|enterprise-gateway-kernels): podSelector (app=jupyterhub,component=singleuser-server,release=(jupyterhub|jupyterhub-test)|app=enterprise-gateway,component=kernel) matches no pod template in the set$/;
  // Dask Gateway's schedulers and workers: pods its controller creates for each cluster.
  const daskPods =
    /^error netpol-selector NetworkPolicy\/dhub-dask-gateway-(schedulers|workers): podSelector app\.kubernetes\.io\/component=dask-(scheduler|worker),gateway\.dask\.org\/instance=dhub-dask-gateway matches no pod template in the set$/;
  expect(errors.filter((l) => !runtimePods.test(l) && !daskPods.test(l))).toEqual([]);
  expect(r.out).toMatch(/\d+ objects, \d+ errors, \d+ warnings/);
});

describe("the daskhub files, checked with the imported CRDs (crds/, the dask-gateway chart's)", () => {
  const crds = ['--crd', 'crds/dask-gateway-daskclusters.yaml', '--crd', 'crds/traefik-for-dask-gateway.yaml'];
  const files = () => ['daskhub-crds.k8s.yaml', 'daskhub.k8s.yaml'].map((f) => path.join(outdir, f));

  test.each([
    ['1.27', 'k8s-1.27'],
    ['1.36', 'k8s-1.36'],
  ])(
    "zero schema errors on Kubernetes %s: the CRD objects, and Traefik's routes against their CRDs",
    (version, models) => {
      const r = run('validate.mjs', '--models', models, '--k8s-version', version, ...crds, ...files());
      expect(r.out).toMatch(/^\d+ objects, 0 invalid$/m);
      expect(r.status).toBe(0);
    },
  );

  test('without the CRDs the custom resources are refused (so the pass above means they were checked)', () => {
    const r = run('validate.mjs', '--models', 'k8s-1.36', path.join(outdir, 'daskhub.k8s.yaml'));
    expect(
      r.out
        .split('\n')
        .filter((l) => /unknown apiVersion\/kind/.test(l))
        .map((l) => l.replace(/^.*: (\w+\/[\w-]+): .*$/, '$1')),
    ).toEqual([
      'IngressRoute/api-dhub-dask-gateway',
      'Middleware/api-prefix-dhub-dask-gateway',
      'Middleware/clusters-prefix-dhub-dask-gateway',
      'Middleware/dashboard-auth-dhub-dask-gateway',
      'Middleware/dashboard-credentials-dhub-dask-gateway',
      'IngressRoute/auth-dhub-dask-gateway',
    ]);
    expect(r.status).toBe(1);
  });
});

describe("the Carvel package's live self-test (no namespaces: applied with -n to the install's)", () => {
  const file = () => path.join(outdir, 'carvel.check.k8s.yaml');

  test.each([
    ['1.27', 'k8s-1.27'],
    ['1.36', 'k8s-1.36'],
  ])('zero schema errors on Kubernetes %s (strict)', (version, models) => {
    const r = run('validate.mjs', '--models', models, '--k8s-version', version, file());
    expect(r.out).toMatch(/^\d+ objects, 0 invalid$/m);
    expect(r.status).toBe(0);
  });

  test('zero lint errors', () => {
    const r = run('lint.mjs', file());
    expect(r.out.split('\n').filter((l) => l.startsWith('error '))).toEqual([]);
    expect(r.out).toMatch(/\d+ objects, 0 errors, \d+ warnings/);
  });
});
