/**
 * The one generator of the command lines the library starts programs with: configurable-http-proxy
 * and jupyterhub-idle-culler. Each flag is one argument (no shell), so no value can add another.
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
  ];
}

/**
 * The gateway's `kernel-launchers` init container: a directory per kernel spec with a link to the
 * image's launcher, so that the launcher, run from there, reads the spec's own pod template.
 * Names are kernelspec names (letters, digits, '.', '_', '-'), passed as arguments, not in the script.
 */
export function kernelLauncherLinksCommand(dir: string, launcher: string, specNames: readonly string[]): string[] {
  const script = `set -e; for k in "$@"; do mkdir -p "${dir}/$k"; ln -sf "${launcher}" "${dir}/$k/launch_kubernetes.py"; done`;
  return ['sh', '-c', script, 'kernel-launchers', ...specNames];
}

/** Inputs of jupyterhub-idle-culler's command line. */
export interface IdleCullerCommandModel {
  /** The hub API URL, e.g. `http://localhost:8081/hub/api`. */
  readonly hubApiUrl: string;
  readonly timeoutSeconds: number;
  readonly everySeconds: number;
  readonly concurrency: number;
  readonly cullUsers: boolean;
  readonly maxAgeSeconds?: number;
}

/** The culler as a hub-managed service (`python3 -m jupyterhub_idle_culler ...`). */
export function idleCullerCommand(m: IdleCullerCommandModel): string[] {
  return [
    'python3',
    '-m',
    'jupyterhub_idle_culler',
    `--url=${m.hubApiUrl}`,
    `--timeout=${m.timeoutSeconds}`,
    `--cull-every=${m.everySeconds}`,
    `--concurrency=${m.concurrency}`,
    ...(m.cullUsers ? ['--cull-users'] : []),
    ...(m.maxAgeSeconds !== undefined ? [`--max-age=${m.maxAgeSeconds}`] : []),
  ];
}
