import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { objectMeta } from '../core/k8s';
import { Namespace } from '../core/namespace';
import { quantityValue } from '../core/pod-footprint';
import type { PodResources } from '../core/runtime-pods';
import type { INfsStorage } from '../users/shared-home';
import { KERNEL_HOME_ENV } from './kernel-constants';
import { renderKernelPodTemplate } from './kernel-pod-template';
import type { KernelSpecProps } from './kernel-spec-props';
import { KernelSpecModel, resolveKernelSpecModel } from './kernel-spec-model';

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
  /** Image of the kernel pods. */
  public readonly image: string;
  /** Name of the ConfigMap holding kernel.json and the pod template. */
  public readonly configMapName: string;
  /** The storage mounted as the kernels' home, if any. */
  public readonly homeStorage?: INfsStorage;
  /** Namespace of the ConfigMap (the gateway's). */
  public readonly namespace?: string;
  /** Path of the launcher the gateway runs for this kernel (its directory holds the pod template). */
  public readonly launcherPath: string;

  private readonly model: KernelSpecModel;
  private context?: KernelGatewayContext;

  public constructor(scope: Construct, id: string, props: KernelSpecProps) {
    checkProps('KernelSpecProps', props);
    super(scope, id);
    // Whole-app checks (duplicate objects, overlapping selectors, nodePorts), once per app.
    addAppChecks(this);
    const model = resolveKernelSpecModel(props);
    this.model = model;
    this.name = model.name;
    this.namespace = Namespace.of(this);
    this.configMapName = model.configMapName;
    this.launcherPath = model.launcherPath;
    this.homeStorage = model.home?.storage;
    this.kernelJson = model.kernelJson;
    this.image = model.pod.image;
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
    const home = this.model.home;
    return renderKernelPodTemplate({
      ...this.model.pod,
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
   * Requests and limits of each kernel pod (its one container), as a namespace quota counts them.
   * @internal
   */
  public _podResources(): PodResources {
    const p = this.model.pod;
    const n = (q: string | undefined) => quantityValue(q)!;
    return {
      cpuRequestMillis: Math.ceil(n(p.cpuRequest) * 1000),
      cpuLimitMillis: Math.ceil(n(p.cpuLimit) * 1000),
      memoryRequestBytes: n(p.memoryRequest),
      memoryLimitBytes: n(p.memoryLimit),
    };
  }

  /**
   * Tells the spec where its gateway runs kernels (called by the gateway that offers it).
   * @internal
   */
  public _attachToGateway(ctx: KernelGatewayContext): void {
    this.context = ctx;
  }
}
