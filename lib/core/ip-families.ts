import { fail } from './validate';

/** An IP family of a Service (`spec.ipFamilies`). */
export enum IpFamily {
  /** IPv4. */
  IPV4 = 'IPv4',
  /** IPv6. */
  IPV6 = 'IPv6',
}

/** How many IP families a Service gets (`spec.ipFamilyPolicy`). */
export enum IpFamilyPolicy {
  /** One family (Kubernetes' default). */
  SINGLE_STACK = 'SingleStack',
  /** Both families on a dual-stack cluster, one elsewhere (Zero to JupyterHub's default). */
  PREFER_DUAL_STACK = 'PreferDualStack',
  /** Both families; the Service is refused on a cluster that is not dual-stack. */
  REQUIRE_DUAL_STACK = 'RequireDualStack',
}

/**
 * A Service's IP family policy and families, checked (`prefix` is where the user typed them,
 * e.g. `service.`): one or two distinct families, two only with a dual-stack policy.
 * @internal
 */
export function resolveIpFamilies(
  prefix: string,
  policy: string | undefined,
  families: readonly string[] | undefined,
): { ipFamilyPolicy?: string; ipFamilies?: string[] } {
  const policies = Object.values(IpFamilyPolicy) as string[];
  if (policy !== undefined && !policies.includes(policy))
    fail(
      `${prefix}ipFamilyPolicy`,
      policy,
      'must be IpFamilyPolicy.SINGLE_STACK, PREFER_DUAL_STACK or REQUIRE_DUAL_STACK',
    );
  if (families === undefined) return { ipFamilyPolicy: policy };
  if (!Array.isArray(families) || families.length === 0 || families.length > 2)
    fail(`${prefix}ipFamilies`, families, 'must list one or two families: [IpFamily.IPV4], [IpFamily.IPV6] or both');
  families.forEach((f, i) => {
    if (!(Object.values(IpFamily) as string[]).includes(f))
      fail(`${prefix}ipFamilies[${i}]`, f, 'must be IpFamily.IPV4 or IpFamily.IPV6');
  });
  if (families.length === 2 && families[0] === families[1])
    fail(`${prefix}ipFamilies`, families, 'lists a family twice: list each once');
  if (families.length === 2 && (policy === undefined || policy === IpFamilyPolicy.SINGLE_STACK))
    fail(
      `${prefix}ipFamilies`,
      families,
      `has two families, which needs '${prefix}ipFamilyPolicy' PREFER_DUAL_STACK or REQUIRE_DUAL_STACK`,
    );
  return { ipFamilyPolicy: policy, ipFamilies: [...families] };
}
