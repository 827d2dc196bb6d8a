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
    );
  }

  /**
   * Any string matching `pattern` (anchor it with `^...$`), described by `description` in errors.
   * The placeholder (`pkgvalue-<name>-v`, lower-case letters, digits and -) must match it too.
   */
  public static pattern(pattern: string, description: string): PackageValueFormat {
    try {
      new RegExp(pattern);
    } catch {
      fail('pattern', pattern, 'must be a regular expression (RE2 syntax, as ytt reads it; no look-around)');
    }
    if (/\(\?[=!<]/.test(pattern))
      fail('pattern', pattern, 'must not use look-around: ytt matches with Go RE2, which has none');
    return new PackageValueFormat(description, pattern, undefined, 1, undefined, (c) => c);
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
  ) {
    this.rules = { description, pattern, notPattern, minLength, maxLength, placeholder };
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
