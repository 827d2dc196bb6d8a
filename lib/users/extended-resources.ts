/**
 * Extended resources (GPUs) of the users' servers, validated, as KubeSpawner's
 * `extra_resource_limits` takes them.
 * @internal
 */
import { checkQualifiedName, fail } from '../core/validate';

const GPU = 'nvidia.com/gpu';

/** Extended resources (GPUs) as quantities; `cpu`, `memory` and unprefixed names are refused. */
export function extendedResources(
  prop: string,
  gpus: number | undefined,
  extra: { readonly [name: string]: number } | undefined,
  allowZero: boolean,
): { [name: string]: string | null } {
  const out: { [name: string]: string | null } = {};
  const add = (p: string, name: string, n: number) => {
    checkQualifiedName(p, name, 'resource name');
    if (!name.includes('/') || name.startsWith('kubernetes.io/') || name.startsWith('requests.')) {
      fail(
        p,
        name,
        "must be an extended resource with a domain prefix, e.g. 'nvidia.com/gpu' (CPU and memory have their own props)",
      );
    }
    if (!Number.isInteger(n) || n < 0 || (n === 0 && !allowZero))
      fail(`${p}['${name}']`, n, `must be a whole number of at least ${allowZero ? 0 : 1}`);
    if (name in out) fail(p, name, "is set twice ('gpus' is 'nvidia.com/gpu'): set it once");
    out[name] = n === 0 ? null : String(n);
  };
  if (gpus !== undefined) add(`${prop}gpus`, GPU, gpus);
  for (const [name, n] of Object.entries(extra ?? {})) add(`${prop}extraResourceLimits`, name, n);
  return out;
}
