/**
 * What the scheduling constructs (image pre-puller, user placeholders, user scheduler,
 * disruption budgets) share: the hub they serve must be in their namespace, cluster-scoped names
 * derived from the hub's namespace and release, the users' placement, and a deny-all policy.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { IHub } from '../hub/hub-integration';
import { Namespace } from '../core/namespace';
import { objectMeta } from '../core/k8s';
import { checkDnsLabel, checkDnsSubdomain, fail } from '../core/validate';

/** Images this release of the library pins for the scheduling pieces (z2jh 4.4's). */
export const SCHEDULING_IMAGES = {
  pause: 'registry.k8s.io/pause:3.10.2',
  kubeScheduler: 'registry.k8s.io/kube-scheduler:v1.35.7',
} as const;

/** The user id the scheduling pods run as (nobody). */
export const NOBODY = 65534;

/** Fails unless `scope` is in the hub's namespace (their pods and the users' must share it). */
export function checkHubNamespace(scope: Construct, hub: IHub, what: string): void {
  const ns = Namespace.of(scope);
  if (ns !== hub.namespace) {
    fail(
      'hub',
      hub.node.path,
      `is in namespace '${hub.namespace}', the ${what} in '${ns}': create the ${what} in the hub's namespace (the same Namespace or chart)`,
    );
  }
}

/**
 * The name of a cluster-scoped object of a hub: `<namespace>-<release>-<suffix>`, so two hubs
 * (in two namespaces, or two releases of one) never share it. Needs the hub's namespace.
 */
export function clusterName(hub: IHub, what: string, suffix: string): string {
  if (hub.namespace === undefined) {
    fail(
      'hub',
      hub.node.path,
      `has no namespace, and the ${what} is cluster-scoped and named after it: give the chart a namespace or build the hub in a Namespace`,
    );
  }
  const name = `${hub.namespace}-${hub.release.toLowerCase()}-${suffix}`;
  try {
    checkDnsSubdomain('hub', name);
    checkDnsLabel('hub', name);
  } catch {
    fail(
      'hub',
      hub.node.path,
      `makes the ${what} name '${name}' (namespace-release-${suffix}), which is not a DNS-1123 label of at most 63 characters: use a shorter namespace or release`,
    );
  }
  return name;
}

/** Where user pods go, as a pod spec's fields (the placeholders and the pre-puller copy it). */
export function userPlacement(hub: IHub): Pick<k8s.PodSpec, 'nodeSelector' | 'tolerations' | 'affinity'> {
  const { nodeSelector, tolerations, affinity } = hub.userPods();
  return { nodeSelector, tolerations, affinity };
}

/** A NetworkPolicy that lets nothing in or out of the selected pods (they need no network). */
export function denyAllPolicy(
  scope: Construct,
  name: string,
  labels: { [key: string]: string },
  egress?: k8s.NetworkPolicyEgressRule[],
): k8s.KubeNetworkPolicy {
  return new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: objectMeta(scope, name, labels),
    spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress', 'Egress'], ...(egress ? { egress } : {}) },
  });
}

/** A PodDisruptionBudget that lets one pod of the selected ones be evicted at a time. */
export function disruptionBudget(
  scope: Construct,
  id: string,
  name: string,
  labels: { [key: string]: string },
  selector: { [key: string]: string },
): k8s.KubePodDisruptionBudget {
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata: objectMeta(scope, name, labels),
    // maxUnavailable, not minAvailable: a minAvailable of 1 on a one-replica hub blocks every node drain.
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
  });
}
