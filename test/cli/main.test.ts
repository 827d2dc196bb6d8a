/**
 * The `cdk8s-jupyterhub` command (package.json `bin`), spawned as a user runs it: a dispatcher of
 * commands with help, exit statuses for CI (0 same, 1 differences, 2 an error) and errors that
 * name the nearest command or flag.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'cdk8s-jupyterhub.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'diff');
const GOLDEN = path.join(ROOT, 'test', 'fixtures', 'golden');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the dispatcher', () => {
  test('package.json names the bin, and the bin is an executable node script', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'cdk8s-jupyterhub': 'bin/cdk8s-jupyterhub.js' });
    expect(pkg.files).toContain('bin/cdk8s-jupyterhub.js');
    expect(pkg.dependencies.yaml).toBeDefined();
    expect(fs.readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(fs.statSync(BIN).mode & 0o111).not.toBe(0);
  });

  test('--help lists the commands (exit 0); no command prints the same on stderr (exit 2)', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cdk8s-jupyterhub <command>/);
    expect(help.stdout).toMatch(/^ {2}diff {2,}compare/m);
    expect(help.stdout).toMatch(/^ {2}applyset {2,}split/m);
    const none = run([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(help.stdout);
  });

  test.each([
    [['dif'], 'cdk8s-jupyterhub: unknown command dif; did you mean diff? (cdk8s-jupyterhub --help lists the commands)'],
    [['applyst'], 'cdk8s-jupyterhub: unknown command applyst; did you mean applyset?'],
    [['--hlep'], 'cdk8s-jupyterhub: unknown flag --hlep; did you mean'],
    [['diff', '--namspace', 'x'], 'cdk8s-jupyterhub: diff: unknown flag --namspace; did you mean --namespace?'],
    [['diff', '-n'], 'cdk8s-jupyterhub: diff: --namespace needs a value: --namespace <ns>'],
    [['diff', 'live.yaml'], 'cdk8s-jupyterhub: diff: needs the cluster export (or Helm render) and dist/'],
    [['diff', 'no-such.yaml', 'dist/'], 'cdk8s-jupyterhub: no-such.yaml: no such file or directory'],
  ])('%j is a usage error (exit 2): %s', (args, message) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  test('YAML that is no Kubernetes object is an error naming the file (exit 2)', () => {
    const r = run(['diff', '-', path.join(FIXTURES, 'changed-dist.yaml')], '- a\n- b\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('(standard input): a document is not a Kubernetes object');
  });
});

describe('cdk8s-jupyterhub diff', () => {
  test('diff --help says what is left out and the exit statuses', () => {
    const r = run(['diff', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('last-applied-configuration');
    expect(r.stdout).toContain('Exit status: 0 no differences, 1 differences, 2 an error');
  });

  test('the same objects: exit 0 and a summary', () => {
    const r = run(['diff', path.join(FIXTURES, 'unchanged-live.yaml'), path.join(FIXTURES, 'unchanged-dist.yaml')]);
    expect([r.status, r.stdout]).toEqual([0, '0 added, 0 removed, 0 changed, 3 unchanged\n']);
  });

  test('differences: exit 1, one line per object, one per field; a Secret value is never printed', () => {
    const r = run([
      'diff',
      '-n',
      'jhub',
      path.join(FIXTURES, 'changed-helm.yaml'),
      path.join(FIXTURES, 'changed-dist.yaml'),
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').slice(0, 5)).toEqual([
      '+ NetworkPolicy.networking.k8s.io jhub/hub',
      '- Role.rbac.authorization.k8s.io jhub/proxy-acme',
      '- Secret jhub/proxy-acme',
      '~ ConfigMap jhub/hub',
      '    data.checksum_hook-image-puller: "k8s-hub-4.3.0" -> "k8s-hub-4.4.0"',
    ]);
    expect(r.stdout).toContain(
      '    data["hub.config.ConfigurableHTTPProxy.auth_token"]: (secret value) -> (secret value)\n',
    );
    expect(r.stdout).not.toMatch(/b2xkLXRva2Vu|new-token|bmV3LXRva2Vu/);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 added, 2 removed, 3 changed, 1 unchanged');
  });

  test('reads the cluster export from standard input (-) and dist/ as a directory of chart files', () => {
    const live = fs.readFileSync(path.join(GOLDEN, 'minikube.k8s.yaml'), 'utf8');
    const r = run(['diff', '-', GOLDEN], live);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/ 0 removed, 0 changed, 20 unchanged\n$/);
  });

  test('npx cdk8s-jupyterhub runs the same command in the repository', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'npx-home-'));
    const r = spawnSync('npx', ['--no-install', 'cdk8s-jupyterhub', 'diff', '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
      // An outer `npx -p node@22 …` (CI's Node matrix) leaves npm_config_package=node@22 and the
      // like in the environment; the inner npx would then try to install `node`. Start clean.
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
        npm_config_cache: path.join(home, 'cache'),
        npm_config_offline: 'true',
      },
    });
    fs.rmSync(home, { recursive: true, force: true });
    expect([r.status, r.stderr.replace(/^npm warn .*\n/gm, '')]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^Usage: cdk8s-jupyterhub diff/);
  });
});
