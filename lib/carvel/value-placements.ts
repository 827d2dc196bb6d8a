import type { PackageValue } from './package-values';
import { PackageValueType } from './package-values';
import { jsonPlacements, Placement, pythonPlacements } from './python-contexts';
import { Escaper } from './starlark';
import { fail } from '../core/validate';

/**
 * How each install-time value reaches the text it lands in. ytt writes the YAML itself, so a
 * value that is a YAML field (or part of one) needs no escaping; but a field that is a file
 * (a ConfigMap's or Secret's entry) or a script has a syntax of its own, and the value is
 * escaped for it by a template function ({@link Escaper}):
 * - `*.py`: in a Python string literal (plain or `u`, any quotes), the value is escaped for it
 *   (and its braces doubled where KubeSpawner or JupyterHub expands the string as a template);
 *   in a comment, escaped so that it cannot end the line;
 * - `*.json`: in a JSON string, escaped for it;
 * - `*.txt` or a name without `.`: plain text, as is.
 * Everywhere else (Python code, a raw or f-string, a script after `-c`, another file format such
 * as `nginx.conf` or a Jinja template, JSON outside a string) the package cannot escape a value:
 * only a value of a plain format (letters, digits and `. _ : / @ -`, see
 * {@link PackageValueFormat}) may be there, as is, and any other is refused.
 * @internal
 */

/** What a string that holds placeholders is. */
export interface StringSite {
  /** Where it is, for errors: `<Kind>/<name> <path>`. */
  readonly where: string;
  /** The file it is (a ConfigMap's or Secret's key), if it is one. */
  readonly file?: string;
  /** Whether it is a script: the item after `-c` in a command or argument list. */
  readonly script: boolean;
}

/** One placeholder in a string. */
export interface Occurrence {
  readonly value: PackageValue;
  readonly offset: number;
}

/** The placements of `occurrences` in string `s` at `site`. */
function placementsOf(s: string, site: StringSite, occurrences: readonly Occurrence[]): Placement[] {
  const offsets = occurrences.map((o) => o.offset);
  if (site.script) return offsets.map(() => ({ refused: "a script (the argument after '-c')" }));
  const file = site.file;
  if (file === undefined || !file.includes('.') || file.endsWith('.txt')) return offsets.map(() => ({ escapers: [] }));
  try {
    if (file.endsWith('.py')) return pythonPlacements(s, offsets);
  } catch (e) {
    return offsets.map(() => ({ refused: `a Python file the package cannot read (${(e as Error).message})` }));
  }
  if (file.endsWith('.json')) return jsonPlacements(s, offsets);
  return offsets.map(() => ({ refused: `a file the package cannot escape values for (${file})` }));
}

/**
 * The ytt expression of each occurrence: `data.values.<name>` (`str(...)` for a number or a
 * boolean) through its escapers; refused where an open value cannot be escaped. Adds the
 * escapers used to `used`.
 */
export function valueExpressions(
  s: string,
  site: StringSite,
  occurrences: readonly Occurrence[],
  used: Set<Escaper>,
): string[] {
  const placements = placementsOf(s, site, occurrences);
  return occurrences.map(({ value }, i) => {
    const base =
      value.type === PackageValueType.STRING ? `data.values.${value.name}` : `str(data.values.${value.name})`;
    const p = placements[i];
    if ('refused' in p) {
      if (value._plainText()) return base;
      fail(
        `values.${value.name}`,
        site.where,
        `is a value of an open format (${value._formatDescription()}) in ${p.refused}, where the package cannot escape it at install time: give it a plain format (PackageValueFormat.dnsLabel(), dnsSubdomain(), pinnedImage(), or a pattern of letters, digits and . _ : / @ -), or use it in a YAML field, a Python string or a JSON string`,
      );
    }
    p.escapers.forEach((e) => used.add(e));
    return p.escapers.reduce((expr, e) => `${e}(${expr})`, base);
  });
}
