/**
 * The NetworkPolicies of the gateway's pods and of the clusters' pods, derived from the hub: only
 * its users' servers, its proxy and the hub (checking its service) reach Traefik; the API server
 * reaches the hub's API; schedulers and workers talk among themselves (and workers to the
 * internet, unless that is turned off).
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { clusterPodLabels, DaskGatewayModel, gatewayLabels, hubPeer, namespacedPeer } from './dask-gateway-model';
import { COMPONENT_LABEL, DASK_PORTS } from './dask-constants';
import { DASHBOARD_AUTH_PORT } from './dask-dashboard-auth';
import { HubComponent } from '../hub/hub-integration';
import { API_SERVER_PORTS, CLOUD_METADATA_IP, PORTS, PRIVATE_RANGES } from '../core/constants';
import { dnsEgress, objectMeta, podPeer, tcpPorts } from '../core/k8s';

/** The pods the policies select and name as peers. */
interface Peers {
  readonly api: { [key: string]: string };
  readonly dashboardAuth: { [key: string]: string };
  readonly traefik: { [key: string]: string };
  readonly schedulers: { [key: string]: string };
  readonly workers: { [key: string]: string };
}

/** The Kubernetes API server, by its ports (its address is no pod's). */
const KUBE_API: k8s.NetworkPolicyEgressRule = { ports: tcpPorts(...API_SERVER_PORTS) };

/** A policy for each of the API server, controller, Traefik, the schedulers and the workers. */
export function createGatewayNetworkPolicies(scope: Construct, model: DaskGatewayModel): void {
  const peers: Peers = {
    api: gatewayLabels(model, 'api'),
    dashboardAuth: gatewayLabels(model, 'dashboardAuth'),
    traefik: gatewayLabels(model, 'traefik'),
    schedulers: clusterPodLabels(model, 'scheduler'),
    workers: clusterPodLabels(model, 'worker'),
  };
  const n = model.names;
  createApiPolicy(scope, model, peers);
  policy(scope, model, 'ControllerNetworkPolicy', n.controller, gatewayLabels(model, 'controller'), [], [KUBE_API]);
  createTraefikPolicy(scope, model, peers);
  createDashboardAuthPolicy(scope, model, peers);
  createClusterPolicies(scope, model, peers);
  if (model.ownNamespace) createHubIngressPolicy(scope, model);
}

/**
 * In a namespace of its own, the API server and the dashboard auth service are no pods of the
 * hub's namespace, which the hub's own policy admits by its access label: this policy, in the
 * hub's namespace, admits them to the hub's API (policies add up), and nothing else.
 */
function createHubIngressPolicy(scope: Construct, model: DaskGatewayModel): void {
  new k8s.KubeNetworkPolicy(scope, 'HubIngressNetworkPolicy', {
    metadata: { name: `${model.names.api}-to-hub`, namespace: model.hubNamespace, labels: gatewayLabels(model, 'api') },
    spec: {
      podSelector: { matchLabels: { ...model.hubPods[HubComponent.HUB] } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            namespacedPeer(gatewayLabels(model, 'api'), model.namespace, model.hubNamespace),
            namespacedPeer(gatewayLabels(model, 'dashboardAuth'), model.namespace, model.hubNamespace),
          ],
          ports: tcpPorts(PORTS.hub),
        },
      ],
    },
  });
}

/** One policy of ingress and egress (and DNS), labelled as the gateway's. */
function policy(
  scope: Construct,
  model: DaskGatewayModel,
  id: string,
  name: string,
  pods: { [key: string]: string },
  ingress: k8s.NetworkPolicyIngressRule[],
  egress: k8s.NetworkPolicyEgressRule[],
): void {
  new k8s.KubeNetworkPolicy(scope, id, {
    metadata: objectMeta(scope, name, {
      app: 'dask-gateway',
      component: pods[COMPONENT_LABEL] ?? pods.component,
      release: model.names.name,
    }),
    spec: {
      podSelector: { matchLabels: pods },
      policyTypes: ['Ingress', 'Egress'],
      ingress,
      egress: [...egress, dnsEgress()],
    },
  });
}

function createApiPolicy(scope: Construct, model: DaskGatewayModel, p: Peers): void {
  policy(
    scope,
    model,
    'ApiNetworkPolicy',
    model.names.api,
    p.api,
    [
      // Requests through Traefik, and the schedulers' heartbeats (DASK_GATEWAY_API_URL).
      { from: [podPeer(p.traefik), podPeer(p.schedulers)], ports: tcpPorts(DASK_PORTS.api) },
    ],
    [
      // Users' tokens are checked at the hub's API (the pod carries the hub's access label).
      { to: [hubPeer(model, HubComponent.HUB)], ports: tcpPorts(PORTS.hub) },
      // Scaling requests are forwarded to the scheduler's API.
      { to: [podPeer(p.schedulers)], ports: tcpPorts(DASK_PORTS.schedulerApi) },
      KUBE_API,
    ],
  );
}

function createTraefikPolicy(scope: Construct, model: DaskGatewayModel, p: Peers): void {
  const tcp = model.components.traefik.tcpPort !== undefined;
  const external = model.components.traefik.serviceType !== 'ClusterIP';
  policy(
    scope,
    model,
    'TraefikNetworkPolicy',
    model.names.traefik,
    p.traefik,
    [
      // The hub's users' servers (the Dask client), its proxy (/services/<name>/ from browsers) and
      // the hub itself (its check of the service's URL, at start and every 60 s).
      {
        from: [
          hubPeer(model, HubComponent.SINGLE_USER),
          hubPeer(model, HubComponent.PROXY),
          hubPeer(model, HubComponent.HUB),
        ],
        ports: tcpPorts(DASK_PORTS.traefikWeb),
      },
      // The schedulers' TLS on a port of its own (`traefik.tcpPort`): the Dask clients.
      ...(tcp ? [{ from: [hubPeer(model, HubComponent.SINGLE_USER)], ports: tcpPorts(DASK_PORTS.traefikTcp) }] : []),
      // A NodePort or LoadBalancer Service (`traefik.serviceType`) is for clients outside the hub:
      // any source on the Service's ports (the API checks hub tokens, dashboards their owner, schedulers TLS).
      ...(external ? [{ ports: tcpPorts(DASK_PORTS.traefikWeb, ...(tcp ? [DASK_PORTS.traefikTcp] : [])) }] : []),
    ],
    [
      { to: [podPeer(p.api)], ports: tcpPorts(DASK_PORTS.api) },
      { to: [podPeer(p.schedulers)], ports: tcpPorts(DASK_PORTS.scheduler, DASK_PORTS.dashboard) },
      // Its forwardAuth asks the dashboard auth service about every dashboard request.
      { to: [podPeer(p.dashboardAuth)], ports: tcpPorts(DASHBOARD_AUTH_PORT) },
      // Its Kubernetes provider (routes, Services, endpoints).
      KUBE_API,
    ],
  );
}

/**
 * The dashboard auth service: Traefik alone reaches it (its forwardAuth, and the OAuth callback it
 * routes); it reaches the hub's API (who a session is) and the Kubernetes API (a cluster's owner).
 */
function createDashboardAuthPolicy(scope: Construct, model: DaskGatewayModel, p: Peers): void {
  policy(
    scope,
    model,
    'DashboardAuthNetworkPolicy',
    model.names.dashboardAuth,
    p.dashboardAuth,
    [{ from: [podPeer(p.traefik)], ports: tcpPorts(DASHBOARD_AUTH_PORT) }],
    [{ to: [hubPeer(model, HubComponent.HUB)], ports: tcpPorts(PORTS.hub) }, KUBE_API],
  );
}

/** Every TCP port but one, as two ranges (`endPort`, stable since Kubernetes 1.25). */
function allPortsBut(port: number): k8s.NetworkPolicyPort[] {
  return [
    { protocol: 'TCP', port: k8s.IntOrString.fromNumber(1), endPort: port - 1 },
    { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port + 1), endPort: 65535 },
  ];
}

function createClusterPolicies(scope: Construct, model: DaskGatewayModel, p: Peers): void {
  const n = model.names;
  policy(
    scope,
    model,
    'SchedulerNetworkPolicy',
    `${n.name}-schedulers`,
    p.schedulers,
    [
      { from: [podPeer(p.traefik)], ports: tcpPorts(DASK_PORTS.scheduler, DASK_PORTS.dashboard) },
      { from: [podPeer(p.api)], ports: tcpPorts(DASK_PORTS.schedulerApi) },
      { from: [podPeer(p.workers)], ports: tcpPorts(DASK_PORTS.scheduler) },
    ],
    [
      { to: [podPeer(p.api)], ports: tcpPorts(DASK_PORTS.api) },
      // Workers listen on ports of their own choosing.
      { to: [podPeer(p.workers)] },
    ],
  );
  const internet: k8s.NetworkPolicyEgressRule[] = model.clusterInternetAccess
    ? [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE_RANGES, `${CLOUD_METADATA_IP}/32`] } }] }]
    : [];
  policy(
    scope,
    model,
    'WorkerNetworkPolicy',
    `${n.name}-workers`,
    p.workers,
    [
      // The scheduler and the other workers (data moves between workers directly), on every port
      // but the dashboard's: a static policy cannot tell two clusters apart (the controller sets
      // the cluster label at run time), so other users' clusters are among these peers. Their comm
      // ports are TLS with a key pair per cluster (dask-gateway 2026.3.0 `controller.py:1207`
      // make_secret; `:1033` `--protocol tls`, `:1053` `tls://` and `--dashboard-address :8787`);
      // the dashboard is plain HTTP without authentication, and nothing routes to a worker's.
      { from: [podPeer(p.schedulers), podPeer(p.workers)], ports: allPortsBut(DASK_PORTS.dashboard) },
    ],
    [{ to: [podPeer(p.schedulers)], ports: tcpPorts(DASK_PORTS.scheduler) }, { to: [podPeer(p.workers)] }, ...internet],
  );
}
