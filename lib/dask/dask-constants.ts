/**
 * Images, ports, ids and labels of Dask Gateway 2026.3.0 on Kubernetes, in one place, so that a
 * Service, the pod that serves it and the NetworkPolicy in front of it can never disagree.
 * @internal
 */

/** Images pinned as the dask-gateway chart 2026.3.0 pins them. */
export const DASK_IMAGES = {
  /** The API server and the controller. */
  server: 'ghcr.io/dask/dask-gateway-server:2026.3.0',
  /** Schedulers and workers (when users pick no image). */
  cluster: 'ghcr.io/dask/dask-gateway:2026.3.0',
  /** The proxy (the chart's `traefik.image`). */
  traefik: 'docker.io/traefik:3.3.5',
} as const;

/** Container and Service ports. */
export const DASK_PORTS = {
  /** The API server's and the controller's HTTP port. */
  api: 8000,
  /** Traefik's `web` entrypoint (HTTP, and schedulers' TLS by SNI). */
  traefikWeb: 8000,
  /** Traefik's `tcp` entrypoint (the schedulers' TLS, with `traefik.tcpPort`; the chart's container port). */
  traefikTcp: 8786,
  /** Traefik's `traefik` entrypoint (`/ping`, for the probes). */
  traefikPing: 9000,
  /** Port of the Traefik Service (the daskhub chart's `traefik.service.ports.web.port`). */
  traefikService: 80,
  /** A scheduler's TLS port (clients and workers). */
  scheduler: 8786,
  /** A scheduler's dashboard. */
  dashboard: 8787,
  /** A scheduler's API (the API server forwards scaling requests to it). */
  schedulerApi: 8788,
} as const;

/** The user and group the gateway images run as (`dask`, from their Dockerfiles). */
export const DASK_UID = 1000;

/** Traefik runs as this non-root user (the image itself would run as root). */
export const TRAEFIK_UID = 65532;

/** The label the gateway puts on everything it makes for a cluster, and Traefik selects its routes by. */
export const INSTANCE_LABEL = 'gateway.dask.org/instance';

/** The label that tells a cluster's scheduler pods from its worker pods (set by the controller). */
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
