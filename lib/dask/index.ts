/** Dask Gateway and its cluster options. */
export { DaskGateway } from './dask-gateway';
export { DaskGatewayLogLevel } from './dask-gateway-props';
export type { DaskGatewayProps, DaskGatewayTokenSecret, DaskPodOptions } from './dask-gateway-props';
export type {
  DaskGatewayApiOptions,
  DaskGatewayControllerOptions,
  DaskGatewayTraefikOptions,
} from './dask-gateway-component-props';
export type { DaskGatewayTraits } from './dask-gateway-traits.generated';
export type {
  DaskGatewayServerTraits,
  DaskJupyterHubAuthenticatorTraits,
  KubeBackendTraits,
  KubeClusterConfigTraits,
  KubeControllerTraits,
} from './dask-gateway-server-traits.generated';
export { DaskClusterOption } from './dask-cluster-option';
export type {
  DaskEnvironmentOptions,
  DaskImageOptions,
  DaskWorkerCoresOptions,
  DaskWorkerMemoryOptions,
} from './dask-cluster-option';
export { DaskGatewayCrds } from './dask-gateway-crds';
export type { DaskGatewayCrdsProps } from './dask-gateway-crds';
