/**
 * Python literals for generated configuration files. Values are data, never code: strings are
 * escaped, so no prop can inject Python into `jupyterhub_config.py`.
 * @internal
 */

/** A Python set literal (JupyterHub's `Set` traits). */
export class PySet {
  public constructor(public readonly items: readonly string[]) {}
}

/** A value that renders as a Python literal. */
export type PyValue =
  | string
  | number
  | boolean
  | null
  | PySet
  | readonly PyValue[]
  | { readonly [key: string]: PyValue | undefined };

/** Renders a value as a Python literal. */
export function py(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot render ${value} as a Python literal`);
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof PySet) {
    return value.items.length === 0 ? 'set()' : `{${[...value.items].sort().map((s) => JSON.stringify(s)).join(', ')}}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => py(v)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, PyValue | undefined>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${py(v as PyValue)}`).join(', ')}}`;
}
