import { Duration } from 'cdk8s';
import { fail } from '../core/validate';

/**
 * Typed command-line flags of configurable-http-proxy (Zero to JupyterHub's
 * `proxy.chp.extraCommandLineFlags`), each checked against configurable-http-proxy 5.2.0
 * `bin/configurable-http-proxy` (lines 81-120: `--no-x-forward`, `--auto-rewrite`,
 * `--custom-header`, `--timeout`, `--proxy-timeout`, `--keep-alive-timeout`). The flags the
 * library sets itself (ports, targets, log level, host routing) have their own props.
 */
export interface ChpFlags {
  /**
   * How long a request may take before the proxy drops its connection (`--timeout`, whole milliseconds).
   * @default - no timeout (Node's default)
   */
  readonly timeout?: Duration;
  /**
   * How long the proxy waits for a target's response (`--proxy-timeout`, whole milliseconds).
   * @default - no timeout
   */
  readonly proxyTimeout?: Duration;
  /**
   * How long an idle keep-alive connection stays open (`--keep-alive-timeout`, whole milliseconds).
   * @default - Node's default (5 seconds)
   */
  readonly keepAliveTimeout?: Duration;
  /**
   * Headers added to every proxied request (`--custom-header name:value`, one flag each).
   * @default - none
   */
  readonly customHeaders?: { readonly [name: string]: string };
  /**
   * Whether the proxy adds `X-Forwarded-*` headers to proxied requests (`--no-x-forward` when false).
   * @default true
   */
  readonly xForward?: boolean;
  /**
   * Rewrite the host and port of the `Location` header of redirects (`--auto-rewrite`).
   * @default false
   */
  readonly autoRewrite?: boolean;
}

/** An HTTP header name (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function millis(prop: string, d: Duration | undefined): number | undefined {
  if (d === undefined) return undefined;
  const ms = d.toMilliseconds();
  if (!Number.isInteger(ms) || ms < 1)
    fail(prop, `${ms}ms`, 'must be a whole number of milliseconds, at least 1 (e.g. Duration.minutes(5))');
  return ms;
}

function headerFlags(headers: { readonly [name: string]: string } | undefined): string[] {
  if (headers === undefined) return [];
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers))
    fail('chpFlags.customHeaders', headers, 'must be an object of header names to values');
  const names = Object.keys(headers).sort();
  return names.map((name) => {
    const value = headers[name];
    if (!TOKEN.test(name))
      fail('chpFlags.customHeaders', name, "must be header names (letters, digits and !#$%&'*+.^_`|~-, no colon)");
    if (typeof value !== 'string' || !/^[\x20-\x7e]*$/.test(value) || value.trim() !== value)
      fail(
        `chpFlags.customHeaders.${name}`,
        value,
        'must be printable ASCII on one line, without leading or trailing spaces',
      );
    return `--custom-header=${name}:${value}`;
  });
}

/**
 * The flags as arguments, in a fixed order (each one argument: no shell, so no value adds a flag).
 * @internal
 */
export function chpFlagArgs(flags: ChpFlags | undefined): string[] {
  const f = flags ?? {};
  const timeout = millis('chpFlags.timeout', f.timeout);
  const proxyTimeout = millis('chpFlags.proxyTimeout', f.proxyTimeout);
  const keepAlive = millis('chpFlags.keepAliveTimeout', f.keepAliveTimeout);
  return [
    ...(timeout !== undefined ? [`--timeout=${timeout}`] : []),
    ...(proxyTimeout !== undefined ? [`--proxy-timeout=${proxyTimeout}`] : []),
    ...(keepAlive !== undefined ? [`--keep-alive-timeout=${keepAlive}`] : []),
    ...headerFlags(f.customHeaders),
    ...(f.xForward === false ? ['--no-x-forward'] : []),
    ...(f.autoRewrite === true ? ['--auto-rewrite'] : []),
  ];
}

/**
 * A target URL of the proxy (`--default-target`, `--error-target`): `http(s)://host[:port][/path]`,
 * no credentials, no spaces.
 * @internal
 */
export function checkTargetUrl(prop: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.hostname === '' || !/^[\x21-\x7e]+$/.test(value))
    fail(prop, value, "must be an http:// or https:// URL without spaces, e.g. 'http://maintenance-page:8080'");
  if (url.username !== '' || url.password !== '') fail(prop, value, 'must not hold credentials');
  return value;
}
