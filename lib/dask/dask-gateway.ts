import { Construct } from 'constructs';
import { createApiServer } from './dask-api-server';
import { createController } from './dask-controller';
import { createDashboardAuth, createDashboardAuthHubService } from './dask-dashboard-auth';
import { renderDaskGatewayConfig } from './dask-gateway-config';
import { createGatewayConfigMap } from './dask-gateway-config-map';
import { createGatewayHubService, gatewayHubConfig } from './dask-gateway-hub-service';
import {
  DaskGatewayModel,
  DaskGatewaySettings,
  resolveDaskGatewayModel,
  resolveDaskGatewaySettings,
} from './dask-gateway-model';
import { createGatewayNetworkPolicies } from './dask-gateway-network-policies';
import type { DaskGatewayProps } from './dask-gateway-props';
import { createGatewayRbac } from './dask-gateway-rbac';
import { createTokenMirror } from './dask-token-mirror';
import { createTraefik } from './dask-traefik';
import { HubBinding } from '../hub/hub-binding';
import type { HubIntegrationConfig, IHub, IHubIntegration } from '../hub/hub-integration';
import type { HubService } from '../hub/hub-service';
import { largestCluster } from './dask-cluster-size';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { fail } from '../core/validate';
import { Namespace } from '../core/namespace';
import type { IRuntimePodSource, RuntimePods } from '../core/runtime-pods';

/** The construct the gateway's hub service is made under, beside the hub (in the hub's namespace). */
function hubScope(hub: IHub): Construct {
  const scope = hub.node.scope;
  if (!(scope instanceof Construct) || Namespace.of(scope) !== hub.namespace) {
    return fail(
      'hub',
      hub.node.path,
      "must be created in a scope of the hub's namespace for a DaskGateway in a namespace of its own",
    );
  }
  return scope;
}

/**
 * One of the gateway's hub services, in the hub's namespace: beside the hub for a gateway in a
 * namespace of its own (its token is mirrored), else under the gateway.
 */
function createHubService(
  hub: IHub,
  gateway: Construct,
  model: DaskGatewayModel,
  create: (scope: Construct, id: string, model: DaskGatewayModel) => HubService,
  id: string,
): HubService {
  return model.ownNamespace
    ? create(hubScope(hub), `DaskGateway${id}-${model.names.name}`, model)
    : create(gateway, id, model);
}

/**
 * The user's token Secret is neither the dashboard auth service's (which the library generates)
 * nor the hub's own (the mirror would get a right on it, and copy a key of it out of the hub's namespace).
 */
function checkTokenSecret(model: DaskGatewayModel, hub: IHub, authService: HubService): void {
  const name = model.apiTokenSecret?.name;
  if (name === authService.tokenSecretName || name === hub.secretName) {
    fail(
      'apiTokenSecret.name',
      name,
      `is the Secret of ${name === hub.secretName ? "the hub's own keys" : "the dashboard auth service's token, which the gateway generates"}: name a Secret of your own, holding only the gateway's token`,
    );
  }
}

/** The two hub services' contributions as one. */
function mergeServiceConfigs(a: HubIntegrationConfig, b: HubIntegrationConfig): HubIntegrationConfig {
  return {
    ...a,
    services: [...(a.services ?? []), ...(b.services ?? [])],
    hubSecretEnv: { ...a.hubSecretEnv, ...b.hubSecretEnv },
    generatedSecrets: [...(a.generatedSecrets ?? []), ...(b.generatedSecrets ?? [])],
  };
}

/** What a gateway is once it is added to its hub. */
interface BoundGateway {
  readonly model: DaskGatewayModel;
  readonly hub: IHub;
  readonly hubService: HubService;
  readonly dashboardAuthService: HubService;
  readonly config: string;
}

/**
 * Dask Gateway 2026.3.0 for a {@link Hub}'s users: the API server, the controller and the Traefik
 * proxy (each with its ServiceAccount and exactly the API rights its code uses), a generated
 * `dask_gateway_config.py`, a {@link HubService} `dask-gateway`, the Traefik route and middlewares
 * for the API under `/services/dask-gateway`, NetworkPolicies derived from the hub, and the users'
 * servers wired to it (`DASK_GATEWAY__*`, the dashboard link, the JupyterLab extension's cluster
 * factory). Give it to the hub (`hub.addIntegration(gateway)`): its objects are made then. The
 * DaskCluster and Traefik CRDs come from {@link DaskGatewayCrds}, applied first.
 *
 * Create it in a namespace of its own (as `DaskhubChart` does, in `dhub-dask`): the gateway and its
 * clusters run there, the API server's and Traefik's rights on Secrets (which their code needs:
 * each cluster's credentials; Traefik's provider watches Secrets) stay there, and the only thing
 * of the hub's namespace they get is a copy of the gateway's hub service token, made and mirrored
 * by a Job in the hub's namespace (`<name>-token-mirror`). In the hub's namespace (still accepted)
 * those rights cover the hub's Secrets too.
 *
 * Clusters of different users share the namespace and the two cluster NetworkPolicies (a static
 * policy cannot tell clusters apart: the controller sets the cluster label at run time); their
 * comm ports are protected by Dask Gateway's per-cluster TLS, and the dashboard port 8787 admits
 * Traefik only. Dask Gateway 2026.3.0 has no per-user limits (only the per-cluster
 * `clusterMaxCores`, `clusterMaxMemory`, `clusterMaxWorkers`): a user may start several clusters.
 *
 * @example
 * hub.addIntegration(new DaskGateway(ns, 'dask', { clusterOptions: [DaskClusterOption.workerCores(), DaskClusterOption.workerMemory()] }));
 */
export class DaskGateway extends Construct implements IHubIntegration, IRuntimePodSource {
  private readonly binding: HubBinding;
  private readonly settings: DaskGatewaySettings;
  private bound?: BoundGateway;

  public constructor(scope: Construct, id: string, props: DaskGatewayProps = {}) {
    checkProps('DaskGatewayProps', props);
    super(scope, id);
    addAppChecks(this);
    this.binding = new HubBinding(this, 'DaskGateway');
    this.settings = resolveDaskGatewaySettings(props);
  }

  /** Name of the gateway (its instance id); known once the gateway is added to a hub. */
  public get name(): string {
    return this.parts().model.names.name;
  }

  /** Namespace of the gateway and its clusters (its own, or the hub's); known once the gateway is added to a hub. */
  public get namespace(): string {
    return this.parts().model.namespace;
  }

  /** The gateway as a hub service (its token, its route `/services/<name>/`); made when the gateway is added to a hub, and bound to it with the gateway. */
  public get hubService(): HubService {
    return this.parts().hubService;
  }

  /** Address of the gateway for the users' servers (`DASK_GATEWAY__ADDRESS`), through Traefik; known once the gateway is added to a hub. */
  public get address(): string {
    return this.parts().model.address;
  }

  /** The dashboard auth service (`<serviceName>-dashboards`): Traefik asks it whether a request's user owns the cluster whose dashboard it is for; made when the gateway is added to a hub. */
  public get dashboardAuthService(): HubService {
    return this.parts().dashboardAuthService;
  }

  /** The generated `dask_gateway_config.py`; made when the gateway is added to a hub. */
  public get config(): string {
    return this.parts().config;
  }

  /**
   * Creates the gateway in its namespace, with its hub service (beside the hub); returns what the users'
   * servers get (the gateway's addresses, the dashboard link and the labextension's factory),
   * their way to Traefik (and the proxy's), and the hub service's registration.
   */
  public bindToHub(hub: IHub): HubIntegrationConfig {
    checkProps('DaskGateway#bindToHub', { hub });
    this.binding.bind(hub);
    const model = resolveDaskGatewayModel(this.settings, hub, Namespace.of(this));
    // The gateway's own hub service, bound through the gateway (adding it to a hub again is refused).
    // It belongs to the hub's namespace, where its token is made: in a namespace of its own, the
    // gateway makes it beside the hub, and mirrors its token.
    const hubService = createHubService(hub, this, model, createGatewayHubService, 'HubService');
    const authService = createHubService(hub, this, model, createDashboardAuthHubService, 'DashboardAuthHubService');
    const hubServiceConfig = mergeServiceConfigs(hubService.bindToHub(hub), authService.bindToHub(hub));
    const serviceConfig = model.ownNamespace ? { ...hubServiceConfig, generatedSecrets: undefined } : hubServiceConfig;
    checkTokenSecret(model, hub, authService);
    if (model.ownNamespace) {
      createTokenMirror(
        this,
        model,
        [hubService, authService].map((s) => ({
          secretName: s.tokenSecretName,
          key: s.tokenKey,
          provided: s.tokenSecretProvided,
        })),
      );
    }
    const config = renderDaskGatewayConfig(model.config);
    this.bound = { model, hub, hubService, dashboardAuthService: authService, config };
    createGatewayConfigMap(this, model, config);
    createGatewayRbac(this, model);
    createApiServer(this, model, config, hubService.apiTokenRef);
    createController(this, model, config);
    createTraefik(this, model);
    createDashboardAuth(this, model, authService);
    if (model.networkPolicy) createGatewayNetworkPolicies(this, model);
    return gatewayHubConfig(model, hubService, serviceConfig);
  }

  /**
   * The clusters, for a {@link NamespaceQuota} of the hub's namespace: `quotaClusters` of them
   * (by default the hub's `activeServerLimit`), each a scheduler and its most workers at the
   * largest choice of the cluster options. None before the gateway is added to a hub, and none
   * for another namespace.
   * @param namespace the quota's namespace
   * @throws if nothing bounds a cluster's workers, or nothing the number of clusters.
   */
  public runtimePods(namespace?: string): RuntimePods[] {
    const bound = this.bound;
    if (bound === undefined || namespace !== bound.model.namespace) return [];
    const count = bound.model.quotaClusters ?? bound.hub.activeServerLimit;
    if (count === 0)
      fail(
        'quotaClusters',
        undefined,
        "must be set when a NamespaceQuota covers the gateway's namespace and the hub has no activeServerLimit: the quota admits that many clusters at their largest",
      );
    const cluster = largestCluster(bound.model);
    return [
      {
        description: `Dask clusters of gateway '${this.node.path}'`,
        namespace: bound.model.namespace,
        count,
        largestPod: cluster.pod,
        largestGroup: cluster.group,
        podsPerGroup: cluster.pods,
      },
    ];
  }

  private parts(): BoundGateway {
    if (this.bound === undefined) return this.binding.hub as never; // throws: not added to a hub yet
    return this.bound;
  }
}
