/**
 * The `cdk8s-jupyterhub` command as a user gets it: the packed tarball installed with npm next to
 * the peer dependencies, run from node_modules/.bin (the compiled build/lib/cli, the `yaml`
 * dependency installed with it), with no TypeScript source and no dev dependency around.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installedVersion, npmInstall, packedTarball, ROOT } from '../packed-library';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'diff');

test('after npm install, node_modules/.bin/cdk8s-jupyterhub runs diff and applyset with the exit statuses of the repository', () => {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-installed-'));
  try {
    fs.writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({
        name: 'cli-user',
        private: true,
        dependencies: {
          cdk8s: installedVersion('cdk8s'),
          'cdk8s-plus-27': installedVersion('cdk8s-plus-27'),
          constructs: installedVersion('constructs'),
          'cdk8s-jupyterhub': `file:${packedTarball()}`,
        },
      }),
    );
    npmInstall(app);
    const installed = path.join(app, 'node_modules', 'cdk8s-jupyterhub');
    expect(fs.existsSync(path.join(installed, 'lib'))).toBe(false);
    expect(fs.existsSync(path.join(installed, 'build', 'lib', 'cli', 'main.js'))).toBe(true);
    const bin = path.join(app, 'node_modules', '.bin', 'cdk8s-jupyterhub');
    const run = (...args: string[]) => spawnSync(bin, args, { cwd: app, encoding: 'utf8' });

    const same = run('diff', path.join(FIXTURES, 'unchanged-live.yaml'), path.join(FIXTURES, 'unchanged-dist.yaml'));
    expect([same.status, same.stdout, same.stderr]).toEqual([0, '0 added, 0 removed, 0 changed, 3 unchanged\n', '']);
    const changed = run(
      'diff',
      '-n',
      'jhub',
      path.join(FIXTURES, 'changed-helm.yaml'),
      path.join(FIXTURES, 'changed-dist.yaml'),
    );
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain('1 added, 2 removed, 3 changed, 1 unchanged');
    const wrong = run('difff');
    expect([wrong.status, wrong.stderr]).toEqual([
      2,
      'cdk8s-jupyterhub: unknown command difff; did you mean diff? (cdk8s-jupyterhub --help lists the commands)\n',
    ]);
    const split = run('applyset', path.join(ROOT, 'test', 'fixtures', 'golden', 'jeg-lab.k8s.yaml'));
    expect(split.status).toBe(0);
    expect(fs.readdirSync(path.join(app, 'applyset', 'jeg-lab')).sort()).toEqual([
      'kept.yaml',
      'members.yaml',
      'parent.yaml',
    ]);
  } finally {
    fs.rmSync(app, { recursive: true, force: true });
  }
});
