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

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/**
 * `singleUser.extraResourceGuarantees`: requests without a limit (`extra_resource_guarantees`),
 * `ephemeral-storage` or extended resources. An extended resource that has a limit is requested
 * at the limit already (Kubernetes allows no other request for it), so naming it here is refused.
 */
export function resourceGuarantees(
  given: { readonly [name: string]: string } | undefined,
  limits: { readonly [name: string]: string | null },
): { [name: string]: string } {
  const prop = 'singleUser.extraResourceGuarantees';
  const out: { [name: string]: string } = {};
  for (const [name, q] of Object.entries(given ?? {})) {
    checkQualifiedName(prop, name, 'resource name');
    const extended = name.includes('/') && !name.startsWith('kubernetes.io/') && !name.startsWith('requests.');
    if (name !== 'ephemeral-storage' && !extended)
      fail(
        prop,
        name,
        "must be 'ephemeral-storage' or an extended resource with a domain prefix, e.g. 'example.com/fpga' (CPU and memory have their own props)",
      );
    if (typeof q !== 'string' || !QUANTITY.test(q) || (extended && !/^[0-9]+$/.test(q)))
      fail(
        `${prop}['${name}']`,
        q,
        extended ? 'must be a whole number, e.g. "1"' : "must be a Kubernetes quantity, e.g. '2Gi'",
      );
    if (name in limits)
      fail(
        prop,
        name,
        "has a limit too ('extraResourceLimits' or 'gpus'), which Kubernetes also requests: set it there only",
      );
    out[name] = q;
  }
  return out;
}
