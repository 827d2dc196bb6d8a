/** The hub: its construct, props, database, secret, services and the integration interface. */
export { Hub } from './hub';
export type { HubFile, HubProps } from './hub-props';
export { HubDeploymentStrategy } from './hub-pod-props';
export type {
  HubContainer,
  HubContainerSecurityOptions,
  HubKubeServiceOptions,
  HubPodSecurityOptions,
  HubProbeOptions,
  HubServiceAccountOptions,
  HubServicePort,
  HubVolumeMount,
} from './hub-pod-props';
export { HubVolume } from './hub-volume';
export type { HubEmptyDirOptions, HubFilesVolumeOptions } from './hub-volume';
export type { HubTraits } from './hub-traits.generated';
export type { ConfigurableHttpProxyTraits, JupyterHubTraits } from './jupyterhub-traits.generated';
export { HubDatabase } from './hub-database';
export type { SqlitePvcOptions, ExternalDatabaseOptions } from './hub-database';
export { HubComponent } from './hub-integration';
export type {
  HubConnection,
  HubExposure,
  HubGeneratedSecret,
  HubIntegrationConfig,
  HubServiceSpec,
  IHub,
  IHubIntegration,
  SingleUserScheduling,
  UserPodsSpec,
} from './hub-integration';
export { HubSecret } from './hub-secret';
export type { ExistingHubSecretOptions, ZeroToJupyterHubSecretOptions } from './hub-secret';
export type { IdleCullerOptions } from './idle-culler';
export { HubScope, HubService } from './hub-service';
export type { HubServiceProps } from './hub-service';
export { IntegrationNetworkPolicy } from './integration-network-policy';
export type { IntegrationNetworkPolicyProps } from './integration-network-policy';
