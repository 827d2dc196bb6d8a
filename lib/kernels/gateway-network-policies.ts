/**
 * The NetworkPolicies of the gateway (its API only from the hubs' gateway fronts, the response
 * port only from kernels) and of its kernels (only the gateway and DNS, plus the opt-ins).
 * @internal
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { API_SERVER_PORTS, CLOUD_METADATA_IP, PRIVATE_RANGES } from '../core/constants';
import { dnsEgress, objectMeta, tcpPorts } from '../core/k8s';
import type { EnterpriseGatewayModel, GatewayBindings } from './enterprise-gateway-model';
import { gatewayLabels, KERNEL_POD_LABELS } from './kernel-constants';

/** Pods with `labels` in `namespace`, as a NetworkPolicy peer of a policy in `fromNamespace`. */
export function namespacedPeer(
  labels: { readonly [key: string]: string },
  namespace: string,
  fromNamespace: string | undefined,
): k8s.NetworkPolicyPeer {
  return {
    podSelector: { matchLabels: { ...labels } },
    ...(fromNamespace === namespace
      ? {}
      : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } }),
  };
}

/** Kernel pods, as seen from `fromNamespace` (any namespace with per-kernel namespaces). */
function kernelPeer(model: EnterpriseGatewayModel, fromNamespace: string | undefined): k8s.NetworkPolicyPeer {
  const kernelNamespace = model.kernels.namespace;
  if (kernelNamespace === undefined)
    return { podSelector: { matchLabels: { ...KERNEL_POD_LABELS } }, namespaceSelector: {} };
  return namespacedPeer({ ...KERNEL_POD_LABELS }, kernelNamespace, fromNamespace);
}

/** The gateway's policy (`NetworkPolicy`) and, with a kernel namespace, the kernels' (`KernelNetworkPolicy`). */
export function createNetworkPolicies(
  scope: Construct,
  kernelScope: Construct,
  model: EnterpriseGatewayModel,
  bindings: GatewayBindings,
): void {
  new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: objectMeta(scope, model.name, model.podLabels),
    spec: Lazy.any({ produce: () => gatewayPolicySpec(model, bindings) }),
  });
  if (model.kernels.namespace !== undefined) createKernelNetworkPolicy(kernelScope, model, model.kernels.namespace);
}

function gatewayPolicySpec(model: EnterpriseGatewayModel, bindings: GatewayBindings): k8s.NetworkPolicySpec {
  const puller = model.kernelImagePuller
    ? [{ podSelector: { matchLabels: gatewayLabels(model.name, 'kernel-image-puller') } }]
    : [];
  return {
    podSelector: { matchLabels: { ...model.podLabels } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      // The API: the hubs' gateway fronts only (and the image puller, when it runs).
      {
        from: [...bindings.hubs.map((h) => namespacedPeer(h.frontPodLabels, h.namespace, model.namespace)), ...puller],
        ports: tcpPorts(model.port),
      },
      // Kernels report their connection info on the response port.
      { from: [kernelPeer(model, model.namespace)], ports: tcpPorts(model.responsePort) },
    ],
    egress: [
      // Kernels listen on ports of their own choosing.
      { to: [kernelPeer(model, model.namespace)] },
      dnsEgress(),
      // The Kubernetes API (kernel pods); its address is outside any pod selector.
      { ports: tcpPorts(...API_SERVER_PORTS) },
    ],
  };
}

function createKernelNetworkPolicy(scope: Construct, model: EnterpriseGatewayModel, kernelNamespace: string): void {
  const internet: k8s.NetworkPolicyEgressRule[] = model.kernels.internetAccess
    ? [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE_RANGES, `${CLOUD_METADATA_IP}/32`] } }] }]
    : [];
  const gateway = () => namespacedPeer(model.podLabels, model.namespace, kernelNamespace);
  new k8s.KubeNetworkPolicy(scope, 'KernelNetworkPolicy', {
    metadata: objectMeta(scope, `${model.name}-kernels`, { ...model.podLabels, component: 'kernel' }),
    spec: {
      podSelector: { matchLabels: { ...KERNEL_POD_LABELS } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [gateway()] }],
      egress: [
        { to: [gateway()], ports: tcpPorts(model.responsePort) },
        dnsEgress(),
        ...internet,
        ...model.kernels.egress,
      ],
    },
  });
}
