import { Escaper } from './starlark';
import { KUBESPAWNER_EXPANDED_TRAITS } from '../users/kubespawner-template';

/**
 * Where in a Python file (a generated `jupyterhub_config.py`, with the Hub's `extraConfig`) a
 * package value's placeholder sits, and so how its value must be escaped there at install time.
 * A small tokenizer of Python's lexical rules (strings with their prefixes and quotes, comments,
 * brackets, line joins), and for a statement `c.<Spawner class>.<trait> ...` the place of each
 * string in the literal (dict key or value, the keys above it, the list item before it).
 * @internal
 */

/** How a value is written at one place: through these escapers (innermost first), or not at all (`refused`). */
export type Placement = { readonly escapers: readonly Escaper[] } | { readonly refused: string };

/**
 * Traits whose strings are templates: KubeSpawner's (`users/kubespawner-template.ts`), and the
 * two that JupyterHub's `Spawner.format_string` expands, `notebook_dir` and `default_url`
 * (jupyterhub `spawner.py`, `get_args` in Debian's 3.0.0 at lines 1021 and 1025; `get_env` in
 * later versions). A package value there is literal text: its braces are doubled, as the
 * library does for literals at synth time, so `{username}` in a value is not expanded.
 */
const EXPANDED = new Set([...KUBESPAWNER_EXPANDED_TRAITS, 'default_url', 'notebook_dir']);
const SPAWNER_CLASSES = new Set(['KubeSpawner', 'Spawner']);
const STRING_PREFIX = /^(?:[rRuUbBfF]|[bB][rR]|[rR][bBfF]|[fF][rR])$/;

interface Token {
  readonly kind: 'string' | 'comment' | 'name' | 'op' | 'newline' | 'other';
  readonly start: number;
  readonly end: number;
  /** A string's prefix (`r`, `b`, `f`, `u`, ...) and quote (`"`, `'`, `"""`, `'''`). */
  readonly prefix?: string;
  readonly quote?: string;
}

/** The end (exclusive) of the string whose body starts at `from`. */
function stringEnd(text: string, from: number, quote: string): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text.startsWith(quote, j)) return j + quote.length;
    else if (quote.length === 1 && (text[j] === '\n' || text[j] === '\r')) break;
  }
  throw new Error('an unterminated Python string');
}

/** The tokens of `text`; a `newline` token ends each logical line (and each `;`-separated statement). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const name = /[A-Za-z_][A-Za-z0-9_]*/y;
  const other = /[0-9][0-9A-Za-z_.]*|[^\sA-Za-z0-9_#'"\\]/y;
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && /^\\(\r\n|\r|\n)/.test(text.slice(i, i + 3))) {
      i += text.startsWith('\\\r\n', i) ? 3 : 2;
    } else if (c === '\n' || c === '\r' || (c === ';' && depth === 0)) {
      if (depth === 0) tokens.push({ kind: 'newline', start: i, end: i + 1 });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\f') {
      i++;
    } else if (c === '#') {
      const end = text.slice(i).search(/[\r\n]/);
      tokens.push({ kind: 'comment', start: i, end: end < 0 ? text.length : i + end });
      i = end < 0 ? text.length : i + end;
    } else {
      name.lastIndex = i;
      const word = name.exec(text)?.[0];
      const afterWord = i + (word?.length ?? 0);
      if (c === '"' || c === "'" || (word !== undefined && STRING_PREFIX.test(word) && /["']/.test(text[afterWord]))) {
        const prefix = word !== undefined && c !== '"' && c !== "'" ? word : '';
        const q = text[i + prefix.length];
        const quote = text.startsWith(q.repeat(3), i + prefix.length) ? q.repeat(3) : q;
        const end = stringEnd(text, i + prefix.length + quote.length, quote);
        tokens.push({ kind: 'string', start: i, end, prefix, quote });
        i = end;
      } else if (word !== undefined) {
        tokens.push({ kind: 'name', start: i, end: afterWord });
        i = afterWord;
      } else {
        other.lastIndex = i;
        const t = other.exec(text)?.[0] ?? c;
        if ('([{'.includes(t)) depth++;
        if (')]}'.includes(t)) depth = Math.max(0, depth - 1);
        tokens.push({ kind: /^[0-9]/.test(t) ? 'other' : 'op', start: i, end: i + t.length });
        i += t.length;
      }
    }
  }
  return tokens;
}

/** Where a string of a statement stands in its literal. */
interface StringPlace {
  /** The trait the statement sets (`c.KubeSpawner.<trait>`), if it is such a statement. */
  readonly trait?: string;
  readonly isKey: boolean;
  /** The dict keys above it, outermost first. */
  readonly path: readonly string[];
  /** The list item before it, if it is a list item after a string. */
  readonly previous?: string;
}

/** The places of a statement's strings, by token start. */
function statementPlaces(text: string, tokens: readonly Token[], into: Map<number, StringPlace>): void {
  const word = (k: number) => (tokens[k] ? text.slice(tokens[k].start, tokens[k].end) : undefined);
  const trait =
    word(0) === 'c' && word(1) === '.' && SPAWNER_CLASSES.has(word(2) ?? '') && word(3) === '.' ? word(4) : undefined;
  type Frame = { dict: boolean; expectKey: boolean; key?: string; previous?: string };
  const frames: Frame[] = [{ dict: false, expectKey: false }];
  for (const t of tokens) {
    const top = frames[frames.length - 1];
    const w = text.slice(t.start, t.end);
    if (t.kind === 'string') {
      const body = text.slice(
        t.start + (t.prefix ?? '').length + (t.quote ?? '').length,
        t.end - (t.quote ?? '').length,
      );
      const isKey = top.dict && top.expectKey;
      const path = frames.filter((f) => f.dict && f.key !== undefined && !(isKey && f === top)).map((f) => f.key!);
      into.set(t.start, { trait, isKey, path, previous: top.dict ? undefined : top.previous });
      if (isKey) top.key = body;
      else if (!top.dict) top.previous = body;
    } else if (w === '{' || w === '[' || w === '(') {
      top.previous = undefined;
      frames.push({ dict: w === '{', expectKey: w === '{' });
    } else if ((w === '}' || w === ']' || w === ')') && frames.length > 1) {
      frames.pop();
    } else if (w === ':' && top.dict) {
      top.expectKey = false;
    } else if (w === ',' && top.dict) {
      top.expectKey = true;
      top.key = undefined;
    } else if (w !== ',') {
      top.previous = undefined;
    }
  }
}

/** Whether a string at `place` is expanded by KubeSpawner or JupyterHub (a value in a template trait). */
function expanded(place: StringPlace): boolean {
  if (place.isKey || place.trait === undefined) return false;
  if (EXPANDED.has(place.trait)) return true;
  // profile_list: a profile's (or a choice's) kubespawner_override sets traits.
  const i = place.path.lastIndexOf('kubespawner_override');
  return place.trait === 'profile_list' && i >= 0 && EXPANDED.has(place.path[i + 1] ?? '');
}

/** The placement of each of `offsets` (placeholder positions) in Python source `text`. */
export function pythonPlacements(text: string, offsets: readonly number[]): Placement[] {
  const tokens = tokenize(text);
  const places = new Map<number, StringPlace>();
  let statement: Token[] = [];
  for (const t of [...tokens, { kind: 'newline', start: text.length, end: text.length } as Token]) {
    if (t.kind !== 'newline') statement.push(t);
    else {
      statementPlaces(text, statement, places);
      statement = [];
    }
  }
  return offsets.map((offset): Placement => {
    const t = tokens.find((x) => x.start <= offset && offset < x.end);
    if (t?.kind === 'comment') return { escapers: [Escaper.JSON] };
    if (t?.kind !== 'string') return { refused: 'Python code (outside a string literal)' };
    if (/[rbf]/i.test(t.prefix ?? '')) return { refused: 'a raw, bytes or f-string Python literal' };
    const place = places.get(t.start)!;
    if (place.previous === '-c') return { refused: "a script (the argument after '-c')" };
    const quoted = (t.quote ?? '').startsWith("'") ? Escaper.PY_SINGLE : Escaper.JSON;
    return { escapers: expanded(place) ? [Escaper.KUBESPAWNER, quoted] : [quoted] };
  });
}

/** The placement of each of `offsets` in JSON text `text`: inside a string, or refused. */
export function jsonPlacements(text: string, offsets: readonly number[]): Placement[] {
  const strings: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue;
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    strings.push([i, j]);
    i = j;
  }
  return offsets.map((o) =>
    strings.some(([s, e]) => s < o && o < e) ? { escapers: [Escaper.JSON] } : { refused: 'JSON outside a string' },
  );
}
