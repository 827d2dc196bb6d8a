/**
 * The daskhub chart (seed 002, issue 11, item 6): JupyterHub + Dask Gateway in namespace dhub (its
 * CRDs are in a chart of their own: daskhub-crds-chart.test.ts), and the mapping (docs/daskhub.md) from
 * every value of the seed's config.yaml and every pod of its listing to what the chart produces
 * (or why not).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { Testing } from 'cdk8s';
import { AcmeDirectory, DaskhubChart } from '../../lib';
import { all, container, env, find, Obj, seedCharts } from '../util';

const ROOT = path.join(__dirname, '..', '..');
const SEED = path.join(__dirname, '..', 'fixtures', 'reference', 'daskhub');
const charts = seedCharts();
const daskhub: Obj[] = charts.daskhub;
const crds: Obj[] = charts['daskhub-crds'];

describe('the daskhub chart (seed 002)', () => {
  test("everything in namespace dhub, Dask Gateway in dhub-dask, the Namespaces first; the cluster-scoped objects are the gateway's two list/watch roles", () => {
    expect(`${daskhub[0].kind}/${daskhub[0].metadata.name}`).toBe('Namespace/dhub');
    const clusterScoped = daskhub
      .filter((o) => o.metadata.namespace === undefined)
      .map((o) => `${o.kind}/${o.metadata.name}`);
    expect(clusterScoped).toEqual([
      'Namespace/dhub',
      'Namespace/dhub-dask',
      'ClusterRole/api-dhub-dask-gateway',
      'ClusterRoleBinding/api-dhub-dask-gateway',
      'ClusterRole/controller-dhub-dask-gateway',
      'ClusterRoleBinding/controller-dhub-dask-gateway',
    ]);
    expect(
      daskhub.filter(
        (o) => o.metadata.namespace !== undefined && !['dhub', 'dhub-dask'].includes(o.metadata.namespace),
      ),
    ).toEqual([]);
  });

  test("the seed's pods, by the names of its listing (api-…-dask-gateway, controller-…, traefik-…, hub, proxy)", () => {
    expect(all(daskhub, 'Deployment').map((o) => o.metadata.name)).toEqual([
      'hub',
      'proxy',
      'api-dhub-dask-gateway',
      'controller-dhub-dask-gateway',
      'traefik-dhub-dask-gateway',
      // The dashboard auth service (owner-only dashboards, issue 19).
      'auth-dhub-dask-gateway',
    ]);
  });

  test("no secret value: the tokens are made in the cluster, the client secret is a secretKeyRef; the only Secret is the ACME client's, empty", () => {
    expect(
      [...all(daskhub, 'Secret'), ...all(crds, 'Secret')].map((o) => ({
        name: o.metadata.name,
        data: o.data,
        stringData: o.stringData,
      })),
    ).toEqual([{ name: 'proxy-acme', data: undefined, stringData: undefined }]);
    expect(find(daskhub, 'ConfigMap', 'hub-config').data['secret_init.py']).toMatch(/"name": "hub-secret"/);
    // The gateway's token is made by its mirror Job, in both namespaces (test/dask/dask-gateway-own-namespace.test.ts).
    expect(find(daskhub, 'ConfigMap', 'dhub-dask-gateway-token-mirror').data['secret_init.py']).toMatch(
      /"name": "hub-service-dask-gateway"/,
    );
    expect(env(container(find(daskhub, 'Deployment', 'hub'), 'hub'), 'HUB_OAUTH_CLIENT_SECRET')).toEqual({
      secretKeyRef: { name: 'azure-ad-oauth', key: 'client-secret' },
    });
    const withoutChecksums = JSON.stringify(daskhub, (k, v) => (k.startsWith('checksum/') ? undefined : v));
    expect(withoutChecksums).not.toMatch(/[0-9a-f]{32,}/);
  });

  test("Azure AD (the seed's AzureAdOAuthenticator): tenant, client id, the secret from the env, the callback URL derived from the HTTPS host", () => {
    const config: string = find(daskhub, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
    for (const line of [
      'c.JupyterHub.authenticator_class = "oauthenticator.azuread.AzureAdOAuthenticator"',
      'c.Authenticator.admin_users = {"admin"}',
      'c.Authenticator.allow_all = False',
      'c.AzureAdOAuthenticator.client_id = "11111111-1111-1111-1111-111111111111"',
      'c.AzureAdOAuthenticator.client_secret = os.environ["HUB_OAUTH_CLIENT_SECRET"]',
      'c.AzureAdOAuthenticator.tenant_id = "00000000-0000-0000-0000-000000000000"',
      'c.AzureAdOAuthenticator.oauth_callback_url = "https://my-daskhub.westeurope.cloudapp.azure.com/hub/oauth_callback"',
    ])
      expect(config.split('\n')).toContain(line);
    expect(config).not.toContain('dummy');
  });

  test('every trait the hub config sets exists, undeprecated, in the pinned hub image (test/fixtures/traits-k8s-hub-4.4.0.json)', () => {
    const traits = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'traits-k8s-hub-4.4.0.json'), 'utf8'),
    ).classes;
    const config: string = find(daskhub, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
    const set = [...config.matchAll(/^c\.(\w+)\.(\w+)\s*=/gm)].map((m) => ({ cls: m[1], trait: m[2] }));
    expect(set.length).toBeGreaterThan(30);
    expect(set.map(({ cls }) => cls)).toContain('AzureAdOAuthenticator');
    const problems = set
      .map(({ cls, trait }) => {
        const t = traits[cls]?.[trait];
        return !t ? `c.${cls}.${trait} does not exist` : t.deprecated ? `c.${cls}.${trait} is deprecated` : undefined;
      })
      .filter(Boolean);
    expect(problems).toEqual([]);
  });

  test("HTTPS for <hub-name>.<region>.cloudapp.azure.com from Let's Encrypt (production), the Service's Azure DNS label agreeing", () => {
    const svc = find(daskhub, 'Service', 'proxy-public');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/azure-dns-label-name': 'my-daskhub' });
    const acme: string = find(daskhub, 'ConfigMap', 'proxy-acme-client').data['acme.sh'];
    expect(acme).toContain("--email 'hub-admin@example.org' --server 'https://acme-v02.api.letsencrypt.org/directory'");
    expect(acme).toContain("--domains 'my-daskhub.westeurope.cloudapp.azure.com'");
    expect(find(daskhub, 'ConfigMap', 'nginx-proxy-config').data['nginx.conf']).toMatch(
      /server_name my-daskhub\.westeurope\.cloudapp\.azure\.com;/,
    );
  });

  test("the three pools: core (hub, proxy, the gateway's three), user (servers, schedulers), the seed's worker placement exactly (NodePool.daskWorkers({ required: true, azureSpot: true }))", () => {
    const corePreferred = [
      {
        weight: 100,
        preference: { matchExpressions: [{ key: 'hub.jupyter.org/node-purpose', operator: 'In', values: ['core'] }] },
      },
    ];
    for (const d of all(daskhub, 'Deployment')) {
      const spec = d.spec.template.spec;
      expect({
        d: d.metadata.name,
        affinity: spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
        tolerations: spec.tolerations?.map((t: any) => t.key),
      }).toEqual({
        d: d.metadata.name,
        affinity: corePreferred,
        tolerations: ['hub.jupyter.org/dedicated', 'hub.jupyter.org_dedicated'],
      });
    }
    const hubConfig: string = find(daskhub, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
    expect(hubConfig).toContain(
      'c.KubeSpawner.node_affinity_preferred = [{"weight": 100, "preference": {"matchExpressions": [{"key": "hub.jupyter.org/node-purpose", "operator": "In", "values": ["user"]}]}}]',
    );
    const gatewayConfig: string = find(daskhub, 'ConfigMap', 'dhub-dask-gateway-config').data['dask_gateway_config.py'];
    const podConfig = (role: string) =>
      JSON.parse(
        (
          new RegExp(`^c\\.KubeClusterConfig\\.${role}_extra_pod_config = (.*)$`, 'm').exec(
            gatewayConfig,
          ) as RegExpExecArray
        )[1].replace(/\bTrue\b/g, 'true'),
      );
    expect(
      podConfig('scheduler').affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference
        .matchExpressions[0].values,
    ).toEqual(['user']);
    const seed = (yaml.load(fs.readFileSync(path.join(SEED, 'config.yaml'), 'utf8')) as any)['dask-gateway'].gateway
      .backend.worker.extraPodConfig;
    const sortKeys = (v: any): any =>
      Array.isArray(v)
        ? v.map(sortKeys)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sortKeys(v[k])]),
            )
          : v;
    const worker = podConfig('worker');
    expect(sortKeys({ affinity: worker.affinity, tolerations: worker.tolerations })).toEqual(sortKeys(seed));
  });

  test("the seed's image, :latest through the explicit opt-out: pulled on every start, by the servers and by the Dask clusters that default to it", () => {
    const hubConfig: string = find(daskhub, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
    expect(hubConfig).toContain('c.KubeSpawner.image = "mcr.microsoft.com/planetary-computer/python:latest"');
    expect(hubConfig).toContain('c.KubeSpawner.image_pull_policy = "Always"');
    expect(find(daskhub, 'ConfigMap', 'dhub-dask-gateway-config').data['dask_gateway_config.py']).toContain(
      'c.KubeClusterConfig.image_pull_policy = "Always"',
    );
  });

  test("the props: the seed's placeholders as props, the host, label, callback and ACME directory derived from them", () => {
    const app = Testing.app();
    const c = new DaskhubChart(app, 'd', {
      azureDnsLabelName: 'geo-hub',
      azureRegion: 'eastus2',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '0b1d5c3e-0000-4000-8000-000000000001',
      clientSecretName: 'aad',
      clientSecretKey: 'secret',
      allowedGroups: ['5f0a1e2b-0000-4000-8000-00000000000a'],
      adminUsers: ['ops@contoso.onmicrosoft.com'],
      contactEmail: 'ops@contoso.com',
      acmeDirectory: AcmeDirectory.LETS_ENCRYPT_STAGING,
      singleUserImage: 'mcr.microsoft.com/planetary-computer/python:2024.1.1',
    });
    const objs = Testing.synth(c) as Obj[];
    const config: string = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
    expect(config).toContain(
      'c.AzureAdOAuthenticator.oauth_callback_url = "https://geo-hub.eastus2.cloudapp.azure.com/hub/oauth_callback"',
    );
    expect(config).toContain('c.AzureAdOAuthenticator.tenant_id = "contoso.onmicrosoft.com"');
    expect(config).toContain('c.KubeSpawner.image_pull_policy = "IfNotPresent"');
    expect(env(container(find(objs, 'Deployment', 'hub'), 'hub'), 'HUB_OAUTH_CLIENT_SECRET')).toEqual({
      secretKeyRef: { name: 'aad', key: 'secret' },
    });
    expect(
      find(objs, 'Service', 'proxy-public').metadata.annotations?.['service.beta.kubernetes.io/azure-dns-label-name'],
    ).toBe('geo-hub');
    expect(find(objs, 'ConfigMap', 'proxy-acme-client').data['acme.sh']).toContain(
      "--email 'ops@contoso.com' --server 'https://acme-staging-v02.api.letsencrypt.org/directory'",
    );
    expect(find(objs, 'ConfigMap', 'dhub-dask-gateway-config').data['dask_gateway_config.py']).toContain(
      'c.KubeClusterConfig.image_pull_policy = "IfNotPresent"',
    );
    expect(
      () => new DaskhubChart(Testing.app(), 'd', { azureDnsLabelName: 'Geo_Hub', azureRegion: 'eastus2' }),
    ).toThrow(/^Invalid 'azureDnsLabelName' \('Geo_Hub'\): must be a DNS-1123 label/);
    expect(() => new DaskhubChart(Testing.app(), 'd', { tenantId: 'common' })).toThrow(
      /^Invalid 'tenantId' \('common'\): is a multi-tenant alias/,
    );
  });
});

describe('the mapping table for seed 002 (docs/daskhub.md)', () => {
  const rows = fs
    .readFileSync(path.join(ROOT, 'docs', 'daskhub.md'), 'utf8')
    .split('\n')
    .filter((l) => /^\| (`config\.yaml`|pod listing) \| /.test(l));
  const keyOf = (row: string) => /^\| [^|]+ \| `([^`]+)` \|/.exec(row)?.[1] ?? '';

  /** Every leaf of config.yaml as a dotted path (map keys that contain dots stay one segment). */
  function leaves(value: unknown, at: string[] = []): string[] {
    if (value && typeof value === 'object' && !Array.isArray(value))
      return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
    return [at.join('.')];
  }

  test("every line of config.yaml has a row of its own: one per key path, in the file's order, none for a value the seed does not have", () => {
    const config = yaml.load(fs.readFileSync(path.join(SEED, 'config.yaml'), 'utf8'));
    const paths = leaves(config);
    expect(paths.length).toBe(21);
    const keys = rows.filter((r) => r.startsWith('| `config.yaml`')).map(keyOf);
    expect(keys).toEqual(paths);
  });

  test("every pod of the seed's listing has a row; a row naming an output names an object of the chart", () => {
    const listing = /lists: (.*?)\.\s/
      .exec(fs.readFileSync(path.join(SEED, 'README.md'), 'utf8').replace(/\n/g, ' '))![1]
      .split(',')
      .map((p) => p.trim().replace(/ \(.*\)$/, ''));
    expect(listing).toEqual([
      'api-…-dask-gateway',
      'autohttps',
      'continuous-image-puller',
      'controller-…-dask-gateway',
      'hub',
      'proxy',
      'traefik-…-dask-gateway',
      'user-scheduler',
    ]);
    const podRows = rows.filter((r) => r.startsWith('| pod listing'));
    expect(podRows.map(keyOf).sort()).toEqual([...listing].sort());
    for (const r of rows) {
      for (const m of r.matchAll(/`(Deployment)\/([a-z0-9-]+)`/g))
        expect(() => find(daskhub, m[1], m[2])).not.toThrow();
    }
  });
});
