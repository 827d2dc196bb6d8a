/**
 * Checks of host names and addresses: where users reach the hub, where an NFS server is.
 * @internal
 */
import { isIP } from 'net';
import { DNS1123_SUBDOMAIN, fail } from './validate';

/** Whether a string is an IPv4 address in dotted-quad form. */
export function isIPv4(value: string): boolean {
  return isIP(value) === 4;
}

/**
 * A host name users reach something at: a DNS-1123 subdomain (lower case), optionally a wildcard
 * `*.` in front (`wildcard`); an IPv4 address only when `ip` (an Ingress rule's host must be a
 * DNS name: the API refuses an address).
 */
export function checkHost(
  prop: string,
  value: string,
  o: { readonly wildcard: boolean; readonly ip: boolean },
): string {
  if (isIP(value.replace(/^\[(.*)\]$/, '$1')) !== 0) {
    if (o.ip && isIPv4(value)) return value;
    fail(
      prop,
      value,
      o.ip
        ? "must be a DNS name or an IPv4 address (e.g. 'hub.example.org')"
        : "must be a DNS name, not an IP address: an Ingress rule's host is matched against the Host header by name, and the API refuses an address; leave 'host' out to accept any host",
    );
  }
  const name = o.wildcard && value.startsWith('*.') ? value.slice(2) : value;
  if (name.length === 0 || value.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    fail(
      prop,
      value,
      `must be a DNS-1123 subdomain, a DNS name in lower case: letters, digits, '-' and '.' (e.g. 'hub.example.org')${o.wildcard ? ", optionally with a leading '*.' (e.g. '*.example.org')" : ''}`,
    );
  }
  return value;
}

/**
 * The server of an NFS volume: a host name, an IPv4 address or an IPv6 address (bare or in
 * brackets). The kubelet hands `<server>:<path>` to mount(8), so a value starting with '-' would
 * be read as an option.
 */
export function checkNfsServer(prop: string, value: string): string {
  const fix =
    "must be the NFS server's host name, IPv4 address or IPv6 address (e.g. 'nfs.example.org', '10.0.0.5' or '[fd00::5]')";
  if (value.startsWith('-')) fail(prop, value, `starts with '-', which mount(8) would read as an option: ${fix}`);
  const bracketed = /^\[(.*)\]$/.exec(value);
  if (bracketed) {
    if (isIP(bracketed[1]) !== 6)
      fail(prop, value, `has brackets around something that is not an IPv6 address: ${fix}`);
    return value;
  }
  if (isIP(value) !== 0) return value;
  const labels = value.split('.');
  const hostName =
    value.length <= 253 && labels.every((l) => l.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$/.test(l));
  // All digits and dots but no valid IPv4 address (256.1.1.1, 10.0.1): a typo, not a host name.
  if (!hostName || labels.every((l) => /^[0-9]+$/.test(l))) fail(prop, value, fix);
  return value;
}
