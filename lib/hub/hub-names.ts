/**
 * The checks of the names a hub derives from its `namePrefix`.
 * @internal
 */
import type { HubNames } from '../core/constants';
import { checkDns1035Label, checkDnsSubdomain, fail } from '../core/validate';

/** The derived names of a hub whose kind makes them DNS-1035 labels (Services); the others are DNS-1123 subdomains. */
const SERVICE_NAMES: readonly (keyof HubNames)[] = ['hub', 'proxyApi', 'proxyHttp', 'proxyPublic'];
const OTHER_NAMES: readonly (keyof HubNames)[] = [
  'hubConfig',
  'hubDb',
  'hubSecret',
  'secretInit',
  'proxy',
  'nginxConfig',
  'singleUser',
  'ingress',
];

/** Checks every name derived from the prefix against the rule of its kind, after prefixing. */
export function checkDerivedNames(names: HubNames): void {
  // The longest prefix: every Service name, and the user pods' component label, at most 63.
  const label = names.singleUserComponent;
  const room = Math.min(
    ...[...SERVICE_NAMES.map((k) => names[k] as string), label].map((n) => 63 - (n.length - names.prefix.length)),
  );
  for (const key of [...SERVICE_NAMES, ...OTHER_NAMES]) {
    const name = names[key] as string;
    const service = SERVICE_NAMES.includes(key);
    const max = service ? 63 : 253;
    if (name.length > max) {
      fail(
        'namePrefix',
        names.prefix,
        `is too long: it makes the ${service ? 'Service' : 'object'} name '${name}' ${name.length} characters long, more than the ${max} the API allows; use a prefix of at most ${room} characters`,
      );
    }
    try {
      if (service) checkDns1035Label('namePrefix', name);
      else checkDnsSubdomain('namePrefix', name);
    } catch {
      fail(
        'namePrefix',
        names.prefix,
        `makes the name '${name}', which is not a valid ${service ? 'Service name (a DNS-1035 label)' : 'object name (a DNS-1123 subdomain)'}`,
      );
    }
  }
  if (label.length > 63)
    fail(
      'namePrefix',
      names.prefix,
      `is too long: it makes the user pods' component label '${label}' ${label.length} characters long, more than the 63 a label value may have; use a prefix of at most ${room} characters`,
    );
}
