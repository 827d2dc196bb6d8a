/**
 * An ImagePuller's props (other than its hub or source), resolved: every value checked once, at
 * construction.
 * @internal
 */
import type * as kplus from 'cdk8s-plus-27';
import type { k8s } from 'cdk8s-plus-27';
import type { WorkloadModel, WorkloadOptions } from '../core/workload-options';
import { checkAnnotations, checkDnsSubdomain, checkPinnedImage, fail } from '../core/validate';
import { SCHEDULING_IMAGES } from './scheduling';
import type { ContainerSecurityOptions } from '../core/container-security';
import { containerSecurity, schedulingWorkload } from './scheduling-options';
import { priority } from './user-placeholders-model';

/** The props an ImagePuller resolves (ImagePullerProps). */
export interface ImagePullerInput {
  readonly hub?: unknown;
  readonly extraImages?: string[];
  readonly resources?: kplus.ContainerResources;
  readonly workload?: WorkloadOptions;
  readonly serviceAccountName?: string;
  readonly daemonSetAnnotations?: { readonly [key: string]: string };
  readonly pauseImage?: string;
  readonly containerSecurity?: ContainerSecurityOptions;
  readonly priority?: number;
}

export interface ImagePullerModel {
  readonly extraImages: string[];
  readonly resources?: kplus.ContainerResources;
  readonly workload: WorkloadModel;
  readonly serviceAccountName?: string;
  readonly daemonSetAnnotations: { readonly [key: string]: string };
  readonly pauseImage: string;
  readonly securityContext: k8s.SecurityContext;
  readonly priority?: number;
}

export function resolveImagePuller(props: ImagePullerInput): ImagePullerModel {
  const workload = schedulingWorkload(props.workload, true);
  const saAnnotations = Object.keys(workload.serviceAccountAnnotations);
  if (saAnnotations.length > 0)
    fail(
      'workload.serviceAccountAnnotations',
      saAnnotations,
      "the image puller writes no ServiceAccount (its pods mount no token): annotate one of yours and name it in 'serviceAccountName'",
    );
  const annotations = { ...(props.daemonSetAnnotations ?? {}) };
  checkAnnotations('daemonSetAnnotations', annotations);
  if (props.priority !== undefined) {
    priority('priority', props.priority);
    if (props.hub === undefined)
      fail(
        'priority',
        props.priority,
        "needs 'hub' (the PriorityClass is named after the hub): give a source's puller 'workload.priorityClassName' instead",
      );
    if (workload.priorityClassName !== undefined)
      fail('priority', props.priority, "conflicts with 'workload.priorityClassName': give one of them");
  }
  return {
    extraImages: (props.extraImages ?? []).map((i) => checkPinnedImage('extraImages', i)),
    resources: props.resources,
    workload,
    serviceAccountName:
      props.serviceAccountName === undefined
        ? undefined
        : checkDnsSubdomain('serviceAccountName', props.serviceAccountName),
    daemonSetAnnotations: annotations,
    pauseImage:
      props.pauseImage === undefined ? SCHEDULING_IMAGES.pause : checkPinnedImage('pauseImage', props.pauseImage),
    securityContext: containerSecurity('containerSecurity', props.containerSecurity),
    priority: props.priority,
  };
}
