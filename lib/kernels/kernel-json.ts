/**
 * The one generator of a kernelspec's `kernel.json` for Jupyter Enterprise Gateway's
 * KubernetesProcessProxy. The kernel is launched by the `launch_kubernetes.py` that ships in the
 * gateway image, run from a directory that holds the spec's own `kernel-pod.yaml.j2` (see
 * `kernel-pod-template.ts`); no copy of gateway code is made.
 * @internal
 */

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
  /** Path of the launcher the gateway runs for this kernel (its directory holds the kernel pod template). */
  readonly launcher: string;
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
    env: m.env,
    argv: [
      'python',
      m.launcher,
      '--RemoteProcessProxy.kernel-id',
      '{kernel_id}',
      '--RemoteProcessProxy.port-range',
      '{port_range}',
      '--RemoteProcessProxy.response-address',
      '{response_address}',
      '--RemoteProcessProxy.public-key',
      '{public_key}',
    ],
  };
  return asciiJson(JSON.stringify(spec, null, 2)) + '\n';
}

/** JSON text with every character outside printable ASCII written as a `\uXXXX` escape (per UTF-16 unit). */
export function asciiJson(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
