/**
 * Issue 23, item 2: taking over a running Zero to JupyterHub release without losing data. The
 * chart of `docs/takeover.md` (its TypeScript block, run as a user runs it) is checked against
 * the objects a z2jh 4.4.0 release keeps (`test/fixtures/z2jh/z2jh-4.4.0-identities.yaml`,
 * written from the chart's templates with file and line: not a Helm render):
 * - what holds data (the hub Secret, the database claim, the public Service) is kept: applied
 *   over with the same identity and immutable fields, or referenced and never rendered;
 * - every Deployment, StatefulSet and DaemonSet both have keeps its selector (it cannot change);
 * - the users' pods and claims keep their names, and the running user pods stay selected by the
 *   users' NetworkPolicy;
 * - the guide's delete list is exactly what the release has and the chart does not, and never a
 *   PersistentVolumeClaim.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import * as lib from '../lib';
import { HubSecret } from '../lib';
import { docBlocks } from './doc-blocks';

const ROOT = path.join(__dirname, '..');
const GUIDE = 'docs/takeover.md';

interface Identity {
  readonly kind: string;
  readonly name: string;
  readonly source: string;
  readonly cluster?: boolean;
  readonly data?: boolean;
  readonly selector?: { [k: string]: string };
  readonly type?: string;
  readonly keys?: string[];
  readonly spec?: { accessModes: string[]; storage: string };
}

const fixture = YAML.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'z2jh', 'z2jh-4.4.0-identities.yaml'), 'utf8'),
) as { release: string; objects: Identity[]; users: { podNameTemplate: string; pvcNameTemplate: string; labels: any } };

type Obj = { kind: string; metadata: { name: string; namespace?: string }; [k: string]: any };

/** Runs the guide's chart as a user does (`app.synth()` into `CDK8S_OUTDIR`) and reads what it wrote. */
function synthGuideChart(): Obj[] {
  const blocks = docBlocks(ROOT, GUIDE).filter((b) => b.lang === 'ts');
  expect(blocks).toHaveLength(1);
  const js = ts.transpileModule(blocks[0].code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'takeover-'));
  const before = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // The block's imports: this library from lib/, the rest as installed.
    const req = (m: string): unknown => (m === 'cdk8s-jupyterhub' ? lib : module.require(m));
    new Function('require', 'exports', js)(req, {});
    return fs
      .readdirSync(outdir)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map((d) => d.toJS()))
      .filter((o): o is Obj => o !== null);
  } finally {
    if (before === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = before;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const objs = synthGuideChart();
const ours = (kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const kept = fixture.objects.filter((i) => ours(i.kind, i.name) !== undefined);
// What the release has and the chart does not; what holds data is kept or referenced, never gone.
const gone = fixture.objects.filter((i) => ours(i.kind, i.name) === undefined && i.data !== true);
const hubConfig: string = objs.find((o) => o.kind === 'ConfigMap' && o.data?.['jupyterhub_config.py'])!.data[
  'jupyterhub_config.py'
];
const hubDeployment = ours('Deployment', 'hub')!;

describe('what holds data is kept', () => {
  test('the release Secret `hub` is not rendered (apply never touches it) and the hub reads its two keys', () => {
    const secret = fixture.objects.find((i) => i.kind === 'Secret' && i.name === 'hub')!;
    expect(ours('Secret', 'hub')).toBeUndefined();
    const refs = hubDeployment.spec.template.spec.containers
      .flatMap((c: any) => c.env ?? [])
      .map((e: any) => e.valueFrom?.secretKeyRef)
      .filter((r: any) => r?.name === 'hub')
      .map((r: any) => r.key)
      .sort();
    expect(refs).toEqual([HubSecret.Z2JH_PROXY_TOKEN_KEY, HubSecret.Z2JH_COOKIE_SECRET_KEY].sort());
    for (const key of refs) expect(secret.keys).toContain(key);
    const proxyEnv = ours('Deployment', 'proxy')!.spec.template.spec.containers.flatMap((c: any) => c.env ?? []);
    expect(proxyEnv.map((e: any) => e.valueFrom?.secretKeyRef).filter(Boolean)).toEqual([
      { name: 'hub', key: HubSecret.Z2JH_PROXY_TOKEN_KEY },
    ]);
  });

  test("the database claim is the release's, with the same immutable spec, mounted where z2jh mounts it", () => {
    const claim = ours('PersistentVolumeClaim', 'hub-db-dir')!;
    const want = fixture.objects.find((i) => i.kind === 'PersistentVolumeClaim')!.spec!;
    expect(claim.spec).toEqual({ accessModes: want.accessModes, resources: { requests: { storage: want.storage } } });
    expect(hubDeployment.spec.template.spec.volumes).toContainEqual(
      expect.objectContaining({ persistentVolumeClaim: { claimName: 'hub-db-dir' } }),
    );
    expect(hubConfig).toContain('c.JupyterHub.db_url = "sqlite:////srv/jupyterhub/jupyterhub.sqlite"');
  });

  test('every object that holds data is kept: none is in the delete list', () => {
    for (const i of fixture.objects.filter((x) => x.data === true && x.kind !== 'Secret'))
      expect({ kind: i.kind, name: i.name, kept: ours(i.kind, i.name) !== undefined }).toEqual({
        kind: i.kind,
        name: i.name,
        kept: true,
      });
  });

  test("`proxy-public` keeps its name, type and selector, so the load balancer's IP survives", () => {
    const want = fixture.objects.find((i) => i.name === 'proxy-public')!;
    const svc = ours('Service', 'proxy-public')!;
    expect({ type: svc.spec.type, selector: svc.spec.selector }).toEqual({ type: want.type, selector: want.selector });
  });
});

test('every workload both have keeps its selector (a Deployment selector cannot change)', () => {
  const workloads = kept.filter((i) => i.selector !== undefined);
  expect(workloads.map((i) => `${i.kind}/${i.name}`)).toEqual(
    expect.arrayContaining(['Deployment/hub', 'Deployment/proxy', 'Service/hub', 'Service/proxy-api']),
  );
  for (const i of workloads) {
    const o = ours(i.kind, i.name)!;
    const selector = i.kind === 'Service' ? o.spec.selector : o.spec.selector.matchLabels;
    expect({ object: `${i.kind}/${i.name}`, selector }).toEqual({
      object: `${i.kind}/${i.name}`,
      selector: i.selector,
    });
  }
});

describe("the users' servers", () => {
  test("keep their pod and claim names (KubeSpawner 7.0.0's defaults, which z2jh 4.4.0 does not change)", () => {
    const pod = /^c\.KubeSpawner\.pod_name_template = "(.*)"$/m.exec(hubConfig)?.[1] ?? 'jupyter-{user_server}';
    const pvc = /^c\.KubeSpawner\.pvc_name_template = "(.*)"$/m.exec(hubConfig)?.[1];
    expect({ pod, pvc }).toEqual({ pod: fixture.users.podNameTemplate, pvc: fixture.users.pvcNameTemplate });
  });

  test('running under the release, they stay selected by the users NetworkPolicy', () => {
    const policy = ours('NetworkPolicy', 'singleuser')!;
    for (const [k, v] of Object.entries(policy.spec.podSelector.matchLabels))
      expect({ label: k, value: fixture.users.labels[k] }).toEqual({ label: k, value: v });
  });
});

describe('the guide', () => {
  const guide = fs.readFileSync(path.join(ROOT, GUIDE), 'utf8');
  const deletes = [...guide.matchAll(/^kubectl (?:-n jhub )?delete ([a-z]+) ([a-z0-9-]+)$/gm)].map(
    ([, kind, name]) => `${kind}/${name}`,
  );
  const kindName = (i: Identity) => `${i.kind.toLowerCase()}/${i.name}`;

  test("deletes exactly what the release has and the chart does not, cluster-scoped ones without '-n'", () => {
    expect([...deletes].sort()).toEqual(gone.map(kindName).sort());
    for (const i of gone.filter((x) => x.cluster === true))
      expect(guide).toContain(`kubectl delete ${i.kind.toLowerCase()} ${i.name}\n`);
  });

  test('never deletes a PersistentVolumeClaim, and scales the hub down before it applies', () => {
    expect(deletes.filter((d) => d.startsWith('persistentvolumeclaim/') || d.startsWith('pvc/'))).toEqual([]);
    const order = ['scale deploy/hub --replicas=0', 'delete secret -l owner=helm', 'kubectl apply -f dist/'];
    const at = order.map((s) => guide.indexOf(s));
    expect(at.every((x) => x > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  test('names every kept object of the release nowhere in its delete list', () => {
    for (const i of kept) expect(deletes).not.toContain(kindName(i));
  });
});

describe('HubSecret.fromZeroToJupyterHub', () => {
  test('refuses a misspelled option, naming it', () => {
    expect(() => HubSecret.fromZeroToJupyterHub({ secretname: 'hub' } as any)).toThrow(/secretname/);
  });
  test('refuses a Secret name that is no DNS subdomain', () => {
    expect(() => HubSecret.fromZeroToJupyterHub({ secretName: 'Hub_Secret' })).toThrow(/secretName/);
  });
});
