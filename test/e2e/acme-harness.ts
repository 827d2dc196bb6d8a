/**
 * Harness of the ACME e2e (acme-e2e.test.ts): a local Pebble (Debian's `pebble`, with
 * `pebble-challtestsrv` as its DNS server), a stand-in for the Kubernetes API that serves only the
 * Secrets of the manifests and enforces the manifests' Role, and the proxy pod's ACME part (init
 * container, nginx, the ACME client and its state sidecar) run as local processes from the
 * synthesized Deployment: its commands, its volumes and their mount paths, its ConfigMaps. See
 * README.md here ("The ACME e2e") for what is changed and why.
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';
import * as tls from 'tls';
import { Obj } from '../util';
import { Container, loopbackNginxConf, nginxBin, Proc, sleep, which } from './harness';

// ---------------------------------------------------------------------------------------------
// Programs
// ---------------------------------------------------------------------------------------------

/** The programs the ACME e2e runs, or what is missing. */
export function acmePrograms(): { found: { [name: string]: string }; missing: string[] } {
  const wanted: { [name: string]: string[] } = {
    pebble: ['/usr/bin/pebble'],
    'pebble-challtestsrv': ['/usr/bin/pebble-challtestsrv'],
    lego: ['/usr/bin/lego'],
    busybox: ['/usr/bin/busybox', '/bin/busybox'],
    openssl: ['/usr/bin/openssl'],
    nginx: ['/usr/sbin/nginx'],
    jupyterhub: ['/usr/bin/jupyterhub'],
    python3: ['/usr/bin/python3'],
  };
  const found: { [name: string]: string } = {};
  const missing: string[] = [];
  for (const [name, preferred] of Object.entries(wanted)) {
    const p = which(name, preferred);
    if (p) found[name] = p;
    else missing.push(name);
  }
  return { found, missing };
}

/**
 * Whether this process runs in a network namespace of its own: loopback is its only interface
 * (`/proc/net/dev` lists the namespace's interfaces; `/sys/class/net` would show the host's when
 * sysfs was not remounted).
 */
export function privateNetwork(): { isolated: boolean; interfaces: string[] } {
  const lines = fs.readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2);
  const interfaces = lines.map((l) => l.split(':')[0].trim()).filter(Boolean);
  return { isolated: interfaces.length === 1 && interfaces[0] === 'lo', interfaces };
}

// ---------------------------------------------------------------------------------------------
// A throwaway CA (Pebble's HTTPS listener and the stand-in API server)
// ---------------------------------------------------------------------------------------------

/** A CA and leaf certificates made with openssl in `dir`, for this run only. */
export class RunCa {
  public readonly cert: string;
  private readonly key: string;
  public constructor(
    private readonly dir: string,
    private readonly openssl: string,
  ) {
    this.key = path.join(dir, 'run-ca.key');
    this.cert = path.join(dir, 'run-ca.crt');
    this.ssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=acme-e2e run CA',
      '-keyout',
      this.key,
      '-out',
      this.cert,
    ]);
  }

  /** A leaf for 127.0.0.1 and localhost; returns its certificate and key paths. */
  public leaf(name: string): { cert: string; key: string } {
    const key = path.join(this.dir, `${name}.key`);
    const csr = path.join(this.dir, `${name}.csr`);
    const cert = path.join(this.dir, `${name}.crt`);
    const ext = path.join(this.dir, `${name}.ext`);
    fs.writeFileSync(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    this.ssl([
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      key,
      '-out',
      csr,
    ]);
    this.ssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      this.cert,
      '-CAkey',
      this.key,
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      ext,
      '-out',
      cert,
    ]);
    return { cert, key };
  }

  private ssl(args: string[]): void {
    execFileSync(this.openssl, args, { stdio: 'ignore', timeout: 10_000 });
  }
}

// ---------------------------------------------------------------------------------------------
// HTTPS helpers
// ---------------------------------------------------------------------------------------------

/** One HTTPS request (fresh connection) trusting `ca`, with SNI and Host `servername` if given. */
export function httpsGet(
  url: string,
  ca: string | Buffer,
  opts: { servername?: string; timeoutMs?: number } = {},
): Promise<{ status: number; body: string; headers: any }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = https.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: 'GET',
        ca,
        agent: false,
        timeout: opts.timeoutMs ?? 10_000,
        servername: opts.servername,
        headers: opts.servername ? { Host: opts.servername } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** The certificate a TLS server presents for `servername`, verified against `ca`. */
export function peerCertificate(
  port: number,
  servername: string,
  ca: string | Buffer,
): Promise<{
  authorized: boolean;
  error?: string;
  serial: string;
  subjectaltname: string;
  validTo: string;
  fingerprint256: string;
}> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      { host: '127.0.0.1', port, servername, ca, rejectUnauthorized: false, timeout: 10_000 },
      () => {
        const c = socket.getPeerCertificate();
        const r = {
          authorized: socket.authorized,
          error: socket.authorizationError ? String(socket.authorizationError) : undefined,
          serial: String(c.serialNumber ?? '')
            .toLowerCase()
            .replace(/^0+/, ''),
          subjectaltname: c.subjectaltname ?? '',
          validTo: c.valid_to,
          fingerprint256: c.fingerprint256,
        };
        socket.destroy();
        resolve(r);
      },
    );
    socket.on('timeout', () => socket.destroy(new Error(`TLS to 127.0.0.1:${port} (${servername}): timed out`)));
    socket.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// Pebble
// ---------------------------------------------------------------------------------------------

/** Pebble's listen addresses (loopback only) and the validation port. */
export interface PebblePorts {
  readonly acme: number;
  readonly management: number;
  /** Port Pebble connects to for HTTP-01 (where the proxy Service's port 80 leads: nginx's HTTP port). */
  readonly http01: number;
  /** Port of pebble-challtestsrv's DNS server, Pebble's only resolver. */
  readonly dns: number;
  /** Port of pebble-challtestsrv's management API (it always has one). */
  readonly dnsManagement: number;
}

/** Pebble and its DNS server (pebble-challtestsrv answering every A query with 127.0.0.1). */
export class Pebble {
  public dns?: Proc;
  public server?: Proc;
  public root?: string;
  public constructor(
    private readonly dir: string,
    private readonly bins: { [name: string]: string },
    public readonly ports: PebblePorts,
    private readonly leaf: { cert: string; key: string },
    private readonly ca: string,
  ) {}

  /** The directory URL (the ACME server). */
  public get directoryUrl(): string {
    return `https://127.0.0.1:${this.ports.acme}/dir`;
  }

  /** The config file given to `pebble -config`. */
  public config(): object {
    return {
      pebble: {
        listenAddress: `127.0.0.1:${this.ports.acme}`,
        managementListenAddress: `127.0.0.1:${this.ports.management}`,
        certificate: this.leaf.cert,
        privateKey: this.leaf.key,
        httpPort: this.ports.http01,
        // TLS-ALPN-01 is offered but never used (the client solves HTTP-01 only); nothing listens there.
        tlsPort: 5001,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    };
  }

  public async start(): Promise<void> {
    const p = this.ports;
    this.dns = new Proc(
      'pebble-challtestsrv',
      this.bins['pebble-challtestsrv'],
      [
        '-dns01',
        `127.0.0.1:${p.dns}`,
        '-http01',
        '',
        '-https01',
        '',
        '-tlsalpn01',
        '',
        '-management',
        `127.0.0.1:${p.dnsManagement}`,
        '-defaultIPv4',
        '127.0.0.1',
        '-defaultIPv6',
        '',
      ],
      { cwd: this.dir, env: { PATH: '/usr/bin:/bin' }, logFile: path.join(this.dir, 'challtestsrv.log') },
    );
    await this.dns.waitForOutput(/Starting management server/, 10_000);
    const configFile = path.join(this.dir, 'pebble-config.json');
    fs.writeFileSync(configFile, JSON.stringify(this.config(), null, 2));
    this.server = new Proc(
      'pebble',
      this.bins.pebble,
      ['-config', configFile, '-dnsserver', `127.0.0.1:${p.dns}`, '-strict=false'],
      {
        cwd: this.dir,
        // No random 0-15 s sleep before a validation, and no nonce rejected on purpose: the run's
        // duration and its requests do not depend on chance.
        env: { PATH: '/usr/bin:/bin', PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0' },
        logFile: path.join(this.dir, 'pebble.log'),
      },
    );
    const ca = fs.readFileSync(this.ca);
    const end = Date.now() + 15_000;
    for (;;) {
      try {
        const r = await httpsGet(this.directoryUrl, ca, { timeoutMs: 2_000 });
        if (r.status === 200) break;
      } catch {
        /* not up yet */
      }
      if (!this.server.running) throw new Error(`pebble exited\n${this.server.tail()}`);
      if (Date.now() > end)
        throw new Error(`pebble did not answer ${this.directoryUrl} within 15 s\n${this.server.tail()}`);
      await sleep(100);
    }
    // The root of the chain Pebble issues (generated at its start): what a browser would trust.
    const root = await httpsGet(`https://127.0.0.1:${p.management}/roots/0`, ca);
    if (root.status !== 200 || !root.body.includes('BEGIN CERTIFICATE'))
      throw new Error(`pebble's /roots/0: HTTP ${root.status}`);
    this.root = root.body;
  }

  /** Serials of the certificates Pebble issued so far (from its log), lower-case hex without leading zeros. */
  public issued(): string[] {
    return [...(this.server?.output ?? '').matchAll(/Issued certificate serial ([0-9a-f]+) for order/g)].map((m) =>
      m[1].toLowerCase().replace(/^0+/, ''),
    );
  }

  /** How many accounts Pebble registered (from its log). */
  public accounts(): number {
    const all = [...(this.server?.output ?? '').matchAll(/There are now (\d+) accounts in memory/g)];
    return all.length === 0 ? 0 : Number(all[all.length - 1][1]);
  }

  public async stop(): Promise<void> {
    for (const p of [this.server, this.dns]) if (p) await p.stop('SIGTERM', 5_000);
  }
}

// ---------------------------------------------------------------------------------------------
// The Kubernetes API, for the state sidecar: the manifests' Secrets, the manifests' Role
// ---------------------------------------------------------------------------------------------

const VERBS: { [method: string]: string } = {
  GET: 'get',
  PATCH: 'patch',
  PUT: 'update',
  POST: 'create',
  DELETE: 'delete',
};

/**
 * A stand-in for the API server as the proxy pod's service account sees it: HTTPS on loopback with
 * the run CA, one bearer token, the Secrets of the manifests (as `kubectl apply` creates them), and
 * for every request the RBAC decision of the manifests' Roles bound to that account (verbs and
 * resourceNames on `secrets`). Only get and merge-patch of a named Secret are implemented; anything
 * the Role allows but this does not implement answers 501 (and fails the test).
 */
export class FakeKubeApi {
  public readonly requests: { method: string; path: string; status: number }[] = [];
  public readonly secrets = new Map<string, any>();
  public port = 0;
  private server?: https.Server;
  private readonly rules: { verbs: string[]; resourceNames?: string[] }[];

  public constructor(
    private readonly namespace: string,
    public readonly token: string,
    objects: Obj[],
    serviceAccount: string,
    private readonly leaf: { cert: string; key: string },
  ) {
    for (const s of objects.filter((o) => o.kind === 'Secret'))
      this.secrets.set(s.metadata.name, JSON.parse(JSON.stringify({ ...s, metadata: { ...s.metadata, namespace } })));
    const roles = objects
      .filter(
        (o) =>
          o.kind === 'RoleBinding' &&
          (o.subjects ?? []).some((x: any) => x.kind === 'ServiceAccount' && x.name === serviceAccount),
      )
      .map((b) => objects.find((o) => o.kind === 'Role' && o.metadata.name === b.roleRef.name));
    this.rules = roles.flatMap((r: any) =>
      (r?.rules ?? []).filter((x: any) => (x.apiGroups ?? []).includes('') && (x.resources ?? []).includes('secrets')),
    );
  }

  /** Whether the account may `verb` the Secret `name` (the manifests' Roles). */
  public allowed(verb: string, name: string | undefined): boolean {
    return this.rules.some(
      (r) =>
        r.verbs.includes(verb) &&
        (r.resourceNames === undefined || (name !== undefined && r.resourceNames.includes(name))),
    );
  }

  /** The decoded value of a key of a Secret, if it is there. */
  public value(name: string, key: string): string | undefined {
    const v = this.secrets.get(name)?.data?.[key];
    return v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8');
  }

  public start(): Promise<void> {
    this.server = https.createServer(
      { cert: fs.readFileSync(this.leaf.cert), key: fs.readFileSync(this.leaf.key) },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (d: Buffer) => chunks.push(d));
        req.on('end', () => {
          const answer = (status: number, body: object) => {
            this.requests.push({ method: req.method ?? '', path: req.url ?? '', status });
            res.writeHead(status, { 'Content-Type': 'application/json' });
            res.end(JSON.stringify(body));
          };
          if (req.headers.authorization !== `Bearer ${this.token}`)
            return answer(401, { kind: 'Status', code: 401, reason: 'Unauthorized' });
          const m = /^\/api\/v1\/namespaces\/([^/]+)\/secrets(?:\/([^/?]+))?$/.exec(req.url ?? '');
          const verb = VERBS[req.method ?? ''] ?? 'unknown';
          if (
            !m ||
            m[1] !== this.namespace ||
            !this.allowed(m[2] === undefined && verb === 'get' ? 'list' : verb, m[2])
          ) {
            return answer(403, {
              kind: 'Status',
              code: 403,
              reason: 'Forbidden',
              message: `${verb} ${req.url} is not allowed by the manifests' Role`,
            });
          }
          const name = m[2] as string;
          const secret = this.secrets.get(name);
          if (req.method === 'GET')
            return secret ? answer(200, secret) : answer(404, { kind: 'Status', code: 404, reason: 'NotFound' });
          if (req.method === 'PATCH') {
            if (req.headers['content-type'] !== 'application/merge-patch+json')
              return answer(415, { kind: 'Status', code: 415 });
            if (!secret) return answer(404, { kind: 'Status', code: 404, reason: 'NotFound' });
            const patch = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (Object.keys(patch).some((k) => k !== 'data'))
              return answer(422, { kind: 'Status', code: 422, message: 'only data is patched here' });
            secret.data = { ...(secret.data ?? {}) };
            for (const [k, v] of Object.entries(patch.data ?? {})) {
              if (v === null) delete secret.data[k];
              else if (typeof v !== 'string' || Buffer.from(v, 'base64').toString('base64') !== v)
                return answer(422, { kind: 'Status', code: 422, message: `data.${k} is not base64` });
              else secret.data[k] = v;
            }
            return answer(200, secret);
          }
          return answer(501, {
            kind: 'Status',
            code: 501,
            message: `${req.method} is not implemented by the e2e's API stand-in`,
          });
        });
      },
    );
    return new Promise((resolve) =>
      this.server!.listen(0, '127.0.0.1', () => {
        this.port = (this.server!.address() as { port: number }).port;
        resolve();
      }),
    );
  }

  public stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

// ---------------------------------------------------------------------------------------------
// The proxy pod's volumes and containers as local directories and processes
// ---------------------------------------------------------------------------------------------

/** What the e2e changes in a file of the pod, besides mount paths: one line, and why. */
export interface LineEdit {
  readonly file: string;
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

/**
 * The proxy pod of a synthesized chart, on this machine: each volume is a directory
 * (`<dir>/volumes/<name>`), each container's mount path its volume's directory. ConfigMap volumes
 * hold the chart's ConfigMap keys, with every mount path of the pod in them replaced by its
 * directory (the files name the paths the containers see); the projected service-account volume
 * holds the run's token, the run CA and the namespace, as the kubelet writes them.
 */
export class PodOnMachine {
  public readonly deployment: Obj;
  public readonly spec: any;
  /** mount path -> volume name, the same in every container that mounts it (checked). */
  public readonly mounts = new Map<string, string>();
  /** The edits of files beyond mount paths (applied in `reset`). */
  public readonly edits: LineEdit[];

  public constructor(
    public readonly dir: string,
    public readonly objects: Obj[],
    private readonly serviceAccount: { token: string; ca: string; namespace: string },
    edits: LineEdit[],
  ) {
    this.edits = edits;
    const d = objects.find(
      (o) => o.kind === 'Deployment' && (o.spec.template.spec.containers ?? []).some((c: any) => c.name === 'nginx'),
    );
    if (!d) throw new Error('no Deployment with an nginx container');
    this.deployment = d;
    this.spec = d.spec.template.spec;
    for (const c of this.containers()) {
      for (const m of c.volumeMounts ?? []) {
        const before = this.mounts.get(m.mountPath);
        if (before !== undefined && before !== m.name)
          throw new Error(`mount path ${m.mountPath} is volume ${before} in one container and ${m.name} in another`);
        if (m.subPath)
          throw new Error(`container ${c.name} mounts a subPath (${m.subPath}); the e2e maps whole volumes`);
        this.mounts.set(m.mountPath, m.name);
      }
    }
  }

  /** The pod's init containers and containers (not CHP: the hub's stack runs it). */
  public containers(): Container[] {
    return [...(this.spec.initContainers ?? []), ...this.spec.containers].filter((c: Container) => c.name !== 'chp');
  }

  public container(name: string): Container {
    const c = this.containers().find((x) => x.name === name);
    if (!c) throw new Error(`no container ${name} in the proxy pod`);
    return c;
  }

  public volumeDir(name: string): string {
    return path.join(this.dir, 'volumes', name);
  }

  /** A path as a container sees it -> the path on this machine. */
  public hostPath(p: string): string {
    const mount = [...this.mounts.keys()]
      .sort((a, b) => b.length - a.length)
      .find((m) => p === m || p.startsWith(m + '/'));
    if (!mount) throw new Error(`${p} is on no volume of the pod`);
    return this.volumeDir(this.mounts.get(mount) as string) + p.slice(mount.length);
  }

  /** Every mount path of the pod in `text` replaced by its directory (whole path components only). */
  public mapPaths(text: string): string {
    const mounts = [...this.mounts.keys()].sort((a, b) => b.length - a.length);
    const re = new RegExp(
      `(?<![\\w./-])(${mounts.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=[/'";\\s]|$)`,
      'gm',
    );
    return text.replace(re, (m) => this.volumeDir(this.mounts.get(m) as string));
  }

  /**
   * A new pod: every emptyDir empty, ConfigMap volumes written from the chart (paths mapped, the
   * line edits applied, nginx's listen addresses on loopback), the service-account volume written.
   */
  public reset(): void {
    fs.rmSync(path.join(this.dir, 'volumes'), { recursive: true, force: true });
    for (const v of this.spec.volumes ?? []) {
      const dir = this.volumeDir(v.name);
      fs.mkdirSync(dir, { recursive: true });
      if (v.emptyDir) continue;
      if (v.configMap) {
        const cm = this.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === v.configMap.name);
        if (!cm) throw new Error(`ConfigMap ${v.configMap.name} is not in the chart`);
        for (const [key, text] of Object.entries(cm.data as { [k: string]: string }))
          fs.writeFileSync(path.join(dir, key), this.edited(key, this.mapPaths(text)));
        continue;
      }
      if (v.projected) {
        for (const s of v.projected.sources) {
          if (s.serviceAccountToken)
            fs.writeFileSync(path.join(dir, s.serviceAccountToken.path), this.serviceAccount.token);
          else if (s.configMap?.name === 'kube-root-ca.crt')
            fs.copyFileSync(this.serviceAccount.ca, path.join(dir, s.configMap.items[0].path));
          else if (s.downwardAPI)
            fs.writeFileSync(path.join(dir, s.downwardAPI.items[0].path), this.serviceAccount.namespace);
          else throw new Error(`projected source ${JSON.stringify(s)} has no stand-in`);
        }
        continue;
      }
      throw new Error(`volume ${v.name} (${Object.keys(v).join(', ')}) has no stand-in`);
    }
  }

  /**
   * Writes one file of this chart's ConfigMaps into its volume (paths mapped, edits applied): the
   * ConfigMap of a running pod changing under the same volumes.
   */
  public writeConfigFile(file: string): void {
    const cm = this.objects.find((o) => o.kind === 'ConfigMap' && o.data?.[file] !== undefined);
    const v = cm && (this.spec.volumes ?? []).find((x: any) => x.configMap?.name === cm.metadata.name);
    if (!cm || !v) throw new Error(`no ConfigMap volume with ${file}`);
    const target = path.join(this.volumeDir(v.name), file);
    const mode = fs.statSync(target).mode & 0o777;
    fs.chmodSync(target, 0o644);
    fs.writeFileSync(target, this.edited(file, this.mapPaths(cm.data[file])));
    fs.chmodSync(target, mode);
  }

  /** A file of the pod with the line edits for it applied (each must match exactly one line). */
  private edited(file: string, text: string): string {
    let out = text;
    for (const e of this.edits.filter((x) => x.file === file)) {
      const lines = out.split('\n');
      const hits = lines.filter((l) => l === e.from).length;
      if (hits !== 1) throw new Error(`edit of ${file} (${e.why}): expected one line '${e.from}', found ${hits}`);
      out = lines.map((l) => (l === e.from ? e.to : l)).join('\n');
    }
    return file === 'nginx.conf' ? loopbackNginxConf(out) : out;
  }

  /** The lines of a ConfigMap file as the pod has it and as the e2e runs it, where they differ. */
  public changedLines(file: string): { from: string; to: string }[] {
    const cm = this.objects.find((o) => o.kind === 'ConfigMap' && o.data?.[file] !== undefined);
    if (!cm) throw new Error(`no ConfigMap with ${file}`);
    const v = (this.spec.volumes ?? []).find((x: any) => x.configMap?.name === cm.metadata.name);
    const original = (cm.data[file] as string).split('\n');
    const ran = fs.readFileSync(path.join(this.volumeDir(v.name), file), 'utf8').split('\n');
    if (original.length !== ran.length)
      throw new Error(`${file}: the e2e's copy has ${ran.length} lines, the chart's ${original.length}`);
    return original.map((from, i) => ({ from, to: ran[i] })).filter((x) => x.from !== x.to);
  }

  /** A container's command line with its paths mapped; `program` replaces argv[0] (the image's binary). */
  public argv(name: string, program: string[]): string[] {
    const c = this.container(name);
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    return [...program, ...argv.slice(1).map((a) => (a.startsWith('/') ? this.hostPath(a) : a))];
  }
}

/** A directory of busybox applet links: the PATH of the lego image's shell (alpine: busybox). */
export function busyboxPath(dir: string, busybox: string): string {
  const bin = path.join(dir, 'busybox-bin');
  fs.mkdirSync(bin, { recursive: true });
  const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const a of applets) fs.symlinkSync(busybox, path.join(bin, a));
  return bin;
}

/** The PIDs of nginx's processes: the master (started by the harness) and its workers. */
export function nginxPids(master: number): { master: number; workers: number[] } {
  const workers: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === master) workers.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return { master, workers: workers.sort((a, b) => a - b) };
}

/** A random token (the service account's, the run's). */
export function randomToken(): string {
  return crypto.randomBytes(24).toString('hex');
}

export { nginxBin };
