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
  readonly namespace: string;
  readonly sharedNamespace: boolean;
  /** ClusterRole bound in each kernel namespace (own namespaces only). */
  readonly kernelClusterRole: string;
  readonly mirrorWorkingDirs: boolean;
  readonly cullIdleTimeoutSeconds: number;
  readonly cullConnected: boolean;
  readonly logLevel: string;
  readonly kernelLaunchTimeoutSeconds: number;
  readonly allowedKernels: readonly string[];
  readonly defaultKernelName?: string;
}

const bool = (b: boolean) => (b ? 'True' : 'False');

/** The gateway container's env. */
export function gatewayEnv(m: GatewayEnvModel): k8s.EnvVar[] {
  return [
    { name: 'EG_PORT', value: String(m.port) },
    { name: 'EG_RESPONSE_PORT', value: String(m.responsePort) },
    { name: 'EG_NAMESPACE', value: m.namespace },
    ...(m.sharedNamespace ? [] : [{ name: 'EG_KERNEL_CLUSTER_ROLE', value: m.kernelClusterRole }]),
    { name: 'EG_SHARED_NAMESPACE', value: bool(m.sharedNamespace) },
    { name: 'EG_MIRROR_WORKING_DIRS', value: bool(m.mirrorWorkingDirs) },
    { name: 'EG_CULL_IDLE_TIMEOUT', value: String(m.cullIdleTimeoutSeconds) },
    { name: 'EG_CULL_CONNECTED', value: bool(m.cullConnected) },
    { name: 'EG_LOG_LEVEL', value: m.logLevel },
    { name: 'EG_KERNEL_LAUNCH_TIMEOUT', value: String(m.kernelLaunchTimeoutSeconds) },
    { name: 'EG_ALLOWED_KERNELS', value: JSON.stringify(m.allowedKernels) },
    ...(m.defaultKernelName ? [{ name: 'EG_DEFAULT_KERNEL_NAME', value: m.defaultKernelName }] : []),
    { name: 'EG_DEFAULT_KERNEL_SERVICE_ACCOUNT_NAME', value: 'default' },
    { name: 'EG_INHERITED_ENVS', value: 'PATH' },
  ];
}
