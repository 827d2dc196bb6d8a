/**
 * The live self-test's script (`isolation_check.py`, as the library ships it), run against
 * listeners on loopback with configs written here and a simulated network per pod
 * (`isolation-check-harness.ts`): a decoy user's server, the peer that may reach it, a stand-in
 * hub API, and the prober labelled as a user's server. A probe the network drops times out, one
 * to a port with no listener is refused: both are "no connection". What it must show: isolation
 * that holds passes; a forbidden target that accepts fails (a cluster that does not enforce
 * NetworkPolicy); and a refused probe proves nothing until the peer reached the same decoy, so a
 * broken network fails too.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { freePorts, podFiles, reportLines, runPods, SimPod, World } from './isolation-check-harness';

const NS = 'test';
const IP = { main: '10.0.0.1', decoy: '10.0.0.2', peer: '10.0.0.3', hub: '10.0.0.9', kernel: '10.0.0.4' };
/** Test timings: short, and every loop still bounded by a deadline. */
const TIMING = { connectTimeoutSeconds: 0.5, periodSeconds: 0.1, helloFreshSeconds: 2, failLingerSeconds: 1 };

let dir: string;
let hub: net.Server;
let ports: { decoy: number; hub: number; peer: number; main: number; kernel: number; wrong: number };

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isolation-check-'));
  const [decoy, hubPort, peer, main, kernel, wrong] = await freePorts(6);
  ports = { decoy, hub: hubPort, peer, main, kernel, wrong };
  // A stand-in for the hub API: an HTTP status line to every request.
  hub = net.createServer((s) => s.once('data', () => s.end('HTTP/1.0 200 OK\r\n\r\n')));
  await new Promise<void>((r) => hub.listen(ports.hub, '127.0.0.1', () => r()));
});

afterEach(async () => {
  await new Promise((r) => hub.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The names every pod resolves: the decoy, the hub, the peer's readiness, the main prober while it runs. */
function names(): World['names'] {
  return {
    [`decoy.${NS}.svc`]: { ip: IP.decoy },
    [`hub.${NS}.svc`]: { ip: IP.hub },
    [`peer-ready.${NS}.svc`]: { ip: IP.peer, file: podFiles(dir, 'peer').ready },
    [`main.${NS}.svc`]: { ip: IP.main, file: podFiles(dir, 'main').alive },
    [`kernel.${NS}.svc`]: { ip: IP.kernel, file: podFiles(dir, 'kernel').alive },
    [`kernel-ready.${NS}.svc`]: { ip: IP.kernel, file: podFiles(dir, 'kernel').ready },
  };
}

function world(listen: World['listen'], routes: World['routes'], blocked: string[] = []): World {
  return { namespace: NS, names: names(), routes, blocked, listen };
}

/** The decoy user's server: listens on 8888 until the main prober came and went. */
function decoy(role = 'user-decoy'): SimPod {
  return {
    role: 'decoy',
    config: { role, deadlineSeconds: 15, readyWhen: 'never', listen: [8888], until: 'main', ...TIMING },
    world: world({ 8888: ports.decoy }, {}),
  };
}

/** The peer that may reach the decoy; ready while the decoy answers. */
function peer(routes: World['routes'] = { [`${IP.decoy}:8888`]: ports.decoy }, blocked: string[] = []): SimPod {
  return {
    role: 'peer',
    config: {
      role: 'peer',
      deadlineSeconds: 15,
      readyWhen: 'peers',
      listen: [8080],
      peers: [{ name: "the decoy user's server", kind: 'decoy', host: 'decoy', port: 8888, decoy: 'user-decoy' }],
      until: 'main',
      ...TIMING,
    },
    world: world({ 8080: ports.peer }, routes, blocked),
  };
}

/** The prober of a user's server: must resolve and reach the hub API, must not reach the decoy or the metadata endpoint. */
function main(routes: World['routes'], blocked: string[], extra: { [key: string]: unknown } = {}): SimPod {
  return {
    role: 'main',
    config: {
      role: 'user-server',
      deadlineSeconds: 10,
      readyWhen: 'never',
      listen: [8080],
      gates: [{ host: 'peer-ready', about: "the peer reaches the decoy user's server" }],
      gateReserveSeconds: 7,
      checks: [
        { name: "a user's server resolves names", kind: 'dns', host: 'hub', expect: 'open' },
        {
          name: "a user's server reaches the hub API",
          kind: 'http',
          host: 'hub',
          port: 8081,
          path: '/hub/api/',
          expect: 'open',
        },
        {
          name: "a user's server cannot reach another user's server",
          kind: 'decoy',
          host: 'decoy',
          port: 8888,
          decoy: 'user-decoy',
          expect: 'closed',
        },
        {
          name: "a user's server cannot reach the metadata endpoint",
          kind: 'tcp',
          host: '169.254.169.254',
          port: 80,
          expect: 'closed',
        },
      ],
      ...TIMING,
      ...extra,
    },
    world: world({ 8080: ports.main }, routes, blocked),
  };
}

/** Routes of the main prober: the hub API and the decoy are there (a policy may still drop them). */
const mainRoutes = () => ({ [`${IP.hub}:8081`]: ports.hub, [`${IP.decoy}:8888`]: ports.decoy });

test('isolation that holds passes: the peer proves the decoy first; the probe to it times out, the metadata endpoint refuses; every line PASS, exit 0', async () => {
  const r = await runPods(dir, [decoy(), peer(), main(mainRoutes(), [`${IP.decoy}:8888`])]);
  expect(reportLines(r.main.out)).toEqual([
    "PASS allowed first: the peer reaches the decoy user's server: proven",
    "PASS a user's server resolves names: resolves to 10.0.0.9",
    "PASS a user's server reaches the hub API: 10.0.0.9 answered HTTP 200",
    "PASS a user's server cannot reach another user's server: no connection (timed out)",
    "PASS a user's server cannot reach the metadata endpoint: no connection (refused)",
  ]);
  expect(r.main.out).toMatch(/^RESULT PASS: 0 of 5 checks failed$/m);
  expect(r.main.code).toBe(0);
  // The decoy and the peer end once the prober came and went.
  expect([r.decoy.code, r.peer.code]).toEqual([0, 0]);
  expect(r.peer.out).toMatch(/reached the decoy user's server: 10\.0\.0\.2 answered as the decoy/);
});

test('a cluster that does not enforce NetworkPolicy fails: the forbidden decoy accepts, that line is FAIL, exit 1', async () => {
  const r = await runPods(dir, [decoy(), peer(), main(mainRoutes(), [])]);
  expect(reportLines(r.main.out)).toContain(
    "FAIL a user's server cannot reach another user's server: connected to 10.0.0.2; the isolation does not hold (does this cluster enforce NetworkPolicy?)",
  );
  expect(r.main.out).toMatch(/^RESULT FAIL: 1 of 5 checks failed$/m);
  expect(r.main.code).toBe(1);
});

test('decoy first: when the peer cannot reach the decoy (a broken network), nothing forbidden is probed and the test fails, exit 1', async () => {
  // The network drops everything to the decoy, from the prober too: that alone would look like isolation.
  const r = await runPods(dir, [
    decoy(),
    peer({}, [`${IP.decoy}:8888`]),
    main(mainRoutes(), [`${IP.decoy}:8888`, `${IP.hub}:8081`]),
  ]);
  expect(reportLines(r.main.out)).toEqual([
    "FAIL allowed first: the peer reaches the decoy user's server: never proven in time (see that peer's log)",
    'FAIL probes: not run, a refused probe proves nothing until every decoy is proven reachable',
  ]);
  expect(r.main.out).not.toMatch(/cannot reach another user's server/);
  expect(r.main.code).toBe(1);
  expect(r.peer.out).toMatch(/not reached the decoy user's server: timed out/);
});

test('a listener that answers with another banner is not the decoy: the peer is never ready, the test fails', async () => {
  const r = await runPods(dir, [decoy('something-else'), peer(), main(mainRoutes(), [`${IP.decoy}:8888`])]);
  expect(r.peer.out).toMatch(
    /not reached the decoy user's server: 10\.0\.0\.2 answered 'isolation-check something-else 8888', not the decoy's 'isolation-check user-decoy 8888'/,
  );
  expect(reportLines(r.main.out)[0]).toMatch(/^FAIL allowed first: .*never proven in time/);
  expect(r.main.code).toBe(1);
});

test('a probe that must connect and does not (the hub API refused) is a FAIL, exit 1', async () => {
  const r = await runPods(dir, [decoy(), peer(), main({ [`${IP.decoy}:8888`]: ports.decoy }, [`${IP.decoy}:8888`])]);
  expect(reportLines(r.main.out)).toContain("FAIL a user's server reaches the hub API: refused");
  expect(r.main.code).toBe(1);
});

test('a probe that must connect to an HTTP server and gets no status line is a FAIL', async () => {
  const silent = net.createServer((s) => s.once('data', () => s.end('not http\n')));
  await new Promise<void>((res) => silent.listen(ports.wrong, '127.0.0.1', () => res()));
  try {
    const routes = { [`${IP.hub}:8081`]: ports.wrong, [`${IP.decoy}:8888`]: ports.decoy };
    const r = await runPods(dir, [decoy(), peer(), main(routes, [`${IP.decoy}:8888`])]);
    expect(reportLines(r.main.out)).toContain(
      "FAIL a user's server reaches the hub API: 10.0.0.9 answered no HTTP status line",
    );
    expect(r.main.code).toBe(1);
  } finally {
    await new Promise((res) => silent.close(res));
  }
});

describe("another prober's verdict (a kernel's), read from its readiness", () => {
  /** A prober labelled as a kernel: passes when the decoy is dropped for it, fails when it connects. */
  function kernel(blocked: string[]): SimPod {
    return {
      role: 'kernel',
      config: {
        role: 'kernel',
        deadlineSeconds: 15,
        readyWhen: 'verdict',
        listen: [8080],
        gates: [{ host: 'peer-ready', about: "the peer reaches the decoy user's server" }],
        gateReserveSeconds: 12,
        checks: [
          {
            name: "a kernel cannot reach a user's server",
            kind: 'decoy',
            host: 'decoy',
            port: 8888,
            decoy: 'user-decoy',
            expect: 'closed',
          },
        ],
        until: 'main',
        ...TIMING,
      },
      world: world({ 8080: ports.kernel }, { [`${IP.decoy}:8888`]: ports.decoy }, blocked),
    };
  }
  const results = {
    results: [{ name: "a kernel's checks", ready: 'kernel-ready', alive: 'kernel', logs: 'kubectl logs job/kernel' }],
    resultReserveSeconds: 1,
  };

  test('it passed: its ready name resolves, the line is PASS', async () => {
    const r = await runPods(dir, [
      decoy(),
      peer(),
      kernel([`${IP.decoy}:8888`]),
      main(mainRoutes(), [`${IP.decoy}:8888`], results),
    ]);
    expect(reportLines(r.main.out)).toContain("PASS a kernel's checks: it passed (its lines: kubectl logs job/kernel)");
    expect(r.main.code).toBe(0);
    expect(r.kernel.code).toBe(0);
  });

  test('it failed: it ends without being ready, the line is FAIL and so is the main prober', async () => {
    const r = await runPods(dir, [decoy(), peer(), kernel([]), main(mainRoutes(), [`${IP.decoy}:8888`], results)]);
    expect(reportLines(r.kernel.out)).toContain(
      "FAIL a kernel cannot reach a user's server: connected to 10.0.0.2; the isolation does not hold (does this cluster enforce NetworkPolicy?)",
    );
    expect(r.kernel.code).toBe(1);
    expect(reportLines(r.main.out)).toContain(
      "FAIL a kernel's checks: it ended without passing (its lines: kubectl logs job/kernel)",
    );
    expect(r.main.code).toBe(1);
  });
});

test("a decoy that waits for its peer's hello is ready only once the hello came", async () => {
  // The decoy is the proof here (as the decoy kernel is): ready while the peer's hellos are fresh.
  const decoyPod: SimPod = {
    role: 'decoy',
    config: {
      role: 'user-decoy',
      deadlineSeconds: 15,
      readyWhen: 'peers',
      listen: [8888],
      awaitHellos: { 8888: ['peer'] },
      until: 'main',
      ...TIMING,
    },
    world: world({ 8888: ports.decoy }, {}),
  };
  const prober = () => {
    const m = main(mainRoutes(), [`${IP.decoy}:8888`], {
      gates: [{ host: 'decoy-ready', about: 'the decoy heard its peer' }],
    });
    const decoyReady = { ip: IP.decoy, file: podFiles(dir, 'decoy').ready };
    return { ...m, world: { ...m.world, names: { ...m.world.names, [`decoy-ready.${NS}.svc`]: decoyReady } } };
  };
  const heard = await runPods(dir, [decoyPod, peer(), prober()]);
  expect(reportLines(heard.main.out)[0]).toBe('PASS allowed first: the decoy heard its peer: proven');
  expect(heard.decoy.out).toMatch(/a hello from peer on port 8888/);

  const unheard = await runPods(dir, [decoyPod, peer({}, [`${IP.decoy}:8888`]), prober()]);
  expect(reportLines(unheard.main.out)[0]).toBe(
    "FAIL allowed first: the decoy heard its peer: never proven in time (see that peer's log)",
  );
  expect(unheard.main.code).toBe(1);
});
