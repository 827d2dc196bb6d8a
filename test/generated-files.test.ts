/**
 * The generated files are real programs: jupyterhub_config.py and secret_init.py compile with
 * python3, every trait the config sets exists in JupyterHub 5.5 / KubeSpawner 7.0, and
 * secret_init.py really creates the Secret once and keeps it afterwards.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, Hub, HubDatabase, Proxy, SingleUserStorage } from '../lib';
import { anyLogin, chart, find, seedCharts, synth } from './util';
import { withFakeKubeApi } from './fake-kube-api';

const TRAITS: { classes: { [cls: string]: { [trait: string]: { deprecated: boolean } } } } = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'jupyterhub-5.5-kubespawner-7.0-traits.json'), 'utf8'),
);
/** The pinned hub image's authenticator classes (k8s-hub 4.4.0: e.g. JupyterHub 5's SharedPasswordAuthenticator, the demo charts' login). */
const IMAGE_TRAITS: typeof TRAITS = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'traits-k8s-hub-4.4.0.json'), 'utf8'),
);

/** Every `c.Class.trait = ...` the file sets. */
function traitsSet(config: string): { cls: string; trait: string }[] {
  return [...config.matchAll(/^c\.(\w+)\.(\w+)\s*=/gm)].map((m) => ({ cls: m[1], trait: m[2] }));
}

function compiles(source: string, name: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'py-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  execFileSync('python3', ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', file]);
}

/** A hub with every prop that changes the config set to a non-default value. */
function everythingConfig(): string {
  const c = chart();
  const hub = new Hub(c, 'hub', {
    namePrefix: 'all-',
    release: 'all',
    authenticator: Authenticator.dummy({
      adminUsers: ['ada', 'grace'],
      allowedUsers: ['linus'],
      allowAll: false,
      allowOpenNetwork: true,
    }),
    baseUrl: '/jupyter/',
    concurrentSpawnLimit: 10,
    database: HubDatabase.external({
      url: 'postgresql://hub@db.example.org:5433/hub',
      password: { secret: kplus.Secret.fromSecretName(c, 'db', 'db-pw'), key: 'pw' },
    }),
    idleCuller: {
      timeout: Duration.hours(2),
      every: Duration.minutes(5),
      cullUsers: true,
      concurrency: 3,
      maxAge: Duration.days(1),
    },
    singleUser: {
      image: 'quay.io/jupyter/scipy-notebook:2025-10-20',
      cmd: ['jupyterhub-singleuser', '--debug'],
      defaultUrl: '/lab',
      uid: 1001,
      fsGid: 101,
      memoryGuarantee: Size.mebibytes(512),
      memoryLimit: Size.gibibytes(2),
      cpuGuarantee: kplus.Cpu.millis(500),
      cpuLimit: kplus.Cpu.units(2),
      startTimeout: Duration.minutes(10),
      storage: SingleUserStorage.dynamic({
        capacity: Size.gibibytes(5),
        storageClassName: 'fast',
        homeMountPath: '/home/user',
      }),
      nodeSelector: { 'hub.jupyter.org/node-purpose': 'user' },
      extraEnv: { EDITOR: 'vim' },
    },
    extraConfig: 'c.JupyterHub.shutdown_on_logout = True',
  });
  hub.addIntegration(new Proxy(c, 'proxy'));
  synth(c);
  return hub.config;
}

describe('jupyterhub_config.py', () => {
  const configs: [string, string][] = [
    ['the minikube chart', find(seedCharts().minikube, 'ConfigMap', 'hub-config').data['jupyterhub_config.py']],
    ['the jeg-lab chart', find(seedCharts()['jeg-lab'], 'ConfigMap', 'hub-config').data['jupyterhub_config.py']],
    ['a hub with every prop set', everythingConfig()],
  ];

  test.each(configs)('compiles with python3 (%s)', (_name, config) => {
    expect(() => compiles(config, 'jupyterhub_config.py')).not.toThrow();
  });

  test.each(configs)(
    'sets only traits that exist, undeprecated, in JupyterHub 5.5 / KubeSpawner 7.0 (%s)',
    (_name, config) => {
      const set = traitsSet(config);
      expect(set.length).toBeGreaterThan(25);
      const problems = set
        .map(({ cls, trait }) => {
          const t = TRAITS.classes[cls]?.[trait] ?? IMAGE_TRAITS.classes[cls]?.[trait];
          if (!t) return `c.${cls}.${trait} does not exist`;
          if (t.deprecated) return `c.${cls}.${trait} is deprecated`;
          return undefined;
        })
        .filter(Boolean);
      expect(problems).toEqual([]);
    },
  );

  test('the trait check catches a typo', () => {
    const bad = traitsSet('c.KubeSpawner.mem_limt = 1\nc.JupyterHub.admin_access = True\n');
    expect(bad.map(({ cls, trait }) => TRAITS.classes[cls]?.[trait]?.deprecated)).toEqual([undefined, true]);
  });

  test('imports nothing but os (a test can swap the spawner without KubeSpawner installed)', () => {
    for (const [, config] of configs) {
      expect(config.split('\n').filter((l) => /^\s*(import|from)\s/.test(l))).toEqual(['import os']);
    }
  });

  test('renders the props as typed Python values', () => {
    const config = everythingConfig();
    const lines = [
      'c.JupyterHub.base_url = "/jupyter/"',
      'c.JupyterHub.hub_connect_url = "http://all-hub:8081"',
      'c.ConfigurableHTTPProxy.api_url = "http://all-proxy-api:8001"',
      'c.JupyterHub.concurrent_spawn_limit = 10',
      'c.JupyterHub.db_url = "postgresql://hub@db.example.org:5433/hub"',
      'c.Authenticator.admin_users = {"ada", "grace"}',
      'c.Authenticator.allowed_users = {"linus"}',
      'c.Authenticator.allow_all = False',
      'c.KubeSpawner.cmd = ["jupyterhub-singleuser", "--debug"]',
      'c.KubeSpawner.default_url = "/lab"',
      'c.KubeSpawner.uid = 1001',
      'c.KubeSpawner.fs_gid = 101',
      'c.KubeSpawner.mem_guarantee = 536870912',
      'c.KubeSpawner.mem_limit = 2147483648',
      'c.KubeSpawner.cpu_guarantee = 0.5',
      'c.KubeSpawner.cpu_limit = 2',
      'c.KubeSpawner.start_timeout = 600',
      'c.KubeSpawner.node_selector = {"hub.jupyter.org/node-purpose": "user"}',
      'c.KubeSpawner.environment = {"EDITOR": "vim"}',
      'c.KubeSpawner.storage_capacity = "5Gi"',
      'c.KubeSpawner.storage_class = "fast"',
      'c.KubeSpawner.volume_mounts = [{"name": "home", "mountPath": "/home/user"}]',
      // KubeSpawner's own default labels stay; the release is added.
      'c.KubeSpawner.common_labels = {"app.kubernetes.io/name": "jupyterhub", "app.kubernetes.io/managed-by": "kubespawner", "app": "jupyterhub", "heritage": "jupyterhub", "release": "all"}',
      'c.JupyterHub.services = [{"name": "jupyterhub-idle-culler", "command": ["python3", "-m", "jupyterhub_idle_culler", "--url=http://localhost:8081/jupyter/hub/api", "--timeout=7200", "--cull-every=300", "--concurrency=3", "--cull-users", "--max-age=86400"]}]',
      'c.JupyterHub.load_roles = [{"name": "jupyterhub-idle-culler", "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers", "admin:users"], "services": ["jupyterhub-idle-culler"]}]',
    ];
    for (const l of lines) expect(config.split('\n')).toContain(l);
    expect(config.trimEnd().endsWith('c.JupyterHub.shutdown_on_logout = True')).toBe(true);
  });

  test('strings are escaped, so a prop cannot inject Python', () => {
    const c = chart();
    const hub = new Hub(c, 'hub', {
      authenticator: anyLogin(),
      singleUser: { extraEnv: { X: '"\nimport os; os.system("rm -rf /")  # \\' } },
    });
    hub.addIntegration(new Proxy(c, 'proxy'));
    const line = hub.config.split('\n').find((l) => l.startsWith('c.KubeSpawner.environment'));
    expect(line).toBe('c.KubeSpawner.environment = {"X": "\\"\\nimport os; os.system(\\"rm -rf /\\")  # \\\\"}');
    expect(() => compiles(hub.config, 'c.py')).not.toThrow();
  });

  test('no users, no culler, no storage: the config says so', () => {
    const c = chart();
    const hub = new Hub(c, 'hub', {
      authenticator: Authenticator.dummy({ adminUsers: [], allowOpenNetwork: true }),
      adminAccess: false,
      idleCuller: { enabled: false },
      database: HubDatabase.sqliteMemory(),
      singleUser: { storage: SingleUserStorage.none() },
    });
    hub.addIntegration(new Proxy(c, 'proxy'));
    expect(hub.config).toContain('c.JupyterHub.authenticator_class = "dummy"');
    expect(hub.config).toContain('c.Authenticator.admin_users = set()');
    expect(hub.config).toContain('c.JupyterHub.db_url = "sqlite://"');
    expect(hub.config).toContain('c.KubeSpawner.storage_pvc_ensure = False');
    expect(hub.config).not.toContain('jupyterhub_idle_culler');
    expect(hub.config).not.toContain('c.KubeSpawner.volumes');
  });
});

describe('secret_init.py (creates the hub Secret once, in the cluster)', () => {
  const script = find(seedCharts().minikube, 'ConfigMap', 'hub-config').data['secret_init.py'];

  test('compiles with python3', () => {
    expect(() => compiles(script, 'secret_init.py')).not.toThrow();
  });

  test('first run creates hub-secret with random hex values; later runs keep it (HTTP 409)', async () => {
    await withFakeKubeApi({}, async (env, state) => {
      const created = () => state().created;
      const file = path.join(os.tmpdir(), `secret_init_${process.pid}.py`);
      fs.writeFileSync(file, script);
      const first = spawnSync('python3', [file], { env, encoding: 'utf8' });
      expect(first.stdout).toContain('created Secret lab/hub-secret');
      expect(first.status).toBe(0);
      const [secret] = created();
      expect(secret.metadata).toEqual({
        name: 'hub-secret',
        labels: { app: 'jupyterhub', component: 'hub', release: 'jupyterhub' },
      });
      expect(Object.keys(secret.stringData)).toEqual(['proxy.token', 'hub.cookie-secret']);
      for (const v of Object.values(secret.stringData)) expect(v).toMatch(/^[0-9a-f]{64}$/);
      expect(secret.stringData['proxy.token']).not.toBe(secret.stringData['hub.cookie-secret']);

      const second = spawnSync('python3', [file], { env, encoding: 'utf8' });
      expect(second.stdout).toContain('exists; keeping it');
      expect(second.status).toBe(0);
      // hub-secret and the demo login's hub-login (its own test: test/charts/synthesize-demo-logins.test.ts).
      expect(created()).toHaveLength(2);

      const denied = spawnSync('python3', [file], {
        env: { ...env, SERVICEACCOUNT_DIR: path.join(os.tmpdir(), 'nope') },
        encoding: 'utf8',
      });
      expect(denied.status).not.toBe(0);
      fs.rmSync(file);
    });
  });
});

describe("secret_init.py mirroring the gateway token (the same value in the gateway's and the hub's namespace)", () => {
  const script = find(seedCharts()['jeg-lab'], 'ConfigMap', 'enterprise-gateway-token-init').data['secret_init.py'];

  const runScript = (env: NodeJS.ProcessEnv) => {
    const file = path.join(os.tmpdir(), `token_init_${process.pid}.py`);
    fs.writeFileSync(file, script);
    try {
      return spawnSync('python3', [file], { env, encoding: 'utf8' });
    } finally {
      fs.rmSync(file);
    }
  };
  const GW = 'enterprise-gateway/enterprise-gateway-token';
  const HUB = 'jupyterhub/enterprise-gateway-token';

  test('first start: one random token, created in both namespaces; the next start keeps both', async () => {
    await withFakeKubeApi({}, async (env, state) => {
      const store = () => state().store;
      const first = runScript(env);
      expect(first.status).toBe(0);
      const s = store();
      expect(Object.keys(s).sort()).toEqual([GW, HUB]);
      expect(s[GW].token).toMatch(/^[0-9a-f]{64}$/);
      expect(s[HUB]).toEqual(s[GW]);
      const second = runScript(env);
      expect(second.status).toBe(0);
      expect(second.stdout).toContain('exists; keeping it');
      expect(store()).toEqual(s);
    });
  });

  test('a copy that is missing (a new hub namespace, or one deleted) is created with the existing value, not a new one', async () => {
    await withFakeKubeApi({ [GW]: { token: 'a'.repeat(64) } }, async (env, state) => {
      const store = () => state().store;
      expect(runScript(env).status).toBe(0);
      expect(store()[HUB]).toEqual({ token: 'a'.repeat(64) });
    });
  });

  test('copies that disagree are never overwritten: the init container fails and says how to recover', async () => {
    await withFakeKubeApi({ [GW]: { token: 'a'.repeat(64) }, [HUB]: { token: 'b'.repeat(64) } }, async (env, state) => {
      const store = () => state().store;
      const r = runScript(env);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('differ or lack keys: delete them all to generate new ones');
      expect(store()[HUB]).toEqual({ token: 'b'.repeat(64) });
    });
  });
});
