import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import * as yaml from 'js-yaml';
import { MinikubeChart } from '../../lib';
import { buildApp } from '../../main';
import { app, both, chartIn, expectAccepted, expectRefused, find, Good, js, P, Row } from '../input-checks';
import { all, container, env, Obj, podTemplates, seedCharts, selects } from '../util';

// The seed's manifests, copied into the repository (secret-hub.yaml with its token redacted).
const REFERENCE = path.join(__dirname, '..', 'fixtures', 'reference', 'minikube');
const PAGE = path.join(__dirname, '..', '..', 'docs', 'minikube.md');

const minikube = (): Obj[] => seedCharts().minikube;

/** The user-server pod labels that the generated jupyterhub_config.py makes KubeSpawner set. */
function userPodLabels(objs: Obj[], hubConfigMap = 'hub-config'): Record<string, string> {
  const config: string = find(objs, 'ConfigMap', hubConfigMap).data['jupyterhub_config.py'];
  const dict = (trait: string) =>
    JSON.parse(
      /^c\.KubeSpawner\.(\w+) = (.*)$/m.exec(
        config.split('\n').find((l) => l.startsWith(`c.KubeSpawner.${trait} =`)) as string,
      )![2],
    );
  return { ...dict('extra_labels'), ...dict('common_labels'), component: dict('component_label') };
}

describe('the minikube chart (seed 001)', () => {
  test('synthesizes into dist/minikube.k8s.yaml, byte for byte the same on every run', () => {
    const outs = [0, 1].map(() => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
      buildApp(dir).synth();
      return fs.readFileSync(path.join(dir, 'minikube.k8s.yaml'), 'utf8');
    });
    expect(outs[0].length).toBeGreaterThan(1000);
    expect(outs[1]).toBe(outs[0]);
  });

  test('whole-chart snapshot (safety net; the assertions below are the specification)', () => {
    expect(minikube()).toMatchSnapshot();
  });

  describe('every object of the seed has a counterpart or a row in the mapping table of docs/minikube.md', () => {
    const seedObjects: { file: string; kind: string; name: string }[] = [];
    for (const file of fs
      .readdirSync(REFERENCE)
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      for (const doc of yaml.loadAll(fs.readFileSync(path.join(REFERENCE, file), 'utf8')) as any[]) {
        if (doc) seedObjects.push({ file, kind: doc.kind, name: doc.metadata.name });
      }
    }
    const rows = fs
      .readFileSync(PAGE, 'utf8')
      .split('\n')
      .map((l) => /^\|\s*`([\w.-]+\.yaml)`\s*\|\s*`(\w+)\/([\w.-]+)`\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\|\s*$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ file: m[1], kind: m[2], name: m[3], output: m[4], why: m[5] }))
      // The seed 001 table (the JEG lab's table names the lab's files).
      .filter((r) => fs.existsSync(path.join(REFERENCE, r.file)));

    test('the table covers every manifest file of the seed', () => {
      expect(new Set(seedObjects.map((o) => o.file)).size).toBe(
        fs.readdirSync(REFERENCE).filter((f) => f.endsWith('.yaml')).length,
      );
      expect(seedObjects.length).toBeGreaterThanOrEqual(19);
    });

    test.each(seedObjects.map((o) => [`${o.file} ${o.kind}/${o.name}`, o]))('%s', (_label, o) => {
      const row = rows.find((r) => r.file === o.file && r.kind === o.kind && r.name === o.name);
      expect(row).toBeDefined();
      const same = /^`(\w+)\/([\w.-]+)`/.exec(row!.output);
      if (same) {
        // Same kind and name in the output.
        expect([same[1], same[2]]).toEqual([o.kind, o.name]);
        expect(() => find(minikube(), o.kind, o.name)).not.toThrow();
      } else {
        // Replaced: the table says by what and why, and the object is really gone.
        expect(row!.output).toMatch(/^(removed|not in `dist\/`)/);
        expect(row!.why.length).toBeGreaterThan(20);
        expect(minikube().some((x) => x.kind === o.kind && x.metadata.name === o.name)).toBe(false);
      }
    });

    test('no row names an object the seed does not have', () => {
      for (const r of rows) expect(seedObjects).toContainEqual({ file: r.file, kind: r.kind, name: r.name });
    });
  });

  describe('wiring', () => {
    test('every Service selects pods of a workload in the chart, on a port those pods name', () => {
      const objs = minikube();
      const pods = podTemplates(objs);
      for (const svc of all(objs, 'Service')) {
        const targets = pods.filter((p) => selects(svc.spec.selector, p.labels));
        expect({ svc: svc.metadata.name, n: targets.length }).toEqual({ svc: svc.metadata.name, n: 1 });
        const portNames = targets[0].spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.name));
        for (const p of svc.spec.ports) expect(portNames).toContain(p.targetPort);
      }
    });

    test('the seed Services keep their names, types and ports (NodePort 80 -> 32020)', () => {
      const objs = minikube();
      const ports = (name: string) => find(objs, 'Service', name).spec.ports.map((p: any) => [p.port, p.nodePort]);
      expect(ports('hub')).toEqual([[8081, undefined]]);
      expect(ports('proxy-api')).toEqual([[8001, undefined]]);
      expect(ports('proxy-http')).toEqual([[8000, undefined]]);
      expect(ports('proxy-public')).toEqual([[80, 32020]]);
      expect(find(objs, 'Service', 'proxy-public').spec.type).toBe('NodePort');
    });

    test("proxy-public reaches nginx, and nginx proxies to CHP's public port in the same pod", () => {
      const objs = minikube();
      const proxy = find(objs, 'Deployment', 'proxy');
      const nginx = container(proxy, 'nginx');
      const target = find(objs, 'Service', 'proxy-public').spec.ports[0].targetPort;
      expect(nginx.ports.map((p: any) => p.name)).toContain(target);
      const conf: string = find(objs, 'ConfigMap', 'nginx-proxy-config').data['nginx.conf'];
      const chpPort = container(proxy, 'chp').ports.find((p: any) => p.name === 'http').containerPort;
      expect(conf).toContain(`server 127.0.0.1:${chpPort};`);
      expect(conf).toContain('client_max_body_size 64m;');
      const volume = proxy.spec.template.spec.volumes.find((v: any) => v.name === 'nginx-config');
      expect(volume.configMap.name).toBe('nginx-proxy-config');
    });

    test('hub and proxy read the proxy token from the same Secret key', () => {
      const objs = minikube();
      const fromHub = env(container(find(objs, 'Deployment', 'hub'), 'hub'), 'CONFIGPROXY_AUTH_TOKEN');
      const fromProxy = env(container(find(objs, 'Deployment', 'proxy'), 'chp'), 'CONFIGPROXY_AUTH_TOKEN');
      expect(fromHub).toEqual({ secretKeyRef: { name: 'hub-secret', key: 'proxy.token' } });
      expect(fromProxy).toEqual(fromHub);
    });

    test('the proxy routes to the hub Service by name and port, and the hub calls the proxy API Service', () => {
      const objs = minikube();
      const hubSvc = find(objs, 'Service', 'hub');
      const args: string[] = container(find(objs, 'Deployment', 'proxy'), 'chp').command;
      expect(args).toContain(`--default-target=http://${hubSvc.metadata.name}:${hubSvc.spec.ports[0].port}`);
      expect(args).toContain(`--error-target=http://${hubSvc.metadata.name}:${hubSvc.spec.ports[0].port}/hub/error`);
      const config: string = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
      const api = find(objs, 'Service', 'proxy-api');
      expect(config).toContain(
        `c.ConfigurableHTTPProxy.api_url = "http://${api.metadata.name}:${api.spec.ports[0].port}"`,
      );
      expect(args).toContain(`--api-port=${api.spec.ports[0].port}`);
      expect(config).toContain(
        `c.JupyterHub.hub_connect_url = "http://${hubSvc.metadata.name}:${hubSvc.spec.ports[0].port}"`,
      );
    });

    test('every NetworkPolicy selects its pods, and every peer it names exists (opt-in access labels aside)', () => {
      const objs = minikube();
      const labelSets = [...podTemplates(objs).map((p) => p.labels), userPodLabels(objs)];
      for (const np of all(objs, 'NetworkPolicy')) {
        expect({
          np: np.metadata.name,
          matches: labelSets.filter((l) => selects(np.spec.podSelector.matchLabels, l)).length,
        }).toEqual({ np: np.metadata.name, matches: 1 });
        const peers = [
          ...(np.spec.ingress ?? []).flatMap((r: any) => r.from ?? []),
          ...(np.spec.egress ?? []).flatMap((r: any) => r.to ?? []),
        ]
          .filter((p: any) => p.podSelector)
          // Opt-in labels (hub.jupyter.org/network-access-*) are for pods users add; none exist here.
          .filter(
            (p: any) =>
              !Object.keys(p.podSelector.matchLabels).every((k) => k.startsWith('hub.jupyter.org/network-access-')),
          );
        for (const peer of peers) {
          expect({
            np: np.metadata.name,
            peer: peer.podSelector.matchLabels,
            matches: labelSets.some((l) => selects(peer.podSelector.matchLabels, l)),
          }).toEqual({ np: np.metadata.name, peer: peer.podSelector.matchLabels, matches: true });
        }
      }
    });

    test('every ConfigMap, PVC and ServiceAccount a pod uses is in the output; the two Secrets are made in the cluster', () => {
      const objs = minikube();
      for (const { owner, spec } of podTemplates(objs)) {
        expect(() => find(objs, 'ServiceAccount', spec.serviceAccountName)).not.toThrow();
        for (const v of spec.volumes ?? []) {
          if (v.configMap) expect(() => find(objs, 'ConfigMap', v.configMap.name)).not.toThrow();
          if (v.persistentVolumeClaim)
            expect(() => find(objs, 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName)).not.toThrow();
          expect({ owner: owner.metadata.name, secretVolume: v.secret }).toEqual({
            owner: owner.metadata.name,
            secretVolume: undefined,
          });
        }
        const secretRefs = [...(spec.initContainers ?? []), ...spec.containers].flatMap((c: any) =>
          (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef).filter(Boolean),
        );
        for (const ref of secretRefs) expect(['hub-secret', 'hub-login']).toContain(ref.name);
      }
      const script: string = find(objs, 'ConfigMap', 'hub-config').data['secret_init.py'];
      expect(script).toContain('SECRETS = [{"name": "hub-secret"');
      expect(script).toContain('"keys": ["proxy.token", "hub.cookie-secret"]');
      expect(script).toContain('{"name": "hub-login", "keys": ["user-password", "admin-password"]');
      for (const rb of all(objs, 'RoleBinding')) {
        expect(() => find(objs, 'Role', rb.roleRef.name)).not.toThrow();
        for (const s of rb.subjects) expect(() => find(objs, 'ServiceAccount', s.name)).not.toThrow();
      }
    });
  });

  describe('secrets', () => {
    test('no Secret object and no secret value in the output', () => {
      const objs = minikube();
      expect(all(objs, 'Secret')).toEqual([]);
      // Long hex strings other than the pod templates' checksum annotations would be keys or tokens.
      const text = JSON.stringify(objs).replace(/"checksum\/[\w-]+":"[0-9a-f]{64}"/g, '');
      expect(text).not.toMatch(/[0-9a-f]{32,}/);
      const literalEnv = podTemplates(objs)
        .flatMap((p) => [...(p.spec.initContainers ?? []), ...p.spec.containers])
        .flatMap((c: any) => c.env ?? [])
        .filter((e: any) => /TOKEN|SECRET|PASSWORD|PWD/.test(e.name) && e.value !== undefined);
      expect(literalEnv).toEqual([]);
    });

    test("the seed's committed Secret is replaced by one the hub creates, with the same name and key (the fixture holds no token)", () => {
      const seed = yaml.load(fs.readFileSync(path.join(REFERENCE, 'secret-hub.yaml'), 'utf8')) as any;
      expect(seed.data).toEqual({ 'proxy.token': 'REDACTED' });
      const script: string = find(minikube(), 'ConfigMap', 'hub-config').data['secret_init.py'];
      expect(script).toContain(`SECRETS = [{"name": "${seed.metadata.name}"`);
      for (const key of Object.keys(seed.data)) expect(script).toContain(`"${key}"`);
    });

    test('the cookie secret reaches the hub as JPY_COOKIE_SECRET from the Secret (no world-readable file)', () => {
      const hub = container(find(minikube(), 'Deployment', 'hub'), 'hub');
      expect(env(hub, 'JPY_COOKIE_SECRET')).toEqual({ secretKeyRef: { name: 'hub-secret', key: 'hub.cookie-secret' } });
    });
  });

  describe('secure by default', () => {
    const containers = () =>
      podTemplates(minikube()).flatMap((p) =>
        [...(p.spec.initContainers ?? []), ...p.spec.containers].map((c: any) => ({
          pod: p.spec,
          c,
          init: (p.spec.initContainers ?? []).includes(c),
        })),
      );

    test('every container: non-root, no privilege escalation, no capabilities, seccomp, read-only root', () => {
      for (const { pod, c } of containers()) {
        expect({ c: c.name, sc: c.securityContext }).toMatchObject({
          c: c.name,
          sc: {
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
          },
        });
        expect(c.securityContext.runAsUser).toBeGreaterThan(0);
        expect(c.securityContext.capabilities.add).toBeUndefined();
        expect((c.securityContext.seccompProfile ?? pod.securityContext.seccompProfile).type).toBe('RuntimeDefault');
      }
    });

    test('every container has CPU and memory requests and limits, a pinned image and IfNotPresent', () => {
      for (const { c } of containers()) {
        expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
        expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
        expect(c.imagePullPolicy).toBe('IfNotPresent');
        expect(c.image).toMatch(/:[0-9][\w.-]*$/);
      }
    });

    test('every long-running container has liveness and readiness probes', () => {
      for (const { c, init } of containers()) {
        if (init) continue;
        expect(c.livenessProbe?.httpGet).toBeDefined();
        expect(c.readinessProbe?.httpGet).toBeDefined();
      }
    });

    test('only the hub mounts an API token; the proxy pod has none', () => {
      const objs = minikube();
      expect(find(objs, 'Deployment', 'hub').spec.template.spec.automountServiceAccountToken).toBe(true);
      expect(find(objs, 'Deployment', 'proxy').spec.template.spec.automountServiceAccountToken).toBe(false);
      expect(find(objs, 'ServiceAccount', 'proxy').automountServiceAccountToken).toBe(false);
    });

    test('a NetworkPolicy per component: hub, proxy and user servers', () => {
      expect(
        all(minikube(), 'NetworkPolicy')
          .map((n) => n.metadata.name)
          .sort(),
      ).toEqual(['hub', 'proxy', 'singleuser']);
    });

    test("no ClusterRole or ClusterRoleBinding (the retired controller's cluster rights are gone)", () => {
      const kinds = minikube().map((o) => o.kind);
      expect(kinds).not.toContain('ClusterRole');
      expect(kinds).not.toContain('ClusterRoleBinding');
    });
  });
});

const refusals: Row[] = [
  // Two objects with the same identity (the whole-app checks, at synthesis)
  [
    'the minikube seed chart twice in one namespace',
    app((a) => {
      new MinikubeChart(a, 'one', { namespace: 'demo' });
      new MinikubeChart(a, 'two', { namespace: 'demo' });
    }),
    /Deployment 'hub' in namespace 'demo' is declared twice, by 'one\/hub\/Resource' and 'two\/hub\/Resource'/,
  ],
  // Selectors that match another component's pods, node ports claimed twice (whole-app checks)
  [
    "the minikube seed chart's nodePort 32020 claimed by a user's Service",
    app((a) => {
      new MinikubeChart(a, 'minikube');
      const c = chartIn(a, 'mine', 'other');
      new k8s.KubeService(c, 'svc', {
        metadata: { name: 'mine' },
        spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 32020 }] },
      });
    }),
    both('minikube/proxy/PublicService', 'mine/svc'),
  ],
  // Wrong types from JavaScript
  ['MinikubeChart namespace: 5', () => new MinikubeChart(Testing.app(), 'm', js({ namespace: 5 })), P('namespace')],
  [
    "MinikubeChart labels: 'team=a'",
    () => new MinikubeChart(Testing.app(), 'm', js({ labels: 'team=a' })),
    P('labels'),
  ],
  // Values that reach a Kubernetes field without that field's rule
  [
    'MinikubeChart labels with a bad key',
    () => new MinikubeChart(Testing.app(), 'm', { labels: { 'bad key': 'x' } }),
    P('labels'),
  ],
  [
    "MinikubeChart namespace 'Demo'",
    () => new MinikubeChart(Testing.app(), 'm', { namespace: 'Demo' }),
    P('namespace'),
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

const accepted: Good[] = [
  [
    'MinikubeChart with a namespace and chart labels',
    (a) => {
      new MinikubeChart(a, 'minikube', { namespace: 'demo', labels: { 'example.org/owner': 'teaching' } });
    },
    (d) => expect(find(d, 'Deployment', 'hub').metadata.labels['example.org/owner']).toBe('teaching'),
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
