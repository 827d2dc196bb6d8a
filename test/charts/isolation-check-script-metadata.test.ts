/**
 * The cloud metadata endpoint is no decoy (it is outside the cluster), so its line is proven the
 * other way: a pod that no NetworkPolicy restricts (the metadata peer) reaches it again and again
 * and is ready while it does. A prober's "cannot reach the metadata endpoint" line then means the
 * policies refused it; where nothing answers there even for that peer (a laptop cluster), the
 * line is SKIP, never a PASS that proves nothing, and it fails nothing. Run against listeners on
 * loopback with the script as shipped (`isolation-check-harness.ts`).
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { freePorts, podFiles, runPods, SimPod, World } from './isolation-check-harness';

const NS = 'test';
const METADATA = '169.254.169.254';
const TIMING = { connectTimeoutSeconds: 0.5, periodSeconds: 0.1, helloFreshSeconds: 2, failLingerSeconds: 1 };

let dir: string;
let metadata: net.Server;
let ports: { metadata: number; peer: number; main: number };

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isolation-metadata-'));
  const [m, peer, main] = await freePorts(3);
  ports = { metadata: m, peer, main };
  // A stand-in for the metadata API: an HTTP status line to every request.
  metadata = net.createServer((s) => s.once('data', () => s.end('HTTP/1.0 200 OK\r\n\r\n')));
  await new Promise<void>((r) => metadata.listen(ports.metadata, '127.0.0.1', () => r()));
});

afterEach(async () => {
  await new Promise((r) => metadata.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

function world(listen: World['listen'], routes: World['routes'], blocked: string[] = []): World {
  return {
    namespace: NS,
    names: {
      [`metadata-peer-ready.${NS}.svc`]: { ip: '10.0.0.5', file: podFiles(dir, 'metadata-peer').ready },
      [`main.${NS}.svc`]: { ip: '10.0.0.1', file: podFiles(dir, 'main').alive },
    },
    routes,
    blocked,
    listen,
  };
}

/** The metadata peer: ready while the metadata endpoint answers it. */
function metadataPeer(reaches: boolean): SimPod {
  const key = `${METADATA}:80`;
  return {
    role: 'metadata-peer',
    config: {
      role: 'metadata-peer',
      deadlineSeconds: 12,
      readyWhen: 'peers',
      listen: [8080],
      peers: [{ name: 'the cloud metadata endpoint', kind: 'tcp', host: METADATA, port: 80 }],
      until: 'main',
      ...TIMING,
    },
    world: world({ 8080: ports.peer }, reaches ? { [key]: ports.metadata } : {}, reaches ? [] : [key]),
  };
}

/** The prober of a user's server, whose policy drops the metadata endpoint, or does not. */
function main(dropped: boolean): SimPod {
  const key = `${METADATA}:80`;
  return {
    role: 'main',
    config: {
      role: 'user-server',
      deadlineSeconds: 8,
      readyWhen: 'never',
      listen: [8080],
      gates: [],
      gateReserveSeconds: 5,
      proofWaitSeconds: 2,
      checks: [
        {
          name: "a user's server cannot reach the cloud metadata endpoint",
          kind: 'tcp',
          host: METADATA,
          port: 80,
          expect: 'closed',
          provenBy: { host: 'metadata-peer-ready', about: 'a pod no policy restricts reaches it' },
        },
      ],
      ...TIMING,
    },
    world: world({ 8080: ports.main }, dropped ? {} : { [key]: ports.metadata }, dropped ? [key] : []),
  };
}

/** The report's lines, after its header. */
const report = (out: string) =>
  out
    .slice(out.indexOf('--- isolation-check'))
    .split('\n')
    .filter((l) => /^(PASS|FAIL|SKIP) /.test(l));

test('proven reachable by the metadata peer, dropped for the prober: PASS', async () => {
  const r = await runPods(dir, [metadataPeer(true), main(true)]);
  expect(report(r.main.out)).toEqual([
    "PASS a user's server cannot reach the cloud metadata endpoint: no connection (timed out)",
  ]);
  expect(r.main.code).toBe(0);
});

test('proven reachable, and the prober reaches it too (policies not enforced): FAIL, exit 1', async () => {
  const r = await runPods(dir, [metadataPeer(true), main(false)]);
  expect(report(r.main.out)).toEqual([
    "FAIL a user's server cannot reach the cloud metadata endpoint: connected to 169.254.169.254; the isolation does not hold (does this cluster enforce NetworkPolicy?)",
  ]);
  expect(r.main.code).toBe(1);
});

test('nothing answers there, not even for the metadata peer: SKIP (proves nothing), fails nothing', async () => {
  const r = await runPods(dir, [metadataPeer(false), main(true)]);
  expect(report(r.main.out)).toEqual([
    "SKIP a user's server cannot reach the cloud metadata endpoint: not proven here (a pod no policy restricts reaches it: not so in this cluster), so no connection proves nothing",
  ]);
  expect(r.main.out).toMatch(/^RESULT PASS: 0 of 0 checks failed \(1 skipped\)$/m);
  expect(r.main.code).toBe(0);
});
