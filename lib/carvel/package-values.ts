import { checkProps } from '../core/check-props';
import { checkYamlText, fail } from '../core/validate';
import { FormatRules, formatProblem, PackageValueFormat } from './package-value-format';
import { STARLARK_KEYWORDS } from './starlark';

/** The type of a package value, as ytt's data-values schema and OpenAPI v3 both name it. */
export enum PackageValueType {
  /** A string (ytt infers it from a string default; OpenAPI `type: string`). */
  STRING = 'string',
  /** A whole number (ytt `int`; OpenAPI `type: integer`). */
  INTEGER = 'integer',
  /** `true` or `false` (ytt `bool`; OpenAPI `type: boolean`). */
  BOOLEAN = 'boolean',
}

/**
 * What the generators read of a {@link PackageValue}.
 * @internal
 */
export interface PackageValueSpec {
  readonly defaultValue?: string | number | boolean;
  readonly format?: FormatRules;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** Options of {@link PackageValue.stringValue}. */
export interface StringPackageValueOptions {
  /** What the value is, for `--values-schema` (ytt `#@schema/desc`, OpenAPI `description`). */
  readonly description: string;
  /**
   * The value when the values file leaves it out.
   * @default - none: the values file must give it (ytt's default is `""`, which the validation refuses)
   */
  readonly defaultValue?: string;
  /**
   * What the value must look like.
   * @default PackageValueFormat.any(1)
   */
  readonly format?: PackageValueFormat;
  /**
   * A secret (a password, a token): it has no default and may land only in a Secret's
   * `stringData`; its placeholder anywhere else fails the bundle.
   * @default false
   */
  readonly sensitive?: boolean;
}

/** Options of {@link PackageValue.integerValue}. */
export interface IntegerPackageValueOptions {
  /** What the value is, for `--values-schema`. */
  readonly description: string;
  /** The value when the values file leaves it out. */
  readonly defaultValue: number;
  /**
   * The smallest value allowed.
   * @default - no lower bound
   */
  readonly minimum?: number;
  /**
   * The largest value allowed.
   * @default - no upper bound
   */
  readonly maximum?: number;
}

/** Options of {@link PackageValue.installNamespace}. */
export interface InstallNamespaceOptions {
  /**
   * What the namespace is used for, for the ytt schema.
   * @default 'The namespace of the PackageInstall'
   */
  readonly description?: string;
  /**
   * The longest namespace the package accepts (e.g. 55 when the namespace is part of a
   * 63-character DNS label): ytt refuses a longer one at install time.
   * @default 63
   */
  readonly maxLength?: number;
}

/** Options of {@link PackageValue.booleanValue}. */
export interface BooleanPackageValueOptions {
  /** What the value is, for `--values-schema`. */
  readonly description: string;
  /** The value when the values file leaves it out. */
  readonly defaultValue: boolean;
}

const NAME = /^[a-z][a-z0-9_]{0,62}$/;
/**
 * The data values key of the values kapp-controller gives the templates (its downward API):
 * the package's own, never a value of the values file.
 */
export const KAPP_CONTROLLER_KEY = 'kapp_controller';

/**
 * One value of a Carvel package, bound at install time (`tanzu package install --values-file`).
 * Declare it once; pass its {@link PackageValue.placeholder} wherever a construct takes the
 * string; give all of them to a {@link CarvelPackage}, which writes the ytt data-values schema,
 * the Package's OpenAPI schema, and templates in which each placeholder became
 * `data.values.<name>`.
 *
 * @example
 * const ns = PackageValue.stringValue('namespace', { description: 'Namespace', defaultValue: 'jupyterhub', format: PackageValueFormat.dnsLabel() });
 * proxy.addFrontDoor(new ContourHttpProxy(chart, 'route', { fqdn: `jupyter-${ns.placeholder}.example.org` }));
 */
export class PackageValue {
  /**
   * A string value.
   * @throws if the name is not a ytt/Starlark identifier in snake case or the default does not fit the format.
   */
  public static stringValue(name: string, options: StringPackageValueOptions): PackageValue {
    checkProps('PackageValue.stringValue', { name, options });
    const format = options.format ?? PackageValueFormat.any(1);
    if (options.sensitive === true && options.defaultValue !== undefined) {
      fail(
        `values.${name}.defaultValue`,
        '***',
        'a sensitive value has no default: a default would be in clear text in the bundle; leave it out so the values file must give it',
      );
    }
    const value = new PackageValue(
      name,
      PackageValueType.STRING,
      options.description,
      options.defaultValue,
      format,
      options.sensitive === true,
    );
    if (options.defaultValue !== undefined) {
      const problem = value._problem(options.defaultValue);
      if (problem !== undefined) fail(`values.${name}.defaultValue`, options.defaultValue, problem);
    }
    const problem = value._problem(value.placeholder);
    if (problem !== undefined)
      fail(
        `values.${name}.format`,
        format._rules().pattern,
        `its placeholder '${value.placeholder}' ${problem}: let the pattern accept lower-case letters, digits and '-'`,
      );
    return value;
  }

  /** A whole-number value. */
  public static integerValue(name: string, options: IntegerPackageValueOptions): PackageValue {
    checkProps('PackageValue.integerValue', { name, options });
    if (!Number.isInteger(options.defaultValue))
      fail(`values.${name}.defaultValue`, options.defaultValue, 'must be a whole number');
    const v = new PackageValue(
      name,
      PackageValueType.INTEGER,
      options.description,
      options.defaultValue,
      undefined,
      false,
      options.minimum,
      options.maximum,
    );
    const problem = v._problem(options.defaultValue);
    if (problem !== undefined) fail(`values.${name}.defaultValue`, options.defaultValue, problem);
    return v;
  }

  /** A `true`/`false` value. */
  public static booleanValue(name: string, options: BooleanPackageValueOptions): PackageValue {
    checkProps('PackageValue.booleanValue', { name, options });
    return new PackageValue(
      name,
      PackageValueType.BOOLEAN,
      options.description,
      options.defaultValue,
      undefined,
      false,
    );
  }

  /**
   * The namespace of the PackageInstall, which kapp-controller gives the templates: its
   * downward API (`metadata.namespace` of the App it makes for the PackageInstall, in the
   * PackageInstall's namespace), declared in the Package's ytt step, under the package's own
   * key `kapp_controller.namespace`. Not a value of the values file: it is in neither the
   * Package's `valuesSchema` nor the example values. (kapp-controller reads the PackageInstall's
   * values after it, so a values file that sets `kapp_controller.namespace` would win: do not.)
   * A DNS label, at most `maxLength` characters.
   *
   * @example
   * const ns = PackageValue.installNamespace({ maxLength: 55 });
   * new ContourHttpProxy(chart, 'route', { fqdn: `jupyter-${ns.placeholder}.example.org` });
   */
  public static installNamespace(options: InstallNamespaceOptions = {}): PackageValue {
    checkProps('PackageValue.installNamespace', { options });
    const maxLength = options.maxLength ?? 63;
    if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > 63)
      fail('maxLength', maxLength, 'must be a whole number from 1 to 63 (a namespace is a DNS label)');
    return new PackageValue(
      `${KAPP_CONTROLLER_KEY}.namespace`,
      PackageValueType.STRING,
      options.description ?? 'The namespace of the PackageInstall',
      undefined,
      PackageValueFormat.dnsLabel(maxLength),
      false,
      undefined,
      undefined,
      'metadata.namespace',
    );
  }

  /**
   * The key in the values file (snake case: ytt reads it as `data.values.<name>`); for a value
   * kapp-controller gives, its path under the package's key (`kapp_controller.namespace`).
   */
  public readonly name: string;
  /** Its type. */
  public readonly type: PackageValueType;
  /** Its description. */
  public readonly description: string;
  /** Whether it is a secret (no default; only in a Secret's `stringData`). */
  public readonly sensitive: boolean;
  /**
   * The field of the PackageInstall's App that kapp-controller gives the templates as this value
   * (its downward API, e.g. `metadata.namespace`); undefined for a value of the values file.
   */
  public readonly downwardApiFieldPath?: string;
  /**
   * The string the constructs take in its place: unique, and valid for the value's format (a
   * DNS label, an image reference, ...), so that the constructs' own checks pass. In the
   * templates every occurrence becomes `data.values.<name>`, escaped for the file it lands in.
   */
  public readonly placeholder: string;
  private readonly spec: PackageValueSpec;

  private constructor(
    name: string,
    type: PackageValueType,
    description: string,
    dflt: string | number | boolean | undefined,
    format: PackageValueFormat | undefined,
    sensitive: boolean,
    minimum?: number,
    maximum?: number,
    downwardApiFieldPath?: string,
  ) {
    if (downwardApiFieldPath === undefined) checkName(name);
    checkYamlText(`values.${name}.description`, description, true);
    if (description.trim() === '' || /[\n"\\]/.test(description))
      fail(`values.${name}.description`, description, "must be one line of text without '\"' or '\\'");
    if (typeof dflt === 'string') checkYamlText(`values.${name}.defaultValue`, dflt);
    this.name = name;
    this.type = type;
    this.description = description;
    this.sensitive = sensitive;
    this.downwardApiFieldPath = downwardApiFieldPath;
    this.spec = { defaultValue: dflt, format: format?._rules(), minimum, maximum };
    const core = `pkgvalue-${name.replace(/[_.]/g, '-')}-v`;
    this.placeholder = format ? format._rules().placeholder(core) : core;
  }

  /** Default, format and bounds, for the generators. @internal */
  public _spec(): PackageValueSpec {
    return this.spec;
  }

  /**
   * Whether every value is plain text (letters, digits and `. _ : / @ -`): a number, a boolean,
   * or a string of a plain format. Only such a value may land where the package cannot escape it.
   * @internal
   */
  public _plainText(): boolean {
    return this.type !== PackageValueType.STRING || this.spec.format?.plainText === true;
  }

  /** What the value's format allows, for errors. @internal */
  public _formatDescription(): string {
    return (
      this.spec.format?.description ?? (this.type === PackageValueType.INTEGER ? 'a whole number' : 'true or false')
    );
  }

  /** Why `v` is not a valid value, or undefined. @internal */
  public _problem(v: string | number | boolean): string | undefined {
    if (this.type === PackageValueType.INTEGER) {
      if (typeof v !== 'number') return 'must be a whole number';
      if (this.spec.minimum !== undefined && v < this.spec.minimum) return `must be at least ${this.spec.minimum}`;
      if (this.spec.maximum !== undefined && v > this.spec.maximum) return `must be at most ${this.spec.maximum}`;
      return undefined;
    }
    if (this.type === PackageValueType.BOOLEAN) return typeof v === 'boolean' ? undefined : 'must be true or false';
    if (typeof v !== 'string') return 'must be a string';
    return formatProblem(this.spec.format as FormatRules, v);
  }
}

/** A name ytt can read as `data.values.<name>`. */
function checkName(name: string): void {
  if (!NAME.test(name))
    fail(
      'name',
      name,
      "must be a snake-case identifier ytt can read as data.values.<name>: a lower-case letter, then lower-case letters, digits and '_' (e.g. 'base_domain')",
    );
  if (STARLARK_KEYWORDS.includes(name))
    fail(
      'name',
      name,
      `is a Starlark keyword or reserved word: ytt cannot read data.values.${name}; choose another name`,
    );
  if (name === KAPP_CONTROLLER_KEY)
    fail(
      'name',
      name,
      'is the package’s own key for the values kapp-controller gives the templates: choose another name',
    );
}
