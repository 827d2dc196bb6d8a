/**
 * The users' storage as the hub uses it: the {@link SingleUserStorageConfig} a storage binds to
 * (a factory's or a subclass's from outside the library), validated and turned into the
 * KubeSpawner settings the config generator writes, the hub's RBAC rules and the shared home.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { checkKubeSpawnerTemplate, kubeSpawnerLiteralValue } from './kubespawner-template';
import type { PyValue } from '../core/python';
import type { SharedHome } from './shared-home';
import type { SingleUserStorage, SingleUserStorageConfig, SingleUserStorageContext } from './single-user-storage';
import { sizeQuantity } from '../core/k8s';
import { comment, ConfigLine, setting } from '../core/trait-setting';
import { checkAbsolutePath, checkDnsLabel, checkSize, fail } from '../core/validate';

/** The resolved storage of the users' servers. */
export interface StorageModel {
  /** Name of the storage, for the config's section title. */
  readonly title: string;
  /** KubeSpawner settings and comments, in the order they are written. */
  readonly lines: readonly ConfigLine[];
  /** Rights the hub needs for this storage. */
  readonly hubRules: readonly k8s.PolicyRule[];
  /** The shared volume and per-user directory, for shared storage. */
  readonly sharedHome?: SharedHome;
  /** The storage's mounts into the server (mount paths as KubeSpawner templates). */
  readonly mounts: readonly { readonly name: string; readonly mountPath: string }[];
  /** Names of the storage's init containers (taken in the user pod). */
  readonly initContainerNames: readonly string[];
  /** The storage's init containers, as KubeSpawner takes them (their resources sized the user pod). */
  readonly initContainers: readonly PyValue[];
}

/** Kubernetes data (structs from cdk8s's `k8s` module) as KubeSpawner takes it, keys in their order. */
function kubeValue(value: unknown): PyValue | undefined {
  if (value === undefined) return undefined;
  if (value instanceof k8s.Quantity || value instanceof k8s.IntOrString) return value.value;
  if (Array.isArray(value)) return value.map((v) => kubeValue(v) ?? null);
  if (typeof value === 'object' && value !== null) {
    const out: { [key: string]: PyValue } = {};
    for (const [k, v] of Object.entries(value)) {
      const py = kubeValue(v);
      if (py !== undefined) out[k] = py;
    }
    return out;
  }
  return value as PyValue;
}

function checkAsciiLine(prop: string, value: string): void {
  if (!/^[\x20-\x7e]*$/.test(value))
    fail(prop, value, 'must be one line of printable ASCII: it is written into jupyterhub_config.py as a comment');
}

/** The KubeSpawner settings of a config, in the order they are written: field, trait, value. */
function settingsOf(c: SingleUserStorageConfig): [string, string, PyValue | undefined][] {
  return [
    ['pvcEnsure', 'storage_pvc_ensure', c.pvcEnsure ?? false],
    ['pvcNameTemplate', 'pvc_name_template', c.pvcNameTemplate],
    ['capacity', 'storage_capacity', c.capacity === undefined ? undefined : sizeQuantity(c.capacity)],
    ['storageClassName', 'storage_class', c.storageClassName],
    ['accessModes', 'storage_access_modes', c.accessModes],
    ['deletePvc', 'delete_pvc', c.deletePvc ?? false],
    ['volumes', 'volumes', kubeValue(c.volumes)],
    ['volumeMounts', 'volume_mounts', kubeValue(c.volumeMounts)],
    ['initContainers', 'init_containers', kubeValue(c.initContainers)],
  ];
}

/** Checks what the hub relies on in a storage's config (the factories' configs always pass). */
function checkStorageConfig(c: SingleUserStorageConfig): void {
  const prop = 'singleUser.storage';
  if (c.name === '') fail(`${prop}.name`, c.name, "must not be empty, e.g. 'nfs'");
  checkAsciiLine(`${prop}.name`, c.name);
  const fields = settingsOf({ name: c.name }).map(([field]) => field);
  for (const [field, lines] of Object.entries(c.comments ?? {})) {
    if (!fields.includes(field))
      fail(`${prop}.comments`, field, `is not a setting of the storage: use one of ${fields.join(', ')}`);
    lines.forEach((l) => checkAsciiLine(`${prop}.comments.${field}`, l));
  }
  if (c.pvcNameTemplate !== undefined) checkKubeSpawnerTemplate(`${prop}.pvcNameTemplate`, c.pvcNameTemplate);
  if (c.capacity !== undefined) checkSize(`${prop}.capacity`, c.capacity);
  (c.volumes ?? []).forEach((v, i) => checkDnsLabel(`${prop}.volumes[${i}].name`, v.name));
  (c.volumeMounts ?? []).forEach((m, i) =>
    checkAbsolutePath(`${prop}.volumeMounts[${i}].mountPath`, kubeSpawnerLiteralValue(m.mountPath)),
  );
  (c.initContainers ?? []).forEach((ic, i) => checkDnsLabel(`${prop}.initContainers[${i}].name`, ic.name));
}

/** Binds the storage and resolves what it contributes. */
export function resolveStorageModel(storage: SingleUserStorage, context: SingleUserStorageContext): StorageModel {
  const c = storage.bind(context);
  checkStorageConfig(c);
  const lines: ConfigLine[] = [];
  for (const [field, trait, value] of settingsOf(c)) {
    if (value === undefined) continue;
    for (const text of c.comments?.[field] ?? []) lines.push(comment(text));
    lines.push(setting('KubeSpawner', trait, value));
  }
  return {
    title: c.name,
    lines,
    hubRules: c.hubRules ?? [],
    sharedHome: c.sharedHome,
    mounts: c.volumeMounts ?? [],
    initContainerNames: (c.initContainers ?? []).map((ic) => ic.name),
    initContainers: (c.initContainers ?? []).map((ic) => kubeValue(ic) ?? null),
  };
}
