/**
 * The proxy pod's NetworkPolicy: the public port(s) from anywhere, the API only from the hub,
 * egress to the hub, the user servers, DNS, and what the hub's integrations and the front door
 * ask for.
 * @internal
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HubComponent } from '../hub/hub-integration';
import { ACCESS_LABELS, PORTS } from '../core/constants';
import { objectMeta, podPeer, tcpPorts } from '../core/k8s';
import { accessLabelPeers, allowRulesEgress, openPortsIngress } from '../core/network-policy-options';
import type { ProxyParts } from './proxy-model';

function ingressRules(p: ProxyParts): k8s.NetworkPolicyIngressRule[] {
  const door = p.sidecar();
  const rules = p.model.networkPolicyRules;
  const ingress: k8s.NetworkPolicyIngressRule[] = [
    // The public port(s): from anywhere (users, load balancers, ingress controllers).
    { ports: tcpPorts(...(door?.publicContainerPorts ?? [PORTS.proxyHttp])) },
    {
      from: [
        podPeer(p.hub.podLabels(HubComponent.HUB)),
        ...accessLabelPeers(ACCESS_LABELS.proxyApi, rules.acceptOtherNamespaces),
      ],
      ports: tcpPorts(PORTS.proxyApi),
    },
  ];
  const extra = p.model.extraPorts;
  // proxy-public's extra ports: from anywhere, like the public port.
  if (extra.length > 0)
    ingress.push({
      ports: extra.map((x) => ({ port: k8s.IntOrString.fromNumber(x.targetPort), protocol: x.protocol })),
    });
  if (door) {
    // With nginx in front, CHP's own port is for pods that opt in (the proxy-http Service).
    ingress.push({
      from: accessLabelPeers(ACCESS_LABELS.proxyHttp, rules.acceptOtherNamespaces),
      ports: tcpPorts(PORTS.proxyHttp),
    });
  }
  return [...ingress, ...openPortsIngress(rules.allowedIngressPorts), ...rules.ingress, ...(door?.ingress ?? [])];
}

function egressRules(p: ProxyParts): k8s.NetworkPolicyEgressRule[] {
  return [
    { to: [podPeer(p.hub.podLabels(HubComponent.HUB))], ports: tcpPorts(PORTS.hub) },
    { to: [podPeer(p.hub.podLabels(HubComponent.SINGLE_USER))], ports: tcpPorts(PORTS.singleUser) },
    ...allowRulesEgress(p.model.networkPolicyRules.allow),
    ...p.model.networkPolicyRules.egress,
    // Hub services the proxy routes /services/<name>/ to (e.g. Dask Gateway's Traefik).
    ...p.hub.egressOf(HubComponent.PROXY),
    ...(p.sidecar()?.egress ?? []),
  ];
}

/** The policy; its rules are read when rendering (the front door and the hub's integrations add to them). */
export function createProxyNetworkPolicy(scope: Construct, p: ProxyParts): void {
  new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: objectMeta(scope, p.names.proxy, p.podLabels),
    spec: Lazy.any({
      produce: (): k8s.NetworkPolicySpec => ({
        podSelector: { matchLabels: p.podLabels },
        policyTypes: ['Ingress', 'Egress'],
        ingress: ingressRules(p),
        egress: egressRules(p),
      }),
    }),
  });
}
