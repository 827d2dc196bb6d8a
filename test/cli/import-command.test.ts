/**
 * `cdk8s-jupyterhub import`, spawned as a user runs it: it writes <name>.ts and <name>.import.md,
 * exits 0; an unknown key, a bad flag or a missing file exits 2 with an error on stderr that says
 * what to do; --help says what the command does.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'cdk8s-jupyterhub.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'import');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let out: string;
beforeEach(() => (out = fs.mkdtempSync(path.join(os.tmpdir(), 'import-'))));
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

test('writes <name>.ts and <name>.import.md into --out (exit 0); the name defaults to the file name', () => {
  const r = run(['import', '--out', out, path.join(FIXTURES, 'auth-github.yaml')]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(fs.readdirSync(out).sort()).toEqual(['auth-github.import.md', 'auth-github.ts']);
  expect(r.stdout).toBe(`wrote ${path.join(out, 'auth-github.ts')} and ${path.join(out, 'auth-github.import.md')}\n`);
  const chart = fs.readFileSync(path.join(out, 'auth-github.ts'), 'utf8');
  expect(chart).toMatch(/^import \{ App, Chart, Duration, Size \} from 'cdk8s';$/m);
  expect(chart).toMatch(/from 'cdk8s-jupyterhub';$/m);
  expect(chart).toMatch(/^synthesize\(app\);$/m);
});

test('--name and --namespace name the chart, its files and the namespace; - reads standard input', () => {
  const values = fs.readFileSync(path.join(FIXTURES, 'jhub_customized_values.yaml'), 'utf8');
  const r = run(['import', '--name', 'lab', '-n', 'jupyterhub', '-o', out, '-'], values);
  expect(r.status).toBe(0);
  const chart = fs.readFileSync(path.join(out, 'lab.ts'), 'utf8');
  expect(chart).toContain(
    "new Chart(app, 'lab', {\n  namespace: 'jupyterhub',\n  disableResourceNameHashes: true,\n});",
  );
  expect(fs.readFileSync(path.join(out, 'lab.import.md'), 'utf8')).toMatch(/^# Import of -$/m);
});

test('--takeover: the report lists the steps, and the Secrets to keep', () => {
  const r = run(['import', '--takeover', '--name', 'jhub', '-o', out, path.join(FIXTURES, 'auth-github.yaml')]);
  expect(r.status).toBe(0);
  const report = fs.readFileSync(path.join(out, 'jhub.import.md'), 'utf8');
  expect(report).toContain('## Taking over the release');
  expect(report).toContain('- keep Secret `hub` (key `hub.config.JupyterHub.cookie_secret`) of the release');
  expect(report).toContain('kubectl -n jhub scale deploy/hub --replicas=0');
});

test('an unknown key exits 2, naming the key and the nearest valid one; nothing is written', () => {
  const file = path.join(out, 'values.yaml');
  fs.writeFileSync(file, 'singleuser:\n  defaultUrll: /lab\n');
  const r = run(['import', '-o', out, file]);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe(
    `cdk8s-jupyterhub: import: ${file}: unknown key singleuser.defaultUrll; did you mean singleuser.defaultUrl?\n`,
  );
  expect(fs.readdirSync(out)).toEqual(['values.yaml']);
});

test('a bad flag, a bad name or a missing file exits 2 with the fix', () => {
  expect(run(['import', '--takover', 'v.yaml']).stderr).toMatch(/unknown flag --takover; did you mean --takeover\?/);
  expect(run(['import', '--name', 'My_Hub', path.join(FIXTURES, 'profiles.yaml')]).stderr).toMatch(
    /--name My_Hub: a DNS label/,
  );
  const missing = run(['import', path.join(out, 'nope.yaml')]);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toMatch(/import: cannot read .*nope\.yaml/);
  expect(run(['import']).stderr).toMatch(/import: needs one values file/);
});

test('--help says what it reads and writes, and that secrets are never written (exit 0); the main help lists it', () => {
  const r = run(['import', '--help']);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^Usage: cdk8s-jupyterhub import \[flags\] <values.yaml>/);
  expect(r.stdout).toMatch(/never written/);
  expect(run(['--help']).stdout).toMatch(/^ {2}import {2,}write a TypeScript chart/m);
});
