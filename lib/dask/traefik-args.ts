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
}

/**
 * Traefik with the Kubernetes CRD provider limited to one namespace and to namespaced resources
 * (so a namespaced Role is all it needs), no dashboard, no update check, no usage reporting; the
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
  ];
}
