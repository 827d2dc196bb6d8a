/**
 * `HubProps.traits` resolved: each class's traits checked against its generated trait table
 * (loaded only when given), the authenticator class's traits refused unless it is the hub's, and a
 * trait the library sets itself refused at construction unless it merges; the config generator
 * (jupyterhub-config.ts) merges or refuses the rest as it writes, with {@link HUB_TRAIT_POLICY}.
 * @internal
 */
import type { TraitPolicy } from '../core/config-writer';
import { resolveTraitTable, UserTrait } from '../core/trait-table';
import type { ConfigLine } from '../core/trait-setting';
import { fail, show } from '../core/validate';
import { extraConfigLine, TraitAssignment } from './extra-config';
import type { AuthenticatorModel } from './authenticator-model';
import { HUB_TRAIT_TABLES, HubTraits } from './hub-traits.generated';
import { FAMILIES, MERGES, OWNERS, STORAGE } from './hub-trait-owners';

/** The configurable class of the hub's authenticator (`c.<class>`): the last part of its entry. */
function authenticatorClass(auth: AuthenticatorModel): string {
  return auth.className === 'dummy' ? 'DummyAuthenticator' : (auth.className.split('.').pop() as string);
}

/** How the hub config's own settings and the user's traits combine. */
export function hubTraitPolicy(auth: AuthenticatorModel): TraitPolicy {
  const authClass = authenticatorClass(auth);
  const family = (cls: string): string =>
    FAMILIES[cls] ?? (cls === authClass || /Authenticator$/.test(cls) ? 'Authenticator' : cls);
  return {
    family,
    merge: (cls, trait) => MERGES[`${family(cls)}.${trait}`],
    owner: (cls, trait) =>
      OWNERS[`${family(cls)}.${trait}`] ??
      (family(cls) === 'Authenticator' ? 'authenticator' : 'an integration of the hub (its hubTraits)'),
  };
}

/** The owner of a trait set by one of the given lines (the authenticator's, the storage's), if any. */
function lineOwner(lines: readonly ConfigLine[], policy: TraitPolicy, t: UserTrait, owner: string): string | undefined {
  const family = policy.family(t.cls);
  return lines.some((l) => 'trait' in l && l.trait === t.trait && policy.family(l.cls) === family) ? owner : undefined;
}

/** Checks `HubProps.traits`; returns the settings it adds to `jupyterhub_config.py`. */
export function resolveHubTraits(
  given: HubTraits | undefined,
  auth: AuthenticatorModel,
  storageLines: readonly ConfigLine[],
): UserTrait[] {
  if (given === undefined) return [];
  const authClass = authenticatorClass(auth);
  const policy = hubTraitPolicy(auth);
  const out: UserTrait[] = [];
  for (const [field, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const load = HUB_TRAIT_TABLES[field];
    if (load === undefined) continue; // checkProps('HubProps') refused it, with the nearest name
    const table = load();
    if (table.family === 'Authenticator' && table.cls !== 'Authenticator' && table.cls !== authClass)
      fail(
        `traits.${field}`,
        value,
        `sets traits of ${table.cls}, but the hub's authenticator is ${authClass}: set the traits of its class, or 'traits.authenticator' for every authenticator`,
      );
    const traits = resolveTraitTable(`traits.${field}`, table, value, (trait) => OWNERS[`${table.family}.${trait}`]);
    for (const t of traits) {
      const key = `${t.family}.${t.trait}`;
      if (key === 'JupyterHub.services' && Array.isArray(t.value))
        t.value.forEach((s, i) => {
          if (typeof s === 'object' && s !== null && 'api_token' in s)
            fail(
              `${t.prop}[${i}].api_token`,
              '(a secret)',
              'is a secret: written here it would be in the ConfigMap, in plain text; give a service its token with HubService (made in the cluster)',
            );
        });
      const owner =
        OWNERS[key] ?? lineOwner(auth.lines, policy, t, 'authenticator') ?? lineOwner(storageLines, policy, t, STORAGE);
      if (owner !== undefined && MERGES[key] === undefined)
        fail(t.prop, t.value, `c.${t.cls}.${t.trait} is set by the library from '${owner}': set it with that prop`);
    }
    out.push(...traits);
  }
  return out;
}

/** The marker line above `extraConfig` in the generated config (jupyterhub-config.ts writes it). */
export const EXTRA_CONFIG_SECTION = "# Extra configuration (the Hub's extraConfig escape hatch), verbatim";

/** The typed prop of `c.<cls>.<trait>`, if a trait table has it (the tables are loaded: an error path). */
function typedPropOf(policy: TraitPolicy, cls: string, trait: string): string | undefined {
  for (const [field, load] of Object.entries(HUB_TRAIT_TABLES)) {
    const table = load();
    if (policy.family(table.cls) !== policy.family(cls)) continue;
    const prop = Object.keys(table.traits).find((p) => table.traits[p][0] === trait && table.traits[p][1] !== 'any');
    if (prop !== undefined && table.traits[prop][1] !== 'refused') return `traits.${field}.${prop}`;
  }
  return undefined;
}

/**
 * The assignments of `extraConfig` that replace a trait the rest of the config sets (the library's
 * settings and the typed traits): each an error naming its line, the owner and the typed way.
 */
export function extraConfigOverwrites(
  src: string,
  assigns: readonly TraitAssignment[],
  config: string,
  auth: AuthenticatorModel,
): string[] {
  const before = config.split(EXTRA_CONFIG_SECTION)[0];
  const policy = hubTraitPolicy(auth);
  const set = new Map<string, string>();
  for (const m of before.matchAll(/^c\.(\w+)\.(\w+) = /gm)) set.set(`${policy.family(m[1])}.${m[2]}`, m[1]);
  return assigns.flatMap((a) => {
    const setOn = set.get(`${policy.family(a.cls)}.${a.trait}`);
    if (setOn === undefined) return [];
    const owner = policy.owner(setOn, a.trait);
    const typed = typedPropOf(policy, a.cls, a.trait);
    const merge = policy.merge(setOn, a.trait);
    const way =
      merge !== undefined && typed !== undefined
        ? `give yours with '${typed}' (merged with the library's)`
        : `set it with '${owner}'`;
    return [
      `Invalid 'extraConfig' (${show(extraConfigLine(src, a.line))}): line ${a.line}: c.${a.cls}.${a.trait} = replaces what the config sets in c.${setOn}.${a.trait} (from '${owner}'): ${way}`,
    ];
  });
}
