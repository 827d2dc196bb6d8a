import { ApiObject, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Hub, HubDatabase, HubSecret, Proxy, SingleUserStorage } from '../lib';
import { anyLogin, all, chart, container, env, find, Obj, synth, synthWith } from './util';

/** A hub with its proxy (a hub alone fails validation: nobody could reach it). */
function hubChart(props: Partial<ConstructorParameters<typeof Hub>[2]> = {}): Obj[] {
  return synthWith((c) =>
    new Hub(c, 'hub', { authenticator: anyLogin(), ...props }).addIntegration(new Proxy(c, 'proxy')),
  );
}

describe('Hub', () => {
  test('defaults (snapshot)', () => {
    expect(hubChart().filter((o) => o.metadata.labels?.component !== 'proxy')).toMatchSnapshot();
  });

  test('defaults: sqlite on a 1Gi claim, dynamic 10Gi homes, generated secret, culler on', () => {
    const objs = hubChart();
    expect(find(objs, 'PersistentVolumeClaim', 'hub-db-dir').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    });
    const config = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
    expect(config).toContain('c.KubeSpawner.storage_capacity = "10Gi"');
    expect(config).toContain('c.JupyterHub.authenticator_class = "dummy"');
    expect(config).toContain('c.Authenticator.admin_users = {"admin"}');
    expect(config).toContain('"--timeout=3600", "--cull-every=600"');
    expect(container(find(objs, 'Deployment', 'hub'), 'hub').image).toBe('quay.io/jupyterhub/k8s-hub:4.4.0');
  });

  test('escape hatch: the Deployment is the default child, and props reach it through ApiObject.of', () => {
    const c = chart();
    const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
    hub.addIntegration(new Proxy(c, 'proxy'));
    expect(ApiObject.of(hub).kind).toBe('Deployment');
    expect(hub.deployment).toBe(ApiObject.of(hub));
    expect(hub.serviceName).toBe('hub');
    expect(hub.port).toBe(8081);
    expect(hub.idleCullerService).toBe('jupyterhub-idle-culler');
  });

  describe('RBAC: exactly what KubeSpawner 7 calls', () => {
    const rules = (objs: Obj[]) =>
      find(objs, 'Role', 'hub').rules.map((r: any) => `${r.resources.join()}:${r.verbs.join()}`);

    test('with per-user claims: pods, events, and get/create on PVCs', () => {
      expect(rules(hubChart())).toEqual([
        'pods:list,watch,create,delete',
        'events:list,watch',
        'persistentvolumeclaims:get,create',
      ]);
    });

    test('without user storage: no PVC rights', () => {
      expect(rules(hubChart({ singleUser: { storage: SingleUserStorage.none() } }))).toEqual([
        'pods:list,watch,create,delete',
        'events:list,watch',
      ]);
    });

    test('never secrets, services or cluster-wide rights for KubeSpawner', () => {
      const objs = hubChart();
      expect(JSON.stringify(find(objs, 'Role', 'hub'))).not.toMatch(/secrets|services/);
      expect(all(objs, 'ClusterRole')).toEqual([]);
    });
  });

  describe('secrets', () => {
    test('generated: an init container creates hub-secret; its Role may only create Secrets', () => {
      const objs = hubChart();
      const hub = find(objs, 'Deployment', 'hub');
      expect(container(hub, 'secret-init').command).toEqual(['python3', '/etc/jupyterhub/secret_init.py']);
      expect(find(objs, 'Role', 'hub-secret-init').rules).toEqual([
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      ]);
      expect(find(objs, 'RoleBinding', 'hub-secret-init').subjects).toEqual([{ kind: 'ServiceAccount', name: 'hub' }]);
    });

    test("existing: no init container, no secret Role, and both pods read your Secret's keys", () => {
      const objs = hubChart({
        secret: HubSecret.fromSecretName('my-secret', { proxyTokenKey: 'token', cookieSecretKey: 'cookie' }),
      });
      const hub = find(objs, 'Deployment', 'hub');
      expect(hub.spec.template.spec.initContainers).toBeUndefined();
      expect(objs.some((o) => o.metadata.name === 'hub-secret-init')).toBe(false);
      expect(find(objs, 'ConfigMap', 'hub-config').data['secret_init.py']).toBeUndefined();
      expect(env(container(hub, 'hub'), 'CONFIGPROXY_AUTH_TOKEN')).toEqual({
        secretKeyRef: { name: 'my-secret', key: 'token' },
      });
      expect(env(container(hub, 'hub'), 'JPY_COOKIE_SECRET')).toEqual({
        secretKeyRef: { name: 'my-secret', key: 'cookie' },
      });
      expect(env(container(find(objs, 'Deployment', 'proxy'), 'chp'), 'CONFIGPROXY_AUTH_TOKEN')).toEqual({
        secretKeyRef: { name: 'my-secret', key: 'token' },
      });
    });
  });

  describe('database', () => {
    test('sqlite on a claim with a typed size and storage class', () => {
      const objs = hubChart({
        database: HubDatabase.sqlitePvc({ size: Size.gibibytes(2), storageClassName: 'standard' }),
      });
      expect(find(objs, 'PersistentVolumeClaim', 'hub-db-dir').spec).toMatchObject({
        storageClassName: 'standard',
        resources: { requests: { storage: '2Gi' } },
      });
    });

    test('external: URL in the config, password from a Secret, the port opened in the NetworkPolicy, no claim', () => {
      const objs = synthWith((c) => {
        const password = { secret: kplus.Secret.fromSecretName(c, 'pw', 'db-credentials'), key: 'password' };
        new Hub(c, 'hub', {
          authenticator: anyLogin(),
          database: HubDatabase.external({ url: 'postgresql://hub@db:5432/hub', password }),
        }).addIntegration(new Proxy(c, 'proxy'));
      });
      expect(objs.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
      const hub = container(find(objs, 'Deployment', 'hub'), 'hub');
      expect(env(hub, 'PGPASSWORD')).toEqual({ secretKeyRef: { name: 'db-credentials', key: 'password' } });
      expect(find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py']).toContain(
        'c.JupyterHub.db_url = "postgresql://hub@db:5432/hub"',
      );
      expect(find(objs, 'NetworkPolicy', 'hub').spec.egress).toContainEqual({
        ports: [{ protocol: 'TCP', port: 5432 }],
      });
    });

    test('in memory: an emptyDir, no claim', () => {
      const objs = hubChart({ database: HubDatabase.sqliteMemory() });
      expect(objs.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
      expect(find(objs, 'Deployment', 'hub').spec.template.spec.volumes).toContainEqual({ name: 'db', emptyDir: {} });
    });
  });

  test("baseUrl moves the probes and the proxy's error target", () => {
    const objs = hubChart({ baseUrl: '/jupyter/' });
    const hub = container(find(objs, 'Deployment', 'hub'), 'hub');
    expect(hub.readinessProbe.httpGet.path).toBe('/jupyter/hub/health');
    expect(hub.livenessProbe.httpGet.path).toBe('/jupyter/hub/health');
    expect(container(find(objs, 'Deployment', 'proxy'), 'chp').command).toContain(
      '--error-target=http://hub:8081/jupyter/hub/error',
    );
  });

  test('namePrefix prefixes every name, and the wiring follows', () => {
    const objs = hubChart({ namePrefix: 'course-1-', release: 'course-1' });
    for (const o of objs) expect(o.metadata.name).toMatch(/^course-1-/);
    expect(container(find(objs, 'Deployment', 'course-1-proxy'), 'chp').command).toContain(
      '--default-target=http://course-1-hub:8081',
    );
    expect(find(objs, 'Deployment', 'course-1-hub').spec.selector.matchLabels).toEqual({
      app: 'jupyterhub',
      component: 'hub',
      release: 'course-1',
    });
  });

  test('selectors and names do not depend on where the construct sits in the tree', () => {
    const flat = hubChart();
    const nested = synthWith((c) => {
      const deep = new Construct(new Construct(c, 'a'), 'b');
      new Hub(deep, 'h', { authenticator: anyLogin() }).addIntegration(new Proxy(deep, 'p'));
    });
    const key = (objs: Obj[]) =>
      objs.map((o) => `${o.kind}/${o.metadata.name}:${JSON.stringify(o.spec?.selector ?? null)}`).sort();
    expect(key(nested)).toEqual(key(flat));
    expect(JSON.stringify(nested)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('a change to the config rolls the hub (checksum annotation); the same config keeps it', () => {
    const sum = (objs: Obj[]) =>
      find(objs, 'Deployment', 'hub').spec.template.metadata.annotations['checksum/config-map'];
    expect(sum(hubChart())).toBe(sum(hubChart()));
    expect(sum(hubChart({ concurrentSpawnLimit: 5 }))).not.toBe(sum(hubChart()));
  });

  test('a hub without a proxy fails at synthesis with a message that says what to add', () => {
    const c = chart();
    new Hub(c, 'hub', { authenticator: anyLogin() });
    expect(() => synth(c)).toThrow(
      /Hub 'test\/hub' has no Proxy: add one with hub\.addIntegration\(new Proxy\(scope, 'proxy'\)\)/,
    );
  });

  test('user servers: the single-user NetworkPolicy keeps the metadata endpoint out unless allowed', () => {
    const except = (objs: Obj[]) =>
      find(objs, 'NetworkPolicy', 'singleuser').spec.egress.find((r: any) => r.to?.[0]?.ipBlock?.cidr === '0.0.0.0/0')
        .to[0].ipBlock.except;
    expect(except(hubChart())).toContain('169.254.169.254/32');
    expect(except(hubChart({ singleUser: { blockCloudMetadata: false } }))).not.toContain('169.254.169.254/32');
    expect(
      hubChart({ singleUser: { networkPolicy: false, blockCloudMetadata: false } }).some(
        (o) => o.metadata.name === 'singleuser',
      ),
    ).toBe(false);
    expect(
      hubChart({ networkPolicy: false }).some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'hub'),
    ).toBe(false);
  });
});
