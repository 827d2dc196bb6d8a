/**
 * Group-limited profiles (`allowedGroups` of a profile or choice) checked against where the hub's
 * users get their groups from. JupyterHub gives a user groups in two ways only (jupyterhub 5.5.0):
 * the authenticator returns them at each login when `Authenticator.manage_groups` is on
 * (`auth.py:921-932`; `user.py:268`, `sync_groups`), or the hub's own groups are kept in its
 * database, declared in `JupyterHub.load_groups` (`app.py:2290-2330`, `init_groups`; refused
 * there while the authenticator manages groups, `app.py:2294`) and changed by admins. A group the
 * config never names cannot be told from a typo, so without `manage_groups` the groups must be
 * declared in `load_groups`.
 * @internal
 */
import type { AuthenticatorModel } from './authenticator-model';
import type { UserTrait } from '../core/trait-table';
import type { ProfileListModel } from '../users/profile-list';
import { fail, show } from '../core/validate';

/** Whether the authenticator's lines or the hub's traits turn `manage_groups` on. */
function managesGroups(auth: AuthenticatorModel, traits: readonly UserTrait[]): boolean {
  const fromAuth = auth.lines.some((l) => 'trait' in l && l.trait === 'manage_groups' && l.value === true);
  return fromAuth || traits.some((t) => t.trait === 'manage_groups' && t.value === true);
}

/** The groups `traits.jupyterHub.loadGroups` declares, and the prop that declares them. */
function loadedGroups(traits: readonly UserTrait[]): { prop: string; names: string[] } | undefined {
  const t = traits.find((x) => x.cls === 'JupyterHub' && x.trait === 'load_groups');
  if (t === undefined || typeof t.value !== 'object' || t.value === null) return undefined;
  return { prop: t.prop, names: Object.keys(t.value) };
}

/** Refuses a group-limited profile or choice that no user of this hub could ever be let into. */
export function checkProfileGroups(
  profiles: ProfileListModel | undefined,
  auth: AuthenticatorModel,
  traits: readonly UserTrait[],
): void {
  const loaded = loadedGroups(traits);
  const managed = managesGroups(auth, traits);
  if (managed && loaded !== undefined)
    fail(
      loaded.prop,
      loaded.names,
      'declares groups while the authenticator manages them (manage_groups), which JupyterHub refuses at start (app.py:2294): leave one of them',
    );
  if (profiles === undefined || managed) return;
  for (const gate of profiles.gates) {
    if (loaded === undefined)
      fail(
        gate.prop,
        gate.groups,
        `limits a profile to groups, but no user of this hub can be in a group: the authenticator (${auth.className}) does not manage groups. Use an authenticator that does (e.g. an OAuth one with 'allowedGroups' or 'adminGroups'), or declare the groups and their members in 'traits.jupyterHub.loadGroups'`,
      );
    const unknown = gate.groups.filter((g) => !loaded.names.includes(g));
    if (unknown.length > 0)
      fail(
        gate.prop,
        unknown,
        `names groups that '${loaded.prop}' does not declare (${show(loaded.names)}), and the authenticator does not manage groups: declare them there, or fix the names`,
      );
  }
}
