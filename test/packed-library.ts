/**
 * The library as npm would publish it, for the tests that install it into a project of their own
 * (the docs' examples, the getting-started walkthrough): `npm pack` once for all of them, and
 * `npm install` the way `test/consumer.test.ts` does it (from npm's cache first, so it works
 * offline when the cache is warm).
 *
 * The tarball is packed in a copy of the repository (its `prepack` builds into the copy's
 * `build/`, never into the one another test may be packing at the same moment) and kept under
 * the system's temporary directory, named by a hash of everything that goes into it: every test
 * file of a run (each in its own jest worker) and every later run of the same sources gets the
 * same tarball, and a changed source gets a new one.
 */
import { execFileSync, spawnSync, SpawnSyncReturns } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..');

/** What `npm pack` builds from (its `prepack` runs `tsc -p tsconfig.build.json`) and ships. */
const PACKED_FROM = [
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'main.ts',
  'bin',
  'lib',
  'imports',
  'README.md',
  'docs',
  'API.md',
  'LICENSE',
];

/** The installed version of a package of the repository (the peer dependencies' versions to install). */
export const installedVersion = (pkg: string): string =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;

function hashOfSources(): string {
  const hash = crypto.createHash('sha256');
  const add = (rel: string): void => {
    const abs = path.join(ROOT, rel);
    if (fs.statSync(abs).isDirectory()) {
      for (const e of fs.readdirSync(abs).sort()) add(path.join(rel, e));
    } else {
      hash.update(`${rel}\0`).update(fs.readFileSync(abs)).update('\0');
    }
  };
  PACKED_FROM.forEach(add);
  hash.update(installedVersion('typescript'));
  return hash.digest('hex').slice(0, 16);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Packs the repository in a copy of it; returns the tarball's file name in `dest`. */
function packInto(dest: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-src-'));
  try {
    for (const p of PACKED_FROM) fs.cpSync(path.join(ROOT, p), path.join(copy, p), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], {
      cwd: copy,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out)[0].filename;
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

/** Removes tarballs of other sources packed more than a day ago (not locked: no one is packing them). */
function pruneOlderThanADay(base: string, keep: string): void {
  for (const e of fs.readdirSync(base)) {
    const entry = path.join(base, e);
    if (entry === keep || e.endsWith('.lock') || fs.existsSync(`${entry}.lock`)) continue;
    if (Date.now() - fs.statSync(entry).mtimeMs > 86_400_000) fs.rmSync(entry, { recursive: true, force: true });
  }
}

let packed: string | undefined;

/**
 * The path of the packed tarball (`cdk8s-jupyterhub-<version>.tgz`), packed at most once for the
 * current sources. Other workers wait for the one that packs (a bounded wait: 10 minutes).
 */
export function packedTarball(): string {
  if (packed !== undefined && fs.existsSync(packed)) return packed;
  const base = path.join(os.tmpdir(), 'cdk8s-jupyterhub-packed');
  const dir = path.join(base, hashOfSources());
  const done = path.join(dir, 'tarball');
  const lock = `${dir}.lock`;
  fs.mkdirSync(base, { recursive: true });
  for (const deadline = Date.now() + 600_000; !fs.existsSync(done);) {
    let mine = false;
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      mine = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (mine) {
      try {
        pruneOlderThanADay(base, dir);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir);
        const name = packInto(dir);
        fs.writeFileSync(done, name);
      } finally {
        fs.rmSync(lock, { recursive: true, force: true });
      }
      break;
    }
    const holder = Number(
      fs.existsSync(path.join(lock, 'pid')) ? fs.readFileSync(path.join(lock, 'pid'), 'utf8') : NaN,
    );
    if (Number.isInteger(holder) && !isAlive(holder)) fs.rmSync(lock, { recursive: true, force: true });
    else if (Date.now() > deadline) throw new Error(`another test (pid ${holder}) is still packing into ${dir}`);
    else sleep(500);
  }
  packed = path.join(dir, fs.readFileSync(done, 'utf8'));
  return packed;
}

export const outputOf = (r: SpawnSyncReturns<string>): string =>
  [r.stderr, r.stdout, r.error?.message].filter(Boolean).join('\n').trim();

/**
 * Runs something that installs from npm (`attempt(env)`, with npm's settings in `env`) the way
 * `test/consumer.test.ts` installs: first from npm's cache alone (fast, works offline when it is
 * warm); then `npm ping`, because offline npm retries for minutes and then reports a misleading
 * error instead of the network's; then preferring the cache but asking the registry. When it
 * still fails the error says why with npm's own output; it never skips.
 */
export function withNpm(
  cwd: string,
  what: string,
  attempt: (env: NodeJS.ProcessEnv) => SpawnSyncReturns<string>,
  prepare: () => void = () => undefined,
): void {
  prepare();
  const cached = attempt({ ...process.env, npm_config_offline: 'true' });
  if (cached.status === 0) return;
  const ping = spawnSync('npm', ['ping', '--fetch-retries=0', '--fetch-timeout=15000'], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const registry =
    spawnSync('npm', ['config', 'get', 'registry'], { cwd, encoding: 'utf8' }).stdout?.trim() ||
    'the configured registry';
  if (ping.status !== 0) {
    throw new Error(
      `${what}: npm could not install from ${registry}, which is unreachable, nor from npm's cache.\n` +
        `From the cache (npm_config_offline=true):\n${outputOf(cached)}\n\nnpm ping:\n${outputOf(ping)}`,
    );
  }
  prepare();
  const online = attempt({ ...process.env, npm_config_prefer_offline: 'true' });
  if (online.status === 0) return;
  throw new Error(
    `${what} failed (exit status ${online.status}; the registry ${registry} answers, so this is not a network problem).\n` +
      `Output:\n${outputOf(online)}`,
  );
}

/** `npm install` in a project whose package.json names what to install. */
export function npmInstall(app: string): void {
  withNpm(app, `npm install in ${app}`, (env) =>
    spawnSync('npm', ['install', '--omit=optional', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: app,
      encoding: 'utf8',
      env,
    }),
  );
}
