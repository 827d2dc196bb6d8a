/**
 * Each seed chart's live self-test, run as a cluster runs it, on loopback: every pod of
 * `dist/<chart>.check.k8s.yaml` is a process (the script and its config from the file's
 * ConfigMaps, as mounted), in a simulated network of the chart's own pods and Services
 * (stand-ins that answer every connection with an HTTP status line, the cloud metadata endpoint
 * too) where a name resolves as Kubernetes DNS resolves it (a check Service's only while its pod
 * runs, or is ready) and a connection gets through as the chart's NetworkPolicies say
 * (`test/network-policy-eval.ts`). Three networks: the policies enforced (every line passes),
 * not enforced (every forbidden probe connects: the test fails) and a network that drops every
 * connection (the peers prove nothing, so nothing forbidden is probed: the test fails). Timings
 * are shortened; every pod still ends by its deadline.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { buildApp } from '../../main';
import { synthesize } from '../../lib';
import { connectionAllowed, egressAllowed, PodEndpoint } from '../network-policy-eval';
import type { Obj } from '../util';
import { freePorts, podFiles, reportLines, runPods, SimPod, SimResult, World } from './isolation-check-harness';

type Mode = 'enforced' | 'unenforced' | 'down';
const ROLE = 'cdk8s-jupyterhub/isolation-check-role';
const METADATA = { ip: '169.254.169.254', port: 80 };

let dist: string;
beforeAll(() => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'isolation-sim-dist-'));
  synthesize(buildApp(dist));
});
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

const load = (file: string): Obj[] =>
  (yaml.loadAll(fs.readFileSync(path.join(dist, file), 'utf8')) as Obj[]).filter((o) => o && o.kind);
const nsOf = (o: Obj) => o.metadata.namespace ?? 'default';

/** A pod of the simulation: a check pod (a process) or a pod of the install (stand-in listeners). */
interface Pod extends PodEndpoint {
  readonly ports: { [name: string]: number };
}

/** The install's pods and Services, the check's pods, each with an address. */
function cluster(install: Obj[], check: Obj[]) {
  const templates = install.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
  const real: Pod[] = templates.map((o, i) => ({
    ip: `10.2.0.${i + 1}`,
    namespace: nsOf(o),
    labels: o.spec.template.metadata.labels,
    ports: Object.fromEntries(
      (o.spec.template.spec.containers as any[]).flatMap((c) =>
        (c.ports ?? []).map((p: any) => [p.name ?? String(p.containerPort), p.containerPort]),
      ),
    ),
  }));
  const jobs = check.filter((o) => o.kind === 'Job');
  const checkPods = jobs.map((o, i) => ({
    role: o.spec.template.metadata.labels[ROLE] as string,
    pod: { ip: `10.1.0.${i + 1}`, namespace: nsOf(o), labels: o.spec.template.metadata.labels, ports: {} } as Pod,
    config: JSON.parse(
      check.find((c) => c.kind === 'ConfigMap' && nsOf(c) === nsOf(o))!.data[
        `${o.spec.template.metadata.labels[ROLE]}.json`
      ],
    ),
  }));
  return { real, checkPods };
}

/** Whether labels match a Service's selector. */
const selects = (sel: { [k: string]: string }, labels: { [k: string]: string }) =>
  Object.entries(sel).every(([k, v]) => labels[k] === v);

async function simulate(chart: string, installFile: string, mode: Mode): Promise<{ [role: string]: SimResult }> {
  const install = load(installFile);
  const check = load(`${chart}.check.k8s.yaml`);
  const policies = install.filter((o) => o.kind === 'NetworkPolicy');
  const { real, checkPods } = cluster(install, check);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `isolation-sim-${chart}-`));
  // Stand-ins: one listener per port of each pod of the install, and the metadata endpoint.
  const standIns: net.Server[] = [];
  const listenOn = async (port: number) => {
    const s = net.createServer((c) => c.once('data', () => c.end('HTTP/1.0 200 OK\r\n\r\n')).on('error', () => {}));
    standIns.push(s);
    await new Promise<void>((r) => s.listen(port, '127.0.0.1', () => r()));
  };
  try {
    /** Destinations: `ip:port` -> the pod (or outside address) and its port, and where it lands on loopback. */
    const dest: { key: string; to: Pod | { ip: string }; port: number; loopback: number }[] = [];
    for (const p of real) {
      for (const port of Object.values(p.ports)) {
        const [loopback] = await freePorts(1);
        await listenOn(loopback);
        dest.push({ key: `${p.ip}:${port}`, to: p, port, loopback });
      }
    }
    const [metadataPort] = await freePorts(1);
    await listenOn(metadataPort);
    dest.push({
      key: `${METADATA.ip}:${METADATA.port}`,
      to: { ip: METADATA.ip },
      port: METADATA.port,
      loopback: metadataPort,
    });
    const listen: { [role: string]: { [port: string]: number } } = {};
    for (const c of checkPods) {
      const ports = c.config.listen as number[];
      const loopbacks = await freePorts(ports.length);
      listen[c.role] = Object.fromEntries(ports.map((p, i) => [String(p), loopbacks[i]]));
      ports.forEach((port, i) => dest.push({ key: `${c.pod.ip}:${port}`, to: c.pod, port, loopback: loopbacks[i] }));
    }
    // Names: the install's Services (a cluster IP each, which lands on a pod it selects), the check's (headless).
    const names: World['names'] = {};
    install
      .filter((o) => o.kind === 'Service' && o.spec.selector)
      .forEach((svc, i) => {
        const ip = `10.96.0.${i + 1}`;
        names[`${svc.metadata.name}.${nsOf(svc)}.svc`] = { ip };
        const backend = real.find((p) => p.namespace === nsOf(svc) && selects(svc.spec.selector, p.labels));
        for (const sp of svc.spec.ports ?? []) {
          const target = typeof sp.targetPort === 'string' ? backend?.ports[sp.targetPort] : (sp.targetPort ?? sp.port);
          const d = dest.find((x) => x.to === backend && x.port === target);
          if (backend && d) dest.push({ ...d, key: `${ip}:${sp.port}` });
        }
      });
    for (const svc of check.filter((o) => o.kind === 'Service')) {
      const c = checkPods.find((x) => x.role === svc.spec.selector[ROLE])!;
      const files = podFiles(dir, c.role);
      const file = svc.spec.publishNotReadyAddresses ? files.alive : files.ready;
      names[`${svc.metadata.name}.${nsOf(svc)}.svc`] = { ip: c.pod.ip, file };
    }
    const allowed = (from: Pod, d: (typeof dest)[number]) => {
      if (mode !== 'enforced') return mode === 'unenforced';
      return 'labels' in d.to
        ? connectionAllowed(policies, from, d.to as Pod, d.port)
        : egressAllowed(policies, from, d.to, d.port);
    };
    const pods: SimPod[] = checkPods.map((c) => {
      const main = c.role === 'user-server';
      const world: World = {
        namespace: c.pod.namespace,
        names,
        routes: Object.fromEntries(dest.filter((d) => allowed(c.pod, d)).map((d) => [d.key, d.loopback])),
        blocked: dest.filter((d) => !allowed(c.pod, d)).map((d) => d.key),
        listen: listen[c.role],
      };
      const timing = {
        deadlineSeconds: main ? 14 : 24,
        ...(c.config.checks ? { gateReserveSeconds: main ? 7 : 17 } : {}),
        ...(c.config.results ? { resultReserveSeconds: 1 } : {}),
        connectTimeoutSeconds: 0.5,
        periodSeconds: 0.1,
        helloFreshSeconds: 2,
        failLingerSeconds: 1,
        proofWaitSeconds: 3,
      };
      return { role: c.role, config: { ...c.config, ...timing }, world };
    });
    return await runPods(dir, pods);
  } finally {
    await Promise.all(standIns.map((s) => new Promise((r) => s.close(r))));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A report line without its detail (what it checked, and whether it passed). */
const verdicts = (r: SimResult) => reportLines(r.out).map((l) => l.slice(0, l.indexOf(': ')));

const CHARTS: [string, string][] = [
  ['minikube', 'minikube.k8s.yaml'],
  ['gke', 'gke.k8s.yaml'],
  ['jeg-lab', 'jeg-lab.k8s.yaml'],
  ['daskhub', 'daskhub.k8s.yaml'],
  ['carvel', path.join('carvel', 'bundle', 'config', 'carvel.yaml')],
];

describe.each(CHARTS)('%s: the check against its own NetworkPolicies', (chart, installFile) => {
  test('enforced: every line passes, every pod ends, the main Job would complete (exit 0)', async () => {
    const r = await simulate(chart, installFile, 'enforced');
    const failed = Object.entries(r).flatMap(([role, x]) =>
      reportLines(x.out)
        .filter((l) => l.startsWith('FAIL'))
        .map((l) => `${role}: ${l}`),
    );
    expect(failed).toEqual([]);
    expect(r['user-server'].out).toMatch(/^RESULT PASS: 0 of \d+ checks failed$/m);
    expect(Object.fromEntries(Object.entries(r).map(([role, x]) => [role, x.code]))).toEqual(
      Object.fromEntries(Object.keys(r).map((role) => [role, 0])),
    );
  });

  test('not enforced: every forbidden probe connects and fails, what must work works, exit 1', async () => {
    const r = await simulate(chart, installFile, 'unenforced');
    const lines = reportLines(r['user-server'].out);
    const forbidden = lines.filter((l) => / cannot reach /.test(l));
    expect(forbidden.length).toBeGreaterThanOrEqual(3);
    expect(
      forbidden.filter((l) => !/^FAIL .*: connected to .*does this cluster enforce NetworkPolicy\?\)$/.test(l)),
    ).toEqual([]);
    expect(
      lines.filter((l) => !/ cannot reach /.test(l) && !/^PASS/.test(l) && !/checks: it ended without passing/.test(l)),
    ).toEqual([]);
    expect(r['user-server'].code).toBe(1);
  });
});

describe.each([CHARTS[0], CHARTS[3]])('%s: a network that drops every connection', (chart, installFile) => {
  test('the peers prove nothing, so nothing forbidden is probed and the check fails (exit 1)', async () => {
    const r = await simulate(chart, installFile, 'down');
    const lines = reportLines(r['user-server'].out);
    expect(lines.filter((l) => / cannot reach /.test(l))).toEqual([]);
    expect(lines).toContain(
      'FAIL probes: not run, a refused probe proves nothing until every decoy is proven reachable',
    );
    expect(lines.filter((l) => /^FAIL allowed first: /.test(l)).length).toBeGreaterThanOrEqual(1);
    expect(r['user-server'].code).toBe(1);
  });
});

test("the seed charts' checks, as the main Job reports them (enforced)", async () => {
  const jeg = await simulate('jeg-lab', 'jeg-lab.k8s.yaml', 'enforced');
  expect(verdicts(jeg['user-server'])).toEqual([
    'PASS allowed first',
    'PASS allowed first',
    "PASS a user's server resolves names (DNS)",
    "PASS a user's server reaches the hub API",
    "PASS a user's server reaches the gateway front",
    "PASS a user's server cannot reach the cloud metadata endpoint 169.254.169.254:80",
    "PASS a user's server cannot reach another user's server (port 8888)",
    "PASS a user's server cannot reach the proxy's API (its routing table)",
    "PASS a user's server cannot reach a kernel (the gateway's backend)",
    "PASS a kernel's checks",
  ]);
  expect(verdicts(jeg.kernel)).toEqual([
    'PASS allowed first',
    'PASS allowed first',
    'PASS a kernel resolves names (DNS)',
    'PASS a kernel cannot reach the cloud metadata endpoint 169.254.169.254:80',
    "PASS a kernel cannot reach another user's server (port 8888)",
    'PASS a kernel cannot reach the hub API',
    "PASS a kernel cannot reach the proxy's API (its routing table)",
    "PASS a kernel cannot reach another user's kernel",
  ]);
  const dask = await simulate('daskhub', 'daskhub.k8s.yaml', 'enforced');
  expect(verdicts(dask['user-server'])).toEqual([
    'PASS allowed first',
    'PASS allowed first',
    "PASS a user's server resolves names (DNS)",
    "PASS a user's server reaches the hub API",
    "PASS a user's server reaches the Dask Gateway (through Traefik)",
    "PASS a user's server cannot reach the cloud metadata endpoint 169.254.169.254:80",
    "PASS a user's server cannot reach another user's server (port 8888)",
    "PASS a user's server cannot reach the proxy's API (its routing table)",
    "PASS a user's server cannot reach the gateway's API server directly (its backend)",
    "PASS a user's server cannot reach a scheduler's TLS port directly",
    "PASS a user's server cannot reach a scheduler's dashboard directly",
    "PASS a user's server cannot reach a scheduler's API",
    "PASS a Dask worker's checks",
  ]);
  expect(verdicts(dask['dask-worker'])).toEqual([
    'PASS allowed first',
    'PASS allowed first',
    'PASS a Dask worker resolves names (DNS)',
    "PASS a Dask worker reaches a scheduler's TLS port",
    "PASS a Dask worker cannot reach another cluster's dashboard",
    "PASS a Dask worker cannot reach a scheduler's API",
    "PASS a Dask worker cannot reach the gateway's API server (its backend)",
    'PASS a Dask worker cannot reach the cloud metadata endpoint 169.254.169.254:80',
    "PASS a Dask worker cannot reach another user's server (port 8888)",
    'PASS a Dask worker cannot reach the hub API',
    "PASS a Dask worker cannot reach the proxy's API (its routing table)",
  ]);
});
