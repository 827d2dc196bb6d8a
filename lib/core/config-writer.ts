/**
 * Writes a traitlets config file (`jupyterhub_config.py`, `dask_gateway_config.py`) line by line:
 * `c.<Class>.<trait> = <literal>` from typed values (rendered by `py()`, never text from props),
 * section comments, and the fixed lines a generator writes itself. Shared by the generators;
 * each generated file still has exactly one generator.
 * @internal
 */
import type { ConfigLine } from './trait-setting';
import type { UserTrait } from './trait-table';
import { py, PyEnvVar, PyName, PySet, PyValue } from './python';
import { fail } from './validate';

/** How the generator's own settings and the traits given with a typed `traits` prop combine. */
export interface TraitPolicy {
  /** The family of a class: a trait of a class and of its subclasses is one setting (`KubeSpawner` -> `Spawner`). */
  family(cls: string): string;
  /** `dict`: the keys are merged; `list`: the items appended; undefined: the user's value is refused. */
  merge(cls: string, trait: string): 'dict' | 'list' | undefined;
  /** The prop (or part of the library) a trait the generator sets comes from. */
  owner(cls: string, trait: string): string;
}

type PyDict = { readonly [key: string]: PyValue | undefined };

function isDict(v: PyValue): v is PyDict {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof PySet) &&
    !(v instanceof PyEnvVar) &&
    !(v instanceof PyName)
  );
}

/** A traitlets config file being written. */
export class ConfigWriter {
  private readonly lines: string[] = [];
  private readonly written = new Set<string>();
  /** The user's typed traits not written yet, by `<family>.<trait>`. */
  private readonly pending = new Map<string, UserTrait>();
  private policy?: TraitPolicy;

  /**
   * The traits given with a typed `traits` prop: a setting of the same trait (of the class or a
   * class of its family) is merged with the user's value or refused, per the policy; the rest are
   * written by {@link writeUserTraits}.
   */
  public useTraits(traits: readonly UserTrait[], policy: TraitPolicy): void {
    this.policy = policy;
    for (const t of traits) this.pending.set(`${policy.family(t.cls)}.${t.trait}`, t);
  }

  /** The user's traits that no setting of the generator took up, under a section title. */
  public writeUserTraits(title: string): void {
    if (this.pending.size === 0) return;
    this.section(title);
    for (const t of this.pending.values()) {
      this.written.add(`${t.cls}.${t.trait}`);
      this.lines.push(`c.${t.cls}.${t.trait} = ${py(t.value)}`);
    }
    this.pending.clear();
  }

  /** A blank line and a `# title` comment. */
  public section(title: string): void {
    this.lines.push('', `# ${title}`);
  }

  /** `c.<cls>.<trait> = <value>`; nothing when the value is undefined. */
  public set(cls: string, trait: string, value: PyValue | undefined): void {
    if (value === undefined) return;
    const key = this.policy === undefined ? undefined : `${this.policy.family(cls)}.${trait}`;
    const user = key === undefined ? undefined : this.pending.get(key);
    if (user !== undefined) {
      this.pending.delete(key!);
      value = this.combine(cls, trait, value, user);
    }
    this.written.add(`${cls}.${trait}`);
    this.lines.push(`c.${cls}.${trait} = ${py(value)}`);
  }

  /** The generator's value of a trait with the user's merged in, or a refusal naming the owner. */
  private combine(cls: string, trait: string, value: PyValue, user: UserTrait): PyValue {
    const policy = this.policy!;
    const how = policy.merge(cls, trait);
    const owner = policy.owner(cls, trait);
    if (how === 'dict' && isDict(value) && isDict(user.value)) {
      for (const key of Object.keys(user.value))
        if (value[key] !== undefined)
          fail(
            `${user.prop}['${key}']`,
            user.value[key],
            `is a key the library sets in c.${cls}.${trait} (from '${owner}'): the other keys are merged; set this one there`,
          );
      return { ...value, ...user.value };
    }
    if (how === 'list' && Array.isArray(value) && Array.isArray(user.value)) {
      // Two volumes (containers, mounts of a path) of one name would make the pod invalid.
      const named = (v: PyValue, key: string): unknown => (isDict(v) ? v[key] : undefined);
      for (const key of ['name', 'mountPath'])
        user.value.forEach((item, i) => {
          const n = named(item, key);
          if (n !== undefined && (value as PyValue[]).some((x) => named(x, key) === n && key in (isDict(x) ? x : {})))
            if (key === 'name' ? trait !== 'volume_mounts' : true)
              fail(
                `${user.prop}[${i}].${key}`,
                n,
                `is the ${key} of an item the library sets in c.${cls}.${trait} (from '${owner}'): use another`,
              );
        });
      return [...value, ...user.value];
    }
    const merged = how === undefined ? '' : ` (${how === 'dict' ? 'an object' : 'a list'} is merged with it)`;
    return fail(
      user.prop,
      user.value,
      `c.${cls}.${trait} is set by the library from '${owner}': set it with that prop${merged}`,
    );
  }

  /** Whether `c.<cls>.<trait>` was set already. */
  public has(cls: string, trait: string): boolean {
    return this.written.has(`${cls}.${trait}`);
  }

  /** A `# text` comment line. */
  public comment(text: string): void {
    this.lines.push(`# ${text}`);
  }

  /** Settings and comments contributed as data (value classes, integrations). */
  public write(lines: readonly ConfigLine[]): void {
    for (const l of lines) {
      if ('comment' in l) this.comment(l.comment);
      else this.set(l.cls, l.trait, l.value);
    }
  }

  /** Lines the generator writes verbatim (its own fixed code, never prop values). */
  public raw(...lines: string[]): void {
    this.lines.push(...lines);
  }

  public toString(): string {
    return this.lines.join('\n') + '\n';
  }
}
