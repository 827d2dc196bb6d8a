import { parse } from 'yaml';
import { nearest } from '../core/check-props';
import { ChartKeys, DASK_GATEWAY_KEYS, Z2JH_KEYS } from './chart-keys.generated';
import { UsageError } from './manifest-files';

/** Which chart's values a key is of. */
export type ValuesChart = 'z2jh' | 'dask-gateway';

/** One leaf of a values file: a value that is no non-empty mapping, where the file has it. */
export interface ValueLeaf {
  /** The key as the file writes it, dotted: `jupyterhub.singleuser.memory.limit` in a daskhub file. */
  readonly key: string;
  /** The chart the key is of. */
  readonly chart: ValuesChart;
  /**
   * The chart's key: the deepest node of its schema on the way (`singleuser.extraEnv` for
   * `singleuser.extraEnv.EDITOR`, `hub.services.apiToken` for `hub.services.<name>.apiToken`).
   */
  readonly schemaKey: string;
  /** The segments below `schemaKey` (`['EDITOR']`; `[<name>]` under `hub.services`). */
  readonly rest: readonly string[];
  readonly value: unknown;
}

/** The parsed values: their leaves, and whether the file is a daskhub one. */
export interface ValuesFile {
  readonly leaves: readonly ValueLeaf[];
  readonly daskhub: boolean;
}

/**
 * z2jh 0.x's `auth` (removed in z2jh 1.0, still in old values files): accepted so that the import
 * can say where each of its keys went (hub.config.<Authenticator>), and keep its secrets out.
 */
const LEGACY_TOP_KEYS = ['auth'];

const isMapping = (v: unknown): v is { [k: string]: unknown } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a values file: a z2jh one, or a daskhub one (`jupyterhub:` and `dask-gateway:` at the top). */
export function readValues(text: string, file: string): ValuesFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new UsageError(`import: ${file} is no YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return { leaves: [], daskhub: false };
  if (!isMapping(doc)) throw new UsageError(`import: ${file} is no mapping of values`);
  const daskhub = 'jupyterhub' in doc || 'dask-gateway' in doc;
  const leaves: ValueLeaf[] = [];
  if (!daskhub) walk(doc, [], 'z2jh', '', file, leaves);
  else {
    for (const [k, v] of Object.entries(doc)) {
      if (k !== 'jupyterhub' && k !== 'dask-gateway')
        throw unknownKey(
          file,
          k,
          ['jupyterhub', 'dask-gateway'],
          'a daskhub values file has jupyterhub: and dask-gateway:',
        );
      if (isMapping(v)) walk(v, [], k === 'jupyterhub' ? 'z2jh' : 'dask-gateway', `${k}.`, file, leaves);
    }
  }
  return { leaves, daskhub };
}

function unknownKey(file: string, key: string, candidates: string[], why?: string): UsageError {
  const near = nearest(key, candidates);
  const hint = near ? `; did you mean ${near}?` : `; the valid keys here: ${candidates.slice(0, 12).join(', ')}`;
  return new UsageError(`import: ${file}: unknown key ${key}${hint}${why ? ` (${why})` : ''}`);
}

function walk(
  node: { [k: string]: unknown },
  at: string[],
  chart: ValuesChart,
  prefix: string,
  file: string,
  out: ValueLeaf[],
) {
  const keys: ChartKeys = chart === 'z2jh' ? Z2JH_KEYS : DASK_GATEWAY_KEYS;
  const here = at.join('.');
  const kind = at.length === 0 ? 'object' : keys[here];
  for (const [k, v] of Object.entries(node)) {
    const path = [...at, k];
    const dotted = path.join('.');
    if (dotted in keys || (at.length === 0 && chart === 'z2jh' && LEGACY_TOP_KEYS.includes(k))) {
      descend(v, path, path, chart, prefix, file, out, keys);
      continue;
    }
    const pattern = kind.startsWith('pattern:') ? new RegExp(kind.slice('pattern:'.length)) : undefined;
    if (kind === 'open' || pattern?.test(k)) {
      if (here === 'hub.services' && isMapping(v)) serviceEntry(v, k, prefix, file, out);
      else free(v, [k], here, chart, prefix, out);
      continue;
    }
    const siblings = Object.keys(keys)
      .filter((p) => p.startsWith(here ? `${here}.` : '') && p.split('.').length === path.length)
      .map((p) => p);
    throw unknownKey(
      file,
      prefix + dotted,
      siblings.map((s) => prefix + s),
    );
  }
}

function descend(
  v: unknown,
  path: string[],
  schemaPath: string[],
  chart: ValuesChart,
  prefix: string,
  file: string,
  out: ValueLeaf[],
  keys: ChartKeys,
) {
  const dotted = schemaPath.join('.');
  const kind = keys[dotted] ?? 'leaf';
  if (kind !== 'leaf' && isMapping(v) && Object.keys(v).length > 0) walk(v, path, chart, prefix, file, out);
  else if (kind === 'leaf' && isMapping(v) && Object.keys(v).length > 0) free(v, [], dotted, chart, prefix, out);
  else out.push({ key: prefix + path.join('.'), chart, schemaKey: dotted, rest: [], value: v });
}

/** The leaves under a key whose keys the chart does not list (hub.config.<Class>, extraEnv, annotations, ...). */
function free(v: unknown, rest: string[], schemaKey: string, chart: ValuesChart, prefix: string, out: ValueLeaf[]) {
  if (isMapping(v) && Object.keys(v).length > 0) {
    for (const [k, sub] of Object.entries(v)) free(sub, [...rest, k], schemaKey, chart, prefix, out);
  } else {
    const key = prefix + [schemaKey, ...rest].join('.');
    out.push({ key, chart, schemaKey, rest, value: v });
  }
}

/** `hub.services.<name>`: the schema lists the fields of one service. */
function serviceEntry(v: { [k: string]: unknown }, name: string, prefix: string, file: string, out: ValueLeaf[]) {
  const fields = Object.keys(Z2JH_KEYS).filter((p) => /^hub\.services\.[^.]+$/.test(p));
  for (const [k, sub] of Object.entries(v)) {
    const schemaKey = `hub.services.${k}`;
    if (!fields.includes(schemaKey))
      throw unknownKey(
        file,
        `${prefix}hub.services.${name}.${k}`,
        fields.map((f) => `${prefix}hub.services.${name}.${f.split('.')[2]}`),
      );
    out.push({ key: `${prefix}hub.services.${name}.${k}`, chart: 'z2jh', schemaKey, rest: [name], value: sub });
  }
}
