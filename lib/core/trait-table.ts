/**
 * The checker of the typed trait props (`HubTraits`, `DaskGatewayTraits`): each given value is
 * checked at construction against its trait's type as the generated trait tables record it
 * (scripts/gen-traits.js, from the pinned programs' trait dumps and sources), and turned into a
 * typed `c.<Class>.<trait>` setting for the one config generator of the file.
 * @internal
 */
import { nearest } from './check-props';
import { PySet, PyValue } from './python';
import { fail, show } from './validate';

/** How a prop is typed, checked and written. */
export type TraitKind =
  | 'bool'
  | 'int'
  | 'float'
  | 'string'
  | 'bytes'
  | 'enum'
  | 'caselessEnum'
  | 'strings'
  | 'stringSet'
  | 'stringMap'
  | 'list'
  | 'dict'
  | 'any'
  | 'refused';

/** What the checker knows of the props of one trait struct (generated). */
export interface TraitTable {
  /** The configurable class: `c.<cls>.<trait>`. */
  readonly cls: string;
  /** The class and its subclasses set one trait: `Spawner` for KubeSpawner, `Authenticator`, ... */
  readonly family: string;
  /** The struct's name, for errors. */
  readonly struct: string;
  /**
   * Per prop: the trait, its kind, and the enum values (enum), the traitlets type or `secret`
   * (refused), the typed prop a raw form goes with (`any` raw forms) or the length of a fixed-length
   * Tuple (`strings`).
   */
  readonly traits: { readonly [prop: string]: readonly [string, TraitKind, (readonly string[])?] };
}

/** A trait set with a typed traits prop. */
export interface UserTrait {
  readonly cls: string;
  readonly family: string;
  readonly trait: string;
  /** The prop path the user typed, e.g. `traits.kubeSpawner.extraLabels`. */
  readonly prop: string;
  readonly value: PyValue;
}

const BYTES = /^[0-9]+(\.[0-9]+)?\s*([KMGTP]i?B?)?$/i;

function isPlainObject(v: unknown): v is { [key: string]: unknown } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** JSON data as a Python literal value; refuses what is not data (functions, class instances, NaN). */
export function jsonToPy(prop: string, v: unknown): PyValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(prop, v, 'must be a finite number');
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => jsonToPy(`${prop}[${i}]`, x));
  if (isPlainObject(v)) {
    const out: { [key: string]: PyValue } = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = jsonToPy(`${prop}.${k}`, x);
    return out;
  }
  return fail(
    prop,
    typeof v === 'function' ? String(v).slice(0, 40) : v,
    'must be JSON data (a string, number, boolean, null, list or object): a Python callable or object is code, write it in extraConfig',
  );
}

function checkKind(prop: string, kind: TraitKind, v: unknown, values: readonly string[] = []): PyValue {
  const strings = (): string[] => {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(prop, v, 'must be a list of strings');
    return [...(v as string[])];
  };
  switch (kind) {
    case 'bool':
      if (typeof v !== 'boolean') fail(prop, v, 'must be true or false');
      return v;
    case 'int':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(prop, v, 'must be a whole number (an Integer trait)');
      return v;
    case 'float':
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(prop, v, 'must be a finite number');
      return v;
    case 'string':
      if (typeof v !== 'string') fail(prop, v, 'must be a string');
      return v;
    case 'bytes':
      if (typeof v !== 'string' || !BYTES.test(v))
        fail(prop, v, "must be a size: a number of bytes, or a number and a suffix K, M, G or T (e.g. '2G')");
      return v;
    case 'enum':
    case 'caselessEnum': {
      const ok =
        typeof v === 'string' &&
        (kind === 'enum' ? values.includes(v) : values.some((x) => x.toLowerCase() === v.toLowerCase()));
      if (!ok) fail(prop, v, `must be one of ${values.map((x) => show(x)).join(', ')}`);
      return v as string;
    }
    case 'strings': {
      const list = strings();
      // A Tuple of a fixed length (its length is the table's extra).
      if (values.length > 0 && list.length !== Number(values[0]))
        fail(prop, v, `must be a list of exactly ${values[0]} strings`);
      return list;
    }
    case 'stringSet':
      return new PySet(strings());
    case 'stringMap':
      if (!isPlainObject(v) || Object.values(v).some((x) => typeof x !== 'string'))
        fail(prop, v, 'must be a map of strings to strings');
      return { ...(v as { [key: string]: string }) };
    case 'list':
      if (!Array.isArray(v)) fail(prop, v, 'must be a list');
      return jsonToPy(prop, v);
    case 'dict':
      if (!isPlainObject(v)) fail(prop, v, 'must be an object (a Python dict)');
      return jsonToPy(prop, v);
    default:
      return jsonToPy(prop, v);
  }
}

/**
 * Checks the traits given for one class (`traits.<field>`) against its table; returns them as
 * settings, in the order of the table. `refusedOwner` names the prop that owns a `Type`/`Callable`
 * trait (e.g. `authenticator` for `authenticatorClass`), if the library models it.
 */
export function resolveTraitTable(
  prop: string,
  table: TraitTable,
  given: unknown,
  refusedOwner: (trait: string) => string | undefined = () => undefined,
): UserTrait[] {
  if (!isPlainObject(given)) fail(prop, given, `must be an object of ${table.struct} (traits of c.${table.cls})`);
  const props = Object.keys(table.traits);
  for (const key of Object.keys(given)) {
    if (key in table.traits || given[key] === undefined) continue;
    const byPython = props.find((p) => table.traits[p][0] === key && table.traits[p][1] !== 'any');
    const near =
      byPython ??
      nearest(
        key,
        props.filter((p) => table.traits[p][1] !== 'refused'),
      );
    fail(
      `${prop}.${key}`,
      given[key],
      `'${key}' is not a trait of ${table.cls} (${table.struct}); ${near ? `did you mean '${near}'?` : 'see its props in API.md'}`,
    );
  }
  const out: UserTrait[] = [];
  for (const [p, [trait, kind, extra]] of Object.entries(table.traits)) {
    const v = given[p];
    if (v === undefined) continue;
    const where = `${prop}.${p}`;
    if (kind === 'refused' && extra?.[0] === 'secret')
      fail(
        where,
        '(a secret)',
        `c.${table.cls}.${trait} is a secret: written here it would be in the ConfigMap, in plain text; ${
          refusedOwner(trait)
            ? `give it with '${refusedOwner(trait)}'`
            : 'read it from a Secret with ConfigTrait.fromEnv in an integration'
        }`,
      );
    if (kind === 'refused') {
      const owner = refusedOwner(trait);
      fail(
        where,
        typeof v === 'function' ? 'a function' : v,
        `c.${table.cls}.${trait} is a traitlets ${extra?.[0] ?? 'Callable'} (a class or a callable, code rather than data): ${
          owner ? `the library sets it from '${owner}': use that prop` : 'write it in extraConfig if you must'
        }`,
      );
    }
    if (kind === 'any' && extra?.[0] !== undefined && given[extra[0]] !== undefined)
      fail(where, v, `is the raw form of '${prop}.${extra[0]}': give one of the two`);
    out.push({ cls: table.cls, family: table.family, trait, prop: where, value: checkKind(where, kind, v, extra) });
  }
  return out;
}
