import { k8s } from 'cdk8s-plus-27';
import { restrictedContainer } from './k8s';
import { fail } from './validate';

/**
 * What may change of a container's security context (Zero to JupyterHub's
 * `*.containerSecurityContext`), within Pod Security `restricted`: the user and group it runs as.
 * Everything else stays the library's: non-root, no privilege escalation, every capability
 * dropped, the runtime's seccomp profile, a read-only root filesystem where the container allows it.
 */
export interface ContainerSecurityOptions {
  /**
   * The user id the container runs as (`runAsUser`; not 0: `restricted` runs no container as root).
   * @default - the library's user for the image
   */
  readonly runAsUser?: number;
  /**
   * The group id the container runs as (`runAsGroup`; not 0).
   * @default - the library's group for the image
   */
  readonly runAsGroup?: number;
}

function id(prop: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < 1 || v > 2147483647)
    fail(prop, v, 'must be a whole number from 1 to 2147483647 (Pod Security restricted runs no container as root)');
  return v;
}

/**
 * The library's restricted security context with the user's ids.
 * @internal
 */
export function containerSecurity(
  prop: string,
  o: ContainerSecurityOptions | undefined,
  uid: number,
  gid: number,
  readOnlyRootFilesystem: boolean,
): k8s.SecurityContext {
  return restrictedContainer(
    id(`${prop}.runAsUser`, o?.runAsUser, uid),
    id(`${prop}.runAsGroup`, o?.runAsGroup, gid),
    readOnlyRootFilesystem,
  );
}
