import { SUPPORTED_KUBERNETES } from './kubernetes-version';

/**
 * A Pod Security Standards level (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
 * as a Namespace's Pod Security Admission labels name it.
 */
export enum PodSecurityLevel {
  /**
   * Current pod hardening: non-root, no privilege escalation, all capabilities dropped, seccomp
   * `RuntimeDefault`, only volumes that do not reach the node. Every pod this library renders
   * complies, and so do the pods the hub, the gateway and Dask Gateway create from its config.
   */
  RESTRICTED = 'restricted',
  /**
   * Known privilege escalations prevented (no host namespaces, hostPath, privileged containers or
   * added capabilities), root allowed.
   */
  BASELINE = 'baseline',
  /**
   * Unrestricted: what needs the node itself, such as Enterprise Gateway's kernel-image-puller
   * (root, with the node's containerd socket as a hostPath volume).
   */
  PRIVILEGED = 'privileged',
}

/** Prefix of the Pod Security Admission labels of a Namespace. */
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/**
 * The policy version every mode is pinned to: that of the newest Kubernetes this library supports
 * (1.36), whose rules `test/core/pod-security-standards.ts` checks every pod against. Pinned, so
 * a cluster upgrade cannot tighten the policy under running deployments; an older API server
 * evaluates a newer version with the newest policy it knows (pod-security-admission
 * `policy/registry.go` at v0.27.0, lines 65-66: `if r.maxVersion.Older(lv.Version)`).
 * @internal
 */
export const POD_SECURITY_VERSION = `v1.${SUPPORTED_KUBERNETES.newest}`;

/**
 * The Pod Security Admission labels of a Namespace that enforces `level`: `enforce` at that
 * level, `warn` and `audit` always at `restricted` (so a lowered namespace still names, on every
 * apply and in the audit log, the pods that need the lower level), each pinned to
 * {@link POD_SECURITY_VERSION}.
 * @internal
 */
export function podSecurityLabels(level: PodSecurityLevel): { [key: string]: string } {
  const labels: { [key: string]: string } = {};
  const modes: [string, PodSecurityLevel][] = [
    ['enforce', level],
    ['warn', PodSecurityLevel.RESTRICTED],
    ['audit', PodSecurityLevel.RESTRICTED],
  ];
  for (const [mode, l] of modes) {
    labels[`${POD_SECURITY_LABEL_PREFIX}${mode}`] = l;
    labels[`${POD_SECURITY_LABEL_PREFIX}${mode}-version`] = POD_SECURITY_VERSION;
  }
  return labels;
}
