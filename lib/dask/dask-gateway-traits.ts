/**
 * `DaskGatewayProps.traits` resolved: each class's traits checked against its generated trait
 * table (loaded only when given), a trait the library sets itself refused at construction unless it
 * merges; the config generator (dask-gateway-config.ts) merges the rest as it writes, with
 * {@link DASK_TRAIT_POLICY}.
 * @internal
 */
import type { TraitPolicy } from '../core/config-writer';
import { resolveTraitTable, UserTrait } from '../core/trait-table';
import { fail } from '../core/validate';
import { DASK_GATEWAY_TRAIT_TABLES, DaskGatewayTraits } from './dask-gateway-traits.generated';
import { CONSTRUCT, FAMILIES, MERGES, OWNERS } from './dask-gateway-trait-owners';

const family = (cls: string): string => FAMILIES[cls] ?? cls;

/** How the gateway config's own settings and the user's traits combine. */
export const DASK_TRAIT_POLICY: TraitPolicy = {
  family,
  merge: (cls, trait) => MERGES[`${family(cls)}.${trait}`],
  owner: (cls, trait) => OWNERS[`${family(cls)}.${trait}`] ?? CONSTRUCT,
};

/** Checks `DaskGatewayProps.traits`; returns the settings it adds to `dask_gateway_config.py`. */
export function resolveDaskGatewayTraits(given: DaskGatewayTraits | undefined): UserTrait[] {
  if (given === undefined) return [];
  const out: UserTrait[] = [];
  for (const [field, value] of Object.entries(given)) {
    const load = DASK_GATEWAY_TRAIT_TABLES[field];
    if (value === undefined || load === undefined) continue; // checkProps refused an unknown field
    const table = load();
    const traits = resolveTraitTable(`traits.${field}`, table, value, (trait) => OWNERS[`${table.family}.${trait}`]);
    for (const t of traits) {
      const key = `${t.family}.${t.trait}`;
      if (OWNERS[key] !== undefined && MERGES[key] === undefined)
        fail(
          t.prop,
          t.value,
          `c.${t.cls}.${t.trait} is set by the library from '${OWNERS[key]}': set it with that prop`,
        );
    }
    out.push(...traits);
  }
  return out;
}
