/**
 * Python literals for generated configuration files. Values are data, never code: strings are
 * escaped, so no prop can inject Python into `jupyterhub_config.py`.
 *
 * Every literal is pure printable ASCII: anything else is written as an escape (`\uXXXX`,
 * `\U000XXXXX`, `\x7f`). The config travels as a YAML string, and YAML 1.1 readers (kubectl,
 * PyYAML) treat U+0085, U+2028 and U+2029 as line breaks while YAML 1.2 readers and Python do
 * not; with ASCII only, every reader and Python see the same text.
 * @internal
 */

/** A Python set literal (JupyterHub's `Set` traits). */
export class PySet {
  public constructor(public readonly items: readonly string[]) {}
}

/**
 * The value of an environment variable of the hub process, `os.environ["NAME"]`: how secrets
 * reach the config (the container gets them by `secretKeyRef`; the ConfigMap never holds them).
 * The name is an identifier checked here, so the expression is always this one form.
 */
export class PyEnvVar {
  public constructor(public readonly name: string) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new Error(`Invalid environment variable name for the hub config: '${name}'`);
  }
}

/**
 * A name the generator's own fixed code defines in the config file (e.g. a function it wrote), as
 * a value: rendered as the bare identifier, which is checked here.
 */
export class PyName {
  public constructor(public readonly name: string) {
    if (!/^_[A-Za-z0-9_]+$/.test(name)) throw new Error(`Invalid name of generated code: '${name}'`);
  }
}

/** A value that renders as a Python literal. */
export type PyValue =
  | string
  | number
  | boolean
  | null
  | PySet
  | PyEnvVar
  | PyName
  | readonly PyValue[]
  | { readonly [key: string]: PyValue | undefined };

/**
 * A Python `str` literal in double quotes, in printable ASCII only. JSON's escapes (`\"`, `\\`,
 * `\n`, `\t`, `\u001b`, lone surrogates as `\udXXX`) mean the same in Python; what JSON leaves
 * raw beyond ASCII is escaped by code point (`\u2028`, and `\U0001f600` for characters outside
 * the BMP: Python reads `\ud83d\ude00` as two surrogates, not one character).
 */
export function pyString(s: string): string {
  return JSON.stringify(s).replace(/[^\x00-\x7e]/gu, (c) => {
    const cp = c.codePointAt(0) as number;
    if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
    if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
    return `\\U${cp.toString(16).padStart(8, '0')}`;
  });
}

/** Renders a value as a Python literal. */
export function py(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot render ${value} as a Python literal`);
    return String(value);
  }
  if (typeof value === 'string') return pyString(value);
  if (value instanceof PyEnvVar) return `os.environ[${pyString(value.name)}]`;
  if (value instanceof PyName) return value.name;
  if (value instanceof PySet) {
    return value.items.length === 0
      ? 'set()'
      : `{${[...value.items]
          .sort()
          .map((s) => pyString(s))
          .join(', ')}}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => py(v)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, PyValue | undefined>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${pyString(k)}: ${py(v as PyValue)}`).join(', ')}}`;
}
