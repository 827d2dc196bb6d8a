/** Shared building blocks: namespaces. */
export { Namespace } from './namespace';
export type { NamespaceProps } from './namespace';
export { PodSecurityLevel } from './pod-security';
export { ConfigTrait } from './config-trait';
export type { IPrePullSource, PrePullSpec } from './pre-pull';
export { NamespaceQuota } from './namespace-quota';
export type { NamespaceQuotaProps } from './namespace-quota';
export type { IRuntimePodSource, PodResources, RuntimePods } from './runtime-pods';
export { PullPolicy } from './workload-options';
export type { WorkloadOptions } from './workload-options';
export type { ProbeOptions } from './probe-options';
export type { ContainerSecurityOptions } from './container-security';
export { InterNamespaceAccessLabels, NetworkProtocol } from './network-policy-options';
export type {
  EgressAllowRules,
  NetworkPolicyOptions,
  NetworkPolicyPeerOptions,
  NetworkPolicyPortOptions,
  NetworkPolicyRuleOptions,
} from './network-policy-options';
