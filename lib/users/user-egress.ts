/**
 * Where the users' servers may connect, beyond the hub, DNS and what the hub's integrations add
 * (issue 22, z2jh `singleuser.networkPolicy.egressAllowRules`): the internet or not (an exam
 * without internet), the metadata endpoint or not, extra destinations by CIDR and the rest of
 * `singleUser.networkPolicyRules`. The one place that decides the users' egress: `egress`,
 * `blockCloudMetadata` and `networkPolicyRules` say parts of it, and a contradiction between them
 * is refused. NetworkPolicy rules only ever add to each other, so a destination that would reopen
 * the blocked cloud metadata endpoint is refused.
 */
import { PORTS } from '../core/constants';
import { holdsMetadata, ipv4Cidr, resolveNetworkPolicyOptions } from '../core/network-policy-options';
import type { NetworkPolicyRulesModel } from '../core/network-policy-options';
import { fail } from '../core/validate';
import type { SingleUserOptions } from './single-user-options';
import type { UserEgressOptions } from './user-egress-options';

/** Resolved egress options (`singleUser.egress`, or a profile's `egress`). @internal */
export interface EgressModel {
  /** Addresses outside the private ranges (and outside the metadata endpoint when blocked). */
  readonly internet: boolean;
  /** Extra destinations, any port. */
  readonly allowedCidrs: readonly string[];
}

/** The resolved egress of the users' servers. @internal */
export interface UserEgressModel extends EgressModel {
  /**
   * `networkPolicyRules`, resolved with the users' defaults: its `allow.nonPrivateIPs` is
   * `internet`, its `allow.cloudMetadataServer` is the metadata endpoint not blocked.
   */
  readonly rules: NetworkPolicyRulesModel;
}

const RULES = 'singleUser.networkPolicyRules';
const METADATA_FLAG = `${RULES}.egressAllowRules.cloudMetadataServer`;

/**
 * Whether the user servers get a NetworkPolicy, and whether it blocks the cloud metadata
 * endpoint (`blockCloudMetadata`, or the opposite of `cloudMetadataServer`). @internal
 */
export function resolveUserNetwork(su: SingleUserOptions): { networkPolicy: boolean; blockCloudMetadata: boolean } {
  const networkPolicy = su.networkPolicy ?? true;
  if (su.networkPolicyRules !== undefined && !networkPolicy)
    fail(RULES, su.networkPolicyRules, "adds to the single-user NetworkPolicy: set 'singleUser.networkPolicy: true'");
  const metadataOpen = su.networkPolicyRules?.egressAllowRules?.cloudMetadataServer;
  if (metadataOpen !== undefined && su.blockCloudMetadata !== undefined && metadataOpen === su.blockCloudMetadata)
    fail(
      METADATA_FLAG,
      metadataOpen,
      `contradicts 'singleUser.blockCloudMetadata: ${su.blockCloudMetadata}' (they say the same thing): set only one`,
    );
  const blockCloudMetadata = metadataOpen !== undefined ? !metadataOpen : (su.blockCloudMetadata ?? true);
  if (blockCloudMetadata && !networkPolicy) {
    fail(
      'singleUser.blockCloudMetadata',
      true,
      "needs the single-user NetworkPolicy, which enforces it: set 'singleUser.networkPolicy: true', or 'blockCloudMetadata: false' to allow the metadata endpoint",
    );
  }
  return { networkPolicy, blockCloudMetadata };
}

/** `internet`, said by `egress.internet` or `egressAllowRules.nonPrivateIPs`. */
function resolveInternet(su: SingleUserOptions): boolean {
  const internet = su.egress?.internet;
  const nonPrivate = su.networkPolicyRules?.egressAllowRules?.nonPrivateIPs;
  if (internet !== undefined && nonPrivate !== undefined && internet !== nonPrivate)
    fail(
      `${RULES}.egressAllowRules.nonPrivateIPs`,
      nonPrivate,
      `contradicts 'singleUser.egress.internet: ${internet}' (they say the same thing): set only one`,
    );
  return internet ?? nonPrivate ?? true;
}

/** Refuses an extra egress rule to addresses holding the blocked metadata endpoint. */
function checkMetadataStaysBlocked(su: SingleUserOptions): void {
  (su.networkPolicyRules?.egress ?? []).forEach((rule, i) =>
    (rule.peers ?? []).forEach((peer, j) => {
      if (peer.cidr === undefined) return;
      const prop = `${RULES}.egress[${i}].peers[${j}].cidr`;
      const left = (peer.except ?? []).some((e) => holdsMetadata(ipv4Cidr(prop, e)));
      if (holdsMetadata(ipv4Cidr(prop, peer.cidr)) && !left)
        fail(
          prop,
          peer.cidr,
          "holds the cloud metadata endpoint 169.254.169.254, which 'blockCloudMetadata' blocks: add '169.254.169.254/32' to 'except', or set 'blockCloudMetadata: false'",
        );
    }),
  );
}

/**
 * Egress options given at `prop` (`singleUser.egress`, or a profile's `egress`), checked against
 * the NetworkPolicy that enforces them. @internal
 */
export function resolveEgressOptions(
  prop: string,
  given: UserEgressOptions | undefined,
  net: { networkPolicy: boolean; blockCloudMetadata: boolean },
): EgressModel {
  const egress = given ?? {};
  if (given !== undefined && !net.networkPolicy)
    fail(prop, given, "needs the single-user NetworkPolicy, which enforces it: set 'singleUser.networkPolicy: true'");
  const allowedCidrs = (egress.allowedCidrs ?? []).map((cidr, i) => {
    const cprop = `${prop}.allowedCidrs[${i}]`;
    const parsed = ipv4Cidr(cprop, cidr);
    if (net.blockCloudMetadata && holdsMetadata(parsed))
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

/** `singleUser.egress` and `singleUser.networkPolicyRules`, checked against the NetworkPolicy that enforces them. @internal */
export function resolveUserEgress(
  su: SingleUserOptions,
  net: { networkPolicy: boolean; blockCloudMetadata: boolean },
): UserEgressModel {
  const { allowedCidrs } = resolveEgressOptions('singleUser.egress', su.egress, net);
  const internet = resolveInternet(su);
  if (net.blockCloudMetadata) checkMetadataStaysBlocked(su);
  const rules = resolveNetworkPolicyOptions(RULES, su.networkPolicyRules, {
    allow: {
      cloudMetadataServer: !net.blockCloudMetadata,
      dnsPortsCloudMetadataServer: true,
      dnsPortsKubeSystemNamespace: true,
      dnsPortsPrivateIPs: true,
      nonPrivateIPs: internet,
      privateIPs: false,
    },
    guardedPorts: [
      { port: PORTS.singleUser, why: "the users' servers' port: every user would reach every other's server" },
    ],
  });
  return { internet, allowedCidrs, rules };
}
