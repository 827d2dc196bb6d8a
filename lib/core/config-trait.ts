import { PyEnvVar, PySet, PyValue } from './python';
import { comment, ConfigLine, setting, TraitSetting } from './trait-setting';
import { checkEnvName, fail } from './validate';

const PY_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkTraitName(what: string, className: string, trait: string): void {
  if (typeof className !== 'string' || !PY_IDENTIFIER.test(className))
    fail(
      `${what}.className`,
      className,
      "must be a configurable class name (a Python identifier such as 'JupyterHub')",
    );
  if (typeof trait !== 'string' || !PY_IDENTIFIER.test(trait))
    fail(`${what}.trait`, trait, "must be a trait name (a Python identifier such as 'template_paths')");
}

/**
 * Refuses a comment for a generated config file that is not one line of text: a line break would
 * end the comment and make the rest Python code.
 * @internal
 */
export function checkConfigComment(what: string, text: string): string {
  if (typeof text !== 'string' || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text))
    fail(what, text, 'must be one line of text, without line breaks or control characters');
  return text;
}

function checkStrings(what: string, values: readonly string[]): void {
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))
    fail(what, values, 'must be a list of strings');
}

/**
 * One `c.<Class>.<trait> = <value>` setting of a generated traitlets config file
 * (`jupyterhub_config.py`), as typed data: the value is written as a Python literal (escaped, never
 * code), or read from an environment variable of the hub container (a secret given by reference).
 * Integrations and authenticators written outside the library contribute settings with it.
 *
 * @example
 * ConfigTrait.stringList('JupyterHub', 'template_paths', ['/etc/jupyterhub/templates']);
 */
export class ConfigTrait {
  /** A `Unicode` trait. */
  public static string(className: string, trait: string, value: string): ConfigTrait {
    checkTraitName('ConfigTrait.string', className, trait);
    if (typeof value !== 'string') fail('ConfigTrait.string.value', value, 'must be a string');
    return new ConfigTrait(className, trait, value);
  }

  /** An `Integer` or `Float` trait. */
  public static number(className: string, trait: string, value: number): ConfigTrait {
    checkTraitName('ConfigTrait.number', className, trait);
    if (typeof value !== 'number' || !Number.isFinite(value))
      fail('ConfigTrait.number.value', value, 'must be a finite number');
    return new ConfigTrait(className, trait, value);
  }

  /** A `Bool` trait. */
  public static boolean(className: string, trait: string, value: boolean): ConfigTrait {
    checkTraitName('ConfigTrait.boolean', className, trait);
    if (typeof value !== 'boolean') fail('ConfigTrait.boolean.value', value, 'must be true or false');
    return new ConfigTrait(className, trait, value);
  }

  /** A `List(Unicode)` trait, written as a Python list. */
  public static stringList(className: string, trait: string, values: string[]): ConfigTrait {
    checkTraitName('ConfigTrait.stringList', className, trait);
    checkStrings('ConfigTrait.stringList.values', values);
    return new ConfigTrait(className, trait, [...values]);
  }

  /** A `Set(Unicode)` trait, written as a Python set (sorted). */
  public static stringSet(className: string, trait: string, values: string[]): ConfigTrait {
    checkTraitName('ConfigTrait.stringSet', className, trait);
    checkStrings('ConfigTrait.stringSet.values', values);
    return new ConfigTrait(className, trait, new PySet([...values]));
  }

  /** A `Dict(Unicode)` trait, written as a Python dict of strings. */
  public static stringMap(className: string, trait: string, values: { [key: string]: string }): ConfigTrait {
    checkTraitName('ConfigTrait.stringMap', className, trait);
    if (typeof values !== 'object' || values === null || Object.values(values).some((v) => typeof v !== 'string'))
      fail('ConfigTrait.stringMap.values', values, 'must be a map of strings');
    return new ConfigTrait(className, trait, { ...values });
  }

  /**
   * A `Unicode` trait read from an environment variable of the hub container when the config is
   * loaded (`os.environ["NAME"]`): how a secret reaches a trait. Give the variable its value from a
   * Secret key with the integration's `hubSecretEnv` (or an authenticator's `secretEnv`).
   */
  public static fromEnv(className: string, trait: string, envName: string): ConfigTrait {
    checkTraitName('ConfigTrait.fromEnv', className, trait);
    checkEnvName('ConfigTrait.fromEnv.envName', envName);
    return new ConfigTrait(className, trait, new PyEnvVar(envName));
  }

  /** The configurable class (`c.<className>`). */
  public readonly className: string;
  /** The trait. */
  public readonly trait: string;
  /**
   * The `# comment` line written above the setting.
   * @default - none
   */
  public readonly comment?: string;
  private readonly value: PyValue;

  private constructor(className: string, trait: string, value: PyValue, text?: string) {
    this.className = className;
    this.trait = trait;
    this.value = value;
    this.comment = text;
  }

  /**
   * The same setting with a `# comment` line above it in the config file, e.g. where the secret a
   * {@link ConfigTrait.fromEnv} trait reads comes from.
   * @param text one line, without line breaks
   */
  public withComment(text: string): ConfigTrait {
    checkConfigComment('ConfigTrait.withComment.text', text);
    return new ConfigTrait(this.className, this.trait, this.value, text);
  }

  /** The setting as the config writer takes it. @internal */
  public _setting(): TraitSetting {
    return setting(this.className, this.trait, this.value);
  }

  /** The comment (if any) and the setting, as the config writer takes them. @internal */
  public _lines(): ConfigLine[] {
    return this.comment === undefined ? [this._setting()] : [comment(this.comment), this._setting()];
  }
}
