/**
 * Issue 22: the dask-gateway chart's `gateway.auth.jupyterhub.apiToken`,
 * `apiTokenFromSecretName` and `apiTokenFromSecretKey`, by reference (`apiTokenSecret`): a Secret
 * the user creates in the hub's namespace holds the gateway's hub service token. The hub reads
 * it, the API server reads it (a copy, for a gateway in a namespace of its own, made by the
 * token mirror, which runs in the hub's namespace), and the library generates no token for that
 * service. The mirror's script is run against a fake Kubernetes API.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DaskGateway, DaskGatewayProps, Hub, Namespace, Proxy } from '../../lib';
import { withFakeKubeApi } from '../fake-kube-api';
import { anyLogin, chart, container, env, find, Obj, synth } from '../util';

const HUB_NS = 'dhub';
const DASK_NS = 'dhub-dask';
const SECRET = { name: 'my-dask-token', key: 'token' };

/** A hub in `dhub` and a gateway in `dhub-dask` (or in the hub's namespace). */
function gatewayWithHub(props: DaskGatewayProps, ownNamespace = true): Obj[] {
  const c = chart();
  const hubNs = new Namespace(c, HUB_NS);
  const gwNs = ownNamespace ? new Namespace(c, DASK_NS) : hubNs;
  const gw = new DaskGateway(gwNs, 'dask', props);
  const hub = new Hub(hubNs, 'hub', { authenticator: anyLogin(), integrations: [gw] });
  hub.addIntegration(new Proxy(hubNs, 'proxy'));
  return synth(c);
}

const hubEnv = (objs: Obj[]) =>
  env(container(find(objs, 'Deployment', 'hub'), 'hub'), 'HUB_SERVICE_TOKEN_DASK_GATEWAY');
const apiEnv = (objs: Obj[]) =>
  env(container(find(objs, 'Deployment', 'api-dhub-dask-gateway'), 'api'), 'JUPYTERHUB_API_TOKEN');
const ref = { secretKeyRef: SECRET };

describe('a gateway in a namespace of its own, with the Secret named', () => {
  const objs = gatewayWithHub({ apiTokenSecret: SECRET });
  const script: string = find(objs, 'ConfigMap', 'dhub-dask-gateway-token-mirror').data['secret_init.py'];

  test("the hub and the API server read the token from the user's Secret (its copy, in the gateway's namespace)", () => {
    expect(hubEnv(objs)).toEqual(ref);
    expect(apiEnv(objs)).toEqual(ref);
    expect(find(objs, 'Deployment', 'api-dhub-dask-gateway').metadata.namespace).toBe(DASK_NS);
  });

  test("the mirror reads exactly that Secret, in both namespaces; the dashboard auth service's token is still generated", () => {
    const roles = objs.filter((o) => o.kind === 'Role' && o.metadata.name === 'dhub-dask-gateway-token-mirror');
    for (const role of roles) {
      expect(role.rules[1].resourceNames).toEqual([SECRET.name, 'hub-service-dask-gateway-dashboards']);
    }
    expect(roles.map((r) => r.metadata.namespace).sort()).toEqual([HUB_NS, DASK_NS].sort());
    expect(find(objs, 'ConfigMap', 'hub-config').data['secret_init.py'] ?? '').not.toContain(SECRET.name);
  });

  test('no Secret and no token value is in the manifests', () => {
    expect(objs.filter((o) => o.kind === 'Secret' && o.metadata.name === SECRET.name)).toEqual([]);
    expect(JSON.stringify(objs)).not.toContain('users-own-token-value');
  });

  const run = (e: NodeJS.ProcessEnv) => {
    const file = path.join(os.tmpdir(), `dask_token_source_${process.pid}.py`);
    fs.writeFileSync(file, script);
    try {
      return spawnSync('python3', [file], { env: e, encoding: 'utf8' });
    } finally {
      fs.rmSync(file);
    }
  };

  test('while the Secret is missing the mirror fails, creates no copy of it, and says what to create', async () => {
    await withFakeKubeApi({}, async (e, state) => {
      const r = run(e);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(
        `Secret ${HUB_NS}/${SECRET.name} is not there yet: create it, with the keys ${SECRET.key} (it is copied, never generated)`,
      );
      expect(state().created.filter((s) => s.metadata.name === SECRET.name)).toEqual([]);
    });
  });

  test("once it is there, its token is copied into the gateway's namespace (that key only)", async () => {
    await withFakeKubeApi(
      { [`${HUB_NS}/${SECRET.name}`]: { token: 'users-own-token-value', other: 'not-for-the-gateway' } },
      async (e, state) => {
        expect(run(e).status).toBe(0);
        expect(state().store[`${DASK_NS}/${SECRET.name}`]).toEqual({ token: 'users-own-token-value' });
      },
    );
  });
});

describe("a gateway in the hub's namespace, with the Secret named", () => {
  const objs = gatewayWithHub({ apiTokenSecret: SECRET }, false);

  test("the hub and the API server read the user's Secret, which the hub's secret-init never makes", () => {
    expect(hubEnv(objs)).toEqual(ref);
    expect(apiEnv(objs)).toEqual(ref);
    const secretInit: string = find(objs, 'ConfigMap', 'hub-config').data['secret_init.py'];
    expect(secretInit).not.toContain(SECRET.name);
    expect(secretInit).toContain('hub-service-dask-gateway-dashboards');
  });
});

describe('bad input is refused, naming the prop', () => {
  const gateway = (apiTokenSecret: any) => () => new DaskGateway(chart(), 'dask', { apiTokenSecret });

  test('a name that is no Secret name', () => {
    expect(gateway({ name: 'My Token', key: 'token' })).toThrow("Invalid 'apiTokenSecret.name' ('My Token')");
  });

  test('a key that is no Secret key', () => {
    expect(gateway({ name: 'my-token', key: 'a/b' })).toThrow("Invalid 'apiTokenSecret.key' ('a/b')");
  });

  test('a missing name or key', () => {
    expect(gateway({ key: 'token' })).toThrow('apiTokenSecret.name');
    expect(gateway({ name: 'my-token' })).toThrow('apiTokenSecret.key');
  });

  test('a token value instead of a reference', () => {
    expect(gateway({ name: 'my-token', key: 'token', value: 'abc' })).toThrow('apiTokenSecret.value');
  });

  test("the Secret of the dashboard auth service's token", () => {
    expect(() =>
      gatewayWithHub({ apiTokenSecret: { name: 'hub-service-dask-gateway-dashboards', key: 'api-token' } }),
    ).toThrow("Invalid 'apiTokenSecret.name' ('hub-service-dask-gateway-dashboards')");
  });

  test("the hub's own Secret", () => {
    const c = chart();
    const hubNs = new Namespace(c, HUB_NS);
    const hub = new Hub(hubNs, 'hub', { authenticator: anyLogin() });
    const gw = new DaskGateway(new Namespace(c, DASK_NS), 'dask', {
      apiTokenSecret: { name: hub.secretName, key: 'token' },
    });
    expect(() => hub.addIntegration(gw)).toThrow(
      `Invalid 'apiTokenSecret.name' ('${hub.secretName}'): is the Secret of the hub's own keys`,
    );
  });
});
