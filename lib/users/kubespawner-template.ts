/**
 * What KubeSpawner expands, and how to hand it a literal.
 *
 * KubeSpawner 7 (`spawner.py`, `_expand_user_properties`) renders strings with Python's
 * `template.format(**ns)`, and `_expand_all` applies that to every string inside these traits
 * (dict values and list items, recursively; dict keys are left alone):
 * `environment` (values; through `_expand_env` in `get_env`), `volumes`, `volume_mounts`,
 * `init_containers`, `extra_containers`, `extra_pod_config`, `service_account`, `extra_labels`,
 * `extra_annotations`, `storage_extra_labels`, `storage_extra_annotations`, `storage_selector`,
 * `user_namespace_labels`, `user_namespace_annotations`; and the name templates
 * `pod_name_template`, `pvc_name_template`, `secret_name_template`, `user_namespace_template`,
 * `working_dir`. A `{` or `}` in such a string is a placeholder; one that is not a known name
 * (`{"debug": true}`) makes every spawn fail (`KeyError`, `ValueError: Single '}'`). A literal
 * brace is written `{{` / `}}`. (KubeSpawner also strips trailing '-' from the result unless the
 * template itself ends in '-': a literal with doubled braces ends in '-' exactly when the
 * original does, so it comes back unchanged.)
 *
 * Props of this library, by how they reach those traits:
 *
 * | prop / value | KubeSpawner trait | meaning |
 * | --- | --- | --- |
 * | `SharedStorageOptions.subPath` (default `{username}`) | `volume_mounts[].subPath` | template |
 * | home-init path `/mnt/home-share/<subPath>` | `init_containers[].command` | template (from `subPath`) |
 * | `KERNEL_HOME_NFS_PATH` = `<nfs path>/<subPath>` | `environment` | template in its `subPath` part; the NFS export path is literal |
 * | dynamic storage claim `{pvc_name}` | `volumes[].persistentVolumeClaim.claimName` | template (fixed by the library) |
 * | `SingleUserOptions.extraEnv` values | `environment` | literal: braces doubled with {@link literalForKubeSpawner} |
 * | `homeMountPath` | `volume_mounts[].mountPath` | literal (escape, or refuse braces) |
 * | derived env (`JUPYTER_GATEWAY_URL`, `JUPYTERHUB_SINGLEUSER_APP`), claim names, images, labels | various | literal; their own rules allow no braces |
 * @internal
 */
import { checkYamlText, fail } from '../core/validate';

/** The names `_expand_user_properties` defines (KubeSpawner 7). */
export const KUBESPAWNER_PLACEHOLDERS: readonly string[] = [
  'userid',
  'unescaped_username',
  'unescaped_servername',
  'hubnamespace',
  'username',
  'servername',
  'user_server',
  'safe_username',
  'safe_servername',
  'safe_user_server',
  'escaped_username',
  'escaped_servername',
  'escaped_user_server',
  'pod_name',
  'pvc_name',
  'namespace',
];

/** KubeSpawner traits whose strings are expanded as templates (see the module doc). */
export const KUBESPAWNER_EXPANDED_TRAITS: readonly string[] = [
  'environment',
  'volumes',
  'volume_mounts',
  'init_containers',
  'extra_containers',
  'extra_pod_config',
  'service_account',
  'extra_labels',
  'extra_annotations',
  'storage_extra_labels',
  'storage_extra_annotations',
  'storage_selector',
  'user_namespace_labels',
  'user_namespace_annotations',
  'pod_name_template',
  'pvc_name_template',
  'secret_name_template',
  'user_namespace_template',
  'working_dir',
];

/**
 * A string that KubeSpawner's `str.format` expansion turns back into exactly `s`: every `{` and
 * `}` doubled. Use it for every literal value that lands in an expanded trait (e.g. the values
 * of `extraEnv` in `environment`), never for a template such as `subPath`.
 */
export function literalForKubeSpawner(s: string): string {
  return s.replace(/[{}]/g, (brace) => brace + brace);
}

/**
 * The string KubeSpawner's expansion turns a literal written with {@link literalForKubeSpawner}
 * back into: doubled braces made single again (a template's placeholders are left as they are).
 */
export function kubeSpawnerLiteralValue(s: string): string {
  return s.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
}

/** A KubeSpawner template string: only known `{placeholders}`, literal braces doubled. */
export function checkKubeSpawnerTemplate(prop: string, value: string): string {
  checkYamlText(prop, value);
  const stripped = value.replace(/\{\{|\}\}/g, '').replace(/\{(\w*)\}/g, (_w, name: string) => {
    if (!KUBESPAWNER_PLACEHOLDERS.includes(name)) {
      fail(
        prop,
        value,
        `uses {${name}}, which KubeSpawner does not know (it expands ${KUBESPAWNER_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}): write a literal brace as '{{' or '}}'`,
      );
    }
    return '';
  });
  if (/[{}]/.test(stripped))
    fail(
      prop,
      value,
      "has an unbalanced '{' or '}': KubeSpawner would fail every spawn; write a literal brace as '{{' or '}}'",
    );
  return value;
}

/** Placeholders that name the user and the server together (KubeSpawner 7 `_expand_user_properties`). */
const USER_AND_SERVER = ['user_server', 'safe_user_server', 'escaped_user_server'];
const USER_ONLY = ['username', 'safe_username', 'escaped_username', 'userid'];
const SERVER_ONLY = ['servername', 'safe_servername', 'escaped_servername'];

/**
 * A KubeSpawner object-name template (`pod_name_template`; `pvc_name_template` when `claim`): a
 * template of known placeholders that names the user and the server, so that no two servers
 * share the object, with literal parts that are valid in an object name. The pod's Service and
 * Secret are named after the pod; a claim may name it (`{pod_name}`).
 */
export function checkNameTemplate(prop: string, value: string, claim: boolean): string {
  checkKubeSpawnerTemplate(prop, value);
  const names = [...value.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const has = (list: readonly string[]) => names.some((n) => list.includes(n));
  const own = claim ? ['pvc_name'] : ['pod_name', 'pvc_name'];
  if (has(own)) fail(prop, value, `must not use {${names.find((n) => own.includes(n))}}: it is the name being made`);
  if (!has(USER_AND_SERVER) && !(has(USER_ONLY) && has(SERVER_ONLY)) && !(claim && has(['pod_name'])))
    fail(
      prop,
      value,
      "must name the user and the server, so that no two servers share the object: use {user_server} (e.g. 'jupyter-{user_server}')",
    );
  if (names.some((n) => n.startsWith('unescaped_')))
    fail(
      prop,
      value,
      'must not use {unescaped_...}: a user name may hold characters an object name cannot; use {user_server}',
    );
  if (!/^[a-z0-9.-]*$/.test(value.replace(/\{\w+\}/g, '')))
    fail(
      prop,
      value,
      "may hold, besides its placeholders, lower-case letters, digits, '-' and '.' only: it is an object name",
    );
  return value;
}
