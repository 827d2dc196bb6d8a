/**
 * DaskGateway (issue 11): Dask Gateway 2026.3.0 beside a hub, in its namespace. What it creates,
 * the exact Kubernetes rights of each component (compared with the dask-gateway chart's
 * ClusterRoles), the NetworkPolicies as a graph of allowed flows, the generated
 * `dask_gateway_config.py` (every trait exists in 2026.3.0; the cluster options run through the
 * gateway's own option classes), and the users' servers' settings read back by real `dask.config`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as yaml from 'js-yaml';
import { Authenticator, DaskClusterOption, DaskGateway, Hub, Namespace, NodePool, Proxy } from '../../lib';
import { all, container, env, find, Obj, seedCharts, synth } from '../util';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const TRAITS: {
  'dask-gateway-server': string;
  classes: { [cls: string]: { [trait: string]: { deprecated: boolean } } };
} = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'traits-dask-gateway-server-2026.3.0.json'), 'utf8'));
const objs: Obj[] = seedCharts().daskhub;
// The hub's namespace and the gateway's own (the daskhub chart's gateway is in a namespace of its own).
const inDhub = objs.filter((o) => o.metadata.namespace === 'dhub' || o.metadata.namespace === 'dhub-dask');
const gatewayConfig: string = find(objs, 'ConfigMap', 'dhub-dask-gateway-config').data['dask_gateway_config.py'];
const hubConfig: string = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];

/** A Python that imports `modules` (Debian's /usr/bin/python3 first), or undefined. */
function pythonWith(...modules: string[]): string | undefined {
  return ['/usr/bin/python3', 'python3'].find(
    (p) => spawnSync(p, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' }).status === 0,
  );
}

/** A hub and its proxy in namespace `ns` of a fresh chart, for bad-input and wiring cases. */
function hubIn(ns = 'dhub', baseUrl = '/'): { c: Chart; scope: Namespace; hub: Hub } {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const scope = new Namespace(c, ns);
  const hub = new Hub(scope, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }), baseUrl });
  hub.addIntegration(new Proxy(scope, 'proxy'));
  return { c, scope, hub };
}

describe("what the daskhub chart's gateway creates, in its own namespace dhub-dask", () => {
  test("the API server, controller and Traefik, named as the daskhub chart names them for a release in dhub (the seed's pods)", () => {
    expect(all(inDhub, 'Deployment').map((o) => o.metadata.name)).toEqual([
      'hub',
      'proxy',
      'api-dhub-dask-gateway',
      'controller-dhub-dask-gateway',
      'traefik-dhub-dask-gateway',
      'auth-dhub-dask-gateway',
    ]);
    expect(
      all(inDhub, 'Service').map(
        (o) =>
          `${o.metadata.name}:${o.spec.ports.map((p: any) => `${p.port}->${p.targetPort}`).join(',')}:${o.spec.type}`,
      ),
    ).toEqual(
      expect.arrayContaining([
        'api-dhub-dask-gateway:8000->api:ClusterIP',
        'traefik-dhub-dask-gateway:80->web:ClusterIP',
      ]),
    );
    // Pinned images, as the dask-gateway chart 2026.3.0 pins them.
    expect(
      ['api-dhub-dask-gateway', 'controller-dhub-dask-gateway', 'traefik-dhub-dask-gateway'].map(
        (n) => find(objs, 'Deployment', n).spec.template.spec.containers[0].image,
      ),
    ).toEqual([
      'ghcr.io/dask/dask-gateway-server:2026.3.0',
      'ghcr.io/dask/dask-gateway-server:2026.3.0',
      'docker.io/traefik:3.3.5',
    ]);
    expect(TRAITS['dask-gateway-server']).toBe('2026.3.0');
  });

  test("the API server and controller run the image's entrypoint (tini) with the generated config; the controller is one at a time", () => {
    const api = container(find(objs, 'Deployment', 'api-dhub-dask-gateway'), 'api');
    const controller = find(objs, 'Deployment', 'controller-dhub-dask-gateway');
    expect(api.command).toBeUndefined();
    expect(api.args).toEqual(['dask-gateway-server', '--config', '/etc/dask-gateway/dask_gateway_config.py']);
    expect(container(controller, 'controller').args).toEqual([
      'dask-gateway-server',
      'kube-controller',
      '--config',
      '/etc/dask-gateway/dask_gateway_config.py',
    ]);
    expect(controller.spec.strategy).toEqual({ type: 'Recreate' });
    for (const d of [find(objs, 'Deployment', 'api-dhub-dask-gateway'), controller]) {
      expect(d.spec.template.spec.volumes).toContainEqual({
        name: 'config',
        configMap: { name: 'dhub-dask-gateway-config', defaultMode: 0o444 },
      });
      expect(d.spec.template.metadata.annotations['checksum/config-map']).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  test("Traefik: only the namespace dhub-dask, only routes labelled with the gateway's instance, no dashboard", () => {
    const args: string[] = container(find(objs, 'Deployment', 'traefik-dhub-dask-gateway'), 'traefik').args;
    expect(args).toEqual(
      expect.arrayContaining([
        '--providers.kubernetescrd.namespaces=dhub-dask',
        '--providers.kubernetescrd.allowcrossnamespace=false',
        '--providers.kubernetescrd.disableclusterscoperesources=true',
        '--providers.kubernetescrd.labelselector=gateway.dask.org/instance=dhub-dask-gateway',
        '--entrypoints.web.address=:8000',
        '--global.sendanonymoususage=false',
      ]),
    );
    expect(args.some((a) => a.startsWith('--api'))).toBe(false);
  });

  test("the API's route under /services/dask-gateway (the prefix the hub's proxy keeps) and the two prefix-stripping middlewares", () => {
    const route = find(objs, 'IngressRoute', 'api-dhub-dask-gateway');
    expect(route.metadata.labels?.['gateway.dask.org/instance']).toBe('dhub-dask-gateway');
    expect(route.spec).toEqual({
      entryPoints: ['web'],
      routes: [
        {
          kind: 'Rule',
          match: 'PathPrefix(`/services/dask-gateway`)',
          middlewares: [{ name: 'api-prefix-dhub-dask-gateway' }],
          services: [{ name: 'api-dhub-dask-gateway', port: 8000 }],
        },
      ],
    });
    expect(find(objs, 'Middleware', 'api-prefix-dhub-dask-gateway').spec).toEqual({
      stripPrefix: { prefixes: ['/services/dask-gateway'] },
    });
    // The controller's routes for each cluster name this one (c.KubeController.proxy_web_middlewares).
    expect(find(objs, 'Middleware', 'clusters-prefix-dhub-dask-gateway').spec).toEqual({
      stripPrefixRegex: { regex: ['/services/dask-gateway/clusters/[a-zA-Z0-9.-]+'] },
    });
    expect(gatewayConfig).toContain(
      'c.KubeController.proxy_web_middlewares = [{"name": "dashboard-auth-dhub-dask-gateway", "namespace": "dhub-dask"}, {"name": "dashboard-credentials-dhub-dask-gateway", "namespace": "dhub-dask"}, {"name": "clusters-prefix-dhub-dask-gateway", "namespace": "dhub-dask"}]',
    );
  });

  test('every container: non-root, no privilege escalation, no capabilities, read-only root filesystem', () => {
    for (const name of ['api-dhub-dask-gateway', 'controller-dhub-dask-gateway', 'traefik-dhub-dask-gateway']) {
      const spec = find(objs, 'Deployment', name).spec.template.spec;
      expect(spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(spec.containers[0].securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    }
  });
});

describe('the gateway as a hub service: its own token, made in the cluster', () => {
  test("the hub registers dask-gateway with Traefik's URL (so the proxy routes /services/dask-gateway/ there), not listed, its token from its env", () => {
    expect(hubConfig).toContain(
      '{"name": "dask-gateway", "url": "http://traefik-dhub-dask-gateway.dhub-dask:80", "display": False, "api_token": os.environ["HUB_SERVICE_TOKEN_DASK_GATEWAY"]}',
    );
    const hub = container(find(objs, 'Deployment', 'hub'), 'hub');
    expect(env(hub, 'HUB_SERVICE_TOKEN_DASK_GATEWAY')).toEqual({
      secretKeyRef: { name: 'hub-service-dask-gateway', key: 'api-token' },
    });
  });

  test('the API server reads the same Secret key (JUPYTERHUB_API_TOKEN); the token mirror Job creates it in both namespaces; no Secret and no token in the manifests', () => {
    const api = container(find(objs, 'Deployment', 'api-dhub-dask-gateway'), 'api');
    expect(env(api, 'JUPYTERHUB_API_TOKEN')).toEqual({
      secretKeyRef: { name: 'hub-service-dask-gateway', key: 'api-token' },
    });
    const script = find(objs, 'ConfigMap', 'dhub-dask-gateway-token-mirror').data['secret_init.py'];
    expect(script).toContain('{"name": "hub-service-dask-gateway", "keys": ["api-token"]');
    // The only Secret is the ACME client's, written empty (its state is stored at run time).
    expect(all(objs, 'Secret').map((o) => ({ name: o.metadata.name, data: o.data, stringData: o.stringData }))).toEqual(
      [{ name: 'proxy-acme', data: undefined, stringData: undefined }],
    );
    // No token-like value anywhere but the pods' config checksums.
    const withoutChecksums = JSON.stringify(objs, (k, v) => (k.startsWith('checksum/') ? undefined : v));
    expect(withoutChecksums).not.toMatch(/[0-9a-f]{32,}/);
  });

  test("users' and their servers' tokens may use the gateway: the user and server roles get access:services!service=dask-gateway; the gateway checks it", () => {
    expect(hubConfig).toContain(
      // and the dashboard auth service (a user logs in to it with OAuth, which needs access to it).
      '{"name": "user", "scopes": ["self", "access:services!service=dask-gateway", "access:services!service=dask-gateway-dashboards"]}, {"name": "server", "scopes": ["users:activity!user", "access:servers!server", "access:services!service=dask-gateway", "access:services!service=dask-gateway-dashboards"]}',
    );
    expect(gatewayConfig).toContain('c.JupyterHubAuthenticator.jupyterhub_service_name = "dask-gateway"');
    expect(gatewayConfig).toContain('c.JupyterHubAuthenticator.use_service_access_scopes = True');
    // The hub's API URL is derived from the Hub (Service, port, base URL).
    expect(gatewayConfig).toContain('c.JupyterHubAuthenticator.jupyterhub_api_url = "http://hub.dhub:8081/hub/api"');
  });
});

/** A rule set as `group/resource:verb` strings, `*` expanded to the verbs the API knows. */
function grants(rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[]): string[] {
  const every = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
  return [
    ...new Set(
      rules.flatMap((r) =>
        r.apiGroups.flatMap((g) =>
          r.resources.flatMap((res) =>
            (r.verbs.includes('*') ? every : r.verbs).map((v) => `${g || 'core'}/${res}:${v}`),
          ),
        ),
      ),
    ),
  ].sort();
}

describe('RBAC: exactly the calls dask-gateway 2026.3.0 makes', () => {
  const role = (kind: string, name: string) => find(objs, kind, name);
  const chartRoles = (
    yaml.loadAll(
      fs.readFileSync(path.join(FIXTURES, 'reference', 'daskhub', 'dask-gateway-2026.3.0-clusterroles.yaml'), 'utf8'),
    ) as any[]
  ).reduce((m, r) => ({ ...m, [r.metadata.name]: r.rules }), {} as { [name: string]: any[] });

  test('the API server: its informer lists and watches DaskClusters of every namespace; it creates and patches them, and reads Secrets, in dhub-dask only', () => {
    expect(grants(role('ClusterRole', 'api-dhub-dask-gateway').rules)).toEqual([
      'gateway.dask.org/daskclusters:list',
      'gateway.dask.org/daskclusters:watch',
    ]);
    expect(grants(role('Role', 'api-dhub-dask-gateway').rules)).toEqual([
      'core/secrets:get',
      'gateway.dask.org/daskclusters:create',
      'gateway.dask.org/daskclusters:patch',
    ]);
  });

  test('the controller: informers on DaskClusters, pods and endpoints everywhere; it creates and deletes cluster pods and credentials, creates Services and routes, in dhub-dask only', () => {
    expect(grants(role('ClusterRole', 'controller-dhub-dask-gateway').rules)).toEqual([
      'core/endpoints:list',
      'core/endpoints:watch',
      'core/pods:list',
      'core/pods:watch',
      'gateway.dask.org/daskclusters:list',
      'gateway.dask.org/daskclusters:watch',
    ]);
    expect(grants(role('Role', 'controller-dhub-dask-gateway').rules)).toEqual([
      'core/pods:create',
      'core/pods:delete',
      'core/secrets:create',
      'core/secrets:delete',
      'core/services:create',
      'gateway.dask.org/daskclusters/status:patch',
      'gateway.dask.org/daskclusters:delete',
      'traefik.io/ingressroutes:create',
      'traefik.io/ingressroutetcps:create',
    ]);
  });

  test('Traefik: a Role in dhub-dask (its provider watches dhub-dask only, no nodes or IngressClasses); no ClusterRole', () => {
    expect(objs.some((o) => o.kind === 'ClusterRole' && o.metadata.name === 'traefik-dhub-dask-gateway')).toBe(false);
    expect(grants(role('Role', 'traefik-dhub-dask-gateway').rules).filter((g) => !g.startsWith('traefik.io/'))).toEqual(
      [
        'core/secrets:get',
        'core/secrets:list',
        'core/secrets:watch',
        'core/services:get',
        'core/services:list',
        'core/services:watch',
        'discovery.k8s.io/endpointslices:list',
        'discovery.k8s.io/endpointslices:watch',
      ],
    );
  });

  test('each account is bound to its own roles only', () => {
    for (const [kind, bound] of [
      ['RoleBinding', 'Role'],
      ['ClusterRoleBinding', 'ClusterRole'],
    ]) {
      for (const b of all(objs, kind).filter((o) => o.metadata.name.endsWith('dhub-dask-gateway'))) {
        expect({ b: b.metadata.name, ref: b.roleRef, subjects: b.subjects }).toEqual({
          b: b.metadata.name,
          ref: { apiGroup: 'rbac.authorization.k8s.io', kind: bound, name: b.metadata.name },
          subjects: [{ kind: 'ServiceAccount', name: b.metadata.name, namespace: 'dhub-dask' }],
        });
      }
    }
  });

  test('every right is one the dask-gateway chart grants too; what the chart grants beyond them is dropped (the README lists it)', () => {
    const dropped: { [account: string]: string[] } = {};
    for (const name of ['api-dhub-dask-gateway', 'controller-dhub-dask-gateway', 'traefik-dhub-dask-gateway']) {
      const ours = [
        ...grants(objs.find((o) => o.kind === 'ClusterRole' && o.metadata.name === name)?.rules ?? []),
        ...grants(role('Role', name).rules),
      ];
      const chart = grants(chartRoles[name]);
      expect({ name, notInChart: ours.filter((g) => !chart.includes(g)) }).toEqual({ name, notInChart: [] });
      dropped[name] = chart.filter((g) => !ours.includes(g));
    }
    const every = (res: string) =>
      ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'].map(
        (v) => `gateway.dask.org/${res}:${v}`,
      );
    expect(dropped).toEqual({
      'api-dhub-dask-gateway': every('daskclusters').filter((g) => !/:(list|watch|create|patch)$/.test(g)),
      'controller-dhub-dask-gateway': [
        'core/endpoints:get',
        'core/pods:get',
        'core/services:delete',
        ...every('daskclusters/status').filter((g) => !g.endsWith(':patch')),
        ...every('daskclusters').filter((g) => !/:(list|watch|delete)$/.test(g)),
        'traefik.io/ingressroutes:delete',
        'traefik.io/ingressroutes:get',
        'traefik.io/ingressroutetcps:delete',
        'traefik.io/ingressroutetcps:get',
      ].sort(),
      'traefik-dhub-dask-gateway': [
        'core/nodes:get',
        'core/nodes:list',
        'core/nodes:watch',
        'extensions/ingressclasses:get',
        'extensions/ingressclasses:list',
        'extensions/ingressclasses:watch',
        'networking.k8s.io/ingressclasses:get',
        'networking.k8s.io/ingressclasses:list',
        'networking.k8s.io/ingressclasses:watch',
      ],
    });
    // And all of the chart's rights outside dhub, but the four informers' list/watch.
  });
});

/** A pod of the namespace as NetworkPolicies see it: its labels. */
type Pod = { [key: string]: string };

/**
 * Whether the NetworkPolicies of `policies` (one namespace) let `from` open a TCP connection to
 * `to` on `port`: the source's egress and the target's ingress must both allow it (a pod no
 * policy of that direction selects is not isolated in it).
 */
function allows(policies: Obj[], from: Pod, to: Pod, port: number): boolean {
  // A pod's namespace is its '@ns' entry; a selector's labels never name it.
  const selects = (sel: { matchLabels?: Pod } | undefined, pod: Pod) =>
    Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => pod[k] === v);
  const portOk = (ports: any[] | undefined) =>
    !ports ||
    ports.some(
      (p) =>
        (p.port === port || (p.endPort !== undefined && p.port <= port && port <= p.endPort)) &&
        (p.protocol ?? 'TCP') === 'TCP',
    );
  // Peers: pods of the policy's namespace, or of the namespace its namespaceSelector names
  // (ipBlocks are addresses outside the pod network's ranges here).
  const peerOk = (peers: any[] | undefined, pod: Pod, policyNs: string) =>
    !peers ||
    peers.some(
      (p) =>
        p.podSelector &&
        selects(p.podSelector, pod) &&
        (p.namespaceSelector
          ? p.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] === pod['@ns']
          : pod['@ns'] === policyNs),
    );
  const side = (type: 'Ingress' | 'Egress', subject: Pod, other: Pod) => {
    const applying = policies.filter(
      (p) =>
        p.metadata.namespace === subject['@ns'] &&
        p.spec.policyTypes.includes(type) &&
        selects(p.spec.podSelector, subject),
    );
    if (applying.length === 0) return true;
    return applying.some((p) =>
      ((type === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some(
        (r: any) => portOk(r.ports) && peerOk(type === 'Ingress' ? r.from : r.to, other, p.metadata.namespace!),
      ),
    );
  };
  return side('Egress', from, to) && side('Ingress', to, from);
}

describe('NetworkPolicies derived from the construct graph (no policy turned off)', () => {
  const policies = all(inDhub, 'NetworkPolicy');
  const podOf = (deployment: string): Pod => {
    const d = find(objs, 'Deployment', deployment);
    return { ...d.spec.template.metadata.labels, '@ns': d.metadata.namespace! };
  };
  // As KubeSpawner labels a user's server (common_labels, component_label, extra_labels).
  const user: Pod = {
    app: 'jupyterhub',
    component: 'singleuser-server',
    release: 'jupyterhub',
    heritage: 'jupyterhub',
    'hub.jupyter.org/network-access-hub': 'true',
    '@ns': 'dhub',
  };
  // As the controller labels a cluster's pods (common_labels, instance, cluster, component).
  const clusterPod = (component: string): Pod => ({
    'app.kubernetes.io/name': 'dask-gateway',
    'app.kubernetes.io/version': '2026.3.0',
    'gateway.dask.org/instance': 'dhub-dask-gateway',
    'gateway.dask.org/cluster': '0123abcd',
    'app.kubernetes.io/component': component,
    '@ns': 'dhub-dask',
  });
  const pods: { [name: string]: Pod } = {
    user,
    hub: podOf('hub'),
    proxy: podOf('proxy'),
    api: podOf('api-dhub-dask-gateway'),
    controller: podOf('controller-dhub-dask-gateway'),
    traefik: podOf('traefik-dhub-dask-gateway'),
    scheduler: clusterPod('dask-scheduler'),
    worker: clusterPod('dask-worker'),
  };

  test.each([
    // Item 5 of the issue, and its clarifications.
    ['user', 'traefik', 8000, true, "users' servers reach the gateway's Traefik (Dask client: API and scheduler TLS)"],
    ['proxy', 'traefik', 8000, true, 'the proxy routes /services/dask-gateway/ (browsers: dashboards) to Traefik'],
    ['hub', 'traefik', 8000, true, "the hub checks its service's URL, Traefik's, at start and every 60 s (issue 21)"],
    ['traefik', 'api', 8000, true, 'Traefik reaches the API server'],
    ['traefik', 'scheduler', 8786, true, 'Traefik reaches the schedulers (TLS, by SNI)'],
    ['traefik', 'scheduler', 8787, true, "Traefik reaches the schedulers' dashboards"],
    ['api', 'hub', 8081, true, "the API server reaches the hub API (users' tokens)"],
    ['scheduler', 'api', 8000, true, 'schedulers reach the API server (heartbeats)'],
    ['api', 'scheduler', 8788, true, "the API server reaches the schedulers' API (scaling)"],
    ['worker', 'scheduler', 8786, true, 'workers reach their scheduler'],
    ['scheduler', 'worker', 40123, true, 'schedulers reach workers on their own ports'],
    ['worker', 'worker', 40123, true, 'workers exchange data directly'],
    // Nothing else new.
    ['user', 'api', 8000, false, "users' servers do not bypass Traefik"],
    ['user', 'scheduler', 8786, false, 'nor reach schedulers directly'],
    ['user', 'worker', 40123, false, 'nor workers'],
    ['proxy', 'api', 8000, false, 'the proxy reaches Traefik only'],
    ['traefik', 'worker', 40123, false, 'Traefik does not reach workers'],
    ['traefik', 'hub', 8081, false, 'Traefik does not reach the hub'],
    ['worker', 'api', 8000, false, 'workers do not call the API server'],
    ['worker', 'hub', 8081, false, 'clusters do not reach the hub'],
    ['scheduler', 'hub', 8081, false, 'clusters do not reach the hub'],
    ['controller', 'api', 8000, false, 'the controller talks to the Kubernetes API only'],
    ['user', 'controller', 8000, false, 'nobody reaches the controller'],
    ['traefik', 'controller', 8000, false, 'nobody reaches the controller'],
  ] as [string, string, number, boolean, string][])('%s -> %s:%d allowed: %s (%s)', (from, to, port, allowed) => {
    expect(allows(policies, pods[from], pods[to], port)).toBe(allowed);
  });

  test('the controller, API server and Traefik reach the Kubernetes API (443/6443/8443); clusters do not', () => {
    const kubeApi = (name: string) =>
      policies
        .find((p) => p.metadata.name === name)!
        .spec.egress.some((r: any) => !r.to && r.ports.map((p: any) => p.port).join() === '443,6443,8443');
    expect(
      [
        'controller-dhub-dask-gateway',
        'api-dhub-dask-gateway',
        'traefik-dhub-dask-gateway',
        'dhub-dask-gateway-schedulers',
        'dhub-dask-gateway-workers',
      ].map(kubeApi),
    ).toEqual([true, true, true, false, false]);
  });

  test("workers reach the internet (public addresses, not the metadata endpoint), as users' servers do; clusterInternetAccess: false takes it away", () => {
    const internet = (p: Obj) => p.spec.egress.find((r: any) => r.to?.[0]?.ipBlock?.cidr === '0.0.0.0/0');
    expect(internet(find(policies, 'NetworkPolicy', 'dhub-dask-gateway-workers')).to[0].ipBlock.except).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '169.254.169.254/32',
    ]);
    expect(internet(find(policies, 'NetworkPolicy', 'dhub-dask-gateway-schedulers'))).toBeUndefined();
    const { c, scope, hub } = hubIn();
    hub.addIntegration(new DaskGateway(scope, 'dask', { clusterInternetAccess: false }));
    expect(internet(find(synth(c), 'NetworkPolicy', 'dhub-dask-gateway-workers'))).toBeUndefined();
  });

  test("the policies of clusters' pods select the labels the controller gives them (gateway.dask.org/instance and app.kubernetes.io/component)", () => {
    expect(find(policies, 'NetworkPolicy', 'dhub-dask-gateway-schedulers').spec.podSelector.matchLabels).toEqual({
      'gateway.dask.org/instance': 'dhub-dask-gateway',
      'app.kubernetes.io/component': 'dask-scheduler',
    });
    expect(find(policies, 'NetworkPolicy', 'dhub-dask-gateway-workers').spec.podSelector.matchLabels).toEqual({
      'gateway.dask.org/instance': 'dhub-dask-gateway',
      'app.kubernetes.io/component': 'dask-worker',
    });
    // The gateway's own pods never carry the instance label: the controller watches pods by it.
    for (const n of ['api', 'controller', 'traefik']) expect(pods[n]['gateway.dask.org/instance']).toBeUndefined();
  });

  test("networkPolicy: false creates none of the gateway's policies", () => {
    const { c, scope, hub } = hubIn();
    hub.addIntegration(new DaskGateway(scope, 'dask', { networkPolicy: false }));
    expect(all(synth(c), 'NetworkPolicy').map((p) => p.metadata.name)).toEqual(['hub', 'singleuser', 'proxy']);
  });
});

/** Every `c.Class.trait = ...` the file sets. */
const traitsSet = (config: string) =>
  [...config.matchAll(/^c\.(\w+)\.(\w+)\s*=/gm)].map((m) => ({ cls: m[1], trait: m[2] }));

describe('dask_gateway_config.py', () => {
  const everything = (() => {
    const { c, scope, hub } = hubIn('science', '/jupyter/');
    const gw = new DaskGateway(scope, 'dask', {
      name: 'dg',
      scheduler: {
        resources: {
          cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(1) },
          memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
        },
      },
      worker: {
        resources: {
          cpu: { request: kplus.Cpu.units(1), limit: kplus.Cpu.units(2) },
          memory: { request: Size.gibibytes(4), limit: Size.gibibytes(4) },
        },
      },
      clusterEnvironment: { OMP_NUM_THREADS: '1' },
      idleTimeout: Duration.minutes(30),
      clusterMaxCores: 64,
      clusterMaxMemory: Size.gibibytes(256),
      clusterMaxWorkers: 32,
      clusterOptions: [
        DaskClusterOption.workerCores(),
        DaskClusterOption.workerMemory(),
        DaskClusterOption.image({ default: 'docker.io/pangeo/pangeo-notebook:2025.11.13' }),
        DaskClusterOption.environment({ default: { A: '1' } }),
      ],
    });
    hub.addIntegration(gw);
    synth(c);
    return gw.config;
  })();
  const configs: [string, string][] = [
    ['the daskhub chart', gatewayConfig],
    ['a gateway with every prop set', everything],
  ];

  test.each(configs)(
    'sets only traits that exist, undeprecated, in dask-gateway-server 2026.3.0 (%s)',
    (_name, config) => {
      const set = traitsSet(config);
      expect(set.length).toBeGreaterThan(20);
      expect(
        set
          .map(({ cls, trait }) => {
            const t = TRAITS.classes[cls]?.[trait];
            return !t
              ? `c.${cls}.${trait} does not exist`
              : t.deprecated
                ? `c.${cls}.${trait} is deprecated`
                : undefined;
          })
          .filter(Boolean),
      ).toEqual([]);
    },
  );

  test('the trait check catches a typo (so a pass means something)', () => {
    expect(
      traitsSet('c.KubeClusterConfig.worker_cors = 1\n').map(({ cls, trait }) => TRAITS.classes[cls]?.[trait]),
    ).toEqual([undefined]);
  });

  test('typed cluster settings become KubeClusterConfig traits (cores as numbers, memory in bytes, seconds)', () => {
    for (const line of [
      'c.KubeClusterConfig.namespace = "science"',
      'c.KubeClusterConfig.image = "ghcr.io/dask/dask-gateway:2026.3.0"',
      'c.KubeClusterConfig.scheduler_cores = 0.5',
      'c.KubeClusterConfig.scheduler_cores_limit = 1',
      'c.KubeClusterConfig.scheduler_memory = 1073741824',
      'c.KubeClusterConfig.scheduler_memory_limit = 2147483648',
      'c.KubeClusterConfig.worker_cores = 1',
      'c.KubeClusterConfig.worker_cores_limit = 2',
      'c.KubeClusterConfig.worker_memory = 4294967296',
      'c.KubeClusterConfig.idle_timeout = 1800',
      'c.KubeClusterConfig.cluster_max_cores = 64',
      'c.KubeClusterConfig.cluster_max_memory = 274877906944',
      'c.KubeClusterConfig.cluster_max_workers = 32',
      'c.KubeClusterConfig.environment = {"OMP_NUM_THREADS": "1"}',
      'c.KubeController.proxy_prefix = "/jupyter/services/dask-gateway"',
      'c.JupyterHubAuthenticator.jupyterhub_api_url = "http://hub:8081/jupyter/hub/api"',
      'c.KubeBackend.api_url = "http://api-dg.science:8000/api"',
      'c.KubeBackend.gateway_instance = "dg"',
      'c.KubeController.gateway_instance = "dg"',
    ])
      expect(everything.split('\n')).toContain(line);
  });

  test("the daskhub chart's worker placement: the seed's node affinity and three tolerations, with the restricted security context", () => {
    const line = gatewayConfig.split('\n').find((l) => l.startsWith('c.KubeClusterConfig.worker_extra_pod_config = '))!;
    const pod = JSON.parse(
      line.slice('c.KubeClusterConfig.worker_extra_pod_config = '.length).replace(/\bTrue\b/g, 'true'),
    );
    const seed = (
      yaml.load(fs.readFileSync(path.join(FIXTURES, 'reference', 'daskhub', 'config.yaml'), 'utf8')) as any
    )['dask-gateway'].gateway.backend.worker.extraPodConfig;
    expect(pod).toEqual({
      ...seed,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      },
    });
    expect(gatewayConfig).toContain(
      'c.KubeClusterConfig.worker_extra_container_config = {"securityContext": {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}}',
    );
  });

  const PY = pythonWith('traitlets');
  (PY ? describe : describe.skip)(
    "the cluster options, run by dask-gateway-server 2026.3.0's own option classes (test/fixtures/dask-gateway-server-2026.3.0)",
    () => {
      /** Loads the config with traitlets, then asks its Options what a request becomes (as the backend's process_cluster_options does). */
      function options(config: string, requests: object[]): any[] {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-config-'));
        try {
          const file = path.join(dir, 'dask_gateway_config.py');
          fs.writeFileSync(file, config);
          const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
from traitlets.config import Config
from dask_gateway_server.traitlets import MemoryLimit
c = Config()
exec(compile(open(sys.argv[2]).read(), sys.argv[2], "exec"), {"get_config": lambda: c})
opts = c.Backend.cluster_options
out = {"spec": opts.get_specification(), "results": []}
for request in json.loads(sys.argv[3]):
    try:
        settings = opts.get_configuration(opts.parse_options(request), None)
        for k in ("worker_memory", "worker_memory_limit"):
            if k in settings:
                settings[k + "_bytes"] = MemoryLimit().validate(None, settings[k])
        out["results"].append(settings)
    except Exception as e:
        out["results"].append({"error": "%s: %s" % (type(e).__name__, e)})
print(json.dumps(out))
`;
          const r = spawnSync(
            PY!,
            ['-c', script, path.join(FIXTURES, 'dask-gateway-server-2026.3.0'), file, JSON.stringify(requests)],
            { encoding: 'utf8' },
          );
          if (r.status !== 0) throw new Error(r.stderr);
          const out = JSON.parse(r.stdout);
          return [out.spec, ...out.results];
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }

      test("the seed's four options: Float worker_cores 1..16, Float worker_memory 1..32 GiB, String image (the single-user image), Mapping environment", () => {
        const [spec] = options(gatewayConfig, []);
        expect(spec).toEqual([
          { field: 'worker_cores', label: 'Worker Cores', default: 1, spec: { type: 'float', min: 1, max: 16 } },
          {
            field: 'worker_memory',
            label: 'Worker Memory (GiB)',
            default: 2,
            spec: { type: 'float', min: 1, max: 32 },
          },
          {
            field: 'image',
            label: 'Image',
            default: 'mcr.microsoft.com/planetary-computer/python:latest',
            spec: { type: 'string' },
          },
          { field: 'environment', label: 'Environment Variables', default: {}, spec: { type: 'mapping' } },
        ]);
      });

      test("the seed's formulas: cores request 0.88 x min(cores / 2, 1), limit cores; memory request 0.95 x memory, limit memory", () => {
        const [, defaults, big, small] = options(gatewayConfig, [
          {},
          { worker_cores: 4, worker_memory: 16 },
          { worker_cores: 1, worker_memory: 1 },
        ]);
        expect(defaults).toEqual({
          worker_cores: 0.44,
          worker_cores_limit: 1,
          worker_threads: 1,
          worker_memory: '1.900000G',
          worker_memory_limit: '2.000000G',
          worker_memory_bytes: Math.floor(1.9 * 2 ** 30),
          worker_memory_limit_bytes: 2 * 2 ** 30,
          image: 'mcr.microsoft.com/planetary-computer/python:latest',
          environment: {},
        });
        expect([big.worker_cores, big.worker_cores_limit, big.worker_memory, big.worker_memory_limit]).toEqual([
          0.88,
          4,
          '15.200000G',
          '16.000000G',
        ]);
        expect([small.worker_cores, small.worker_cores_limit, small.worker_memory, small.worker_memory_limit]).toEqual([
          0.44,
          1,
          '0.950000G',
          '1.000000G',
        ]);
      });

      test('out of bounds, an image without a tag, an unknown field: refused by the gateway', () => {
        const [, tooMany, tooLittle, untagged, registryPort, digest, unknown] = options(gatewayConfig, [
          { worker_cores: 17 },
          { worker_memory: 0.5 },
          { image: 'pangeo/pangeo-notebook' },
          { image: 'registry.example.org:5000/team/image' },
          { image: `ghcr.io/x/y@sha256:${'a'.repeat(64)}` },
          { gpus: 1 },
        ]);
        expect(tooMany.error).toMatch(/^ValueError: worker_cores must be <= 16/);
        expect(tooLittle.error).toMatch(/^ValueError: worker_memory must be >= 1/);
        expect(untagged.error).toBe('ValueError: When specifying an image you must also provide a tag');
        // The seed's check (":" anywhere) let a registry port pass as a tag; this one does not.
        expect(registryPort.error).toBe('ValueError: When specifying an image you must also provide a tag');
        expect(digest.image).toBe(`ghcr.io/x/y@sha256:${'a'.repeat(64)}`);
        expect(unknown.error).toBe("ValueError: Unknown fields ['gpus']");
      });

      test('the environment a user picks is added to the configured one', () => {
        const [, r] = options(everything, [{ environment: { B: '2', OMP_NUM_THREADS: '4' } }]);
        expect(r.environment).toEqual({ OMP_NUM_THREADS: '4', B: '2' });
      });
    },
  );
});

describe("users' servers wired to the gateway (KubeSpawner environment)", () => {
  const line = hubConfig.split('\n').find((l) => l.startsWith('c.KubeSpawner.environment = '))!;
  const environment: { [k: string]: string } = JSON.parse(line.slice('c.KubeSpawner.environment = '.length));

  test("the seed's extraEnv and daskhub's DASK_GATEWAY__* are derived, as KubeSpawner templates (literal braces doubled)", () => {
    expect(environment).toEqual({
      DASK_GATEWAY__ADDRESS: 'http://traefik-dhub-dask-gateway.dhub-dask:80/services/dask-gateway',
      DASK_GATEWAY__PROXY_ADDRESS: 'gateway://traefik-dhub-dask-gateway.dhub-dask:80',
      DASK_GATEWAY__PUBLIC_ADDRESS: '/services/dask-gateway/',
      DASK_GATEWAY__AUTH__TYPE: 'jupyterhub',
      DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE: '{{JUPYTER_IMAGE_SPEC}}',
      DASK_DISTRIBUTED__DASHBOARD__LINK: '/user/{{JUPYTERHUB_USER}}/proxy/{{port}}/status',
      DASK_LABEXTENSION__FACTORY__MODULE: 'dask_gateway',
      DASK_LABEXTENSION__FACTORY__CLASS: 'GatewayCluster',
    });
  });

  test('without an image option, servers send no image default (the gateway would refuse an unknown option)', () => {
    const { c, scope, hub } = hubIn();
    hub.addIntegration(new DaskGateway(scope, 'dask', { clusterOptions: [DaskClusterOption.workerCores()] }));
    synth(c);
    expect(hub.config).not.toContain('DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE');
    expect(hub.config).toContain(
      '"DASK_GATEWAY__ADDRESS": "http://traefik-dhub-dask-gateway.dhub:80/services/dask-gateway"',
    );
  });

  const PY = pythonWith('dask.config');
  const missing =
    'python3-dask (Debian) is missing: apt-get install -y python3-dask (scripts/system-deps.sh installs it)';
  if (!PY && process.env.CI !== 'true') console.log(`${missing}: the dask.config test is skipped`);
  if (!PY && process.env.CI === 'true')
    test('python3-dask is installed (CI)', () => {
      throw new Error(missing);
    });

  (PY ? test : test.skip)(
    "read back by real dask.config (python3-dask), after KubeSpawner's expansion, as the Dask client resolves them",
    () => {
      // KubeSpawner formats each value with the user's properties ({{ -> {); the server also gets its image and user name.
      const expanded = Object.fromEntries(
        Object.entries(environment).map(([k, v]) => [k, v.replace(/\{\{/g, '{').replace(/\}\}/g, '}')]),
      );
      const serverEnv = {
        ...expanded,
        JUPYTER_IMAGE_SPEC: 'docker.io/pangeo/pangeo-notebook:2025.11.13',
        JUPYTERHUB_USER: 'ada',
      };
      const script = `
import json, os, sys
import dask, dask.config
os.environ.update(json.loads(sys.argv[1]))
dask.config.refresh()
get = dask.config.get
print(json.dumps({
    "dask": dask.__version__,
    "address": get("gateway.address"),
    "proxy-address": get("gateway.proxy-address"),
    "public-address": get("gateway.public-address"),
    "auth": get("gateway.auth.type"),
    # dask_gateway.utils.format_template: str.format(**os.environ)
    "image": get("gateway.cluster.options.image").format(**os.environ),
    # distributed.utils.format_dashboard_link: template.format(**os.environ, host=host, port=port)
    "dashboard": get("distributed.dashboard.link").format(**os.environ, host="10.1.2.3", port=8787),
    "factory": get("labextension.factory"),
    # The seed's name for the link: a key distributed never reads (it reads distributed.dashboard.link).
    "seed-link-key": sorted(k for k in get("distributed") if "link" in k),
}))
`;
      const r = spawnSync(PY!, ['-c', script, JSON.stringify(serverEnv)], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir() },
      });
      expect(r.stderr).toBe('');
      const got = JSON.parse(r.stdout);
      expect(got).toEqual({
        dask: expect.any(String),
        address: 'http://traefik-dhub-dask-gateway.dhub-dask:80/services/dask-gateway',
        'proxy-address': 'gateway://traefik-dhub-dask-gateway.dhub-dask:80',
        'public-address': '/services/dask-gateway/',
        auth: 'jupyterhub',
        image: 'docker.io/pangeo/pangeo-notebook:2025.11.13',
        dashboard: '/user/ada/proxy/8787/status',
        factory: { module: 'dask_gateway', class: 'GatewayCluster' },
        'seed-link-key': [],
      });
      // Each address is the chart's: Traefik's Service and port, the prefix its route serves, the hub's route for the service.
      const traefik = find(objs, 'Service', 'traefik-dhub-dask-gateway');
      const u = new URL(got.address);
      expect([u.hostname, Number(u.port || 80), u.pathname]).toEqual([
        `${traefik.metadata.name}.${traefik.metadata.namespace}`,
        traefik.spec.ports[0].port,
        '/services/dask-gateway',
      ]);
      expect(find(objs, 'IngressRoute', 'api-dhub-dask-gateway').spec.routes[0].match).toBe(
        `PathPrefix(\`${u.pathname}\`)`,
      );
      expect(got['public-address']).toBe(`/services/${'dask-gateway'}/`);
    },
  );
});

describe('refuses bad input, naming the prop', () => {
  test.each([
    [
      // A namespace of its own is accepted (test/dask/dask-gateway-own-namespace.test.ts); an unknown hub namespace is not.
      'a hub in no known namespace, the gateway in another',
      () => {
        const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
        const hub = new Hub(c, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
        hub.addIntegration(new Proxy(c, 'proxy'));
        hub.addIntegration(new DaskGateway(new Namespace(c, 'other'), 'dask'));
      },
      /^Invalid 'hub' \('test\/hub'\): is in namespace 'undefined', the gateway in 'other'/,
    ],
    [
      'a name too long for controller-<name>',
      () => {
        const { scope, hub } = hubIn();
        hub.addIntegration(new DaskGateway(scope, 'dask', { name: 'x'.repeat(60) }));
      },
      /^Invalid 'name' /,
    ],
    [
      'the same option twice',
      () => {
        const { scope, hub } = hubIn();
        hub.addIntegration(
          new DaskGateway(scope, 'dask', { clusterOptions: [DaskClusterOption.image(), DaskClusterOption.image()] }),
        );
      },
      /^Invalid 'clusterOptions' \('image'\): is given twice/,
    ],
    [
      'a worker CPU limit below its request',
      () => {
        const { c, scope, hub } = hubIn();
        hub.addIntegration(
          new DaskGateway(scope, 'dask', {
            worker: { resources: { cpu: { request: kplus.Cpu.units(2), limit: kplus.Cpu.units(1) } } },
          }),
        );
        synth(c);
      },
      /^Invalid 'worker.resources.cpu.limit' \('1'\): must be at least the request/,
    ],
    [
      'a worker nodePool with a nodeAffinity',
      () => {
        const { scope, hub } = hubIn();
        hub.addIntegration(
          new DaskGateway(scope, 'dask', { worker: { nodePool: NodePool.daskWorkers(), nodeAffinity: {} } }),
        );
      },
      /^Invalid 'worker.nodeAffinity' \('set'\): is given with 'worker.nodePool'/,
    ],
    [
      'an idle timeout under a second',
      () => {
        const { scope, hub } = hubIn();
        hub.addIntegration(new DaskGateway(scope, 'dask', { idleTimeout: Duration.millis(10) }));
      },
      /^Invalid 'idleTimeout' /,
    ],
    [
      'an unpinned gateway image',
      () => {
        const { scope, hub } = hubIn();
        hub.addIntegration(new DaskGateway(scope, 'dask', { image: 'ghcr.io/dask/dask-gateway-server' }));
      },
      /^Invalid 'image' /,
    ],
    // What a JavaScript caller gets for types TypeScript would refuse (the generated runtime prop checks).
    [
      'options that are not DaskClusterOptions',
      () => {
        const { scope } = hubIn();
        new DaskGateway(scope, 'dask', { clusterOptions: ['worker_cores'] } as any);
      },
      /^Invalid 'clusterOptions\[0\]' \('worker_cores'\)/,
    ],
    [
      'a hub given in the props (the gateway is given to the hub instead)',
      () => {
        const { scope, hub } = hubIn();
        new DaskGateway(scope, 'dask', { hub } as any);
      },
      /^Invalid 'hub' /,
    ],
    [
      'a second gateway registering the same hub service',
      () => {
        const { scope, hub } = hubIn();
        hub.addIntegration(new DaskGateway(scope, 'a', { name: 'a' }));
        hub.addIntegration(new DaskGateway(scope, 'b', { name: 'b' }));
      },
      /^Invalid 'integrations' \('dask-gateway'\): is a service name the hub already has/,
    ],
    [
      "the gateway's own hub service given to the hub as well (it is bound with the gateway)",
      () => {
        const { scope, hub } = hubIn();
        const gw = new DaskGateway(scope, 'dask');
        hub.addIntegration(gw);
        hub.addIntegration(gw.hubService);
      },
      /^Invalid 'integration' \('test\/dhub\/dask\/HubService'\): is already added to hub 'test\/dhub\/hub'/,
    ],
    [
      'a gateway never given to a hub',
      () => {
        const { c, scope } = hubIn();
        new DaskGateway(scope, 'dask');
        synth(c);
      },
      /DaskGateway 'test\/dhub\/dask' was never added to a hub/,
    ],
    [
      "a gateway's address before it is given to a hub",
      () => new DaskGateway(hubIn().scope, 'dask').address,
      /^Invalid 'integration' \('test\/dhub\/dask'\): is not added to a hub yet/,
    ],
  ] as [string, () => unknown, RegExp][])('%s', (_what, build, error) => {
    expect(build).toThrow(error);
  });
});
