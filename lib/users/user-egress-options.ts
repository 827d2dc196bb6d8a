/** Egress of the users' servers (see `SingleUserOptions.egress`). */
export interface UserEgressOptions {
  /**
   * Reach the internet: every address outside the private ranges (10/8, 172.16/12, 192.168/16)
   * and outside the cloud metadata endpoint. `false` for an exam without internet. The same
   * setting as `SingleUserOptions.networkPolicyRules.egressAllowRules.nonPrivateIPs`: set one.
   * @default true
   */
  readonly internet?: boolean;
  /**
   * Extra destinations, as IPv4 CIDRs (any port), e.g. a package mirror in a private range. One
   * holding the cloud metadata endpoint is refused while `blockCloudMetadata` is on.
   * @default - none
   */
  readonly allowedCidrs?: string[];
}
