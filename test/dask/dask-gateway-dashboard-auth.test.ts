/**
 * DaskGateway: a cluster's dashboard is served to its owner only (issue 19, dask-gateway #570).
 * Every dashboard route the controller makes carries a forwardAuth middleware that asks the
 * gateway's dashboard auth service (a JupyterHub service: OAuth with the hub, the DaskCluster's
 * `spec.username`), then a middleware that drops the browser's credentials, then the prefix strip.
 * The auth service reads DaskClusters of the gateway's namespace and nothing else; only Traefik
 * reaches it. `test/e2e/dashboard-auth-e2e.test.ts` runs its script with a real hub.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { Authenticator, DaskGateway, Hub, Namespace, Proxy } from '../../lib';
import { renderDashboardAuthScript } from '../../lib/dask/dask-dashboard-auth-script';
import { checkPodSecurity, podSpecOf } from '../core/pod-security-standards';
import { strictErrors } from '../strict-schema';
import { all, find, Obj, seedCharts } from '../util';

const HUB_NS = 'dhub';
const DASK_NS = 'dhub-dask';
const objs: Obj[] = seedCharts().daskhub;
const gatewayConfig: string = find(objs, 'ConfigMap', 'dhub-dask-gateway-config').data['dask_gateway_config.py'];
const hubConfig: string = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
const TRAITS = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'traits-dask-gateway-server-2026.3.0.json'), 'utf8'),
);

/** A hub in `dhub` and a gateway in `dhub-dask` of a fresh chart, with the gateway's props. */
function gatewayWith(props: ConstructorParameters<typeof DaskGateway>[2] = {}): Obj[] {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const hubNs = new Namespace(c, HUB_NS);
  const hub = new Hub(hubNs, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
  hub.addIntegration(new Proxy(hubNs, 'proxy'));
  hub.addIntegration(new DaskGateway(new Namespace(c, DASK_NS), 'dask', props));
  return Testing.synth(c) as Obj[];
}

describe("every cluster's dashboard route: the owner check first", () => {
  test('the controller gives each dashboard route the owner check, the credentials drop, then the prefix strip', () => {
    expect(TRAITS.classes.KubeController.proxy_web_middlewares).toBeDefined();
    expect(gatewayConfig).toContain(
      'c.KubeController.proxy_web_middlewares = [{"name": "dashboard-auth-dhub-dask-gateway", "namespace": "dhub-dask"}, {"name": "dashboard-credentials-dhub-dask-gateway", "namespace": "dhub-dask"}, {"name": "clusters-prefix-dhub-dask-gateway", "namespace": "dhub-dask"}]',
    );
  });

  test("the forwardAuth asks the auth service's check, with only the browser's credentials and Traefik's own X-Forwarded-*", () => {
    const m = find(objs, 'Middleware', 'dashboard-auth-dhub-dask-gateway');
    expect(m.metadata.namespace).toBe(DASK_NS);
    // Traefik serves only the routes and middlewares with its instance label.
    expect(m.metadata.labels?.['gateway.dask.org/instance']).toBe('dhub-dask-gateway');
    expect(m.spec).toEqual({
      forwardAuth: {
        address: 'http://auth-dhub-dask-gateway.dhub-dask:8000/services/dask-gateway/dashboards/check',
        authRequestHeaders: ['Accept', 'Authorization', 'Cookie', 'Sec-Fetch-Mode', 'Sec-Fetch-Site'],
        trustForwardHeader: false,
        preserveLocationHeader: true,
      },
    });
  });

  test('no cookie and no Authorization header of the browser reaches a scheduler (user code)', () => {
    expect(find(objs, 'Middleware', 'dashboard-credentials-dhub-dask-gateway').spec).toEqual({
      headers: { customRequestHeaders: { Cookie: '', Authorization: '' } },
    });
  });

  test('the OAuth callback is routed by Traefik under the prefix (so the session cookie covers the dashboards); the check is not routed', () => {
    const r = find(objs, 'IngressRoute', 'auth-dhub-dask-gateway');
    expect(r.spec.routes).toEqual([
      {
        kind: 'Rule',
        match: 'Path(`/services/dask-gateway/dashboards/oauth_callback`)',
        services: [{ name: 'auth-dhub-dask-gateway', port: 8000 }],
      },
    ]);
  });
});

describe('the dashboard auth service', () => {
  test('is a hub service without a URL: an OAuth client whose callback is under the gateway prefix, its token from the env', () => {
    const services = hubConfig.split('\n').find((l) => l.startsWith('c.JupyterHub.services = '))!;
    expect(services).toContain(
      '{"name": "dask-gateway-dashboards", "api_token": os.environ["HUB_SERVICE_TOKEN_DASK_GATEWAY_DASHBOARDS"], "oauth_redirect_uri": "/services/dask-gateway/dashboards/oauth_callback", "oauth_no_confirm": True}',
    );
  });

  test("runs the hub image as a restricted pod, with its token (mirrored into the gateway's namespace) and its OAuth client", () => {
    const d = find(objs, 'Deployment', 'auth-dhub-dask-gateway');
    expect(d.metadata.namespace).toBe(DASK_NS);
    const c = d.spec.template.spec.containers[0];
    expect(c.image).toBe('quay.io/jupyterhub/k8s-hub:4.4.0');
    expect(c.command).toEqual([
      'python3',
      '/etc/dask-dashboard-auth/dashboard_auth.py',
      '--port=8000',
      '--namespace=dhub-dask',
      '--prefix=/services/dask-gateway',
    ]);
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom.secretKeyRef]));
    expect(env).toEqual({
      JUPYTERHUB_API_TOKEN: { name: 'hub-service-dask-gateway-dashboards', key: 'api-token' },
      JUPYTERHUB_API_URL: 'http://hub.dhub:8081/hub/api',
      JUPYTERHUB_BASE_URL: '/',
      JUPYTERHUB_CLIENT_ID: 'service-dask-gateway-dashboards',
      JUPYTERHUB_SERVICE_NAME: 'dask-gateway-dashboards',
      JUPYTERHUB_SERVICE_PREFIX: '/services/dask-gateway/',
      JUPYTERHUB_OAUTH_CALLBACK_URL: '/services/dask-gateway/dashboards/oauth_callback',
    });
    expect(checkPodSecurity('restricted', podSpecOf(d)!)).toEqual([]);
    // Kubernetes' own kinds (the Traefik objects are checked against their CRDs by test/schema.test.ts).
    for (const o of objs.filter(
      (x) => x.metadata.name === 'auth-dhub-dask-gateway' && !x.apiVersion.includes('traefik'),
    )) {
      expect({ kind: o.kind, errors: strictErrors(o) }).toEqual({ kind: o.kind, errors: [] });
    }
    // The script is the generator's, mounted read-only.
    expect(find(objs, 'ConfigMap', 'auth-dhub-dask-gateway').data['dashboard_auth.py']).toBe(
      renderDashboardAuthScript(),
    );
  });

  test('may get DaskClusters of the gateway namespace, and nothing else', () => {
    const bindings = objs.filter(
      (o) =>
        (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') &&
        o.subjects.some((s: any) => s.name === 'auth-dhub-dask-gateway'),
    );
    expect(bindings.map((b) => `${b.kind}/${b.metadata.namespace}/${b.roleRef.kind}`)).toEqual([
      `RoleBinding/${DASK_NS}/Role`,
    ]);
    expect(find(objs, 'Role', 'auth-dhub-dask-gateway').rules).toEqual([
      { apiGroups: ['gateway.dask.org'], resources: ['daskclusters'], verbs: ['get'] },
    ]);
  });

  test("only Traefik reaches it; it reaches the hub's API and the Kubernetes API", () => {
    const p = find(objs, 'NetworkPolicy', 'auth-dhub-dask-gateway');
    expect(p.spec.podSelector.matchLabels).toEqual({
      app: 'dask-gateway',
      component: 'dashboard-auth',
      release: 'dhub-dask-gateway',
    });
    expect(p.spec.ingress).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { app: 'dask-gateway', component: 'traefik', release: 'dhub-dask-gateway' } } },
        ],
        ports: [{ protocol: 'TCP', port: 8000 }],
      },
    ]);
    expect(p.spec.egress.slice(0, 2)).toEqual([
      {
        to: [
          {
            podSelector: { matchLabels: expect.objectContaining({ component: 'hub' }) },
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': HUB_NS } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 8081 }],
      },
      { ports: [443, 6443, 8443].map((port) => ({ protocol: 'TCP', port })) },
    ]);
    // Traefik may ask it; the hub's namespace admits it to the hub's API.
    expect(find(objs, 'NetworkPolicy', 'traefik-dhub-dask-gateway').spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: p.spec.podSelector.matchLabels } }],
      ports: [{ protocol: 'TCP', port: 8000 }],
    });
    expect(find(objs, 'NetworkPolicy', 'api-dhub-dask-gateway-to-hub').spec.ingress[0].from).toContainEqual({
      podSelector: { matchLabels: p.spec.podSelector.matchLabels },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': DASK_NS } },
    });
  });

  test('admins get every dashboard only with dashboardAdminAccess', () => {
    const args = (o: Obj[]) => find(o, 'Deployment', 'auth-dhub-dask-gateway').spec.template.spec.containers[0].command;
    expect(args(gatewayWith())).not.toContain('--admin-access');
    expect(args(gatewayWith({ dashboardAdminAccess: true }))).toContain('--admin-access');
  });

  test('the script is valid Python 3', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-auth-'));
    const file = path.join(dir, 'dashboard_auth.py');
    fs.writeFileSync(file, renderDashboardAuthScript());
    const r = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('refuses', () => {
  test.each([
    ['an unpinned image', { dashboardAuthImage: 'quay.io/jupyterhub/k8s-hub:latest' }, /dashboardAuthImage/],
    [
      'a non-boolean admin access (JavaScript)',
      { dashboardAdminAccess: 'yes' as unknown as boolean },
      /dashboardAdminAccess/,
    ],
  ])('%s', (_what, props, error) => {
    expect(() => gatewayWith(props)).toThrow(error);
  });
});

test('every object of the auth service is in the Dask namespace but its token Secret reference', () => {
  const names = [
    'auth-dhub-dask-gateway',
    'dashboard-auth-dhub-dask-gateway',
    'dashboard-credentials-dhub-dask-gateway',
  ];
  expect(
    all(objs, 'Deployment')
      .concat(all(objs, 'Service'), all(objs, 'Middleware'), all(objs, 'IngressRoute'), all(objs, 'NetworkPolicy'))
      .filter((o) => names.includes(o.metadata.name))
      .every((o) => o.metadata.namespace === DASK_NS),
  ).toBe(true);
});

test("beside its hub (one namespace): the hub's secret-init makes its token, and the hub's access label lets it reach the hub's API", () => {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const scope = new Namespace(c, 'science');
  const hub = new Hub(scope, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
  hub.addIntegration(new Proxy(scope, 'proxy'));
  const gateway = new DaskGateway(scope, 'dask');
  hub.addIntegration(gateway);
  const one = Testing.synth(c) as Obj[];
  expect(gateway.dashboardAuthService.name).toBe('dask-gateway-dashboards');
  expect(one.filter((o) => o.kind === 'Job')).toEqual([]);
  expect(find(one, 'ConfigMap', 'hub-config').data['secret_init.py']).toContain('hub-service-dask-gateway-dashboards');
  const d = find(one, 'Deployment', 'auth-science-dask-gateway');
  expect(d.metadata.namespace).toBe('science');
  expect(d.spec.template.metadata.labels['hub.jupyter.org/network-access-hub']).toBe('true');
  expect(d.spec.template.spec.containers[0].command).toContain('--namespace=science');
});
