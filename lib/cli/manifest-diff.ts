import { ALLOCATED_FIELDS, pathMatches, ruleApplies } from './api-defaults';
import { CLUSTER_SCOPED_KINDS, identityOf, KubeObject, LoadedObject, UsageError } from './manifest-files';
import { deepEqual, normalize } from './manifest-normalize';

/** One field that differs: its path (`spec.template.spec.containers[name=hub].image`) and both values. */
export interface FieldChange {
  readonly path: string;
  /** The value in the cluster export or Helm render, undefined where it has none. */
  readonly from: unknown;
  /** The value in dist/, undefined where it has none. */
  readonly to: unknown;
}

/** What `diff` finds between the objects of a cluster (or a Helm render) and those of dist/. */
export interface ManifestDiff {
  /** Objects only in dist/: applying dist/ creates them. */
  readonly added: readonly string[];
  /** Objects only in the cluster export: applying dist/ leaves them in place (prune them, or delete them). */
  readonly removed: readonly string[];
  /** Objects in both whose fields differ, field by field. */
  readonly changed: readonly { readonly id: string; readonly changes: readonly FieldChange[] }[];
  /** How many objects are in both and the same. */
  readonly unchanged: number;
}

/** The fields a list's items are keyed by, in order of preference: a list of containers, env, volumes... by name. */
const LIST_KEYS = ['name', 'mountPath', 'containerPort', 'port', 'devicePath', 'ip', 'key'];

/** An object with `namespace` given to it when it is namespaced and has none (`helm template` writes none). */
function withNamespace(o: KubeObject, namespace: string | undefined): KubeObject {
  if (namespace === undefined || o.metadata?.namespace || CLUSTER_SCOPED_KINDS.includes(String(o.kind))) return o;
  return { ...o, metadata: { ...o.metadata, namespace } };
}

function byIdentity(objects: readonly LoadedObject[], namespace: string | undefined): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const { object, file } of objects) {
    const o = withNamespace(object, namespace);
    const id = identityOf(o);
    if (out.has(id)) throw new UsageError(`${file}: ${id} appears twice`);
    out.set(id, o);
  }
  return out;
}

/**
 * Compares the objects of a cluster export or Helm render (`from`) with those of dist/ (`to`):
 * objects match by group, kind, namespace and name; their order, the order of mapping keys and
 * the order of keyed lists (containers, env, ports, volumes, mounts) do not count.
 */
export function diffManifests(
  from: readonly LoadedObject[],
  to: readonly LoadedObject[],
  namespace?: string,
): ManifestDiff {
  const a = byIdentity(from, namespace);
  const b = byIdentity(to, namespace);
  const changed: { id: string; changes: FieldChange[] }[] = [];
  let unchanged = 0;
  for (const [id, obj] of b) {
    const live = a.get(id);
    if (!live) continue;
    const changes: FieldChange[] = [];
    compare(normalize(live), normalize(obj), String(obj.kind), [], changes);
    if (changes.length > 0) changed.push({ id, changes });
    else unchanged++;
  }
  const sorted = (xs: string[]) => xs.sort();
  return {
    added: sorted([...b.keys()].filter((id) => !a.has(id))),
    removed: sorted([...a.keys()].filter((id) => !b.has(id))),
    changed: changed.sort((x, y) => (x.id < y.id ? -1 : 1)),
    unchanged,
  };
}

/** A field path as text: `spec.containers[name=hub].image`, a key with dots or slashes quoted (`data["a.b"]`). */
function pathText(segments: readonly string[]): string {
  const seg = (s: string) => (s.startsWith('[') ? s : /^[A-Za-z0-9_-]+$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`);
  return segments.map(seg).join('').replace(/^\./, '');
}

/** The key a list's items are matched by, or undefined when the list is compared item by item in order. */
function listKey(a: unknown[], b: unknown[]): string | undefined {
  const items = [...a, ...b];
  if (items.length === 0 || !items.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x)))
    return undefined;
  return LIST_KEYS.find((k) =>
    [a, b].every((list) => {
      const keys = list.map((x) => (x as Record<string, unknown>)[k]);
      return keys.every((v) => v !== undefined) && new Set(keys.map(String)).size === keys.length;
    }),
  );
}

function keyedItems(list: unknown[], key: string): Map<string, unknown> {
  return new Map(list.map((x) => [String((x as Record<string, unknown>)[key]), x]));
}

function compare(a: unknown, b: unknown, kind: string, at: string[], out: FieldChange[]): void {
  if (deepEqual(a, b) || sameQuantity(a, b, at)) return;
  if (Array.isArray(a) && Array.isArray(b)) return compareLists(a, b, kind, at, out);
  if (isMap(a) && isMap(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(k in b) && isAllocated(kind, [...at, k])) continue;
      compare(a[k], b[k], kind, [...at, k], out);
    }
    return;
  }
  out.push({ path: pathText(at), from: a, to: b });
}

function compareLists(a: unknown[], b: unknown[], kind: string, at: string[], out: FieldChange[]): void {
  const key = listKey(a, b);
  if (key === undefined) {
    if (a.length !== b.length) out.push({ path: pathText(at), from: a, to: b });
    else a.forEach((x, i) => compare(x, b[i], kind, [...at, `[${i}]`], out));
    return;
  }
  const ka = keyedItems(a, key);
  const kb = keyedItems(b, key);
  for (const k of new Set([...ka.keys(), ...kb.keys()]))
    compare(ka.get(k), kb.get(k), kind, [...at, `[${key}=${k}]`], out);
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isAllocated(kind: string, at: string[]): boolean {
  const p = at.map((s) => (s.startsWith('[') ? '*' : s));
  return ALLOCATED_FIELDS.some((r) => ruleApplies(r, kind) && pathMatches(r.path, p));
}

const SUFFIX: { [s: string]: number } = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity (`500m`, `1Gi`, `1e3`) as a number, or undefined. */
export function quantityValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const m =
    typeof v === 'string' ? /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(v) : null;
  return m ? Number(m[1]) * SUFFIX[m[2] ?? ''] : undefined;
}

/** Two amounts of resources written differently (`0.5` and `500m`, `1Gi` and `1073741824`) are the same. */
function sameQuantity(a: unknown, b: unknown, at: string[]): boolean {
  if (!at.some((s) => /^(limits|requests|capacity|hard)$/.test(s))) return false;
  const [x, y] = [quantityValue(a), quantityValue(b)];
  return x !== undefined && y !== undefined && Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
}
