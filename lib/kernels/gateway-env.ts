/**
 * The one generator of Jupyter Enterprise Gateway's configuration, which the gateway reads from
 * `EG_*` environment variables (booleans as Python's `True`/`False`, lists as JSON).
 * @internal
 */
import type { k8s } from 'cdk8s-plus-27';

/** Inputs of the gateway's environment. */
export interface GatewayEnvModel {
  readonly port: number;
  readonly responsePort: number;
  /** The kernel namespace, when kernels share one (`EG_NAMESPACE` with `EG_SHARED_NAMESPACE`). */
  readonly kernelNamespace?: string;
  /**
   * ClusterRole the gateway binds in each namespace it creates for a kernel
   * (`EG_KERNEL_CLUSTER_ROLE`, per-kernel namespaces only).
   */
  readonly kernelClusterRole: string;
  /** The Secret and key of the token clients must send. */
  readonly authToken: { readonly secretName: string; readonly key: string };
  readonly mirrorWorkingDirs: boolean;
  readonly cullIdleTimeoutSeconds: number;
  readonly cullConnected: boolean;
  readonly logLevel: string;
  readonly kernelLaunchTimeoutSeconds: number;
  readonly allowedKernels: readonly string[];
  readonly defaultKernelName?: string;
  /** `EG_MAX_KERNELS_PER_USER`. */
  readonly maxKernelsPerUser: number;
  /** `EG_MAX_KERNELS`; undefined: no limit. */
  readonly maxKernels?: number;
}

/**
 * The names the library sets in the gateway container (refused in `workload.extraEnv`);
 * `EG_INHERITED_ENVS` (`PATH`) is the chart's own extra env and gives way to the user's.
 */
export const GATEWAY_ENV_NAMES = [
  'EG_PORT',
  'EG_RESPONSE_PORT',
  'EG_AUTH_TOKEN',
  'EG_NAMESPACE',
  'EG_KERNEL_CLUSTER_ROLE',
  'EG_SHARED_NAMESPACE',
  'EG_LIST_KERNELS',
  'EG_MIRROR_WORKING_DIRS',
  'EG_CULL_IDLE_TIMEOUT',
  'EG_CULL_CONNECTED',
  'EG_LOG_LEVEL',
  'EG_KERNEL_LAUNCH_TIMEOUT',
  'EG_ALLOWED_KERNELS',
  'EG_DEFAULT_KERNEL_NAME',
  'EG_MAX_KERNELS_PER_USER',
  'EG_MAX_KERNELS',
  'EG_DEFAULT_KERNEL_SERVICE_ACCOUNT_NAME',
];

const bool = (b: boolean) => (b ? 'True' : 'False');

/** The gateway container's env. */
export function gatewayEnv(m: GatewayEnvModel): k8s.EnvVar[] {
  return [
    { name: 'EG_PORT', value: String(m.port) },
    { name: 'EG_RESPONSE_PORT', value: String(m.responsePort) },
    // Every request needs 'Authorization: token <t>'; the gateway removes it from kernels' env.
    { name: 'EG_AUTH_TOKEN', valueFrom: { secretKeyRef: { name: m.authToken.secretName, key: m.authToken.key } } },
    ...(m.kernelNamespace !== undefined ? [{ name: 'EG_NAMESPACE', value: m.kernelNamespace }] : []),
    // Read only where the gateway creates a kernel's namespace and binds this ClusterRole in it,
    // never with EG_SHARED_NAMESPACE (enterprise_gateway/services/processproxies/k8s.py at 3.3.0:
    // read at line 30, used at 411 and 415 by _create_role_binding, called only from
    // _create_kernel_namespace at 374, which is reached only without a shared namespace, 326-334).
    // Its default, cluster-admin, then never applies; with a shared namespace it is left out.
    ...(m.kernelNamespace === undefined ? [{ name: 'EG_KERNEL_CLUSTER_ROLE', value: m.kernelClusterRole }] : []),
    { name: 'EG_SHARED_NAMESPACE', value: bool(m.kernelNamespace !== undefined) },
    // On: jupyter_server's gateway client lists kernels for /api/kernels and /api/status. Only the
    // gateway fronts hold the token, and each filters the list to the caller's own kernels.
    { name: 'EG_LIST_KERNELS', value: 'True' },
    { name: 'EG_MIRROR_WORKING_DIRS', value: bool(m.mirrorWorkingDirs) },
    { name: 'EG_CULL_IDLE_TIMEOUT', value: String(m.cullIdleTimeoutSeconds) },
    { name: 'EG_CULL_CONNECTED', value: bool(m.cullConnected) },
    { name: 'EG_LOG_LEVEL', value: m.logLevel },
    { name: 'EG_KERNEL_LAUNCH_TIMEOUT', value: String(m.kernelLaunchTimeoutSeconds) },
    { name: 'EG_ALLOWED_KERNELS', value: JSON.stringify(m.allowedKernels) },
    ...(m.defaultKernelName ? [{ name: 'EG_DEFAULT_KERNEL_NAME', value: m.defaultKernelName }] : []),
    // Read by enterprise_gateway/mixins.py:640-655 and 350-362 at 3.3.0, enforced before each
    // start by services/kernels/remotemanager.py:282-320 (403 beyond them).
    { name: 'EG_MAX_KERNELS_PER_USER', value: String(m.maxKernelsPerUser) },
    ...(m.maxKernels !== undefined ? [{ name: 'EG_MAX_KERNELS', value: String(m.maxKernels) }] : []),
    { name: 'EG_DEFAULT_KERNEL_SERVICE_ACCOUNT_NAME', value: 'default' },
    { name: 'EG_INHERITED_ENVS', value: 'PATH' },
  ];
}

/** Inputs of the env that makes a user's server (Jupyter Server's gateway client) use the gateway. */
export interface GatewayClientEnvModel {
  readonly url: string;
  /** The user's home path on NFS, a KubeSpawner template (`.../{username}`), for kernels that mount it. */
  readonly homePath?: string;
  /** The gateway's kernel launch timeout. */
  readonly launchTimeoutSeconds: number;
}

/**
 * The users' servers' env for the gateway: Jupyter Server forwards every `KERNEL_*` variable with
 * each kernel start, and the gateway lets those override its own settings.
 */
export function gatewayClientEnv(m: GatewayClientEnvModel): { [name: string]: string } {
  return {
    JUPYTER_GATEWAY_URL: m.url,
    // Jupyter Server otherwise sends KERNEL_LAUNCH_TIMEOUT=40, which overrides the gateway's own.
    KERNEL_LAUNCH_TIMEOUT: String(m.launchTimeoutSeconds),
    // Who the kernel belongs to (else the gateway's own user, jovyan); expanded by KubeSpawner.
    KERNEL_USERNAME: '{username}',
    ...(m.homePath !== undefined ? { KERNEL_HOME_NFS_PATH: m.homePath } : {}),
  };
}
