/**
 * Runs pods of the live isolation self-test (`isolation_check.py`, as the library ships it) as
 * local processes on loopback, each in a simulated cluster network: a shim (below, tests only)
 * replaces the script's name lookups, connections and listening sockets with what a WORLD file
 * says for that pod: which names resolve (a name tied to a file resolves only while the file
 * exists: a pod's readiness, a pod that runs), where each reachable address and port lands on
 * 127.0.0.1, which ones the pod's NetworkPolicies drop, and the loopback port each listen port
 * binds. Nothing leaves loopback; every process ends by its deadline, and the harness kills
 * what is left after a bound.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { ISOLATION_CHECK_SCRIPT } from '../../lib/charts/isolation-check-script';

/** The shim: runs the script with the WORLD file's network. */
export const SHIM = String.raw`
import json, os, runpy, socket, sys, time

world_file, script = sys.argv[1], sys.argv[2]
sys.argv = [script] + sys.argv[3:]
real_getaddrinfo = socket.getaddrinfo
real_create_connection = socket.create_connection
RealSocket = socket.socket

def world():
    with open(world_file) as f:
        return json.load(f)

def canonical(host, namespace):
    host = host.rstrip(".")
    if host.endswith(".cluster.local"):
        host = host[: -len(".cluster.local")]
    parts = host.split(".")
    if len(parts) == 1:
        return "%s.%s.svc" % (host, namespace)
    if len(parts) == 2:
        return host + ".svc"
    return host

def is_ip(host):
    parts = host.split(".")
    return len(parts) == 4 and all(p.isdigit() for p in parts)

def getaddrinfo(host, port, *args, **kwargs):
    if is_ip(host):
        return real_getaddrinfo(host, port, *args, **kwargs)
    w = world()
    entry = w["names"].get(canonical(host, w["namespace"]))
    if entry is None or ("file" in entry and not os.path.exists(entry["file"])):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return real_getaddrinfo(entry["ip"], port, *args, **kwargs)

def create_connection(address, timeout=None, *args, **kwargs):
    key = "%s:%d" % address
    w = world()
    if key in w.get("blocked", []):
        time.sleep(0.02)
        raise socket.timeout("timed out")
    if key in w.get("routes", {}):
        return real_create_connection(("127.0.0.1", w["routes"][key]), timeout)
    raise ConnectionRefusedError(111, "Connection refused")

class Socket(RealSocket):
    def bind(self, address):
        return super().bind(("127.0.0.1", world()["listen"][str(address[1])]))

socket.getaddrinfo = getaddrinfo
socket.create_connection = create_connection
socket.socket = Socket
runpy.run_path(script, run_name="__main__")
`;

/** What one simulated pod's network looks like (the WORLD file). */
export interface World {
  /** The pod's namespace (short names resolve in it). */
  readonly namespace: string;
  /** `<service>.<namespace>.svc` -> an address; with `file`, only while that file exists. */
  readonly names: { [name: string]: { ip: string; file?: string } };
  /** `ip:port` -> the loopback port a connection lands on. */
  readonly routes: { [ipPort: string]: number };
  /** `ip:port` that the pod's NetworkPolicies drop (the connection times out). */
  readonly blocked: string[];
  /** The pod's listen port -> the loopback port it binds. */
  readonly listen: { [port: string]: number };
}

/** One pod to run: its config (as generated, or written by a test) and its world. */
export interface SimPod {
  readonly role: string;
  readonly config: { [key: string]: unknown };
  readonly world: World;
}

/** How one pod ended. */
export interface SimResult {
  readonly code: number | null;
  readonly out: string;
}

/** Free loopback ports (bound and released: the pods bind them right after). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const s = net.createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** Where a pod's files are: its ready file, and the file that exists while it runs. */
export function podFiles(dir: string, role: string): { ready: string; alive: string } {
  return { ready: path.join(dir, `${role}.ready`), alive: path.join(dir, `${role}.alive`) };
}

/**
 * Runs the pods together (the script as shipped, through the shim) and waits for every one to
 * end; `<role>.alive` exists while a pod runs. Kills what still runs after `boundSeconds`.
 */
export async function runPods(dir: string, pods: SimPod[], boundSeconds = 90): Promise<{ [role: string]: SimResult }> {
  const script = path.join(dir, 'isolation_check.py');
  const shim = path.join(dir, 'shim.py');
  fs.writeFileSync(script, ISOLATION_CHECK_SCRIPT);
  fs.writeFileSync(shim, SHIM);
  const results: { [role: string]: SimResult } = {};
  // New pods: none ready yet, every one running.
  for (const p of pods) {
    const files = podFiles(dir, p.role);
    fs.rmSync(files.ready, { force: true });
    fs.writeFileSync(path.join(dir, `${p.role}.json`), JSON.stringify({ ...p.config, readyFile: files.ready }));
    fs.writeFileSync(path.join(dir, `${p.role}.world.json`), JSON.stringify(p.world));
    fs.writeFileSync(files.alive, '');
  }
  await Promise.all(
    pods.map(
      (p) =>
        new Promise<void>((resolve) => {
          const files = podFiles(dir, p.role);
          const child = spawn(
            'python3',
            [shim, path.join(dir, `${p.role}.world.json`), script, path.join(dir, `${p.role}.json`)],
            { stdio: ['ignore', 'pipe', 'pipe'] },
          );
          let out = '';
          child.stdout.on('data', (d) => (out += d));
          child.stderr.on('data', (d) => (out += d));
          const bound = setTimeout(() => child.kill('SIGKILL'), boundSeconds * 1000);
          child.on('close', (code) => {
            clearTimeout(bound);
            fs.rmSync(files.alive, { force: true });
            results[p.role] = { code, out };
            resolve();
          });
        }),
    ),
  );
  return results;
}

/** The report lines (PASS/FAIL) of a prober's output, after its `---` header. */
export function reportLines(out: string): string[] {
  const at = out.indexOf('--- isolation-check');
  return at < 0
    ? []
    : out
        .slice(at)
        .split('\n')
        .slice(1)
        .filter((l) => /^(PASS|FAIL)/.test(l));
}
