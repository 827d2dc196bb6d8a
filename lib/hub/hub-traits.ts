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

/**
 * The traits the library's settings take the user's into: the keys of a dict merged (a key the
 * library sets refused), the items of a list appended. `node_affinity_required` is not among them:
 * KubeSpawner ORs its terms (kubespawner 7.0.0 spawner.py:1552), so an appended term would loosen
 * the library's placement.
 */
const MERGES: { readonly [familyTrait: string]: 'dict' | 'list' } = {
  'JupyterHub.services': 'list',
  'JupyterHub.load_roles': 'list',
  'JupyterHub.template_paths': 'list',
  'Spawner.extra_labels': 'dict',
  'Spawner.extra_annotations': 'dict',
  'Spawner.common_labels': 'dict',
  'Spawner.environment': 'dict',
  'Spawner.node_selector': 'dict',
  'Spawner.extra_resource_limits': 'dict',
  'Spawner.extra_resource_guarantees': 'dict',
  'Spawner.extra_pod_config': 'dict',
  'Spawner.extra_container_config': 'dict',
  'Spawner.volumes': 'list',
  'Spawner.volume_mounts': 'list',
  'Spawner.init_containers': 'list',
  'Spawner.extra_containers': 'list',
  'Spawner.tolerations': 'list',
  'Spawner.image_pull_secrets': 'list',
  'Spawner.node_affinity_preferred': 'list',
};

const POD_SECURITY = 'the library (user pods meet Pod Security restricted)';
const STORAGE = 'singleUser.storage';

/**
 * The props (or parts of the library) that own the traits the hub config sets from them: one way
 * to set each. A trait here that does not merge is refused at construction; the traits set by an
 * integration (the proxy's `subdomain_host`, the scheduler's `scheduler_name`, ...) are refused
 * when the config is written.
 */
const OWNERS: { readonly [familyTrait: string]: string } = {
  'JupyterHub.hub_bind_url': 'the Hub (it listens on port 8081 of its pod)',
  'JupyterHub.hub_connect_url': 'the Hub (its Service)',
  'JupyterHub.base_url': 'baseUrl',
  'JupyterHub.concurrent_spawn_limit': 'concurrentSpawnLimit',
  'JupyterHub.cleanup_servers': 'the Hub (user servers outlive a hub restart)',
  'JupyterHub.db_url': 'database',
  'JupyterHub.authenticator_class': 'authenticator',
  'JupyterHub.spawner_class': 'the Hub (KubeSpawner)',
  'JupyterHub.proxy_class': 'the Proxy construct (configurable-http-proxy in a pod of its own)',
  'JupyterHub.services': 'integrations (a HubService, the idle culler, ...)',
  'JupyterHub.load_roles': 'integrations (the scopes of their services)',
  'JupyterHub.template_paths': 'integrations (their templatePaths)',
  'Proxy.should_start': 'the Proxy construct (configurable-http-proxy in a pod of its own)',
  'Proxy.api_url': 'the Proxy construct (configurable-http-proxy in a pod of its own)',
  'Authenticator.admin_users': 'authenticator.adminUsers',
  'Authenticator.allowed_users': 'authenticator.allowedUsers',
  'Authenticator.allow_all': 'authenticator.allowAll',
  'Spawner.image': 'singleUser.image',
  'Spawner.image_pull_policy': 'singleUser.image (and allowUnpinnedImage)',
  'Spawner.cmd': 'singleUser.cmd',
  'Spawner.default_url': 'singleUser.defaultUrl',
  'Spawner.port': 'the Hub (user servers listen on port 8888)',
  'Spawner.uid': 'singleUser.uid',
  'Spawner.fs_gid': 'singleUser.fsGid',
  'Spawner.mem_guarantee': 'singleUser.memoryGuarantee',
  'Spawner.mem_limit': 'singleUser.memoryLimit',
  'Spawner.cpu_guarantee': 'singleUser.cpuGuarantee',
  'Spawner.cpu_limit': 'singleUser.cpuLimit',
  'Spawner.start_timeout': 'singleUser.startTimeout',
  'Spawner.node_selector': 'singleUser.nodeSelector',
  'Spawner.extra_resource_limits': 'singleUser.extraResourceLimits (and gpus)',
  'Spawner.image_pull_secrets': 'singleUser.imagePullSecrets',
  'Spawner.tolerations': 'singleUser.tolerations (and the node pools)',
  'Spawner.node_affinity_required': 'singleUser.nodeAffinityRequired (and userNodePool)',
  'Spawner.node_affinity_preferred': 'singleUser.nodeAffinityPreferred (and userNodePool)',
  'Spawner.lifecycle_hooks': 'singleUser.postStartCommand and preStopCommand',
  'Spawner.service_account': 'singleUser.serviceAccountName',
  'Spawner.environment': 'singleUser.extraEnv',
  'Spawner.pod_name_template': 'singleUser.podNameTemplate',
  'Spawner.component_label': 'namePrefix',
  'Spawner.common_labels': 'release',
  'Spawner.extra_labels': 'the Hub (the hub.jupyter.org/network-access-hub label its NetworkPolicy admits)',
  'Spawner.allow_privilege_escalation': POD_SECURITY,
  'Spawner.container_security_context': POD_SECURITY,
  'Spawner.automount_service_account_token': 'singleUser.automountServiceAccountToken',
  'Spawner.volumes': 'singleUser.storage and singleUser.extraVolumes',
  'Spawner.volume_mounts': 'singleUser.storage and singleUser.extraVolumes',
  'Spawner.init_containers': 'singleUser.storage and singleUser.initContainers',
  'Spawner.extra_containers': 'singleUser.extraContainers',
  'Spawner.profile_list': 'singleUser.profiles',
  'Spawner.pvc_name_template': STORAGE,
  'Spawner.storage_pvc_ensure': STORAGE,
  'Spawner.storage_capacity': STORAGE,
  'Spawner.storage_class': STORAGE,
  'Spawner.storage_access_modes': STORAGE,
  'Spawner.delete_pvc': STORAGE,
};

const FAMILIES: { readonly [cls: string]: string } = {
  KubeSpawner: 'Spawner',
  Spawner: 'Spawner',
  ConfigurableHTTPProxy: 'Proxy',
  Proxy: 'Proxy',
};

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
