import { fail } from '../core/validate';

/**
 * What a string package value must look like: a regular expression (the common subset of RE2,
 * which ytt's `regexp.match` uses, and JavaScript), a forbidden pattern, and length bounds. The
 * same rule becomes a `#@schema/validation` in the ytt schema and `pattern` / `not` / `minLength`
 * / `maxLength` in the OpenAPI schema; the placeholder the constructs see satisfies it too.
 */
export class PackageValueFormat {
  /** A DNS-1123 label (a namespace, a Service name): at most `maxLength` (63) characters. */
  public static dnsLabel(maxLength: number = 63): PackageValueFormat {
    return new PackageValueFormat(
      'a DNS-1123 label: lower-case letters, digits and -',
      '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      undefined,
      1,
      maxLength,
      (c) => c,
      true,
    );
  }

  /** A DNS-1123 subdomain (a host name, a Secret's name): at most 253 characters. */
  public static dnsSubdomain(): PackageValueFormat {
    return new PackageValueFormat(
      'a DNS-1123 subdomain: lower-case letters, digits, - and .',
      '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
      undefined,
      1,
      253,
      (c) => c,
      true,
    );
  }

  /** An http or https URL. */
  public static url(): PackageValueFormat {
    return new PackageValueFormat(
      'an http or https URL',
      '^https?://[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[^\\s]*)?$',
      undefined,
      1,
      2048,
      (c) => `https://${c}.invalid/`,
    );
  }

  /**
   * A container image pinned to a tag other than `latest`, or to a digest: what the library
   * demands of every image it renders.
   */
  public static pinnedImage(): PackageValueFormat {
    return new PackageValueFormat(
      'a container image pinned to a tag (not latest) or a sha256 digest',
      '^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})$',
      ':latest(@|$)',
      1,
      512,
      (c) => `pkgvalue.invalid/${c}:pinned`,
      true,
    );
  }

  /**
   * Any string that `pattern` matches as a whole, described by `description` in errors. ytt's
   * `regexp.match` (Go's `regexp.MatchString`, ytt `pkg/yttlibrary/regexp.go:29-50`) and the
   * OpenAPI `pattern` find a match anywhere in the value, so a pattern that is not anchored as a
   * whole (`^...$` without a top-level `|`) is anchored here as `^(?:pattern)$`. The placeholder
   * (`pkgvalue-<name>-v`, lower-case letters, digits and -) must match it too. A pattern that
   * allows only letters, digits and `. _ : / @ -` (no `.` wildcard, no negated class) makes the
   * value plain text, which may land anywhere (see {@link CarvelPackage}).
   */
  public static pattern(pattern: string, description: string): PackageValueFormat {
    try {
      new RegExp(pattern);
    } catch {
      fail('pattern', pattern, 'must be a regular expression (RE2 syntax, as ytt reads it; no look-around)');
    }
    if (/\(\?[=!<]/.test(pattern))
      fail('pattern', pattern, 'must not use look-around: ytt matches with Go RE2, which has none');
    const anchored = isAnchored(pattern) ? pattern : `^(?:${pattern})$`;
    return new PackageValueFormat(description, anchored, undefined, 1, undefined, (c) => c, isPlainPattern(anchored));
  }

  /** Any string, at least `minLength` (0) characters. */
  public static any(minLength: number = 0): PackageValueFormat {
    return new PackageValueFormat('any string', undefined, undefined, minLength, undefined, (c) => c);
  }

  private readonly rules: FormatRules;

  private constructor(
    description: string,
    pattern: string | undefined,
    notPattern: string | undefined,
    minLength: number,
    maxLength: number | undefined,
    placeholder: (core: string) => string,
    plainText = false,
  ) {
    this.rules = { description, pattern, notPattern, minLength, maxLength, placeholder, plainText };
  }

  /** The rules, for the schema generators. @internal */
  public _rules(): FormatRules {
    return this.rules;
  }
}

/**
 * The rules of a {@link PackageValueFormat}.
 * @internal
 */
export interface FormatRules {
  readonly description: string;
  readonly pattern?: string;
  readonly notPattern?: string;
  readonly minLength: number;
  readonly maxLength?: number;
  readonly placeholder: (core: string) => string;
  /** Whether every value is plain text: letters, digits and `. _ : / @ -` only. */
  readonly plainText: boolean;
}

/** Why string `v` does not follow the rules `f`, or undefined. @internal */
export function formatProblem(f: FormatRules, v: string): string | undefined {
  if (v.length < f.minLength) return `must have at least ${f.minLength} character(s)`;
  if (f.maxLength !== undefined && v.length > f.maxLength) return `must have at most ${f.maxLength} characters`;
  if (f.pattern !== undefined && !new RegExp(f.pattern).test(v)) return `must be ${f.description} (${f.pattern})`;
  if (f.notPattern !== undefined && new RegExp(f.notPattern).test(v))
    return `must be ${f.description} (not ${f.notPattern})`;
  return undefined;
}

/** The end (index of `]`) of the character class that starts at `start` (its `[`), or -1. */
function classEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '^') i++;
  if (p[i] === ']') i++;
  for (; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === ']') return i;
  }
  return -1;
}

/** Whether `p` is anchored as a whole: `^...$`, with no `|` outside groups and classes. */
function isAnchored(p: string): boolean {
  if (!p.startsWith('^') || !p.endsWith('$')) return false;
  let depth = 0;
  for (let i = 1; i < p.length - 1; i++) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 === p.length - 1) return false; // the final '$' is escaped
      i++;
    } else if (c === '[') i = classEnd(p, i) < 0 ? p.length : classEnd(p, i);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return false;
  }
  return true;
}

/** The characters of plain text: what any file, script or config line can hold unescaped. */
const PLAIN = /^[A-Za-z0-9_:/@-]$/;
const PLAIN_RANGES = ['az', 'AZ', '09'];

/** Whether a character class body (between `[` and `]`) allows plain text only. */
function isPlainClass(body: string): boolean {
  if (body.startsWith('^')) return false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      if (!/[dw.\-/:@_]/.test(body[++i] ?? '')) return false;
    } else if (body[i + 1] === '-' && i + 2 < body.length) {
      const [lo, hi] = [c, body[i + 2]];
      if (!PLAIN_RANGES.some((r) => r[0] <= lo && lo <= hi && hi <= r[1])) return false;
      i += 2;
    } else if (!PLAIN.test(c) && c !== '.') return false;
  }
  return true;
}

/**
 * Whether pattern `p` matches only plain text: literals, classes and the escapes `\d`, `\w`
 * of plain characters, with groups, alternation, anchors and quantifiers. Conservative: anything
 * else (the `.` wildcard, a negated class, `\s`, `\S`, ...) counts as open.
 */
function isPlainPattern(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      if (!/[dw.\-/:@_]/.test(p[++i] ?? '')) return false;
    } else if (c === '[') {
      const end = classEnd(p, i);
      if (end < 0 || !isPlainClass(p.slice(i + 1, end))) return false;
      i = end;
    } else if (c === '(') {
      if (p[i + 1] === '?' && !p.startsWith('(?:', i)) return false;
      if (p[i + 1] === '?') i += 2;
    } else if (c === '{') {
      const q = /^\{\d+(,\d*)?\}/.exec(p.slice(i));
      if (!q) return false;
      i += q[0].length - 1;
    } else if (!'^$)|*+?'.includes(c) && !PLAIN.test(c)) return false;
  }
  return true;
}
