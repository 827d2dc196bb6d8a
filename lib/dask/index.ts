/** Dask Gateway and its cluster options. */
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
