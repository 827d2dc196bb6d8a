/**
 * The profile list users choose from (`c.KubeSpawner.profile_list`): profiles, their options and
 * choices, and the node pools they refer to, validated and rendered as KubeSpawner takes them.
 * @internal
 */
import { ProfileBase, profileOverride, Level, OverrideContext, ResolvedNodePool } from './profile-override';
import type { ProfileChoice, ProfileOption, SingleUserProfile, UserNodePool } from './profile';
import { tolerationsOf } from './pod-placement';
import {
  EGRESS_PROFILE_LABEL,
  EgressNet,
  GroupGate,
  ProfileEgress,
  resolveGroups,
  resolveProfileEgress,
} from './profile-gates';
import type { PyValue } from '../core/python';
import { checkDnsLabel, checkLabelMap, checkPinnedImage, checkYamlText, fail, show } from '../core/validate';

/** The resolved profile list. */
export interface ProfileListModel {
  /** `c.KubeSpawner.profile_list`. */
  readonly profileList: PyValue;
  /** Every image a profile or choice sets (pinned). */
  readonly images: readonly string[];
  /** The resources of the server after each profile, and after each choice (on top of its profile). */
  readonly levels: readonly ProfileLevel[];
  /** The groups each limited profile is open to, by slug. */
  readonly profileGroups: { readonly [profile: string]: readonly string[] };
  /** The groups each limited choice is open to: by profile, option and choice slug. */
  readonly choiceGroups: { readonly [profile: string]: { [option: string]: { [choice: string]: string[] } } };
  /** Every `allowedGroups` given, for the check against the authenticator. */
  readonly gates: readonly GroupGate[];
  /** The profiles with egress of their own. */
  readonly egress: readonly ProfileEgress[];
}

/** The server's resources after a profile, or a choice of one of its options. */
export interface ProfileLevel {
  /** The prop path of the profile or the choice, e.g. `singleUser.profiles[1]`. */
  readonly prop: string;
  readonly memGuaranteeBytes: number;
  readonly memLimitBytes?: number;
  readonly cpuGuarantee?: number;
  readonly cpuLimit?: number;
}

function levelOf(prop: string, l: Level): ProfileLevel {
  return {
    prop,
    memGuaranteeBytes: l.memGuaranteeBytes,
    memLimitBytes: l.memLimitBytes,
    cpuGuarantee: l.cpuGuarantee,
    cpuLimit: l.cpuLimit,
  };
}

const SLUG = /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$/;

/** A slug of a profile, option or choice. */
function checkSlug(prop: string, value: string): string {
  if (value.length > 63 || !SLUG.test(value) || value.includes('--')) {
    fail(
      prop,
      value,
      "must be at most 63 lower-case letters, digits, '-' and '_', starting and ending with a letter or digit, without '--' (KubeSpawner joins slugs with '--'), e.g. 'gpu-large'",
    );
  }
  return value;
}

function checkText(prop: string, value: string): string {
  if (value.trim() === '') fail(prop, value, 'must not be empty');
  return checkYamlText(prop, value, true);
}

/** Node pools by name, validated. */
function resolveNodePools(pools: readonly UserNodePool[] | undefined): Map<string, ResolvedNodePool> {
  const out = new Map<string, ResolvedNodePool>();
  (pools ?? []).forEach((p, i) => {
    const prop = `singleUser.nodePools[${i}]`;
    checkDnsLabel(`${prop}.name`, p.name);
    if (out.has(p.name)) fail(`${prop}.name`, p.name, 'names another pool too: give each pool its own name');
    if (Object.keys(p.nodeSelector).length === 0)
      fail(
        `${prop}.nodeSelector`,
        p.nodeSelector,
        "must have at least one label, e.g. { 'cloud.google.com/gke-nodepool': 'gpu' }",
      );
    checkLabelMap(`${prop}.nodeSelector`, p.nodeSelector);
    out.set(p.name, {
      nodeSelector: { ...p.nodeSelector },
      tolerations: tolerationsOf(`${prop}.tolerations`, p.tolerations),
    });
  });
  return out;
}

class ProfileResolver {
  private readonly ctx: OverrideContext;
  /** The resources after each profile and choice resolved so far. */
  public readonly levels: ProfileLevel[] = [];
  public readonly profileGroups: { [profile: string]: string[] } = {};
  public readonly choiceGroups: { [profile: string]: { [option: string]: { [choice: string]: string[] } } } = {};
  public readonly gates: GroupGate[] = [];
  public readonly egress: ProfileEgress[] = [];

  public constructor(
    private readonly base: ProfileBase,
    pools: readonly UserNodePool[] | undefined,
    private readonly net: EgressNet,
  ) {
    this.ctx = { base, pools: resolveNodePools(pools), images: [] };
  }

  /** Every image a profile or choice has set so far. */
  public get images(): readonly string[] {
    return this.ctx.images;
  }

  public profile(prop: string, p: SingleUserProfile): PyValue {
    checkSlug(`${prop}.slug`, p.slug);
    const start: Level = {
      image: this.base.image,
      memGuaranteeBytes: this.base.memGuaranteeBytes,
      memLimitBytes: this.base.memLimitBytes,
      cpuGuarantee: this.base.cpuGuarantee,
      cpuLimit: this.base.cpuLimit,
      nodeSelector: this.base.nodeSelector,
      tolerations: this.base.tolerations,
      extraResourceLimits: this.base.extraResourceLimits,
    };
    const { override, after } = profileOverride(this.ctx, prop, p, start);
    this.levels.push(levelOf(prop, after));
    this.gate(`${prop}.allowedGroups`, p.allowedGroups, p.default === true, 'profile', (g) => {
      this.profileGroups[p.slug] = g;
    });
    const egress = resolveProfileEgress(prop, p.slug, p.egress, this.net);
    if (egress !== undefined) {
      this.egress.push(egress);
      override.extra_labels = { [EGRESS_PROFILE_LABEL]: p.slug };
    }
    const options: { [slug: string]: PyValue } = {};
    (p.options ?? []).forEach((opt, i) => {
      const oprop = `${prop}.options[${i}]`;
      checkSlug(`${oprop}.slug`, opt.slug);
      if (opt.slug in options)
        fail(`${oprop}.slug`, opt.slug, 'is the slug of another option of this profile: give each its own');
      options[opt.slug] = this.option(oprop, opt, after, (choice, g) => {
        ((this.choiceGroups[p.slug] ??= {})[opt.slug] ??= {})[choice] = g;
      });
    });
    return {
      display_name: checkText(`${prop}.displayName`, p.displayName),
      slug: p.slug,
      description: p.description === undefined ? undefined : checkText(`${prop}.description`, p.description),
      default: p.default ? true : undefined,
      kubespawner_override: Object.keys(override).length > 0 ? override : undefined,
      profile_options: Object.keys(options).length > 0 ? options : undefined,
    };
  }

  /** Records the groups of `allowedGroups` at `prop`, if given. */
  private gate(
    prop: string,
    groups: readonly string[] | undefined,
    isDefault: boolean,
    what: string,
    record: (groups: string[]) => void,
  ): void {
    const resolved = resolveGroups(prop, groups, isDefault, what);
    if (resolved === undefined) return;
    this.gates.push({ prop, groups: resolved });
    record(resolved);
  }

  private option(
    prop: string,
    opt: ProfileOption,
    after: Level,
    recordGroups: (choice: string, groups: string[]) => void,
  ): PyValue {
    if (opt.choices.length === 0) {
      fail(
        `${prop}.choices`,
        opt.choices,
        'must list at least one choice: with a free-form field alone there is no default, and KubeSpawner fails a spawn that names no value',
      );
    }
    const defaults = opt.choices.filter((c) => c.default);
    if (defaults.length !== 1) {
      fail(
        `${prop}.choices`,
        defaults.map((c) => c.slug),
        'must have exactly one default choice (default: true), the one a spawn without a choice gets',
      );
    }
    const choices: { [slug: string]: PyValue } = {};
    opt.choices.forEach((c: ProfileChoice, j) => {
      const cprop = `${prop}.choices[${j}]`;
      checkSlug(`${cprop}.slug`, c.slug);
      if (c.slug in choices)
        fail(`${cprop}.slug`, c.slug, 'is the slug of another choice of this option: give each its own');
      const { override, after: chosen } = profileOverride(this.ctx, cprop, c, after);
      this.levels.push(levelOf(cprop, chosen));
      this.gate(`${cprop}.allowedGroups`, c.allowedGroups, c.default === true, 'choice', (g) =>
        recordGroups(c.slug, g),
      );
      choices[c.slug] = {
        display_name: checkText(`${cprop}.displayName`, c.displayName),
        default: c.default ? true : undefined,
        kubespawner_override: Object.keys(override).length > 0 ? override : undefined,
      };
    });
    return {
      display_name: checkText(`${prop}.displayName`, opt.displayName),
      choices,
      unlisted_choice: opt.freeForm === undefined ? undefined : this.freeForm(`${prop}.freeForm`, opt),
    };
  }

  private freeForm(prop: string, opt: ProfileOption): PyValue {
    const f = opt.freeForm!;
    const source = f.validationRegex;
    if (!source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) {
      fail(
        `${prop}.validationRegex`,
        source,
        "must be anchored at both ends ('^...$'): KubeSpawner uses re.match, which anchors only the start",
      );
    }
    if (/\(\?P|\(\?</.test(source))
      fail(
        `${prop}.validationRegex`,
        source,
        'must not use named groups or lookbehind: write it in the syntax Python and JavaScript share',
      );
    let re: RegExp;
    try {
      re = new RegExp(source);
    } catch (e) {
      fail(`${prop}.validationRegex`, source, `is not a valid regular expression: ${(e as Error).message}`);
    }
    const example = checkPinnedImage(`${prop}.example`, f.example);
    if (!re.test(example))
      fail(`${prop}.example`, example, `does not match 'validationRegex' (${source}): fix one of them`);
    const untagged = example.replace(/(@sha256:[a-f0-9]+)$/, '').replace(/:[\w][\w.-]*$/, '');
    for (const unpinned of [untagged, `${untagged}:latest`]) {
      if (re.test(unpinned)) {
        fail(
          `${prop}.validationRegex`,
          source,
          `accepts the unpinned image ${show(unpinned)}: require a tag other than 'latest' (e.g. end the expression with ':(?!latest$)[0-9A-Za-z_][0-9A-Za-z_.-]*$')`,
        );
      }
    }
    if (/[{}]/.test(source.replace(/\{\d+(,\d*)?\}/g, '')))
      fail(`${prop}.validationRegex`, source, "must not allow '{' or '}' in values");
    return {
      enabled: true,
      display_name: checkText(`${prop}.displayName`, f.displayName),
      display_name_in_choices:
        f.displayNameInChoices === undefined
          ? undefined
          : checkText(`${prop}.displayNameInChoices`, f.displayNameInChoices),
      validation_regex: source,
      validation_message:
        f.validationMessage === undefined ? undefined : checkText(`${prop}.validationMessage`, f.validationMessage),
      // KubeSpawner puts the typed value where '{value}' is.
      kubespawner_override: {
        image: '{value}',
        ...(this.base.imagePullPolicy !== this.base.pinnedPullPolicy
          ? { image_pull_policy: this.base.pinnedPullPolicy }
          : {}),
      },
    };
  }
}

/** Validates the profiles and renders `profile_list`. */
export function resolveProfiles(
  profiles: readonly SingleUserProfile[] | undefined,
  base: ProfileBase,
  pools: readonly UserNodePool[] | undefined,
  net: EgressNet,
): ProfileListModel | undefined {
  const r = new ProfileResolver(base, pools, net);
  if (profiles === undefined) return undefined;
  if (profiles.length === 0) fail('singleUser.profiles', profiles, 'must list at least one profile, or be left out');
  const slugs = new Set<string>();
  profiles.forEach((p, i) => {
    if (slugs.has(p.slug))
      fail(
        `singleUser.profiles[${i}].slug`,
        p.slug,
        'is the slug of another profile: slugs tell profiles apart in the spawn form and the REST API, give each its own',
      );
    slugs.add(p.slug);
  });
  const defaults = profiles.filter((p) => p.default);
  if (defaults.length !== 1) {
    fail(
      'singleUser.profiles',
      defaults.map((p) => p.slug),
      'must have exactly one default profile (default: true), the one a server started through the API without a profile gets',
    );
  }
  const profileList = profiles.map((p, i) => r.profile(`singleUser.profiles[${i}]`, p));
  return {
    profileList,
    images: [...new Set(r.images)],
    levels: r.levels,
    profileGroups: r.profileGroups,
    choiceGroups: r.choiceGroups,
    gates: r.gates,
    egress: r.egress,
  };
}

/** Checks the node pools even without profiles (a typo in an unused pool is still a typo). */
export function checkNodePools(pools: readonly UserNodePool[] | undefined): void {
  resolveNodePools(pools);
}
