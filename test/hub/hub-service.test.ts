/**
 * HubService (issue 11, item 1): a service registered with the hub, with a role of typed scopes and
 * an API token of its own, generated in the cluster by the hub's secret-init into a Secret of its
 * own; the hub reads it from its env, the service's pods by secretKeyRef.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { Authenticator, Hub, HubScope, HubSecret, HubService, Namespace, Proxy } from '../../lib';
import { container, env, find, Obj, synth } from '../util';
import { withFakeKubeApi } from '../fake-kube-api';

function hubChart(secret?: HubSecret): { c: Chart; hub: Hub } {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true, namespace: 'lab' });
  const hub = new Hub(c, 'hub', { authenticator: Authenticator.dummy(), secret });
  hub.addIntegration(new Proxy(c, 'proxy'));
  return { c, hub };
}

describe('HubService', () => {
  test("registered with the hub: URL, display, its token from the hub's env (never a literal), a role with exactly its scopes", () => {
    const { c, hub } = hubChart();
    const svc = new HubService(c, 'reports', {
      name: 'reports',
      url: 'http://reports.lab:8000',
      scopes: [HubScope.LIST_USERS, HubScope.of('read:servers!group=staff')],
    });
    hub.addIntegration(svc);
    const objs = synth(c);
    expect(hub.config).toContain(
      '{"name": "reports", "url": "http://reports.lab:8000", "display": True, "api_token": os.environ["HUB_SERVICE_TOKEN_REPORTS"]}',
    );
    expect(hub.config).toContain(
      '{"name": "reports", "scopes": ["list:users", "read:servers!group=staff"], "services": ["reports"]}',
    );
    expect(env(container(find(objs, 'Deployment', 'hub'), 'hub'), 'HUB_SERVICE_TOKEN_REPORTS')).toEqual({
      secretKeyRef: { name: 'hub-service-reports', key: 'api-token' },
    });
    // What the service's own pods use.
    expect(svc.apiTokenRef).toEqual({ name: 'hub-service-reports', key: 'api-token' });
    expect([svc.tokenSecretName, svc.hubTokenEnv]).toEqual(['hub-service-reports', 'HUB_SERVICE_TOKEN_REPORTS']);
  });

  test('no scopes: no role; no URL: not routed, not listed; userAccess adds access:services!service=<name> to the user and server roles', () => {
    const { c, hub } = hubChart();
    hub.addIntegration(new HubService(c, 'api-client', { name: 'api-client' }));
    hub.addIntegration(
      new HubService(c, 'shared', { name: 'shared', url: 'http://shared:80', display: false, userAccess: true }),
    );
    synth(c);
    expect(hub.config).toContain('{"name": "api-client", "api_token": os.environ["HUB_SERVICE_TOKEN_API_CLIENT"]}');
    expect(hub.config).not.toMatch(/"name": "api-client", "scopes"/);
    expect(hub.config).toContain(
      '{"name": "user", "scopes": ["self", "access:services!service=shared"]}, {"name": "server", "scopes": ["users:activity!user", "access:servers!server", "access:services!service=shared"]}',
    );
  });

  test("its Secret is made by the hub's secret-init, with only create on secrets, even when the hub's own Secret is yours", () => {
    const { c, hub } = hubChart(HubSecret.fromSecretName('my-hub-secret'));
    hub.addIntegration(new HubService(c, 'reports', { name: 'reports' }));
    const objs = synth(c);
    const init = container(find(objs, 'Deployment', 'hub'), 'secret-init');
    expect(init.command).toEqual(['python3', '/etc/jupyterhub/secret_init.py']);
    const script: string = find(objs, 'ConfigMap', 'hub-config').data['secret_init.py'];
    expect(script).toMatch(/^SECRETS = \[\{"name": "hub-service-reports", "keys": \["api-token"\]/m);
    expect(script).not.toContain('my-hub-secret');
    expect(find(objs, 'Role', 'hub-secret-init').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    ]);
    // Without a generated Secret there is no init container and no such Role.
    const plain = hubChart(HubSecret.fromSecretName('my-hub-secret'));
    const plainObjs = synth(plain.c);
    expect(find(plainObjs, 'Deployment', 'hub').spec.template.spec.initContainers).toBeUndefined();
    expect(plainObjs.some((o) => o.kind === 'Role' && o.metadata.name === 'hub-secret-init')).toBe(false);
  });

  test('adding a service changes the hub pod template (checksum), so the hub restarts and its secret-init makes the new token', () => {
    const before = hubChart();
    const after = hubChart();
    after.hub.addIntegration(new HubService(after.c, 'reports', { name: 'reports' }));
    const checksum = (objs: Obj[]) =>
      find(objs, 'Deployment', 'hub').spec.template.metadata.annotations['checksum/config-map'];
    expect(checksum(synth(before.c))).not.toBe(checksum(synth(after.c)));
  });

  describe('refuses', () => {
    test.each([
      [
        'a name that is not a DNS label',
        () => {
          const { c, hub } = hubChart();
          hub.addIntegration(new HubService(c, 's', { name: 'My_Service' }));
        },
        /^Invalid 'name' \('My_Service'\)/,
      ],
      [
        "a name JupyterHub's roles use",
        () => {
          const { c, hub } = hubChart();
          hub.addIntegration(new HubService(c, 's', { name: 'server' }));
        },
        /^Invalid 'name' \('server'\): is the name of one of JupyterHub's own roles/,
      ],
      [
        'a name the hub already has',
        () => {
          const { c, hub } = hubChart();
          hub.addIntegration(new HubService(c, 's', { name: 'jupyterhub-idle-culler' }));
        },
        /^Invalid 'integrations' \('jupyterhub-idle-culler'\): is a service name the hub already has/,
      ],
      [
        'a URL with a query',
        () => {
          const { c, hub } = hubChart();
          hub.addIntegration(new HubService(c, 's', { name: 's', url: 'http://s:80/?x=1' }));
        },
        /^Invalid 'url' /,
      ],
      [
        'a description of two lines (it is a comment in the config)',
        () => {
          const { c, hub } = hubChart();
          hub.addIntegration(new HubService(c, 's', { name: 's', description: 'a\nimport os' }));
        },
        /^Invalid 'description' /,
      ],
      [
        "another namespace than the hub's",
        () => {
          const { c, hub } = hubChart();
          hub.addIntegration(new HubService(new Namespace(c, 'other'), 's', { name: 's' }));
        },
        /^Invalid 'hub' \('test\/hub'\): is in namespace 'lab', the service in 'other'/,
      ],
      [
        'a service given to a second hub',
        () => {
          const { c, hub } = hubChart();
          const svc = new HubService(c, 's', { name: 's' });
          hub.addIntegration(svc);
          new Hub(c, 'other', { authenticator: Authenticator.dummy() }).addIntegration(svc);
        },
        /^Invalid 'integration' \('test\/s'\): is already added to hub 'test\/hub'/,
      ],
      [
        'a service never given to a hub',
        () => {
          const { c } = hubChart();
          new HubService(c, 's', { name: 's' });
          synth(c);
        },
        /HubService 'test\/s' was never added to a hub/,
      ],
      [
        'a scope JupyterHub does not define',
        () => HubScope.of('read:everything'),
        /^Invalid 'scope' \('read:everything'\): must be a scope JupyterHub 5.5 defines/,
      ],
      [
        'a malformed filter',
        () => HubScope.of('read:users!team=x'),
        /^Invalid 'scope' \('read:users!team=x'\): has a malformed filter/,
      ],
    ] as [string, () => unknown, RegExp][])('%s', (_what, build, error) => {
      expect(build).toThrow(error);
    });
  });

  test('HubScope.accessService is the scope a service that checks access scopes wants', () => {
    expect(HubScope.accessService('dask-gateway').value).toBe('access:services!service=dask-gateway');
  });
});

describe('a token added by a new HubService to a running deployment (secret_init.py against a fake Kubernetes API)', () => {
  const scriptOf = (withService: boolean) => {
    const { c, hub } = hubChart();
    if (withService) hub.addIntegration(new HubService(c, 'reports', { name: 'reports' }));
    return find(synth(c), 'ConfigMap', 'hub-config').data['secret_init.py'] as string;
  };
  const runScript = (script: string, env: NodeJS.ProcessEnv) => {
    const file = path.join(os.tmpdir(), `secret_init_${process.pid}_${Date.now()}.py`);
    fs.writeFileSync(file, script);
    try {
      return spawnSync('python3', [file], { env, encoding: 'utf8' });
    } finally {
      fs.rmSync(file);
    }
  };

  test('the first deployment makes hub-secret; the service added later gets its token created, and hub-secret is not touched', async () => {
    await withFakeKubeApi({}, async (env, state) => {
      // The deployment before the service: hub-secret is created.
      expect(runScript(scriptOf(false), env).status).toBe(0);
      const before = state().store;
      expect(Object.keys(before)).toEqual(['lab/hub-secret']);

      // The same hub with a HubService: the hub restarts, its secret-init runs the new script.
      const r = runScript(scriptOf(true), env);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Secret lab/hub-secret exists; keeping it');
      expect(r.stdout).toContain('created Secret lab/hub-service-reports');
      const after = state();
      expect(after.store['lab/hub-secret']).toEqual(before['lab/hub-secret']);
      expect(after.store['lab/hub-service-reports']).toEqual({ 'api-token': expect.stringMatching(/^[0-9a-f]{64}$/) });
      // Only creates were sent: nothing was read, replaced, patched or deleted.
      expect(after.requests).toEqual([
        'POST /api/v1/namespaces/lab/secrets',
        'POST /api/v1/namespaces/lab/secrets',
        'POST /api/v1/namespaces/lab/secrets',
      ]);

      // A restart keeps both.
      expect(runScript(scriptOf(true), env).status).toBe(0);
      expect(state().store).toEqual(after.store);
    });
  });
});
