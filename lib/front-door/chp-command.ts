/**
 * The one generator of configurable-http-proxy's command line. Each flag is one argument (no shell), so no value can
 * add another.
 * @internal
 */

/** Inputs of configurable-http-proxy's command line. */
export interface ChpCommandModel {
  readonly port: number;
  readonly apiPort: number;
  /** URL of the hub, where unrouted requests go. */
  readonly defaultTarget: string;
  /** URL of the hub's error page. */
  readonly errorTarget: string;
  readonly logLevel: string;
  /**
   * Route by host and path (per-user origins): JupyterHub then adds routes `<user>.<domain>/user/<user>/`;
   * JupyterHub 5.5 `proxy.py` line 739 adds the same flag when it starts the proxy itself.
   */
  readonly hostRouting: boolean;
  /** The user's typed flags (`ProxyProps.chpFlags`), last. */
  readonly extraFlags?: readonly string[];
}

/** configurable-http-proxy on all interfaces, its API on all interfaces (the NetworkPolicy guards it). */
export function chpCommand(m: ChpCommandModel): string[] {
  return [
    'configurable-http-proxy',
    '--ip=',
    `--port=${m.port}`,
    '--api-ip=',
    `--api-port=${m.apiPort}`,
    `--default-target=${m.defaultTarget}`,
    `--error-target=${m.errorTarget}`,
    `--log-level=${m.logLevel}`,
    // configurable-http-proxy 5.2.0 `lib/configproxy.js`: the Host header (port cut off) becomes the route's first path segment.
    ...(m.hostRouting ? ['--host-routing'] : []),
    ...(m.extraFlags ?? []),
  ];
}
