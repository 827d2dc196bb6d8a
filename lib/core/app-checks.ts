/**
 * Checks that only the whole app can make: objects that would overwrite each other on apply,
 * workloads that select each other's pods, node ports claimed twice. Each error names both
 * constructs by path.
 *
 * {@link addAppChecks} registers them once per app as a validation of the root construct, so
 * `app.synth()`, `Testing.synth(chart)` and `synthesize(app)` all run them with the other
 * validations.
 * @internal
 */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Kinds that have no namespace: their names are shared by the whole cluster. Objects the
 * library makes cluster-scoped with `clusterScoped()` (their namespace patched away) count too.
 */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'PriorityClass',
  'CustomResourceDefinition',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'RuntimeClass',
  'IngressClass',
  'CertificateSigningRequest',
  'ClusterTrustBundle',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'PodSecurityPolicy',
  'StorageVersion',
  'StorageVersionMigration',
  'VolumeAttributesClass',
  'IPAddress',
  'ServiceCIDR',
  'DeviceClass',
  'ResourceClass',
  'ClusterIssuer',
  'ComponentStatus',
]);

/** Kinds whose pod template is selected by `spec.selector`. */
const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'ReplicationController',
]);

type Labels = { [key: string]: string };
interface Selector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly { key: string; operator: string; values?: string[] }[];
}

/** The parts of a synthesized object the checks read. */
interface ObjectJson {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: string };
  readonly spec?: {
    /** A LabelSelector; a plain label map in a ReplicationController. */
    readonly selector?: Partial<Selector> & Labels;
    readonly template?: { readonly metadata?: { readonly labels?: Labels } };
    readonly ports?: readonly { readonly nodePort?: unknown }[];
  };
}

/** One synthesized object, read once per check run. */
interface Entry {
  readonly path: string;
  readonly kind: string;
  readonly name: string;
  /** undefined: cluster-scoped, or namespaced without a namespace (kubectl's current one). */
  readonly namespace?: string;
  /**
   * Where a namespaced object lands: its namespace; without one, its chart's file, which
   * `kubectl apply -n` may send anywhere, but all of it to one namespace.
   */
  readonly scope: string;
  readonly chartPath: string;
  readonly clusterScoped: boolean;
  /** group, kind, namespace and name: what the API server tells objects apart by. */
  readonly identity: string;
  readonly json: ObjectJson;
}

/** Set by {@link withSharedJson}: each object's `toJson()`, kept for the writer. */
let sharedJson: Map<ApiObject, unknown> | undefined;

/**
 * Runs `fn` (a validation pass) with the objects' `toJson()` results kept in `cache`, so a
 * caller that writes the same objects right after (`synthesize`) serializes each object once.
 */
export function withSharedJson<T>(cache: Map<ApiObject, unknown>, fn: () => T): T {
  const previous = sharedJson;
  sharedJson = cache;
  try {
    return fn();
  } finally {
    sharedJson = previous;
  }
}

function entryOf(obj: ApiObject): Entry | undefined {
  let json = sharedJson?.get(obj) as ObjectJson | undefined;
  if (json === undefined) {
    try {
      json = obj.toJson() as ObjectJson;
    } catch {
      return undefined; // synthesis reports it, with the object's path
    }
    sharedJson?.set(obj, json);
  }
  const kind = String(json.kind ?? obj.kind);
  const name = json.metadata?.name;
  if (typeof name !== 'string') return undefined; // generateName: the server picks a fresh name
  const apiVersion = String(json.apiVersion ?? obj.apiVersion);
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const chart = Chart.of(obj);
  const chartNamespace = chart.namespace;
  const explicit = json.metadata?.namespace;
  // In a chart with a namespace, cdk8s writes it into every object; only clusterScoped() removes it.
  const clusterScoped = CLUSTER_SCOPED_KINDS.has(kind) || (explicit === undefined && chartNamespace !== undefined);
  const namespace = clusterScoped ? undefined : (explicit ?? chartNamespace);
  const scope = clusterScoped ? '' : namespace !== undefined ? `namespace ${namespace}` : `chart ${chart.node.path}`;
  const identity = JSON.stringify([group, kind, scope, name]);
  return {
    path: obj.node.path,
    kind,
    name,
    namespace,
    scope,
    chartPath: chart.node.path,
    clusterScoped,
    identity,
    json,
  };
}

function where(e: Entry): string {
  if (e.clusterScoped) return '(cluster-scoped)';
  return e.namespace === undefined
    ? `without a namespace (chart '${e.chartPath}': kubectl's current one)`
    : `in namespace '${e.namespace}'`;
}

function describe(e: Entry): string {
  return `${e.kind} '${e.name}' at '${e.path}'`;
}

function selectorOf(e: Entry): Selector | undefined {
  if (!WORKLOAD_KINDS.has(e.kind)) return undefined;
  const sel = e.json.spec?.selector;
  if (e.kind === 'ReplicationController') {
    // A plain map; absent means the template's labels.
    const labels = sel ?? e.json.spec?.template?.metadata?.labels;
    return labels ? { matchLabels: labels, matchExpressions: [] } : undefined;
  }
  if (!sel) return undefined; // a Job without manualSelector: the API generates a unique one
  return { matchLabels: sel.matchLabels ?? {}, matchExpressions: sel.matchExpressions ?? [] };
}

function podLabels(e: Entry): Labels {
  return e.json.spec?.template?.metadata?.labels ?? {};
}

/** Whether a label selector selects a set of labels (Kubernetes semantics; empty selects all). */
function selects(sel: Selector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  for (const r of sel.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
        if (!has || !values.includes(labels[r.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[r.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function showSelector(sel: Selector): string {
  return JSON.stringify(sel.matchExpressions.length > 0 ? sel : sel.matchLabels);
}

function duplicateError(first: Entry, second: Entry): string {
  if (first.kind === 'Namespace') {
    return `Namespace '${first.name}' is declared twice, by '${first.path}' and '${second.path}': declare each namespace once and create everything that belongs in it inside that one (a Namespace construct, a Chart's 'namespace' or a JupyterHub)`;
  }
  const scope = first.clusterScoped
    ? 'cluster-scoped names are shared by all namespaces and charts, so give one of them another name'
    : 'give one of them another name (e.g. a distinct namePrefix) or another namespace';
  return `${first.kind} '${first.name}' ${where(first)} is declared twice, by '${first.path}' and '${second.path}': on apply one overwrites the other; ${scope}`;
}

/**
 * Every whole-app error of the ApiObjects at or below `root`: duplicate objects (the same group,
 * kind, namespace and name; Namespaces included), workloads of one namespace whose selectors
 * match each other's pods, and node ports claimed by two Services. Reads each object's
 * `toJson()` once.
 *
 * An object's namespace is its `metadata.namespace`, else its chart's; cluster-scoped kinds have
 * none. Namespaced objects with no namespace at all share one only within their chart: each
 * chart is one file, which `kubectl apply -n` may put in a namespace of its own.
 */
export function appCheckErrors(root: IConstruct): string[] {
  const entries: Entry[] = [];
  for (const c of root.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    const e = entryOf(c);
    if (e) entries.push(e);
  }
  return [...identityErrors(entries), ...selectorErrors(entries), ...nodePortErrors(entries)];
}

/** 1. Identity (and each Namespace once). */
function identityErrors(entries: readonly Entry[]): string[] {
  const errors: string[] = [];
  const byIdentity = new Map<string, Entry>();
  for (const e of entries) {
    const first = byIdentity.get(e.identity);
    if (first) errors.push(duplicateError(first, e));
    else byIdentity.set(e.identity, e);
  }
  return errors;
}

/** 2. Selectors that match another workload's pods, per namespace. */
function selectorErrors(entries: readonly Entry[]): string[] {
  const errors: string[] = [];
  const workloads = new Map<string, { e: Entry; sel: Selector; labels: Labels }[]>();
  for (const e of entries) {
    const sel = selectorOf(e);
    if (!sel || e.clusterScoped) continue;
    if (!workloads.has(e.scope)) workloads.set(e.scope, []);
    workloads.get(e.scope)!.push({ e, sel, labels: podLabels(e) });
  }
  for (const list of workloads.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const error = overlapError(list[i], list[j]);
        if (error) errors.push(error);
      }
    }
  }
  return errors;
}

function overlapError(
  a: { e: Entry; sel: Selector; labels: Labels },
  b: { e: Entry; sel: Selector; labels: Labels },
): string | undefined {
  if (a.e.identity === b.e.identity) return undefined; // reported as a duplicate
  const ab = selects(a.sel, b.labels);
  const ba = selects(b.sel, a.labels);
  if (!ab && !ba) return undefined;
  const how =
    ab && ba
      ? `select each other's pods (selectors ${showSelector(a.sel)} and ${showSelector(b.sel)})`
      : ab
        ? `overlap: the selector ${showSelector(a.sel)} of the first also matches the pods of the second`
        : `overlap: the selector ${showSelector(b.sel)} of the second also matches the pods of the first`;
  return `${describe(a.e)} and ${describe(b.e)} ${where(a.e)} ${how}: each controller would count and manage the other's pods; give each its own pod labels (e.g. a distinct 'release' per Hub)`;
}

/** 3. Node ports are allocated cluster-wide. */
function nodePortErrors(entries: readonly Entry[]): string[] {
  const errors: string[] = [];
  const byNodePort = new Map<number, Entry>();
  for (const e of entries) {
    const ports = e.json.spec?.ports;
    if (e.kind !== 'Service' || !Array.isArray(ports)) continue;
    const seenHere = new Set<number>();
    for (const p of ports) {
      const port = p?.nodePort;
      if (typeof port !== 'number' || seenHere.has(port)) continue;
      seenHere.add(port);
      const first = byNodePort.get(port);
      if (!first) byNodePort.set(port, e);
      else if (first.identity !== e.identity) {
        errors.push(
          `nodePort ${port} is claimed twice, by ${describe(first)} ${where(first)} and ${describe(e)} ${where(e)}: node ports are shared by the whole cluster; give one of them another nodePort (or none, and let Kubernetes pick)`,
        );
      }
    }
  }
  return errors;
}

const registered = new WeakSet<IConstruct>();

/**
 * Registers {@link appCheckErrors} as a validation of the root of `scope`'s tree, once per app
 * however often it is called, so every synthesis path runs the whole-app checks.
 */
export function addAppChecks(scope: IConstruct): void {
  const root = scope.node.root;
  if (registered.has(root)) return;
  registered.add(root);
  // cdk8s's app.synth() validates the whole app once per chart: the checks' result is kept while
  // the tree has the same constructs, so an app of N charts is checked once, not N times.
  let memo: { readonly size: number; readonly errors: string[] } | undefined;
  root.node.addValidation({
    validate: () => {
      const size = root.node.findAll().length;
      if (memo?.size !== size) memo = { size, errors: appCheckErrors(root) };
      return memo.errors;
    },
  });
}
