/**
 * Images, paths and labels the kernel constructs agree on: the gateway, its kernel specs and
 * their pod template (used by nothing outside the kernels).
 * @internal
 */

/**
 * The env var through which a user's server tells the gateway where the user's home is on NFS:
 * KubeSpawner expands `{username}` in it per user, Jupyter Server forwards every `KERNEL_*` var
 * with kernel start requests, and the gateway substitutes `$KERNEL_HOME_NFS_PATH` in kernel.json.
 */
export const KERNEL_HOME_ENV = 'KERNEL_HOME_NFS_PATH';

/** Jupyter Enterprise Gateway's images and ports. */
export const GATEWAY = {
  image: 'docker.io/elyra/enterprise-gateway:3.3.0',
  kernelImagePuller: 'docker.io/elyra/kernel-image-puller:3.3.0',
  kernelPy: 'docker.io/elyra/kernel-py:3.3.0',
  uid: 1000,
  gid: 100,
} as const;

/** Where the gateway image keeps its kernelspecs. */
export const GATEWAY_KERNELS_DIR = '/usr/local/share/jupyter/kernels';

/** The Kubernetes kernel launcher the gateway image ships (it renders `kernel-pod.yaml.j2` from its own directory). */
export const UPSTREAM_LAUNCHER = `${GATEWAY_KERNELS_DIR}/python_kubernetes/scripts/launch_kubernetes.py`;

/**
 * Where each KernelSpec gets a directory with a link to the image's launcher and the project's own
 * kernel pod template beside it (the launcher reads the template from the directory it is run from).
 */
export const KERNEL_LAUNCHERS_DIR = '/opt/kernel-launchers';

/** Labels of kernel pods (the gateway finds a kernel's pod by `kernel_id` and `component=kernel`). */
export const KERNEL_POD_LABELS = { app: 'enterprise-gateway', component: 'kernel' } as const;

/** Labels of the gateway's objects of one `component` (`release`: the gateway's name). */
export function gatewayLabels(name: string, component: string): { [key: string]: string } {
  return { app: 'enterprise-gateway', component, release: name };
}

/** Key of the token in the gateway's token Secrets. */
export const TOKEN_KEY = 'token';
