/**
 * Where the users' servers may connect, beyond the hub, DNS and what the hub's integrations add
 * (issue 22, z2jh `singleuser.networkPolicy.egressAllowRules`): the internet or not (an exam
 * without internet), and extra destinations by CIDR. NetworkPolicy rules only ever add to each
 * other, so a destination that would reopen the blocked cloud metadata endpoint is refused.
 */
import { fail } from '../core/validate';
import type { SingleUserOptions } from './single-user-options';
import type { UserEgressOptions } from './user-egress-options';

/** The cloud metadata endpoint (it can hand out the node's cloud credentials). */
const METADATA = [169, 254, 169, 254];

/** The resolved egress of the users' servers. @internal */
export interface UserEgressModel {
  /** Addresses outside the private ranges (and outside the metadata endpoint when blocked). */
  readonly internet: boolean;
  /** Extra destinations, any port. */
  readonly allowedCidrs: readonly string[];
}

function ipv4Cidr(prop: string, cidr: string): { octets: number[]; bits: number } {
  const m = typeof cidr === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr) : null;
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || bits > 32)
    fail(prop, cidr, "must be an IPv4 CIDR such as '10.20.0.0/16' (one address: '10.20.0.5/32')");
  const value = octets.reduce((a, o) => a * 256 + o, 0);
  const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits);
  if ((value & mask) >>> 0 !== value)
    fail(prop, cidr, 'has host bits set: write the network address (e.g. 10.20.0.0/16)');
  return { octets, bits };
}

function containsMetadata(c: { octets: number[]; bits: number }): boolean {
  const toInt = (o: number[]) => o.reduce((a, x) => a * 256 + x, 0);
  const size = 2 ** (32 - c.bits);
  const start = toInt(c.octets);
  const ip = toInt(METADATA);
  return ip >= start && ip < start + size;
}

/** `singleUser.egress`, checked against the NetworkPolicy that enforces it. @internal */
export function resolveUserEgress(
  su: SingleUserOptions,
  net: { networkPolicy: boolean; blockCloudMetadata: boolean },
): UserEgressModel {
  return resolveEgressOptions('singleUser.egress', su.egress, net);
}

/**
 * Egress options given at `prop` (`singleUser.egress`, or a profile's `egress`), checked against
 * the NetworkPolicy that enforces them. @internal
 */
export function resolveEgressOptions(
  prop: string,
  given: UserEgressOptions | undefined,
  net: { networkPolicy: boolean; blockCloudMetadata: boolean },
): UserEgressModel {
  const egress = given ?? {};
  if (given !== undefined && !net.networkPolicy)
    fail(prop, given, "needs the single-user NetworkPolicy, which enforces it: set 'singleUser.networkPolicy: true'");
  const allowedCidrs = (egress.allowedCidrs ?? []).map((cidr, i) => {
    const cprop = `${prop}.allowedCidrs[${i}]`;
    const parsed = ipv4Cidr(cprop, cidr);
    if (net.blockCloudMetadata && containsMetadata(parsed))
      fail(
        cprop,
        cidr,
        "holds the cloud metadata endpoint 169.254.169.254, which 'blockCloudMetadata' blocks: narrow it, or set 'blockCloudMetadata: false'",
      );
    return cidr;
  });
  if (new Set(allowedCidrs).size !== allowedCidrs.length)
    fail(`${prop}.allowedCidrs`, allowedCidrs, 'names a CIDR twice');
  return { internet: egress.internet ?? true, allowedCidrs };
}
