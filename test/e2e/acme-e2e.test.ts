/**
 * End to end: automatic HTTPS (`IngressTls.acme()`) against a real ACME server. A local Pebble
 * issues the certificate; the synthesized proxy pod's ACME part runs as local processes from the
 * manifest (the `acme-restore` init container, nginx with the generated nginx.conf, the `acme`
 * client loop with Debian's lego under busybox's shell, the `acme-sync` sidecar) against a
 * stand-in Kubernetes API that enforces the manifests' Role; the real hub and configurable-http-proxy
 * run behind nginx. README.md here ("The ACME e2e") lists every change from the pod and why.
 *
 * Run it only in a network namespace of its own (it skips elsewhere):
 *   unshare -n bash -c 'ip link set lo up; npx jest test/e2e/acme'
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-27';
import { AcmeDirectory, Authenticator, Hub, IngressTls, NginxIngress, Proxy } from '../../lib';
import { Obj } from '../util';
import {
  acmePrograms,
  busyboxPath,
  FakeKubeApi,
  httpsGet,
  LineEdit,
  nginxPids,
  Pebble,
  peerCertificate,
  PodOnMachine,
  privateNetwork,
  randomToken,
  RunCa,
} from './acme-harness';
import { chartsUnderTest, hubIdentity, processesUnder, Proc, request, sleep, Stack, waitHttp } from './harness';

const HOST = 'hub.acme-e2e.test';
const NAMESPACE = 'e2e';
const EMAIL = 'admin@acme-e2e.test';
/** The contact address after the change (a new ACME account for lego). */
const NEW_EMAIL = 'ops@acme-e2e.test';
const PEBBLE_PORTS = { acme: 14000, management: 15000, dns: 8053, dnsManagement: 8055 };
const DIRECTORY = `https://127.0.0.1:${PEBBLE_PORTS.acme}/dir`;
/** Longer than Pebble's certificates live (5 years): the stand-in for "the renewal window has come". */
const RENEW_NOW = Duration.days(3650);

/** The chart: a hub, its proxy (LoadBalancer on port 80) and nginx with a certificate from the run's Pebble. */
function acmeChart(renewBefore?: Duration, email = EMAIL): Obj[] {
  const c = new Chart(Testing.app(), 'acme-e2e', { disableResourceNameHashes: true, namespace: NAMESPACE });
  const hub = new Hub(c, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
  const proxy = new Proxy(c, 'proxy', { serviceType: ServiceType.LOAD_BALANCER });
  proxy.addFrontDoor(
    new NginxIngress(c, 'nginx', {
      host: HOST,
      tls: IngressTls.acme({ email, directory: AcmeDirectory.fromUrl(DIRECTORY), renewBefore }),
    }),
  );
  hub.addIntegration(proxy);
  return Testing.synth(c) as Obj[];
}

/** Polls `fn` until it returns a value, or fails after `timeoutMs` with `state()`. */
async function until<T>(
  what: string,
  timeoutMs: number,
  fn: () => Promise<T | undefined> | T | undefined,
  state: () => string = () => '',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms\n${state()}`);
    await sleep(200);
  }
}

// Prerequisites: skip with a reason where they are missing or the network is shared; CI=true
// turns a missing program into a failure (CI runs this file in a namespace of its own).
const programs = acmePrograms();
const net = privateNetwork();
const skipReason = !net.isolated
  ? `ACME e2e skipped: it runs only in a network namespace of its own (this one has ${net.interfaces.join(', ')}): unshare -n bash -c 'ip link set lo up; npx jest test/e2e/acme'`
  : programs.missing.length > 0
    ? `ACME e2e skipped: missing ${programs.missing.join(', ')}; run \`bash scripts/system-deps.sh\` (as root)`
    : undefined;
if (skipReason) console.warn(skipReason);
if (skipReason && net.isolated && process.env.CI === 'true') {
  test('ACME e2e prerequisites are installed (CI=true: a skip is a failure)', () => {
    throw new Error(skipReason);
  });
}

(skipReason ? describe.skip : describe)(
  'automatic HTTPS: the synthesized ACME client and nginx against a local Pebble',
  () => {
    const bins = programs.found;
    const started = Date.now();
    const timings: string[] = [];
    const mark = (what: string) => timings.push(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    let dir: string;
    let ca: RunCa;
    let pebble: Pebble;
    let api: FakeKubeApi;
    let stack: Stack;
    let pod: PodOnMachine;
    let renewPod: PodOnMachine;
    let objects: Obj[];
    let busyboxBin: string;
    const procs: Proc[] = [];
    /** Who the pod's processes run as: nginx as `nobody`, the ACME containers as the pod's uid in nginx's group (root harness only). */
    const nginxUser = hubIdentity();
    const acmeUser = nginxUser ? { uid: 65532, gid: nginxUser.gid } : undefined;
    const token = randomToken();
    let current: { nginx?: Proc; acme?: Proc; sync?: Proc } = {};
    let firstSerial = '';

    const lineEdits = (): LineEdit[] => [
      {
        file: 'acme.sh',
        from: "LEGO='/lego'",
        to: `LEGO='${bins.lego}'`,
        why: "Debian's lego instead of the image's /lego",
      },
    ];

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acme-e2e-'));
      fs.chmodSync(dir, 0o755);
      ca = new RunCa(dir, bins.openssl);
      objects = acmeChart();
      const renewObjects = acmeChart(RENEW_NOW);
      busyboxBin = busyboxPath(dir, bins.busybox);
      const sa = { token, ca: ca.cert, namespace: NAMESPACE };
      pod = new PodOnMachine(path.join(dir, 'pod'), objects, sa, lineEdits());
      renewPod = new PodOnMachine(path.join(dir, 'pod'), renewObjects, sa, lineEdits());

      // Pebble validates HTTP-01 on the container port the proxy Service's port 80 leads to.
      const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'proxy-public') as Obj;
      const target = svc.spec.ports.find((p: any) => p.port === 80).targetPort;
      const http01 = pod.container('nginx').ports?.find((p: any) => p.name === target)?.containerPort as number;
      pebble = new Pebble(dir, bins, { ...PEBBLE_PORTS, http01 }, ca.leaf('pebble'), ca.cert);
      await pebble.start();
      mark('pebble up');

      api = new FakeKubeApi(NAMESPACE, token, objects, 'proxy', ca.leaf('kube-api'));
      await api.start();

      stack = new Stack(chartsUnderTest({ 'acme-e2e': objects })[0]);
      await stack.startChp();
      stack.startHub();
      await stack.waitHubReady();
      mark('hub and CHP up');
    }, 90_000);

    afterAll(async () => {
      const left: string[] = [];
      for (const p of procs)
        if (p.running) {
          left.push(p.name);
          await p.stop('SIGTERM', 5_000);
        }
      await stack?.stop();
      await pebble?.stop();
      await api?.stop();
      await sleep(100);
      const strays = dir ? processesUnder(dir) : [];
      for (const s of strays) {
        try {
          process.kill(s.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      mark('stopped');
      console.log(`ACME e2e timings (from the start of the file):\n  ${timings.join('\n  ')}`);
      if (dir && !process.env.E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
      expect({ stillRunningAtTheEnd: left, strays }).toEqual({ stillRunningAtTheEnd: [], strays: [] });
    }, 60_000);

    /** The volumes' owners as in the pod: the ACME uid in nginx's group (fsGroup), nginx's /tmp nginx's. */
    function ownVolumes(p: PodOnMachine): void {
      if (!acmeUser || !nginxUser) return;
      for (const v of p.spec.volumes) {
        const d = p.volumeDir(v.name);
        if (v.emptyDir) {
          fs.chownSync(d, v.name === 'nginx-tmp' ? nginxUser.uid : acmeUser.uid, nginxUser.gid);
          fs.chmodSync(d, 0o2770);
        } else {
          fs.chmodSync(d, 0o755);
          for (const f of fs.readdirSync(d)) {
            fs.chownSync(path.join(d, f), 0, nginxUser.gid);
            fs.chmodSync(path.join(d, f), v.projected ? 0o440 : 0o444);
          }
        }
      }
    }

    const env = (extra: { [k: string]: string } = {}) => ({ PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', ...extra });
    const apiEnv = () => env({ KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(api.port) });
    function start(name: string, argv: string[], e: { [k: string]: string }, who?: { uid: number; gid: number }): Proc {
      // stdout/stderr are a file the process may reopen (nginx's access_log /dev/stdout), as a container runtime's.
      const logFile = path.join(dir, `${name}.log`);
      fs.appendFileSync(logFile, '');
      if (who) fs.chownSync(logFile, who.uid, who.gid);
      const p = new Proc(name, argv[0], argv.slice(1), { cwd: dir, env: e, uid: who?.uid, gid: who?.gid, logFile });
      procs.push(p);
      return p;
    }

    /** The pod starting: the init container, then nginx, the ACME client and its sidecar. `fresh`: a new pod (empty emptyDirs). */
    async function startPod(p: PodOnMachine, fresh: boolean): Promise<{ restore: string }> {
      if (fresh) {
        p.reset();
        ownVolumes(p);
      }
      const restore = start('acme-restore', p.argv('acme-restore', [bins.python3]), apiEnv(), acmeUser);
      const r = await restore.waitExit(30_000);
      if (r.code !== 0) throw new Error(`acme-restore exited ${JSON.stringify(r)}\n${restore.tail()}`);
      const nginx = start('nginx', p.argv('nginx', [bins.nginx, '-e', 'stderr']), env(), nginxUser);
      await waitHttp('http://127.0.0.1:8080/_nginx_healthz', nginx, 15_000);
      current = {
        nginx,
        acme: start(
          'acme',
          p.argv('acme', [bins.busybox, 'sh']),
          { PATH: busyboxBin, LEGO_CA_CERTIFICATES: ca.cert },
          acmeUser,
        ),
        sync: start('acme-sync', p.argv('acme-sync', [bins.python3]), apiEnv(), acmeUser),
      };
      return { restore: restore.output };
    }

    async function stopPod(): Promise<void> {
      // Every container still runs (one that exited would be a crash loop in the cluster).
      expect([current.acme?.running, current.sync?.running, current.nginx?.running]).toEqual([true, true, true]);
      // As the kubelet: TERM to every container (nginx: QUIT, its graceful stop), then wait.
      const stops = [
        current.acme?.stop('SIGTERM', 5_000),
        current.sync?.stop('SIGTERM', 15_000),
        current.nginx?.stop('SIGQUIT', 5_000),
      ];
      const results = await Promise.all(stops);
      expect(results.map((r) => r?.killed)).toEqual([false, false, false]);
    }

    const servedSerial = async () => (await peerCertificate(8443, HOST, pebble.root as string)).serial;

    test("the e2e changes the pod's files only where a cluster differs (mount paths, loopback, the lego binary)", () => {
      pod.reset();
      ownVolumes(pod);
      const mounts = [...pod.mounts.keys()];
      for (const file of ['nginx.conf', 'acme.sh', 'acme_sync.py']) {
        for (const { from, to } of pod.changedLines(file)) {
          const mapped = mounts.some((m) => from.includes(m)) && pod.mapPaths(from) === to;
          const listen =
            /^\s*listen \d+( ssl)?;$/.test(from) && to === from.replace(/listen (\d+)/, 'listen 127.0.0.1:$1');
          const edit = lineEdits().some((e) => e.file === file && e.from === from && e.to === to);
          expect({ file, from, to, explained: mapped || listen || edit }).toEqual({ file, from, to, explained: true });
        }
      }
      // The renewal run's chart differs from the first only in the renewal window (and the checksum).
      const a = objects.find((o) => o.metadata.name === 'proxy-acme-client') as Obj;
      const b = renewPod.objects.find((o) => o.metadata.name === 'proxy-acme-client') as Obj;
      const diff = (a.data['acme.sh'] as string)
        .split('\n')
        .filter((l, i) => l !== (b.data['acme.sh'] as string).split('\n')[i]);
      expect(diff).toEqual([
        "    log 'checking the certificate for hub.acme-e2e.test (renewed when less than 30 days are left)'",
        '    lego_cmd renew --days 30 --no-random-sleep',
      ]);
      expect(b.data['acme_sync.py']).toBe(a.data['acme_sync.py']);
      // No private key, token or certificate in what would be applied.
      expect(JSON.stringify(objects)).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
      expect(objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'proxy-acme')).not.toHaveProperty('data');
    });

    test('a new pod registers an account, orders a certificate through nginx (HTTP-01), serves the hub over HTTPS with it and stores it in the Secret', async () => {
      const t0 = Date.now();
      const { restore } = await startPod(pod, true);
      expect(restore).toContain('holds no ACME state yet');
      // Before the first certificate: HTTP serves the challenge path and redirects everything else.
      const redirect = await request('http://127.0.0.1:8080/hub/?next=%2Fhub%2F', { headers: { Host: HOST } });
      expect([redirect.status, redirect.headers.location]).toEqual([308, `https://${HOST}/hub/?next=%2Fhub%2F`]);
      const missing = await request('http://127.0.0.1:8080/.well-known/acme-challenge/no-such-token', {
        headers: { Host: HOST },
      });
      expect(missing.status).toBe(404);

      const acme = current.acme as Proc;
      await acme.waitForOutput(/acme\.sh: serving the certificate for hub\.acme-e2e\.test/, 60_000);
      timings.push(
        `first certificate: ordered and served ${((Date.now() - t0) / 1000).toFixed(1)} s after the pod started (10 s of it the client's wait for the pod to be routed)`,
      );
      mark('first certificate served');
      expect(pebble.issued()).toHaveLength(1);
      expect(pebble.accounts()).toBe(1);
      // Pebble's validation requests went through nginx to the client's webroot.
      expect((current.nginx as Proc).output).toMatch(
        /"GET \/\.well-known\/acme-challenge\/[A-Za-z0-9_-]{20,} HTTP\/1\.1" 200 /,
      );

      const cert = await peerCertificate(8443, HOST, pebble.root as string);
      expect(cert).toMatchObject({ authorized: true, subjectaltname: `DNS:${HOST}` });
      expect(cert.serial).toBe(pebble.issued()[0]);
      firstSerial = cert.serial;
      const login = await httpsGet('https://127.0.0.1:8443/hub/login', pebble.root as string, { servername: HOST });
      expect(login.status).toBe(200);
      expect(login.body).toMatch(/Sign in/i);
      expect(login.headers['strict-transport-security']).toBe('max-age=31536000');

      // The sidecar stores lego's files in the Secret, through get and patch on that one name only.
      const stateDir = pod.hostPath('/var/lib/acme-state');
      const stored = await until(
        'the state in Secret proxy-acme',
        30_000,
        () => {
          const v = api.value('proxy-acme', 'acme-state.json');
          const files = v ? JSON.parse(v).files : undefined;
          return files?.[`certificates/${HOST}.crt`] ===
            fs.readFileSync(path.join(stateDir, `certificates/${HOST}.crt`), 'utf8')
            ? files
            : undefined;
        },
        () => (current.sync as Proc).tail(),
      );
      expect(Object.keys(stored).sort()).toEqual([
        `accounts/127.0.0.1_${PEBBLE_PORTS.acme}/${EMAIL}/account.json`,
        `accounts/127.0.0.1_${PEBBLE_PORTS.acme}/${EMAIL}/keys/${EMAIL}.key`,
        `certificates/${HOST}.crt`,
        `certificates/${HOST}.issuer.crt`,
        `certificates/${HOST}.json`,
        `certificates/${HOST}.key`,
        'order',
      ]);
      expect(new Set(api.requests.map((r) => `${r.method} ${r.path} ${r.status}`))).toEqual(
        new Set([
          `GET /api/v1/namespaces/${NAMESPACE}/secrets/proxy-acme 200`,
          `PATCH /api/v1/namespaces/${NAMESPACE}/secrets/proxy-acme 200`,
        ]),
      );
      // The key nginx reads is readable by nginx's group only.
      const tlsFile = pod.hostPath('/var/lib/acme-tls/tls.pem');
      expect((fs.statSync(tlsFile).mode & 0o777).toString(8)).toBe('640');
    }, 120_000);

    test("the Role allows nothing else: the pod's account cannot read or create other Secrets", () => {
      expect(api.allowed('get', 'proxy-acme')).toBe(true);
      expect(api.allowed('patch', 'proxy-acme')).toBe(true);
      for (const [verb, name] of [
        ['get', 'hub-secret'],
        ['list', undefined],
        ['create', undefined],
        ['update', 'proxy-acme'],
        ['delete', 'proxy-acme'],
      ] as const) {
        expect({ verb, name, allowed: api.allowed(verb, name) }).toEqual({ verb, name, allowed: false });
      }
    });

    test('a restarted pod (empty volumes) restores the account and certificate from the Secret and orders nothing', async () => {
      await stopPod();
      const t0 = Date.now();
      const { restore } = await startPod(pod, true);
      expect(restore).toMatch(/restored from Secret proxy-acme: .*certificates\/hub\.acme-e2e\.test\.crt/);
      const acme = current.acme as Proc;
      await acme.waitForOutput(/the number of days defined to perform the renewal is 30: no renewal/, 30_000);
      timings.push(
        `restart: certificate served again ${((Date.now() - t0) / 1000).toFixed(1)} s after the pod started, no order`,
      );
      mark('restart checked');
      expect(acme.output).toMatch(/acme\.sh: serving the certificate for hub\.acme-e2e\.test/);
      expect(acme.output).not.toMatch(/Registering account|ordering a certificate/);
      expect(pebble.issued()).toHaveLength(1);
      expect(pebble.accounts()).toBe(1);
      expect(await servedSerial()).toBe(firstSerial);
    }, 60_000);

    test('a renewed certificate is served without restarting or reloading nginx, and stored in the Secret', async () => {
      const nginx = current.nginx as Proc;
      const before = nginxPids(nginx.pid);
      expect(before.workers.length).toBeGreaterThan(0);
      // The client container restarts with a renewal window longer than the certificate's life
      // (instead of waiting years for it); nginx, the sidecar and the volumes stay.
      await (current.acme as Proc).stop('SIGTERM', 5_000);
      const t0 = Date.now();
      renewPod.writeConfigFile('acme.sh');
      const acme = start(
        'acme-renew',
        renewPod.argv('acme', [bins.busybox, 'sh']),
        { PATH: busyboxBin, LEGO_CA_CERTIFICATES: ca.cert },
        acmeUser,
      );
      current.acme = acme;
      await acme.waitForOutput(/acme: Trying renewal with \d+ hours remaining/, 30_000);
      const served = await until(
        'the renewed certificate served by nginx',
        60_000,
        async () => {
          const s = await servedSerial();
          return s !== firstSerial ? s : undefined;
        },
        () => acme.tail(),
      );
      timings.push(
        `renewal: new certificate served ${((Date.now() - t0) / 1000).toFixed(1)} s after the client restarted`,
      );
      mark('renewal served');
      expect(pebble.issued()).toHaveLength(2);
      expect(served).toBe(pebble.issued()[1]);
      expect(pebble.accounts()).toBe(1);
      // Same nginx master and the same workers: no restart, no reload (a reload replaces the workers).
      expect(nginxPids(nginx.pid)).toEqual(before);
      expect(nginx.running).toBe(true);
      const login = await httpsGet('https://127.0.0.1:8443/hub/login', pebble.root as string, { servername: HOST });
      expect(login.status).toBe(200);
      await until(
        'the renewed certificate in Secret proxy-acme',
        30_000,
        () => {
          const v = api.value('proxy-acme', 'acme-state.json');
          const crt = v ? JSON.parse(v).files[`certificates/${HOST}.crt`] : undefined;
          return crt ===
            fs.readFileSync(path.join(pod.hostPath('/var/lib/acme-state'), `certificates/${HOST}.crt`), 'utf8') &&
            crt.length > 0
            ? true
            : undefined;
        },
        () => (current.sync as Proc).tail(),
      );
      await stopPod();
    }, 90_000);

    test("a changed contact email: the next pod registers the new account and gets a certificate (lego's renew would find no account under the new email)", async () => {
      // The chart with another email, applied: a new pod restores the old account and certificate
      // from the Secret. lego keeps accounts under accounts/<server>/<email>/ (v4.35.2
      // cmd/accounts_storage.go:85-88) and `renew` stops when there is none ("Account ... is not
      // registered. Use 'run'", cmd/cmd_renew.go:139-140): the client must `run`.
      const emailPod = new PodOnMachine(
        path.join(dir, 'pod'),
        acmeChart(undefined, NEW_EMAIL),
        { token, ca: ca.cert, namespace: NAMESPACE },
        lineEdits(),
      );
      const stored = api.value('proxy-acme', 'acme-state.json');
      expect(Object.keys(stored ? JSON.parse(stored).files : {})).toContain(
        `accounts/127.0.0.1_${PEBBLE_PORTS.acme}/${EMAIL}/account.json`,
      );
      const issuedBefore = pebble.issued().length;
      const servedBefore = pebble.issued()[issuedBefore - 1];
      const t0 = Date.now();
      const { restore } = await startPod(emailPod, true);
      expect(restore).toMatch(/restored from Secret proxy-acme: .*certificates\/hub\.acme-e2e\.test\.crt/);
      const acme = current.acme as Proc;
      // Either a new certificate is served, or lego fails (then the client would retry for ever).
      const outcome = await until(
        'a new certificate served, or a lego failure',
        90_000,
        async () => {
          if (/lego failed/.test(acme.output)) return 'lego failed';
          const s = await servedSerial().catch(() => undefined);
          return s !== undefined && s !== servedBefore && pebble.issued().includes(s) ? 'served' : undefined;
        },
        () => acme.tail(),
      );
      expect({ outcome, notRegistered: /is not registered/.test(acme.output) }).toEqual({
        outcome: 'served',
        notRegistered: false,
      });
      timings.push(
        `email change: new account and certificate served ${((Date.now() - t0) / 1000).toFixed(1)} s after the pod started`,
      );
      mark('email change served');
      expect(acme.output).toMatch(/acme\.sh: ordering a certificate for hub\.acme-e2e\.test/);
      expect(pebble.accounts()).toBe(2);
      expect(pebble.issued()).toHaveLength(issuedBefore + 1);
      expect(await servedSerial()).toBe(pebble.issued()[issuedBefore]);
      // The new account and the order it was made for reach the Secret (a later pod renews).
      const order = fs.readFileSync(emailPod.hostPath('/var/lib/acme-state/order'), 'utf8');
      expect(order).toContain(`email=${NEW_EMAIL} `);
      await until(
        'the new account and order in Secret proxy-acme',
        30_000,
        () => {
          const v = api.value('proxy-acme', 'acme-state.json');
          const files = v ? JSON.parse(v).files : {};
          return files[`accounts/127.0.0.1_${PEBBLE_PORTS.acme}/${NEW_EMAIL}/account.json`] !== undefined &&
            files.order === order
            ? true
            : undefined;
        },
        () => (current.sync as Proc).tail(),
      );
      await stopPod();
    }, 150_000);
  },
);
