/**
 * Writes a traitlets config file (`jupyterhub_config.py`, `dask_gateway_config.py`) line by line:
 * `c.<Class>.<trait> = <literal>` from typed values (rendered by `py()`, never text from props),
 * section comments, and the fixed lines a generator writes itself. Shared by the generators;
 * each generated file still has exactly one generator.
 * @internal
 */
import type { ConfigLine } from './trait-setting';
import { py, PyValue } from './python';

/** A traitlets config file being written. */
export class ConfigWriter {
  private readonly lines: string[] = [];
  private readonly written = new Set<string>();

  /** A blank line and a `# title` comment. */
  public section(title: string): void {
    this.lines.push('', `# ${title}`);
  }

  /** `c.<cls>.<trait> = <value>`; nothing when the value is undefined. */
  public set(cls: string, trait: string, value: PyValue | undefined): void {
    if (value === undefined) return;
    this.written.add(`${cls}.${trait}`);
    this.lines.push(`c.${cls}.${trait} = ${py(value)}`);
  }

  /** Whether `c.<cls>.<trait>` was set already. */
  public has(cls: string, trait: string): boolean {
    return this.written.has(`${cls}.${trait}`);
  }

  /** A `# text` comment line. */
  public comment(text: string): void {
    this.lines.push(`# ${text}`);
  }

  /** Settings and comments contributed as data (value classes, integrations). */
  public write(lines: readonly ConfigLine[]): void {
    for (const l of lines) {
      if ('comment' in l) this.comment(l.comment);
      else this.set(l.cls, l.trait, l.value);
    }
  }

  /** Lines the generator writes verbatim (its own fixed code, never prop values). */
  public raw(...lines: string[]): void {
    this.lines.push(...lines);
  }

  public toString(): string {
    return this.lines.join('\n') + '\n';
  }
}
