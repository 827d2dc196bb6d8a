import type { Size } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import type { INfsStorage } from '../users/shared-home';

/** Language of a kernel (kernel.json `language`). */
export enum KernelLanguage {
  /** Python (IPython kernel). */
  PYTHON = 'python',
  /** R (IRkernel). */
  R = 'R',
  /** Scala (Apache Toree). */
  SCALA = 'scala',
}

/** Props of {@link KernelSpec}. */
export interface KernelSpecProps {
  /** Kernel name: the kernelspec's directory name (letters, digits, '.', '_', '-'), e.g. `python_kubernetes`. */
  readonly name: string;

  /**
   * Name shown in JupyterLab's launcher (not empty or blank).
   * @default - the kernel name
   */
  readonly displayName?: string;

  /**
   * Language of the kernel.
   * @default KernelLanguage.PYTHON
   */
  readonly language?: KernelLanguage;

  /**
   * Image of the kernel pods.
   * @default 'docker.io/elyra/kernel-py:3.3.0'
   */
  readonly image?: string;

  /**
   * Extra environment of the kernel launcher (no secrets: kernel.json is a ConfigMap).
   * `KERNEL_*` variables become variables of the kernel pod template.
   * @default - none
   */
  readonly env?: { [name: string]: string };

  /**
   * User id the kernel runs as (`KERNEL_UID`); match the notebook servers' uid so files in the
   * shared home have one owner.
   * @default 1000
   */
  readonly uid?: number;

  /**
   * Group id of the kernel (`KERNEL_GID`).
   * @default 100
   */
  readonly gid?: number;

  /**
   * CPU requested by each kernel pod, e.g. `Cpu.units(1)` (written into the pod template; the
   * start request's `KERNEL_CPUS` is ignored).
   * @default Cpu.millis(100)
   */
  readonly cpuRequest?: kplus.Cpu;

  /**
   * CPU limit of each kernel pod (the request's `KERNEL_CPUS_LIMIT` is ignored); at least `cpuRequest`.
   * @default Cpu.units(1)
   */
  readonly cpuLimit?: kplus.Cpu;

  /**
   * Memory requested by each kernel pod (the request's `KERNEL_MEMORY` is ignored).
   * @default Size.mebibytes(512)
   */
  readonly memoryRequest?: Size;

  /**
   * Memory limit of each kernel pod (the request's `KERNEL_MEMORY_LIMIT` is ignored); at least
   * `memoryRequest`. A kernel that needs more is killed (OOM) instead of taking the node's memory.
   * @default Size.gibibytes(2)
   */
  readonly memoryLimit?: Size;

  /**
   * The users' homes: the kernel pod mounts the user's own directory of this NFS export (the
   * one the user's server mounts) at `homeMountPath`. Needs a static NFS volume (server and path),
   * since kernels run in namespaces of their own.
   * @default - no home in the kernel pod
   */
  readonly homeStorage?: INfsStorage;

  /**
   * Where the home is mounted in the kernel pod.
   * @default '/home/jovyan'
   */
  readonly homeMountPath?: string;

  /**
   * Whether JupyterLab's debugger is offered for this kernel.
   * @default true
   */
  readonly debugger?: boolean;

  /**
   * Make the kernel container's root filesystem read-only (`/tmp` and the home stay writable).
   * Turn it off for images that write elsewhere (e.g. `conda install` into the image).
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
}
