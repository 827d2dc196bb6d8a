import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Hub, JupyterHub, Proxy, synthesize } from '../lib';
import { buildApp } from '../main';
import { anyLogin, find, synth } from './util';

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
// Files only: synthesize() writes a chart with a CarvelPackage as a directory
// (test/carvel/carvel-package.test.ts checks it).
const files = (dir: string) =>
  Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );

/** Builds the same app twice: once written by app.synth(), once by synthesize(). */
function both(build: (app: App) => void): [Record<string, string>, Record<string, string>] {
  const a = new App({ outdir: tmp('plain-') });
  build(a);
  a.synth();
  const b = new App({ outdir: tmp('linear-') });
  build(b);
  synthesize(b);
  return [files(a.outdir), files(b.outdir)];
}

describe('synthesize(app): the same files as app.synth(), in linear time', () => {
  test('the seed charts: byte-identical', () => {
    const a = buildApp(tmp('plain-'));
    a.synth();
    const b = buildApp(tmp('linear-'));
    synthesize(b);
    expect(Object.keys(files(b.outdir))).toEqual(
      expect.arrayContaining(['gke.k8s.yaml', 'jeg-lab.k8s.yaml', 'minikube.k8s.yaml']),
    );
    // The Carvel chart: app.synth() writes one file with the placeholders, synthesize() the package directory.
    const { 'carvel.k8s.yaml': carvelFile, ...plain } = files(a.outdir);
    expect(carvelFile).toContain('pkgvalue-');
    expect(fs.statSync(path.join(b.outdir, 'carvel')).isDirectory()).toBe(true);
    // The live self-tests: app.synth() adds a hash to a name with a dot (cdk8s Names.toDnsLabel);
    // synthesize() keeps the id, `<chart>.check.k8s.yaml`.
    const named = Object.entries(plain).map(([f, text]) => [f.replace(/\.check-[0-9a-f]{8}\./, '.check.'), text]);
    expect(files(b.outdir)).toEqual(Object.fromEntries(named));
  });

  test('one chart per hub: byte-identical', () => {
    const [plain, linear] = both((app) => {
      for (const course of ['physics-101', 'stats-201', 'bio-301'])
        new JupyterHub(new Chart(app, course), 'hub', { hub: { authenticator: anyLogin() }, namespace: course });
    });
    expect(Object.keys(linear)).toEqual(['bio-301.k8s.yaml', 'physics-101.k8s.yaml', 'stats-201.k8s.yaml']);
    expect(linear).toEqual(plain);
  });

  test('charts that depend on each other, and nested charts: the same numbered files and order', () => {
    const [plain, linear] = both((app) => {
      const base = new Chart(app, 'base');
      const a = new Chart(app, 'a');
      new JupyterHub(a, 'hub', { hub: { authenticator: anyLogin() }, namespace: 'a' });
      const nested = new Chart(a, 'nested');
      new JupyterHub(nested, 'hub', { hub: { authenticator: anyLogin() }, namespace: 'nested' });
      a.addDependency(base);
      new JupyterHub(base, 'hub', { hub: { authenticator: anyLogin() }, namespace: 'base' });
    });
    expect(Object.keys(linear)).toEqual(Object.keys(plain));
    expect(Object.keys(linear)[0]).toMatch(/^0000-/);
    expect(linear).toEqual(plain);
  });

  test('validation errors are reported as app.synth() reports them', () => {
    const app = new App({ outdir: tmp('bad-') });
    new Hub(new Chart(app, 'c'), 'hub', { authenticator: anyLogin() });
    expect(() => synthesize(app)).toThrow(
      /Validation failed with the following errors:\n {2}\[c\/hub\] Hub 'c\/hub' has no Proxy/,
    );
  });

  test('validates each construct once (app.synth() does it once per chart: the quadratic part)', () => {
    const count = (run: (app: App) => void) => {
      const app = new App({ outdir: tmp('count-') });
      let calls = 0;
      for (let i = 0; i < 10; i++) {
        const c = new Chart(app, `c${i}`);
        new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(new Proxy(c, 'proxy'));
        c.node.addValidation({
          validate: () => {
            calls++;
            return [];
          },
        });
      }
      run(app);
      return calls;
    };
    expect(count((app) => synthesize(app))).toBe(10);
    // app.synth(): once up front, then again for each of the 10 charts.
    expect(count((app) => app.synth())).toBe(110);
  });
});

describe('JupyterHub: a whole hub in its own namespace', () => {
  test('Namespace first, then hub, proxy and nginx, all in that namespace and wired', () => {
    const c = new Chart(new App(), 'course');
    const jh = new JupyterHub(c, 'hub', {
      namespace: 'physics-101',
      hub: { authenticator: anyLogin(), release: 'physics-101' },
    });
    const objs = synth(c);
    expect(`${objs[0].kind}/${objs[0].metadata.name}`).toBe('Namespace/physics-101');
    for (const o of objs.slice(1)) expect(o.metadata.namespace).toBe('physics-101');
    expect(find(objs, 'Deployment', 'proxy').spec.template.spec.containers.map((x: any) => x.name)).toEqual([
      'chp',
      'nginx',
    ]);
    expect(jh.proxy.hub).toBe(jh.hub);
    expect(jh.frontDoor).toBeDefined();
  });

  test('without a front door', () => {
    const c = new Chart(new App(), 'course');
    new JupyterHub(c, 'hub', { hub: { authenticator: anyLogin() }, frontDoor: false });
    expect(synth(c).some((o) => o.metadata.name === 'nginx-proxy-config')).toBe(false);
    expect(
      () =>
        new JupyterHub(new Chart(new App(), 'x'), 'hub', {
          hub: { authenticator: anyLogin() },
          frontDoor: false,
          frontDoorOptions: {},
        }),
    ).toThrow(/Invalid 'frontDoorOptions' \(\{\}\): has no effect with 'frontDoor: false'/);
  });
});

describe("scripts/synth.js (the README's synth command)", () => {
  test('a change to a .ts file is never left out, and a deleted file leaves no output behind', () => {
    const root = path.join(__dirname, '..');
    const work = tmp('synth-js-');
    for (const p of ['main.ts', 'lib', 'imports', 'scripts'])
      fs.cpSync(path.join(root, p), path.join(work, p), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'));
    const run = () =>
      execFileSync('node', ['scripts/synth.js'], {
        cwd: work,
        env: { ...process.env, CDK8S_OUTDIR: path.join(work, 'dist') },
      });
    run();
    const before = fs.readFileSync(path.join(work, 'dist', 'minikube.k8s.yaml'), 'utf8');
    expect(before).toContain('quay.io/jupyterhub/k8s-hub:4.4.0');
    // Edit a library file: the next synth must pick it up.
    const constants = path.join(work, 'lib', 'core', 'constants.ts');
    fs.writeFileSync(constants, fs.readFileSync(constants, 'utf8').replace('k8s-hub:4.4.0', 'k8s-hub:4.4.1'));
    run();
    expect(fs.readFileSync(path.join(work, 'dist', 'minikube.k8s.yaml'), 'utf8')).toContain(
      'quay.io/jupyterhub/k8s-hub:4.4.1',
    );
    // A file that disappears from the sources disappears from the cache too.
    fs.writeFileSync(path.join(work, 'lib', 'extra.ts'), 'export const x = 1;\n');
    run();
    expect(fs.existsSync(path.join(work, '.synth-cache', 'lib', 'extra.js'))).toBe(true);
    const bundle = () => fs.readFileSync(path.join(work, '.synth-cache', 'bundle.js'), 'utf8');
    expect(bundle()).toContain('defs["lib/extra.js"]');
    fs.rmSync(path.join(work, 'lib', 'extra.ts'));
    run();
    expect(fs.existsSync(path.join(work, '.synth-cache', 'lib', 'extra.js'))).toBe(false);
    expect(bundle()).not.toContain('defs["lib/extra.js"]');
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('the bundle of compiled modules names no absolute path: a checkout that moves still synthesizes', () => {
    const root = path.join(__dirname, '..');
    const work = tmp('synth-move-');
    for (const p of ['main.ts', 'lib', 'imports', 'scripts'])
      fs.cpSync(path.join(root, p), path.join(work, 'a', p), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'));
    const run = (dir: string) =>
      execFileSync('node', ['scripts/synth.js'], {
        cwd: dir,
        env: { ...process.env, CDK8S_OUTDIR: path.join(dir, 'dist') },
      });
    run(path.join(work, 'a'));
    expect(fs.readFileSync(path.join(work, 'a', '.synth-cache', 'bundle.js'), 'utf8')).not.toContain(work);
    fs.renameSync(path.join(work, 'a'), path.join(work, 'b'));
    run(path.join(work, 'b'));
    expect(fs.readFileSync(path.join(work, 'b', 'dist', 'minikube.k8s.yaml'), 'utf8')).toContain('kind: Deployment');
    fs.rmSync(work, { recursive: true, force: true });
  });
});
