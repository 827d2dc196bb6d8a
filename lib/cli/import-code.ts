/**
 * The TypeScript the import writes, as values: plain data (strings, numbers, lists, objects),
 * calls (`Size.gibibytes(2)`), references (`hub`) and comments, printed the way prettier prints
 * them (2 spaces, single quotes, trailing commas, 120 columns).
 */

/** A TypeScript expression the import writes. */
export type Expr =
  string | number | boolean | null | Code | Commented | readonly Expr[] | { readonly [prop: string]: Expr };

/** Code that is no plain data: a call (`Size.gibibytes(2)`), or a name or member (`kplus.ServiceType.LOAD_BALANCER`). */
export class Code {
  /** A name or member, written as it is. */
  public static ref(text: string): Code {
    return new Code(text, undefined);
  }
  /** A call `fn(args...)`. */
  public static call(fn: string, ...args: Expr[]): Code {
    return new Code(fn, args);
  }
  private constructor(
    public readonly fn: string,
    public readonly args: readonly Expr[] | undefined,
  ) {}
}

/** An object prop with a comment line above it (where the import made a choice). */
export class Commented {
  public constructor(
    public readonly comment: string,
    public readonly value: Expr,
  ) {}
}

const WIDTH = 120;
const IDENT = /^[A-Za-z_$][\w$]*$/;

function quote(s: string): string {
  if (!s.includes("'") || s.includes('"'))
    return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  return JSON.stringify(s);
}

/** A string of many lines (a Python snippet) as a template literal, its lines as they are. */
function template(s: string): string {
  return '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
}

function propName(k: string): string {
  return IDENT.test(k) ? k : quote(k);
}

/** The expression on one line, or undefined when it cannot be (a comment, a multi-line string). */
function flat(e: Expr | Commented): string | undefined {
  if (e instanceof Commented) return undefined;
  if (e === null) return 'null';
  if (typeof e === 'string') return e.includes('\n') ? template(e) : quote(e);
  if (typeof e === 'number' || typeof e === 'boolean') return String(e);
  if (e instanceof Code) {
    if (e.args === undefined) return e.fn;
    const args = e.args!.map(flat);
    return args.some((a) => a === undefined) ? undefined : `${e.fn}(${args.join(', ')})`;
  }
  if (Array.isArray(e)) {
    const items = (e as Expr[]).map(flat);
    return items.some((a) => a === undefined) ? undefined : `[${items.join(', ')}]`;
  }
  const entries = Object.entries(e as { [k: string]: Expr });
  if (entries.length === 0) return '{}';
  // An object of more than one prop is written broken, one prop a line: it reads as a list of settings (and
  // prettier keeps an object broken when its first prop is on a line of its own).
  if (entries.length > 1) return undefined;
  const parts = entries.map(([k, v]) => {
    const f = flat(v);
    return f === undefined ? undefined : `${propName(k)}: ${f}`;
  });
  return parts.some((p) => p === undefined) ? undefined : `{ ${parts.join(', ')} }`;
}

/**
 * Prints `e` starting at column `col` (what precedes it on its line), broken over lines at
 * `indent` when it does not fit, as prettier breaks objects, lists and calls.
 */
export function print(e: Expr, indent: string, col: number, tail = 0): string {
  const one = flat(e);
  const fits = one !== undefined && (one.includes('\n') || col + one.length + tail <= WIDTH);
  if (fits) return one;
  const inner = indent + '  ';
  if (e instanceof Code && e.args !== undefined) {
    const args = e.args;
    const last = args[args.length - 1];
    const firsts = args.slice(0, -1).map(flat);
    if ((isPlainObject(last) || Array.isArray(last)) && firsts.every((a) => a !== undefined && !a.includes('\n'))) {
      const head = `${e.fn}(${firsts.map((a) => `${a}, `).join('')}`;
      return `${head}${print(last, indent, col + head.length, 1 + tail)})`;
    }
    return `${e.fn}(\n${args.map((a) => `${inner}${print(a, inner, inner.length, 1)},\n`).join('')}${indent})`;
  }
  if (Array.isArray(e)) {
    if (e.length === 0) return '[]';
    return `[\n${(e as Expr[]).map((a) => `${inner}${print(a, inner, inner.length, 1)},\n`).join('')}${indent}]`;
  }
  if (isPlainObject(e)) {
    const lines = Object.entries(e).map(([k, v]) => {
      const head = `${inner}${propName(k)}: `;
      if (v instanceof Commented) return `${inner}// ${v.comment}\n${head}${print(v.value, inner, head.length, 1)},\n`;
      return `${head}${print(v, inner, head.length, 1)},\n`;
    });
    return `{\n${lines.join('')}${indent}}`;
  }
  return one ?? String(e);
}

function isPlainObject(e: unknown): e is { [k: string]: Expr } {
  return typeof e === 'object' && e !== null && !Array.isArray(e) && !(e instanceof Code) && !(e instanceof Commented);
}
