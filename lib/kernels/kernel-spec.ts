import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Lazy } from 'cdk8s';
import { renderKernelJson } from './kernel-json';
import { renderKernelPodTemplate } from './kernel-pod-template';
import type { INfsStorage } from '../users/shared-home';
import { GATEWAY, KERNEL_HOME_ENV, KERNEL_LAUNCHERS_DIR } from '../core/constants';
import { objectMeta, sizeQuantity } from '../core/k8s';
import { KernelPodTemplateModel } from './kernel-pod-template';
import { checkProps } from '../core/check-props';
import {
  checkAbsolutePath,
  checkCpu,
  checkEnvName,
  checkPinnedImage,
  checkPositiveInt,
  checkSize,
  fail,
} from '../core/validate';
import { Namespace } from '../core/namespace';
import { addAppChecks } from '../core/app-checks';

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
   * Name shown in JupyterLab's launcher.
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
   * @default 'docker.io/elyra/kernel-py:3.2.3'
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
   * CPU requested by each kernel pod (`KERNEL_CPUS`), e.g. `Cpu.units(1)`.
   * @default - none
   */
  readonly cpuRequest?: kplus.Cpu;

  /**
   * CPU limit of each kernel pod (`KERNEL_CPUS_LIMIT`).
   * @default - none
   */
  readonly cpuLimit?: kplus.Cpu;

  /**
   * Memory requested by each kernel pod (`KERNEL_MEMORY`).
   * @default - none
   */
  readonly memoryRequest?: Size;

  /**
   * Memory limit of each kernel pod (`KERNEL_MEMORY_LIMIT`).
   * @default - none
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

/**
 * Where a gateway runs this spec's kernels, as the pod template needs it.
 * @internal
 */
export interface KernelGatewayContext {
  /** Namespace of every kernel pod; undefined: a namespace per kernel. */
  readonly kernelNamespace?: string;
  /** Service account of the kernel pods. */
  readonly serviceAccountName: string;
  /** Whether kernel pods get an API token (only when they are given API rights). */
  readonly automountServiceAccountToken: boolean;
  /** A claim in the kernel namespace on the home export (needed under Pod Security `restricted`). */
  readonly homeClaimName?: string;
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

/**
 * A kernelspec for Jupyter Enterprise Gateway's Kubernetes process proxy: typed props rendered as
 * `kernel.json` and a kernel pod template (`kernel-pod.yaml.j2`) of the project's own into a
 * ConfigMap that the gateway mounts. Each kernel runs as a pod from `image`, launched by the
 * launcher in the gateway image with this template: uid and gid, service account, volumes and
 * resources come from these props, never from the kernel start request.
 */
export class KernelSpec extends Construct {
  /** Kernel name. */
  public readonly name: string;
  /** The generated kernel.json. */
  public readonly kernelJson: string;
  /** Name of the ConfigMap holding kernel.json and the pod template. */
  public readonly configMapName: string;
  /** The storage mounted as the kernels' home, if any. */
  public readonly homeStorage?: INfsStorage;
  /** Namespace of the ConfigMap (the gateway's). */
  public readonly namespace?: string;
  /** Path of the launcher the gateway runs for this kernel (its directory holds the pod template). */
  public readonly launcherPath: string;

  private readonly template: Omit<
    KernelPodTemplateModel,
    'namespace' | 'serviceAccountName' | 'automountServiceAccountToken' | 'home' | 'scratchDirs'
  >;
  private readonly homeMount?: { nfsServer: string; exportPrefix: string; mountPath: string };
  private context?: KernelGatewayContext;

  public constructor(scope: Construct, id: string, props: KernelSpecProps) {
    checkProps('KernelSpecProps', props);
    super(scope, id);
    // Whole-app checks (duplicate objects, overlapping selectors, nodePorts), once per app.
    addAppChecks(this);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(props.name)) {
      fail(
        'name',
        props.name,
        "must be a valid kernelspec directory name: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. 'python_kubernetes')",
      );
    }
    this.name = props.name;
    this.namespace = Namespace.of(this);
    this.configMapName = `kernelspec-${props.name.toLowerCase().replace(/[._]/g, '-').replace(/-+$/, '')}`;
    this.launcherPath = `${KERNEL_LAUNCHERS_DIR}/${props.name}/launch_kubernetes.py`;
    this.homeStorage = props.homeStorage;
    const image = checkPinnedImage('image', props.image ?? GATEWAY.kernelPy);
    const env = launcherEnv(props);
    this.template = { ...podSettings(props, image), readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true };
    this.homeMount = homeMount(props);
    this.kernelJson = renderKernelJson({
      displayName: props.displayName ?? props.name,
      language: props.language ?? KernelLanguage.PYTHON,
      image,
      debugger: props.debugger ?? true,
      env,
      launcher: this.launcherPath,
    });
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: objectMeta(this, this.configMapName, { app: 'enterprise-gateway', component: 'kernelspec' }),
      data: Lazy.any({
        produce: () => ({
          'kernel.json': this.kernelJson,
          ...(this.context ? { 'kernel-pod.yaml.j2': this.podTemplate } : {}),
        }),
      }),
    });
  }

  /** The kernel pod template, once a gateway runs this spec (`undefined` before). */
  public get podTemplate(): string | undefined {
    const ctx = this.context;
    if (!ctx) return undefined;
    const home = this.homeMount;
    return renderKernelPodTemplate({
      ...this.template,
      namespace: ctx.kernelNamespace,
      serviceAccountName: ctx.serviceAccountName,
      automountServiceAccountToken: ctx.automountServiceAccountToken,
      home: home && {
        ...(ctx.homeClaimName !== undefined ? { claimName: ctx.homeClaimName } : { nfsServer: home.nfsServer }),
        exportPrefix: home.exportPrefix,
        mountPath: home.mountPath,
        pathVariable: KERNEL_HOME_ENV,
      },
      scratchDirs: home ? ['/tmp'] : ['/tmp', '/home/jovyan'],
    });
  }

  /**
   * Tells the spec where its gateway runs kernels (called by the gateway that offers it).
   * @internal
   */
  public _attachToGateway(ctx: KernelGatewayContext): void {
    this.context = ctx;
  }
}

/** The pod settings of the template that come from the props. */
function podSettings(props: KernelSpecProps, image: string) {
  const uid = checkPositiveInt('uid', props.uid ?? GATEWAY.uid);
  const gid = checkPositiveInt('gid', props.gid ?? GATEWAY.gid);
  const cpuRequest = props.cpuRequest && checkCpu('cpuRequest', props.cpuRequest.amount);
  const cpuLimit = props.cpuLimit && checkCpu('cpuLimit', props.cpuLimit.amount);
  if (cpuLimit !== undefined && cpuRequest !== undefined && cpuLimit < cpuRequest) {
    fail('cpuLimit', props.cpuLimit?.amount, `must be at least 'cpuRequest' (${props.cpuRequest?.amount})`);
  }
  const memoryRequest = props.memoryRequest && checkSize('memoryRequest', props.memoryRequest);
  const memoryLimit = props.memoryLimit && checkSize('memoryLimit', props.memoryLimit);
  if (memoryLimit && memoryRequest && memoryLimit.toKibibytes() < memoryRequest.toKibibytes()) {
    fail('memoryLimit', sizeQuantity(memoryLimit), `must be at least 'memoryRequest' (${sizeQuantity(memoryRequest)})`);
  }
  return {
    uid,
    gid,
    fsGroup: gid,
    image,
    cpuRequest: props.cpuRequest?.amount,
    cpuLimit: props.cpuLimit?.amount,
    memoryRequest: memoryRequest && sizeQuantity(memoryRequest),
    memoryLimit: memoryLimit && sizeQuantity(memoryLimit),
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
function homeMount(props: KernelSpecProps): { nfsServer: string; exportPrefix: string; mountPath: string } | undefined {
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
    nfsServer: storage.server,
    exportPrefix: storage.path,
    mountPath: checkAbsolutePath('homeMountPath', props.homeMountPath ?? '/home/jovyan'),
  };
}
