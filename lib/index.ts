export { Authenticator } from './authenticator';
export type {
  CustomAuthenticatorOptions,
  DummyAuthenticatorOptions,
  NativeAuthenticatorOptions,
} from './authenticator';
export type { AuthenticatorOptions } from './authenticator-options';
export { LdapTlsStrategy } from './ldap-authenticator';
export type { LdapAuthenticatorOptions, LdapLookupOptions } from './ldap-authenticator';
export type {
  AzureAdAuthenticatorOptions,
  GitHubAuthenticatorOptions,
  GoogleAuthenticatorOptions,
  OAuthAuthenticatorOptions,
  OpenIdConnectAuthenticatorOptions,
} from './oauth-authenticator';
export type { SharedPasswordAuthenticatorOptions } from './shared-password-authenticator';
export { Hub } from './hub';
export type { HubProps } from './hub-props';
export { HubDatabase } from './hub-database';
export type { SqlitePvcOptions, ExternalDatabaseOptions } from './hub-database';
export type {
  HubGeneratedSecret,
  HubIntegrationConfig,
  HubServiceSpec,
  IHub,
  IHubIntegration,
  INfsStorage,
  SharedHome,
  SingleUserScheduling,
} from './hub-integration';
export { HubSecret } from './hub-secret';
export type { ExistingHubSecretOptions } from './hub-secret';
export type { IdleCullerOptions } from './idle-culler';
export { IngressTls } from './ingress-tls';
export type { CertManagerTlsOptions } from './ingress-tls';
export { AcmeDirectory } from './acme';
export type { AcmeTlsOptions } from './acme';
export { NodePool, NodePurpose } from './node-pool';
export type { NodePoolOptions } from './node-pool';
export { NginxIngress, NginxIngressMode } from './nginx-ingress';
export type { NginxIngressOptions, NginxIngressProps } from './nginx-ingress';
export { ExternalTrafficPolicy, Proxy, ProxyLogLevel } from './proxy';
export type { ProxyFrontDoor, ProxyOptions, ProxyProps, ProxyPublicPort } from './proxy';
export { SingleUserServerApp, SingleUserStorage, UserVolume } from './single-user';
export type {
  DynamicStorageOptions,
  SharedStorageOptions,
  SingleUserOptions,
  UserContainer,
  UserEmptyDirOptions,
  UserFilesVolumeOptions,
  UserVolumeMountOptions,
} from './single-user';
export type {
  FreeFormImageChoice,
  ProfileChoice,
  ProfileOption,
  ProfileSettings,
  SingleUserProfile,
  UserNodePool,
} from './profile';
export { ImagePuller } from './image-puller';
export type { ImagePullerProps } from './image-puller';
export { UserPlaceholders } from './user-placeholders';
export type { UserPlaceholdersProps } from './user-placeholders';
export { UserScheduler } from './user-scheduler';
export type { UserSchedulerProps } from './user-scheduler';
export { HubDisruptionBudgets } from './disruption-budgets';
export type { HubDisruptionBudgetsProps } from './disruption-budgets';
export { EnterpriseGateway, GatewayLogLevel, KernelNamespaces } from './enterprise-gateway';
export type {
  EnterpriseGatewayProps,
  ExternalEnterpriseGatewayOptions,
  IEnterpriseGateway,
} from './enterprise-gateway';
export { KernelLanguage, KernelSpec } from './kernel-spec';
export type { KernelSpecProps } from './kernel-spec';
export { HubScope, HubService } from './hub-service';
export type { HubServiceProps } from './hub-service';
export { DaskGateway, DaskGatewayLogLevel } from './dask-gateway';
export type { DaskGatewayProps, DaskPodOptions } from './dask-gateway';
export { DaskClusterOption } from './dask-cluster-option';
export type {
  DaskEnvironmentOptions,
  DaskImageOptions,
  DaskWorkerCoresOptions,
  DaskWorkerMemoryOptions,
} from './dask-cluster-option';
export { DaskGatewayCrds } from './dask-gateway-crds';
export type { DaskGatewayCrdsProps } from './dask-gateway-crds';
export { Namespace } from './namespace';
export type { NamespaceProps } from './namespace';
export { NfsStorage } from './nfs-storage';
export type { NfsStorageProps } from './nfs-storage';
export { JupyterHub } from './jupyter-hub';
export type { JupyterHubProps } from './jupyter-hub';
export { MinikubeChart } from './charts/minikube-chart';
export type { MinikubeChartProps } from './charts/minikube-chart';
export { JegLabChart } from './charts/jeg-lab-chart';
export type { JegLabChartProps } from './charts/jeg-lab-chart';
export { DaskhubChart } from './charts/daskhub-chart';
export type { DaskhubChartProps } from './charts/daskhub-chart';
export { DaskhubCrdsChart } from './charts/daskhub-crds-chart';
export type { DaskhubCrdsChartProps } from './charts/daskhub-crds-chart';
export { GkeChart } from './charts/gke-chart';
export type { GkeChartProps } from './charts/gke-chart';
export { PackageValue, PackageValueFormat, PackageValueType } from './package-values';
export type {
  BooleanPackageValueOptions,
  IntegerPackageValueOptions,
  StringPackageValueOptions,
} from './package-values';
export { CarvelPackage } from './carvel-package';
export type { CarvelPackageProps } from './carvel-package';
export { ContourHttpProxy } from './contour-http-proxy';
export type { ContourHttpProxyProps } from './contour-http-proxy';
export { CarvelChart } from './charts/carvel-chart';
export type { CarvelChartProps } from './charts/carvel-chart';
export { synthesize } from './synthesize';
// Registers the classes props take with the runtime prop checker (instanceof tests).
import './internal/prop-classes.generated';
