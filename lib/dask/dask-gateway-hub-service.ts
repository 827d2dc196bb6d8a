/**
 * The gateway as a part of its hub: the {@link HubService} `dask-gateway` it owns (its route to
 * Traefik, user access, its token made in the cluster or the user's `apiTokenSecret`), and what the users' servers get (the
 * gateway's addresses, the dashboard link, the JupyterLab extension's cluster factory) with their
 * way to Traefik, and the proxy's.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DaskGatewayModel, gatewayLabels, namespacedPeer } from './dask-gateway-model';
import { DASK_PORTS } from './dask-constants';
import { HubComponent, HubIntegrationConfig } from '../hub/hub-integration';
import { HubService } from '../hub/hub-service';
import { tcpPorts } from '../core/k8s';

/** The gateway's hub service; the gateway binds it to its hub itself. */
export function createGatewayHubService(scope: Construct, id: string, model: DaskGatewayModel): HubService {
  const n = model.names;
  return new HubService(scope, id, {
    name: model.serviceName,
    url: `http://${n.traefikAddress}`,
    display: false,
    userAccess: true,
    description: `Dask Gateway: users' and servers' tokens may use it; the proxy routes it to Traefik ${n.traefik}`,
    // The user's Secret (`apiTokenSecret`), in the hub's namespace: nothing generates the token.
    ...(model.apiTokenSecret
      ? {
          tokenSecretName: model.apiTokenSecret.name,
          tokenSecretKey: model.apiTokenSecret.key,
          tokenSecretProvided: true,
        }
      : {}),
  });
}

/** The hub service's contribution and the gateway's, as one. */
export function gatewayHubConfig(
  model: DaskGatewayModel,
  service: HubService,
  serviceConfig: HubIntegrationConfig,
): HubIntegrationConfig {
  const toTraefik: k8s.NetworkPolicyEgressRule = {
    to: [namespacedPeer(gatewayLabels(model, 'traefik'), model.namespace, model.hubNamespace)],
    ports: tcpPorts(DASK_PORTS.traefikWeb),
  };
  // The schedulers' TLS on a port of its own (`traefik.tcpPort`): the Dask clients, in the users' servers.
  const toTcp: k8s.NetworkPolicyEgressRule[] =
    model.components.traefik.tcpPort === undefined ? [] : [{ ...toTraefik, ports: tcpPorts(DASK_PORTS.traefikTcp) }];
  return {
    ...serviceConfig,
    singleUserEnv: singleUserEnv(model, service),
    singleUserEgress: [toTraefik, ...toTcp],
    proxyEgress: [toTraefik],
    // The hub checks its service's URL (Traefik) at start and every 60 s: JupyterHub 5.5.0
    // `jupyterhub/app.py:3654-3660` (start_service) and `app.py:2967-2988` (check_services_health).
    // Traefik's NetworkPolicy admits the hub's pods for it.
    connections: [
      ...(serviceConfig.connections ?? []),
      {
        from: HubComponent.HUB,
        toPodLabels: gatewayLabels(model, 'traefik'),
        ...(model.ownNamespace ? { toNamespace: model.namespace } : {}),
        ports: [DASK_PORTS.traefikWeb],
      },
    ],
  };
}

/** The users' servers' settings of the gateway (KubeSpawner templates: a literal brace is written twice). */
function singleUserEnv(model: DaskGatewayModel, service: HubService): { [name: string]: string } {
  const baseUrl = model.hubBaseUrl;
  return {
    DASK_GATEWAY__ADDRESS: model.address,
    DASK_GATEWAY__PROXY_ADDRESS: `gateway://${model.names.traefikTcpAddress}`,
    DASK_GATEWAY__PUBLIC_ADDRESS: `${baseUrl}services/${service.name}/`,
    DASK_GATEWAY__AUTH__TYPE: 'jupyterhub',
    ...(model.imageOption ? { DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE: '{{JUPYTER_IMAGE_SPEC}}' } : {}),
    // `distributed.dashboard.link` (the original deployment's DASK_DISTRIBUTED__DASHBOARD_LINK is `distributed.dashboard-link`, which distributed never reads).
    DASK_DISTRIBUTED__DASHBOARD__LINK: `${baseUrl}user/{{JUPYTERHUB_USER}}/proxy/{{port}}/status`,
    DASK_LABEXTENSION__FACTORY__MODULE: 'dask_gateway',
    DASK_LABEXTENSION__FACTORY__CLASS: 'GatewayCluster',
  };
}
