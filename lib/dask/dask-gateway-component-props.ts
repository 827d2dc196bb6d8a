import * as kplus from 'cdk8s-plus-27';
import type { WorkloadOptions } from '../core/workload-options';

/** The gateway's API server (the dask-gateway chart's `gateway.*`): its pods, replicas, probes and Service. */
export interface DaskGatewayApiOptions {
  /**
   * Pod labels and annotations, node selector, tolerations, image pull Secrets and policy,
   * revision history, priority class, extra env (of the `api` container) and ServiceAccount
   * annotations of the API server's pods.
   * @default - the library's
   */
  readonly workload?: WorkloadOptions;

  /**
   * Replicas of the API server. Safe with the Kubernetes backend: its state is the DaskCluster
   * objects, which every replica reads through its own informer (dask-gateway-server 2026.3.0
   * `backends/kubernetes/backend.py:355-385`, `start_cluster` and `stop_cluster` write them,
   * `:401-432`), and a login cookie another replica does not know is answered by checking the
   * user's token again (`auth.py:84-105`).
   * @default 1
   */
  readonly replicas?: number;

  /**
   * The liveness probe of the API server (`GET /api/health`): off, a hung server is not restarted.
   * @default true
   */
  readonly livenessProbe?: boolean;

  /**
   * The readiness probe of the API server (`GET /api/health`): off, a replica gets requests as soon as it runs.
   * @default true
   */
  readonly readinessProbe?: boolean;

  /**
   * Annotations of the API server's Service (`api-<name>`).
   * @default - none
   */
  readonly serviceAnnotations?: { readonly [key: string]: string };

  /**
   * A ServiceAccount of your own for the API server, with `DaskGatewayProps.rbac: false` only.
   * It needs: `list` and `watch` on `daskclusters.gateway.dask.org` in every namespace; `create`
   * and `patch` on them, and `get` on `secrets`, in the gateway's namespace.
   * @default - `api-<name>`, made by the gateway with exactly those rights
   */
  readonly serviceAccountName?: string;
}

/** The gateway's controller (the chart's `controller.*`): its pods and ServiceAccount. Its settings are `KubeControllerTraits`. */
export interface DaskGatewayControllerOptions {
  /**
   * Pod labels and annotations, node selector, tolerations, image pull Secrets and policy,
   * revision history, priority class, extra env and ServiceAccount annotations of the controller's pod.
   * @default - the library's
   */
  readonly workload?: WorkloadOptions;

  /**
   * A ServiceAccount of your own for the controller, with `DaskGatewayProps.rbac: false` only.
   * It needs: `list` and `watch` on `daskclusters.gateway.dask.org`, `pods` and `endpoints` in
   * every namespace; in the gateway's namespace `delete` on daskclusters, `patch` on
   * `daskclusters/status`, `create` and `delete` on `pods` and `secrets`, `create` on `services`
   * and on `ingressroutes.traefik.io` and `ingressroutetcps.traefik.io`.
   * @default - `controller-<name>`, made by the gateway with exactly those rights
   */
  readonly serviceAccountName?: string;
}

/** The gateway's Traefik proxy (the chart's `traefik.*`): its pods, replicas and Service. */
export interface DaskGatewayTraefikOptions {
  /**
   * Pod labels and annotations, node selector, tolerations, image pull Secrets and policy,
   * revision history, priority class, extra env and ServiceAccount annotations of Traefik's pods.
   * @default - the library's
   */
  readonly workload?: WorkloadOptions;

  /**
   * Replicas of Traefik. Safe: each replica reads the same routes from the Kubernetes API (its
   * CRD provider) and keeps no state.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Type of Traefik's Service (`traefik-<name>`). A NodePort or LoadBalancer Service is for Dask
   * clients outside the hub, and exposes beyond the hub's pods what Traefik serves: the gateway's
   * API (every request needs a hub token, checked at the hub), the clusters' dashboards (each
   * behind the dashboard auth service's owner check) and the schedulers' TLS endpoints (each
   * cluster's own credentials). Traefik's NetworkPolicy then admits any source on its web port;
   * every other policy stays (the API server, the schedulers and the dashboards admit Traefik only).
   * Keep the default unless such clients exist.
   * @default kplus.ServiceType.CLUSTER_IP (only the hub's servers, proxy and hub reach Traefik)
   */
  readonly serviceType?: kplus.ServiceType;

  /**
   * Port of Traefik's Service, for HTTP and the schedulers' TLS (which share it: the chart's
   * `traefik.service.ports.tcp.port: web`); the users' servers' `DASK_GATEWAY__ADDRESS` follows.
   * @default 80
   */
  readonly port?: number;

  /**
   * The node port of Traefik's Service, with `serviceType: ServiceType.NODE_PORT` or `LOAD_BALANCER`.
   * @default - one Kubernetes picks
   */
  readonly nodePort?: number;

  /**
   * A port of its own on Traefik's Service for the schedulers' TLS (Dask clients), served by a
   * `tcp` entrypoint (container port 8786, as the chart's); the controller routes the schedulers
   * there (`c.KubeController.proxy_tcp_entrypoint = "tcp"`, dask-gateway-server 2026.3.0
   * `backends/kubernetes/controller.py:277-281` and `:1280-1290`), and the users' servers'
   * `DASK_GATEWAY__PROXY_ADDRESS` follows.
   * @default - the schedulers' TLS shares `port` (the chart's `traefik.service.ports.tcp.port: web`)
   */
  readonly tcpPort?: number;

  /**
   * The node port of the `tcpPort`, with `serviceType: ServiceType.NODE_PORT` or `LOAD_BALANCER`.
   * @default - one Kubernetes picks
   */
  readonly tcpNodePort?: number;

  /**
   * Traefik's dashboard and API (`--api.dashboard=true`, `--api.insecure=true`: read-only, without
   * authentication, on the `traefik` entrypoint, port 9000, beside `/ping`). For debugging: it
   * shows every route, so it is on no Service and Traefik's NetworkPolicy admits no pod to port
   * 9000 (the node itself, whose kubelet probes `/ping` there, stays admitted by most network
   * plugins); reach it with `kubectl port-forward deploy/traefik-<name> 9000` and open
   * `http://localhost:9000/dashboard/`. Refused with `networkPolicy: false` (every pod would reach it).
   * @default false
   */
  readonly dashboard?: boolean;

  /**
   * Annotations of Traefik's Service (e.g. a cloud load balancer's settings).
   * @default - none
   */
  readonly serviceAnnotations?: { readonly [key: string]: string };

  /**
   * A ServiceAccount of your own for Traefik, with `DaskGatewayProps.rbac: false` only. It needs,
   * in the gateway's namespace: `get`, `list` and `watch` on `services` and `secrets`; `list` and
   * `watch` on `endpointslices.discovery.k8s.io`; `get`, `list` and `watch` on the `traefik.io`
   * kinds (ingressroutes, ingressroutetcps, ingressrouteudps, middlewares, middlewaretcps,
   * serverstransports, serverstransporttcps, tlsoptions, tlsstores, traefikservices).
   * @default - `traefik-<name>`, made by the gateway with exactly those rights
   */
  readonly serviceAccountName?: string;
}
