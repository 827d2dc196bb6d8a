/** Kernels: NFS storage, kernel specs and Jupyter Enterprise Gateway. */
export { EnterpriseGateway } from './enterprise-gateway';
export { GatewayLogLevel, KernelNamespaces } from './enterprise-gateway-props';
export type { EnterpriseGatewayProps } from './enterprise-gateway-props';
export type { IEnterpriseGateway } from './enterprise-gateway-interface';
export type { ExternalEnterpriseGatewayOptions } from './external-enterprise-gateway';
export type { GatewayIngressOptions } from './gateway-ingress-props';
export { KernelImageFetcher } from './kernel-image-puller-props';
export type { KernelImagePullerOptions } from './kernel-image-puller-props';
export { KernelSpec } from './kernel-spec';
export { KernelLanguage } from './kernel-spec-props';
export type { KernelSpecProps } from './kernel-spec-props';
export { NfsStorage } from './nfs-storage';
export type { NfsStorageProps } from './nfs-storage-props';
