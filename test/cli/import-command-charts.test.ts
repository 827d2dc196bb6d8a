/**
 * `cdk8s-jupyterhub import` on real values files (test/fixtures/import/: the jeg-lab and daskhub
 * reference values, and four z2jh values files written for this test): each generated chart
 * compiles with strict tsc against the library's entry point (the way a user imports it),
 * synthesizes, passes the strict schema (1.27 and 1.36) and lint; its report lists every key of
 * the file; no secret value reaches the chart, the report or the synthesized YAML; and each mapped
 * key's value reached the generated config or object it should.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parse, parseAllDocuments } from 'yaml';
import { importValues } from '../../lib/cli/import-command';
import { ImportPlan } from '../../lib/cli/import-plan';
import { readValues, ValueLeaf } from '../../lib/cli/import-values';
import { isSecretKey } from '../../lib/cli/import-convert';
import { EXPECTATIONS, Synth } from './import-expectations';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'import');
// Under the repository (build/ is ignored by git), so the charts resolve cdk8s and its peers as a user's project does.
const OUT = path.join(ROOT, 'build', `import-test-${process.pid}`);

const FILES = [
  { file: 'jhub_customized_values.yaml', name: 'jeg-lab' },
  { file: 'daskhub-config.yaml', name: 'daskhub' },
  { file: 'auth-github.yaml', name: 'auth-github' },
  { file: 'profiles.yaml', name: 'profiles' },
  { file: 'storage-ingress.yaml', name: 'storage-ingress' },
  { file: 'scheduling-ldap.yaml', name: 'scheduling-ldap', takeover: true },
];
const OWN = FILES.slice(2);

interface Imported {
  readonly name: string;
  readonly text: string;
  readonly leaves: readonly ValueLeaf[];
  readonly plan: ImportPlan;
  readonly chart: string;
  readonly report: string;
}

const imported: { [name: string]: Imported } = {};
const synths: { [name: string]: Synth } = {};

beforeAll(() => {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of FILES) {
    const text = fs.readFileSync(path.join(FIXTURES, f.file), 'utf8');
    const r = importValues(text, f.file, { name: f.name, takeover: f.takeover });
    imported[f.name] = { name: f.name, text, leaves: readValues(text, f.file).leaves, ...r };
    fs.writeFileSync(path.join(OUT, `${f.name}.ts`), r.chart);
  }
});
afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

/** A values file's leaves: the values that are no non-empty mapping (as the mapping tables count them). */
function valueLeaves(node: unknown, at: string, out: string[]): string[] {
  if (node && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length > 0) {
    for (const [k, v] of Object.entries(node)) valueLeaves(v, at ? `${at}.${k}` : k, out);
  } else out.push(at);
  return out;
}

test('the values files written for the test have at least 25 leaves, an extraConfig, a secret value and 3 refused keys', () => {
  for (const f of OWN) {
    const { leaves, plan } = imported[f.name];
    expect([f.name, leaves.length >= 25]).toEqual([f.name, true]);
    expect([f.name, leaves.some((l) => l.schemaKey === 'hub.extraConfig')]).toEqual([f.name, true]);
    expect([f.name, leaves.some((l) => isSecretKey(l.key))]).toEqual([f.name, true]);
    const refused = [...plan.outcomes.values()].filter((o) => o.status === 'refused').length;
    expect([f.name, refused >= 3]).toEqual([f.name, true]);
  }
});

test('every generated chart compiles with strict tsc, importing the library as cdk8s-jupyterhub (one program)', () => {
  const program = ts.createProgram(
    FILES.map((f) => path.join(OUT, `${f.name}.ts`)),
    {
      strict: true,
      noEmit: true,
      noUnusedLocals: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      skipLibCheck: true,
      types: [],
      baseUrl: ROOT,
      paths: { 'cdk8s-jupyterhub': ['lib/index.ts'] },
    },
  );
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || d.file.fileName.startsWith(OUT))
    .map(
      (d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
  expect(errors).toEqual([]);
});

test('every generated chart is written as prettier (with the project settings) formats it', () => {
  const bin = path.join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  const files = FILES.map((f) => path.join(OUT, `${f.name}.ts`));
  // --ignore-path: the charts are under build/, which the project's .prettierignore leaves out.
  const r = spawnSync(process.execPath, [bin, '--check', '--ignore-path', '', ...files], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(`${r.stdout}${r.stderr}`).toMatch(/All matched files use Prettier code style!/);
  expect(r.status).toBe(0);
});

describe.each(FILES)('the import of $file', ({ name }) => {
  const outdir = () => path.join(OUT, `${name}-dist`);

  beforeAll(() => {
    // The chart as a user runs it, but importing the library from this checkout.
    const runnable = path.join(OUT, `${name}.run.ts`);
    fs.writeFileSync(runnable, imported[name].chart.replace(`from 'cdk8s-jupyterhub'`, `from '../../lib'`));
    const before = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir();
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs the chart as `node` would
      jest.isolateModules(() => require(runnable));
    } finally {
      if (before === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = before;
    }
    const yamlText = fs
      .readdirSync(outdir())
      .map((f) => fs.readFileSync(path.join(outdir(), f), 'utf8'))
      .join('\n---\n');
    const objs = parseAllDocuments(yamlText)
      .map((d) => d.toJSON())
      .filter((o) => o);
    const cfg = objs.find((o) => o.kind === 'ConfigMap' && o.data?.['jupyterhub_config.py'])?.data[
      'jupyterhub_config.py'
    ];
    synths[name] = { text: yamlText, objs, cfg: cfg ?? '' };
  });

  const checker = (script: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'checkers', script), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const crds = ['--crd', 'crds/dask-gateway-daskclusters.yaml', '--crd', 'crds/traefik-for-dask-gateway.yaml'];

  test.each([
    ['1.27', 'k8s-1.27'],
    ['1.36', 'k8s-1.36'],
  ])('synthesizes objects with zero strict schema errors on Kubernetes %s', (version, models) => {
    const r = checker('validate.mjs', '--models', models, '--k8s-version', version, ...crds, outdir());
    expect(r.out).toMatch(/^\d+ objects, 0 invalid$/m);
    expect(r.status).toBe(0);
  });

  test('has zero lint errors, but for the NetworkPolicies of pods made at run time (user servers, Dask clusters)', () => {
    const r = checker('lint.mjs', outdir());
    const runtime =
      /^error netpol-selector NetworkPolicy\/(singleuser|[\w-]*dask-gateway-(schedulers|workers)): podSelector .* matches no pod template in the set$/;
    expect(r.out.split('\n').filter((l) => l.startsWith('error ') && !runtime.test(l))).toEqual([]);
  });

  test('its report lists every key of the file', () => {
    const { text, report } = imported[name];
    const keys = valueLeaves(parse(text), '', []);
    expect(keys.filter((k) => !report.includes(`| \`${k.replace(/\|/g, '\\|')}\` |`))).toEqual([]);
  });

  test('no secret value of the file is in the chart, the report or the synthesized objects', () => {
    const { leaves, chart, report } = imported[name];
    const secrets = leaves.filter((l) => isSecretKey(l.key) && typeof l.value === 'string' && l.value.length > 3);
    const found = secrets.filter((s) => [chart, report, synths[name].text].some((t) => t.includes(s.value as string)));
    expect(found.map((s) => s.key)).toEqual([]);
  });

  test('each mapped key reached the config or object it should', () => {
    const { leaves, plan } = imported[name];
    const problems: string[] = [];
    for (const leaf of leaves) {
      const o = plan.outcomes.get(leaf.key)!;
      if (o.status !== 'mapped' && o.status !== 'secret') continue;
      const check = EXPECTATIONS.find((e) => e.key.test(leaf.key.replace(/^(jupyterhub|dask-gateway)\./, '')));
      if (!check) {
        problems.push(`${leaf.key}: no check`);
        continue;
      }
      // A placeholder of the values (`<hub-name>`) is written as an example: that is what must arrive.
      const written = plan.placeholderValues.has(leaf.key)
        ? { ...leaf, value: plan.placeholderValues.get(leaf.key) }
        : leaf;
      const why = check.reached(written, synths[name], plan);
      if (why !== true) problems.push(`${leaf.key}: ${why}`);
    }
    expect(problems).toEqual([]);
  });
});

test('--takeover keeps the release identities: Secret hub and its keys, hub-db-dir, claim-{username}{servername}, proxy-public, the release label', () => {
  const { chart, report } = imported['scheduling-ldap'];
  expect(chart).toContain('secret: HubSecret.fromZeroToJupyterHub()');
  expect(chart).toContain("release: 'scheduling-ldap'");
  const { objs, cfg } = synths['scheduling-ldap'];
  const hub = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'hub');
  const refs = JSON.stringify(hub.spec.template.spec);
  expect(refs).toContain('"key":"hub.config.ConfigurableHTTPProxy.auth_token","name":"hub"');
  expect(refs).toContain('"key":"hub.config.JupyterHub.cookie_secret","name":"hub"');
  expect(objs.some((o) => o.kind === 'Secret' && o.metadata.name === 'hub')).toBe(false);
  expect(hub.spec.selector.matchLabels.release).toBe('scheduling-ldap');
  expect(objs.some((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === 'hub-db-dir')).toBe(true);
  expect(cfg).toMatch(/^c\.KubeSpawner\.pvc_name_template = "claim-\{username\}\{servername\}"$/m);
  expect(objs.some((o) => o.kind === 'Service' && o.metadata.name === 'proxy-public')).toBe(true);
  // The steps in docs/takeover.md's order: back up, Secrets, scale down, let Helm go, apply.
  const at = (s: string) => report.indexOf(s);
  expect(at('Back up')).toBeGreaterThan(0);
  expect(at('Back up')).toBeLessThan(at('Scale the hub down'));
  expect(at('Scale the hub down')).toBeLessThan(at('delete secret -l owner=helm'));
  expect(at('delete secret -l owner=helm')).toBeLessThan(at('kubectl apply -f dist/scheduling-ldap.k8s.yaml'));
});
