/**
 * The part of `jupyterhub_config.py` that offers group-limited profiles and choices only to
 * their groups: the profile list as data, the groups as data, and a fixed function of the
 * spawner that KubeSpawner calls for the list (written by the one config generator,
 * jupyterhub-config.ts). Without limits the list is written as it is.
 *
 * KubeSpawner 7.0.0 (`kubespawner/spawner.py`) takes a callable `profile_list` (`:1737`,
 * `Union([List(Dict()), Callable()])`) and calls it with the spawner both when it renders the spawn
 * form (`:3425-3432`, `_render_options_form_dynamically`) and when it loads the user's options
 * before every spawn (`:3754-3757`, `load_user_options`), whatever posted them (the form,
 * `options_from_form` `:3467`, or the REST API). It validates the options against that list: a
 * profile slug not in it raises "No such profile" (`:3563-3565`, `_get_profile` `:3604-3612`), and a
 * choice not in the profile's option is a `KeyError` (`:3676-3679`, `option["choices"][choice]`),
 * so a user can neither see nor start what their groups do not allow. The groups are the server
 * owner's (`spawner.user.groups`: jupyterhub 5.5.0 `user.py:576-580` passes attributes to the ORM
 * user, whose `groups` are the Group rows).
 * @internal
 */
import { ConfigWriter } from '../core/config-writer';
import { py, PyName, PySet, PyValue } from '../core/python';
import type { ProfileListModel } from '../users/profile-list';

const FILTER = `def _profiles_for(spawner):
    """The profiles, and the choices of their options, open to the server owner's groups."""
    groups = {g.name for g in spawner.user.groups}

    def open_to(allowed):
        return allowed is None or not groups.isdisjoint(allowed)

    profiles = []
    for profile in _profile_list:
        if not open_to(_profile_groups.get(profile["slug"])):
            continue
        gates = _choice_groups.get(profile["slug"], {})
        options = {
            slug: dict(option, choices={c: v for c, v in option["choices"].items() if open_to(gates.get(slug, {}).get(c))})
            for slug, option in profile.get("profile_options", {}).items()
        }
        profiles.append(dict(profile, profile_options=options) if options else dict(profile))
    return profiles
`;

function groupSets(value: unknown): PyValue {
  if (Array.isArray(value)) return new PySet(value as string[]);
  const out: { [k: string]: PyValue } = {};
  for (const [k, v] of Object.entries(value as object)) out[k] = groupSets(v);
  return out;
}

/** Writes `c.KubeSpawner.profile_list`: the list, or the filter of the list by group. */
export function writeProfileList(w: ConfigWriter, profiles: ProfileListModel): void {
  if (profiles.gates.length === 0) {
    w.set('KubeSpawner', 'profile_list', profiles.profileList);
    return;
  }
  w.comment('Some profiles and choices are open only to groups: KubeSpawner 7.0.0 calls profile_list with');
  w.comment('the spawner for the spawn form and again before each spawn, and refuses a profile or choice');
  w.comment('that is not in the list it gets (spawner.py:3425-3432, 3754-3757, 3604-3612, 3676-3679).');
  w.raw(
    `_profile_list = ${py(profiles.profileList)}`,
    `_profile_groups = ${py(groupSets(profiles.profileGroups))}`,
    `_choice_groups = ${py(groupSets(profiles.choiceGroups))}`,
    '',
    '',
    ...FILTER.trimEnd().split('\n'),
    '',
    '',
  );
  w.set('KubeSpawner', 'profile_list', new PyName('_profiles_for'));
}
