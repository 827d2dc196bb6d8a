/**
 * What the templates write in ytt's Starlark, read from ytt's sources (carvel-dev/ytt 4b40e30;
 * kapp-controller v0.53.1 runs ytt v0.50.0, whose dialect is the vendored
 * `github.com/k14s/starlark-go` fork).
 * @internal
 */

/**
 * Names a value cannot have: `data.values.<name>` with one of them is a syntax error. The
 * keywords and reserved words of `syntax/scan.go:1054-1089` (the fork), and `end`, which ytt's
 * block scanner reads as the end of a block wherever it appears (`syntax/block_scanner.go:111-116`).
 */
export const STARLARK_KEYWORDS: readonly string[] = [
  'and',
  'break',
  'continue',
  'def',
  'elif',
  'else',
  'for',
  'if',
  'in',
  'lambda',
  'load',
  'not',
  'or',
  'pass',
  'return',
  'while',
  'as',
  'assert',
  'class',
  'del',
  'except',
  'finally',
  'from',
  'global',
  'import',
  'is',
  'nonlocal',
  'raise',
  'try',
  'with',
  'yield',
  'end',
];

/**
 * A Starlark string literal in printable ASCII. The fork's `unquote` (`syntax/quote.go:128-177`)
 * knows `\\`, `\"`, `\n`, `\r`, `\t` and `\xNN` (one byte), and no `\u`: every other character is
 * written as the `\xNN` bytes of its UTF-8 encoding. ASCII only, so that no YAML 1.1 reader
 * (ytt's) sees a line break (U+0085, U+2028, U+2029) inside the `#@` comment that holds the code.
 */
export function starlarkString(s: string): string {
  const named: { [c: string]: string } = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (named[ch] !== undefined) out += named[ch];
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out + '"';
}

/**
 * How a value is escaped for the place it lands in, by the name of the template function that
 * does it. Each is defined in the template's header ({@link templateFunctions}).
 */
export enum Escaper {
  /**
   * The body of a JSON string: ytt's `json.encode` (Go's `encoding/json`, HTML-escaping:
   * `pkg/yttlibrary/json.go:35-81`) without its quotes. Its escapes (`\"`, `\\`, `\n`, `\r`,
   * `\t`, `\b`, `\f`, `\u00XX`, `\u2028`, `\u2029`, `\u003c`) mean the same in a Python `str`
   * literal, and it never writes a raw line break: also right for a Python comment.
   */
  JSON = 'escape_json',
  /** The same for a single-quoted Python string: also `'` as `\'`. */
  PY_SINGLE = 'escape_py_single',
  /**
   * A literal for KubeSpawner's `str.format` expansion of its traits: braces doubled (as
   * `literalForKubeSpawner` at synth time). Applied before the string escaping.
   */
  KUBESPAWNER = 'kubespawner_literal',
}

/** The header lines that define `escapers` (in a fixed order). */
export function templateFunctions(escapers: ReadonlySet<Escaper>): string[] {
  const defs: { [e in Escaper]: string } = {
    [Escaper.JSON]: 'json.encode(s)[1:-1]',
    [Escaper.PY_SINGLE]: `${Escaper.JSON}(s).replace("'", "\\\\'")`,
    [Escaper.KUBESPAWNER]: 's.replace("{", "{{").replace("}", "}}")',
  };
  const wanted = new Set(escapers);
  if (wanted.has(Escaper.PY_SINGLE)) wanted.add(Escaper.JSON);
  return [Escaper.JSON, Escaper.PY_SINGLE, Escaper.KUBESPAWNER]
    .filter((e) => wanted.has(e))
    .flatMap((e) => [`#@ def ${e}(s):`, `#@   return ${defs[e]}`, '#@ end']);
}
