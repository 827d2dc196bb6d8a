/**
 * What the scheduling constructs (image pre-puller, user placeholders, user scheduler,
 * disruption budgets) share: the hub they serve must be in their namespace, cluster-scoped names
 * derived from the hub's namespace and release, the users' placement, a deny-all policy, and the
 * pinned images (the kube-scheduler by the cluster's version).
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { IHub } from '../hub/hub-integration';
import { Namespace } from '../core/namespace';
import { objectMeta } from '../core/k8s';
import { checkDnsLabel, checkDnsSubdomain, checkPinnedImage, fail } from '../core/validate';
import { checkKubernetesMinor, SUPPORTED_KUBERNETES } from '../core/kubernetes-version';

/**
 * The `pause` image of the placeholders and the pre-puller. Zero to JupyterHub 4.4.0 pins
 * `pause` 3.10.1 (jupyterhub/values.yaml:591 and :710); this library pins 3.10.2, the one
 * kubeadm 1.36 lists. (z2jh 4.4.0 pins kube-scheduler v1.30.14, values.yaml:559, whatever the
 * cluster; this library picks the scheduler by the cluster's version: {@link KUBE_SCHEDULER_IMAGES}.)
 */
export const SCHEDULING_IMAGES = {
  pause: 'registry.k8s.io/pause:3.10.2',
} as const;

/**
 * The kube-scheduler pinned for each Kubernetes minor the library supports (1.27 to 1.36): the
 * same minor as the API server, which Kubernetes' version skew policy allows (a kube-scheduler is
 * never newer than the API server, and at most one minor older). Each tag is a published patch
 * release of its minor (the last one of 1.27 to 1.30, which are out of support; a recent one of
 * the others): bump the patches here, never the minors.
 */
export const KUBE_SCHEDULER_IMAGES: { readonly [minor: number]: string } = {
  27: 'registry.k8s.io/kube-scheduler:v1.27.16',
  28: 'registry.k8s.io/kube-scheduler:v1.28.15',
  29: 'registry.k8s.io/kube-scheduler:v1.29.15',
  30: 'registry.k8s.io/kube-scheduler:v1.30.14',
  31: 'registry.k8s.io/kube-scheduler:v1.31.14',
  32: 'registry.k8s.io/kube-scheduler:v1.32.10',
  33: 'registry.k8s.io/kube-scheduler:v1.33.7',
  34: 'registry.k8s.io/kube-scheduler:v1.34.3',
  35: 'registry.k8s.io/kube-scheduler:v1.35.7',
  36: 'registry.k8s.io/kube-scheduler:v1.36.2',
};

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

/** A PodDisruptionBudget that lets one pod of the selected ones be evicted at a time (or the numbers given). */
export function disruptionBudget(
  scope: Construct,
  id: string,
  name: string,
  labels: { [key: string]: string },
  selector: { [key: string]: string },
  numbers: { maxUnavailable?: number; minAvailable?: number } = { maxUnavailable: 1 },
): k8s.KubePodDisruptionBudget {
  const n = (v?: number) => (v === undefined ? undefined : k8s.IntOrString.fromNumber(v));
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata: objectMeta(scope, name, labels),
    // maxUnavailable by default, not minAvailable: a minAvailable of 1 on a one-replica hub blocks every node drain.
    spec: {
      maxUnavailable: n(numbers.maxUnavailable),
      minAvailable: n(numbers.minAvailable),
      selector: { matchLabels: selector },
    },
  });
}

/**
 * The scheduler image: the given one (held to the skew policy against `kubernetesVersion` when
 * both are known), else the pinned kube-scheduler of the cluster's minor.
 */
export function schedulerImage(props: { readonly kubernetesVersion?: string; readonly image?: string }): string {
  const cluster =
    props.kubernetesVersion === undefined
      ? undefined
      : checkKubernetesMinor('kubernetesVersion', props.kubernetesVersion);
  if (props.image === undefined) return KUBE_SCHEDULER_IMAGES[cluster ?? SUPPORTED_KUBERNETES.oldest];
  const image = checkPinnedImage('image', props.image);
  const release = /(^|\/)kube-scheduler:v1\.(\d+)\.\d+(@sha256:[0-9a-f]{64})?$/.exec(image);
  if (release === null || cluster === undefined) return image;
  const minor = Number(release[2]);
  if (minor > cluster) {
    fail(
      'image',
      image,
      `is newer than 'kubernetesVersion' (1.${cluster}): a kube-scheduler must not be newer than the API server; use kube-scheduler 1.${cluster} or 1.${cluster - 1}`,
    );
  }
  if (minor < cluster - 1) {
    fail(
      'image',
      image,
      `is more than one minor older than 'kubernetesVersion' (1.${cluster}), which the version skew policy does not allow; use kube-scheduler 1.${cluster} or 1.${cluster - 1}`,
    );
  }
  return image;
}
