/**
 * The generated `dask_gateway_config.py` in the cluster: the ConfigMap that holds it, and where
 * the API server and the controller mount it.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DaskGatewayModel, gatewayLabels } from './dask-gateway-model';
import { objectMeta } from '../core/k8s';

/** Where the config is mounted. */
export const CONFIG_DIR = '/etc/dask-gateway';
/** The config's file name in the ConfigMap and in {@link CONFIG_DIR}. */
export const CONFIG_FILE = 'dask_gateway_config.py';
/** The `--config` argument of both processes. */
export const CONFIG_PATH = `${CONFIG_DIR}/${CONFIG_FILE}`;

/** The ConfigMap with the generated config (labelled as the API server's). */
export function createGatewayConfigMap(scope: Construct, model: DaskGatewayModel, config: string): void {
  new k8s.KubeConfigMap(scope, 'Config', {
    metadata: objectMeta(scope, model.names.config, gatewayLabels(model, 'api')),
    data: { [CONFIG_FILE]: config },
  });
}

/** The pod's volume of the config. */
export function configVolume(model: DaskGatewayModel): k8s.Volume {
  return { name: 'config', configMap: { name: model.names.config, defaultMode: 0o444 } };
}

/** The container's mount of the config, read-only. */
export function configMount(): k8s.VolumeMount {
  return { name: 'config', mountPath: CONFIG_DIR, readOnly: true };
}
