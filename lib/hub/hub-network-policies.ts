/**
 * The hub's two NetworkPolicies: the hub pod's (reached by the proxy and the user servers; reaches
 * the proxy API, the user servers, DNS, the API server, its database and identity provider) and
 * the user servers' (reached by the proxy and the hub; reach the hub, DNS and the internet outside
 * private ranges). Integrations add egress through `HubContributions.egressOf`.
 * @internal
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { ACCESS_LABELS, API_SERVER_PORTS, COMPONENT, PORTS } from '../core/constants';
import { objectMeta, podPeer, selectorLabels, tcpPorts } from '../core/k8s';
import { accessLabelPeers, allowRulesEgress, openPortsIngress } from '../core/network-policy-options';
import { HubComponent } from './hub-integration';
import type { HubModel } from './hub-model';
import { fail } from '../core/validate';
import { EGRESS_PROFILE_LABEL } from '../users/profile-gates';
import type { EgressModel } from '../users/user-egress';

/** Egress rules the integrations add to one part of the hub, read when rendering. */
export type EgressOf = (component: HubComponent) => k8s.NetworkPolicyEgressRule[];

/**
 * The labels that select one part of a hub's pods. The user servers' `component` is the hub's
 * own (`<namePrefix>singleuser-server`, KubeSpawner's `component_label`), so that neither the
 * policies nor KubeSpawner's pod reflector of one hub select another's users in a shared namespace.
 */
export function hubPartLabels(model: HubModel, component: HubComponent): { [key: string]: string } {
  const value = component === HubComponent.SINGLE_USER ? model.names.singleUserComponent : component;
  return selectorLabels(model.release, value);
}

export function createHubNetworkPolicy(scope: Construct, model: HubModel, egressOf: EgressOf): void {
  const hubPods = selectorLabels(model.release, COMPONENT.hub);
  const proxyPods = selectorLabels(model.release, COMPONENT.proxy);
  const userPods = hubPartLabels(model, HubComponent.SINGLE_USER);
  const rules = model.networkPolicyRules;
  const egress: k8s.NetworkPolicyEgressRule[] = [
    { to: [podPeer(proxyPods)], ports: tcpPorts(PORTS.proxyApi) },
    { to: [podPeer(userPods)], ports: tcpPorts(PORTS.singleUser) },
    ...allowRulesEgress(rules.allow),
    // The Kubernetes API server (for KubeSpawner); its address is outside any pod selector.
    { ports: tcpPorts(...API_SERVER_PORTS) },
  ];
  if (model.database.port !== undefined) egress.push({ ports: tcpPorts(model.database.port) });
  // The identity provider of the authenticator (OAuth endpoints, the LDAP server).
  if (model.authenticator.egressPorts.length > 0) egress.push({ ports: tcpPorts(...model.authenticator.egressPorts) });
  egress.push(...rules.egress);
  new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: objectMeta(scope, model.names.hub, hubPods),
    spec: {
      podSelector: { matchLabels: hubPods },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            podPeer(proxyPods),
            podPeer(userPods),
            ...accessLabelPeers(ACCESS_LABELS.hub, rules.acceptOtherNamespaces),
          ],
          ports: tcpPorts(PORTS.hub),
        },
        ...openPortsIngress(rules.allowedIngressPorts),
        ...rules.ingress,
      ],
      egress: Lazy.any({ produce: () => [...egress, ...egressOf(HubComponent.HUB)] }),
    },
  });
}

/**
 * Egress of the user servers that follow `egress`: the hub, then the allow rules (DNS, the
 * internet outside private ranges when `internet`), the extra CIDRs and the extra rules. A
 * profile's `egress` replaces the users' `internet` and CIDRs; its pods keep the DNS and metadata
 * settings but not `privateIPs` or the free-form `networkPolicyRules.egress` (an exam profile
 * stays closed whatever the others may reach).
 */
function userEgress(model: HubModel, egress: EgressModel, profile: boolean): k8s.NetworkPolicyEgressRule[] {
  const hubPods = selectorLabels(model.release, COMPONENT.hub);
  const rules = model.singleUser.egress.rules;
  const allow = profile ? { ...rules.allow, nonPrivateIPs: egress.internet, privateIPs: false } : rules.allow;
  return [
    { to: [podPeer(hubPods)], ports: tcpPorts(PORTS.hub) },
    ...allowRulesEgress(allow),
    ...egress.allowedCidrs.map((cidr) => ({ to: [{ ipBlock: { cidr } }] })),
    ...(profile ? [] : rules.egress),
  ];
}

/**
 * The user servers' NetworkPolicy, and one per profile with egress of its own. NetworkPolicies
 * only add to each other, so each user pod is selected by exactly one of them: a profile's selects
 * its pods by {@link EGRESS_PROFILE_LABEL}, the single-user one every other user pod (`NotIn` the
 * profiles' slugs, so a pod without the label, or with any other value, keeps the hub's rules).
 */
export function createSingleUserNetworkPolicy(scope: Construct, model: HubModel, egressOf: EgressOf): void {
  const hubPods = selectorLabels(model.release, COMPONENT.hub);
  const userPods = hubPartLabels(model, HubComponent.SINGLE_USER);
  const rules = model.singleUser.egress.rules;
  const profiles = model.singleUser.profiles?.egress ?? [];
  const ingress: k8s.NetworkPolicyIngressRule[] = [
    {
      from: [
        podPeer(selectorLabels(model.release, COMPONENT.proxy)),
        podPeer(hubPods),
        ...accessLabelPeers(ACCESS_LABELS.singleUser, rules.acceptOtherNamespaces),
      ],
      ports: tcpPorts(PORTS.singleUser),
    },
    ...openPortsIngress(rules.allowedIngressPorts),
    ...rules.ingress,
  ];
  const policy = (id: string, name: string, selector: k8s.LabelSelector, egress: k8s.NetworkPolicyEgressRule[]) =>
    new k8s.KubeNetworkPolicy(scope, id, {
      metadata: objectMeta(scope, name, userPods),
      spec: {
        podSelector: selector,
        policyTypes: ['Ingress', 'Egress'],
        ingress,
        egress: Lazy.any({ produce: () => [...egress, ...egressOf(HubComponent.SINGLE_USER)] }),
      },
    });
  const others =
    profiles.length === 0
      ? {}
      : { matchExpressions: [{ key: EGRESS_PROFILE_LABEL, operator: 'NotIn', values: profiles.map((p) => p.slug) }] };
  policy(
    'SingleUserNetworkPolicy',
    model.names.singleUser,
    { matchLabels: userPods, ...others },
    userEgress(model, model.singleUser.egress, false),
  );
  const names = new Map<string, string>();
  for (const p of profiles) {
    const name = `${model.names.singleUser}-${p.slug.replace(/_/g, '-')}`;
    const other = names.get(name);
    if (other !== undefined)
      fail(
        `${p.prop}.slug`,
        p.slug,
        `names the same NetworkPolicy (${name}) as profile '${other}' ('_' becomes '-'): rename one`,
      );
    names.set(name, p.slug);
    policy(
      `SingleUserNetworkPolicy-${p.slug}`,
      name,
      { matchLabels: { ...userPods, [EGRESS_PROFILE_LABEL]: p.slug } },
      userEgress(model, p.egress, true),
    );
  }
}
