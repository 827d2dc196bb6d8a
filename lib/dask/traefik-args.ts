/**
 * The one generator of Traefik's command line for Dask Gateway's proxy (Traefik's static
 * configuration as CLI flags). Each flag is one argument (no shell), so no value can add another.
 * @internal
 */

/** Inputs of Traefik's command line. */
export interface TraefikArgsModel {
  /** The only namespace Traefik watches for its custom resources, Services and Secrets. */
  readonly namespace: string;
  /** Label selector of the routes and middlewares Traefik serves (`gateway.dask.org/instance=<instance>`). */
  readonly labelSelector: string;
  readonly webPort: number;
  readonly pingPort: number;
  readonly logLevel: string;
  /** The `tcp` entrypoint's port (the schedulers' TLS), when it is not `web`. */
  readonly tcpPort?: number;
  /** Traefik's dashboard and API on the `traefik` entrypoint. */
  readonly dashboard?: boolean;
}

/**
 * Traefik with the Kubernetes CRD provider limited to one namespace and to namespaced resources
 * (so a namespaced Role is all it needs), no dashboard unless asked, no update check, no usage reporting; the
 * `web` entrypoint carries HTTP (the API, the dashboards) and the schedulers' TLS (routed by SNI).
 */
export function traefikArgs(m: TraefikArgsModel): string[] {
  return [
    '--global.checknewversion=false',
    '--global.sendanonymoususage=false',
    '--ping=true',
    '--ping.entrypoint=traefik',
    '--providers.kubernetescrd=true',
    `--providers.kubernetescrd.namespaces=${m.namespace}`,
    '--providers.kubernetescrd.allowcrossnamespace=false',
    '--providers.kubernetescrd.disableclusterscoperesources=true',
    `--providers.kubernetescrd.labelselector=${m.labelSelector}`,
    '--providers.kubernetescrd.throttleduration=2s',
    `--log.level=${m.logLevel}`,
    `--entrypoints.traefik.address=:${m.pingPort}`,
    `--entrypoints.web.address=:${m.webPort}`,
    ...(m.tcpPort !== undefined ? [`--entrypoints.tcp.address=:${m.tcpPort}`] : []),
    // The API and dashboard on the entrypoint named `traefik` (Traefik 3.3.5
    // `pkg/config/static/static_config.go:147-150`, `API.Insecure`: "Activate API directly on the
    // entryPoint named traefik"; `:35-36`, `:263-267`), as the chart's `traefik.dashboard`.
    ...(m.dashboard ? ['--api.dashboard=true', '--api.insecure=true'] : []),
  ];
}
