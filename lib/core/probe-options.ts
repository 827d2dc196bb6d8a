import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { fail } from './validate';

/**
 * A container's liveness or readiness probe, over the library's own check (its path and port
 * stay the library's): whether it runs and its timing (Zero to JupyterHub's
 * `proxy.chp.livenessProbe`, `proxy.chp.readinessProbe`). A field left out keeps the library's value.
 */
export interface ProbeOptions {
  /**
   * Whether the probe runs.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Wait before the first check (`initialDelaySeconds`, whole seconds).
   * @default - the library's value for the container
   */
  readonly initialDelay?: Duration;
  /**
   * Time between checks (`periodSeconds`, whole seconds, at least 1).
   * @default - the library's value for the container
   */
  readonly period?: Duration;
  /**
   * How long a check may take (`timeoutSeconds`, whole seconds, at least 1).
   * @default - the library's value for the container
   */
  readonly timeout?: Duration;
  /**
   * Failed checks in a row before the container counts as failed (`failureThreshold`).
   * @default - the library's value for the container
   */
  readonly failureThreshold?: number;
}

function seconds(prop: string, d: Duration | undefined, min: number): number | undefined {
  if (d === undefined) return undefined;
  const ms = d.toMilliseconds();
  if (!Number.isInteger(ms / 1000) || ms / 1000 < min)
    fail(prop, `${ms / 1000}s`, `must be a whole number of seconds, at least ${min}`);
  return ms / 1000;
}

/**
 * The library's probe with the user's options over it; undefined when disabled.
 * @internal
 */
export function applyProbeOptions(prop: string, base: k8s.Probe, o: ProbeOptions | undefined): k8s.Probe | undefined {
  if (o === undefined) return base;
  if (o.enabled === false) {
    const given = (['initialDelay', 'period', 'timeout', 'failureThreshold'] as const).find((k) => o[k] !== undefined);
    if (given) fail(`${prop}.${given}`, o[given], "is for a probe that runs: remove it, or 'enabled: false'");
    return undefined;
  }
  const f = o.failureThreshold;
  if (f !== undefined && (!Number.isInteger(f) || f < 1))
    fail(`${prop}.failureThreshold`, f, 'must be a whole number of checks, at least 1');
  const pick = <T>(v: T | undefined, d: T | undefined) => (v !== undefined ? v : d);
  return {
    ...base,
    initialDelaySeconds: pick(seconds(`${prop}.initialDelay`, o.initialDelay, 0), base.initialDelaySeconds),
    periodSeconds: pick(seconds(`${prop}.period`, o.period, 1), base.periodSeconds),
    timeoutSeconds: pick(seconds(`${prop}.timeout`, o.timeout, 1), base.timeoutSeconds),
    failureThreshold: pick(f, base.failureThreshold),
  };
}
