/**
 * The mapping tables of docs/parity/: one row per option of each chart's values (copied into
 * test/fixtures/charts/ with its license), each naming the typed equivalent (`Struct.prop`, a prop
 * of lib/prop-specs.generated.ts STRUCTS or of a generated trait struct, or a path through
 * struct-typed props such as `HubProps.workload.podLabels`) or a status (`not
 * applicable: <Helm-only reason>`, `escape hatch: ...`, `missing: ...`). The coverage each doc
 * records (typed / applicable) is the one computed here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { STRUCTS } from '../lib/prop-specs.generated';
import type { PropSpec } from '../lib/prop-specs.generated';
import type { TraitKind, TraitTable } from '../lib/core/trait-table';
import * as jupyterhubauthenticatorTables from '../lib/auth/jupyterhub-authenticator-trait-table.generated';
import * as ldapauthenticatorTables from '../lib/auth/ldapauthenticator-trait-table.generated';
import * as nativeauthenticatorTables from '../lib/auth/nativeauthenticator-trait-table.generated';
import * as oauthenticatorTables from '../lib/auth/oauthenticator-trait-table.generated';
import * as daskgatewayserverTables from '../lib/dask/dask-gateway-server-trait-table.generated';
import * as jupyterhubTables from '../lib/hub/jupyterhub-trait-table.generated';
import * as kubespawnerTables from '../lib/users/kubespawner-trait-table.generated';
import { MERGES as DASK_MERGES, OWNERS as DASK_OWNERS } from '../lib/dask/dask-gateway-trait-owners';
import { MERGES as HUB_MERGES, OWNERS as HUB_OWNERS } from '../lib/hub/hub-trait-owners';

const ROOT = path.join(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures', 'charts');

/** The only reasons an option is not applicable: it exists only because of Helm. */
export const HELM_ONLY_REASONS = [
  'Helm release naming',
  'Helm hook',
  'chart toggle',
  'Helm global',
  'Helm chart debug',
  'the chart renders the image pull Secret from values',
];

const CHARTS = [
  { doc: 'docs/parity/z2jh-4.4.0.md', values: 'z2jh-4.4.0/values.schema.yaml' },
  { doc: 'docs/parity/dask-gateway-2026.3.0.md', values: 'dask-gateway-2026.3.0/values.schema.yaml' },
  { doc: 'docs/parity/enterprise-gateway-3.3.0.md', values: 'enterprise-gateway-3.3.0/values.yaml' },
];

/** A schema's leaves: the nodes without `properties`. */
function schemaLeaves(node: any, at: string, out: string[]): string[] {
  if (node && typeof node === 'object' && node.properties) {
    for (const [k, v] of Object.entries(node.properties)) schemaLeaves(v, at ? `${at}.${k}` : k, out);
  } else out.push(at);
  return out;
}

/** A values file's leaves: the values that are no non-empty mapping. */
function valueLeaves(node: any, at: string, out: string[]): string[] {
  if (node && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length > 0) {
    for (const [k, v] of Object.entries(node)) valueLeaves(v, at ? `${at}.${k}` : k, out);
  } else out.push(at);
  return out;
}

function leaves(file: string): string[] {
  const doc = parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
  return file.endsWith('values.schema.yaml') ? schemaLeaves(doc, '', []) : valueLeaves(doc, '', []);
}

interface Row {
  readonly option: string;
  readonly equivalent: string;
  readonly line: number;
}

function rows(doc: string): Row[] {
  const out: Row[] = [];
  fs.readFileSync(path.join(ROOT, doc), 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const m = /^\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|$/.exec(text);
      if (m) out.push({ option: m[1], equivalent: m[2].trim(), line: i + 1 });
    });
  return out;
}

/** The generated trait structs, from their trait tables. */
const TRAIT_MODULES = [
  jupyterhubauthenticatorTables,
  ldapauthenticatorTables,
  nativeauthenticatorTables,
  oauthenticatorTables,
  daskgatewayserverTables,
  jupyterhubTables,
  kubespawnerTables,
];
function traitTables(): Map<string, TraitTable> {
  const tables = new Map<string, TraitTable>();
  for (const mod of TRAIT_MODULES) for (const t of Object.values(mod) as TraitTable[]) tables.set(t.struct, t);
  return tables;
}
const TRAITS = traitTables();
const TYPED_KINDS: TraitKind[] = [
  'bool',
  'int',
  'float',
  'string',
  'bytes',
  'enum',
  'caselessEnum',
  'strings',
  'stringSet',
  'stringMap',
];

const typedSpec = (spec: PropSpec): boolean =>
  spec.type !== 'any' && spec.type !== 'function' && (spec.of === undefined || typedSpec(spec.of));

/** Whether `Struct.prop` exists, and whether its value type is typed (no raw or any form). */
function resolve(api: string): { exists: boolean; typed: boolean; owner?: string } {
  if (STRUCTS[api]) return { exists: true, typed: true }; // a public method or static factory
  // `Struct.prop`, or a path through struct-typed props: `HubProps.workload.podLabels`.
  const dot = api.lastIndexOf('.');
  let struct = api.slice(0, dot);
  const prop = api.slice(dot + 1);
  const hops = struct.split('.');
  if (hops.length > 1 && !STRUCTS[struct] && !TRAITS.has(struct)) {
    struct = hops[0];
    for (const hop of hops.slice(1)) {
      const via = STRUCTS[struct]?.[hop];
      if (via?.type !== 'struct' || !via.name) return { exists: false, typed: false };
      struct = via.name;
    }
  }
  const spec = STRUCTS[struct]?.[prop];
  if (spec) return { exists: true, typed: typedSpec(spec) };
  const table = TRAITS.get(struct);
  const trait = table?.traits[prop] as unknown as [string, TraitKind] | undefined;
  if (!table || !trait) return { exists: false, typed: false };
  // A trait the library sets is named only where the library merges the given value into its own.
  const familyTrait = `${table.family}.${trait[0]}`;
  const owner = { ...HUB_OWNERS, ...DASK_OWNERS }[familyTrait];
  if (owner && !(familyTrait in { ...HUB_MERGES, ...DASK_MERGES })) return { exists: true, typed: false, owner };
  return { exists: true, typed: TYPED_KINDS.includes(trait[1]) };
}

type Status = 'typed' | 'not applicable' | 'other';

function status(row: Row): { status: Status; problem?: string } {
  const api = /^`([A-Z][\w.#]*[.#][a-z]\w*)`$/.exec(row.equivalent);
  if (api) {
    const r = resolve(api[1]);
    if (!r.exists) return { status: 'other', problem: `names ${api[1]}, which does not exist` };
    if (r.owner)
      return { status: 'other', problem: `names ${api[1]}, a trait the library sets from ${r.owner}: name that` };
    return { status: r.typed ? 'typed' : 'other' };
  }
  const na = /^not applicable: (.+)$/.exec(row.equivalent);
  if (na) {
    if (!HELM_ONLY_REASONS.some((r) => na[1].startsWith(r)))
      return { status: 'other', problem: `not applicable for no Helm-only reason: ${na[1]}` };
    return { status: 'not applicable' };
  }
  if (/^(escape hatch|missing): ./.test(row.equivalent)) return { status: 'other' };
  return { status: 'other', problem: `neither an API nor a status: ${row.equivalent}` };
}

describe.each(CHARTS)('the mapping table $doc', ({ doc, values }) => {
  const options = leaves(values);
  const table = rows(doc);

  test('has one row for each option of the chart, and none for an option the chart does not have', () => {
    const named = table.map((r) => r.option);
    expect(options.filter((o) => !named.includes(o))).toEqual([]);
    expect(named.filter((o) => !options.includes(o))).toEqual([]);
    expect(named.filter((o, i) => named.indexOf(o) !== i)).toEqual([]);
  });

  test('names only APIs that exist, and statuses from the fixed list', () => {
    const problems = table.flatMap((r) => {
      const s = status(r);
      return s.problem ? [`${doc}:${r.line}: ${r.option}: ${s.problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  test('records the coverage it has (typed / applicable)', () => {
    const statuses = table.map(status);
    const typed = statuses.filter((s) => s.status === 'typed').length;
    const applicable = statuses.filter((s) => s.status !== 'not applicable').length;
    const percent = ((100 * typed) / applicable).toFixed(1);
    const line = `Coverage: ${typed} of ${applicable} applicable options typed (${percent}%).`;
    console.log(`${doc}: ${line}`);
    expect(fs.readFileSync(path.join(ROOT, doc), 'utf8').split('\n')).toContain(line);
  });
});
