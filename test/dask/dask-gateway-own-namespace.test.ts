/**
 * A DaskGateway in a namespace of its own (the daskhub chart's): the gateway and its clusters run
 * there, the only thing of the hub's namespace they get is a copy of the gateway's hub service
 * token, and no pod of that namespace (which users' code reaches: Traefik, the API server, the
 * clusters) has any right on a Secret of the hub's namespace.
 */
import { Chart, Testing } from 'cdk8s';
import { Authenticator, DaskGateway, Hub, Namespace, Proxy } from '../../lib';
import { all, find, Obj, seedCharts } from '../util';

const HUB_NS = 'dhub';
const DASK_NS = 'dhub-dask';

type Labels = { [key: string]: string };

const selects = (selector: Labels | undefined, pod: Labels) =>
  Object.entries(selector ?? {}).every(([k, v]) => pod[k] === v);

/** The rules each ServiceAccount of `objs` gets, with the namespace they apply in ('*' for a ClusterRole). */
function rightsOf(objs: Obj[]): { account: string; namespace: string; rule: any }[] {
  const out: { account: string; namespace: string; rule: any }[] = [];
  for (const b of objs.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
    const role = find(objs, b.roleRef.kind, b.roleRef.name);
    for (const s of b.subjects.filter((x: any) => x.kind === 'ServiceAccount')) {
      for (const rule of role.rules) {
        out.push({
          account: `${s.namespace}/${s.name}`,
          namespace: b.kind === 'RoleBinding' ? b.metadata.namespace! : '*',
          rule,
        });
      }
    }
  }
  return out;
}

/** Pod templates of the Deployments and Jobs of `objs`, with their namespace. */
function workloads(objs: Obj[]): { name: string; namespace: string; spec: any }[] {
  return objs
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .map((o) => ({ name: o.metadata.name, namespace: o.metadata.namespace!, spec: o.spec.template.spec }));
}

describe("the daskhub chart's Dask Gateway, in a namespace of its own", () => {
  const objs = seedCharts().daskhub;

  test('the API server, the controller and Traefik run in the Dask namespace, and the clusters too', () => {
    for (const d of ['api-dhub-dask-gateway', 'controller-dhub-dask-gateway', 'traefik-dhub-dask-gateway']) {
      expect({ d, namespace: find(objs, 'Deployment', d).metadata.namespace }).toEqual({ d, namespace: DASK_NS });
    }
    const config: string = find(objs, 'ConfigMap', 'dhub-dask-gateway-config').data['dask_gateway_config.py'];
    expect(config).toContain('c.KubeBackend.gateway_instance = "dhub-dask-gateway"');
    expect(config).toMatch(new RegExp(`c\\.KubeClusterConfig\\.namespace = "${DASK_NS}"`));
    // Users' tokens are checked at the hub's API, across namespaces.
    expect(config).toContain(`c.JupyterHubAuthenticator.jupyterhub_api_url = "http://hub.${HUB_NS}:8081/hub/api"`);
  });

  test("no ServiceAccount of a pod in the Dask namespace has a right on a Secret of the hub's namespace, nor any cluster-wide one", () => {
    const daskAccounts = new Set(
      workloads(objs)
        .filter((w) => w.namespace === DASK_NS)
        .map((w) => `${DASK_NS}/${w.spec.serviceAccountName}`),
    );
    expect(daskAccounts.size).toBe(4);
    const secretRights = rightsOf(objs).filter(
      (r) => daskAccounts.has(r.account) && (r.rule.resources ?? []).some((x: string) => x === 'secrets' || x === '*'),
    );
    expect(secretRights.filter((r) => r.namespace !== DASK_NS)).toEqual([]);
  });

  test("the only Secret the Dask namespace's pods read is the gateway's hub service token, mirrored by a Job in the hub's namespace", () => {
    const refs = workloads(objs)
      .filter((w) => w.namespace === DASK_NS)
      .flatMap((w) =>
        w.spec.containers.flatMap((c: any) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name)),
      )
      .filter((n: string | undefined) => n !== undefined);
    expect([...new Set(refs)]).toEqual(['hub-service-dask-gateway', 'hub-service-dask-gateway-dashboards']);
    const job = workloads(objs).find((w) => w.name.startsWith('dhub-dask-gateway-token-mirror'))!;
    expect(job.namespace).toBe(HUB_NS);
    const script: string = find(objs, 'ConfigMap', 'dhub-dask-gateway-token-mirror').data['secret_init.py'];
    expect(script).toContain(`"name": "hub-service-dask-gateway"`);
    expect(script).toContain(`"namespaces": ["${HUB_NS}", "${DASK_NS}"]`);
    // The mirror's account: 'get' on exactly the token in each namespace, 'create' (RBAC cannot narrow it to a name).
    const mirror = rightsOf(objs).filter((r) => r.account === `${HUB_NS}/dhub-dask-gateway-token-mirror`);
    expect(mirror.map((r) => [r.namespace, r.rule.verbs, r.rule.resourceNames]).sort()).toEqual(
      [
        [DASK_NS, ['create'], undefined],
        [DASK_NS, ['get'], ['hub-service-dask-gateway', 'hub-service-dask-gateway-dashboards']],
        [HUB_NS, ['create'], undefined],
        [HUB_NS, ['get'], ['hub-service-dask-gateway', 'hub-service-dask-gateway-dashboards']],
      ].sort(),
    );
    // The mirror is the token's one generator: the hub's secret-init does not make it (no race between two generators).
    expect(find(objs, 'ConfigMap', 'hub-config').data['secret_init.py'] ?? '').not.toContain(
      'hub-service-dask-gateway',
    );
  });

  test("the hub's pods reach Traefik across namespaces, and the API server the hub's API", () => {
    const policies = all(objs, 'NetworkPolicy');
    const traefik = find(objs, 'NetworkPolicy', 'traefik-dhub-dask-gateway');
    const fromHubNs = traefik.spec.ingress[0].from;
    expect(
      fromHubNs.every((p: any) => p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === HUB_NS),
    ).toBe(true);
    const hubPod = find(objs, 'Deployment', 'hub').spec.template.metadata.labels;
    const admitsApi = policies
      .filter(
        (p) =>
          p.metadata.namespace === HUB_NS &&
          selects(p.spec.podSelector.matchLabels, hubPod) &&
          p.spec.policyTypes.includes('Ingress'),
      )
      .flatMap((p) => p.spec.ingress)
      .filter((r: any) =>
        r.from.some(
          (f: any) =>
            f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === DASK_NS &&
            f.podSelector?.matchLabels?.component === 'api',
        ),
      );
    expect(admitsApi.map((r: any) => r.ports)).toEqual([[{ protocol: 'TCP', port: 8081 }]]);
  });
});

describe('a DaskGateway beside its hub (one namespace), as before', () => {
  test('keeps its token from the hub and refuses nothing', () => {
    const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
    const scope = new Namespace(c, 'science');
    const hub = new Hub(scope, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
    hub.addIntegration(new Proxy(scope, 'proxy'));
    hub.addIntegration(new DaskGateway(scope, 'dask'));
    const objs = Testing.synth(c) as Obj[];
    expect(objs.filter((o) => o.kind === 'Job')).toEqual([]);
    expect(find(objs, 'ConfigMap', 'hub-config').data['secret_init.py']).toContain('hub-service-dask-gateway');
  });
});
