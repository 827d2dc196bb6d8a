/**
 * What value classes and integrations contribute to a generated Python config file: typed
 * `c.<Class>.<trait> = <value>` settings. Only the generators turn them into text.
 * @internal
 */
import type { PyValue } from './python';

/** One `c.<cls>.<trait> = <value>` line, as data. */
export interface TraitSetting {
  readonly cls: string;
  readonly trait: string;
  /** `undefined`: the line is left out. */
  readonly value: PyValue | undefined;
}

/** A `# comment` line between settings, as data. */
export interface ConfigComment {
  readonly comment: string;
}

/** A setting or a comment line, in the order they are written. */
export type ConfigLine = TraitSetting | ConfigComment;

/** Shorthand for a setting. */
export function setting(cls: string, trait: string, value: PyValue | undefined): TraitSetting {
  return { cls, trait, value };
}

/** Shorthand for a comment. */
export function comment(text: string): ConfigComment {
  return { comment: text };
}
