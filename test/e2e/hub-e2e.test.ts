/**
 * End to end: every seed chart's synthesized hub, configurable-http-proxy and nginx run for real as
 * local processes (no cluster), on the manifests' command lines, ports, environment and config
 * files, and are used through nginx as a browser and an API client would. README.md here says
 * exactly what is swapped for what, and why.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import WebSocket from 'ws';
import { seedCharts } from '../util';
import {
  acquireMachineLock,
  alive,
  assertNoUnexpectedConfigWarnings,
  Browser,
  ChartUnderTest,
  chartsUnderTest,
  chpBin,
  configString,
  configStringSet,
  configWarnings,
  HARNESS_SERVICE,
  hubPythonHas,
  isVersionSkew,
  loginOf,
  loopbackNginxConf,
  maxBodyBytes,
  overrideSource,
  processEnv,
  request,
  Resp,
  serviceHosts,
  SHARED_PASSWORD_CLASS,
  SHARED_PASSWORD_MODULE,
  sleep,
  Stack,
  TARGET_TRAITS,
  uploadStatus,
} from './harness';

const charts = chartsUnderTest(seedCharts());

// The ports are the manifests' fixed ones: two jest runs on one machine take turns.
let releaseLock: (() => void) | undefined;
beforeAll(async () => {
  releaseLock = await acquireMachineLock(300_000);
}, 310_000);
afterAll(() => releaseLock?.());

/** Polls `fn` until it returns a value (not undefined), or fails with the last state. */
async function until<T>(
  what: string,
  timeoutMs: number,
  fn: () => Promise<T | undefined>,
  state: () => string = () => '',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms. ${state()}`);
    await sleep(150);
  }
}

const isJson = (r: Resp) => String(r.headers['content-type'] ?? '').startsWith('application/json');

/** Runs code in a kernel over its websocket; returns what it printed and the execute_reply. */
function runInKernel(
  url: string,
  headers: { [k: string]: string },
  code: string,
): Promise<{ stdout: string; reply: any }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const msgId = crypto.randomUUID();
    let stdout = '';
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no execute_reply and idle within 20 s; printed so far: ${JSON.stringify(stdout)}`));
    }, 20_000);
    // terminate, not close: a closing handshake keeps a 30 s timer when the peer is already gone.
    const done = (f: () => void) => {
      clearTimeout(timer);
      ws.terminate();
      f();
    };
    // The reply comes on the shell channel, the output on iopub: done when both the reply and
    // iopub's "idle" for this request (after all its output) are in.
    let reply: any;
    let idle = false;
    ws.on('unexpected-response', (_req, res) =>
      done(() => reject(new Error(`websocket refused: HTTP ${res.statusCode}`))),
    );
    ws.on('error', (e) => done(() => reject(e)));
    ws.on('open', () =>
      ws.send(
        JSON.stringify({
          header: {
            msg_id: msgId,
            username: 'e2e',
            session: crypto.randomUUID(),
            msg_type: 'execute_request',
            version: '5.3',
            date: new Date().toISOString(),
          },
          parent_header: {},
          metadata: {},
          channel: 'shell',
          buffers: [],
          content: {
            code,
            silent: false,
            store_history: false,
            user_expressions: {},
            allow_stdin: false,
            stop_on_error: true,
          },
        }),
      ),
    );
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.parent_header?.msg_id !== msgId) return;
      if (m.msg_type === 'stream' && m.content.name === 'stdout') stdout += m.content.text;
      if (m.msg_type === 'execute_reply') reply = m.content;
      if (m.msg_type === 'status' && m.content.execution_state === 'idle') idle = true;
      if (reply && idle) done(() => resolve({ stdout, reply }));
    });
  });
}

/** The HTTP status a websocket handshake gets (101 when it opens). */
function websocketStatus(url: string, headers: { [k: string]: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.on('error', (e) => reject(e));
  });
}

/** A contents-API upload body (a base64 file) of exactly `size` bytes of JSON. */
function contentsBody(size: number): { body: Buffer; fileBytes: number } {
  const head = '{"type": "file", "format": "base64", "content": "';
  const tail = '"}';
  const room = size - head.length - tail.length;
  const b64 = Math.floor(room / 4) * 4;
  // JSON allows whitespace before the closing brace: pad to the exact size.
  const body = Buffer.from(head + 'A'.repeat(b64) + '"' + ' '.repeat(room - b64) + '}');
  if (body.length !== size) throw new Error(`body is ${body.length} bytes, wanted ${size}`);
  return { body, fileBytes: (b64 / 4) * 3 };
}

test('the seed charts have at least one hub to run', () => {
  expect(charts.map((c) => c.id).length).toBeGreaterThan(0);
});

test('test/e2e/README.md shows the override exactly as the harness writes it', () => {
  const readme = fs.readFileSync(path.join(__dirname, 'README.md'), 'utf8');
  const block = /```python\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(
    overrideSource({
      generated: '<run>/jupyterhub_config.py',
      homes: '<run>/home',
      db: '<run>/jupyterhub.sqlite',
      report: '<run>/override-report.json',
      tokenEnv: 'E2E_SERVICE_TOKEN',
      clusterHosts: ['<every Service of the chart as svc, svc.ns, svc.ns.svc, svc.ns.svc.cluster.local>'],
      sharedPasswordModule: '<repo>/test/fixtures/jupyterhub-5.5.0/jupyterhub/authenticators/shared.py',
    }),
  );
});

describe.each(charts.map((c): [string, ChartUnderTest] => [c.id, c]))(
  'chart %s: the synthesized hub runs for real',
  (_id, chart) => {
    const config = chart.hubConfig;
    const baseUrl = configString(config, 'JupyterHub', 'base_url') ?? '/';
    const authenticator = configString(config, 'JupyterHub', 'authenticator_class');
    // Part 6 of the override loads JupyterHub 5.5.0's shared-password authenticator where Debian's
    // JupyterHub 3.0 has none (the demo charts), and swaps another class it cannot load (the
    // daskhub chart's Azure AD) for the dummy one.
    const loadable = (cls: string) => hubPythonHas(cls.slice(0, cls.lastIndexOf('.')));
    const upstream = authenticator === SHARED_PASSWORD_CLASS && !loadable(authenticator);
    const swapped = !upstream && authenticator !== undefined && authenticator.includes('.') && !loadable(authenticator);
    const admin = (configStringSet(config, 'Authenticator', 'admin_users') ?? [])[0];
    const defaultUrl = configString(config, 'KubeSpawner', 'default_url');
    const cullerName = 'jupyterhub-idle-culler';
    /** A list the config assigns, read as JSON: a service's token is `os.environ["NAME"]` (read as `"NAME"`), booleans are True/False. */
    const configList = (trait: string): any[] => {
      const m = new RegExp(`^c\\.JupyterHub\\.${trait} = (\\[.*\\])$`, 'm').exec(config);
      const json = m?.[1]
        .replace(/os\.environ\[("[A-Z0-9_]+")\]/g, '$1')
        .replace(/\b(True|False)\b(?=(?:[^"]*"[^"]*")*[^"]*$)/g, (b) => b.toLowerCase());
      return json ? JSON.parse(json) : [];
    };
    const cullerService = configList('services').find((s) => s.name === cullerName);
    // Services the proxy routes to (a URL), e.g. Dask Gateway; and those users' tokens may use.
    const routedServices = configList('services').filter((s) => s.url !== undefined);
    const userRoleScopes: string[] = configList('load_roles').find((r) => r.name === 'user')?.scopes ?? [];

    test('the e2e runs the configurable-http-proxy version the proxy image pins', () => {
      const tag = /:([^:/@]+)$/.exec(chart.chp.image)?.[1];
      expect({ image: chart.chp.image, npm: chpBin().version }).toEqual({ image: chart.chp.image, npm: tag });
    });

    const front = chart.nginx
      ? 'nginx'
      : 'CHP (no nginx the run can use: none, or one waiting for an ACME certificate)';
    describe(`hub + CHP${chart.nginx ? ' + nginx' : ''} from the manifests, used through ${front} as a user would`, () => {
      let stack: Stack;
      const browser = () => new Browser(stack.publicOrigin);
      let user: Browser | undefined;
      const prefix = `${baseUrl}user/${admin}/`;

      beforeAll(async () => {
        if (authenticator !== 'dummy' && authenticator !== SHARED_PASSWORD_CLASS && !swapped)
          throw new Error(
            `the e2e logs in with the shared-password or the dummy authenticator; chart ${chart.id} uses ${authenticator}`,
          );
        if (!admin) throw new Error(`chart ${chart.id} has no admin user to log in as`);
        stack = new Stack(chart);
        await stack.start();
      }, 60_000);

      afterAll(async () => {
        await stack?.stop();
      }, 60_000);

      test(`CHP${chart.nginx ? ', hub and nginx' : ' and hub'} start from the manifests' command lines and answer their readiness probes`, async () => {
        expect([stack.hub?.running, stack.chp?.running, stack.nginx?.running ?? !chart.nginx]).toEqual([
          true,
          true,
          true,
        ]);
        // The hub read the cookie secret the manifest gives it, and reached the proxy API with the shared token.
        expect(stack.hub?.output).toContain('Loading cookie_secret from env[JPY_COOKIE_SECRET]');
        // /hub/health answers just before the hub registers its route with CHP: wait for that line.
        await until(
          'the hub adds its route to CHP',
          15_000,
          async () =>
            /Adding route for Hub: \/ => http:\/\/127\.0\.0\.1:\d+/.test(stack.hub?.output ?? '') ? true : undefined,
          () => stack.hub?.tail() ?? '',
        );
        expect(stack.chp?.output).not.toMatch(/\b403\b/);
        if (chart.id === 'minikube') {
          expect(stack.ports().map((p) => p.port)).toEqual([8000, 8001, 8081, 8080]);
        }
        // Only addresses differ from the manifests (all of them loopback).
        const argv = [...(chart.chp.command ?? [])].slice(1);
        const changed = argv
          .map((a, i) => [a, stack.chpCommand()[i]])
          .filter(([a, b]) => a !== b)
          .map(([, b]) => b);
        for (const a of changed) expect(a).toMatch(/^--[\w-]+=(127\.0\.0\.1|https?:\/\/127\.0\.0\.1[:/].*)$/);
        if (chart.nginx) {
          const before = chart.nginx.conf.split('\n');
          const after = loopbackNginxConf(chart.nginx.conf).split('\n');
          const diff = after.filter((l, i) => l !== before[i]).map((l) => l.trim());
          for (const l of diff) expect(l).toMatch(/^(listen 127\.0\.0\.1:\d+.*|server 127\.0\.0\.1:\d+.*);$/);
        }
      });

      const runs = upstream
        ? "JupyterHub 5.5.0's SharedPasswordAuthenticator (its own file: Debian's JupyterHub 3.0 has none)"
        : `the dummy authenticator${swapped ? ` (the override swapped ${authenticator}, which Debian's JupyterHub 3.0 cannot load)` : ''}`;
      test(`the hub runs ${runs}`, () => {
        if (upstream) {
          expect(stack.hub?.output).toMatch(
            /Using Authenticator: jupyterhub\.authenticators\.shared\.SharedPasswordAuthenticator\b/,
          );
          expect(stack.hub?.output).toContain(
            `e2e override: ${SHARED_PASSWORD_CLASS} from JupyterHub 5.5.0's file ${SHARED_PASSWORD_MODULE}`,
          );
          return;
        }
        expect(stack.hub?.output).toMatch(/Using Authenticator: jupyterhub\.auth\.DummyAuthenticator/);
        const said = `e2e override: ${authenticator} cannot be loaded here: the dummy authenticator instead`;
        if (swapped) expect(stack.hub?.output).toContain(said);
        else expect(stack.hub?.output).not.toContain('e2e override:');
      });

      /**
       * Posts the login form through the front door: its status, whether it set the session cookie,
       * and whether the hub said the login was wrong (JupyterHub 3.0 renders the form again, 200).
       */
      const postLogin = async (b: Browser, username: string, password: string) => {
        const login = await b.fetch(`${baseUrl}hub/login`);
        expect(login.status).toBe(200);
        expect(login.text()).toMatch(/name="username"/);
        const xsrf = /name="_xsrf"\s+value="([^"]+)"/.exec(login.text())?.[1];
        const form = new URLSearchParams({ username, password, ...(xsrf ? { _xsrf: xsrf } : {}) }).toString();
        const posted = await b.fetch(`${baseUrl}hub/login`, {
          method: 'POST',
          body: form,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          follow: false,
        });
        return {
          status: posted.status,
          session: b.cookieNames().includes('jupyterhub-session-id'),
          refused: /Invalid username or password/.test(posted.text()),
        };
      };

      if (upstream) {
        test(`${admin} is refused a wrong password and the users' password; another name gets in with the users' password, not as admin`, async () => {
          const login = loginOf(config, () => stack.hubEnv());
          const refused = { session: false, refused: true };
          expect(await postLogin(browser(), admin, crypto.randomBytes(32).toString('hex'))).toMatchObject(refused);
          expect(await postLogin(browser(), admin, (login.userPassword as () => string)())).toMatchObject(refused);
          expect(await postLogin(browser(), 'e2e-student', login.password())).toMatchObject(refused);
          const student = browser();
          expect(await postLogin(student, 'e2e-student', (login.userPassword as () => string)())).toEqual({
            status: 302,
            session: true,
            refused: false,
          });
          expect((await stack.api('/users/e2e-student')).json()).toMatchObject({ name: 'e2e-student', admin: false });
          expect((await stack.api('/users/e2e-student', { method: 'DELETE' })).status).toBe(204);
        });
      }

      test('the generated jupyterhub_config.py loads with no "not recognized" warning other than 3.0-vs-5.5 version skew', () => {
        const warnings = assertNoUnexpectedConfigWarnings(stack.hub?.output ?? '');
        for (const w of warnings) expect({ w: w.line, skew: isVersionSkew(w) }).toEqual({ w: w.line, skew: true });
        // Every KubeSpawner trait the file sets was either copied onto c.Spawner or is KubeSpawner/pod-only.
        const report = JSON.parse(fs.readFileSync(stack.reportPath, 'utf8'));
        const set = [...config.matchAll(/^c\.KubeSpawner\.(\w+) = /gm)].map((m) => m[1]).sort();
        expect([...Object.keys(report.copied), ...report.kubespawner_only, ...report.pod_only].sort()).toEqual(set);
        for (const t of ['cmd', 'start_timeout', 'mem_limit', 'mem_guarantee', 'default_url', 'environment']) {
          if (set.includes(t)) expect(Object.keys(report.copied)).toContain(t);
        }
      });

      test(`logs in through ${front} as ${admin} (${upstream ? 'the generated admin password' : 'dummy authenticator'}), spawns the server and waits until ${prefix}api/status answers`, async () => {
        const b = browser();
        expect(await postLogin(b, admin, loginOf(config, () => stack.hubEnv()).password())).toEqual({
          status: 302,
          session: true,
          refused: false,
        });

        const spawn = await b.fetch(`${baseUrl}hub/spawn`, { follow: false });
        expect(spawn.status).toBe(302);
        // While it starts, a page under /user/<name>/ is the hub's pending page (200).
        const page = await b.fetch(`${prefix}tree`);
        const pending = new URL(page.url).pathname.startsWith(`${baseUrl}hub/spawn-pending/`);
        if (pending)
          expect({ status: page.status, text: /starting up/i.test(page.text()) }).toEqual({ status: 200, text: true });
        // API requests (JSON, as the page's JavaScript sends) get the hub's 424 until the server
        // answers itself; /user/<name>/api needs no auth.
        let last: Resp | undefined;
        const seen: number[] = [];
        await until(
          `the user server answers ${prefix}api through ${front}`,
          45_000,
          async () => {
            last = await b.fetch(`${prefix}api`, { headers: { Accept: 'application/json' } });
            seen.push(last.status);
            return last.status === 200 && isJson(last) && new URL(last.url).pathname === `${prefix}api`
              ? last
              : undefined;
          },
          () => `last: ${last?.status} ${last?.url}\n${stack.hub?.tail()}`,
        );
        expect(last?.json().version).toEqual(expect.any(String));
        expect(seen.slice(0, -1).filter((st) => st !== 424)).toEqual([]);

        // The server's root sends the user to default_url (copied from KubeSpawner).
        if (defaultUrl) {
          const root = await b.fetch(prefix, { follow: false });
          expect({
            status: root.status,
            to: new URL(root.headers.location ?? '', stack.publicOrigin).pathname,
          }).toEqual({ status: 302, to: `${prefix}${defaultUrl.replace(/^\//, '')}` });
        }
        // The API needs the user's own cookie, which only the OAuth round trip through the hub gives.
        // A page of the server does it, as in a browser. The image's default_url page (JupyterLab) is
        // not in Debian, so the page is the server's file viewer, on a file in the user's home.
        const before = await b.fetch(`${prefix}api/status`);
        expect(before.status).toBe(403);
        const hello = stack.userFile(admin, 'e2e-hello.txt', 'hello from the e2e\n');
        const view = await b.fetch(`${prefix}view/${hello}`);
        expect(view.status).toBe(200);
        expect(view.chain.some((u) => new URL(u).pathname === `${baseUrl}hub/api/oauth2/authorize`)).toBe(true);
        expect(b.cookieNames()).toEqual(expect.arrayContaining([`jupyterhub-user-${admin}`, '_xsrf']));
        expect((await b.fetch(`${prefix}files/${hello}`)).text()).toBe('hello from the e2e\n');
        const status = await b.fetch(`${prefix}api/status`);
        expect({ status: status.status, json: isJson(status) }).toEqual({ status: 200, json: true });
        expect(status.json().started).toEqual(expect.any(String));
        user = b;
      });

      test('the spawner traits copied from KubeSpawner reach the user server process', async () => {
        if (!user) throw new Error('no logged-in user (the login step failed)');
        const users = (await stack.api(`/users/${admin}`)).json();
        const pid: number = users.servers[''].state.pid;
        stack.serverPids.add(pid);
        expect(alive(pid)).toBe(true);
        const report = JSON.parse(fs.readFileSync(stack.reportPath, 'utf8'));
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        if (report.copied.cmd) expect(cmdline.join(' ')).toContain(report.copied.cmd[0]);
        const env = processEnv(pid);
        if (report.copied.mem_limit) expect(env.MEM_LIMIT).toBe(String(report.copied.mem_limit));
        if (report.copied.mem_guarantee) expect(env.MEM_GUARANTEE).toBe(String(report.copied.mem_guarantee));
        for (const [k, v] of Object.entries(report.copied.environment ?? {}))
          expect({ [k]: env[k] }).toEqual({ [k]: v });
        // URLs of the chart's own Services (e.g. the gateway) have nothing behind them here: dropped,
        // after checking that each names a Service of the chart on a port it has.
        for (const [k, v] of Object.entries(report.cluster_env_dropped as { [k: string]: string })) {
          expect({ [k]: env[k] }).toEqual({ [k]: undefined });
          const u = new URL(v);
          const svc = chart.objects.find((o) => o.kind === 'Service' && serviceHosts([o]).includes(u.hostname));
          const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
          expect({
            [k]: v,
            service: svc?.metadata.name,
            port: svc?.spec.ports.some((p: any) => p.port === port),
          }).toEqual({ [k]: v, service: expect.any(String), port: true });
        }
      });

      (routedServices.length > 0 ? test : test.skip)(
        `hub services with a URL (${routedServices.map((s) => s.name).join(', ') || 'none here'}): routed by CHP, their own token, users' server tokens may use them`,
        async () => {
          if (!user) throw new Error('no logged-in user (the login step failed)');
          const env = stack.hubEnv();
          const routes = (
            await request(`http://127.0.0.1:${stack.chpPorts().apiPort}/api/routes`, {
              headers: { Authorization: `token ${env.CONFIGPROXY_AUTH_TOKEN}` },
            })
          ).json();
          const serverToken = processEnv(
            (await stack.api(`/users/${admin}`)).json().servers[''].state.pid,
          ).JUPYTERHUB_API_TOKEN;
          const whoami = async (token: string) =>
            (
              await request(`${stack.publicOrigin}${baseUrl}hub/api/user`, {
                headers: { Authorization: `token ${token}` },
              })
            ).json();
          const asServer = await whoami(serverToken);
          for (const svc of routedServices) {
            // The proxy routes /services/<name>/ to the service's URL (a Service of the chart).
            const spec = `${baseUrl}services/${svc.name}`;
            expect({ spec, target: (routes[spec] ?? routes[`${spec}/`])?.target }).toEqual({ spec, target: svc.url });
            // The service's own token, read by the hub from its env (a Secret made in the cluster), identifies it.
            expect(await whoami(env[svc.api_token])).toMatchObject({ kind: 'service', name: svc.name });
            // What Dask Gateway's JupyterHubAuthenticator checks: the token of a user's server has access to the service.
            const access = `access:services!service=${svc.name}`;
            if (userRoleScopes.includes(access))
              expect({ name: asServer.name, kind: asServer.kind, access: asServer.scopes.includes(access) }).toEqual({
                name: admin,
                kind: 'user',
                access: true,
              });
          }
        },
      );

      test('starts a kernel and runs print(6*7) over its websocket (browser Origin, cookie); a foreign Origin is refused', async () => {
        if (!user) throw new Error('no logged-in user (the login step failed)');
        const specs = (await user.fetch(`${prefix}api/kernelspecs`)).json();
        const created = await user.fetch(`${prefix}api/kernels`, {
          method: 'POST',
          body: JSON.stringify({ name: specs.default }),
          headers: { 'Content-Type': 'application/json' },
        });
        expect(created.status).toBe(201);
        const id: string = created.json().id;
        const wsUrl = `${stack.publicOrigin.replace(/^http/, 'ws')}${prefix}api/kernels/${id}/channels`;
        const headers = {
          Cookie: user.cookieHeader(`${prefix}api/kernels/${id}/channels`),
          Origin: stack.publicOrigin,
        };
        const run = await runInKernel(wsUrl, headers, 'print(6*7)');
        expect(run).toEqual({ stdout: '42\n', reply: expect.objectContaining({ status: 'ok' }) });
        // The same-origin check is real (Host reaches the server unchanged through nginx and CHP).
        expect(await websocketStatus(wsUrl, { ...headers, Origin: 'http://evil.example' })).toBe(403);
        const deleted = await user.fetch(`${prefix}api/kernels/${id}`, { method: 'DELETE' });
        expect(deleted.status).toBe(204);
      });

      (chart.nginx ? test : test.skip)(
        'uploads through the contents API: exactly client_max_body_size is accepted, one byte more is 413 from nginx',
        async () => {
          if (!user) throw new Error('no logged-in user (the login step failed)');
          const limit = maxBodyBytes(chart.nginx?.conf ?? '');
          if (chart.id === 'minikube') expect(limit).toBe(64 * 1024 * 1024);
          const headers = () => ({
            'Content-Type': 'application/json',
            Cookie: user!.cookieHeader(`${prefix}api/contents/x`),
            'X-XSRFToken': user!.cookie('_xsrf') ?? '',
          });

          const atLimit = contentsBody(limit);
          const ok = await uploadStatus(
            `${stack.publicOrigin}${prefix}api/contents/e2e-at-limit.bin`,
            headers(),
            atLimit.body,
          );
          expect(ok.status).toBe(201);
          const stored = (await user.fetch(`${prefix}api/contents/e2e-at-limit.bin?content=0`)).json();
          expect(stored.size).toBe(atLimit.fileBytes);

          const over = contentsBody(limit + 1);
          const refused = await uploadStatus(
            `${stack.publicOrigin}${prefix}api/contents/e2e-over-limit.bin`,
            headers(),
            over.body,
          );
          expect(refused.status).toBe(413);
          expect(refused.text).toMatch(/413 Request Entity Too Large[\s\S]*nginx/);
          expect((await user.fetch(`${prefix}api/contents/e2e-over-limit.bin?content=0`)).status).toBe(404);
        },
      );

      /** Creates a user and starts its server with the service token; resolves when it is ready. */
      async function startServerThroughApi(name: string): Promise<any> {
        expect([201, 409]).toContain((await stack.api(`/users/${name}`, { method: 'POST' })).status);
        expect([201, 202]).toContain((await stack.api(`/users/${name}/server`, { method: 'POST' })).status);
        const server = await until(
          `${name}'s server is ready`,
          30_000,
          async () => {
            const s = (await stack.api(`/users/${name}`)).json().servers?.[''];
            return s?.ready ? s : undefined;
          },
          () => stack.hub?.tail() ?? '',
        );
        stack.serverPids.add(server.state.pid);
        return server;
      }

      test(`hub REST API with a service token (through ${front}): list users, start and stop a server`, async () => {
        const list = await stack.api('/users');
        expect(list.status).toBe(200);
        expect(list.json().map((u: any) => u.name)).toContain(admin);
        const name = 'e2e-rest';
        const server = await startServerThroughApi(name);
        // CHP routes /user/<name>/ to the new server (its /api answers without auth).
        const routed = await request200Json(`${stack.publicOrigin}${baseUrl}user/${name}/api`);
        expect(routed.version).toEqual(expect.any(String));

        expect([202, 204]).toContain((await stack.api(`/users/${name}/server`, { method: 'DELETE' })).status);
        await until(`${name}'s server is stopped`, 30_000, async () => {
          const u = (await stack.api(`/users/${name}`)).json();
          return Object.keys(u.servers ?? {}).length === 0 ? true : undefined;
        });
        expect(alive(server.state.pid)).toBe(false);
        expect((await stack.api(`/users/${name}`, { method: 'DELETE' })).status).toBe(204);
      });

      test(`a user server that dies: CHP answers 503 with the hub's error page (its --error-target), and the API still stops it`, async () => {
        const name = 'e2e-crash';
        const server = await startServerThroughApi(name);
        await request200Json(`${stack.publicOrigin}${baseUrl}user/${name}/api`);
        process.kill(server.state.pid, 'SIGKILL');
        await until('the killed server is gone', 5_000, async () => (alive(server.state.pid) ? undefined : true));
        const down = await new Browser(stack.publicOrigin).fetch(`${baseUrl}user/${name}/api`, { follow: false });
        expect(down.status).toBe(503);
        expect(down.text()).toContain('Your server appears to be down.');
        expect([202, 204]).toContain((await stack.api(`/users/${name}/server`, { method: 'DELETE' })).status);
        await until(`${name}'s server is stopped`, 30_000, async () =>
          Object.keys((await stack.api(`/users/${name}`)).json().servers ?? {}).length === 0 ? true : undefined,
        );
        expect((await stack.api(`/users/${name}`, { method: 'DELETE' })).status).toBe(204);
      });

      const cullerRuns = (() => {
        try {
          return hubPythonHas('jupyterhub_idle_culler');
        } catch {
          return false;
        }
      })();
      (cullerService ? test : test.skip)(
        cullerRuns
          ? 'the idle culler is registered with its own role, and its process runs'
          : 'the idle culler is registered with its own role (Debian has no jupyterhub-idle-culler: the hub starts it, it exits on the missing module)',
        async () => {
          const names = (await stack.api('/services')).json();
          expect(Object.keys(names)).toEqual(expect.arrayContaining([cullerName, HARNESS_SERVICE]));
          const svc = (await stack.api(`/services/${cullerName}`)).json();
          const roles = /^c\.JupyterHub\.load_roles = (\[.*\])$/m.exec(config);
          const role = (roles ? (JSON.parse(roles[1]) as any[]) : []).find((r) =>
            (r.services ?? []).includes(cullerName),
          );
          expect(role).toBeDefined();
          expect(svc).toMatchObject({
            name: cullerName,
            kind: 'service',
            admin: false,
            roles: [role.name],
            command: cullerService.command,
          });
          // The culler's --url is the hub API it will call (from inside the hub container): it answers.
          const url = (cullerService.command as string[]).find((a) => a.startsWith('--url='))!.slice('--url='.length);
          const viaCullerUrl = await fetchWithToken(url, stack.serviceToken);
          expect(viaCullerUrl.status).toBe(200);
          expect(stack.hub?.output).toContain(`Starting service '${cullerName}'`);
          if (cullerRuns) {
            expect(alive(svc.pid)).toBe(true);
            expect(fs.readFileSync(`/proc/${svc.pid}/cmdline`, 'utf8')).toContain('jupyterhub_idle_culler');
          } else {
            await stack.hub?.waitForOutput(/No module named jupyterhub_idle_culler/, 10_000);
          }
        },
      );

      test(`stops: user servers through the API, then the hub, CHP${chart.nginx ? ' and nginx' : ''} by PID; nothing is left running`, async () => {
        if (user) await stack.recordServerPids();
        const report = await stack.stop();
        const steps = report.steps.map((s) => s.replace(/ -> \d+$/, '').replace(/: exit .*$/, ''));
        const order = [
          'user servers stopped through the API',
          'jupyterhub stopped (SIGTERM)',
          'configurable-http-proxy stopped (SIGTERM)',
          ...(chart.nginx ? ['nginx stopped (SIGQUIT)'] : []),
        ];
        expect(steps.filter((s) => order.includes(s))).toEqual(order);
        expect(steps.indexOf(`DELETE /users/${admin}/server`)).toBeGreaterThanOrEqual(0);
        expect(steps.indexOf(`DELETE /users/${admin}/server`)).toBeLessThan(
          steps.indexOf('jupyterhub stopped (SIGTERM)'),
        );
        expect(report.steps.filter((s) => s.includes('SIGKILL'))).toEqual([]);
        expect(stack.serverPids.size).toBeGreaterThanOrEqual(1);
        expect({ strays: report.strays, liveServerPids: report.liveServerPids }).toEqual({
          strays: [],
          liveServerPids: [],
        });
        // The whole run, user servers included, logged no unexpected "not recognized" warning.
        assertNoUnexpectedConfigWarnings(stack.hub?.output ?? '');
        expect(stack.hub?.output).toContain('Received signal SIGTERM');
      });
    });

    describe('failure cases', () => {
      const withStack = async (s: Stack, body: (s: Stack) => Promise<void>) => {
        try {
          await s.assertPortsFree();
          await body(s);
        } finally {
          const r = await s.stop();
          expect(r.strays).toEqual([]);
        }
      };

      test("(a) a proxy token that differs from CHP's: the proxy API answers 403 and the hub exits 1", async () => {
        const wrong = crypto.randomBytes(32).toString('hex');
        await withStack(
          new Stack(chart, {
            hubEnv: (env) => {
              env.CONFIGPROXY_AUTH_TOKEN = wrong;
            },
          }),
          async (s) => {
            await s.startChp();
            const hub = s.startHub();
            const exit = await hub.waitExit(30_000);
            expect(exit.code).toBe(1);
            expect(hub.output).toContain('api_request to proxy failed: HTTP 403: Forbidden');
            expect(s.chp?.output).toMatch(/403 GET \/api\/routes/);
          },
        );
      });

      test('(b) a cookie secret file others can read (0644) is refused with exit 1; the same file at 0640 is accepted', async () => {
        const file = 'e2e_cookie_secret';
        await withStack(
          new Stack(chart, {
            hubEnv: (env) => {
              delete env.JPY_COOKIE_SECRET;
            },
            extraOverride: [
              `c.JupyterHub.cookie_secret_file = "${file}"  # failure case (b): relative to the hub's working directory`,
            ],
          }),
          async (s) => {
            const secretPath = s.file(file, crypto.randomBytes(32).toString('hex') + '\n', 0o644);
            await s.startChp();
            const refused = s.startHub();
            expect((await refused.waitExit(30_000)).code).toBe(1);
            expect(refused.output).toContain('cookie_secret_file can be read or written by anybody');
            // Group-readable is fine (0600 a fortiori): only "others" bits make the hub refuse it.
            fs.chmodSync(secretPath, 0o640);
            const accepted = s.startHub();
            await s.waitHubReady();
            expect(accepted.output).toContain(`Loading cookie_secret from ${secretPath}`);
            expect(accepted.output).not.toContain('cookie_secret_file can be read or written by anybody');
            expect((await accepted.stop('SIGTERM')).killed).toBe(false);
          },
        );
      });

      test('(c) a config typo (c.JupyterHub.concurent_spawn_limit) only warns in the hub, and the harness fails on it', async () => {
        await withStack(
          new Stack(chart, { appendToGeneratedConfig: '\nc.JupyterHub.concurent_spawn_limit = 1\n' }),
          async (s) => {
            await s.startChp();
            const hub = s.startHub();
            await s.waitHubReady();
            await hub.stop('SIGTERM');
            expect(TARGET_TRAITS.classes.JupyterHub).not.toHaveProperty('concurent_spawn_limit');
            const unexpected = configWarnings(hub.output).filter((w) => !isVersionSkew(w));
            expect(unexpected.map((w) => `${w.cls}.${w.option}`)).toEqual(['JupyterHub.concurent_spawn_limit']);
            expect(() => assertNoUnexpectedConfigWarnings(hub.output)).toThrow(/JupyterHub\.concurent_spawn_limit/);
          },
        );
      });
    });
  },
);

/** GET, expecting 200 JSON; returns the JSON. */
async function request200Json(url: string): Promise<any> {
  const r = await new Browser(new URL(url).origin).fetch(url);
  if (r.status !== 200 || !isJson(r))
    throw new Error(`${url}: ${r.status} ${r.headers['content-type']} (after ${r.chain.join(' -> ')})`);
  return r.json();
}

/** GET with a hub API token. */
function fetchWithToken(url: string, token: string): Promise<Resp> {
  return new Browser(new URL(url).origin).fetch(url, { headers: { Authorization: `token ${token}` } });
}
