/**
 * ytt's and kapp-controller's part for the package templates, for tests: neither program is
 * installable here, so real ytt and kapp-controller stay untested in CI. This plays them for the
 * few constructs the templates use, as their sources at the pinned versions do it
 * (kapp-controller v0.53.1, which runs ytt v0.50.0; sources read at carvel-dev/ytt 4b40e30):
 * - `#@ load(...)` and the header's `#@ def ... #@ end` functions (checked against
 *   {@link TEMPLATE_FUNCTIONS}, so the emulation is of exactly these functions);
 * - `key: #@ <expr>` / `- #@ <expr>`: <expr> is a `+` of Starlark string literals (k14s
 *   starlark-go `syntax/quote.go`: `\\`, `\"`, `\n`, `\r`, `\t` and `\xNN` bytes; no `\u`),
 *   `data.values.<a>[.<b>]`, `str(...)`, the header's functions, `json.encode([...])`
 *   (Go's `encoding/json` with HTML escaping, ytt `pkg/yttlibrary/json.go:35-81`) and
 *   `sha256.sum(...)` (hex of SHA-256 of the UTF-8 bytes, `pkg/yttlibrary/sha256.go:28-39`).
 * kapp-controller's values: the Package's `downwardAPI` items first, then the PackageInstall's
 * values, each a later `--data-values-file` that wins (`pkg/packageinstall/app.go:168-174`,
 * `pkg/template/ytt.go:63-76`, `pkg/template/values.go:37-85`).
 */
import { createHash } from 'crypto';

/** The functions a template's header defines, as ytt reads them (the template must hold exactly this text). */
export const TEMPLATE_FUNCTIONS: { [name: string]: (s: string) => string } = {
  escape_json: (s) => goJson(s).slice(1, -1),
  escape_py_single: (s) => goJson(s).slice(1, -1).replace(/'/g, "\\'"),
  kubespawner_literal: (s) => s.replace(/\{/g, '{{').replace(/\}/g, '}}'),
};

/** A JSON value as Go's `json.Encoder` with `SetEscapeHTML(true)` writes it (strings, numbers, booleans, lists). */
export function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (typeof v !== 'string') return JSON.stringify(v);
  let out = '"';
  for (const ch of v) {
    const cp = ch.codePointAt(0) as number;
    const named: { [c: string]: string } = {
      '"': '\\"',
      '\\': '\\\\',
      '\b': '\\b',
      '\f': '\\f',
      '\n': '\\n',
      '\r': '\\r',
      '\t': '\\t',
    };
    if (named[ch] !== undefined) out += named[ch];
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029)
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

/** kapp-controller's data values for a PackageInstall in `namespace` with the values file `user`. */
export function kappControllerValues(namespace: string, user: { [k: string]: unknown }): { [k: string]: unknown } {
  const downward = { kapp_controller: { namespace } };
  return { ...downward, ...user, kapp_controller: { ...downward.kapp_controller, ...(user.kapp_controller ?? {}) } };
}

/** A Starlark string literal's value (the subset quote.go's unquote reads). */
function starlarkLiteral(lit: string): string {
  const bytes: number[] = [];
  const body = lit.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[++i];
    const one: { [c: string]: string } = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', "'": "'" };
    if (one[n] !== undefined) bytes.push(one[n].charCodeAt(0));
    else if (n === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else throw new Error(`escape \\${n} is not one the templates use (k14s starlark-go has no \\u)`);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A Starlark `str()`. */
function starlarkStr(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

/** Evaluates a template expression against `values`. */
export function evaluate(expr: string, values: { [k: string]: unknown }): unknown {
  let rest = expr;
  const eat = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(rest);
    if (m) rest = rest.slice(m[0].length);
    return m;
  };
  const term = (): unknown => {
    let m: RegExpExecArray | null;
    if ((m = eat(/^"(?:[^"\\]|\\.)*"/))) return starlarkLiteral(m[0]);
    if ((m = eat(/^data\.values\.([a-z0-9_]+(?:\.[a-z0-9_]+)*)/))) {
      let v: unknown = values;
      for (const k of m[1].split('.')) {
        if (v === null || typeof v !== 'object' || !(k in v)) throw new Error(`no data value ${m[1]}`);
        v = (v as { [k: string]: unknown })[k];
      }
      return v;
    }
    if (eat(/^sha256\.sum\(json\.encode\(\[/)) {
      const items = [sum()];
      while (eat(/^, /)) items.push(sum());
      if (!eat(/^\]\)\)/)) throw new Error(`expected '']))' at ${rest.slice(0, 30)}`);
      return createHash('sha256').update(goJson(items), 'utf8').digest('hex');
    }
    if ((m = eat(/^(str|[a-z_]+)\(/))) {
      const arg = sum();
      if (!eat(/^\)/)) throw new Error(`expected ')' at ${rest.slice(0, 30)}`);
      if (m[1] === 'str') return starlarkStr(arg);
      const fn = TEMPLATE_FUNCTIONS[m[1]];
      if (!fn) throw new Error(`unknown function ${m[1]}`);
      if (typeof arg !== 'string') throw new Error(`${m[1]}() of a ${typeof arg}`);
      return fn(arg);
    }
    throw new Error(`not an expression of the templates: ${rest.slice(0, 40)}`);
  };
  const sum = (): unknown => {
    const parts = [term()];
    while (eat(/^ \+ /)) parts.push(term());
    if (parts.length === 1) return parts[0];
    if (parts.some((p) => typeof p !== 'string')) throw new Error('+ of a string and a non-string');
    return parts.join('');
  };
  const value = sum();
  if (rest !== '') throw new Error(`left over: ${rest.slice(0, 40)}`);
  return value;
}

/** The header's `#@ def` blocks, as the template holds them. */
export function headerFunctions(template: string): string[] {
  return [...template.matchAll(/^#@ def ([a-z_]+)\(s\):\n#@ {3}return (.*)\n#@ end$/gm)].map((m) => `${m[1]}: ${m[2]}`);
}

/** The template rendered with `values` as ytt would: plain YAML (JSON for each computed value), the same in YAML 1.1 and 1.2. */
export function render(template: string, values: { [k: string]: unknown }): string {
  const lines = template.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('#@ def ')) {
      while (!lines[i].startsWith('#@ end')) i++;
      continue;
    }
    if (line.startsWith('#@ load(') || line.startsWith('#!')) continue;
    const m = /^(\s*(?:- )?(?:[^\s#][^#]*: )?)#@ (.*)$/.exec(line);
    if (!m) {
      if (/#@/.test(line)) throw new Error(`a ytt construct the emulation does not know: ${line}`);
      out.push(line);
      continue;
    }
    // As JSON, a YAML flow scalar; U+0085, U+2028 and U+2029 escaped, as go-yaml (ytt's) writes them.
    const json = JSON.stringify(evaluate(m[2], values)) ?? 'null';
    out.push(
      m[1] + json.replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
  }
  return out.join('\n');
}
