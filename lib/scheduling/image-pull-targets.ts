/**
 * What an ImagePuller pulls for, from either of its two sources: a hub (its users' pods) or an
 * `IPrePullSource` (e.g. a gateway's kernels), resolved into one shape.
 * @internal
 */
import type { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { IHub } from '../hub/hub-integration';
import { selectorLabels } from '../core/k8s';
import { Namespace } from '../core/namespace';
import type { IPrePullSource } from '../core/pre-pull';
import { checkDnsLabel, checkLabelMap, fail } from '../core/validate';
import { checkHubNamespace, userPlacement } from './scheduling';

/** The pods a puller pulls for. */
export interface PullTarget {
  /** The prop that named them (`hub` or `source`), for errors. */
  readonly prop: string;
  /** Path of the hub or source, for errors. */
  readonly path: string;
  readonly name: string;
  readonly labels: { [key: string]: string };
  /** The pods' images (pinned or not), read now or again at synth. */
  readonly images: () => readonly string[];
  /** Why nothing may be pulled, and the fix, when no image is pinned. */
  readonly nothingToPull: string;
  readonly imagePullSecrets: k8s.LocalObjectReference[];
  readonly placement: Pick<k8s.PodSpec, 'nodeSelector' | 'tolerations' | 'affinity'>;
  /** Read when the DaemonSet is rendered (integrations may set a hub's users' priority later). */
  readonly priorityClassName: () => string | undefined;
}

/** The hub's users' pods, the puller in the hub's namespace. */
export function hubTarget(scope: Construct, hub: IHub): PullTarget {
  checkHubNamespace(scope, hub, 'image puller');
  return {
    prop: 'hub',
    path: hub.node.path,
    name: `${hub.namePrefix}continuous-image-puller`,
    labels: selectorLabels(hub.release, 'continuous-image-puller'),
    images: () => hub.userPods().images,
    nothingToPull:
      "has no pinned image to pull (an unpinned 'singleUser.image' is never pre-pulled): pin the image, or list images in 'extraImages'",
    imagePullSecrets: hub.userPods().imagePullSecrets,
    placement: userPlacement(hub),
    priorityClassName: () => hub.userPods().priorityClassName,
  };
}

/** The source's pods, the puller in the source's namespace. */
export function sourceTarget(scope: Construct, source: IPrePullSource): PullTarget {
  const ns = Namespace.of(scope);
  if (ns !== source.namespace) {
    fail(
      'source',
      source.node.path,
      `is in namespace '${source.namespace}', the image puller in '${ns}': create the image puller in the source's namespace (the same Namespace or chart)`,
    );
  }
  const spec = source.prePullSpec();
  checkLabelMap('source', spec.labels);
  return {
    prop: 'source',
    path: source.node.path,
    name: checkDnsLabel('source', spec.name),
    labels: { ...spec.labels },
    images: () => source.prePullSpec().images,
    nothingToPull:
      "has no pinned image to pull (e.g. a gateway whose kernelspecs come from a claim, unknown at synth time): list the images in 'extraImages'",
    imagePullSecrets: spec.imagePullSecrets ?? [],
    placement: { nodeSelector: spec.nodeSelector, tolerations: spec.tolerations, affinity: spec.affinity },
    priorityClassName: () => source.prePullSpec().priorityClassName,
  };
}
