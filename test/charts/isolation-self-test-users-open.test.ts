/**
 * The live isolation self-test reports honestly what the users' NetworkPolicy opens on purpose
 * (issue 22, `singleUser.networkPolicyRules.egressAllowRules`, `singleUser.blockCloudMetadata`):
 * with the cloud metadata endpoint opened, its line expects it open (SKIP where nothing answers
 * there, as for the closed line); with the private IPs opened, the hub's database (wherever it
 * is) is no line of a user's server. A line that expects open and is proven is a PASS only if the
 * prober connects. Run against listeners on loopback with the script as shipped.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Hub, HubDatabase, IsolationSelfTest } from '../../lib';
import { chartIn, hubIn } from '../input-checks';
import type { Obj } from '../util';
import { freePorts, podFiles, runPods, SimPod, World } from './isolation-check-harness';

type SingleUser = NonNullable<ConstructorParameters<typeof Hub>[2]['singleUser']>;
const ROLE = 'cdk8s-jupyterhub/isolation-check-role';
const METADATA = '169.254.169.254';

function userChecks(singleUser: SingleUser, database?: HubDatabase): any[] {
  const app = Testing.app();
  const hub = hubIn(chartIn(app, 'c', 'hubs'), 'hub', { singleUser, ...(database ? { database } : {}) });
  const objs = Testing.synth(new IsolationSelfTest(app, 'c.check', { hub })) as Obj[];
  const job = objs.find((o) => o.kind === 'Job' && o.spec.template.metadata.labels[ROLE] === 'user-server')!;
  const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === job.metadata.namespace)!;
  return JSON.parse(cm.data['user-server.json']).checks;
}
const metadataLine = (checks: any[]) => checks.find((c) => c.host === METADATA);

describe("the plan: a user's server's lines", () => {
  test('by default the metadata endpoint must be closed', () => {
    expect(metadataLine(userChecks({}))).toMatchObject({ expect: 'closed' });
  });

  test.each<[string, SingleUser]>([
    ['cloudMetadataServer: true', { networkPolicyRules: { egressAllowRules: { cloudMetadataServer: true } } }],
    ['blockCloudMetadata: false', { blockCloudMetadata: false }],
  ])('%s: the metadata endpoint is expected open, proven by the metadata peer', (_what, su) => {
    const line = metadataLine(userChecks(su));
    expect(line).toMatchObject({ expect: 'open', port: 80 });
    expect(line.name).toMatch(/^a user's server reaches the cloud metadata endpoint/);
    expect(line.provenBy.host).toMatch(/metadata-peer-ready/);
  });

  const password = { secret: kplus.Secret.fromSecretName(Testing.chart(), 'pw', 'db-password'), key: 'password' };
  const db = () => HubDatabase.external({ url: 'postgresql://hub@db.example.internal:5433/hub', password });
  test('privateIPs: no line about the database (it may be at a private address the users now reach)', () => {
    const names = (su: SingleUser) => userChecks(su, db()).map((c) => c.host);
    expect(names({})).toContain('db.example.internal');
    expect(names({ networkPolicyRules: { egressAllowRules: { privateIPs: true } } })).not.toContain(
      'db.example.internal',
    );
  });
});

describe('the script: a line that expects the metadata endpoint open', () => {
  const NS = 'test';
  const TIMING = { connectTimeoutSeconds: 0.5, periodSeconds: 0.1, helloFreshSeconds: 2, failLingerSeconds: 1 };
  const KEY = `${METADATA}:80`;
  let dir: string;
  let metadata: net.Server;
  let ports: { metadata: number; peer: number; main: number };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isolation-open-'));
    const [m, peer, main] = await freePorts(3);
    ports = { metadata: m, peer, main };
    metadata = net.createServer((s) => s.once('data', () => s.end('HTTP/1.0 200 OK\r\n\r\n')));
    await new Promise<void>((r) => metadata.listen(ports.metadata, '127.0.0.1', () => r()));
  });
  afterEach(async () => {
    await new Promise((r) => metadata.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const world = (listen: World['listen'], reaches: boolean): World => ({
    namespace: NS,
    names: {
      [`metadata-peer-ready.${NS}.svc`]: { ip: '10.0.0.5', file: podFiles(dir, 'metadata-peer').ready },
      [`main.${NS}.svc`]: { ip: '10.0.0.1', file: podFiles(dir, 'main').alive },
    },
    routes: reaches ? { [KEY]: ports.metadata } : {},
    blocked: reaches ? [] : [KEY],
    listen,
  });
  const peer = (reaches: boolean): SimPod => ({
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
    world: world({ 8080: ports.peer }, reaches),
  });
  const main = (reaches: boolean): SimPod => ({
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
          name: "a user's server reaches the cloud metadata endpoint",
          kind: 'tcp',
          host: METADATA,
          port: 80,
          expect: 'open',
          provenBy: { host: 'metadata-peer-ready', about: 'a pod no policy restricts reaches it' },
        },
      ],
      ...TIMING,
    },
    world: world({ 8080: ports.main }, reaches),
  });
  const report = (out: string) =>
    out
      .slice(out.indexOf('--- isolation-check'))
      .split('\n')
      .filter((l) => /^(PASS|FAIL|SKIP) /.test(l));

  test('nothing answers there, not even for the metadata peer (a laptop cluster): SKIP, fails nothing', async () => {
    const r = await runPods(dir, [peer(false), main(false)]);
    expect(report(r.main.out)).toEqual([
      "SKIP a user's server reaches the cloud metadata endpoint: not proven here (a pod no policy restricts reaches it: not so in this cluster), so a connection proves nothing",
    ]);
    expect(r.main.code).toBe(0);
  });

  test('proven there, and the prober reaches it as its policy says: PASS', async () => {
    const r = await runPods(dir, [peer(true), main(true)]);
    expect(report(r.main.out)).toEqual([
      expect.stringMatching(/^PASS a user's server reaches the cloud metadata endpoint: /),
    ]);
    expect(r.main.code).toBe(0);
  });
});
