import { Duration } from 'cdk8s';
import { fail } from '../core/validate';

/**
 * The `Strict-Transport-Security` header the TLS front door sends on HTTPS (Zero to JupyterHub's
 * `proxy.traefik.hsts.*`): browsers then use HTTPS only for the host, for `maxAge`.
 * @see https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Strict-Transport-Security
 */
export interface HstsOptions {
  /**
   * How long browsers keep to HTTPS (`max-age`, whole seconds); `Duration.seconds(0)` tells them
   * to forget the policy.
   * @default Duration.days(365)
   */
  readonly maxAge?: Duration;
  /**
   * The policy covers every subdomain of the host too (`includeSubDomains`).
   * @default false
   */
  readonly includeSubdomains?: boolean;
  /**
   * Ask to be on the browsers' built-in HSTS preload list (`preload`; the list at
   * https://hstspreload.org requires `includeSubdomains` and a `maxAge` of at least a year).
   * @default false
   */
  readonly preload?: boolean;
}

const YEAR = 31_536_000;

/**
 * The header's value: `max-age=<s>[; includeSubDomains][; preload]`.
 * @internal
 */
export function hstsHeader(hsts: HstsOptions | undefined): string {
  const o = hsts ?? {};
  const ms = (o.maxAge ?? Duration.days(365)).toMilliseconds();
  if (!Number.isInteger(ms / 1000) || ms < 0)
    fail('hsts.maxAge', `${ms}ms`, 'must be a whole number of seconds, 0 or more (e.g. Duration.days(365))');
  const seconds = ms / 1000;
  if (o.preload === true && (o.includeSubdomains !== true || seconds < YEAR))
    fail(
      'hsts.preload',
      true,
      "needs 'includeSubdomains: true' and a 'maxAge' of at least a year (Duration.days(365)): the preload list (hstspreload.org) accepts no less",
    );
  return [
    `max-age=${seconds}`,
    ...(o.includeSubdomains === true ? ['includeSubDomains'] : []),
    ...(o.preload === true ? ['preload'] : []),
  ].join('; ');
}
