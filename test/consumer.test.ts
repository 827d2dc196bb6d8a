/**
 * The library as another project uses it: `npm pack`, install the tarball into a fresh project
 * that has only the peer dependencies, write a chart in TypeScript against the published .d.ts,
 * compile it and synthesize it.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';

const root = path.join(__dirname, '..');
const version = (pkg: string) =>
  JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;

/**
 * `npm install` in the consumer project. The peer dependencies come from npm's cache or the
 * registry. When that fails the test fails, saying why with npm's own output; it never skips.
 * First from the cache alone (fast, works offline when it is warm); then `npm ping`, because
 * offline npm retries for minutes and then reports a misleading
 * `ERESOLVE ... Found: cdk8s@undefined` instead of the network error; then from the registry.
 */
function npmInstall(app: string): void {
  const install = (mode: string) =>
    spawnSync('npm', ['install', mode, '--omit=optional', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: app,
      encoding: 'utf8',
    });
  const outputOf = (r: ReturnType<typeof spawnSync>) =>
    [r.stderr, r.stdout, r.error?.message].filter(Boolean).join('\n').trim();
  const cached = install('--offline');
  if (cached.status === 0) return;
  const ping = spawnSync('npm', ['ping', '--fetch-retries=0', '--fetch-timeout=15000'], {
    cwd: app,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const registry =
    spawnSync('npm', ['config', 'get', 'registry'], { cwd: app, encoding: 'utf8' }).stdout?.trim() ||
    'the configured registry';
  if (ping.status !== 0) {
    const reason =
      outputOf(ping)
        .split('\n')
        .find((l) => /request to .* failed/.test(l))
        ?.replace(/^npm error\s*/, '') ?? `npm ping exited with ${ping.status ?? ping.signal}`;
    throw new Error(
      `npm could not install the peer dependencies from the registry: ${registry} is unreachable (${reason}).\n` +
        "This test installs cdk8s, cdk8s-plus-27 and constructs into a fresh project, so it needs the npm registry or those packages in npm's cache.\n" +
        `npm install --offline (from the cache):\n${outputOf(cached)}\n\nnpm ping:\n${outputOf(ping)}`,
    );
  }
  const online = install('--prefer-offline');
  if (online.status === 0) return;
  throw new Error(
    `npm install of the packed tarball next to the peer dependencies failed (exit status ${online.status}; the registry ${registry} answers, so this is not a network problem).\n` +
      `npm's output:\n${outputOf(online)}`,
  );
}

test('a packed tarball installs next to the peer dependencies, type-checks and synthesizes a custom chart', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
  try {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    const tarball = path.join(work, packed[0].filename);
    const shipped: string[] = packed[0].files.map((f: any) => f.path);
    expect(shipped).toContain('build/lib/index.js');
    expect(shipped).toContain('build/lib/index.d.ts');
    expect(
      shipped.some((f) => f.startsWith('test/') || f.startsWith('lib/') || (f.endsWith('.ts') && !f.endsWith('.d.ts'))),
    ).toBe(false);

    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        version: '1.0.0',
        private: true,
        dependencies: {
          cdk8s: version('cdk8s'),
          'cdk8s-plus-27': version('cdk8s-plus-27'),
          constructs: version('constructs'),
          'cdk8s-jupyterhub': `file:${tarball}`,
        },
      }),
    );
    npmInstall(app);

    // One copy of cdk8s (two would break Chart.of): the library uses the app's.
    const copies = execFileSync('find', ['node_modules', '-path', '*/cdk8s/package.json'], {
      cwd: app,
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(copies).toEqual(['node_modules/cdk8s/package.json']);

    fs.writeFileSync(
      path.join(app, 'chart.ts'),
      `
import { App, Chart, Size } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-27';
import { Authenticator, Hub, NginxIngress, Proxy, SingleUserStorage, synthesize } from 'cdk8s-jupyterhub';

const app = new App({ outdir: 'dist' });
const chart = new Chart(app, 'course', { namespace: 'course-42' });
const hub = new Hub(chart, 'hub', {
  namePrefix: 'c42-',
  release: 'c42',
  authenticator: Authenticator.native({ adminUsers: ['teacher'] }),
  singleUser: { memoryGuarantee: Size.mebibytes(768), memoryLimit: Size.gibibytes(2), storage: SingleUserStorage.dynamic({ capacity: Size.gibibytes(5) }) },
});
const proxy = new Proxy(chart, 'proxy', { serviceType: ServiceType.NODE_PORT, nodePort: 30042 });
proxy.addFrontDoor(new NginxIngress(chart, 'nginx', { maxBodySize: Size.mebibytes(128) }));
hub.addIntegration(proxy);
synthesize(app);
`,
    );
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'commonjs',
          esModuleInterop: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['chart.ts'],
      }),
    );
    try {
      execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], {
        cwd: app,
        encoding: 'utf8',
      });
    } catch (e) {
      // tsc reports on stdout: show it, not only "Command failed".
      throw new Error(`tsc failed in the consumer app:\n${(e as { stdout?: string }).stdout ?? e}`);
    }
    execFileSync(process.execPath, ['chart.js'], { cwd: app });

    const objs = yaml.loadAll(fs.readFileSync(path.join(app, 'dist', 'course.k8s.yaml'), 'utf8')) as any[];
    const byName = (kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);
    expect(byName('Service', 'c42-proxy-public').spec.ports[0].nodePort).toBe(30042);
    expect(byName('Deployment', 'c42-hub').metadata.namespace).toBe('course-42');
    const config: string = byName('ConfigMap', 'c42-hub-config').data['jupyterhub_config.py'];
    expect(config).toContain('c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"');
    expect(config).toContain('c.KubeSpawner.mem_limit = 2147483648');
    expect(byName('ConfigMap', 'c42-nginx-proxy-config').data['nginx.conf']).toContain('client_max_body_size 128m;');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}, 240_000);
