/**
 * What limits a profile beyond its settings: the JupyterHub groups it (or one of its choices) is
 * open to, and the egress of its servers. Both are resolved here; the hub checks the groups
 * against what its authenticator can provide, the config generator writes the filter, and the
 * hub's NetworkPolicies select the profile's pods by {@link EGRESS_PROFILE_LABEL}.
 * @internal
 */
import { checkYamlText, fail } from '../core/validate';
import { EgressModel, resolveEgressOptions } from './user-egress';
import type { UserEgressOptions } from './user-egress-options';

/**
 * The label a profile with its own `egress` puts on its pods (value: the profile's slug), set only
 * in the profile's `kubespawner_override`: KubeSpawner applies `user_options` only as the choice
 * of a profile and its options (kubespawner 7.0.0 spawner.py:3737-3769, `load_user_options`), so a
 * user never sets a label.
 */
export const EGRESS_PROFILE_LABEL = 'hub.jupyter.org/egress-profile';

/** A profile's or choice's groups, for the check against the authenticator. */
export interface GroupGate {
  /** The prop path, e.g. `singleUser.profiles[1].allowedGroups`. */
  readonly prop: string;
  readonly groups: readonly string[];
}

/** A profile with egress of its own. */
export interface ProfileEgress {
  readonly slug: string;
  /** The prop path of the profile, e.g. `singleUser.profiles[1]`. */
  readonly prop: string;
  readonly egress: EgressModel;
}

/** The single-user NetworkPolicy's settings a profile's egress is checked against. */
export interface EgressNet {
  readonly networkPolicy: boolean;
  readonly blockCloudMetadata: boolean;
}

/** The groups of `allowedGroups` at `prop`, validated; undefined when not given. */
export function resolveGroups(
  prop: string,
  groups: readonly string[] | undefined,
  isDefault: boolean,
  what: string,
): string[] | undefined {
  if (groups === undefined) return undefined;
  if (!Array.isArray(groups) || groups.length === 0)
    fail(prop, groups, `must list at least one group, or be left out (then every user may start the ${what})`);
  if (isDefault)
    fail(
      prop,
      groups,
      `limits the default ${what}, which every spawn without a choice gets: make another ${what} the default, or leave this one open`,
    );
  groups.forEach((g, i) => {
    if (typeof g !== 'string' || g.trim() === '' || g !== g.trim())
      fail(`${prop}[${i}]`, g, "must be a group name without leading or trailing spaces, e.g. 'ml-staff'");
    checkYamlText(`${prop}[${i}]`, g);
  });
  if (new Set(groups).size !== groups.length) fail(prop, groups, 'names a group twice: list each once');
  return [...groups];
}

/** A profile's own egress, validated; undefined when it has none. */
export function resolveProfileEgress(
  prop: string,
  slug: string,
  egress: UserEgressOptions | undefined,
  net: EgressNet,
): ProfileEgress | undefined {
  if (egress === undefined) return undefined;
  return { slug, prop, egress: resolveEgressOptions(`${prop}.egress`, egress, net) };
}
