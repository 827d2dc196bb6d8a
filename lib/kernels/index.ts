/** Kernels: NFS storage, kernel specs and Jupyter Enterprise Gateway. */
export { EnterpriseGateway, GatewayLogLevel, KernelNamespaces } from './enterprise-gateway';
export type {
  EnterpriseGatewayProps,
  ExternalEnterpriseGatewayOptions,
  IEnterpriseGateway,
} from './enterprise-gateway';
export { KernelLanguage, KernelSpec } from './kernel-spec';
export type { KernelSpecProps } from './kernel-spec';
export { NfsStorage } from './nfs-storage';
export type { NfsStorageProps } from './nfs-storage';
