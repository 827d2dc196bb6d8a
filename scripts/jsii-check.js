#!/usr/bin/env node
/**
 * Compiles the public API with jsii (the compiler behind the Python, Java, Go and .NET bindings)
 * in a scratch copy of lib/, so jsii's own tsconfig.json and .jsii output never touch the work tree.
 * Exits non-zero and prints jsii's diagnostics if the API is not jsii-compatible.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsii-check-'));
try {
  fs.cpSync(path.join(root, 'lib'), path.join(dir, 'lib'), { recursive: true });
  if (fs.existsSync(path.join(root, 'imports')))
    fs.cpSync(path.join(root, 'imports'), path.join(dir, 'imports'), { recursive: true });
  fs.copyFileSync(path.join(root, 'README.md'), path.join(dir, 'README.md'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const jsiiPkg = {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    author: { name: 'cdk8s-jupyterhub maintainers', organization: false },
    repository: { type: 'git', url: 'https://example.invalid/cdk8s-jupyterhub.git' },
    main: 'lib/index.js',
    types: 'lib/index.d.ts',
    peerDependencies: pkg.peerDependencies,
    devDependencies: Object.fromEntries(Object.keys(pkg.peerDependencies).map((d) => [d, pkg.devDependencies[d]])),
    jsii: {
      outdir: 'jsii-dist',
      targets: {
        python: { distName: 'cdk8s-jupyterhub', module: 'cdk8s_jupyterhub' },
      },
      excludeTypescript: [],
    },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(jsiiPkg, null, 2));
  const jsii = path.join(root, 'node_modules', '.bin', 'jsii');
  try {
    const out = execFileSync(
      jsii,
      ['--silence-warnings', 'reserved-word', '--silence-warnings', 'metadata/missing-dev-dependency'],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    process.stdout.write(out);
    const assembly = JSON.parse(fs.readFileSync(path.join(dir, '.jsii'), 'utf8'));
    console.log(`jsii: 0 errors, ${Object.keys(assembly.types ?? {}).length} types in the assembly`);
  } catch (e) {
    process.stdout.write(String(e.stdout ?? ''));
    process.stderr.write(String(e.stderr ?? ''));
    const errors = (String(e.stdout ?? '') + String(e.stderr ?? ''))
      .split('\n')
      .filter((l) => / error /.test(l) || /error JSII/.test(l));
    console.error(`jsii: failed (${errors.length} error lines)`);
    process.exitCode = 1;
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
