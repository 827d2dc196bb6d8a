import { Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { IHub } from '../hub/hub-integration';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { clusterMeta, clusterScoped, objectMeta, resources, restrictedPod } from '../core/k8s';
import type { IPrePullSource } from '../core/pre-pull';
import type { WorkloadOptions } from '../core/workload-options';
import { clusterName, denyAllPolicy } from './scheduling';
import { fail, isPinnedImage } from '../core/validate';
import type { ContainerSecurityOptions } from '../core/container-security';
import { withWorkload } from './scheduling-options';
import { ImagePullerModel, resolveImagePuller } from './image-puller-model';
import { hubTarget, PullTarget, sourceTarget } from './image-pull-targets';

/** Props of {@link ImagePuller}. Give `hub` or `source`. */
export interface ImagePullerProps {
  /**
   * The hub whose users' images are pulled (its server image, its profiles' and choices' images,
   * its init and extra containers'), on the users' nodes.
   * @default - give `source` instead
   */
  readonly hub?: IHub;

  /**
   * Other pods whose images are pulled on the nodes they may run on, e.g. an `EnterpriseGateway`
   * (its kernel specs' images, where kernel pods run). Create the puller in the source's
   * namespace, after the source has all its images (a kernel spec added later is an error).
   * @default - give `hub` instead
   */
  readonly source?: IPrePullSource;

  /**
   * More images to pull on every user node, each pinned to a tag or digest (an unpinned one is an error).
   * @default - none
   */
  readonly extraImages?: string[];

  /**
   * Resources of each pulling container and of the pause container.
   * @default - requests 10m CPU and 16Mi memory; limits 100m CPU and 64Mi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Options of the puller's pods: labels, annotations (e.g. `sidecar.istio.io/inject: 'false'`),
   * node selector and tolerations (added to the pulled-for pods' placement, e.g. a toleration of
   * a GPU pool's taint), image pull secrets (the pulled images' registries) and policy, the
   * revisions kept, a priority class. Not `serviceAccountAnnotations` (the puller writes no
   * ServiceAccount) nor `extraEnv`.
   * @default - none
   */
  readonly workload?: WorkloadOptions;

  /**
   * An existing ServiceAccount the puller's pods run as (user-provided; e.g. one whose
   * `imagePullSecrets` the pods inherit). Its token is still not mounted.
   * @default - the namespace's `default` ServiceAccount, without its token
   */
  readonly serviceAccountName?: string;

  /**
   * Annotations of the DaemonSet itself (not of its pods: those are `workload.podAnnotations`).
   * @default - none
   */
  readonly daemonSetAnnotations?: { readonly [key: string]: string };

  /**
   * The image of the container that keeps each pod (and with it the images) on its node, pinned
   * (e.g. a mirror of `pause`). It must run as a non-root user with a read-only root and do nothing.
   * @default 'registry.k8s.io/pause:3.10.2'
   */
  readonly pauseImage?: string;

  /**
   * The user and group the pulling and pause containers run as (the rest stays restricted).
   * @default - nobody (65534:65534)
   */
  readonly containerSecurity?: ContainerSecurityOptions;

  /**
   * A PriorityClass of the puller's own with this value, `<namespace>-<release>-image-puller-priority`
   * (Zero to JupyterHub's `imagePullerPriority`, -5 there): below the users', so a user server
   * preempts a puller; above the placeholders', so a puller fits on a node full of them. Only
   * with `hub`.
   * @default - the priority class of the users' pods (with UserPlaceholders), else none
   */
  readonly priority?: number;
}

/**
 * A continuous image pre-puller: a DaemonSet whose pods pull the hub's user images on every
 * node user servers can run on (the users' node selector, affinity and tolerations), so a server
 * on a new node starts without waiting for a multi-gigabyte pull; or, given a `source` instead
 * of a hub, the images of that source's pods on their nodes (a gateway's kernel images, so the
 * first kernel on a node does not time out). Each image is an init
 * container that runs `/bin/sh -c 'echo "Pulling complete"'` (the image needs a shell) as
 * nobody; then a `pause` container keeps the pod, and with it the images, on the node.
 *
 * Unlike Zero to JupyterHub's pre-puller this is a plain DaemonSet: no Helm hook that holds an
 * upgrade until every node has pulled (z2jh #726, #735, #2099), nothing that can hang an apply.
 * It pulls only pinned images: a moving tag (`singleUser.allowUnpinnedImage`) is left out, since
 * a pulled `:latest` is stale the moment it is pushed again, and the server pulls it anyway
 * (`imagePullPolicy: Always`). Nothing in it runs as root, mounts a host path, or
 * reaches the network or the Kubernetes API.
 *
 * @example
 * new ImagePuller(chart, 'puller', { hub });
 * new ImagePuller(gatewayNamespace, 'kernel-puller', { source: gateway });
 */
export class ImagePuller extends Construct {
  /** The images pulled on each node. */
  public readonly images: string[];
  /** The DaemonSet. */
  public readonly daemonSet: k8s.KubeDaemonSet;

  private readonly target: PullTarget;

  public constructor(scope: Construct, id: string, props: ImagePullerProps) {
    checkProps('ImagePullerProps', props);
    super(scope, id);
    addAppChecks(this);
    this.target = pullTarget(this, props);
    const model = resolveImagePuller(props);
    this.images = [...new Set([...this.target.images().filter(isPinnedImage), ...model.extraImages])];
    if (this.images.length === 0) fail(this.target.prop, this.target.path, this.target.nothingToPull);
    const priorityClass = props.hub && model.priority !== undefined ? this.priorityClass(props.hub, model) : undefined;
    this.daemonSet = this.createDaemonSet(model, priorityClass);
    denyAllPolicy(this, this.target.name, this.target.labels);
    this.node.addValidation({ validate: () => this.missedImages() });
  }

  /** Images the source gained after the puller was created (a kernel spec added later). */
  private missedImages(): string[] {
    const missed = this.target.images().filter((i) => isPinnedImage(i) && !this.images.includes(i));
    if (missed.length === 0) return [];
    return [
      `ImagePuller '${this.node.path}' does not pull ${JSON.stringify([...new Set(missed)])}, which its ${this.target.prop} '${this.target.path}' has now: create the puller after the ${this.target.prop} has all its images, or list them in 'extraImages'`,
    ];
  }

  /** The puller's own PriorityClass (`priority`), named after the hub like the placeholders'. */
  private priorityClass(hub: IHub, model: ImagePullerModel): string {
    const name = clusterName(hub, 'PriorityClass', 'image-puller-priority');
    clusterScoped(
      new k8s.KubePriorityClass(this, 'Priority', {
        metadata: {
          ...clusterMeta(name, this.target.labels),
          annotations: {
            'kubernetes.io/description':
              'Image pullers of this hub: below its user servers, above its user placeholders.',
          },
        },
        value: model.priority as number,
        globalDefault: false,
      }),
    );
    return name;
  }

  private createDaemonSet(model: ImagePullerModel, ownPriorityClass?: string): k8s.KubeDaemonSet {
    const { name, labels, placement, imagePullSecrets: pullSecrets } = this.target;
    const priorityClassName = ownPriorityClass ? () => ownPriorityClass : this.target.priorityClassName;
    const res = resources('resources', model.resources, {
      cpuRequest: '10m',
      cpuLimit: '100m',
      memoryRequest: Size.mebibytes(16),
      memoryLimit: Size.mebibytes(64),
    });
    const security = model.securityContext;
    const meta = objectMeta(this, name, labels);
    const annotations = model.daemonSetAnnotations;
    return new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: Object.keys(annotations).length > 0 ? { ...meta, annotations: { ...annotations } } : meta,
      spec: withWorkload(model.workload, {
        selector: { matchLabels: labels },
        // Every node pulls at once on a change: nothing waits for the pullers.
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('100%') },
        },
        template: {
          metadata: { labels },
          spec: {
            ...placement,
            // The pods' priority (the users', with user placeholders): a puller fits on a node full of placeholders.
            priorityClassName: Lazy.any({ produce: priorityClassName }) as unknown as string,
            ...(model.serviceAccountName ? { serviceAccountName: model.serviceAccountName } : {}),
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 0,
            securityContext: restrictedPod(),
            imagePullSecrets: pullSecrets.length > 0 ? pullSecrets : undefined,
            initContainers: this.images.map((image, i) => ({
              name: `image-pull-${i}`,
              image,
              imagePullPolicy: 'IfNotPresent',
              command: ['/bin/sh', '-c', 'echo "Pulling complete"'],
              resources: res,
              securityContext: security,
            })),
            containers: [
              {
                name: 'pause',
                image: model.pauseImage,
                imagePullPolicy: 'IfNotPresent',
                resources: res,
                securityContext: security,
              },
            ],
          },
        },
      }),
    });
  }
}

/** The hub's or the source's pods: exactly one of the two props. */
function pullTarget(scope: Construct, props: ImagePullerProps): PullTarget {
  if (props.hub !== undefined && props.source !== undefined)
    fail('source', props.source.node.path, "conflicts with 'hub': give one of them (one puller each)");
  if (props.hub !== undefined) return hubTarget(scope, props.hub);
  if (props.source !== undefined) return sourceTarget(scope, props.source);
  return fail(
    'source',
    undefined,
    "give 'hub' (to pull the hub's user images) or 'source' (e.g. an EnterpriseGateway, to pull its kernel images)",
  );
}
