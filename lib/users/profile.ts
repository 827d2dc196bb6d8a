import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import type { UserEgressOptions } from './user-egress-options';

/**
 * Settings a profile (or one choice of a profile option) changes for the user's server: each is
 * one KubeSpawner trait in the profile's `kubespawner_override`. Anything left out keeps the
 * hub's `singleUser` value.
 *
 * KubeSpawner merges dictionaries (`environment`, `node_selector`, `extra_resource_limits`) into
 * the hub's and replaces everything else; the library renders each override so that the result
 * is what these props say: a profile's `nodeSelector` or `nodePool` replaces the hub's node
 * selector, its `tolerations` are added to the hub's, its `env` is added to the hub's.
 */
export interface ProfileSettings {
  /**
   * Image of the server, pinned to a tag or digest (a moving tag is an error here).
   * @default - the hub's `singleUser.image`
   */
  readonly image?: string;

  /**
   * CPU reserved for the server.
   * @default - the hub's `singleUser.cpuGuarantee`
   */
  readonly cpuGuarantee?: kplus.Cpu;

  /**
   * CPU the server may use at most; at least the guarantee.
   * @default - the hub's `singleUser.cpuLimit`
   */
  readonly cpuLimit?: kplus.Cpu;

  /**
   * Memory reserved for the server.
   * @default - the hub's `singleUser.memoryGuarantee`
   */
  readonly memoryGuarantee?: Size;

  /**
   * Memory limit of the server; at least the guarantee.
   * @default - the hub's `singleUser.memoryLimit`
   */
  readonly memoryLimit?: Size;

  /**
   * NVIDIA GPUs for the server (the extended resource `nvidia.com/gpu`).
   * @default - the hub's `singleUser.gpus`
   */
  readonly gpus?: number;

  /**
   * Other extended resources by name, e.g. `{ 'amd.com/gpu': 1 }` (whole units).
   * @default - none beyond the hub's
   */
  readonly extraResourceLimits?: { [resource: string]: number };

  /**
   * A node pool declared in the hub's `singleUser.nodePools`: its node labels replace the hub's
   * node selector, and its tolerations are added. A name the hub does not declare is an error.
   * @default - the hub's node selection
   */
  readonly nodePool?: string;

  /**
   * Node labels the server must be scheduled on (a typed label selector); replaces the hub's
   * `singleUser.nodeSelector`. With `nodePool`, both sets of labels apply.
   * @default - the hub's node selection
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Tolerations added to the hub's `singleUser.tolerations`.
   * @default - none beyond the hub's
   */
  readonly tolerations?: k8s.Toleration[];

  /**
   * Environment variables added to the hub's (literal values, as `singleUser.extraEnv`).
   * @default - none beyond the hub's
   */
  readonly env?: { [name: string]: string };

  /**
   * URL a user lands on, e.g. `/lab` (a URL path, as `SingleUserOptions.defaultUrl`).
   * @default - the hub's `singleUser.defaultUrl`
   */
  readonly defaultUrl?: string;

  /**
   * Command that starts the server.
   * @default - the hub's `singleUser.cmd`
   */
  readonly cmd?: string[];

  /**
   * How long the hub waits for the server to start (large images on a fresh node take longer).
   * @default - the hub's `singleUser.startTimeout`
   */
  readonly startTimeout?: Duration;
}

/**
 * One entry of the profile list users choose from on the spawn page (KubeSpawner's
 * `profile_list`).
 */
export interface SingleUserProfile extends ProfileSettings {
  /**
   * Machine-readable name, unique in the list: lower-case letters, digits, '-' and '_' (no '--').
   * It is what the REST API takes as `user_options.profile`.
   */
  readonly slug: string;

  /** Name shown to users (plain text; HTML is escaped by the spawn form). */
  readonly displayName: string;

  /**
   * One line shown under the name.
   * @default - none
   */
  readonly description?: string;

  /**
   * Whether this is the profile a server gets when the user picks none (a spawn through the API).
   * Exactly one profile of the list is the default.
   * @default false
   */
  readonly default?: boolean;

  /**
   * Further choices within this profile (KubeSpawner's `profile_options`), applied in order
   * after the profile's own settings.
   * @default - none
   */
  readonly options?: ProfileOption[];

  /**
   * Offer this profile only to members of these JupyterHub groups (any one of them; z2jh #1734).
   * The hub's `profile_list` becomes a function of the user's groups: the spawn form lists only
   * the profiles the user may start, and a spawn that names another profile (a forged form or a
   * REST API call) fails with KubeSpawner's "No such profile". The default profile is open to
   * everyone (it is what a spawn without a profile gets), so it cannot be limited.
   *
   * The users must be able to be in a group, which the hub checks at construction: either the
   * authenticator manages groups (JupyterHub's `manage_groups`, e.g. an OAuth authenticator with
   * `allowedGroups` or `adminGroups`: the names are then the provider's, such as Azure AD group
   * object ids), or the hub declares the groups in `traits.jupyterHub.loadGroups` (groups kept by
   * JupyterHub's admins; members may also be added on the admin page). LDAP (its `allowedGroups`
   * only gate the login), native, shared-password and dummy logins give no groups by themselves.
   * @example
   * { slug: 'gpu', displayName: 'GPU', gpus: 1, allowedGroups: ['ml-staff'] }
   * @default - every user
   */
  readonly allowedGroups?: string[];

  /**
   * Where this profile's servers may connect, instead of `singleUser.egress` (e.g. an exam
   * profile without internet). The profile labels its pods `hub.jupyter.org/egress-profile:
   * <slug>`, set only in the profile's `kubespawner_override` (a user picks a profile, never a
   * label), and a NetworkPolicy of its own selects exactly those pods; the single-user
   * NetworkPolicy selects every other user pod. A user who can choose a more open profile can
   * leave the exam's rules by choosing it: limit the profiles with `allowedGroups`.
   * @example
   * { slug: 'exam', displayName: 'Exam', egress: { internet: false, allowedCidrs: ['10.20.0.0/16'] } }
   * @default - `singleUser.egress`
   */
  readonly egress?: UserEgressOptions;
}

/** A drop-down within a profile (one entry of KubeSpawner's `profile_options`). */
export interface ProfileOption {
  /** Machine-readable name, unique in the profile (same rules as a profile's slug). */
  readonly slug: string;

  /** Label of the drop-down. */
  readonly displayName: string;

  /** The choices; at least one, exactly one of them the default. */
  readonly choices: ProfileChoice[];

  /**
   * A free-form field ("Other...") next to the choices, validated by a regular expression.
   * @default - none: users pick one of the choices
   */
  readonly freeForm?: FreeFormImageChoice;
}

/** One choice of a {@link ProfileOption}. */
export interface ProfileChoice extends ProfileSettings {
  /** Machine-readable name, unique in the option (same rules as a profile's slug). */
  readonly slug: string;

  /** Name shown in the drop-down. */
  readonly displayName: string;

  /**
   * Whether this is the option's default choice; exactly one choice of an option is.
   * @default false
   */
  readonly default?: boolean;

  /**
   * Offer this choice only to members of these JupyterHub groups (any one of them), as a
   * profile's `allowedGroups`: the drop-down of other users lacks it, and a spawn that names it
   * fails in KubeSpawner. The default choice is open to everyone who sees the profile.
   * @default - everyone who may start the profile
   */
  readonly allowedGroups?: string[];
}

/**
 * A free-form image field in a profile option: the user types an image reference, which becomes
 * the server's image (KubeSpawner's `unlisted_choice` with `kubespawner_override: { image: '{value}' }`).
 * KubeSpawner checks the value against `validationRegex` with Python's `re.match` before it
 * spawns; the library checks that the expression is anchored (`^...$`), refuses the moving tag
 * `latest` and an image without a tag, and accepts the example.
 */
export interface FreeFormImageChoice {
  /** Label of the input field. */
  readonly displayName: string;

  /**
   * Text of the entry in the drop-down that opens the field.
   * @default 'Other...' (KubeSpawner's)
   */
  readonly displayNameInChoices?: string;

  /**
   * Regular expression (Python `re` syntax, the common subset with JavaScript) every value must
   * match, anchored at both ends, e.g. `^quay\.io/jupyter/[a-z-]+:[0-9][0-9a-z.-]*$`.
   */
  readonly validationRegex: string;

  /**
   * An image the expression must accept (checked at construction), e.g. `quay.io/jupyter/scipy-notebook:2025-10-20`.
   */
  readonly example: string;

  /**
   * Message shown when a value does not match.
   * @default - KubeSpawner's generic message
   */
  readonly validationMessage?: string;
}

/** A pool of nodes that profiles (and the hub's user servers) can be placed on. */
export interface UserNodePool {
  /** Name profiles refer to with `nodePool`. */
  readonly name: string;

  /** Labels of the pool's nodes, e.g. `{ 'cloud.google.com/gke-nodepool': 'gpu' }`. */
  readonly nodeSelector: { [key: string]: string };

  /**
   * Tolerations of the pool's taints, e.g. GKE's `nvidia.com/gpu=present:NoSchedule`.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
}
