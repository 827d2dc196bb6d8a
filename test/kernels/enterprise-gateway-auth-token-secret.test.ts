/**
 * Issue 22, item 14: the chart's `authToken`, by reference (`authTokenSecretName`): a Secret the
 * user creates in the gateway's namespace (key `token`) is what the gateway, its puller and the
 * hubs' fronts read; the token Job copies it into each hub's namespace and never generates one
 * in its place. The script is run against a fake Kubernetes API.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EnterpriseGateway, Hub, KernelSpec, Namespace, PodSecurityLevel, Proxy } from '../../lib';
import { withFakeKubeApi } from '../fake-kube-api';
import { anyLogin, chart, container, env, find, Obj, synth } from '../util';

function gatewayWithHub(authTokenSecretName?: string): Obj[] {
  const c = chart();
  const hubNs = new Namespace(c, 'jupyterhub');
  const gwNs = new Namespace(c, 'enterprise-gateway', { podSecurity: PodSecurityLevel.PRIVILEGED });
  const gw = new EnterpriseGateway(gwNs, 'gw', {
    authTokenSecretName,
    kernelImagePuller: true,
    kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })],
  });
  const hub = new Hub(hubNs, 'hub', { authenticator: anyLogin(), integrations: [gw] });
  hub.addIntegration(new Proxy(hubNs, 'proxy'));
  return synth(c);
}

const objs = gatewayWithHub('eg-token');
const ref = { secretKeyRef: { name: 'eg-token', key: 'token' } };

test('the gateway, its puller and the front read the Secret named', () => {
  expect(env(container(find(objs, 'Deployment', 'enterprise-gateway'), 'enterprise-gateway'), 'EG_AUTH_TOKEN')).toEqual(
    ref,
  );
  expect(
    env(
      container(find(objs, 'DaemonSet', 'enterprise-gateway-kernel-image-puller'), 'kernel-image-puller'),
      'KIP_AUTH_TOKEN',
    ),
  ).toEqual(ref);
  expect(env(container(find(objs, 'Deployment', 'enterprise-gateway-front'), 'front'), 'FRONT_GATEWAY_TOKEN')).toEqual(
    ref,
  );
  expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
});

describe('the token Job copies it, and never makes one', () => {
  const script = find(objs, 'ConfigMap', 'enterprise-gateway-token-init').data['secret_init.py'];
  const run = (e: NodeJS.ProcessEnv) => {
    const file = path.join(os.tmpdir(), `token_source_${process.pid}.py`);
    fs.writeFileSync(file, script);
    try {
      return spawnSync('python3', [file], { env: e, encoding: 'utf8' });
    } finally {
      fs.rmSync(file);
    }
  };

  test('while the Secret is missing the Job fails, creates nothing, and says what to create', async () => {
    await withFakeKubeApi({}, async (e, state) => {
      const r = run(e);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(
        'Secret enterprise-gateway/eg-token is not there yet: create it, with the keys token (it is copied, never generated)',
      );
      expect(state().created).toEqual([]);
    });
  });

  test("once it is there, its value is copied into the hub's namespace", async () => {
    await withFakeKubeApi({ 'enterprise-gateway/eg-token': { token: 'my-token' } }, async (e, state) => {
      expect(run(e).status).toBe(0);
      expect(state().store['jupyterhub/eg-token']).toEqual({ token: 'my-token' });
    });
  });

  test('without the prop the token is still generated (the script keeps no source check)', () => {
    const generated = find(gatewayWithHub(), 'ConfigMap', 'enterprise-gateway-token-init').data['secret_init.py'];
    expect(generated).not.toContain('is not there yet');
  });
});

test('a name that is no Secret name is refused', () => {
  const c = chart();
  expect(() => new EnterpriseGateway(new Namespace(c, 'eg'), 'gw', { authTokenSecretName: 'EG Token' })).toThrow(
    "Invalid 'authTokenSecretName' ('EG Token')",
  );
});
