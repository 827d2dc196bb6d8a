/**
 * The one generator of a kernelspec's `kernel.json` for Jupyter Enterprise Gateway's
 * KubernetesProcessProxy. The kernel is launched by the `launch_kubernetes.py` that ships in the
 * gateway image (with its `kernel-pod.yaml.j2`); no copy of gateway code is made.
 * @internal
 */

import { GATEWAY_KERNELS_DIR, KERNEL_HOME_ENV } from '../internal/constants';

/** Where the gateway image keeps its Kubernetes kernel launcher. */
export const LAUNCHER = `${GATEWAY_KERNELS_DIR}/python_kubernetes/scripts/launch_kubernetes.py`;

/** The process proxy that runs each kernel as a pod. */
export const KUBERNETES_PROCESS_PROXY = 'enterprise_gateway.services.processproxies.k8s.KubernetesProcessProxy';

/** Inputs of `kernel.json`. */
export interface KernelJsonModel {
  readonly displayName: string;
  readonly language: string;
  readonly image: string;
  readonly debugger: boolean;
  /** Env of the launcher; `KERNEL_*` values become template variables of the kernel pod. */
  readonly env: { readonly [name: string]: string };
  /** The user's home on NFS, mounted into each kernel pod. */
  readonly home?: { readonly nfsServer: string; readonly mountPath: string };
}

/** The launcher env that mounts the user's NFS home into the kernel pod. */
function homeEnv(home: NonNullable<KernelJsonModel['home']>): { [name: string]: string } {
  // YAML flow lists (JSON), parsed by the gateway's launcher; $KERNEL_HOME_NFS_PATH is filled in
  // per kernel from the KERNEL_* env the user's server sends.
  return {
    KERNEL_VOLUMES: JSON.stringify([{ name: 'home', nfs: { server: home.nfsServer, path: `$${KERNEL_HOME_ENV}` } }]),
    KERNEL_VOLUME_MOUNTS: JSON.stringify([{ name: 'home', mountPath: home.mountPath }]),
  };
}

/**
 * Renders `kernel.json` (stable key order, two-space indent) in printable ASCII only: every other
 * character is a `\uXXXX` escape (a surrogate pair beyond the BMP), so the JSON reads the same
 * through every YAML reader of the ConfigMap (YAML 1.1 readers break lines at U+0085, U+2028
 * and U+2029) and through Python's `json`.
 */
export function renderKernelJson(m: KernelJsonModel): string {
  const spec = {
    display_name: m.displayName,
    language: m.language,
    metadata: {
      process_proxy: { class_name: KUBERNETES_PROCESS_PROXY, config: { image_name: m.image } },
      debugger: m.debugger,
    },
    env: m.home ? { ...m.env, ...homeEnv(m.home) } : m.env,
    argv: [
      'python',
      LAUNCHER,
      '--RemoteProcessProxy.kernel-id', '{kernel_id}',
      '--RemoteProcessProxy.port-range', '{port_range}',
      '--RemoteProcessProxy.response-address', '{response_address}',
      '--RemoteProcessProxy.public-key', '{public_key}',
    ],
  };
  return asciiJson(JSON.stringify(spec, null, 2)) + '\n';
}

/** JSON text with every character outside printable ASCII written as a `\uXXXX` escape (per UTF-16 unit). */
export function asciiJson(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
