import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';

/**
 * Validation helpers shared by the constructs. Every check throws a plain `Error` whose
 * message names the prop, quotes the bad value and says how to fix it.
 * @internal
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** The name part of a qualified name (label and annotation keys). */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
/** Total size of an object's annotations (keys and values) the API server accepts. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;
/** A DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const IMAGE_REF =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** Formats a value for an error message (control characters and line separators as escapes, so a message stays one line). */
export function show(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  const escaped = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const named: { [c: string]: string } = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };
    return named[c] ?? `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}

/** Throws a construction error in the house style. */
export function fail(prop: string, value: unknown, fix: string): never {
  throw new Error(`Invalid '${prop}' (${show(value)}): ${fix}`);
}

/** A DNS-1123 label (names of Services, Deployments, ...; at most 63 characters). */
export function checkDnsLabel(prop: string, value: string, maxLength = 63): string {
  if (value.length === 0 || value.length > maxLength || !DNS1123_LABEL.test(value)) {
    fail(
      prop,
      value,
      `must be a DNS-1123 label of at most ${maxLength} characters: lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-hub')`,
    );
  }
  return value;
}

/** A DNS-1123 subdomain (Secret, ConfigMap and PVC names, host names). */
export function checkDnsSubdomain(prop: string, value: string): string {
  if (value.length === 0 || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    fail(
      prop,
      value,
      "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. 'hub-secret')",
    );
  }
  return value;
}

/** A Kubernetes label value. */
export function checkLabelValue(prop: string, value: string): string {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    fail(
      prop,
      value,
      "must be a valid label value: at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
    );
  }
  return value;
}

/**
 * A DNS-1035 label: what the API requires of Service names (a letter first, so that the name can
 * never be read as a number or an address).
 */
export function checkDns1035Label(prop: string, value: string, maxLength = 63): string {
  if (value.length === 0 || value.length > maxLength || !DNS1035_LABEL.test(value)) {
    fail(
      prop,
      value,
      `must be a DNS-1035 label of at most ${maxLength} characters: lower-case letters, digits and '-', starting with a letter and ending with a letter or digit (e.g. 'my-hub')`,
    );
  }
  return value;
}

/**
 * A name prefix: empty, or a DNS label fragment ending in '-'. It starts Service names
 * (`<prefix>hub`), which must start with a letter.
 */
export function checkNamePrefix(prop: string, value: string): string {
  if (value !== '' && !/^[a-z]([-a-z0-9]*)?-$/.test(value)) {
    fail(
      prop,
      value,
      "must be empty or lower-case letters, digits and '-', starting with a letter (it starts Service names such as '<prefix>hub', which must) and ending with '-' (e.g. 'course-101-')",
    );
  }
  return value;
}

/**
 * A qualified name: the key of a label or an annotation, `[prefix/]name`, where the prefix is a
 * DNS-1123 subdomain and the name at most 63 letters, digits, '-', '_' and '.', starting and
 * ending with a letter or digit. `what` says which kind of key, for the message.
 */
export function checkQualifiedName(prop: string, key: string, what = 'label key'): string {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const example = what === 'label key' ? "'kubernetes.io/os' or 'tier'" : "'example.org/owner' or 'description'";
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    fail(
      prop,
      key,
      `has a key that is not a valid ${what}: its prefix before '/' must be a DNS-1123 subdomain (lower-case, e.g. 'example.org'); e.g. ${example}`,
    );
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    fail(
      prop,
      key,
      `has a key that is not a valid ${what}: [prefix/]name, the name at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. ${example})`,
    );
  }
  return key;
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

/**
 * Why a number above `Number.MAX_SAFE_INTEGER` is refused: JavaScript prints it in exponent form
 * (`1e+21`), which YAML and Python read as a float, and an integer field refuses a float.
 */
const TOO_LARGE = `at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1): a larger number is written in exponent form (1e+21), a float, which the program reading it refuses for a count`;

/**
 * A count or amount (bytes, seconds, cores) at most `Number.MAX_SAFE_INTEGER`, the largest number
 * the generated files write as a whole number; `shown` is the value as the error quotes it.
 */
export function checkSafeMagnitude(prop: string, value: number, shown: unknown = value): number {
  if (!(value <= Number.MAX_SAFE_INTEGER)) fail(prop, shown, `must be ${TOO_LARGE}`);
  return value;
}

/** A positive integer, at most 2^53 - 1. */
export function checkPositiveInt(prop: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    fail(prop, value, 'must be a whole number of at least 1');
  }
  if (!Number.isSafeInteger(value)) fail(prop, value, `must be a whole number ${TOO_LARGE}`);
  return value;
}

/** A non-negative integer (user and group ids, counts that may be zero), at most 2^53 - 1. */
export function checkNonNegativeInt(prop: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    fail(prop, value, 'must be a whole number of at least 0');
  }
  if (!Number.isSafeInteger(value)) fail(prop, value, `must be a whole number ${TOO_LARGE}`);
  return value;
}

/** A positive finite number (CPU cores), at most 2^53 - 1. */
export function checkPositiveNumber(prop: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    fail(prop, value, 'must be a number greater than 0 (e.g. 0.5 for half a core)');
  }
  return checkSafeMagnitude(prop, value);
}

/** An environment variable name. */
export function checkEnvName(prop: string, value: string): string {
  if (!ENV_NAME.test(value)) {
    fail(
      prop,
      value,
      "must be a valid environment variable name (letters, digits, '_', '-', '.'; not starting with a digit)",
    );
  }
  return value;
}

/** An absolute POSIX path (a mount path, an NFS export): no '..', no NUL or other control character. */
export function checkAbsolutePath(prop: string, value: string): string {
  if (!value.startsWith('/') || value.includes('\0') || value.split('/').includes('..')) {
    fail(prop, value, "must be an absolute path starting with '/' and without '..' (e.g. '/home/jovyan')");
  }
  return checkYamlText(prop, value, true);
}

/**
 * Text written into the manifests as a YAML string: refuses the characters that YAML 1.1 readers
 * (kubectl, PyYAML) read differently from the YAML 1.2 writer, which leaves them raw: U+0085,
 * U+2028 and U+2029 are line breaks there, and DEL and the C1 controls are not allowed at all.
 * With `controls` also the C0 controls (tab, newline, ...), which a path or a name never holds.
 */
export function checkYamlText(prop: string, value: string, controls = false): string {
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    if ((cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029) {
      fail(
        prop,
        value,
        `contains ${code}, which YAML 1.1 readers (kubectl, PyYAML) read as a line break or refuse, so the cluster would see other text than written: remove it`,
      );
    }
    if (controls && cp < 0x20) fail(prop, value, `contains the control character ${code}: remove it`);
  }
  return value;
}

/** A container image reference (pinned or not: see {@link checkPinnedImage}). */
export function checkImageReference(prop: string, value: string): string {
  if (!IMAGE_REF.test(value)) {
    fail(prop, value, "must be a container image reference such as 'quay.io/jupyterhub/k8s-hub:4.4.0'");
  }
  return value;
}

/** Whether an image reference is pinned: a tag other than `latest`, or a digest. */
export function isPinnedImage(value: string): boolean {
  const lastSegment = value.split('/').pop() as string;
  return (lastSegment.includes(':') || value.includes('@sha256:')) && !/:latest(@|$)/.test(value);
}

/** A container image reference that is pinned to a tag or digest. */
export function checkPinnedImage(prop: string, value: string): string {
  checkImageReference(prop, value);
  const lastSegment = value.split('/').pop() as string;
  if (!lastSegment.includes(':') && !value.includes('@sha256:')) {
    fail(prop, value, "must be pinned to a tag or digest (e.g. 'name:1.2.3'), so that every node runs the same image");
  }
  if (/:latest(@|$)/.test(value)) {
    fail(prop, value, "must not use the moving 'latest' tag: pin a version (e.g. 'name:1.2.3')");
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

/** Keys and values of a label map (labels, node selectors). */
export function checkLabelMap(prop: string, value: { readonly [key: string]: string }): void {
  for (const [key, v] of Object.entries(value)) {
    checkQualifiedName(prop, key, 'label key');
    checkLabelValue(`${prop}['${key}']`, v);
  }
}

/**
 * Keys and values of an annotation map: keys are qualified names (the API compares them in lower
 * case), values any text a YAML 1.1 reader reads the same, all of them together at most 256 KiB.
 */
export function checkAnnotations(prop: string, value: { readonly [key: string]: string }): void {
  let bytes = 0;
  for (const [key, v] of Object.entries(value)) {
    checkQualifiedName(prop, key.toLowerCase(), 'annotation key');
    checkYamlText(`${prop}['${key}']`, v);
    bytes += Buffer.byteLength(key) + Buffer.byteLength(v);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    fail(
      prop,
      `${Object.keys(value).length} annotations of ${bytes} bytes`,
      `must be at most ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB) together, keys and values, or the API server refuses the object: keep large data in a ConfigMap`,
    );
  }
}

/** The key of a Secret or ConfigMap entry. */
export function checkSecretKey(prop: string, value: string): string {
  if (value.length === 0 || value.length > 253 || !SECRET_KEY.test(value) || value === '.' || value === '..') {
    fail(
      prop,
      value,
      "must be a valid Secret key: at most 253 letters, digits, '-', '_' and '.', not '.' or '..' (e.g. 'proxy.token')",
    );
  }
  return value;
}

/**
 * A user or group id a container runs as: a whole number the API accepts (0 to 2147483647);
 * not 0 when `nonRoot` (the pod runs with `runAsNonRoot`, so the kubelet would refuse to start it).
 */
export function checkUserId(prop: string, value: number, nonRoot: boolean): number {
  if (!Number.isInteger(value) || value < 0 || value > 2147483647) {
    fail(prop, value, 'must be a whole number from 0 to 2147483647');
  }
  if (nonRoot && value === 0) {
    fail(
      prop,
      value,
      'is root, and the pods run with runAsNonRoot (the kubelet refuses to start them as root): use a non-root id such as 1000',
    );
  }
  return value;
}

/** A duration that is a whole number of seconds, at least one. */
export function checkSeconds(prop: string, value: Duration): number {
  const s = value.toMilliseconds() / 1000;
  if (!Number.isInteger(s) || s < 1)
    fail(prop, `${s}s`, 'must be a whole number of seconds, at least 1 (e.g. Duration.minutes(10))');
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
  if (!Number.isFinite(cores) || cores <= 0)
    fail(prop, amount, 'must be more than 0 cores, e.g. Cpu.millis(500) or Cpu.units(2)');
  return cores;
}

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'];

/** A Service type this library can expose a component with (cdk8s-plus `ServiceType`, not ExternalName). */
export function checkServiceType<T extends string>(prop: string, value: T): T {
  if (!SERVICE_TYPES.includes(value)) {
    fail(
      prop,
      value,
      'must be ServiceType.CLUSTER_IP, NODE_PORT or LOAD_BALANCER (from cdk8s-plus-27); an ExternalName Service has no pods behind it',
    );
  }
  return value;
}
