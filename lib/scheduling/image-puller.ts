import { Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { IHub } from '../hub/hub-integration';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { objectMeta, resources, restrictedContainer, restrictedPod, selectorLabels } from '../core/k8s';
import { checkHubNamespace, denyAllPolicy, NOBODY, SCHEDULING_IMAGES, userPlacement } from './scheduling';
import { checkPinnedImage, fail, isPinnedImage } from '../core/validate';

/** Props of {@link ImagePuller}. */
export interface ImagePullerProps {
  /** The hub whose users' images are pulled (its server image, its profiles' and choices' images, its init and extra containers'). */
  readonly hub: IHub;

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
}

/**
 * A continuous image pre-puller: a DaemonSet whose pods pull the hub's user images on every
 * node user servers can run on (the users' node selector, affinity and tolerations), so a server
 * on a new node starts without waiting for a multi-gigabyte pull. Each image is an init
 * container that runs `/bin/sh -c 'echo "Pulling complete"'` (the image needs a shell) as
 * nobody; then a `pause` container keeps the pod, and with it the images, on the node.
 *
 * Unlike Zero to JupyterHub's pre-puller this is a plain DaemonSet: no Helm hook that holds an
 * upgrade until every node has pulled (z2jh #726, #735, #2099), nothing that can hang an apply.
 * It pulls only pinned images: a moving tag (`singleUser.allowUnpinnedImage`) is left out, since
 * a pulled `:latest` is stale the moment it is pushed again, and the server pulls it anyway
 * (`imagePullPolicy: Always`).
 *
 * @example
 * new ImagePuller(chart, 'puller', { hub });
 */
export class ImagePuller extends Construct {
  /** The images pulled on each node. */
  public readonly images: string[];
  /** The DaemonSet. */
  public readonly daemonSet: k8s.KubeDaemonSet;

  private readonly hub: IHub;

  public constructor(scope: Construct, id: string, props: ImagePullerProps) {
    checkProps('ImagePullerProps', props);
    super(scope, id);
    addAppChecks(this);
    this.hub = props.hub;
    checkHubNamespace(this, this.hub, 'image puller');
    const extra = (props.extraImages ?? []).map((i) => checkPinnedImage('extraImages', i));
    this.images = [...new Set([...this.hub.userPods().images.filter(isPinnedImage), ...extra])];
    if (this.images.length === 0) {
      fail(
        'hub',
        this.hub.node.path,
        "has no pinned image to pull (an unpinned 'singleUser.image' is never pre-pulled): pin the image, or list images in 'extraImages'",
      );
    }
    const name = `${this.hub.namePrefix}continuous-image-puller`;
    const labels = selectorLabels(this.hub.release, 'continuous-image-puller');
    this.daemonSet = this.createDaemonSet(name, labels, props.resources);
    denyAllPolicy(this, name, labels);
  }

  private createDaemonSet(
    name: string,
    labels: { [key: string]: string },
    given?: kplus.ContainerResources,
  ): k8s.KubeDaemonSet {
    const hub = this.hub;
    const res = resources('resources', given, {
      cpuRequest: '10m',
      cpuLimit: '100m',
      memoryRequest: Size.mebibytes(16),
      memoryLimit: Size.mebibytes(64),
    });
    const security = restrictedContainer(NOBODY, NOBODY, true);
    const pullSecrets = hub.userPods().imagePullSecrets;
    return new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: objectMeta(this, name, labels),
      spec: {
        selector: { matchLabels: labels },
        // Every node pulls at once on a change: nothing waits for the pullers.
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('100%') },
        },
        template: {
          metadata: { labels },
          spec: {
            ...userPlacement(hub),
            // The users' priority (with user placeholders): a puller fits on a node full of placeholders.
            priorityClassName: Lazy.any({ produce: () => hub.userPods().priorityClassName }) as unknown as string,
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
                image: SCHEDULING_IMAGES.pause,
                imagePullPolicy: 'IfNotPresent',
                resources: res,
                securityContext: security,
              },
            ],
          },
        },
      },
    });
  }
}
