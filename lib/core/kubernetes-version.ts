/**
 * The Kubernetes versions this library supports, and the check of a prop that names one.
 * @internal
 */
import { fail } from './validate';

/**
 * The Kubernetes minors (of 1.x) this library supports: 1.27 to 1.36. Every object it makes is
 * validated against the strict schemas of both ends (`test/schema.test.ts`,
 * `test/manifest-checks.test.ts`), and the README declares the same range.
 */
export const SUPPORTED_KUBERNETES = { oldest: 27, newest: 36 } as const;

/** The supported range as written in errors and docs: `1.27 to 1.36`. */
export const SUPPORTED_KUBERNETES_RANGE = `1.${SUPPORTED_KUBERNETES.oldest} to 1.${SUPPORTED_KUBERNETES.newest}`;

/** A Kubernetes minor version `'1.N'` in the supported range; returns N. */
export function checkKubernetesMinor(prop: string, value: string): number {
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(value);
  if (m === null) {
    fail(
      prop,
      value,
      "must be a Kubernetes minor version such as '1.30' (the cluster's server version from `kubectl version`, without 'v' and the patch)",
    );
  }
  const minor = Number(m[2]);
  if (m[1] !== '1' || minor < SUPPORTED_KUBERNETES.oldest || minor > SUPPORTED_KUBERNETES.newest) {
    fail(
      prop,
      value,
      `is not a Kubernetes version this library supports (${SUPPORTED_KUBERNETES_RANGE}): give your cluster's minor version within that range`,
    );
  }
  return minor;
}
