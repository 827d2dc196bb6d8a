/**
 * HubService's token from a Secret the user creates (`tokenSecretProvided`, `tokenSecretKey`):
 * the hub reads that key, the service's pods get it by `secretKeyRef`, and the hub's
 * secret-init never generates it (the Dask Gateway's `apiTokenSecret` is built on it).
 */
import { Chart, Testing } from 'cdk8s';
import { Authenticator, Hub, HubService, HubServiceProps, Proxy } from '../../lib';
import { container, env, find, synth } from '../util';

function withService(props: HubServiceProps) {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true, namespace: 'lab' });
  const hub = new Hub(c, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
  hub.addIntegration(new Proxy(c, 'proxy'));
  const svc = new HubService(c, 'reports', props);
  hub.addIntegration(svc);
  return { objs: synth(c), svc };
}

test("the hub and the service read the user's Secret and key; nothing generates it", () => {
  const { objs, svc } = withService({
    name: 'reports',
    tokenSecretName: 'reports-token',
    tokenSecretKey: 'token',
    tokenSecretProvided: true,
  });
  const ref = { name: 'reports-token', key: 'token' };
  expect(env(container(find(objs, 'Deployment', 'hub'), 'hub'), 'HUB_SERVICE_TOKEN_REPORTS')).toEqual({
    secretKeyRef: ref,
  });
  expect(svc.apiTokenRef).toEqual(ref);
  const hubConfig = find(objs, 'ConfigMap', 'hub-config').data;
  expect(hubConfig['secret_init.py'] ?? '').not.toContain('reports-token');
  expect(objs.filter((o) => o.kind === 'Secret' && o.metadata.name === 'reports-token')).toEqual([]);
});

test('without tokenSecretProvided a named Secret is still generated, under the key given', () => {
  const { objs } = withService({ name: 'reports', tokenSecretName: 'reports-token', tokenSecretKey: 'token' });
  const script: string = find(objs, 'ConfigMap', 'hub-config').data['secret_init.py'];
  expect(script).toContain('"name": "reports-token", "keys": ["token"]');
});

test('bad input is refused, naming the prop', () => {
  const c = new Chart(Testing.app(), 'test', { namespace: 'lab' });
  expect(() => new HubService(c, 'a', { name: 'a', tokenSecretProvided: true })).toThrow("Invalid 'tokenSecretName'");
  expect(() => new HubService(c, 'b', { name: 'b', tokenSecretKey: 'a b' })).toThrow(
    "Invalid 'tokenSecretKey' ('a b')",
  );
});
