/**
 * A KernelSpec's props resolved into one validated model: `kernel.json` rendered, and the pod
 * settings of its kernel pod template (all but what its gateway decides) checked.
 * @internal
 */
import { Size } from 'cdk8s';
import { sizeQuantity } from '../core/k8s';
import {
  checkAbsolutePath,
  checkCpu,
  checkEnvName,
  checkPinnedImage,
  checkPositiveInt,
  checkSize,
  fail,
} from '../core/validate';
import type { INfsStorage } from '../users/shared-home';
import { GATEWAY, KERNEL_LAUNCHERS_DIR } from './kernel-constants';
import { renderKernelJson } from './kernel-json';
import type { KernelPodTemplateModel } from './kernel-pod-template';
import { KernelLanguage, KernelSpecProps } from './kernel-spec-props';

/** The pod template settings that come from the spec's own props. */
export type KernelPodSettings = Omit<
  KernelPodTemplateModel,
  'namespace' | 'serviceAccountName' | 'automountServiceAccountToken' | 'home' | 'scratchDirs'
>;

/** The NFS home the kernel pods mount. */
export interface KernelHomeMount {
  readonly storage: INfsStorage;
  readonly nfsServer: string;
  readonly exportPrefix: string;
  readonly mountPath: string;
}

/** The resolved KernelSpec. */
export interface KernelSpecModel {
  /** Kernel name (the kernelspec's directory). */
  readonly name: string;
  /** Name of the ConfigMap with kernel.json and the pod template. */
  readonly configMapName: string;
  /** Path of the launcher the gateway runs for this kernel (its directory holds the pod template). */
  readonly launcherPath: string;
  /** The rendered kernel.json. */
  readonly kernelJson: string;
  readonly pod: KernelPodSettings;
  /** The users' homes; undefined: no home in the kernel pod. */
  readonly home?: KernelHomeMount;
}

const MANAGED_ENV = [
  'KERNEL_VOLUMES',
  'KERNEL_VOLUME_MOUNTS',
  'KERNEL_UID',
  'KERNEL_GID',
  'KERNEL_CPUS',
  'KERNEL_CPUS_LIMIT',
  'KERNEL_MEMORY',
  'KERNEL_MEMORY_LIMIT',
];

/** Validates the props (in the order the spec always has) and resolves them. */
export function resolveKernelSpecModel(props: KernelSpecProps): KernelSpecModel {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(props.name)) {
    fail(
      'name',
      props.name,
      "must be a valid kernelspec directory name: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. 'python_kubernetes')",
    );
  }
  const launcherPath = `${KERNEL_LAUNCHERS_DIR}/${props.name}/launch_kubernetes.py`;
  const image = checkPinnedImage('image', props.image ?? GATEWAY.kernelPy);
  const env = launcherEnv(props);
  const pod = { ...podSettings(props, image), readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true };
  const home = homeMount(props);
  return {
    name: props.name,
    configMapName: `kernelspec-${props.name.toLowerCase().replace(/[._]/g, '-').replace(/-+$/, '')}`,
    launcherPath,
    kernelJson: renderKernelJson({
      displayName: checkDisplayName(props),
      language: props.language ?? KernelLanguage.PYTHON,
      image,
      debugger: props.debugger ?? true,
      env,
      launcher: launcherPath,
    }),
    pod,
    home,
  };
}

/** The name JupyterLab's launcher shows: never empty (a kernel without a name). */
function checkDisplayName(props: KernelSpecProps): string {
  const displayName = props.displayName ?? props.name;
  if (displayName.trim() === '') {
    fail(
      'displayName',
      displayName,
      `must not be empty: give the name JupyterLab shows, or leave it out to show the kernel name '${props.name}'`,
    );
  }
  return displayName;
}

/** The pod settings of the template that come from the props. */
function podSettings(props: KernelSpecProps, image: string): Omit<KernelPodSettings, 'readOnlyRootFilesystem'> {
  const uid = checkPositiveInt('uid', props.uid ?? GATEWAY.uid);
  const gid = checkPositiveInt('gid', props.gid ?? GATEWAY.gid);
  // Every kernel pod has requests and limits: a ResourceQuota admits no pod without them.
  const cpuRequestAmount = props.cpuRequest?.amount ?? '100m';
  const cpuLimitAmount = props.cpuLimit?.amount ?? '1';
  const cpuRequest = checkCpu('cpuRequest', cpuRequestAmount);
  const cpuLimit = checkCpu('cpuLimit', cpuLimitAmount);
  if (cpuLimit < cpuRequest) fail('cpuLimit', cpuLimitAmount, `must be at least 'cpuRequest' (${cpuRequestAmount})`);
  const memoryRequest = checkSize('memoryRequest', props.memoryRequest ?? Size.mebibytes(512));
  const memoryLimit = checkSize('memoryLimit', props.memoryLimit ?? Size.gibibytes(2));
  if (memoryLimit.toKibibytes() < memoryRequest.toKibibytes()) {
    fail('memoryLimit', sizeQuantity(memoryLimit), `must be at least 'memoryRequest' (${sizeQuantity(memoryRequest)})`);
  }
  return {
    uid,
    gid,
    fsGroup: gid,
    image,
    cpuRequest: cpuRequestAmount,
    cpuLimit: cpuLimitAmount,
    memoryRequest: sizeQuantity(memoryRequest),
    memoryLimit: sizeQuantity(memoryLimit),
    labels: {},
  };
}

/** The launcher env from the typed props: the user's `env`, then the ids the gateway checks. */
function launcherEnv(props: KernelSpecProps): { [name: string]: string } {
  const env: { [name: string]: string } = {};
  for (const [k, v] of Object.entries(props.env ?? {})) {
    checkEnvName('env', k);
    if (MANAGED_ENV.includes(k))
      fail('env', k, 'is set by the typed props (uid, gid, cpu/memory, homeStorage): use those instead');
    if (/SECRET|PASSWORD|TOKEN|ACCESS_KEY|PRIVATE_KEY/i.test(k)) {
      fail(
        'env',
        k,
        'looks like a secret: kernel.json is stored in a ConfigMap and readable by anyone who can read the namespace; give the kernel credentials another way (e.g. workload identity)',
      );
    }
    env[k] = v;
  }
  // The gateway refuses prohibited ids (root) from these; the pod template fixes the same ids.
  env.KERNEL_UID = String(props.uid ?? GATEWAY.uid);
  env.KERNEL_GID = String(props.gid ?? GATEWAY.gid);
  return env;
}

/** The NFS home the kernel pods mount, checked. */
function homeMount(props: KernelSpecProps): KernelHomeMount | undefined {
  const storage = props.homeStorage;
  if (!storage) {
    if (props.homeMountPath !== undefined) fail('homeMountPath', props.homeMountPath, "needs 'homeStorage'");
    return undefined;
  }
  if (storage.server === undefined || storage.path === undefined) {
    fail(
      'homeStorage',
      storage.node.path,
      "must be a static NFS volume (NfsStorage with 'server' and 'path'): kernels run in a namespace of their own, where the claim does not exist, so they mount the export through a claim of their own",
    );
  }
  return {
    storage,
    nfsServer: storage.server,
    exportPrefix: storage.path,
    mountPath: checkAbsolutePath('homeMountPath', props.homeMountPath ?? '/home/jovyan'),
  };
}
