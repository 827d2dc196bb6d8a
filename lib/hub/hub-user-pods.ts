/**
 * The users' pods as other constructs copy them (`IHub.userPods()`): placement, images, pull
 * secrets, scheduler, priority and resources, converted from the hub model into `k8s` structs.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import type { HubContributions } from './hub-contributions';
import type { UserPodsSpec } from './hub-integration';
import type { SingleUserModel } from './hub-model';

function placement(su: SingleUserModel): Pick<UserPodsSpec, 'nodeSelector' | 'tolerations' | 'affinity'> {
  const x = su.extras;
  const required = x.nodeAffinityRequired as unknown as k8s.NodeSelectorTerm[];
  const preferred = x.nodeAffinityPreferred as unknown as k8s.PreferredSchedulingTerm[];
  const nodeAffinity: k8s.NodeAffinity = {
    requiredDuringSchedulingIgnoredDuringExecution: required.length > 0 ? { nodeSelectorTerms: required } : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: preferred.length > 0 ? preferred : undefined,
  };
  return {
    nodeSelector: Object.keys(su.nodeSelector).length > 0 ? { ...su.nodeSelector } : undefined,
    tolerations: x.tolerations.length > 0 ? (x.tolerations as unknown as k8s.Toleration[]) : undefined,
    affinity: required.length > 0 || preferred.length > 0 ? { nodeAffinity } : undefined,
  };
}

function userResources(su: SingleUserModel): k8s.ResourceRequirements {
  const requests: { [name: string]: k8s.Quantity } = { memory: k8s.Quantity.fromNumber(su.memGuaranteeBytes) };
  if (su.cpuGuarantee !== undefined) requests.cpu = k8s.Quantity.fromNumber(su.cpuGuarantee);
  const limits: { [name: string]: k8s.Quantity } = {};
  if (su.memLimitBytes !== undefined) limits.memory = k8s.Quantity.fromNumber(su.memLimitBytes);
  if (su.cpuLimit !== undefined) limits.cpu = k8s.Quantity.fromNumber(su.cpuLimit);
  for (const [resource, n] of Object.entries(su.extras.extraResourceLimits))
    limits[resource] = k8s.Quantity.fromString(n);
  return { requests, limits };
}

/** The users' pods, with the scheduler and priority the integrations set so far. */
export function userPodsSpec(su: SingleUserModel, contributions: HubContributions): UserPodsSpec {
  return {
    images: [...su.images],
    imagePullSecrets: su.extras.imagePullSecrets.map((name) => ({ name })),
    ...placement(su),
    schedulerName: contributions.schedulerName(),
    priorityClassName: contributions.priorityClassName(),
    resources: userResources(su),
  };
}
