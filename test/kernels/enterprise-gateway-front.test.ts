/**
 * The gateway front (issue 19, item 1): users' servers stop sharing the gateway's token. Each
 * server sends its own JupyterHub API token to a front in the hub's namespace, which identifies it
 * at the hub and forces the verified user on the kernels it starts; the gateway's API admits only
 * the front. What the front program does is run for real in `test/e2e/gateway-front.test.ts`;
 * here: the objects that put it there, in the seed charts written to `dist/` (the golden test holds
 * `dist/` to the same synthesis) and in the other kernel namespace modes.
 */
import { EnterpriseGateway, Hub, KernelNamespaces, KernelSpec, Namespace, Proxy } from '../../lib';
import { CLIENT_KERNEL_ENV, gatewayFrontScript } from '../../lib/kernels/gateway-front-script';
import { checkPodSecurity, podSpecOf } from '../core/pod-security-standards';
import { strictErrors } from '../strict-schema';
import { all, anyLogin, chart, container, env, find, Obj, seedCharts, synth } from '../util';

const seeds = seedCharts();
const lab = (): Obj[] => seeds['jeg-lab'];

/** The hub config of a chart (the hub ConfigMap's `jupyterhub_config.py`), or undefined without a hub. */
function hubConfig(objs: Obj[]): string | undefined {
  return all(objs, 'ConfigMap').find((c) => c.data?.['jupyterhub_config.py'])?.data['jupyterhub_config.py'];
}

/** The users' servers' env (`c.KubeSpawner.environment`), as KubeSpawner is given it. */
function serverEnv(objs: Obj[]): { [name: string]: unknown } {
  const line = (hubConfig(objs) ?? '').split('\n').find((l) => /^\s*c\.KubeSpawner\.environment = /.test(l));
  return line ? JSON.parse(line.replace(/^\s*c\.KubeSpawner\.environment = /, '')) : {};
}

/** A gateway in `mode` with a hub in another namespace. */
function gatewayWithHub(mode: KernelNamespaces, kernelAdminUsers?: string[]): Obj[] {
  const c = chart();
  const hubNs = new Namespace(c, 'jupyterhub');
  const gwNs = new Namespace(c, 'enterprise-gateway');
  const gw = new EnterpriseGateway(gwNs, 'gw', {
    kernelNamespaces: mode,
    kernelAdminUsers,
    kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })],
  });
  const hub = new Hub(hubNs, 'hub', { authenticator: anyLogin(), integrations: [gw] });
  hub.addIntegration(new Proxy(hubNs, 'proxy'));
  return synth(c);
}

const FRONT = 'enterprise-gateway-front';
const frontLabels = { app: 'enterprise-gateway', component: 'front', release: 'enterprise-gateway' };

describe('no token is shared between users', () => {
  test.each(Object.keys(seeds))(
    '%s: every env value of the users servers is a plain value (a Secret key would be the same for every user)',
    (id) => {
      const values = Object.entries(serverEnv(seeds[id]));
      expect(values.filter(([, v]) => typeof v !== 'string')).toEqual([]);
      expect((hubConfig(seeds[id]) ?? '').split('\n').filter((l) => /c\.KubeSpawner\..*secretKeyRef/.test(l))).toEqual(
        [],
      );
    },
  );

  test('jeg-lab: a server sends its own hub token ($(JUPYTERHUB_API_TOKEN), expanded by the kubelet) to the front', () => {
    const e = serverEnv(lab());
    expect(e.JUPYTER_GATEWAY_AUTH_TOKEN).toBe('$(JUPYTERHUB_API_TOKEN)');
    expect(e.JUPYTER_GATEWAY_URL).toBe(`http://${FRONT}.jupyterhub:8888`);
    // KubeSpawner's {username} is what the front forces, so the slug scheme is pinned.
    expect(hubConfig(lab())).toContain('c.KubeSpawner.slug_scheme = "safe"');
  });

  test("jeg-lab: only the gateway and the front read the gateway's token", () => {
    const readers = lab()
      .filter((o) => o.spec?.template?.spec)
      .flatMap((o) =>
        [...(o.spec.template.spec.initContainers ?? []), ...o.spec.template.spec.containers]
          .filter((c: any) =>
            (c.env ?? []).some((e: any) => e.valueFrom?.secretKeyRef?.name === 'enterprise-gateway-token'),
          )
          .map((c: any) => `${o.metadata.namespace}/${o.metadata.name}/${c.name}`),
      );
    expect(readers.sort()).toEqual([
      'enterprise-gateway/enterprise-gateway/enterprise-gateway',
      `jupyterhub/${FRONT}/front`,
    ]);
  });
});

describe('the gateway front in jeg-lab', () => {
  test('runs the generated program with the hub image, its own hub service token and the gateway token', () => {
    const objs = lab();
    expect(find(objs, 'ConfigMap', FRONT).data['gateway_front.py']).toBe(gatewayFrontScript());
    const front = container(find(objs, 'Deployment', FRONT), 'front');
    expect(front.image).toBe('quay.io/jupyterhub/k8s-hub:4.4.0');
    expect(env(front, 'JUPYTERHUB_API_TOKEN')).toEqual({
      secretKeyRef: { name: 'hub-service-enterprise-gateway-front', key: 'api-token' },
    });
    expect(env(front, 'JUPYTERHUB_API_URL')).toBe('http://hub:8081/hub/api');
    expect(env(front, 'FRONT_GATEWAY_URL')).toBe('http://enterprise-gateway.enterprise-gateway:8888');
    expect(env(front, 'FRONT_HOME_NFS_PATH_TEMPLATE')).toBe('/home/nfs_share/claim/{username}');
    expect(JSON.parse(env(front, 'FRONT_CLIENT_KERNEL_ENV'))).toEqual([...CLIENT_KERNEL_ENV]);
    expect(JSON.parse(env(front, 'FRONT_ADMIN_USERS'))).toEqual([]);
    // The hub registers it as a service (its token identifies users' tokens; no role, no route).
    expect(hubConfig(objs)).toContain(
      '{"name": "enterprise-gateway-front", "api_token": os.environ["HUB_SERVICE_TOKEN_ENTERPRISE_GATEWAY_FRONT"]}',
    );
  });

  test('its only right is listing the kernel pods (their owner labels), in the kernels namespace', () => {
    const objs = lab();
    const bindings = [...all(objs, 'RoleBinding'), ...all(objs, 'ClusterRoleBinding')].filter((b) =>
      (b.subjects ?? []).some((s: any) => s.name === FRONT && s.namespace === 'jupyterhub'),
    );
    expect(bindings.map((b) => `${b.kind}/${b.metadata.namespace}`)).toEqual([
      'RoleBinding/enterprise-gateway-kernels',
    ]);
    const role = find(objs, 'Role', bindings[0].roleRef.name);
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]);
  });

  test('the gateway API admits only the front; the response port only kernels; listing is back on', () => {
    const objs = lab();
    const policy = all(objs, 'NetworkPolicy').find(
      (p) => p.metadata.name === 'enterprise-gateway' && p.metadata.namespace === 'enterprise-gateway',
    )!;
    expect(policy.spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: { matchLabels: frontLabels },
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jupyterhub' } },
          },
        ],
        ports: [{ port: 8888, protocol: 'TCP' }],
      },
      {
        from: [
          {
            podSelector: { matchLabels: { app: 'enterprise-gateway', component: 'kernel' } },
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'enterprise-gateway-kernels' } },
          },
        ],
        ports: [{ port: 8877, protocol: 'TCP' }],
      },
    ]);
    expect(
      env(container(find(objs, 'Deployment', 'enterprise-gateway'), 'enterprise-gateway'), 'EG_LIST_KERNELS'),
    ).toBe('True');
  });

  test("the front admits only the hub's users' servers", () => {
    const policy = all(lab(), 'NetworkPolicy').find((p) => p.metadata.name === FRONT)!;
    expect(policy.spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: { matchLabels: { app: 'jupyterhub', component: 'singleuser-server', release: 'jupyterhub' } },
          },
        ],
        ports: [{ port: 8888, protocol: 'TCP' }],
      },
    ]);
    const server = all(lab(), 'NetworkPolicy').find((p) => p.metadata.name === 'singleuser')!;
    const toGateway = JSON.stringify(server.spec.egress).includes('"component":"enterprise-gateway"');
    expect(toGateway).toBe(false);
  });

  test('its pod complies with Pod Security restricted, in a namespace that enforces it', () => {
    const objs = lab();
    const deployment = find(objs, 'Deployment', FRONT);
    expect(checkPodSecurity('restricted', podSpecOf(deployment)!)).toEqual([]);
    const ns = find(objs, 'Namespace', deployment.metadata.namespace!);
    expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const perKernel = find(gatewayWithHub(KernelNamespaces.PER_KERNEL), 'Deployment', FRONT);
    expect(checkPodSecurity('restricted', podSpecOf(perKernel)!)).toEqual([]);
  });

  test('every front object is valid for the strict schema', () => {
    const mine = lab().filter((o) => o.metadata?.name?.startsWith(FRONT));
    expect(mine.map((o) => o.kind).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'NetworkPolicy', 'Role', 'RoleBinding', 'Service', 'ServiceAccount'].sort(),
    );
    expect(mine.flatMap((o) => strictErrors(o))).toEqual([]);
  });
});

describe('with a namespace per kernel', () => {
  test('the front lists kernel pods cluster-wide (their namespaces are made per kernel), nothing else', () => {
    const objs = gatewayWithHub(KernelNamespaces.PER_KERNEL);
    const binding = all(objs, 'ClusterRoleBinding').find((b) => (b.subjects ?? []).some((s: any) => s.name === FRONT))!;
    expect(find(objs, 'ClusterRole', binding.roleRef.name).rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
    ]);
    expect(env(container(find(objs, 'Deployment', FRONT), 'front'), 'FRONT_KERNEL_NAMESPACE')).toBe('');
    expect(objs.filter((o) => o.metadata?.name?.startsWith(FRONT)).flatMap((o) => strictErrors(o))).toEqual([]);
  });
});

describe('kernelAdminUsers', () => {
  test('reaches the front as its admins', () => {
    const objs = gatewayWithHub(KernelNamespaces.DEDICATED, ['carol', 'ops@example.org']);
    expect(JSON.parse(env(container(find(objs, 'Deployment', FRONT), 'front'), 'FRONT_ADMIN_USERS'))).toEqual([
      'carol',
      'ops@example.org',
    ]);
  });

  describe('refuses', () => {
    test.each([
      ['an empty name', [''], "Invalid 'kernelAdminUsers[0]' (''): must be a JupyterHub user name"],
      ['a name twice', ['carol', 'carol'], "Invalid 'kernelAdminUsers[1]' ('carol'): is listed twice"],
    ])('%s', (_what, users, error) => {
      const c = chart('eg');
      expect(() => new EnterpriseGateway(c, 'gw', { kernelAdminUsers: users })).toThrow(error);
    });
  });
});
