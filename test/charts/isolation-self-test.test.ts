/**
 * The live isolation self-test as a construct: every seed chart emits one beside it
 * (`dist/<chart>.check.k8s.yaml`), its pods are restricted under Pod Security and hold nothing
 * (no ServiceAccount token, no Secret), every one ends by its deadline, and what it probes follows
 * the hub it is given: an external database is a target a user's server must not reach (proven
 * reachable by the peer with Zero to JupyterHub's access labels first), and a gateway front, once
 * the hook gives one, is what a user's server must reach instead of the gateway's API. Bad props
 * are refused at construction, naming the prop.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as yaml from 'js-yaml';
import { HubDatabase, IsolationSelfTest, synthesize } from '../../lib';
import { planIsolationCheck } from '../../lib/charts/isolation-check-plan';
import type { CheckInputs } from '../../lib/charts/isolation-check-model';
import { buildApp } from '../../main';
import { seedCharts } from '../util';
import { checkPodSecurity, podSpecOf } from '../core/pod-security-standards';
import { chartIn, expectRefused, hubIn, js, P } from '../input-checks';
import type { Obj } from '../util';

let dist: string;
beforeAll(() => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'isolation-self-test-'));
  synthesize(buildApp(dist));
});
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

const load = (file: string): Obj[] =>
  (yaml.loadAll(fs.readFileSync(path.join(dist, file), 'utf8')) as Obj[]).filter((o) => o && o.kind);
const SEEDS = ['minikube', 'jeg-lab', 'gke', 'daskhub', 'carvel'];
const ROLE = 'cdk8s-jupyterhub/isolation-check-role';

/** The config a pod of a check reads, from its file's ConfigMap of the pod's namespace. */
function configOf(objs: Obj[], role: string): any {
  const job = objs.find((o) => o.kind === 'Job' && o.spec.template.metadata.labels[ROLE] === role)!;
  const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === job.metadata.namespace)!;
  return JSON.parse(cm.data[`${role}.json`]);
}

describe('every seed chart emits its live self-test', () => {
  test('dist/<chart>.check.k8s.yaml beside each chart that has a hub', () => {
    const checks = fs.readdirSync(dist).filter((f) => f.endsWith('.check.k8s.yaml'));
    expect(checks.sort()).toEqual(SEEDS.map((c) => `${c}.check.k8s.yaml`).sort());
  });

  test.each(SEEDS)("%s: the main Job 'isolation-check' is a pod labelled as a user's server", (chart) => {
    const objs = load(`${chart}.check.k8s.yaml`);
    const main = objs.find((o) => o.kind === 'Job' && o.metadata.name === 'isolation-check')!;
    expect(main.spec.template.metadata.labels).toMatchObject({ component: 'singleuser-server' });
    expect(main.spec.backoffLimit).toBe(0);
  });

  test('the construct tells the wait command the README documents', () => {
    const app = buildApp(fs.mkdtempSync(path.join(os.tmpdir(), 'isolation-wait-')));
    const checks = app.charts.filter((c): c is IsolationSelfTest => c instanceof IsolationSelfTest);
    expect(Object.fromEntries(checks.map((c) => [c.node.id, c.waitCommand]))).toEqual({
      'minikube.check': 'kubectl wait --for=condition=complete --timeout=12m job/isolation-check',
      'jeg-lab.check': 'kubectl wait --for=condition=complete --timeout=12m -n jupyterhub job/isolation-check',
      'gke.check': 'kubectl wait --for=condition=complete --timeout=12m -n jupyterhub-test job/isolation-check',
      'daskhub.check': 'kubectl wait --for=condition=complete --timeout=12m -n dhub job/isolation-check',
      'carvel.check': 'kubectl wait --for=condition=complete --timeout=12m job/isolation-check',
    });
  });
});

describe.each(SEEDS)("%s: the check's pods", (chart) => {
  const jobs = () => load(`${chart}.check.k8s.yaml`).filter((o) => o.kind === 'Job');

  test('comply with Pod Security restricted (v1.36)', () => {
    for (const job of jobs())
      expect({ job: job.metadata.name, violations: checkPodSecurity('restricted', podSpecOf(job)!) }).toEqual({
        job: job.metadata.name,
        violations: [],
      });
  });

  test('hold no ServiceAccount token and no Secret; a read-only root, requests and limits', () => {
    for (const job of jobs()) {
      const spec = job.spec.template.spec;
      const text = JSON.stringify(spec);
      expect({ job: job.metadata.name, token: spec.automountServiceAccountToken }).toEqual({
        job: job.metadata.name,
        token: false,
      });
      expect({ job: job.metadata.name, secret: /secretKeyRef|"secret"|projected/.test(text) }).toEqual({
        job: job.metadata.name,
        secret: false,
      });
      for (const c of spec.containers) {
        expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
        expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
      }
    }
  });

  test('end by their deadline, and are deleted an hour after', () => {
    for (const job of jobs()) {
      expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(0);
      expect(job.spec.ttlSecondsAfterFinished).toBe(3600);
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
    }
  });
});

describe("an external database is a target a user's server must not reach", () => {
  const build = (database?: HubDatabase) => {
    const app = Testing.app();
    const hub = hubIn(chartIn(app, 'c', 'hubs'), 'hub', database ? { database } : {});
    return Testing.synth(new IsolationSelfTest(app, 'c.check', { hub })) as Obj[];
  };
  const password = { secret: kplus.Secret.fromSecretName(Testing.chart(), 'pw', 'db-password'), key: 'password' };

  test('the peer reaches it first; then the prober labelled as a user server must fail to', () => {
    const objs = build(HubDatabase.external({ url: 'postgresql://hub@db.example.internal:5433/hub', password }));
    expect(configOf(objs, 'peer').peers).toContainEqual({
      name: "the hub's database",
      kind: 'tcp',
      host: 'db.example.internal',
      port: 5433,
    });
    expect(configOf(objs, 'user-server').checks).toContainEqual({
      name: "a user's server cannot reach the hub's database db.example.internal:5433",
      kind: 'tcp',
      host: 'db.example.internal',
      port: 5433,
      expect: 'closed',
    });
  });

  test('sqlite: no database line', () => {
    const checks = configOf(build(), 'user-server').checks.map((c: any) => c.name);
    expect(checks.filter((n: string) => /database/.test(n))).toEqual([]);
  });
});

describe('the gateway front (issue 19)', () => {
  const inputs = (front?: { url: string }): CheckInputs => ({
    hub: {
      namespace: 'jupyterhub',
      namePrefix: '',
      serviceName: 'hub',
      port: 8081,
      baseUrl: '/',
      userPodLabels: { component: 'singleuser-server' },
      accessLabels: { 'hub.jupyter.org/network-access-hub': 'true' },
      proxyApiService: 'proxy-api',
      proxyApiPort: 8001,
    },
    gateway: {
      url: 'http://enterprise-gateway.enterprise-gateway:8888',
      kernelLabels: { component: 'kernel' },
      ...(front ? { front } : {}),
    },
    timeoutSeconds: 600,
  });
  const mustReach = (i: CheckInputs) =>
    planIsolationCheck(i)
      .find((p) => p.role === 'user-server')!
      .checks!.filter((c) => c.expect === 'open' && c.kind === 'http')
      .map((c) => `${c.name}: ${c.host}:${c.port}${c.path}`);

  test("without a front, a user's server must reach the gateway's API", () => {
    expect(mustReach(inputs())).toEqual([
      "a user's server reaches the hub API: hub:8081/hub/api/",
      "a user's server reaches the Enterprise Gateway's API: enterprise-gateway.enterprise-gateway:8888/api",
    ]);
  });

  test("jeg-lab: the user's server's prober reaches its hub's gateway front, not the gateway", () => {
    const check = seedCharts()['jeg-lab.check'];
    const config = check.find((o) => o.kind === 'ConfigMap' && /user-server/.test(JSON.stringify(o.data ?? {})));
    expect(config).toBeDefined();
    const text = JSON.stringify(config!.data);
    expect(text).toContain('enterprise-gateway-front.jupyterhub');
    expect(text).toContain("a user's server reaches the gateway front");
    expect(text).not.toContain("a user's server reaches the Enterprise Gateway's API");
  });

  test("with a front, a user's server must reach the front instead", () => {
    expect(mustReach(inputs({ url: 'http://gateway-front.jupyterhub:8000' }))).toEqual([
      "a user's server reaches the hub API: hub:8081/hub/api/",
      "a user's server reaches the gateway front: gateway-front.jupyterhub:8000/api",
    ]);
  });
});

describe('refuses, naming the prop', () => {
  const hubOf = () => hubIn(chartIn(new App(), 'c'), 'hub');

  test('a timeout under a minute', () => {
    expectRefused(
      'timeout',
      () => new IsolationSelfTest(new App(), 'x', { hub: hubOf(), timeout: Duration.seconds(30) }),
      P('timeout'),
    );
  });

  test('an image that is no image reference', () => {
    expectRefused(
      'image',
      () => new IsolationSelfTest(new App(), 'x', { hub: hubOf(), image: 'not an image' }),
      P('image'),
    );
  });

  test('no hub (a JavaScript caller)', () => {
    expectRefused('hub', () => new IsolationSelfTest(new App(), 'x', js({})), /'hub'/);
  });
});
