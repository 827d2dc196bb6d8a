import { CLASSES, ENUMS, INTERFACES, PropSpec, STRUCTS } from '../prop-specs.generated';

/**
 * Runtime check of a props object against its declaration, for callers without a type checker
 * (JavaScript, jsii bindings): unknown keys (with the nearest valid name), required props, the type
 * of each prop, enum membership, class instances, and nested structs and lists. The specs are
 * generated from lib/'s declarations (`npm run gen:props`); domain rules (ports, DNS names, ...)
 * stay with the constructs. Errors are in the house style: `Invalid '<prop path>' (<value>): <fix>`.
 * @internal
 */

/** Classes by their spec name (`Size`, `kplus.Cpu`, `Hub`); filled by prop-classes.generated.ts. */
const classes = new Map<string, { readonly prototype: object }>();

/**
 * Lets the checker test instances of these classes with `instanceof`. Classes not registered are
 * recognized by name along the prototype chain.
 * @internal
 */
export function registerPropClasses(byName: { readonly [name: string]: { readonly prototype: object } }): void {
  for (const [name, cls] of Object.entries(byName)) classes.set(name, cls);
}

/**
 * Throws if `props` does not match the declaration of `structName` (e.g. 'HubProps').
 * `path` is the prop path of `props` itself, prefixed to every prop named in an error.
 * @internal
 */
export function checkProps(structName: string, props: unknown, path = ''): void {
  const spec = STRUCTS[structName];
  if (spec === undefined) throw new Error(`checkProps: no spec for '${structName}': run npm run gen:props`);
  if (!isObject(props)) {
    const required = Object.keys(spec).filter((p) => !spec[p].optional);
    const needs = required.length > 0 ? ` with ${required.map((p) => `'${p}'`).join(', ')}` : '';
    invalid(path || 'props', props, `must be an object of ${structName}${needs} (got ${got(props)})`);
  }
  const record = props as { readonly [key: string]: unknown };
  const given = Object.keys(record);
  for (const key of given) {
    if (Object.prototype.hasOwnProperty.call(spec, key)) continue;
    const near = nearest(key, Object.keys(spec));
    const hint = near
      ? `did you mean '${near}'?`
      : `its props are ${Object.keys(spec)
          .map((p) => `'${p}'`)
          .join(', ')}`;
    invalid(join(path, key), record[key], `'${key}' is not a prop of ${structName}; ${hint}`);
  }
  // The props given, in the caller's order, then the required ones left out.
  for (const name of given) checkValue(spec[name], record[name], join(path, name), false);
  for (const name of Object.keys(spec))
    if (!given.includes(name)) checkValue(spec[name], undefined, join(path, name), false);
}

function checkValue(spec: PropSpec, value: unknown, path: string, element: boolean): void {
  if (value === undefined || value === null) {
    if (spec.type === 'any' || (spec.optional && value === undefined)) return;
    const fix = element
      ? `must be ${expected(spec, value)}`
      : spec.optional
        ? `must be ${expected(spec, value)}, or left out for the default`
        : `is required: must be ${expected(spec, value)}`;
    invalid(path, value, `${fix} (got ${got(value)})`);
  }
  let ok = false;
  switch (spec.type) {
    case 'string':
      ok = typeof value === 'string';
      break;
    case 'number':
      ok = typeof value === 'number' && Number.isFinite(value);
      break;
    case 'boolean':
      ok = typeof value === 'boolean';
      break;
    case 'function':
      ok = typeof value === 'function';
      break;
    case 'object':
      ok = isObject(value);
      break;
    case 'enum':
      ok = Object.values(ENUMS[spec.name as string]).includes(value as string);
      break;
    case 'class':
      ok = isInstance(value, spec.name as string);
      break;
    case 'interface':
      ok = isObject(value) && missingMember(value, spec.name as string) === undefined;
      break;
    case 'struct':
      checkProps(spec.name as string, value, path);
      return;
    case 'array':
      if (!Array.isArray(value)) break;
      value.forEach((v, i) => checkValue(spec.of as PropSpec, v, `${path}[${i}]`, true));
      return;
    case 'map':
      if (!isObject(value)) break;
      for (const [k, v] of Object.entries(value)) checkValue(spec.of as PropSpec, v, `${path}['${k}']`, true);
      return;
    default:
      return; // 'any': not checked
  }
  // A wrong enum value is shown in the parentheses already; say what else it is only if not a string.
  const missing = spec.type === 'interface' && isObject(value) ? missingMember(value, spec.name as string) : undefined;
  const what =
    spec.type === 'enum' && typeof value === 'string'
      ? ''
      : ` (got ${got(value, spec)}${missing ? ` without '${missing}'` : ''})`;
  if (!ok) invalid(path, value, `must be ${expected(spec, value)}${what}`);
}

/** What a prop must be, as a phrase after "must be". */
function expected(spec: PropSpec, value: unknown): string {
  const name = spec.name as string;
  switch (spec.type) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a finite number';
    case 'boolean':
      return 'true or false';
    case 'function':
      return 'a function';
    case 'struct':
      return `an object of ${name}`;
    case 'object':
      return name ? `an object (${name})` : 'an object';
    case 'interface': {
      const by = INTERFACES[name].implementedBy.map((c) => `${article(c)} ${c}`);
      return `${article(name)} ${name}${by.length > 0 ? `, e.g. ${by.slice(0, 3).join(' or ')}` : ''}`;
    }
    case 'enum': {
      const members = Object.entries(ENUMS[name]).map(([m, v]) => `${name}.${m} (${show(v)})`);
      return `one of ${members.join(', ')}`;
    }
    case 'class': {
      const cls = CLASSES[name];
      if (cls?.construct) return `${article(name)} ${name} (new ${name}(scope, id, ...))`;
      if (!cls || cls.factories.length === 0) return `${article(name)} ${name}`;
      const made = cls.factories.map((f) => `${name}.${f}()`);
      const list =
        made.length > 4
          ? `${made.slice(0, 3).join(', ')}, ...`
          : made.length > 1
            ? `${made.slice(0, -1).join(', ')} or ${made[made.length - 1]}`
            : made[0];
      return `${article(name)} ${name}, made by ${list}`;
    }
    case 'array': {
      const of = spec.of as PropSpec;
      if (of.type === 'string')
        return `a list of strings, e.g. [${typeof value === 'string' ? show(value) : "'a', 'b'"}]`;
      return `a list whose items are each ${expected(of, undefined)}`;
    }
    case 'map':
      return `an object whose values are each ${expected(spec.of as PropSpec, undefined)}${spec.of?.type === 'string' ? ", e.g. { key: 'value' }" : ''}`;
    default:
      return 'anything';
  }
}

/** What a value is, as a phrase after "got". */
function got(value: unknown, spec?: PropSpec): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string')
    return spec && (spec.type === 'boolean' || spec.type === 'number') ? `the string ${show(value)}` : 'a string';
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') {
    const name = className(value);
    return name ? `${article(name)} ${name}` : 'an object';
  }
  return `${article(typeof value)} ${typeof value}`;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInstance(value: unknown, name: string): boolean {
  if (!isObject(value)) return false;
  const cls = classes.get(name);
  if (cls) return Object.prototype.isPrototypeOf.call(cls.prototype, value);
  const bare = name.slice(name.lastIndexOf('.') + 1);
  for (let p = Object.getPrototypeOf(value); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (p.constructor?.name === bare) return true;
  }
  return false;
}

/** The first required member of interface `name` that `value` lacks. */
function missingMember(value: object, name: string): string | undefined {
  return INTERFACES[name].members.find((m) => !(m in value));
}

/** The class of a class instance, or undefined for plain objects. */
function className(value: object): string | undefined {
  const proto = Object.getPrototypeOf(value);
  const name = proto && proto !== Object.prototype ? proto.constructor?.name : undefined;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : undefined;
}

/**
 * The candidate closest to `key` (case ignored first), if it is close enough to be a typo.
 * @internal
 */
export function nearest(key: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const score = distance(key.toLowerCase(), c.toLowerCase()) * 100 + distance(key, c);
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  return best !== undefined && Math.floor(bestScore / 100) <= Math.max(2, Math.floor(key.length / 3))
    ? best
    : undefined;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** 'a' or 'an': by the first letter, or by its name when the first word is letters (an NfsStorage). */
function article(word: string): string {
  const first = /^[A-Za-z][a-z]*/.exec(word)?.[0] ?? word;
  return /^[aeiou]/i.test(word) || (!/[aeiouy]/i.test(first.slice(1)) && /^[FHLMNRSX]/.test(first)) ? 'an' : 'a';
}

/** A value for an error message: strings quoted, objects as JSON or their class, all short. */
function show(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = `'${value}'`;
  else if (
    value === undefined ||
    value === null ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint'
  )
    text = String(value);
  else if (typeof value === 'function') text = `function ${value.name}`.trim();
  else {
    const name = isObject(value) ? className(value) : undefined;
    const path = (value as { node?: { path?: unknown } }).node?.path;
    if (name) text = typeof path === 'string' ? `${name} '${path}'` : name;
    else {
      try {
        text = JSON.stringify(value) ?? String(value);
      } catch {
        text = Array.isArray(value) ? 'a list' : 'an object';
      }
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function invalid(prop: string, value: unknown, fix: string): never {
  throw new Error(`Invalid '${prop}' (${show(value)}): ${fix}`);
}
