import { Duration } from 'cdk8s';

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
