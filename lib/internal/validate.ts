import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';

/**
 * Validation helpers shared by the constructs. Every check throws a plain `Error` whose
 * message names the prop, quotes the bad value and says how to fix it.
 * @internal
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const IMAGE_REF = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** Formats a value for an error message. */
export function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** Throws a construction error in the house style. */
export function fail(prop: string, value: unknown, fix: string): never {
  throw new Error(`Invalid '${prop}' (${show(value)}): ${fix}`);
}

/** A DNS-1123 label (names of Services, Deployments, ...; at most 63 characters). */
export function checkDnsLabel(prop: string, value: string, maxLength = 63): string {
  if (value.length === 0 || value.length > maxLength || !DNS1123_LABEL.test(value)) {
    fail(prop, value, `must be a DNS-1123 label of at most ${maxLength} characters: lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-hub')`);
  }
  return value;
}

/** A DNS-1123 subdomain (Secret, ConfigMap and PVC names, host names). */
export function checkDnsSubdomain(prop: string, value: string): string {
  if (value.length === 0 || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    fail(prop, value, "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. 'hub-secret')");
  }
  return value;
}

/** A Kubernetes label value. */
export function checkLabelValue(prop: string, value: string): string {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    fail(prop, value, "must be a valid label value: at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
  }
  return value;
}

/** A name prefix: empty, or a DNS label fragment ending in '-'. */
export function checkNamePrefix(prop: string, value: string): string {
  if (value !== '' && !/^[a-z0-9]([-a-z0-9]*)?-$/.test(value)) {
    fail(prop, value, "must be empty or lower-case letters, digits and '-', starting with a letter or digit and ending with '-' (e.g. 'course-101-')");
  }
  return value;
}

/** A TCP port number. */
export function checkPort(prop: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    fail(prop, value, 'must be an integer port between 1 and 65535');
  }
  return value;
}

/** A NodePort in the default service-node-port-range. */
export function checkNodePort(prop: string, value: number): number {
  if (!Number.isInteger(value) || value < 30000 || value > 32767) {
    fail(prop, value, 'must be an integer in the default NodePort range 30000-32767');
  }
  return value;
}

/** A positive integer. */
export function checkPositiveInt(prop: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    fail(prop, value, 'must be a whole number of at least 1');
  }
  return value;
}

/** A non-negative integer (user and group ids, counts that may be zero). */
export function checkNonNegativeInt(prop: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    fail(prop, value, 'must be a whole number of at least 0');
  }
  return value;
}

/** A positive finite number (CPU cores). */
export function checkPositiveNumber(prop: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    fail(prop, value, 'must be a number greater than 0 (e.g. 0.5 for half a core)');
  }
  return value;
}

/** An environment variable name. */
export function checkEnvName(prop: string, value: string): string {
  if (!ENV_NAME.test(value)) {
    fail(prop, value, "must be a valid environment variable name (letters, digits, '_', '-', '.'; not starting with a digit)");
  }
  return value;
}

/** An absolute POSIX path. */
export function checkAbsolutePath(prop: string, value: string): string {
  if (!value.startsWith('/') || value.includes('\0') || value.split('/').includes('..')) {
    fail(prop, value, "must be an absolute path starting with '/' and without '..' (e.g. '/home/jovyan')");
  }
  return value;
}

/** A container image reference that is pinned to a tag or digest. */
export function checkPinnedImage(prop: string, value: string): string {
  if (!IMAGE_REF.test(value)) {
    fail(prop, value, "must be a container image reference such as 'quay.io/jupyterhub/k8s-hub:4.4.0'");
  }
  const lastSegment = value.split('/').pop() as string;
  if (!lastSegment.includes(':') && !value.includes('@sha256:')) {
    fail(prop, value, "must be pinned to a tag or digest (e.g. 'name:1.2.3'), so that every node runs the same image");
  }
  if (/:latest(@|$)/.test(value)) {
    fail(prop, value, "must not use the moving 'latest' tag: pin a version (e.g. 'name:1.2.3')");
  }
  return value;
}

/** A JupyterHub URL prefix: starts and ends with '/'. */
export function checkUrlPrefix(prop: string, value: string): string {
  if (!value.startsWith('/') || !value.endsWith('/') || /\s|\/\//.test(value)) {
    fail(prop, value, "must start and end with '/' and contain no spaces or '//' (e.g. '/' or '/jupyter/')");
  }
  return value;
}

/** A non-empty list of distinct user names. */
export function checkUserNames(prop: string, value: readonly string[]): readonly string[] {
  const seen = new Set<string>();
  for (const name of value) {
    if (name.trim() === '' || name !== name.trim()) {
      fail(prop, value, 'user names must be non-empty and have no surrounding spaces');
    }
    if (seen.has(name)) {
      fail(prop, value, `lists '${name}' twice: list each user once`);
    }
    seen.add(name);
  }
  return value;
}

/** Keys and values of a label map (node selectors). */
export function checkLabelMap(prop: string, value: { readonly [key: string]: string }): void {
  for (const [key, v] of Object.entries(value)) {
    const [prefix, name] = key.includes('/') ? key.split('/', 2) : [undefined, key];
    if (prefix !== undefined) {
      checkDnsSubdomain(`${prop} key prefix`, prefix);
    }
    if (!name || name.length > 63 || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name)) {
      fail(prop, key, "has a key that is not a valid label key (e.g. 'kubernetes.io/os')");
    }
    checkLabelValue(`${prop}['${key}']`, v);
  }
}

/** A duration that is a whole number of seconds, at least one. */
export function checkSeconds(prop: string, value: Duration): number {
  const s = value.toMilliseconds() / 1000;
  if (!Number.isInteger(s) || s < 1) fail(prop, `${s}s`, 'must be a whole number of seconds, at least 1 (e.g. Duration.minutes(10))');
  return s;
}

/** A positive size that is a whole number of KiB (claims, memory, body limits). */
export function checkSize(prop: string, value: Size): Size {
  if (!(value instanceof Size)) fail(prop, value, 'must be a Size, e.g. Size.mebibytes(512)');
  const kib = value.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(kib) || kib <= 0) fail(prop, `${kib}KiB`, 'must be a positive size, e.g. Size.mebibytes(512)');
  return value;
}

/** Whether a cdk8s-plus CPU amount (`'500m'`, `'2'`) is a positive number of cores; returns the cores. */
export function checkCpu(prop: string, amount: string): number {
  const cores = amount.endsWith('m') ? Number(amount.slice(0, -1)) / 1000 : Number(amount);
  if (!Number.isFinite(cores) || cores <= 0) fail(prop, amount, 'must be more than 0 cores, e.g. Cpu.millis(500) or Cpu.units(2)');
  return cores;
}

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'];

/** A Service type this library can expose a component with (cdk8s-plus `ServiceType`, not ExternalName). */
export function checkServiceType<T extends string>(prop: string, value: T): T {
  if (!SERVICE_TYPES.includes(value)) {
    fail(prop, value, 'must be ServiceType.CLUSTER_IP, NODE_PORT or LOAD_BALANCER (from cdk8s-plus-27); an ExternalName Service has no pods behind it');
  }
  return value;
}
