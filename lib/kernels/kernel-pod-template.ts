/**
 * The one generator of `kernel-pod.yaml.j2`, the Jinja2 template from which Jupyter Enterprise
 * Gateway's Kubernetes launcher (`launch_kubernetes.py`, which the gateway runs once per kernel,
 * inside the gateway pod) renders the kernel pod. Written here, not copied from the gateway; it
 * replaces the image's template by being mounted over it, next to the launcher.
 *
 * Trust: the launcher hands the template every `KERNEL_*` variable of its environment, lower-cased,
 * and the gateway lets the kernel start request set any of them (over kernel.json's values). So
 * every variable is chosen by whoever can call the gateway. This template therefore reads only
 * the kernel's identity from variables (pod name, kernel id, the claimed user name, the working
 * directory and the user's home directory below a fixed export). Everything that decides what the
 * pod may do (uid and gid, service account, image, volumes, resources, security context and, with
 * a kernel namespace, the namespace) is written into the template from the model.
 *
 * Escaping: a variable is only ever written through Jinja2's built-in `tojson` filter, which makes
 * it a JSON string in printable ASCII (newlines, quotes and non-ASCII escaped): a YAML
 * double-quoted scalar that cannot end its line or open a new key. Values are data to Jinja2, so a
 * `{{ ... }}` inside a value is never evaluated. Model values are written as ASCII JSON strings
 * too, with `{` and `}` escaped so that they can never open a Jinja2 tag.
 * @internal
 */

/**
 * The home of each kernel: the user's own directory on an NFS export, mounted either directly
 * (`nfsServer`) or through a claim in the kernel namespace on that export (`claimName`, with the
 * user's directory as `subPath`). Give exactly one. Pod Security Admission `restricted` forbids
 * inline `nfs` volumes, so a kernel namespace that enforces it needs the claim.
 */
export interface KernelHomeModel {
  /** NFS server (host name or IP address): the pod mounts `<exportPrefix>/<user>` directly. */
  readonly nfsServer?: string;
  /**
   * A PersistentVolumeClaim in the kernel namespace whose volume is the export itself
   * (`<exportPrefix>`): the pod mounts it with `subPath: <user>`. Needs a fixed kernel namespace.
   */
  readonly claimName?: string;
  /**
   * The export directory that holds one directory per user, e.g. `/home/nfs_share/claim`. The
   * path sent by the client must be exactly one directory below it.
   */
  readonly exportPrefix: string;
  /** Where the home is mounted in the kernel container (the image user's home, `/home/jovyan`). */
  readonly mountPath: string;
  /**
   * The `KERNEL_*` variable that carries the user's home path (`<exportPrefix>/<user>`), set in
   * each user's server environment and forwarded by Jupyter Server with every kernel request.
   */
  readonly pathVariable: string;
}

/** Everything the kernel pod template depends on. */
export interface KernelPodTemplateModel {
  /**
   * Namespace of every kernel pod (the gateway's `EG_NAMESPACE` with `EG_SHARED_NAMESPACE=True`).
   * A client-sent `KERNEL_NAMESPACE` elsewhere then fails: the pod names this namespace while the
   * launcher creates it in the client's one, which the API server refuses (and RBAC before it).
   * `undefined`: a namespace per kernel, which the gateway creates and names after the pod, so the
   * pod's namespace is its own name.
   */
  readonly namespace: string | undefined;
  /** User id of the kernel process (not 0). */
  readonly uid: number;
  /** Primary group id of the kernel process (not 0). */
  readonly gid: number;
  /** Group that owns the pod's emptyDir volumes (NFS ignores it). */
  readonly fsGroup?: number;
  /** Service account of the kernel pods. */
  readonly serviceAccountName: string;
  /** Mount the service account's API token (only for kernels given API rights). */
  readonly automountServiceAccountToken: boolean;
  /** Kernel image (the request's `KERNEL_IMAGE` is ignored). */
  readonly image: string;
  /** CPU request, a Kubernetes quantity such as `500m`. */
  readonly cpuRequest: string | undefined;
  /** CPU limit. */
  readonly cpuLimit: string | undefined;
  /** Memory request, a Kubernetes quantity such as `1Gi`. */
  readonly memoryRequest: string | undefined;
  /** Memory limit. */
  readonly memoryLimit: string | undefined;
  /** The user's home from NFS; `undefined`: no home volume. */
  readonly home: KernelHomeModel | undefined;
  /**
   * Make the container's root filesystem read-only. `elyra/kernel-py` writes only its connection
   * file (`tempfile`, so `/tmp`) and the usual dot-files under `$HOME`; give both a volume
   * (`home` and `scratchDirs`). `conda install` into the image then fails; `pip install` falls
   * back to `~/.local`.
   */
  readonly readOnlyRootFilesystem: boolean;
  /** Directories that each get an emptyDir, e.g. `/tmp`, and `$HOME` when there is no `home`. */
  readonly scratchDirs: readonly string[];
  /** Extra labels of the kernel pods (`app`, `component` and `kernel_id` are the gateway's). */
  readonly labels: { readonly [key: string]: string };
}

/** The Jinja2 template variable of a `KERNEL_*` environment variable, as the launcher names it. */
export function templateVariable(envName: string): string {
  return envName.toLowerCase();
}

/** The request variables the template may read, besides the home path variable (`kernel_working_dir` only with a home). */
export const TEMPLATE_VARIABLES = ['kernel_pod_name', 'kernel_id', 'kernel_username', 'kernel_working_dir'] as const;

/** Characters of the one directory below the export prefix (a user's directory). */
const USER_DIR_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-';
/** Labels the gateway relies on: it finds a kernel's pod by `kernel_id` and `component=kernel`. */
const GATEWAY_LABELS = ['app', 'component', 'kernel_id'];
/** Variables the launcher parses as YAML lists (never plain strings). */
const YAML_VARIABLES = ['KERNEL_VOLUMES', 'KERNEL_VOLUME_MOUNTS'];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUANTITY = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;
const HOST = /^[A-Za-z0-9][A-Za-z0-9.:-]*$/;
const SAFE_PATH = /^\/[A-Za-z0-9._\-/]*$/;
const MAX_ID = 2147483647;

function invalid(prop: string, value: unknown, fix: string): never {
  throw new Error(`Invalid '${prop}' (${typeof value === 'string' ? `'${value}'` : JSON.stringify(value)}): ${fix}`);
}

function checkId(prop: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_ID)
    invalid(prop, value, `must be an integer from 1 to ${MAX_ID}: kernels never run as root or in group 0`);
  return value;
}

/** An absolute path of safe characters without `.` or `..` segments; trailing slashes removed. */
function checkPath(prop: string, value: string): string {
  const trimmed = value.length > 1 ? value.replace(/\/+$/, '') : value;
  const badSegment =
    trimmed !== '/' &&
    trimmed
      .split('/')
      .slice(1)
      .some((s) => s === '' || s === '.' || s === '..');
  if (!SAFE_PATH.test(trimmed) || badSegment) {
    invalid(
      prop,
      value,
      "must be an absolute path of letters, digits, '.', '_', '-' and '/', without '.', '..' or empty segments",
    );
  }
  return trimmed;
}

/**
 * A model string as a YAML double-quoted scalar that is also a Jinja2 string literal with the same
 * value: JSON, printable ASCII only, and `{`, `}` as `\u` escapes so no Jinja2 tag can start.
 */
function lit(value: string): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]|[{}]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Checks the model; returns the normalized paths. */
function check(m: KernelPodTemplateModel): { home?: KernelHomeModel; scratch: string[] } {
  checkPod(m);
  const scratch = m.scratchDirs.map((d, i) => checkPath(`scratchDirs[${i}]`, d));
  const home = m.home && checkHome(m.home, m.namespace);
  const mounts = [...scratch, ...(home ? [home.mountPath] : [])];
  const dup = mounts.find((p, i) => mounts.indexOf(p) !== i);
  if (dup) invalid('scratchDirs', dup, 'is mounted twice: each directory gets one volume');
  return { home, scratch };
}

/** Checks the pod's own settings: namespace, ids, service account, image, resources and labels. */
function checkPod(m: KernelPodTemplateModel): void {
  if (m.namespace !== undefined && (m.namespace.length > 63 || !DNS_LABEL.test(m.namespace))) {
    invalid('namespace', m.namespace, 'must be a DNS-1123 label (the kernel namespace)');
  }
  checkId('uid', m.uid);
  checkId('gid', m.gid);
  if (m.fsGroup !== undefined) checkId('fsGroup', m.fsGroup);
  if (m.serviceAccountName.length > 253 || !DNS_SUBDOMAIN.test(m.serviceAccountName)) {
    invalid('serviceAccountName', m.serviceAccountName, 'must be a DNS-1123 subdomain');
  }
  if (m.image.length > 512 || !IMAGE.test(m.image)) invalid('image', m.image, 'must be an image reference');
  for (const [prop, q] of [
    ['cpuRequest', m.cpuRequest],
    ['cpuLimit', m.cpuLimit],
    ['memoryRequest', m.memoryRequest],
    ['memoryLimit', m.memoryLimit],
  ] as const) {
    if (q !== undefined && !QUANTITY.test(q))
      invalid(prop, q, "must be a Kubernetes quantity, e.g. '500m', '2' or '1Gi'");
  }
  for (const [k, v] of Object.entries(m.labels)) {
    if (GATEWAY_LABELS.includes(k))
      invalid(
        'labels',
        k,
        `is set by the template: the gateway finds kernel pods by ${JSON.stringify(GATEWAY_LABELS)}`,
      );
    if (k.length > 316 || !LABEL_KEY.test(k)) invalid('labels', k, 'must be a label key');
    if (v.length > 63 || !LABEL_VALUE.test(v)) invalid(`labels.${k}`, v, 'must be a label value');
  }
}

/** Checks the home; returns it with normalized paths. */
function checkHome(h: KernelHomeModel, namespace: string | undefined): KernelHomeModel {
  const { nfsServer, claimName } = h;
  if ((nfsServer === undefined) === (claimName === undefined))
    invalid('home', h, "needs exactly one of 'nfsServer' and 'claimName'");
  if (nfsServer !== undefined && (!HOST.test(nfsServer) || nfsServer.length > 253))
    invalid('home.nfsServer', nfsServer, 'must be a host name or IP address');
  if (claimName !== undefined && (claimName.length > 253 || !DNS_SUBDOMAIN.test(claimName)))
    invalid('home.claimName', claimName, 'must be a DNS-1123 subdomain');
  if (claimName !== undefined && namespace === undefined) {
    invalid('home.claimName', claimName, 'needs a fixed kernel namespace: per-kernel namespaces have no claim');
  }
  if (!/^KERNEL_[A-Z0-9_]+$/.test(h.pathVariable) || YAML_VARIABLES.includes(h.pathVariable)) {
    invalid(
      'home.pathVariable',
      h.pathVariable,
      `must be a KERNEL_* variable name other than ${YAML_VARIABLES.join(' and ')} (which the launcher parses as YAML)`,
    );
  }
  return {
    nfsServer,
    claimName,
    exportPrefix: checkPath('home.exportPrefix', h.exportPrefix),
    mountPath: checkPath('home.mountPath', h.mountPath),
    pathVariable: h.pathVariable,
  };
}

/**
 * Renders `kernel-pod.yaml.j2` for the launcher's Jinja2 environment (`trim_blocks`,
 * `lstrip_blocks`, autoescape off for `.j2`). One Pod, nothing else.
 * @throws if a model value is not valid for a pod (or would put a kernel in group 0 or run it as root).
 */
export function renderKernelPodTemplate(m: KernelPodTemplateModel): string {
  const { home, scratch } = check(m);
  return (
    [
      '# kernel-pod.yaml.j2, generated by cdk8s-jupyterhub: the kernel pod of Jupyter Enterprise',
      "# Gateway's Kubernetes launcher. Request variables give only the kernel's identity, always",
      '# through tojson; uid, gid, service account, image, volumes, resources and security come from',
      '# the KernelSpec. Do not edit: regenerate.',
      ...(home ? homeUserLines(home) : []),
      ...podLines(m),
      ...(home ? workingDirLines(home) : []),
      ...resourceLines(m),
      ...containerSecurityLines(m),
      ...volumeLines(scratch, home),
    ].join('\n') + '\n'
  );
}

/**
 * The user's directory: exactly one safe segment below the export, or the launch fails with an
 * error naming the refusal (calling an undefined name is an error in Jinja2; no KERNEL_*
 * variable can define it, since every variable the launcher passes starts with 'kernel_').
 */
function homeUserLines(home: KernelHomeModel): string[] {
  const homeVar = templateVariable(home.pathVariable);
  const prefix = home.exportPrefix === '/' ? '/' : `${home.exportPrefix}/`;
  return [
    `{% set home_path = ${homeVar} if ${homeVar} is defined and ${homeVar} is string else "" %}`,
    `{% set home_user = home_path[${prefix.length}:] if home_path.startswith(${lit(prefix)}) else "" %}`,
    `{% if home_user == "" or home_user.strip(${lit(USER_DIR_CHARS)}) != "" or home_user.startswith(".") or home_user | length > 255 %}`,
    `{{ refused_${homeVar}_must_be_one_directory_of_letters_digits_dot_dash_underscore_below_the_export() }}`,
    '{% endif %}',
  ];
}

/** The pod's metadata and spec, up to the kernel container's image. */
function podLines(m: KernelPodTemplateModel): string[] {
  return [
    'apiVersion: "v1"',
    'kind: "Pod"',
    'metadata:',
    '  name: {{ kernel_pod_name | tojson }}',
    // Per-kernel namespaces are named after the pod by the gateway.
    `  namespace: ${m.namespace !== undefined ? lit(m.namespace) : '{{ kernel_pod_name | tojson }}'}`,
    '  labels:',
    '    "app": "enterprise-gateway"',
    '    "component": "kernel"',
    '    "kernel_id": {{ kernel_id | tojson }}',
    ...Object.entries(m.labels).map(([k, v]) => `    ${lit(k)}: ${lit(v)}`),
    '  annotations:',
    '    "cluster-autoscaler.kubernetes.io/safe-to-evict": "false"',
    '{% if kernel_username is defined %}',
    // Claimed by the client (KERNEL_USERNAME); for people reading the cluster, not for access.
    '    "enterprise-gateway/kernel-username": {{ kernel_username | string | tojson }}',
    '{% endif %}',
    'spec:',
    '  restartPolicy: "Never"',
    `  serviceAccountName: ${lit(m.serviceAccountName)}`,
    `  automountServiceAccountToken: ${m.automountServiceAccountToken}`,
    '  enableServiceLinks: false',
    '  hostNetwork: false',
    '  hostPID: false',
    '  hostIPC: false',
    '  securityContext:',
    '    runAsNonRoot: true',
    `    runAsUser: ${m.uid}`,
    `    runAsGroup: ${m.gid}`,
    ...(m.fsGroup !== undefined ? [`    fsGroup: ${m.fsGroup}`] : []),
    '    seccompProfile:',
    '      type: "RuntimeDefault"',
    '  containers:',
    '  - name: "kernel"',
    `    image: ${lit(m.image)}`,
    '    imagePullPolicy: "IfNotPresent"',
  ];
}

/**
 * EG_MIRROR_WORKING_DIRS: the notebook's directory, only inside the mounted home (a path
 * elsewhere, e.g. /proc/self/fd/N, or one with a `..` segment, is dropped and the image's
 * working directory is used). Inside the home any name is kept as sent, parentheses, commas,
 * quotes and all: it reaches the YAML only through `tojson`, so no character can do harm.
 */
function workingDirLines(home: KernelHomeModel): string[] {
  return [
    '{% set work_dir = kernel_working_dir if kernel_working_dir is defined and kernel_working_dir is string else "" %}',
    `{% if work_dir == ${lit(home.mountPath)} or (work_dir.startswith(${lit(home.mountPath === '/' ? '/' : `${home.mountPath}/`)}) and ".." not in work_dir.split("/")) %}`,
    '    workingDir: {{ work_dir | tojson }}',
    '{% endif %}',
  ];
}

/** The kernel container's requests and limits, if any. */
function resourceLines(m: KernelPodTemplateModel): string[] {
  const requests = [
    ['cpu', m.cpuRequest],
    ['memory', m.memoryRequest],
  ].filter(([, v]) => v !== undefined) as [string, string][];
  const limits = [
    ['cpu', m.cpuLimit],
    ['memory', m.memoryLimit],
  ].filter(([, v]) => v !== undefined) as [string, string][];
  if (requests.length === 0 && limits.length === 0) return [];
  return [
    '    resources:',
    ...(requests.length > 0 ? ['      requests:', ...requests.map(([k, v]) => `        ${k}: ${lit(v)}`)] : []),
    ...(limits.length > 0 ? ['      limits:', ...limits.map(([k, v]) => `        ${k}: ${lit(v)}`)] : []),
  ];
}

function containerSecurityLines(m: KernelPodTemplateModel): string[] {
  return [
    '    securityContext:',
    '      runAsNonRoot: true',
    `      runAsUser: ${m.uid}`,
    `      runAsGroup: ${m.gid}`,
    '      allowPrivilegeEscalation: false',
    '      privileged: false',
    `      readOnlyRootFilesystem: ${m.readOnlyRootFilesystem}`,
    '      capabilities:',
    '        drop:',
    '        - "ALL"',
    '      seccompProfile:',
    '        type: "RuntimeDefault"',
  ];
}

/** The scratch emptyDirs and the home, as the container's mounts and the pod's volumes. */
function volumeLines(scratch: readonly string[], home: KernelHomeModel | undefined): string[] {
  const volumes: string[] = [];
  const mounts: string[] = [];
  scratch.forEach((dir, i) => {
    mounts.push(`    - name: "scratch-${i}"`, `      mountPath: ${lit(dir)}`);
    volumes.push(`  - name: "scratch-${i}"`, '    emptyDir: {}');
  });
  if (home) {
    mounts.push('    - name: "home"', `      mountPath: ${lit(home.mountPath)}`);
    if (home.claimName !== undefined) {
      mounts.push('      subPath: {{ home_user | tojson }}');
      volumes.push('  - name: "home"', '    persistentVolumeClaim:', `      claimName: ${lit(home.claimName)}`);
    } else {
      volumes.push(
        '  - name: "home"',
        '    nfs:',
        `      server: ${lit(home.nfsServer!)}`,
        '      path: {{ home_path | tojson }}',
      );
    }
  }
  return [
    ...(mounts.length > 0 ? ['    volumeMounts:', ...mounts] : []),
    ...(volumes.length > 0 ? ['  volumes:', ...volumes] : []),
  ];
}
