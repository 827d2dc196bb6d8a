/**
 * End to end: the gateway front (lib/kernels/gateway-front-script.ts) between users and a stand-in
 * Enterprise Gateway, with Debian's JupyterHub identifying the users' tokens. What the stand-in
 * reproduces of the gateway, with file and line at v3.3.0, is written at the top of
 * `gateway-front/stand_in_gateway.py`; it also serves the Kubernetes API's pod list the front reads
 * kernel owners from.
 *
 * `kubespawner` is not packaged by Debian: the front's `kubespawner.slugs` is here a table of
 * vectors recorded by running KubeSpawner 7.0.0's `safe_slug(name, max_length=48)`
 * (`kubespawner/slugs.py` at the tag: `safe_slug` 158-177, `strip_and_hash` 140-155 with its
 * 8-character sha256 suffix, `_extract_safe_name` 113-137), which `_expand_user_properties`
 * calls for `{username}` in the 'safe' scheme (`kubespawner/spawner.py` 2028, 2036, 2064-2065).
 *
 * It binds fixed ports: it runs only in a network namespace of its own (it skips elsewhere):
 *   unshare -n bash -c 'ip link set lo up; npx jest test/e2e/gateway-front'
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

/**
 * KubeSpawner 7.0.0 `safe_slug(name, max_length=48)`, recorded by running `kubespawner/slugs.py`
 * at the tag: a valid name stays (slugs.py 174-175); a '--', a capital, a dot or '@', or a leading
 * digit gets the safe name plus '---' and a hash (slugs.py 170-172, 176-177, 128-136, 150-155).
 */
const SAFE_SLUG_48: { [name: string]: string } = {
  alice: 'alice',
  bob: 'bob',
  carol: 'carol',
  'dave.smith': 'dave-smith---65d16057',
  Alice: 'alice---3bc51062',
  'alice@example.org': 'alice-example-org---7a64adf2',
  'a--b': 'a-b---90827a2e',
  '1user': 'x-1user---b5732d84',
};

const PORTS = { proxy: 18000, proxyApi: 18001, hub: 18081, front: 18890, gateway: 18888, kube: 18443 };
const HOME = '/home/nfs_share/claim';
const FRONT = `http://127.0.0.1:${PORTS.front}`;

const net = privateNetwork();
const skipReason = !net.isolated
  ? `gateway front e2e skipped: it binds fixed ports and runs only in a network namespace of its own (this one has ${net.interfaces.join(', ')}): unshare -n bash -c 'ip link set lo up; npx jest test/e2e/gateway-front'`
  : undefined;
if (skipReason) console.warn(skipReason);

class Run {
  public readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-front-e2e-'));
  public readonly gatewayToken = crypto.randomBytes(24).toString('hex');
  public readonly frontToken = crypto.randomBytes(24).toString('hex');
  public readonly harnessToken = crypto.randomBytes(24).toString('hex');
  public readonly procs: Proc[] = [];
  public front?: Proc;
  public tokens: { [user: string]: string } = {};

  public start(name: string, cmd: string, args: string[], env: { [k: string]: string } = {}): Proc {
    const p = new Proc(name, cmd, args, {
      cwd: this.dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.dir, ...env },
      logFile: path.join(this.dir, `${name}.log`),
    });
    this.procs.push(p);
    return p;
  }

  public writeFiles(): void {
    fs.writeFileSync(path.join(this.dir, 'gateway_front.py'), gatewayFrontScript());
    fs.mkdirSync(path.join(this.dir, 'pylib', 'kubespawner'), { recursive: true });
    fs.writeFileSync(path.join(this.dir, 'pylib', 'kubespawner', '__init__.py'), '');
    fs.writeFileSync(
      path.join(this.dir, 'pylib', 'kubespawner', 'slugs.py'),
      [
        '# Vectors recorded from KubeSpawner 7.0.0 safe_slug (test/e2e/gateway-front.test.ts).',
        `VECTORS = ${JSON.stringify(SAFE_SLUG_48)}`,
        'def safe_slug(name, is_valid=None, max_length=None):',
        '    assert max_length == 48, max_length',
        '    return VECTORS[name]',
        '',
      ].join('\n'),
    );
    const chp = chpBin();
    fs.writeFileSync(
      path.join(this.dir, 'jupyterhub_config.py'),
      [
        `c.JupyterHub.bind_url = "http://127.0.0.1:${PORTS.proxy}"`,
        `c.JupyterHub.hub_bind_url = "http://127.0.0.1:${PORTS.hub}"`,
        `c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:${PORTS.proxyApi}"`,
        `c.ConfigurableHTTPProxy.command = [${JSON.stringify(process.execPath)}, ${JSON.stringify(chp.script)}]`,
        `c.ConfigurableHTTPProxy.auth_token = "${crypto.randomBytes(16).toString('hex')}"`,
        `c.JupyterHub.cookie_secret = bytes.fromhex("${crypto.randomBytes(32).toString('hex')}")`,
        `c.JupyterHub.db_url = "sqlite:///${this.dir}/hub.sqlite"`,
        'c.JupyterHub.authenticator_class = "dummy"',
        'c.Authenticator.allowed_users = {"alice", "bob", "carol", "dave.smith"}',
        // Bob is a hub admin, Carol is not: the front's admins are its prop's (FRONT_ADMIN_USERS).
        'c.Authenticator.admin_users = {"bob"}',
        // The front is a service of the hub: its token only identifies tokens.
        `c.JupyterHub.services = [{"name": "gateway-front", "api_token": "${this.frontToken}"}, {"name": "harness", "api_token": "${this.harnessToken}"}]`,
        'c.JupyterHub.load_roles = [{"name": "harness", "scopes": ["admin:users", "tokens"], "services": ["harness"]}]',
        '',
      ].join('\n'),
    );
  }

  public async startAll(): Promise<void> {
    this.writeFiles();
    const py = hubPython();
    const gateway = this.start('gateway', py, [
      path.join(__dirname, 'gateway-front', 'stand_in_gateway.py'),
      this.gatewayToken,
      String(PORTS.gateway),
      String(PORTS.kube),
    ]);
    const hub = this.start('hub', jupyterhubBin(), ['--config', path.join(this.dir, 'jupyterhub_config.py')]);
    await waitHttp(`http://127.0.0.1:${PORTS.hub}/hub/api`, hub, 60_000);
    await this.waitGateway(gateway);
    for (const user of ['alice', 'bob', 'carol', 'dave.smith']) this.tokens[user] = await this.userToken(user);
    await this.startFront();
  }

  /** (Re)starts the front, as its Deployment would run it. */
  public async startFront(): Promise<void> {
    this.front = this.start('front', hubPython(), [path.join(this.dir, 'gateway_front.py')], {
      PYTHONPATH: path.join(this.dir, 'pylib'),
      JUPYTERHUB_API_TOKEN: this.frontToken,
      JUPYTERHUB_API_URL: `http://127.0.0.1:${PORTS.hub}/hub/api`,
      FRONT_GATEWAY_URL: `http://127.0.0.1:${PORTS.gateway}`,
      FRONT_GATEWAY_TOKEN: this.gatewayToken,
      FRONT_ADMIN_USERS: JSON.stringify(['carol']),
      FRONT_HOME_NFS_PATH_TEMPLATE: `${HOME}/{username}`,
      FRONT_CLIENT_KERNEL_ENV: JSON.stringify(CLIENT_KERNEL_ENV),
      FRONT_KERNEL_NAMESPACE: 'kernels',
      FRONT_KUBE_API_URL: `http://127.0.0.1:${PORTS.kube}`,
      FRONT_PORT: String(PORTS.front),
      FRONT_BIND: '127.0.0.1',
    });
    await this.front.waitForOutput(/gateway front for/, 30_000);
  }

  private async waitGateway(gateway: Proc): Promise<void> {
    await waitHttp(`http://127.0.0.1:${PORTS.gateway}/_recorded`, gateway, 30_000);
  }

  private async userToken(user: string): Promise<string> {
    const r = await request(`http://127.0.0.1:${PORTS.hub}/hub/api/users/${encodeURIComponent(user)}/tokens`, {
      method: 'POST',
      headers: { Authorization: `token ${this.harnessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ note: 'as a server token' }),
    });
    if (r.status !== 201 && r.status !== 200) throw new Error(`token for ${user}: ${r.status} ${r.text()}`);
    return r.json().token;
  }

  public async stop(): Promise<void> {
    for (const p of this.procs.reverse()) await p.stop();
    if (!process.env.E2E_KEEP) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  public tails(): string {
    return this.procs.map((p) => p.tail(20)).join('\n');
  }
}

const run = new Run();

function as(user: string | undefined, method: string, p: string, body?: unknown): Promise<Resp> {
  const headers: { [k: string]: string } = { 'Content-Type': 'application/json' };
  if (user) headers.Authorization = `token ${run.tokens[user] ?? user}`;
  return request(`${FRONT}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function recorded(): Promise<{ requests: unknown[]; kernels: { [id: string]: { [k: string]: string } } }> {
  return (await request(`http://127.0.0.1:${PORTS.gateway}/_recorded`)).json();
}

async function startKernel(user: string, env: { [k: string]: string } = {}): Promise<string> {
  const r = await as(user, 'POST', '/api/kernels', { name: 'python3', env });
  if (r.status !== 201) throw new Error(`${user} could not start a kernel: ${r.status} ${r.text()}\n${run.tails()}`);
  return r.json().id;
}

(skipReason ? describe.skip : describe)('the gateway front, with a real hub and a stand-in gateway', () => {
  beforeAll(async () => {
    await run.startAll();
  }, 120_000);
  afterAll(async () => {
    await run.stop();
  }, 60_000);

  describe('who may call', () => {
    test('no token, a token the hub does not know, and the gateway token itself are refused (401)', async () => {
      expect((await as(undefined, 'GET', '/api/kernels')).status).toBe(401);
      expect((await as('not-a-token', 'GET', '/api/kernels')).status).toBe(401);
      expect((await as(run.gatewayToken, 'GET', '/api/kernels')).status).toBe(401);
      expect((await as(undefined, 'POST', '/api/kernels', { env: {} })).status).toBe(401);
    });

    test('a user token reads the kernel specs', async () => {
      const r = await as('alice', 'GET', '/api/kernelspecs');
      expect(r.status).toBe(200);
      expect(r.json().default).toBe('python3');
    });

    test('methods and paths the front does not list are refused, never passed on', async () => {
      const before = (await recorded()).requests.length;
      expect((await as('alice', 'GET', '/api/contents')).status).toBe(403);
      expect((await as('alice', 'GET', '/api/config/x')).status).toBe(403);
      expect((await as('alice', 'PUT', '/api/kernels', {})).status).toBe(405);
      expect((await as('alice', 'PATCH', '/api/kernelspecs', {})).status).toBe(405);
      expect((await recorded()).requests.length).toBe(before);
    });
  });

  describe('what a kernel start says about who starts it', () => {
    test('KERNEL_USERNAME and the home path are the verified user, whatever the request says', async () => {
      const id = await startKernel('alice', {
        KERNEL_USERNAME: 'bob',
        KERNEL_HOME_NFS_PATH: `${HOME}/bob`,
        KERNEL_NAMESPACE: 'kube-system',
        KERNEL_POD_NAME: 'bob-kernel',
        KERNEL_ID: '00000000-0000-0000-0000-000000000000',
        KERNEL_IMAGE: 'evil/image',
        KERNEL_VOLUMES: '[{"name":"x","hostPath":{"path":"/"}}]',
        KERNEL_VOLUME_MOUNTS: '[{"name":"x","mountPath":"/host"}]',
        KERNEL_SERVICE_ACCOUNT_NAME: 'gateway',
        KERNEL_UID: '0',
        EG_ANYTHING: 'x',
        KERNEL_WORKING_DIR: '/home/jovyan/work',
        KERNEL_LAUNCH_TIMEOUT: '300',
      });
      expect((await recorded()).kernels[id]).toEqual({
        KERNEL_USERNAME: 'alice',
        KERNEL_HOME_NFS_PATH: `${HOME}/alice`,
        KERNEL_WORKING_DIR: '/home/jovyan/work',
        KERNEL_LAUNCH_TIMEOUT: '300',
      });
    });

    test('a user name is escaped exactly as KubeSpawner escapes {username} for the same user', async () => {
      const id = await startKernel('dave.smith');
      expect((await recorded()).kernels[id]).toEqual({
        KERNEL_USERNAME: 'dave-smith---65d16057',
        KERNEL_HOME_NFS_PATH: `${HOME}/dave-smith---65d16057`,
      });
    });

    test('a session start is refused and never reaches the gateway (at 3.3.0 it would run the kernel as the gateway user with no home, or hand out the session another user made for the same path)', async () => {
      const alices = await startKernel('alice');
      const before = (await recorded()).requests.length;
      for (const body of [
        { path: 'a.ipynb', type: 'notebook', kernel: { name: 'python3', env: { KERNEL_USERNAME: 'bob' } } },
        { path: 'b.ipynb', type: 'notebook', kernel: { id: alices } },
        { path: 'c.ipynb', type: 'notebook' },
      ])
        expect((await as('bob', 'POST', '/api/sessions', body)).status).toBe(403);
      expect((await as(undefined, 'POST', '/api/sessions', { path: 'd.ipynb', type: 'notebook' })).status).toBe(401);
      expect((await recorded()).requests.length).toBe(before);
    });

    test("the gateway's sessions are listed and reached by their kernel's owner only", async () => {
      const bobs = await startKernel('bob');
      const s = (
        await request(`http://127.0.0.1:${PORTS.gateway}/_sessions`, {
          method: 'POST',
          body: JSON.stringify({ path: 'x.ipynb', kernel_id: bobs }),
        })
      ).json();
      const ids = async (u: string) =>
        ((await as(u, 'GET', '/api/sessions')).json() as { id: string }[]).map((x) => x.id);
      expect(await ids('bob')).toContain(s.id);
      expect(await ids('alice')).not.toContain(s.id);
      expect(await ids('carol')).toContain(s.id);
      expect((await as('alice', 'GET', `/api/sessions/${s.id}`)).status).toBe(404);
      expect((await as('alice', 'DELETE', `/api/sessions/${s.id}`)).status).toBe(404);
      expect((await as('bob', 'GET', `/api/sessions/${s.id}`)).status).toBe(200);
    });
  });

  describe('whose kernels a user reaches', () => {
    test.each([
      ['GET', ''],
      ['POST', '/interrupt'],
      ['POST', '/restart'],
      ['DELETE', ''],
    ])('%s /api/kernels/<id>%s: Bob on Alice kernel is 404, Alice on her own is not', async (method, suffix) => {
      const id = await startKernel('alice');
      expect((await as('bob', method, `/api/kernels/${id}${suffix}`, method === 'POST' ? {} : undefined)).status).toBe(
        404,
      );
      expect((await as(undefined, method, `/api/kernels/${id}${suffix}`)).status).toBe(401);
      const own = await as('alice', method, `/api/kernels/${id}${suffix}`, method === 'POST' ? {} : undefined);
      expect(own.status).toBe(method === 'DELETE' ? 204 : 200);
    });

    test("the kernel list is filtered per user (Bob's hub admin flag counts for nothing); the admin of the prop sees every kernel", async () => {
      const a = await startKernel('alice');
      const b = await startKernel('bob');
      const ids = async (u: string) =>
        ((await as(u, 'GET', '/api/kernels')).json() as { id: string }[]).map((k) => k.id);
      expect(await ids('alice')).toContain(a);
      expect(await ids('alice')).not.toContain(b);
      expect(await ids('bob')).toContain(b);
      expect(await ids('bob')).not.toContain(a);
      expect(await ids('carol')).toEqual(expect.arrayContaining([a, b]));
      expect((await as('carol', 'POST', `/api/kernels/${a}/interrupt`, {})).status).toBe(200);
      expect((await as('bob', 'POST', `/api/kernels/${a}/interrupt`, {})).status).toBe(404);
    });

    test('the admin starts kernels as themself, not as anyone else', async () => {
      const id = await startKernel('carol', { KERNEL_USERNAME: 'alice' });
      expect((await recorded()).kernels[id].KERNEL_USERNAME).toBe('carol');
    });

    test('ownership survives a restart of the front (read back from the kernel pods labels)', async () => {
      const a = await startKernel('alice');
      const b = await startKernel('bob');
      await run.front!.stop();
      await run.startFront();
      expect((await as('bob', 'GET', `/api/kernels/${a}`)).status).toBe(404);
      expect((await as('alice', 'GET', `/api/kernels/${a}`)).status).toBe(200);
      const ids = ((await as('alice', 'GET', '/api/kernels')).json() as { id: string }[]).map((k) => k.id);
      expect(ids).toContain(a);
      expect(ids).not.toContain(b);
    }, 60_000);
  });

  describe('a kernel websocket through the front', () => {
    function connect(user: string | undefined, id: string): Promise<{ ws: any; status?: number }> {
      return new Promise((resolve) => {
        const headers = user ? { Authorization: `token ${run.tokens[user]}` } : {};
        const ws = new WebSocket(`ws://127.0.0.1:${PORTS.front}/api/kernels/${id}/channels?session_id=s1`, {
          headers,
        });
        ws.once('open', () => resolve({ ws }));
        ws.once('unexpected-response', (_req: unknown, res: { statusCode: number }) =>
          resolve({ ws, status: res.statusCode }),
        );
        ws.once('error', () => resolve({ ws, status: -1 }));
      });
    }

    test('the owner talks to the kernel both ways; another user and no token are refused', async () => {
      const id = await startKernel('alice');
      const { ws, status } = await connect('alice', id);
      expect(status).toBeUndefined();
      const reply = new Promise<string>((resolve) => ws.once('message', (m: Buffer) => resolve(m.toString())));
      ws.send(JSON.stringify({ channel: 'shell', header: { msg_type: 'kernel_info_request' } }));
      expect(JSON.parse(await reply)).toEqual({
        echo: JSON.stringify({ channel: 'shell', header: { msg_type: 'kernel_info_request' } }),
        kernel: id,
      });
      ws.close();
      expect((await connect('bob', id)).status).toBe(404);
      expect((await connect(undefined, id)).status).toBe(401);
    });
  });
});
