/**
 * The one generator of jupyterhub-idle-culler's command line. Each flag is one argument (no shell), so no value can
 * add another.
 * @internal
 */

/** Inputs of jupyterhub-idle-culler's command line. */
export interface IdleCullerCommandModel {
  /** The hub API URL, e.g. `http://localhost:8081/hub/api`. */
  readonly hubApiUrl: string;
  readonly timeoutSeconds: number;
  readonly everySeconds: number;
  readonly concurrency: number;
  readonly cullUsers: boolean;
  /** Whether deleting users deletes admins too (jupyterhub-idle-culler's default: true). */
  readonly cullAdminUsers: boolean;
  readonly removeNamedServers: boolean;
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
    // A tornado bool option: 'false' parses as False (as Zero to JupyterHub passes it).
    ...(m.cullAdminUsers ? [] : ['--cull-admin-users=false']),
    ...(m.removeNamedServers ? ['--remove-named-servers'] : []),
    ...(m.maxAgeSeconds !== undefined ? [`--max-age=${m.maxAgeSeconds}`] : []),
  ];
}
