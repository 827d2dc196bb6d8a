/**
 * Harness of the end-to-end test (test/e2e/hub-e2e.test.ts): runs the synthesized hub, proxy and
 * nginx of a chart as local processes (Debian's JupyterHub, configurable-http-proxy from npm,
 * Debian's nginx) and drives them as a browser and an API client would. See README.md here.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Obj } from '../util';

const ROOT = path.join(__dirname, '..', '..');

/** The JupyterHub 5.5 / KubeSpawner 7.0 traits the generated config targets (the image's versions). */
export const TARGET_TRAITS: { jupyterhub: string; classes: { [cls: string]: { [trait: string]: unknown } } } =
  JSON.parse(
    fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'jupyterhub-5.5-kubespawner-7.0-traits.json'), 'utf8'),
  );

/** The name of the harness's own hub service (REST checks) and its role. */
export const HARNESS_SERVICE = 'e2e-harness';

/** Scopes of the harness service: list and read users, create the REST test user, start and stop servers, read services. */
export const HARNESS_SCOPES = [
  'list:users',
  'read:users',
  'admin:users',
  'admin:servers',
  'list:services',
  'read:services',
  'read:roles:services',
];

// ---------------------------------------------------------------------------------------------
// What the e2e takes from a synthesized chart
// ---------------------------------------------------------------------------------------------

/** A container of a synthesized workload (Kubernetes JSON). */
export type Container = {
  name: string;
  command?: string[];
  args?: string[];
  env?: any[];
  ports?: any[];
  readinessProbe?: any;
  volumeMounts?: any[];
  image: string;
  workingDir?: string;
};

/** The parts of a chart the e2e runs. */
export interface ChartUnderTest {
  readonly id: string;
  readonly objects: Obj[];
  /** `jupyterhub_config.py` exactly as synthesized. */
  readonly hubConfig: string;
  readonly hub: Container;
  /** Where the hub container sees `jupyterhub_config.py` (the ConfigMap's mount path). */
  readonly hubConfigPath: string;
  readonly chp: Container;
  readonly nginx?: { readonly container: Container; readonly conf: string; readonly confPath: string };
}

function containersOf(o: Obj): Container[] {
  const spec = o.spec?.template?.spec;
  return spec ? [...(spec.initContainers ?? []), ...spec.containers] : [];
}

/** Where a container mounts the ConfigMap `cmName` (whose key `key` it reads), if it does. */
function configMapFilePath(workload: Obj, c: Container, cmName: string, key: string): string | undefined {
  const volumes: any[] = workload.spec.template.spec.volumes ?? [];
  for (const m of c.volumeMounts ?? []) {
    const v = volumes.find((x) => x.name === m.name);
    if (v?.configMap?.name !== cmName) continue;
    const item = (v.configMap.items ?? []).find((i: any) => i.key === key);
    if (v.configMap.items && !item) continue;
    return m.subPath ? m.mountPath : path.posix.join(m.mountPath, item ? item.path : key);
  }
  return undefined;
}

/** Every chart that has a hub (a ConfigMap with `jupyterhub_config.py`), with its proxy and nginx. */
export function chartsUnderTest(
  charts: { [id: string]: Obj[] },
  options: { readonly withAcmeNginx?: boolean } = {},
): ChartUnderTest[] {
  const out: ChartUnderTest[] = [];
  for (const [id, objects] of Object.entries(charts)) {
    // The Carvel package's objects hold placeholders, not values (ytt binds them at install time):
    // test/carvel/carvel-package.test.ts renders them with sample values and validates them; its hub
    // config is the same generator's output as the other charts'.
    if (id === 'carvel') continue;
    const hubCm = objects.find((o) => o.kind === 'ConfigMap' && o.data?.['jupyterhub_config.py'] !== undefined);
    if (!hubCm) continue;
    const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
    let hub: Container | undefined;
    let hubConfigPath: string | undefined;
    for (const w of workloads) {
      for (const c of containersOf(w)) {
        const p = configMapFilePath(w, c, hubCm.metadata.name, 'jupyterhub_config.py');
        // The command line is command + args (an image's entrypoint may take args alone).
        if (
          p &&
          [...(c.command ?? []), ...(c.args ?? [])].some((a) => a.includes('jupyterhub') && !a.includes('secret_init'))
        ) {
          hub = c;
          hubConfigPath = p;
        }
      }
    }
    if (!hub || !hubConfigPath)
      throw new Error(`chart ${id}: no container mounts ConfigMap/${hubCm.metadata.name} and runs jupyterhub`);
    const proxy = workloads.find((w) => containersOf(w).some((c) => c.name === 'chp'));
    if (!proxy) throw new Error(`chart ${id}: has a hub but no proxy Deployment with a container 'chp'`);
    const chp = containersOf(proxy).find((c) => c.name === 'chp') as Container;
    const nginxContainer = containersOf(proxy).find((c) => c.name === 'nginx');
    let nginx: ChartUnderTest['nginx'];
    // nginx of IngressTls.acme() serves only the certificate its ACME client orders at run time
    // (HTTP is a redirect): the run goes through CHP, unless the caller brings a certificate
    // (the browser e2e over TLS, with Pebble); the Pebble e2e (acme-e2e.test.ts) runs the client.
    if (nginxContainer && (options.withAcmeNginx || !containersOf(proxy).some((c) => c.name === 'acme'))) {
      const cm = objects.find(
        (o) =>
          o.kind === 'ConfigMap' &&
          o.data?.['nginx.conf'] !== undefined &&
          configMapFilePath(proxy, nginxContainer, o.metadata.name, 'nginx.conf') !== undefined,
      );
      if (!cm) throw new Error(`chart ${id}: container nginx mounts no ConfigMap with nginx.conf`);
      nginx = {
        container: nginxContainer,
        conf: cm.data['nginx.conf'],
        confPath: configMapFilePath(proxy, nginxContainer, cm.metadata.name, 'nginx.conf') as string,
      };
    }
    out.push({ id, objects, hubConfig: hubCm.data['jupyterhub_config.py'], hub, hubConfigPath, chp, nginx });
  }
  return out;
}

/** The DNS names of a chart's Services, as pods resolve them. */
export function serviceHosts(objects: Obj[]): string[] {
  return objects
    .filter((o) => o.kind === 'Service')
    .flatMap((o) => {
      const n = o.metadata.name;
      const ns = o.metadata.namespace ?? 'default';
      return [n, `${n}.${ns}`, `${n}.${ns}.svc`, `${n}.${ns}.svc.cluster.local`];
    });
}

/** A container port by name or number. */
export function containerPort(c: Container, port: string | number): number {
  if (typeof port === 'number') return port;
  const p = (c.ports ?? []).find((x: any) => x.name === port);
  if (!p) throw new Error(`container ${c.name} has no port named ${port}`);
  return p.containerPort;
}

/** The loopback URL of a container's readiness probe (httpGet). */
export function readinessUrl(c: Container): string {
  const g = c.readinessProbe?.httpGet;
  if (!g) throw new Error(`container ${c.name} has no httpGet readiness probe`);
  return `http://127.0.0.1:${containerPort(c, g.port)}${g.path}`;
}

/** A string the generated config assigns (`c.Class.trait = "value"`), if it does. */
export function configString(config: string, cls: string, trait: string): string | undefined {
  const m = new RegExp(`^c\\.${cls}\\.${trait} = (".*")$`, 'm').exec(config);
  return m ? JSON.parse(m[1]) : undefined;
}

/** A Python set of strings the generated config assigns (`{"a", "b"}`), if it does. */
export function configStringSet(config: string, cls: string, trait: string): string[] | undefined {
  const m = new RegExp(`^c\\.${cls}\\.${trait} = (\\{.*\\}|set\\(\\))$`, 'm').exec(config);
  if (!m) return undefined;
  return m[1] === 'set()' ? [] : JSON.parse(`[${m[1].slice(1, -1)}]`);
}

/** nginx's size syntax (`64m`, `512k`, bytes) in bytes. */
export function nginxBytes(size: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(size);
  if (!m) throw new Error(`not an nginx size: ${size}`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

/** `client_max_body_size` of an nginx.conf in bytes (nginx's default 1m when absent). */
export function maxBodyBytes(conf: string): number {
  const m = /^\s*client_max_body_size\s+(\S+);/m.exec(conf);
  return nginxBytes(m ? m[1] : '1m');
}

// ---------------------------------------------------------------------------------------------
// Secrets, environment, executables
// ---------------------------------------------------------------------------------------------

/** Values of the Secrets the manifests reference, generated at run time: one random 32-byte hex per (Secret, key). */
export class RunSecrets {
  private readonly values = new Map<string, string>();
  public get(name: string, key: string): string {
    const id = `${name}/${key}`;
    if (!this.values.has(id)) this.values.set(id, crypto.randomBytes(32).toString('hex'));
    return this.values.get(id) as string;
  }
}

/**
 * A container's environment as the kubelet would set it: literal values as they are, `secretKeyRef`s
 * from the run's generated Secrets, `configMapKeyRef`s from the chart, and the downward API
 * (which exists only in a cluster) from stand-ins.
 */
export function containerEnv(c: Container, secrets: RunSecrets, objects: Obj[]): { [name: string]: string } {
  const env: { [name: string]: string } = {};
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.secretKeyRef)
      env[e.name] = secrets.get(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
    else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === ref.name);
      if (cm?.data?.[ref.key] === undefined)
        throw new Error(`env ${e.name} of ${c.name}: no ConfigMap/${ref.name} key ${ref.key} in the chart`);
      env[e.name] = cm.data[ref.key];
    } else if (e.valueFrom?.fieldRef) {
      const stand: { [field: string]: string } = {
        'metadata.namespace': 'e2e',
        'metadata.name': `${c.name}-e2e`,
        'spec.nodeName': os.hostname(),
        'status.podIP': '127.0.0.1',
      };
      const v = stand[e.valueFrom.fieldRef.fieldPath];
      if (v === undefined)
        throw new Error(`env ${e.name} of ${c.name}: no stand-in for fieldRef ${e.valueFrom.fieldRef.fieldPath}`);
      env[e.name] = v;
    } else {
      throw new Error(`env ${e.name} of ${c.name}: unsupported source ${JSON.stringify(e.valueFrom)}`);
    }
  }
  return env;
}

function executable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** An executable: the given preferred paths first, then PATH. */
export function which(name: string, preferred: string[] = []): string | undefined {
  const dirs = (process.env.PATH ?? '').split(':').filter((d) => d && !d.includes('.pyenv'));
  return [...preferred, ...dirs.map((d) => path.join(d, name))].find(executable);
}

/** Debian's JupyterHub (the e2e needs a real hub; scripts/system-deps.sh installs it). */
export function jupyterhubBin(): string {
  const p = which('jupyterhub', ['/usr/bin/jupyterhub']);
  if (!p)
    throw new Error(
      'jupyterhub is not installed: run `bash scripts/system-deps.sh` (apt-get install jupyterhub python3-ipykernel nginx)',
    );
  return p;
}

/** The Python interpreter the hub runs on (from jupyterhub's shebang). */
export function hubPython(): string {
  const first = fs.readFileSync(jupyterhubBin(), 'utf8').split('\n')[0];
  const m = /^#!\s*(\S+)/.exec(first);
  return m && executable(m[1]) ? m[1] : '/usr/bin/python3';
}

export function nginxBin(): string {
  const p = which('nginx', ['/usr/sbin/nginx']);
  if (!p) throw new Error('nginx is not installed: run `bash scripts/system-deps.sh`');
  return p;
}

/**
 * Debian's Chromium (the browser e2e drives it with playwright-core; a browser is never
 * downloaded), or undefined when it is not installed. `E2E_CHROMIUM=<path>` picks another binary
 * (a path that does not exist shows what a machine without Chromium does).
 */
export function chromiumBin(): string | undefined {
  const chosen = process.env.E2E_CHROMIUM;
  if (chosen !== undefined) return executable(chosen) ? chosen : undefined;
  return which('chromium', ['/usr/bin/chromium']);
}

/**
 * Chromium's flags for the browser e2e: headless, no sandbox (the harness may be root), and nothing
 * that reaches the network by itself (no QUIC, sync, component or background updates).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** configurable-http-proxy from npm (Debian's fails on this Node); a devDependency. */
export function chpBin(): { script: string; version: string } {
  const dir = path.dirname(require.resolve('configurable-http-proxy/package.json'));
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return {
    script: path.join(dir, pkg.bin['configurable-http-proxy'] ?? 'bin/configurable-http-proxy'),
    version: pkg.version,
  };
}

/** Whether a Python module imports in the hub's Python (e.g. jupyterhub_idle_culler). */
export function hubPythonHas(module: string): boolean {
  return spawnSync(hubPython(), ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Who the hub (and so the user servers and the managed services) runs as: never root, as in the
 * pods. A root harness runs them as `nobody`; otherwise as the current user.
 */
export function hubIdentity(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

function chownR(p: string, who: { uid: number; gid: number } | undefined): void {
  if (!who) return;
  fs.chownSync(p, who.uid, who.gid);
  if (fs.statSync(p).isDirectory()) for (const f of fs.readdirSync(p)) chownR(path.join(p, f), who);
}

/** Fails clearly when a port the manifests use is taken on this machine. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          e.code === 'EADDRINUSE'
            ? `port ${port} (${what}) is already in use on this machine; the e2e runs on the ports the manifests use (8000 CHP, 8001 CHP API, 8081 hub, 8080 nginx): stop whatever listens there (ss -ltnp | grep :${port}) and run again`
            : `cannot check port ${port} (${what}): ${e.message}`,
        ),
      ),
    );
    srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => srv.close(() => resolve()));
  });
}

/**
 * A machine-wide lock, so that two runs of the e2e (two jest runs at once) take turns on the fixed
 * ports instead of failing. Held by this process's PID; a lock whose holder died is taken over.
 */
export async function acquireMachineLock(timeoutMs: number): Promise<() => void> {
  const file = path.join(os.tmpdir(), 'cdk8s-jupyterhub-e2e.lock');
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = NaN;
    try {
      holder = Number(fs.readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
      try {
        fs.unlinkSync(file);
      } catch {
        /* someone else took it over */
      }
      continue;
    }
    if (Date.now() > end) throw new Error(`another e2e run (pid ${holder}) still holds ${file} after ${timeoutMs} ms`);
    await sleep(500);
  }
}

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The promise's value, or undefined after `ms` (the timer is cleared, so nothing is left pending). */
function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<undefined>((r) => {
      timer = setTimeout(() => r(undefined), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A background process started with child_process.spawn, by PID. Its stdout and stderr go to a log
 * file (a real file, as a container runtime gives: nginx's `access_log /dev/stdout` cannot open a
 * socket, which is what Node's 'pipe' would be).
 */
export class Proc {
  public readonly child: ChildProcess;
  public readonly pid: number;
  public exit?: { code: number | null; signal: NodeJS.Signals | null };
  public readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly logFile: string;
  private readonly offset: number;
  private cached = '';

  public constructor(
    public readonly name: string,
    cmd: string,
    args: string[],
    opts: { cwd: string; env: { [k: string]: string }; uid?: number; gid?: number; logFile: string },
  ) {
    this.logFile = opts.logFile;
    const fd = fs.openSync(opts.logFile, 'a');
    this.offset = fs.fstatSync(fd).size;
    try {
      this.child = spawn(cmd, args, {
        cwd: opts.cwd,
        env: opts.env,
        uid: opts.uid,
        gid: opts.gid,
        stdio: ['ignore', fd, fd],
      });
    } finally {
      fs.closeSync(fd);
    }
    if (this.child.pid === undefined) throw new Error(`could not start ${name}: ${cmd}`);
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      this.child.once('error', (e) => {
        fs.appendFileSync(this.logFile, `\n[harness] spawn error: ${e.message}\n`);
        this.exit = { code: -1, signal: null };
        resolve(this.exit);
      });
    });
  }

  /** What the process printed so far (stdout and stderr). */
  public get output(): string {
    try {
      this.cached = fs.readFileSync(this.logFile).subarray(this.offset).toString('utf8');
    } catch {
      // The run's directory is gone: what was read last.
    }
    return this.cached;
  }

  public get running(): boolean {
    return this.exit === undefined;
  }

  /** The last lines of the output, for failure messages. */
  public tail(lines = 40): string {
    return `--- ${this.name} (pid ${this.pid}) ---\n${this.output
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .slice(-lines)
      .join('\n')}`;
  }

  /** Waits until the output matches, or fails when the process exits first or time runs out. */
  public async waitForOutput(re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.output);
      if (m) return m;
      if (!this.running)
        throw new Error(`${this.name} exited (${JSON.stringify(this.exit)}) before printing ${re}\n${this.tail()}`);
      if (Date.now() > end) throw new Error(`${this.name} did not print ${re} within ${timeoutMs} ms\n${this.tail()}`);
      await sleep(50);
    }
  }

  /** Waits for the process to exit by itself. */
  public async waitExit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const r = await within(this.exited, timeoutMs);
    if (!r) throw new Error(`${this.name} still runs after ${timeoutMs} ms\n${this.tail()}`);
    return r;
  }

  /** Stops the process by its PID: the signal, then SIGKILL after `graceMs`. */
  public async stop(
    signal: NodeJS.Signals = 'SIGTERM',
    graceMs = 10_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
    if (!this.running)
      return { ...(this.exit as { code: number | null; signal: NodeJS.Signals | null }), killed: false };
    process.kill(this.pid, signal);
    const r = await within(this.exited, graceMs);
    if (r) return { ...r, killed: false };
    process.kill(this.pid, 'SIGKILL');
    return { ...(await this.exited), killed: true };
  }
}

/** PIDs of live processes whose working directory or command line is under `dir`. */
export function processesUnder(dir: string): { pid: number; cmdline: string }[] {
  const out: { pid: number; cmdline: string }[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${e}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (!cmdline) continue; // zombie or kernel thread
      let cwd = '';
      try {
        cwd = fs.readlinkSync(`/proc/${e}/cwd`);
      } catch {
        /* not ours to read */
      }
      if (cwd === dir || cwd.startsWith(dir + '/') || cmdline.includes(dir)) out.push({ pid: Number(e), cmdline });
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Whether a PID is a live (non-zombie) process. */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** The environment of a process (from /proc). */
export function processEnv(pid: number): { [k: string]: string } {
  const env: { [k: string]: string } = {};
  for (const kv of fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean)) {
    const i = kv.indexOf('=');
    env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return env;
}

// ---------------------------------------------------------------------------------------------
// HTTP as a browser would
// ---------------------------------------------------------------------------------------------

export interface Resp {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** The URL that answered (after redirects). */
  readonly url: string;
  /** Every URL requested, in order. */
  readonly chain: string[];
  text(): string;
  json(): any;
}

/** One HTTP request on a fresh connection (no keep-alive, so nothing stays open after the test). */
export function request(
  url: string,
  opts: { method?: string; headers?: { [k: string]: string }; body?: string | Buffer; timeoutMs?: number } = {},
): Promise<Resp> {
  return new Promise((resolve, reject) => {
    const body = typeof opts.body === 'string' ? Buffer.from(opts.body) : opts.body;
    const headers: { [k: string]: string | number } = { ...(opts.headers ?? {}) };
    if (body) headers['Content-Length'] = body.length;
    const req = http.request(
      url,
      { method: opts.method ?? 'GET', headers, agent: false, timeout: opts.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const b = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: b,
            url,
            chain: [url],
            text: () => b.toString('utf8'),
            json: () => {
              try {
                return JSON.parse(b.toString('utf8'));
              } catch {
                throw new Error(
                  `${opts.method ?? 'GET'} ${url}: ${res.statusCode} is not JSON: ${b.toString('utf8').slice(0, 300)}`,
                );
              }
            },
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${opts.method ?? 'GET'} ${url}: timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends a body of `size` bytes and returns the status of the first response, even when the server
 * answers (and closes) before the body is sent, as nginx does with 413.
 */
export function uploadStatus(
  url: string,
  headers: { [k: string]: string },
  body: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      url,
      { method: 'PUT', headers: { ...headers, 'Content-Length': body.length }, agent: false, timeout: 60_000 },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          req.destroy();
        });
        res.on('error', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`PUT ${url}: timed out`)));
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    // Write in 1 MiB chunks, as a browser streams a file; stop once the server has answered.
    const chunk = 1024 * 1024;
    let off = 0;
    const pump = () => {
      while (off < body.length && !answered) {
        const ok = req.write(body.subarray(off, off + chunk));
        off += chunk;
        if (!ok) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

interface Cookie {
  name: string;
  value: string;
  path: string;
}

/** A cookie jar and redirect-following client for one origin, like a browser tab. */
export class Browser {
  private cookies: Cookie[] = [];
  public constructor(public readonly origin: string) {}

  public cookie(name: string): string | undefined {
    return this.cookies.find((c) => c.name === name)?.value;
  }

  public cookieNames(): string[] {
    return this.cookies.map((c) => c.name);
  }

  /** The Cookie header a browser sends to `urlPath` (RFC 6265 path matching). */
  public cookieHeader(urlPath: string): string {
    return this.cookies
      .filter(
        (c) => urlPath === c.path || urlPath.startsWith(c.path.endsWith('/') ? c.path : c.path + '/') || c.path === '/',
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private store(setCookie: string[] | undefined, url: URL): void {
    for (const sc of setCookie ?? []) {
      const [pair, ...attrs] = sc.split(';').map((s) => s.trim());
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1).replace(/^"(.*)"$/, '$1');
      const attr = (n: string) =>
        attrs
          .find((a) => a.toLowerCase().startsWith(n + '='))
          ?.split('=')
          .slice(1)
          .join('=');
      const defaultPath = url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1) || '/';
      const cookiePath = attr('path') ?? defaultPath;
      const expires = attr('expires');
      const maxAge = attr('max-age');
      const expired =
        (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) < Date.now());
      this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === cookiePath));
      if (!expired) this.cookies.push({ name, value, path: cookiePath });
    }
  }

  /**
   * A request as the browser sends it: its cookies, and on unsafe methods the `X-XSRFToken` header
   * from the `_xsrf` cookie (as Jupyter's JavaScript does); follows redirects unless told not to.
   */
  public async fetch(
    pathOrUrl: string,
    opts: { method?: string; headers?: { [k: string]: string }; body?: string | Buffer; follow?: boolean } = {},
  ): Promise<Resp> {
    let url = new URL(pathOrUrl, this.origin);
    let method = opts.method ?? 'GET';
    let body = opts.body;
    const chain: string[] = [];
    for (let hop = 0; hop < 20; hop++) {
      chain.push(url.toString());
      // A browser's navigation Accept header (JupyterHub 3.0's user redirect answers 500 without one).
      const headers: { [k: string]: string } = {
        Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        ...(opts.headers ?? {}),
      };
      const cookie = this.cookieHeader(url.pathname);
      if (cookie) headers.Cookie = cookie;
      const xsrf = this.cookie('_xsrf');
      if (xsrf && !['GET', 'HEAD', 'OPTIONS'].includes(method)) headers['X-XSRFToken'] = xsrf;
      const r = await request(url.toString(), { method, headers, body });
      const setCookie = r.headers['set-cookie'];
      this.store(Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : undefined, url);
      const location = r.headers.location;
      if (opts.follow === false || ![301, 302, 303, 307, 308].includes(r.status) || !location) {
        return { ...r, url: url.toString(), chain };
      }
      url = new URL(location, url);
      if ([301, 302, 303].includes(r.status)) {
        method = 'GET';
        body = undefined;
      }
    }
    throw new Error(`too many redirects: ${chain.join(' -> ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The hub's test-only override and its log
// ---------------------------------------------------------------------------------------------

/** Inputs of the override. */
export interface OverrideOptions {
  /** Path of the unchanged generated jupyterhub_config.py. */
  readonly generated: string;
  /** Directory of the user servers' homes. */
  readonly homes: string;
  /** sqlite file of the hub. */
  readonly db: string;
  /** JSON file the override writes what it copied and dropped into. */
  readonly report: string;
  /** Environment variable holding the harness service's token. */
  readonly tokenEnv: string;
  /** DNS names of the chart's Services (`svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`). */
  readonly clusterHosts: string[];
  /** Python lines appended (failure cases only). */
  readonly extra?: string[];
}

const pyStr = (s: string) => JSON.stringify(s);

/**
 * The override the hub is started with (`jupyterhub --config <override>`): it loads the generated
 * file unchanged, then replaces only what exists in a cluster alone. README.md explains each line.
 */
export function overrideSource(o: OverrideOptions): string {
  return `# e2e override (test/e2e): the generated config, unchanged, then only what exists in a cluster alone.
import json
import os
import re
import secrets
from urllib.parse import urlsplit, urlunsplit

c = get_config()  # noqa: F821
load_subconfig(${pyStr(o.generated)})  # noqa: F821

# 1. Addresses. Service DNS names (hub, proxy-api) and "all interfaces" are the cluster's: same
#    scheme, port and path on loopback.
def loopback(url):
    u = urlsplit(url)
    return urlunsplit(u._replace(netloc="127.0.0.1" + (":%d" % u.port if u.port else "")))

for cls, trait in [("JupyterHub", "hub_bind_url"), ("JupyterHub", "hub_connect_url"), ("ConfigurableHTTPProxy", "api_url")]:
    if trait in c[cls]:
        c[cls][trait] = loopback(c[cls][trait])

# 2. Database: the file on the hub-db-dir claim (or an external server) is the cluster's. An
#    in-memory sqlite is kept as it is.
if c.JupyterHub.get("db_url") != "sqlite://":
    c.JupyterHub.db_url = "sqlite:///" + ${pyStr(o.db)}

# 3. User servers: KubeSpawner needs a cluster. Local processes instead, homes in the temp dir, and
#    every trait the generated file sets on KubeSpawner that the base Spawner also has is copied
#    onto c.Spawner so that it runs here too. Not copied: the pod's network identity (a pod has its
#    own IP, so every server there listens on 8888; local servers share one IP and pick free ports)
#    and notebook_dir (a path inside the user image). Environment values that are URLs of the
#    chart's Services (e.g. the Enterprise Gateway) have nothing behind them here and are dropped.
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = ${pyStr(o.homes + '/{username}')}

from jupyterhub.spawner import Spawner  # noqa: E402

POD_ONLY = {"ip", "port", "notebook_dir"}
CLUSTER_HOSTS = set(${JSON.stringify(o.clusterHosts)})


def cluster_url(value):
    m = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", value) if isinstance(value, str) else None
    return bool(m) and (m.group(1) in CLUSTER_HOSTS or re.search(r"\\.svc(\\.cluster\\.local)?$", m.group(1)) is not None)


base_traits = set(Spawner.class_trait_names(config=True))
report = {"copied": {}, "kubespawner_only": [], "pod_only": [], "cluster_env_dropped": {}}
for trait, value in c.KubeSpawner.items():
    if trait in POD_ONLY:
        report["pod_only"].append(trait)
    elif trait not in base_traits:
        report["kubespawner_only"].append(trait)
    else:
        if trait == "environment" and isinstance(value, dict):
            report["cluster_env_dropped"] = {k: v for k, v in value.items() if cluster_url(v)}
            value = {k: v for k, v in value.items() if not cluster_url(v)}
            # Values read from a Secret (valueFrom.secretKeyRef): the kubelet puts the Secret's value
            # there; the Secret is made in the cluster, so this run makes one up, as for the hub's.
            report["secret_env"] = sorted(k for k, v in value.items() if isinstance(v, dict))
            value = {k: (v if isinstance(v, str) else secrets.token_hex(32)) for k, v in value.items()}
        c.Spawner[trait] = value
        report["copied"][trait] = value
with open(${pyStr(o.report)}, "w") as f:
    json.dump(report, f, default=repr)

# 4. The harness's own service: a token generated for this run, and a role with what the REST
#    checks need.
c.JupyterHub.services.append({"name": ${pyStr(HARNESS_SERVICE)}, "api_token": os.environ[${pyStr(o.tokenEnv)}]})
c.JupyterHub.load_roles.append({"name": ${pyStr(HARNESS_SERVICE)}, "scopes": ${JSON.stringify(HARNESS_SCOPES)}, "services": [${pyStr(HARNESS_SERVICE)}]})

# 5. The user servers' UI: Debian's python3-nbclassic (for the browser e2e) turns the classic
#    notebook UI on in every jupyter_server of the machine. Each run says whether it has it, in a
#    jupyter config directory of its own (the harness writes its jupyter_server_config.json).
c.Spawner.environment = dict(c.Spawner.get("environment") or {}, JUPYTER_CONFIG_DIR=${pyStr(jupyterConfigDir(o))})

# 6. Authenticators Debian's JupyterHub 3.0 cannot load (OAuthenticator's, e.g. the daskhub chart's
#    Azure AD; LDAPAuthenticator; JupyterHub 5's shared-password): the dummy one instead (any
#    password), with the generated admin_users and allowed_users. The provider's sign-in does not
#    run here; test/auth/ checks its config against the pinned hub image.
import importlib  # noqa: E402
import sys  # noqa: E402
from importlib.metadata import entry_points  # noqa: E402


def loadable(name):
    if "." not in name:
        return name in {e.name for e in entry_points(group="jupyterhub.authenticators")}
    module, _, cls = name.rpartition(".")
    try:
        return hasattr(importlib.import_module(module), cls)
    except ImportError:
        return False


authenticator_class = c.JupyterHub.get("authenticator_class")
if isinstance(authenticator_class, str) and not loadable(authenticator_class):
    print("e2e override: %s cannot be loaded here: the dummy authenticator instead" % authenticator_class, file=sys.stderr)
    c.JupyterHub.authenticator_class = "dummy"
${(o.extra ?? []).join('\n')}
`;
}

/** The run's jupyter config directory (the user servers' JUPYTER_CONFIG_DIR): next to the generated file. */
export function jupyterConfigDir(o: Pick<OverrideOptions, 'generated'>): string {
  return `${path.posix.dirname(o.generated)}/jupyter-config`;
}

/**
 * The user servers' jupyter_server_config.json: the classic notebook UI (nbclassic) on or off,
 * whatever the machine's /etc/jupyter says.
 */
export function jupyterServerConfig(notebookUi: boolean): string {
  return JSON.stringify({ ServerApp: { jpserver_extensions: { nbclassic: notebookUi } } }, null, 2) + '\n';
}

/** A traitlets "Config option `X` not recognized by `Class`" warning. */
export interface ConfigWarning {
  readonly option: string;
  readonly cls: string;
  readonly line: string;
}

/** Every "not recognized" config warning in a hub log. */
export function configWarnings(log: string): ConfigWarning[] {
  const out: ConfigWarning[] = [];
  for (const line of log.split('\n')) {
    const m = /Config option `([^`]+)` not recognized by `([^`]+)`/.exec(line);
    if (m) out.push({ option: m[1], cls: m[2], line: line.trim() });
  }
  return out;
}

/**
 * Whether a warning is version skew: the trait exists in the JupyterHub / KubeSpawner the image
 * runs (5.5 / 7.0) for that class, so the local, older hub only warns about it.
 */
export function isVersionSkew(w: ConfigWarning): boolean {
  return Object.prototype.hasOwnProperty.call(TARGET_TRAITS.classes[w.cls] ?? {}, w.option);
}

/** Fails on every "not recognized" warning that is not version skew (a typo, a trait no version has). */
export function assertNoUnexpectedConfigWarnings(log: string): ConfigWarning[] {
  const unexpected = configWarnings(log).filter((w) => !isVersionSkew(w));
  if (unexpected.length > 0) {
    throw new Error(
      `the hub did not recognize config options that JupyterHub ${TARGET_TRAITS.jupyterhub} does not have either (typos?):\n${unexpected.map((w) => `  ${w.cls}.${w.option}: ${w.line}`).join('\n')}`,
    );
  }
  return configWarnings(log);
}

// ---------------------------------------------------------------------------------------------
// One run of a chart's hub + CHP (+ nginx)
// ---------------------------------------------------------------------------------------------

export interface StackOptions {
  /** Python appended to the generated jupyterhub_config.py (failure case: a typo). */
  readonly appendToGeneratedConfig?: string;
  /** Python appended to the override (failure cases). */
  readonly extraOverride?: string[];
  /** Edits the hub's environment after it is built from the manifest (failure cases). */
  readonly hubEnv?: (env: { [k: string]: string }) => void;
  /** Edits the synthesized nginx.conf before nginx starts (failure case: no websocket upgrade headers). */
  readonly editNginxConf?: (conf: string) => string;
  /**
   * User servers serve the classic notebook UI (nbclassic, for the browser e2e). Off by default:
   * jupyter_server's API alone, whether or not python3-nbclassic is installed.
   * @default false
   */
  readonly notebookUi?: boolean;
}

export interface StopReport {
  /** What was done, in order. */
  readonly steps: string[];
  /** Processes still alive under the run's temp dir after everything stopped (killed by the harness). */
  readonly strays: { pid: number; cmdline: string }[];
  /** User-server PIDs seen during the run that were still alive after the stop. */
  readonly liveServerPids: number[];
}

/** The hub, CHP and nginx of one chart as local processes, on the ports the manifests use. */
export class Stack {
  public readonly dir: string;
  public readonly secrets = new RunSecrets();
  /** Token of the harness's hub service (random, this run only). */
  public readonly serviceToken = crypto.randomBytes(24).toString('hex');
  public readonly baseUrl: string;
  public readonly generatedPath: string;
  public readonly overridePath: string;
  public readonly reportPath: string;
  public readonly homes: string;
  public hub?: Proc;
  public chp?: Proc;
  public nginx?: Proc;
  /** User-server PIDs seen (from the hub API's server state). */
  public readonly serverPids = new Set<number>();
  private readonly procs: Proc[] = [];
  private readonly who = hubIdentity();
  private stopped?: Promise<StopReport>;
  private readonly nginxCreated: string[] = [];

  public constructor(
    public readonly chart: ChartUnderTest,
    private readonly opts: StackOptions = {},
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `hub-e2e-${chart.id}-`));
    this.baseUrl = configString(chart.hubConfig, 'JupyterHub', 'base_url') ?? '/';
    this.generatedPath = path.join(this.dir, 'jupyterhub_config.py');
    this.overridePath = path.join(this.dir, 'e2e_override.py');
    this.reportPath = path.join(this.dir, 'override-report.json');
    this.homes = path.join(this.dir, 'home');
    fs.mkdirSync(this.homes);
    fs.writeFileSync(this.generatedPath, chart.hubConfig + (opts.appendToGeneratedConfig ?? ''));
    const jupyterConfig = jupyterConfigDir({ generated: this.generatedPath });
    fs.mkdirSync(jupyterConfig);
    fs.writeFileSync(
      path.join(jupyterConfig, 'jupyter_server_config.json'),
      jupyterServerConfig(opts.notebookUi ?? false),
    );
    fs.writeFileSync(
      this.overridePath,
      overrideSource({
        generated: this.generatedPath,
        homes: this.homes,
        db: path.join(this.dir, 'jupyterhub.sqlite'),
        report: this.reportPath,
        tokenEnv: 'E2E_SERVICE_TOKEN',
        clusterHosts: serviceHosts(chart.objects),
        extra: opts.extraOverride,
      }),
    );
  }

  /** The URL users reach: nginx if the chart has it, else CHP's public port. */
  public get publicOrigin(): string {
    return this.chart.nginx
      ? `http://127.0.0.1:${(this.chart.nginx.container.ports ?? [])[0]?.containerPort}`
      : `http://127.0.0.1:${this.chpPorts().port}`;
  }

  /** CHP's public and API ports from its command line. */
  public chpPorts(): { port: number; apiPort: number } {
    const arg = (n: string) => (this.chpArgv().find((a) => a.startsWith(`--${n}=`)) ?? '').split('=')[1];
    return { port: Number(arg('port') || 8000), apiPort: Number(arg('api-port') || 8001) };
  }

  private chpArgv(): string[] {
    return [...(this.chart.chp.command ?? []), ...(this.chart.chp.args ?? [])];
  }

  /** Every port the run listens on, with what listens there. */
  public ports(): { port: number; what: string }[] {
    const { port, apiPort } = this.chpPorts();
    const out = [
      { port, what: 'CHP public' },
      { port: apiPort, what: 'CHP API' },
      { port: containerPort(this.chart.hub, 'http'), what: 'hub' },
    ];
    if (this.chart.nginx)
      for (const p of this.chart.nginx.container.ports ?? [])
        out.push({ port: p.containerPort, what: `nginx ${p.name}` });
    return out;
  }

  public async assertPortsFree(): Promise<void> {
    for (const p of this.ports()) await assertPortFree(p.port, p.what);
  }

  /** Writes a file into the run's directory with a mode, owned by the hub's user. */
  public file(name: string, content: string, mode: number): string {
    const p = path.join(this.dir, name);
    fs.writeFileSync(p, content);
    fs.chmodSync(p, mode);
    if (this.who) fs.chownSync(p, this.who.uid, this.who.gid);
    return p;
  }

  /** Puts a file into a user's home (as on their volume); returns its name. */
  public userFile(user: string, name: string, content: string): string {
    const dir = path.join(this.homes, user);
    fs.mkdirSync(dir, { recursive: true });
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    if (this.who) fs.chownSync(p, this.who.uid, this.who.gid);
    return name;
  }

  private track(p: Proc): Proc {
    this.procs.push(p);
    return p;
  }

  /**
   * The CHP command line of the manifest with only addresses swapped for 127.0.0.1: host names in
   * URLs (the `hub` Service) and the bind addresses (`--ip=` / `--api-ip=`: all interfaces), so
   * that nothing of the run is reachable from the network.
   */
  public chpCommand(): string[] {
    const argv = this.chpArgv();
    if (argv[0] !== 'configurable-http-proxy')
      throw new Error(`chp container runs ${argv[0]}, not configurable-http-proxy`);
    return argv.slice(1).map((a) => {
      const m = /^(--[\w-]+)=(.*)$/.exec(a);
      if (!m) return a;
      if (['--ip', '--api-ip'].includes(m[1])) return `${m[1]}=127.0.0.1`;
      return `${m[1]}=${m[2].replace(/^(https?:\/\/)(\[[^\]]*\]|[^/:]+)/, (_all, scheme: string) => `${scheme}127.0.0.1`)}`;
    });
  }

  public async startChp(env?: { [k: string]: string }): Promise<Proc> {
    const bin = chpBin();
    const e = env ?? containerEnv(this.chart.chp, this.secrets, this.chart.objects);
    this.chp = this.track(
      new Proc('configurable-http-proxy', process.execPath, [bin.script, ...this.chpCommand()], {
        cwd: this.dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...e },
        logFile: path.join(this.dir, 'chp.log'),
      }),
    );
    await waitHttp(readinessUrl(this.chart.chp), this.chp, 15_000);
    return this.chp;
  }

  /** The hub's environment as the manifest gives it (secrets generated for this run), plus the harness's service token. */
  public hubEnv(): { [k: string]: string } {
    const env: { [k: string]: string } = {
      PATH: [
        ...new Set([path.dirname(jupyterhubBin()), path.dirname(hubPython()), '/usr/local/bin', '/usr/bin', '/bin']),
      ].join(':'),
      HOME: this.dir,
      LANG: 'C.UTF-8',
      ...containerEnv(this.chart.hub, this.secrets, this.chart.objects),
      E2E_SERVICE_TOKEN: this.serviceToken,
    };
    this.opts.hubEnv?.(env);
    return env;
  }

  /** The hub's command line of the manifest, with the override in place of the mounted config path. */
  public hubCommand(): string[] {
    const argv = [...(this.chart.hub.command ?? []), ...(this.chart.hub.args ?? [])];
    const i = argv.findIndex((a) => a === this.chart.hubConfigPath || a.endsWith(`=${this.chart.hubConfigPath}`));
    if (i < 0)
      throw new Error(`the hub command ${JSON.stringify(argv)} does not load the mounted ${this.chart.hubConfigPath}`);
    argv[i] = argv[i].replace(this.chart.hubConfigPath, this.overridePath);
    if (path.basename(argv[0]) !== 'jupyterhub') throw new Error(`the hub container runs ${argv[0]}, not jupyterhub`);
    return [jupyterhubBin(), ...argv.slice(1)];
  }

  /** Starts the hub; returns at once (see waitHubReady). */
  public startHub(): Proc {
    chownR(this.dir, this.who);
    const [cmd, ...args] = this.hubCommand();
    this.hub = this.track(
      new Proc('jupyterhub', cmd, args, {
        cwd: this.dir,
        env: this.hubEnv(),
        uid: this.who?.uid,
        gid: this.who?.gid,
        logFile: path.join(this.dir, 'hub.log'),
      }),
    );
    return this.hub;
  }

  public async waitHubReady(timeoutMs = 30_000): Promise<void> {
    await waitHttp(readinessUrl(this.chart.hub), this.hub as Proc, timeoutMs);
  }

  /** nginx with the synthesized nginx.conf, unchanged unless its upstream is not on loopback. */
  public async startNginx(): Promise<Proc> {
    const n = this.chart.nginx;
    if (!n) throw new Error(`chart ${this.chart.id} has no nginx`);
    const conf = loopbackNginxConf(this.opts.editNginxConf ? this.opts.editNginxConf(n.conf) : n.conf);
    const confPath = path.join(this.dir, 'nginx.conf');
    fs.writeFileSync(confPath, conf);
    // Directories nginx creates from the config (its pod's emptyDir /tmp): removed again if new.
    for (const m of conf.matchAll(/^\s*(?:\w+_temp_path|pid)\s+(\S+?)\s*;/gm))
      if (!fs.existsSync(m[1])) this.nginxCreated.push(m[1]);
    const argv = [...(n.container.command ?? []), ...(n.container.args ?? [])];
    const i = argv.indexOf(n.confPath);
    if (path.basename(argv[0]) !== 'nginx' || i < 0)
      throw new Error(`the nginx container runs ${JSON.stringify(argv)}, not nginx -c ${n.confPath}`);
    argv[i] = confPath;
    // -e stderr: the compiled-in error log is not opened before the config's error_log is read.
    this.nginx = this.track(
      new Proc('nginx', nginxBin(), ['-e', 'stderr', ...argv.slice(1)], {
        cwd: this.dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        logFile: path.join(this.dir, 'nginx.log'),
      }),
    );
    await waitHttp(readinessUrl(n.container), this.nginx, 15_000);
    return this.nginx;
  }

  /** CHP, the hub, nginx: each ready by its manifest's readiness probe. */
  public async start(): Promise<void> {
    await this.assertPortsFree();
    await this.startChp();
    this.startHub();
    await this.waitHubReady();
    if (this.chart.nginx) await this.startNginx();
  }

  /** The hub REST API through the public URL, with the harness service's token. */
  public api(p: string, opts: { method?: string; body?: unknown } = {}): Promise<Resp> {
    return request(`${this.publicOrigin}${this.baseUrl}hub/api${p}`, {
      method: opts.method,
      headers: {
        Authorization: `token ${this.serviceToken}`,
        ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
  }

  /** Remembers the user-server PIDs the hub reports (state.pid), to check they are gone at the end. */
  public async recordServerPids(): Promise<void> {
    const r = await this.api('/users');
    if (r.status !== 200) return;
    for (const u of r.json())
      for (const s of Object.values(u.servers ?? {}) as any[]) if (s.state?.pid) this.serverPids.add(s.state.pid);
  }

  /**
   * Stops everything this run started, once (later calls return the same report): user servers
   * through the hub API first (the hub leaves them running on exit: cleanup_servers is off), then
   * the hub, CHP and nginx by their PIDs; then kills whatever is still alive under the temp dir,
   * and removes it.
   */
  public stop(): Promise<StopReport> {
    this.stopped ??= this.doStop();
    return this.stopped;
  }

  private async doStop(): Promise<StopReport> {
    const steps: string[] = [];
    if (this.hub?.running && this.chp?.running) {
      try {
        await this.recordServerPids();
        // DELETE every server, again while any is left (a server still starting answers 400 until it is up).
        const end = Date.now() + 30_000;
        const asked = new Map<string, number>();
        for (;;) {
          const left = ((await this.api('/users')).json() as any[]).flatMap((u) =>
            Object.entries(u.servers ?? {}).map(([name, s]: [string, any]) => ({
              path: name ? `/users/${u.name}/servers/${name}` : `/users/${u.name}/server`,
              s,
            })),
          );
          if (left.length === 0) {
            steps.push('user servers stopped through the API');
            break;
          }
          if (Date.now() > end) {
            steps.push(`user servers still running after 30 s: ${left.map((l) => l.path).join(', ')}`);
            break;
          }
          for (const { path: p, s } of left) {
            if (s.pending === 'stop' || Date.now() - (asked.get(p) ?? 0) < 1000) continue;
            const r = await this.api(p, { method: 'DELETE' });
            if (!asked.has(p) || r.status !== 400) steps.push(`DELETE ${p} -> ${r.status}`);
            asked.set(p, Date.now());
          }
          await sleep(200);
        }
      } catch (e) {
        steps.push(`stopping user servers through the API failed: ${(e as Error).message}`);
      }
    }
    for (const [p, sig] of [
      [this.hub, 'SIGTERM'],
      [this.chp, 'SIGTERM'],
      [this.nginx, 'SIGQUIT'],
    ] as [Proc | undefined, NodeJS.Signals][]) {
      if (!p) continue;
      const r = await p.stop(sig, 10_000);
      steps.push(`${p.name} stopped (${sig}): exit ${r.code ?? r.signal}${r.killed ? ' after SIGKILL' : ''}`);
    }
    for (const p of this.procs) if (p.running) await p.stop('SIGKILL', 5_000);
    // Anything left (a user server, kernel or service the hub did not stop): report, then kill by PID.
    await sleep(100);
    const strays = processesUnder(this.dir);
    for (const s of strays) {
      try {
        process.kill(s.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    const liveServerPids = [...this.serverPids].filter(alive);
    for (const pid of liveServerPids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    for (const p of this.procs) void p.output; // keep the logs in memory
    if (!process.env.E2E_KEEP) fs.rmSync(this.dir, { recursive: true, force: true });
    for (const p of this.nginxCreated) fs.rmSync(p, { recursive: true, force: true });
    return { steps, strays, liveServerPids };
  }
}

/**
 * The synthesized nginx.conf with only addresses changed: an upstream `server` that is not on
 * loopback moves there, and `listen <port>` (all interfaces) becomes `listen 127.0.0.1:<port>`, so
 * that the run's hub (dummy authenticator: any password logs in and runs code) is never reachable
 * from the network.
 */
export function loopbackNginxConf(conf: string): string {
  return conf
    .replace(/^(\s*server\s+)([^\s:;{]+)(:\d+[^;]*;)/gm, (all, pre: string, host: string, rest: string) =>
      host === '127.0.0.1' ? all : `${pre}127.0.0.1${rest}`,
    )
    .replace(
      /^(\s*listen\s+)(?:(?:\*|0\.0\.0\.0):)?(\d+)\b/gm,
      (_all, pre: string, port: string) => `${pre}127.0.0.1:${port}`,
    );
}

/** Polls a URL until it answers 200; fails early when the process behind it exits. */
export async function waitHttp(url: string, proc: Proc, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    if (!proc.running)
      throw new Error(`${proc.name} exited (${JSON.stringify(proc.exit)}) before ${url} answered\n${proc.tail()}`);
    try {
      const r = await request(url, { timeoutMs: 2_000 });
      if (r.status === 200) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() > end)
      throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})\n${proc.tail()}`);
    await sleep(100);
  }
}

export { sleep };
