import { Duration } from 'cdk8s';
import { idleCullerCommand } from './idle-culler-command';
import { HubIntegrationConfig, IHub, IHubIntegration } from './hub-integration';
import { CULLER_SERVICE, PORTS } from '../core/constants';
import { checkPositiveInt, checkSeconds, fail } from '../core/validate';

/** jupyterhub-idle-culler, run by the hub as a managed service. */
export interface IdleCullerOptions {
  /**
   * Whether idle servers are stopped.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * A server idle for this long is stopped.
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;

  /**
   * How often the culler checks.
   * @default Duration.minutes(10)
   */
  readonly every?: Duration;

  /**
   * Also delete users whose server was culled (their storage stays).
   * @default false
   */
  readonly cullUsers?: boolean;

  /**
   * Whether `cullUsers` deletes admin users too (jupyterhub-idle-culler `--cull-admin-users`,
   * 1.4.0 `__init__.py`:378, which checks it only when it deletes users; their servers are culled
   * either way). `false` needs `cullUsers: true`.
   * @default true (as jupyterhub-idle-culler)
   */
  readonly cullAdminUsers?: boolean;

  /**
   * Remove the named servers the culler culls, instead of stopping them and keeping them in the
   * user's list (jupyterhub-idle-culler `--remove-named-servers`; their storage stays). Named
   * servers are allowed with `traits.jupyterHub.allowNamedServers`.
   * @default false
   */
  readonly removeNamedServers?: boolean;

  /**
   * How many requests the culler makes to the hub at once.
   * @default 10
   */
  readonly concurrency?: number;

  /**
   * Stop servers older than this, idle or not.
   * @default - no maximum age
   */
  readonly maxAge?: Duration;
}

/** Scopes the idle culler needs (`admin:users` only to delete users). */
export function cullerScopes(cullUsers: boolean): string[] {
  return ['list:users', 'read:users:activity', 'read:servers', 'delete:servers', ...(cullUsers ? ['admin:users'] : [])];
}

/**
 * The idle culler as a hub integration: a hub-managed service with only the scopes it needs.
 * The Hub adds one unless `idleCuller.enabled` is false.
 * @internal
 */
export class IdleCuller implements IHubIntegration {
  private readonly timeoutSeconds: number;
  private readonly everySeconds: number;
  private readonly concurrency: number;
  private readonly maxAgeSeconds?: number;

  public constructor(private readonly options: IdleCullerOptions) {
    this.timeoutSeconds = checkSeconds('idleCuller.timeout', options.timeout ?? Duration.hours(1));
    this.everySeconds = checkSeconds('idleCuller.every', options.every ?? Duration.minutes(10));
    this.concurrency = checkPositiveInt('idleCuller.concurrency', options.concurrency ?? 10);
    this.maxAgeSeconds = options.maxAge === undefined ? undefined : checkSeconds('idleCuller.maxAge', options.maxAge);
    if (options.cullAdminUsers === false && !options.cullUsers)
      fail(
        'idleCuller.cullAdminUsers',
        false,
        "only matters when users are deleted: set 'idleCuller.cullUsers: true', or remove 'cullAdminUsers' (servers of admins are culled like any other)",
      );
    if (this.everySeconds > this.timeoutSeconds) {
      fail(
        'idleCuller.every',
        `${this.everySeconds}s`,
        `must not be longer than 'idleCuller.timeout' (${this.timeoutSeconds}s), or servers outlive the timeout by up to the check interval`,
      );
    }
  }

  public bindToHub(hub: IHub): HubIntegrationConfig {
    const cullUsers = this.options.cullUsers ?? false;
    const command = idleCullerCommand({
      hubApiUrl: `http://localhost:${PORTS.hub}${hub.baseUrl}hub/api`,
      timeoutSeconds: this.timeoutSeconds,
      everySeconds: this.everySeconds,
      concurrency: this.concurrency,
      cullUsers,
      cullAdminUsers: this.options.cullAdminUsers ?? true,
      removeNamedServers: this.options.removeNamedServers ?? false,
      maxAgeSeconds: this.maxAgeSeconds,
    });
    const description = 'Idle culler: a hub-managed service with only the scopes it needs';
    return { services: [{ name: CULLER_SERVICE, description, command, scopes: cullerScopes(cullUsers) }] };
  }
}
