/**
 * End to end: the daskhub chart's Dask dashboard auth service (`dashboard_auth.py` of ConfigMap
 * `auth-dhub-dask-gateway`) run for real as a service of the chart's hub (Debian's JupyterHub 3.0,
 * the hub e2e's `Stack`: its hub and CHP, the override and all), asked as Traefik's forwardAuth asks
 * it. A dashboard is served to its cluster's owner only: the owner's session 200, another user's
 * (an admin's too: the chart gives no `dashboardAdminAccess`) 403, no session a 302 to the hub's
 * OAuth login (401 for a request that is no page view), forged headers and paths refused.
 *
 * What stands in for the cluster, and what it reproduces:
 * - Traefik: the test sends what its forwardAuth middleware (the chart's Middleware
 *   `dashboard-auth-dhub-dask-gateway`) sends to its `address`: of the browser's headers only
 *   `authRequestHeaders`, plus `X-Forwarded-Method`, `-Proto`, `-Host`, `-Uri` (the request's URI)
 *   and `-For` of its own; and the callback route (IngressRoute `auth-dhub-dask-gateway`) is a
 *   request straight to the service. Traefik itself does not run (Debian has no Traefik 3).
 * - The Kubernetes API: an HTTPS stand-in (run CA) that answers the DaskClusters of the gateway's
 *   namespace as dask-gateway 2026.3.0's backend creates them (`backends/kubernetes/backend.py:510-526`
 *   make_cluster_object: `metadata.name` `uuid.uuid4().hex`, `spec.username` the user's name,
 *   `spec.options`, `spec.config`; the route's cluster name `<namespace>.<metadata.name>`,
 *   `:528-531` and `controller.py:1251-1252`), by name and as a list, to one bearer token, each
 *   request decided by the manifests' Role bound to the service's account.
 * - The pod: its command line and env from the Deployment, with only these changed (checked): the
 *   script's service account directory (`/var/run/secrets/kubernetes.io/serviceaccount`) is the
 *   run's, `--port` is a free one (CHP has 8000 here, the pod its own IP), the hub API's host is
 *   loopback, and `KUBERNETES_SERVICE_HOST`/`_PORT` (set by the kubelet in a pod) name the stand-in.
 *
 * Runs only in a network namespace of its own (skips elsewhere):
 * `unshare -n bash -c 'ip link set lo up; npx jest test/e2e/dashboard-auth'`.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';
import {
  acquireMachineLock,
  Browser,
  chartsUnderTest,
  hubIdentity,
  hubPython,
  Proc,
  request,
  Resp,
  Stack,
  which,
} from './harness';
import { privateNetwork, RunCa } from './acme-harness';
import { find, Obj, seedCharts } from '../util';

const DASK_NS = 'dhub-dask';
const PREFIX = '/services/dask-gateway';
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const AUTH_PORT = 18000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const net = privateNetwork();
const openssl = which('openssl');
const skipReason = !net.isolated
  ? `dashboard auth e2e skipped: it runs only in a network namespace of its own (this one has ${net.interfaces.join(', ')}): unshare -n bash -c 'ip link set lo up; npx jest test/e2e/dashboard-auth'`
  : !openssl
    ? 'dashboard auth e2e skipped: no openssl'
    : undefined;
if (skipReason) console.warn(skipReason);

/** The Kubernetes API as the service's account sees it: DaskClusters of one namespace. */
class FakeDaskClusterApi {
  public readonly requests: { method: string; path: string; status: number }[] = [];
  public port = 0;
  private server?: https.Server;
  public constructor(
    public readonly token: string,
    private readonly clusters: { name: string; username: string }[],
    private readonly verbs: string[],
    private readonly leaf: { cert: string; key: string },
  ) {}

  /** A DaskCluster as dask-gateway 2026.3.0's KubeBackend.make_cluster_object writes it (backend.py:510-526). */
  private object(c: { name: string; username: string }): object {
    return {
      apiVersion: 'gateway.dask.org/v1alpha1',
      kind: 'DaskCluster',
      metadata: {
        name: c.name,
        namespace: DASK_NS,
        labels: { 'gateway.dask.org/instance': 'dhub-dask-gateway', 'gateway.dask.org/cluster': c.name },
        creationTimestamp: '2026-01-01T00:00:00Z',
      },
      spec: { username: c.username, options: {}, config: {} },
    };
  }

  public start(): Promise<void> {
    this.server = https.createServer(
      { cert: fs.readFileSync(this.leaf.cert), key: fs.readFileSync(this.leaf.key) },
      (req, res) => {
        const answer = (status: number, body: object) => {
          this.requests.push({ method: req.method ?? '', path: req.url ?? '', status });
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.headers.authorization !== `Bearer ${this.token}`) return answer(401, { kind: 'Status', code: 401 });
        const m = /^\/apis\/gateway\.dask\.org\/v1alpha1\/namespaces\/([^/]+)\/daskclusters(?:\/([^/?]+))?$/.exec(
          req.url ?? '',
        );
        const verb = req.method === 'GET' ? (m?.[2] === undefined ? 'list' : 'get') : 'other';
        if (!m || m[1] !== DASK_NS || !this.verbs.includes(verb))
          return answer(403, { kind: 'Status', code: 403, message: `${verb} ${req.url}: not allowed by the Role` });
        if (verb === 'list')
          return answer(200, { kind: 'DaskClusterList', items: this.clusters.map((c) => this.object(c)) });
        const c = this.clusters.find((x) => x.name === m[2]);
        return c ? answer(200, this.object(c)) : answer(404, { kind: 'Status', code: 404, reason: 'NotFound' });
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

(skipReason ? describe.skip : describe)('the Dask dashboard auth service with a real hub', () => {
  const charts = skipReason ? [] : chartsUnderTest(seedCharts());
  const chart = charts.find((c) => c.id === 'daskhub')!;
  const objs: Obj[] = chart?.objects ?? [];
  const clusters = {
    alice: crypto.randomBytes(16).toString('hex'),
    bob: crypto.randomBytes(16).toString('hex'),
  };
  let stack: Stack;
  let api: FakeDaskClusterApi;
  let auth: Proc;
  let adminAuth: Proc;
  let release: (() => void) | undefined;
  let changedScriptLines: string[] = [];

  const middleware = () => find(objs, 'Middleware', 'dashboard-auth-dhub-dask-gateway').spec.forwardAuth;
  const checkPath = () => new URL(middleware().address).pathname;
  const dashboard = (owner: keyof typeof clusters, rest = 'status') =>
    `${PREFIX}/clusters/${DASK_NS}.${clusters[owner]}/${rest}`;

  /** What Traefik's forwardAuth sends for `uri`: the allowed browser headers, and its own X-Forwarded-*. */
  function forwardAuth(
    b: Browser,
    uri: string,
    headers: { [k: string]: string } = {},
    raw = false,
    port = AUTH_PORT,
  ): Promise<Resp> {
    const allowed = (middleware().authRequestHeaders as string[]).map((h) => h.toLowerCase());
    const sent: { [k: string]: string } = { Accept: 'text/html', 'Sec-Fetch-Mode': 'navigate', ...headers };
    const cookie = b.cookieHeader(uri.split('?')[0]);
    if (cookie) sent.Cookie = cookie;
    const out = Object.fromEntries(Object.entries(sent).filter(([k]) => raw || allowed.includes(k.toLowerCase())));
    return request(`http://127.0.0.1:${port}${checkPath()}`, {
      headers: {
        ...out,
        'X-Forwarded-Method': 'GET',
        'X-Forwarded-Proto': 'http',
        'X-Forwarded-Host': '127.0.0.1:8000',
        'X-Forwarded-Uri': uri,
        'X-Forwarded-For': '127.0.0.1',
        ...(raw ? headers : {}),
      },
    });
  }

  /** Logs in at the hub (dummy authenticator), then through the dashboard's OAuth round trip. */
  async function session(user: string, port = AUTH_PORT): Promise<Browser> {
    const b = new Browser(stack.publicOrigin);
    const login = await b.fetch(`${stack.baseUrl}hub/login`);
    const xsrf = /name="_xsrf"\s+value="([^"]+)"/.exec(login.text())?.[1];
    const form = new URLSearchParams({ username: user, password: 'any', ...(xsrf ? { _xsrf: xsrf } : {}) });
    const posted = await b.fetch(`${stack.baseUrl}hub/login`, {
      method: 'POST',
      body: form.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      follow: false,
    });
    expect(posted.status).toBe(302);
    const uri = dashboard('alice');
    const first = await b.fetch(`http://127.0.0.1:${port}${checkPath()}`, {
      headers: { 'X-Forwarded-Method': 'GET', 'X-Forwarded-Uri': uri, 'Sec-Fetch-Mode': 'navigate' },
      follow: false,
    });
    expect(first.status).toBe(302);
    // The hub's authorize page (through CHP), which sends the browser to the callback (no confirmation).
    const authorize = await b.fetch(first.headers.location as string, { follow: false });
    expect({ status: authorize.status, location: authorize.headers.location }).toMatchObject({
      status: 302,
      location: expect.stringContaining(`${PREFIX}/dashboards/oauth_callback?`),
    });
    // Traefik routes the callback (IngressRoute auth-dhub-dask-gateway) to the service.
    const callbackPath = new URL(authorize.headers.location as string, stack.publicOrigin);
    const callback = await b.fetch(`http://127.0.0.1:${port}${callbackPath.pathname}${callbackPath.search}`, {
      follow: false,
    });
    expect({ status: callback.status, location: callback.headers.location }).toEqual({ status: 302, location: uri });
    expect(b.cookieNames()).toContain('service-dask-gateway-dashboards');
    return b;
  }

  beforeAll(async () => {
    release = await acquireMachineLock(300_000);
    stack = new Stack(chart);
    await stack.start();
    const who = hubIdentity();
    const saDir = path.join(stack.dir, 'serviceaccount');
    fs.mkdirSync(saDir);
    const ca = new RunCa(stack.dir, openssl!);
    const leaf = ca.leaf('kube-api');
    const role = find(objs, 'Role', 'auth-dhub-dask-gateway');
    api = new FakeDaskClusterApi(
      crypto.randomBytes(16).toString('hex'),
      [
        { name: clusters.alice, username: 'alice' },
        { name: clusters.bob, username: 'bob' },
      ],
      role.rules.flatMap((r: any) => (r.resources.includes('daskclusters') ? r.verbs : [])),
      leaf,
    );
    await api.start();
    fs.writeFileSync(path.join(saDir, 'token'), api.token);
    fs.copyFileSync(ca.cert, path.join(saDir, 'ca.crt'));
    const script = find(objs, 'ConfigMap', 'auth-dhub-dask-gateway').data['dashboard_auth.py'] as string;
    const runScript = script.replace(`SERVICE_ACCOUNT = "${SA_DIR}"`, `SERVICE_ACCOUNT = "${saDir}"`);
    changedScriptLines = runScript.split('\n').filter((l, i) => l !== script.split('\n')[i]);
    const scriptPath = stack.file('dashboard_auth.py', runScript, 0o644);
    for (const f of ['token', 'ca.crt']) fs.chmodSync(path.join(saDir, f), 0o644);
    const d = find(objs, 'Deployment', 'auth-dhub-dask-gateway');
    const c = d.spec.template.spec.containers[0];
    const env: { [k: string]: string } = {};
    for (const e of c.env) {
      env[e.name] = e.value ?? stack.secrets.get(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
    }
    env.JUPYTERHUB_API_URL = env.JUPYTERHUB_API_URL.replace(/^http:\/\/[^/:]+/, 'http://127.0.0.1');
    const argv: string[] = c.command.map((a: string) =>
      a === '/etc/dask-dashboard-auth/dashboard_auth.py'
        ? scriptPath
        : a.startsWith('--port=')
          ? `--port=${AUTH_PORT}`
          : a,
    );
    const start = (name: string, args: string[], port: number) =>
      new Proc(
        name,
        hubPython(),
        args.slice(1).map((a) => (a.startsWith('--port=') ? `--port=${port}` : a)),
        {
          cwd: stack.dir,
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            ...env,
            KUBERNETES_SERVICE_HOST: '127.0.0.1',
            KUBERNETES_SERVICE_PORT: String(api.port),
          },
          uid: who?.uid,
          gid: who?.gid,
          logFile: path.join(stack.dir, `${name}.log`),
        },
      );
    auth = start('dashboard-auth', argv, AUTH_PORT);
    // The same service as a gateway with dashboardAdminAccess runs it (its one difference: the flag).
    adminAuth = start('dashboard-auth-admins', [...argv, '--admin-access'], AUTH_PORT + 1);
    for (const [p, port] of [
      [auth, AUTH_PORT],
      [adminAuth, AUTH_PORT + 1],
    ] as const) {
      for (let i = 0; i < 100; i++) {
        const ok = await request(`http://127.0.0.1:${port}/health`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) break;
        if (!p.running) throw new Error(`dashboard auth exited: ${p.tail()}`);
        await sleep(100);
      }
    }
  }, 120_000);

  afterAll(async () => {
    await auth?.stop();
    await adminAuth?.stop();
    await api?.stop();
    await stack?.stop();
    release?.();
  }, 60_000);

  test('the run changes only the service account directory of the script', () => {
    expect(changedScriptLines).toEqual([expect.stringMatching(/^SERVICE_ACCOUNT = "\/.*\/serviceaccount"$/)]);
  });

  test('the hub registers the service (no URL: no route of CHP), with its token from the env', async () => {
    const r = await stack.api('/services/dask-gateway-dashboards');
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ name: 'dask-gateway-dashboards', prefix: '', command: [] });
  });

  test("the owner's session: 200", async () => {
    const alice = await session('alice');
    expect((await forwardAuth(alice, dashboard('alice'))).status).toBe(200);
    // Every page, fetch and websocket of the dashboard is asked about: the same answer; the
    // dashboard's own percent-escapes (a worker's page by its address) pass.
    expect((await forwardAuth(alice, dashboard('alice', 'info/worker/tls%3A%2F%2F10.0.0.7%3A40123.html'))).status).toBe(
      200,
    );
    expect(
      (await forwardAuth(alice, dashboard('alice', 'individual-plots.json'), { 'Sec-Fetch-Mode': 'cors' })).status,
    ).toBe(200);
    expect(
      (
        await forwardAuth(alice, dashboard('alice', 'status/ws?bokeh-session-id=x%20y'), {
          'Sec-Fetch-Mode': 'websocket',
        })
      ).status,
    ).toBe(200);
  });

  test("another user's session: 403 (and 200 for their own cluster)", async () => {
    const bob = await session('bob');
    expect((await forwardAuth(bob, dashboard('alice'))).status).toBe(403);
    expect((await forwardAuth(bob, dashboard('bob'))).status).toBe(200);
  });

  test("an admin: 403 without dashboardAdminAccess, 200 with it; a user's session stays 403 with it", async () => {
    const admin = await session('admin');
    expect((await forwardAuth(admin, dashboard('alice'))).status).toBe(403);
    // Each process signs its sessions with a secret of its own: a login there.
    const adminThere = await session('admin', AUTH_PORT + 1);
    expect((await forwardAuth(adminThere, dashboard('alice'), {}, false, AUTH_PORT + 1)).status).toBe(200);
    const bob = await session('bob', AUTH_PORT + 1);
    expect((await forwardAuth(bob, dashboard('alice'), {}, false, AUTH_PORT + 1)).status).toBe(403);
  });

  test("no session: a page view is sent to the hub's OAuth login, returning to the dashboard; a fetch gets 401", async () => {
    const nobody = new Browser(stack.publicOrigin);
    const r = await forwardAuth(nobody, dashboard('alice'));
    expect(r.status).toBe(302);
    const location = new URL(r.headers.location as string, stack.publicOrigin);
    expect(location.pathname).toBe(`${stack.baseUrl}hub/api/oauth2/authorize`);
    expect(location.searchParams.get('client_id')).toBe('service-dask-gateway-dashboards');
    expect(location.searchParams.get('redirect_uri')).toBe(`${PREFIX}/dashboards/oauth_callback`);
    expect((await forwardAuth(nobody, dashboard('alice'), { 'Sec-Fetch-Mode': 'cors' })).status).toBe(401);
  });

  test('forged headers, cookies and paths are refused', async () => {
    const bob = await session('bob');
    // Identity headers are not trusted, even if a request reached the service with them directly.
    for (const h of ['X-Forwarded-User', 'X-Remote-User', 'Remote-User', 'X-Jupyterhub-User']) {
      expect({ h, status: (await forwardAuth(bob, dashboard('alice'), { [h]: 'alice' }, true)).status }).toEqual({
        h,
        status: 403,
      });
    }
    // A forged session cookie is no session.
    const forged = new Browser(stack.publicOrigin);
    const r = await request(`http://127.0.0.1:${AUTH_PORT}${checkPath()}`, {
      headers: {
        Cookie: `service-dask-gateway-dashboards=${crypto.randomBytes(16).toString('hex')}`,
        'X-Forwarded-Uri': dashboard('alice'),
        'Sec-Fetch-Mode': 'cors',
      },
    });
    expect(r.status).toBe(401);
    expect(forged.cookieNames()).toEqual([]);
    // Paths that another reader could resolve to another cluster, or outside the gateway's namespace.
    for (const uri of [
      `${dashboard('bob', '')}../${DASK_NS}.${clusters.alice}/status`,
      `${dashboard('bob', '')}%2e%2e/${DASK_NS}.${clusters.alice}/status`,
      `${dashboard('bob', '')}.%2E/${DASK_NS}.${clusters.alice}/status`,
      `${PREFIX}/clusters/${DASK_NS}.%61${clusters.alice.slice(1)}/status`,
      `${PREFIX}/clusters/other-ns.${clusters.bob}/status`,
      `${PREFIX}/clusters/${DASK_NS}.${clusters.bob}//status`,
      `${PREFIX}/api/v1/clusters/`,
      '',
    ]) {
      expect({ uri, status: (await forwardAuth(bob, uri)).status }).toEqual({ uri, status: 403 });
    }
    // A cross-site request carrying the cookie.
    expect((await forwardAuth(bob, dashboard('bob'), { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
  });

  test('an unknown cluster: 403; the service only ever read DaskClusters by name, as its Role allows', async () => {
    const alice = await session('alice');
    expect((await forwardAuth(alice, `${PREFIX}/clusters/${DASK_NS}.${'0'.repeat(32)}/status`)).status).toBe(403);
    expect(api.requests.length).toBeGreaterThan(0);
    for (const r of api.requests) {
      expect(r).toMatchObject({
        method: 'GET',
        path: expect.stringMatching(
          new RegExp(`^/apis/gateway\\.dask\\.org/v1alpha1/namespaces/${DASK_NS}/daskclusters/[0-9a-f]{32}$`),
        ),
      });
      expect([200, 404]).toContain(r.status);
    }
  });
});
