/** Shared building blocks: namespaces. */
export { Namespace } from './namespace';
export type { NamespaceProps } from './namespace';
export { PodSecurityLevel } from './pod-security';
export { ConfigTrait } from './config-trait';
export type { IPrePullSource, PrePullSpec } from './pre-pull';
