/**
 * The gateway's controller: `dask-gateway-server kube-controller`, which turns DaskClusters into
 * scheduler and worker pods, one at a time.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CONFIG_PATH } from './dask-gateway-config-map';
import { createGatewayDeployment } from './dask-gateway-deployment';
import { DaskGatewayModel } from './dask-gateway-model';
import { DASK_PORTS, DASK_UID } from './dask-constants';

/** The controller's Deployment. */
export function createController(scope: Construct, model: DaskGatewayModel, config: string): void {
  // The controller's HTTP server has no routes: its probes check that it listens.
  const probe = (initialDelaySeconds: number, failureThreshold: number): k8s.Probe => ({
    tcpSocket: { port: k8s.IntOrString.fromString('api') },
    initialDelaySeconds,
    periodSeconds: 10,
    failureThreshold,
    timeoutSeconds: 2,
  });
  createGatewayDeployment(
    scope,
    model,
    'Controller',
    'controller',
    {
      name: 'controller',
      image: model.serverImage,
      args: ['dask-gateway-server', 'kube-controller', '--config', CONFIG_PATH],
      ports: [{ name: 'api', containerPort: DASK_PORTS.api, protocol: 'TCP' }],
      readinessProbe: probe(5, 3),
      livenessProbe: probe(10, 6),
    },
    { uid: DASK_UID, config, recreate: true, options: model.components.controller },
  );
}
