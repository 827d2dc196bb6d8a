/**
 * End to end: the gateway front served below an Ingress path (`EnterpriseGatewayProps.ingress.path`,
 * here `/eg`), with Debian's JupyterHub identifying the users' tokens and the stand-in gateway of
 * `gateway-front/stand_in_gateway.py`. A client whose gateway URL is `http://<front>/eg` asks for
 * `/eg/api/...`; the front asks the gateway for `/api/...` and answers nothing outside `/eg`.
 * What the front does with identities is `gateway-front.test.ts`'s; here only the path.
 *
 * It binds fixed ports: it runs only in a network namespace of its own (it skips elsewhere):
 *   unshare -n bash -c 'ip link set lo up; npx jest test/e2e/gateway-front-base-path'
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLIENT_KERNEL_ENV, gatewayFrontScript } from '../../lib/kernels/gateway-front-script';
import { privateNetwork } from './acme-harness';
import { chpBin, hubPython, jupyterhubBin, Proc, request, Resp, waitHttp } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const WebSocket = require('ws');

const PORTS = { proxy: 18000, proxyApi: 18001, hub: 18081, front: 18890, gateway: 18888, kube: 18443 };
const BASE = '/eg';
const FRONT = `http://127.0.0.1:${PORTS.front}`;

const net = privateNetwork();
const skipReason = !net.isolated
  ? `gateway front base path e2e skipped: it binds fixed ports and runs only in a network namespace of its own (this one has ${net.interfaces.join(', ')}): unshare -n bash -c 'ip link set lo up; npx jest test/e2e/gateway-front-base-path'`
  : undefined;
if (skipReason) console.warn(skipReason);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-front-base-'));
const gatewayToken = crypto.randomBytes(24).toString('hex');
const frontToken = crypto.randomBytes(24).toString('hex');
const harnessToken = crypto.randomBytes(24).toString('hex');
const procs: Proc[] = [];
let aliceToken = '';

function start(name: string, cmd: string, args: string[], env: { [k: string]: string } = {}): Proc {
  const p = new Proc(name, cmd, args, {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ...env },
    logFile: path.join(dir, `${name}.log`),
  });
  procs.push(p);
  return p;
}

function writeFiles(): void {
  fs.writeFileSync(path.join(dir, 'gateway_front.py'), gatewayFrontScript(BASE));
  fs.mkdirSync(path.join(dir, 'pylib', 'kubespawner'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'pylib', 'kubespawner', '__init__.py'), '');
  // Only 'alice' logs in here: KubeSpawner 7.0.0's safe_slug keeps a valid name (slugs.py 174-175).
  fs.writeFileSync(
    path.join(dir, 'pylib', 'kubespawner', 'slugs.py'),
    'def safe_slug(name, is_valid=None, max_length=None):\n    assert name == "alice", name\n    return name\n',
  );
  const chp = chpBin();
  fs.writeFileSync(
    path.join(dir, 'jupyterhub_config.py'),
    [
      `c.JupyterHub.bind_url = "http://127.0.0.1:${PORTS.proxy}"`,
      `c.JupyterHub.hub_bind_url = "http://127.0.0.1:${PORTS.hub}"`,
      `c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:${PORTS.proxyApi}"`,
      `c.ConfigurableHTTPProxy.command = [${JSON.stringify(process.execPath)}, ${JSON.stringify(chp.script)}]`,
      `c.ConfigurableHTTPProxy.auth_token = "${crypto.randomBytes(16).toString('hex')}"`,
      `c.JupyterHub.cookie_secret = bytes.fromhex("${crypto.randomBytes(32).toString('hex')}")`,
      `c.JupyterHub.db_url = "sqlite:///${dir}/hub.sqlite"`,
      'c.JupyterHub.authenticator_class = "dummy"',
      'c.Authenticator.allowed_users = {"alice"}',
      `c.JupyterHub.services = [{"name": "gateway-front", "api_token": "${frontToken}"}, {"name": "harness", "api_token": "${harnessToken}"}]`,
      'c.JupyterHub.load_roles = [{"name": "harness", "scopes": ["admin:users", "tokens"], "services": ["harness"]}]',
      '',
    ].join('\n'),
  );
}

async function startAll(): Promise<void> {
  writeFiles();
  const py = hubPython();
  const gateway = start('gateway', py, [
    path.join(__dirname, 'gateway-front', 'stand_in_gateway.py'),
    gatewayToken,
    String(PORTS.gateway),
    String(PORTS.kube),
  ]);
  const hub = start('hub', jupyterhubBin(), ['--config', path.join(dir, 'jupyterhub_config.py')]);
  await waitHttp(`http://127.0.0.1:${PORTS.hub}/hub/api`, hub, 60_000);
  await waitHttp(`http://127.0.0.1:${PORTS.gateway}/_recorded`, gateway, 30_000);
  const r = await request(`http://127.0.0.1:${PORTS.hub}/hub/api/users/alice/tokens`, {
    method: 'POST',
    headers: { Authorization: `token ${harnessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ note: 'as a remote client' }),
  });
  aliceToken = r.json().token;
  const front = start('front', py, [path.join(dir, 'gateway_front.py')], {
    PYTHONPATH: path.join(dir, 'pylib'),
    JUPYTERHUB_API_TOKEN: frontToken,
    JUPYTERHUB_API_URL: `http://127.0.0.1:${PORTS.hub}/hub/api`,
    FRONT_GATEWAY_URL: `http://127.0.0.1:${PORTS.gateway}`,
    FRONT_GATEWAY_TOKEN: gatewayToken,
    FRONT_ADMIN_USERS: '[]',
    FRONT_CLIENT_KERNEL_ENV: JSON.stringify(CLIENT_KERNEL_ENV),
    FRONT_KERNEL_NAMESPACE: 'kernels',
    FRONT_KUBE_API_URL: `http://127.0.0.1:${PORTS.kube}`,
    FRONT_PORT: String(PORTS.front),
    FRONT_BIND: '127.0.0.1',
  });
  await front.waitForOutput(/gateway front for/, 30_000);
}

function asAlice(method: string, p: string, body?: unknown): Promise<Resp> {
  return request(`${FRONT}${p}`, {
    method,
    headers: { Authorization: `token ${aliceToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

(skipReason ? describe.skip : describe)('the gateway front below an Ingress path', () => {
  beforeAll(async () => {
    await startAll();
  }, 120_000);
  afterAll(async () => {
    for (const p of procs.reverse()) await p.stop();
    if (!process.env.E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  test('the kernel specs and a kernel start are served below the path, and asked of the gateway without it', async () => {
    const specs = await asAlice('GET', `${BASE}/api/kernelspecs`);
    expect(specs.status).toBe(200);
    expect(specs.json().default).toBe('python3');
    const started = await asAlice('POST', `${BASE}/api/kernels`, { name: 'python3', env: {} });
    expect(started.status).toBe(201);
    const id = started.json().id;
    const listed = await asAlice('GET', `${BASE}/api/kernels`);
    expect(listed.json().map((k: { id: string }) => k.id)).toContain(id);
    expect((await asAlice('GET', `${BASE}/api/kernels/${id}`)).status).toBe(200);
    const asked = (await request(`http://127.0.0.1:${PORTS.gateway}/_recorded`)).json().requests;
    expect(asked.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/kernelspecs',
      'POST /api/kernels',
      'GET /api/kernels',
      `GET /api/kernels/${id}`,
    ]);
  });

  test("the kernel's channels (a websocket) below the path", async () => {
    const id = (await asAlice('POST', `${BASE}/api/kernels`, { name: 'python3', env: {} })).json().id;
    const ws = new WebSocket(`ws://127.0.0.1:${PORTS.front}${BASE}/api/kernels/${id}/channels`, {
      headers: { Authorization: `token ${aliceToken}` },
    });
    const opened = await new Promise<boolean>((resolve) => {
      ws.on('open', () => resolve(true));
      ws.on('error', () => resolve(false));
      ws.on('unexpected-response', () => resolve(false));
    });
    ws.close();
    expect(opened).toBe(true);
  });

  test('nothing outside the path is served, and nothing of it reaches the gateway', async () => {
    const recorded = async () => (await request(`http://127.0.0.1:${PORTS.gateway}/_recorded`)).json().requests.length;
    const before = await recorded();
    expect((await asAlice('GET', '/api/kernelspecs')).status).toBe(404);
    expect((await asAlice('GET', '/api/kernels')).status).toBe(404);
    // Below the path's text but not its segment: the front's refusal of every path it does not list.
    expect((await asAlice('GET', `${BASE}x/api/kernels`)).status).toBe(403);
    expect(await recorded()).toBe(before);
  });
});
