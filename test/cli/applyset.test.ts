/**
 * Pruning with ApplySets (KEP-3659): the split of each chart into the set kubectl prunes and the
 * objects kept out of it, the parent, and the commands, checked against kubectl's rules as
 * kubernetes/kubectl v0.36.3 implements them (pkg/cmd/apply/applyset.go, applyset_pruner.go; the
 * expected values of its own tests in apply_test.go). There is no cluster here: what kubectl does
 * with the parent's annotations is modelled from that code (see `pruned` below).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { Authenticator, DaskGateway, Hub, Namespace, Proxy } from '../../lib';
import {
  APPLYSET,
  applySetId,
  clusterParent,
  KEPT_KINDS,
  parentAnnotations,
  planApplySet,
  secretParent,
} from '../../lib/cli/applyset';
import { groupKind, identityOf, KubeObject, loadObjects } from '../../lib/cli/manifest-files';

const ROOT = path.join(__dirname, '..', '..');
const GOLDEN = path.join(ROOT, 'test', 'fixtures', 'golden');
const goldenObjects = (chart: string) =>
  loadObjects([path.join(GOLDEN, `${chart}.k8s.yaml`)], () => '').map((l) => l.object);
const CHARTS = ['minikube', 'jeg-lab', 'gke', 'daskhub-crds', 'daskhub'];

describe("the parent's id and annotations, as kubectl computes them", () => {
  test("the id is applyset-<base64url(sha256(name.namespace.kind.group))>-v1: kubectl's own test values (apply_test.go lines 2618, 2881)", () => {
    expect(applySetId({ ...secretParent('x', 'test'), name: 'my-set' })).toBe(
      'applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1',
    );
    expect(
      applySetId({ kind: 'ApplySet', group: 'company.com', resource: 'applysets', name: 'my-set', namespace: '' }),
    ).toBe('applyset-rhp1a-HVAVT_dFgyEygyA1BEB82HPp2o10UiFTpqtAs-v1');
  });

  test('an id is a valid label value (at most 63 characters, alphanumeric at both ends)', () => {
    for (const chart of CHARTS) expect(applySetId(clusterParent(chart))).toMatch(/^applyset-[A-Za-z0-9_-]{43}-v1$/);
  });

  test("a ReplicationController in namespace test: the annotations of kubectl's tests (apply_test.go lines 2614-2615, 2876-2878)", () => {
    const rc: KubeObject = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'rc', namespace: 'test' },
    };
    expect(parentAnnotations(secretParent('my-set', 'test'), [rc])).toEqual({
      [APPLYSET.containsGroupKinds]: 'ReplicationController',
      [APPLYSET.additionalNamespaces]: '',
    });
    expect(parentAnnotations(clusterParent('my-set'), [rc])).toEqual({
      [APPLYSET.containsGroupKinds]: 'ReplicationController',
      [APPLYSET.additionalNamespaces]: 'test',
    });
  });

  test('contains-group-kinds: <Kind>.<group> (core kinds bare), each once, in byte order (Go sort.Strings)', () => {
    const plan = planApplySet('jeg-lab', goldenObjects('jeg-lab'));
    const kinds = parentAnnotations(plan.parent, plan.members)[APPLYSET.containsGroupKinds].split(',');
    expect(kinds).toEqual([...new Set(plan.members.map(groupKind))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(kinds).toContain('Deployment.apps');
    expect(kinds).toContain('ConfigMap');
    expect(kinds).toContain('NetworkPolicy.networking.k8s.io');
    expect(kinds.indexOf('Service')).toBeLessThan(kinds.indexOf('ServiceAccount'));
  });
});

/**
 * What `KUBECTL_APPLYSET=true kubectl apply --prune --applyset=...` deletes, as kubectl v0.36.3
 * decides it: the live objects labelled part-of the set whose kind the live parent lists, in a
 * namespace it lists (cluster-scoped kinds everywhere), that this apply did not send
 * (applyset_pruner.go `FindAllObjectsToPrune`, lines 68-104, and `findObjectsToPrune`, 144-175).
 */
function pruned(
  live: readonly KubeObject[],
  parent: { [k: string]: string },
  applied: readonly KubeObject[],
): string[] {
  const kinds = parent[APPLYSET.containsGroupKinds].split(',');
  const namespaces = parent[APPLYSET.additionalNamespaces].split(',').filter(Boolean);
  const sent = new Set(applied.map(identityOf));
  return live
    .filter((o) => kinds.includes(groupKind(o)))
    .filter((o) => !o.metadata?.namespace || namespaces.includes(o.metadata.namespace))
    .map(identityOf)
    .filter((id) => !sent.has(id));
}

function daskhubLike(withDask: boolean): KubeObject[] {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const scope = new Namespace(c, 'dhub');
  const hub = new Hub(scope, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
  hub.addIntegration(new Proxy(scope, 'proxy'));
  // As the daskhub chart places it: the gateway in a namespace of its own.
  if (withDask) hub.addIntegration(new DaskGateway(new Namespace(c, 'dhub-dask'), 'dask'));
  return Testing.synth(c) as KubeObject[];
}

describe('removing a construct between two synths: its objects are pruned at the next apply', () => {
  const before = planApplySet('daskhub', daskhubLike(true));
  const after = planApplySet('daskhub', daskhubLike(false));
  // The live parent after the first apply: kubectl sets it to that apply's set (buildParentPatch, updateToLatestSet).
  const liveParent = parentAnnotations(before.parent, before.members);
  const removed = before.members.map(identityOf).filter((id) => !after.members.map(identityOf).includes(id));

  test('the set keeps its parent and id from one synth to the next (one cluster-scoped parent per chart)', () => {
    expect(after.parent).toEqual(before.parent);
    expect(after.id).toBe(before.id);
  });

  test("the removed Dask Gateway's objects span two namespaces and cluster-scoped kinds", () => {
    expect(removed.length).toBeGreaterThan(20);
    expect(removed).toContain('Deployment.apps dhub-dask/api-dhub-dask-gateway');
    expect(removed).toContain('ClusterRole.rbac.authorization.k8s.io controller-dhub-dask-gateway');
    expect(removed).toContain('ConfigMap dhub/dhub-dask-gateway-token-mirror');
    expect(removed).toContain('IngressRoute.traefik.io dhub-dask/api-dhub-dask-gateway');
  });

  test('the live parent lists the group-kind and the namespace of every removed object, so the prune lists them', () => {
    const kinds = liveParent[APPLYSET.containsGroupKinds].split(',');
    const namespaces = liveParent[APPLYSET.additionalNamespaces].split(',');
    expect(namespaces).toEqual(['dhub', 'dhub-dask']);
    for (const o of before.members.filter((m) => removed.includes(identityOf(m)))) {
      expect(kinds).toContain(groupKind(o));
      if (o.metadata?.namespace) expect(namespaces).toContain(o.metadata.namespace);
    }
  });

  test('the second apply prunes exactly the removed objects, and nothing it still applies', () => {
    expect(pruned(before.members, liveParent, after.members).sort()).toEqual([...removed].sort());
  });

  test("the gateway's Namespace is kept out of the set: removing the construct leaves it (and whatever is in it)", () => {
    expect(before.kept.map(identityOf).sort()).toEqual([
      'Namespace dhub',
      'Namespace dhub-dask',
      'PersistentVolumeClaim dhub/hub-db-dir',
    ]);
    expect(after.kept.map(identityOf).sort()).toEqual(['Namespace dhub', 'PersistentVolumeClaim dhub/hub-db-dir']);
    expect(removed.some((id) => id.startsWith('Namespace '))).toBe(false);
  });
});

describe('pruning never deletes user data', () => {
  test.each(CHARTS)(
    '%s: no Namespace, PersistentVolume, PersistentVolumeClaim or CRD is in the pruned set; every object is in exactly one file',
    (chart) => {
      const objects = goldenObjects(chart);
      const plan = planApplySet(chart, objects);
      expect(plan.members.filter((o) => KEPT_KINDS.includes(groupKind(o)))).toEqual([]);
      expect(plan.kept.every((o) => KEPT_KINDS.includes(groupKind(o)))).toBe(true);
      expect([...plan.members, ...plan.kept].map(identityOf).sort()).toEqual(objects.map(identityOf).sort());
    },
  );

  test("the hub database's and users' claims are kept, wherever a chart has them", () => {
    const kept = planApplySet('jeg-lab', goldenObjects('jeg-lab')).kept.map(identityOf);
    expect(kept).toContain('PersistentVolumeClaim jupyterhub/hub-db-dir');
    expect(kept).toContain('PersistentVolumeClaim jupyterhub/jhub-claim');
    expect(kept).toContain('PersistentVolume nfs-pv');
  });
});

describe('the input kubectl accepts', () => {
  test('synthesize() writes no ApplySet parent and no ApplySet label or annotation (kubectl adds part-of itself)', () => {
    for (const f of fs.readdirSync(GOLDEN).filter((x) => x.endsWith('.yaml')))
      expect(fs.readFileSync(path.join(GOLDEN, f), 'utf8')).not.toContain('applyset.kubernetes.io/');
  });

  test('an object that already has the part-of label is refused, as kubectl refuses it (applyset.go lines 249-252)', () => {
    const labelled: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'jhub', labels: { [APPLYSET.partOf]: 'applyset-abc-v1' } },
    };
    expect(() => planApplySet('c', [labelled])).toThrow(
      'c: ConfigMap x already has the label applyset.kubernetes.io/part-of; kubectl refuses such input (it sets the label itself): remove it',
    );
  });

  test('a Secret parent (namespaced) tracks one namespace only: kubectl -n refuses objects of another', () => {
    expect(() => planApplySet('daskhub', goldenObjects('daskhub'), 'dhub')).toThrow(
      /a Secret parent in dhub cannot track .* dhub-dask\/.*: kubectl -n dhub refuses objects of other namespaces/,
    );
    expect(planApplySet('gke', goldenObjects('gke'), 'jupyterhub-test').parent).toEqual(
      secretParent('gke', 'jupyterhub-test'),
    );
  });

  test.each([
    [
      ['--secret-parent', 'dist/gke.k8s.yaml'],
      0,
      'KUBECTL_APPLYSET=true kubectl apply --prune --applyset=secrets/gke-applyset -n jupyterhub-test -f applyset/gke/members.yaml\n',
    ],
    [
      ['--secret-parent', '-n', 'default', 'dist/minikube.k8s.yaml'],
      0,
      'KUBECTL_APPLYSET=true kubectl apply --prune --applyset=secrets/minikube-applyset -n default -f applyset/minikube/members.yaml\n',
    ],
    [
      ['--secret-parent', 'dist/minikube.k8s.yaml'],
      2,
      'cdk8s-jupyterhub: applyset: --secret-parent: chart minikube has objects that name no namespace: say which with -n <ns>',
    ],
    [
      ['--secret-parent', 'dist/daskhub.k8s.yaml'],
      2,
      'cdk8s-jupyterhub: applyset: --secret-parent: chart daskhub has objects in 2 namespaces (dhub, dhub-dask); a Secret parent tracks one: leave out --secret-parent',
    ],
  ])('applyset %j: a Secret parent needs -n and one namespace (exit %d)', (args, status, text) => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'applyset-secret-'));
    fs.cpSync(GOLDEN, path.join(cwd, 'dist'), { recursive: true });
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-jupyterhub.js'), 'applyset', ...args], {
      cwd,
      encoding: 'utf8',
    });
    fs.rmSync(cwd, { recursive: true, force: true });
    expect(r.status).toBe(status);
    expect(status === 0 ? r.stdout : r.stderr).toContain(text);
  });
});

describe('cdk8s-jupyterhub applyset dist/', () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'applyset-'));
  const dist = path.join(cwd, 'dist');
  fs.cpSync(GOLDEN, dist, { recursive: true });
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-jupyterhub.js'), 'applyset', 'dist/'], {
    cwd,
    encoding: 'utf8',
  });
  const read = (f: string) =>
    YAML.parseAllDocuments(fs.readFileSync(path.join(cwd, 'applyset', f), 'utf8')).map((d) => d.toJS());
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  test('writes, per chart, the kept objects, the members and the parent; exit 0', () => {
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(fs.readdirSync(path.join(cwd, 'applyset')).sort()).toEqual(['applyset-crd.yaml', ...CHARTS].sort());
    expect(fs.readdirSync(path.join(cwd, 'applyset', 'jeg-lab')).sort()).toEqual([
      'kept.yaml',
      'members.yaml',
      'parent.yaml',
    ]);
    // dist/carvel/ (a directory, a Carvel package) is not read: kapp-controller prunes its package.
    expect(fs.existsSync(path.join(cwd, 'applyset', 'carvel'))).toBe(false);
  });

  test('the parent carries what kubectl requires of an existing parent: the id label, tooling kubectl/<version>, contains-group-kinds (empty: an empty set)', () => {
    const [parent] = read('jeg-lab/parent.yaml');
    expect(parent.metadata.labels).toEqual({ [APPLYSET.id]: applySetId(clusterParent('jeg-lab')) });
    expect(parent.metadata.annotations[APPLYSET.tooling]).toMatch(/^kubectl\/v\d+\.\d+\.\d+$/);
    expect(parent.metadata.annotations[APPLYSET.containsGroupKinds]).toBe('');
    expect(parent.metadata.namespace).toBeUndefined();
    const [crd] = read('applyset-crd.yaml');
    expect(crd.metadata.labels).toEqual({ [APPLYSET.isParentType]: 'true' });
    expect([crd.spec.scope, crd.spec.group, crd.spec.names.kind]).toEqual([
      'Cluster',
      parent.apiVersion.split('/')[0],
      parent.kind,
    ]);
  });

  test('a chart with members only CRDs has no set: kubectl refuses an apply of no objects', () => {
    expect(fs.readdirSync(path.join(cwd, 'applyset', 'daskhub-crds'))).toEqual(['kept.yaml']);
    expect(r.stdout).not.toContain('--applyset=applysets.applyset.cdk8s-jupyterhub.io/daskhub-crds');
  });

  test('the commands are those of docs/operations.md, chart by chart, in order: kept objects, the parent once, the pruning apply', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'operations.md'), 'utf8');
    const block = /<!-- applyset-commands -->\n```sh\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    expect(block![1]).toBe(r.stdout);
    expect(r.stdout).toContain(
      'KUBECTL_APPLYSET=true kubectl apply --prune --applyset=applysets.applyset.cdk8s-jupyterhub.io/minikube -f applyset/minikube/members.yaml\n',
    );
  });
});
