import { Code, Commented, Expr } from './import-code';
import { ImportPlan } from './import-plan';

/** Why a value cannot be written as the prop's type. */
export class ValueError extends Error {}

const UNITS: { [suffix: string]: number } = {
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/**
 * A quantity of bytes (`2G`, `512Mi`, `1073741824`: KubeSpawner's and Kubernetes' forms) as a cdk8s
 * `Size`, exact: `2G` (decimal) is `Size.kibibytes(1953125)`, with a comment saying so.
 */
export function size(plan: ImportPlan, value: unknown): Expr {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKMGT]i?|)\s*$/.exec(String(value));
  if (!m || UNITS[m[2]] === undefined)
    throw new ValueError(`${JSON.stringify(value)} is no quantity of bytes (e.g. 2G, 512Mi)`);
  const bytes = Number(m[1]) * UNITS[m[2]];
  for (const [fn, unit] of [
    ['tebibytes', 1024 ** 4],
    ['gibibytes', 1024 ** 3],
    ['mebibytes', 1024 ** 2],
    ['kibibytes', 1024],
  ] as const) {
    if (bytes >= unit && Number.isInteger(bytes / unit)) {
      const call = plan.call(`Size.${fn}`, bytes / unit);
      return m[2].endsWith('i') || bytes / unit === Number(m[1])
        ? call
        : new Commented(`${value} (decimal units)`, call);
    }
  }
  // The library counts whole KiB (core/validate.ts checkSize): 1G (10^9 bytes) is 976562.5 KiB.
  const kib = Math.floor(bytes / 1024);
  if (kib <= 0) throw new ValueError(`${JSON.stringify(value)} is less than 1 KiB`);
  return new Commented(`${value} (decimal units), rounded down to whole KiB`, plan.call('Size.kibibytes', kib));
}

/** CPUs (`0.5`, `2`, `500m`) as `kplus.Cpu`. */
export function cpu(plan: ImportPlan, value: unknown): Expr {
  const s = String(value);
  const millis = /^(\d+)m$/.test(s) ? Number(s.slice(0, -1)) : Number(s) * 1000;
  if (!Number.isFinite(millis) || millis <= 0 || !Number.isInteger(millis))
    throw new ValueError(`${JSON.stringify(value)} is no number of CPUs (e.g. 0.5, 2)`);
  return millis % 1000 === 0 ? plan.call('kplus.Cpu.units', millis / 1000) : plan.call('kplus.Cpu.millis', millis);
}

/** Seconds as a cdk8s `Duration`, in the largest whole unit. */
export function seconds(plan: ImportPlan, value: unknown): Expr {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`${JSON.stringify(value)} is no whole number of seconds`);
  if (n > 0 && n % 86400 === 0) return plan.call('Duration.days', n / 86400);
  if (n > 0 && n % 3600 === 0) return plan.call('Duration.hours', n / 3600);
  if (n > 0 && n % 60 === 0) return plan.call('Duration.minutes', n / 60);
  return plan.call('Duration.seconds', n);
}

export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ValueError(`${JSON.stringify(value)} is no string`);
}

export function bool(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValueError(`${JSON.stringify(value)} is no boolean`);
  return value;
}

export function int(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new ValueError(`${JSON.stringify(value)} is no integer`);
  return value;
}

export function strings(value: unknown): string[] {
  if (!Array.isArray(value)) throw new ValueError(`${JSON.stringify(value)} is no list of strings`);
  return value.map(str);
}

export function stringMap(value: unknown): { [k: string]: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ValueError(`${JSON.stringify(value)} is no mapping of strings`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, str(v)]));
}

/** Plain data (Kubernetes objects such as tolerations) as it is. */
export function data(value: unknown): Expr {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as Expr;
  if (Array.isArray(value)) return value.map(data);
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, data(v)]));
  throw new ValueError(`${String(value)} is no data`);
}

/** Whether a key names a secret value (a password, a token, a secret): its value is never written. */
export function isSecretKey(key: string): boolean {
  const last = key.split('.').pop() ?? '';
  // Not a secret: where one is (`token_url`, `secretName`, `password_file`), or how long it lives.
  return (
    /password|token|secret|private_?key/i.test(last) &&
    !/(name|_?file|ref|_?url|_?uri|_?path|_?claim|_?header|_?lifetime|_?expir\w*|_?ttl)$/i.test(last)
  );
}

/** A Secret name made from a key: `hub.services.grafana.apiToken` -> `grafana-api-token`. */
export function secretName(...parts: string[]): string {
  return parts
    .join('-')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .replace(/[^a-zA-Z0-9-]+/g, '-')
    .toLowerCase()
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

export const ref = (text: string): Code => Code.ref(text);
