/**
 * Issue 20, item 1: the demo charts open no login to the network. minikube (NodePort 32020),
 * jeg-lab and gke (LoadBalancer) used the dummy authenticator with `admin_users = {"admin"}`:
 * anyone who found the address logged in as admin. They now use JupyterHub 5's shared-password
 * authenticator with a user password and a separate admin password, both generated in the cluster
 * by the hub's `secret-init` container (Secret `hub-login`), never in `dist/`.
 *
 * The login is checked at config level, as the cluster runs it: the chart's own `secret_init.py`
 * creates the Secret (against a fake Kubernetes API), the hub container's env is filled from it
 * as the kubelet would, Debian's JupyterHub loads the generated `jupyterhub_config.py` with that
 * env (`JupyterHub.load_config_file`, as the hub does at start), and JupyterHub 5.5.0's own
 * `SharedPasswordAuthenticator` (test/fixtures/jupyterhub-5.5.0: Debian's 3.0 has none) is built
 * from that config: its validators accept the passwords, and its `authenticate()` lets `admin` in
 * with the admin password only. Every trait the config sets exists, undeprecated, in the pinned hub
 * image (test/fixtures/traits-k8s-hub-4.4.0.json).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { GeneratedSharedPasswordAuthenticator } from '../../lib';
import { buildApp } from '../../main';
import { withFakeKubeApi } from '../fake-kube-api';
import { container, find, Obj } from '../util';
import { docSection } from '../doc-blocks';

const ROOT = path.join(__dirname, '..', '..');
const SHARED_PY = path.join(ROOT, 'test', 'fixtures', 'jupyterhub-5.5.0', 'jupyterhub', 'authenticators', 'shared.py');
const TRAITS: { classes: { [cls: string]: { [trait: string]: { deprecated: boolean } } } } = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'traits-k8s-hub-4.4.0.json'), 'utf8'),
);
/** Debian's Python, with Debian's JupyterHub (scripts/system-deps.sh installs it). */
const PYTHON = '/usr/bin/python3';

/** The demo charts, each with the page of docs/ that documents it. */
const DEMOS = [
  { id: 'minikube', section: 'docs/minikube.md' },
  { id: 'jeg-lab', section: 'docs/jeg-lab.md' },
  { id: 'gke', section: 'docs/gke.md' },
];

const app = buildApp(Testing.app().outdir);
const charts: { [id: string]: { objs: Obj[]; login: GeneratedSharedPasswordAuthenticator } } = {};
for (const c of app.charts) {
  const login = (c as unknown as { login?: unknown }).login;
  if (login instanceof GeneratedSharedPasswordAuthenticator)
    charts[c.node.id] = { objs: Testing.synth(c) as Obj[], login };
}

/** The text of a chart's page. */
function section(page: string): string {
  return docSection(ROOT, page);
}

/** Runs the config with Debian's JupyterHub and JupyterHub 5.5.0's SharedPasswordAuthenticator; tries each login. */
function loadAndLogIn(
  config: string,
  env: { [name: string]: string },
  logins: [string, string][],
): { config: { [cls: string]: { [trait: string]: unknown } }; logins: unknown[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-login-'));
  const file = path.join(dir, 'jupyterhub_config.py');
  fs.writeFileSync(file, config);
  const runner = `
import asyncio, importlib.util, json, sys, types
from jupyterhub.app import JupyterHub

# JupyterHub 5.5.0's module, where the config's authenticator_class names it (3.0 has none).
sys.modules["jupyterhub.authenticators"] = types.ModuleType("jupyterhub.authenticators")
spec = importlib.util.spec_from_file_location("jupyterhub.authenticators.shared", sys.argv[2])
shared = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = shared
spec.loader.exec_module(shared)
# KubeSpawner is not packaged by Debian: a stand-in class, so that loading the config (which
# imports spawner_class) runs; its traits are checked against the pinned image's below.
from jupyterhub.spawner import LocalProcessSpawner
sys.modules["kubespawner"] = types.ModuleType("kubespawner")
sys.modules["kubespawner"].KubeSpawner = type("KubeSpawner", (LocalProcessSpawner,), {})

app = JupyterHub()
app.load_config_file(sys.argv[1])
assert app.authenticator_class is shared.SharedPasswordAuthenticator, app.authenticator_class
auth = app.authenticator_class(config=app.config)
plain = lambda v: sorted(v) if isinstance(v, (set, frozenset)) else v
tries = json.load(sys.stdin)
print(json.dumps({
    "config": {cls: {t: plain(v) for t, v in section.items()} for cls, section in app.config.items()},
    "logins": [asyncio.run(auth.authenticate(None, {"username": n, "password": p})) for n, p in tries],
}, default=repr))
`;
  try {
    const out = execFileSync(PYTHON, ['-c', runner, file, SHARED_PY], {
      env: { PATH: process.env.PATH ?? '', ...env },
      input: JSON.stringify(logins),
      encoding: 'utf8',
    });
    return JSON.parse(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A container's env as the kubelet sets it: literals, the namespace, and every secretKeyRef from the Secrets made. */
function kubeletEnv(
  c: any,
  store: { [nsName: string]: { [key: string]: string } },
  ns: string,
): { [name: string]: string } {
  const env: { [name: string]: string } = {};
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') env[e.name] = ns;
    else if (ref) {
      const value = store[`${ns}/${ref.name}`]?.[ref.key];
      if (value === undefined) throw new Error(`env ${e.name}: Secret ${ref.name} key ${ref.key} was not created`);
      env[e.name] = value;
    } else throw new Error(`env ${e.name}: no stand-in for ${JSON.stringify(e.valueFrom)}`);
  }
  return env;
}

test('the demo charts are the three that had the dummy login on a node port or a load balancer', () => {
  expect(Object.keys(charts).sort()).toEqual(DEMOS.map((d) => d.id).sort());
});

test("the check is JupyterHub's own: a password shorter than it asks, or the same for both, is refused", () => {
  const config = find(charts.minikube.objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
  const base = { HUB_SHARED_USER_PASSWORD: 'u'.repeat(64), HUB_SHARED_ADMIN_PASSWORD: 'a'.repeat(64) };
  expect(() => loadAndLogIn(config, base, [])).not.toThrow();
  expect(() => loadAndLogIn(config, { ...base, HUB_SHARED_ADMIN_PASSWORD: 'a'.repeat(31) }, [])).toThrow(
    /SharedPasswordAuthenticator\.admin_password must be at least 32 characters, not 31/,
  );
  expect(() => loadAndLogIn(config, { ...base, HUB_SHARED_ADMIN_PASSWORD: 'u'.repeat(64) }, [])).toThrow(
    /cannot be the same/,
  );
});

describe.each(DEMOS)('chart $id', ({ id, section: heading }) => {
  const { objs, login } = charts[id];
  const hubConfigMap = find(objs, 'ConfigMap', 'hub-config');
  const config: string = hubConfigMap.data['jupyterhub_config.py'];
  const hub = find(objs, 'Deployment', 'hub');
  const namespace = hub.metadata.namespace;

  test("logs in with the shared-password authenticator: admin with its own password, any other name with the users'", () => {
    expect(config).toContain(
      'c.JupyterHub.authenticator_class = "jupyterhub.authenticators.shared.SharedPasswordAuthenticator"',
    );
    expect(config).toContain('c.Authenticator.admin_users = {"admin"}');
    expect(config).toContain('c.SharedPasswordAuthenticator.user_password = os.environ["HUB_SHARED_USER_PASSWORD"]');
    expect(config).toContain('c.SharedPasswordAuthenticator.admin_password = os.environ["HUB_SHARED_ADMIN_PASSWORD"]');
    expect(config).not.toMatch(/dummy/i);
    const hubEnv = container(hub, 'hub').env;
    expect(hubEnv.filter((e: any) => e.valueFrom?.secretKeyRef?.name === 'hub-login')).toEqual([
      { name: 'HUB_SHARED_USER_PASSWORD', valueFrom: { secretKeyRef: { name: 'hub-login', key: 'user-password' } } },
      { name: 'HUB_SHARED_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'hub-login', key: 'admin-password' } } },
    ]);
    expect([login.secretName, login.keys]).toEqual(['hub-login', ['user-password', 'admin-password']]);
  });

  test('the passwords are generated in the cluster, never written to dist/: hub-login is no object of the chart', () => {
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
    // The secret-init container, and its right to create Secrets (create only: it cannot read one back).
    expect(container(hub, 'secret-init').command).toEqual(['python3', '/etc/jupyterhub/secret_init.py']);
    expect(find(objs, 'Role', 'hub-secret-init').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    ]);
  });

  test("secret_init.py creates hub-login; JupyterHub loads the config with the passwords from it, and 5.5's SharedPasswordAuthenticator lets admin in with the admin password only", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-secret-init-'));
    const script = path.join(dir, 'secret_init.py');
    fs.writeFileSync(script, hubConfigMap.data['secret_init.py']);
    const ns = namespace ?? 'default';
    try {
      await withFakeKubeApi(
        {},
        async (apiEnv, state) => {
          const run = spawnSync('python3', [script], { env: apiEnv, encoding: 'utf8' });
          expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
          expect(run.stdout).toContain(`created Secret ${ns}/hub-login`);
          const store = state().store;
          const created = store[`${ns}/hub-login`];
          // 32 random bytes as hex each (JupyterHub asks at least 8 and 32 characters), not the same.
          expect(created).toEqual({
            'user-password': expect.stringMatching(/^[0-9a-f]{64}$/),
            'admin-password': expect.stringMatching(/^[0-9a-f]{64}$/),
          });
          expect(created['user-password']).not.toBe(created['admin-password']);

          // The hub container's env as the kubelet sets it: every secretKeyRef from the Secrets the script made.
          const env = kubeletEnv(container(hub, 'hub'), store, ns);

          const user = created['user-password'];
          const admin = created['admin-password'];
          const loaded = loadAndLogIn(config, env, [
            ['admin', admin],
            ['admin', user],
            ['admin', 'not-the-password'],
            ['ada', user],
            ['ada', admin],
          ]);
          expect(loaded.config.SharedPasswordAuthenticator).toEqual({ user_password: user, admin_password: admin });
          expect(loaded.config.Authenticator).toEqual({ admin_users: ['admin'], allow_all: true });
          expect(loaded.logins).toEqual([
            { name: 'admin', admin: true, groups: [] },
            null, // the users' password never logs an admin in
            null,
            { name: 'ada', admin: false, groups: [] },
            null, // nor does the admins' password log anyone else in
          ]);
          const problems: string[] = [];
          for (const [cls, traits] of Object.entries(loaded.config)) {
            for (const trait of Object.keys(traits)) {
              const t = TRAITS.classes[cls]?.[trait];
              if (!t) problems.push(`c.${cls}.${trait} does not exist in the pinned hub image`);
              else if (t.deprecated) problems.push(`c.${cls}.${trait} is deprecated`);
            }
          }
          expect(problems).toEqual([]);
        },
        { namespace: ns },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  test("the chart's page shows the one command that reads the admin password", () => {
    const n = namespace === undefined ? '' : ` -n ${namespace}`;
    expect(section(heading)).toContain(
      `kubectl${n} get secret hub-login -o jsonpath='{.data.admin-password}' | base64 -d`,
    );
    expect(section(heading)).toContain('`user-password`');
  });
});
