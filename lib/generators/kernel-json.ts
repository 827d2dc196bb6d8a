/**
 * The one generator of a kernelspec's `kernel.json` for Jupyter Enterprise Gateway's
 * KubernetesProcessProxy. The kernel is launched by the `launch_kubernetes.py` that ships in the
 * gateway image (with its `kernel-pod.yaml.j2`); no copy of gateway code is made.
 * @internal
 */

/** Where the gateway image keeps its Kubernetes kernel launcher. */
export const GATEWAY_KERNELS_DIR = '/usr/local/share/jupyter/kernels';
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
}

/** Renders `kernel.json` (stable key order, two-space indent). */
export function renderKernelJson(m: KernelJsonModel): string {
  const spec = {
    display_name: m.displayName,
    language: m.language,
    metadata: {
      process_proxy: { class_name: KUBERNETES_PROCESS_PROXY, config: { image_name: m.image } },
      debugger: m.debugger,
    },
    env: m.env,
    argv: [
      'python',
      LAUNCHER,
      '--RemoteProcessProxy.kernel-id', '{kernel_id}',
      '--RemoteProcessProxy.port-range', '{port_range}',
      '--RemoteProcessProxy.response-address', '{response_address}',
      '--RemoteProcessProxy.public-key', '{public_key}',
    ],
  };
  return JSON.stringify(spec, null, 2) + '\n';
}
