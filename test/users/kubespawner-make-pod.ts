/**
 * The user pods KubeSpawner 7.0.0 makes from a generated `jupyterhub_config.py`, for the tests:
 * the config is run by Python (as JupyterHub loads it: `get_config()` returns the object it
 * assigns to), its traits are read back, and the pod is built from them the way KubeSpawner does,
 * following jupyterhub/kubespawner at tag 7.0.0:
 *
 * - `spawner.py` 2241-2353, `get_pod_manifest`: which traits reach `make_pod`, and which go
 *   through `_expand_all` (volumes, volume_mounts, init_containers, extra_containers,
 *   extra_pod_config, service_account) and `_sorted_dict_values` (dict-valued list traits).
 * - `objects.py` 339-694, `make_pod`: the pod security context from `fs_gid`,
 *   `supplemental_gids` and then `pod_security_context` (430-445); the notebook container's from
 *   `uid`, `gid`, `privileged`, `allow_privilege_escalation` and then `container_security_context`
 *   (447-465, keys must be camelCase); the notebook container (534-548), `extra_container_config`
 *   (577-584), extra and init containers (588-597), volumes (598-603), the service account and its
 *   token (550-559), and `extra_pod_config` last (685-692), each through `update_k8s_model`
 *   (`utils.py` 34-80: a key replaces the model's attribute, camelCase or snake_case).
 * - `spawner.py` 3614-3700, `_apply_overrides` and `_load_profile`: a profile's
 *   `kubespawner_override`, then its options' choices (the default one unless chosen; an
 *   unlisted choice's override formatted with its value), a dict merged into a dict trait
 *   (`utils.py` 209-225, `recursive_update`: `None` deletes a key), any other value set.
 *
 * Only what the pod's shape depends on is modelled; env, labels and resources are left out.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PodLike } from '../core/pod-security-standards';

/** The traits of each config class (`c.KubeSpawner.*`, `c.JupyterHub.*`), as JSON. */
export type ConfigValues = { [cls: string]: { [trait: string]: any } };

const LOADER = `
import collections, json, os, sys
class Section(dict):
    def __getattr__(self, k): return self.setdefault(k, Section())
    def __setattr__(self, k, v): self[k] = v
class Config(dict):
    def __getattr__(self, k): return self.setdefault(k, Section())
c = Config()
# Secrets the config reads from the hub's env: any value will do for the pod's shape.
os.environ = collections.defaultdict(lambda: "placeholder", os.environ)
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), {"get_config": lambda: c, "__name__": "__main__"})
def plain(v):
    if isinstance(v, (set, frozenset)):
        return sorted(v)
    if callable(v):
        return {"__callable__": repr(v)}
    raise TypeError("not JSON: %r" % (v,))
print(json.dumps(c, default=plain))
`;

/** Runs a `jupyterhub_config.py` as JupyterHub does and returns what it sets. */
export function loadHubConfig(config: string): ConfigValues {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-config-'));
  const file = path.join(dir, 'jupyterhub_config.py');
  try {
    fs.writeFileSync(file, config);
    return JSON.parse(execFileSync('python3', ['-c', LOADER, file], { encoding: 'utf8' }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const isDict = (v: unknown): v is { [k: string]: any } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** KubeSpawner's trait defaults that the pod's shape depends on (`spawner.py` at 7.0.0). */
const DEFAULTS: { [trait: string]: any } = {
  uid: null,
  gid: null,
  fs_gid: null,
  supplemental_gids: [],
  privileged: false,
  allow_privilege_escalation: false,
  container_security_context: {},
  pod_security_context: {},
  volumes: [],
  volume_mounts: [],
  init_containers: [],
  extra_containers: [],
  extra_container_config: {},
  extra_pod_config: {},
  service_account: null,
  automount_service_account_token: null,
  lifecycle_hooks: {},
  cmd: null,
  port: 8888,
};

/** `utils.py` `recursive_update`: dicts merged in place, `None` deletes a key. */
function recursiveUpdate(target: { [k: string]: any }, changes: { [k: string]: any }): void {
  for (const [k, v] of Object.entries(changes)) {
    if (isDict(v)) {
      if (!isDict(target[k])) target[k] = {};
      recursiveUpdate(target[k], v);
    } else if (v === null) delete target[k];
    else target[k] = v;
  }
}

/** `_apply_overrides`: a dict into a dict trait is merged, anything else set. */
function applyOverrides(traits: { [t: string]: any }, overrides: { [t: string]: any }): void {
  for (const [k, v] of Object.entries(overrides)) {
    if (isDict(v) && isDict(traits[k] ?? DEFAULTS[k])) {
      traits[k] = clone(traits[k] ?? DEFAULTS[k]);
      recursiveUpdate(traits[k], v);
    } else traits[k] = clone(v);
  }
}

/** `recursive_format(v, value=...)`: an unlisted choice's override with `{value}` filled in. */
function formatValue(v: any, value: string): any {
  if (typeof v === 'string') return v.replace(/\{value\}/g, value);
  if (Array.isArray(v)) return v.map((x) => formatValue(x, value));
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, formatValue(x, value)]));
  return v;
}

/** One server's traits: a name (profile and choices) and the traits after its overrides. */
export interface UserServer {
  readonly name: string;
  readonly traits: { [trait: string]: any };
}

/**
 * The servers a user can start: the hub's settings alone without a profile list; else, per
 * profile, its default choices, and each other choice and unlisted choice of each option with the
 * other options at their defaults.
 */
export function userServers(kubeSpawner: { [trait: string]: any }, unlistedValue = 'example'): UserServer[] {
  const profiles: any[] = kubeSpawner.profile_list ?? [];
  if (profiles.length === 0) return [{ name: '(no profile)', traits: clone(kubeSpawner) }];
  const out: UserServer[] = [];
  for (const p of profiles) {
    const options: [string, any][] = Object.entries(p.profile_options ?? {});
    const defaults = (except?: string) =>
      options
        .filter(([slug]) => slug !== except)
        .map(([, o]) => Object.values<any>(o.choices ?? {}).find((c) => c.default)?.kubespawner_override ?? {});
    const server = (name: string, chosen: { [t: string]: any }[]) => {
      const traits = clone(kubeSpawner);
      applyOverrides(traits, p.kubespawner_override ?? {});
      for (const o of chosen) applyOverrides(traits, o);
      out.push({ name, traits });
    };
    server(`${p.slug}`, defaults());
    for (const [slug, o] of options) {
      for (const [choice, c] of Object.entries<any>(o.choices ?? {}))
        if (!c.default) server(`${p.slug}, ${slug}=${choice}`, [...defaults(slug), c.kubespawner_override ?? {}]);
      if (o.unlisted_choice)
        server(`${p.slug}, ${slug} unlisted`, [
          ...defaults(slug),
          formatValue(o.unlisted_choice.kubespawner_override ?? {}, unlistedValue),
        ]);
    }
  }
  return out;
}

/** What `_expand_user_properties` fills in, for user `alice`'s default server. */
const PLACEHOLDERS: { [name: string]: string } = {
  userid: '1',
  username: 'alice',
  unescaped_username: 'alice',
  safe_username: 'alice',
  escaped_username: 'alice',
  servername: '',
  unescaped_servername: '',
  safe_servername: '',
  escaped_servername: '',
  user_server: 'alice',
  safe_user_server: 'alice',
  escaped_user_server: 'alice',
  hubnamespace: 'hub',
  namespace: 'hub',
  pod_name: 'jupyter-alice',
  pvc_name: 'claim-alice',
};

/** `_expand_all`: Python's `str.format` on every string (a known name, `{{`, `}}`). */
function expandAll(v: any): any {
  if (typeof v === 'string')
    return v.replace(/\{\{|\}\}|\{(\w*)\}/g, (m, name: string | undefined) => {
      if (m === '{{') return '{';
      if (m === '}}') return '}';
      if (name === undefined || !(name in PLACEHOLDERS)) throw new Error(`KeyError: '${name}' in ${JSON.stringify(v)}`);
      return PLACEHOLDERS[name];
    });
  if (Array.isArray(v)) return v.map(expandAll);
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expandAll(x)]));
  return v;
}

/** `_sorted_dict_values`: a dict-valued list trait becomes its values, by key. */
function sortedDictValues(v: any): any[] {
  if (!isDict(v)) return v ?? [];
  return Object.keys(v)
    .sort()
    .map((k) => v[k]);
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());

/** `get_k8s_model` / `update_k8s_model`: top-level keys name the model's attributes, in either case. */
function modelKeys(obj: { [k: string]: any }): { [k: string]: any } {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [camel(k), v]));
}

function noUnderscores(trait: string, sc: { [k: string]: any }): void {
  for (const key of Object.keys(sc))
    if (key.includes('_')) throw new Error(`${trait}'s keys should have k8s camelCase names, got '${key}'`);
}

function callable(trait: string, v: any): void {
  if (isDict(v) && '__callable__' in v)
    throw new Error(`${trait} is a callable (${v.__callable__}): not modelled here`);
}

/** The pod KubeSpawner 7.0.0's `make_pod` builds from `traits` (and `internalSsl`, JupyterHub's). */
export function makePod(traits: { [trait: string]: any }, internalSsl = false): PodLike {
  const t = { ...DEFAULTS, ...traits };
  for (const trait of [
    'uid',
    'gid',
    'fs_gid',
    'supplemental_gids',
    'container_security_context',
    'pod_security_context',
  ])
    callable(trait, t[trait]);
  const psc: { [k: string]: any } = {};
  if (t.fs_gid !== null) psc.fsGroup = Number(t.fs_gid);
  if (t.supplemental_gids.length > 0) psc.supplementalGroups = t.supplemental_gids.map(Number);
  noUnderscores('pod_security_context', t.pod_security_context);
  Object.assign(psc, t.pod_security_context);
  const csc: { [k: string]: any } = {};
  if (t.uid !== null) csc.runAsUser = Number(t.uid);
  if (t.gid !== null) csc.runAsGroup = Number(t.gid);
  if (t.privileged) csc.privileged = true;
  if (t.allow_privilege_escalation !== null) csc.allowPrivilegeEscalation = t.allow_privilege_escalation;
  noUnderscores('container_security_context', t.container_security_context);
  Object.assign(csc, t.container_security_context);

  const volumes = expandAll(sortedDictValues(t.volumes)).map(modelKeys);
  const volumeMounts = expandAll(sortedDictValues(t.volume_mounts)).map(modelKeys);
  if (internalSsl) {
    volumes.push({ name: 'jupyterhub-internal-certs', secret: { secretName: 'jupyter-alice', defaultMode: 511 } });
    volumeMounts.push({ name: 'jupyterhub-internal-certs', mountPath: '/etc/jupyterhub/ssl/' });
  }
  let notebook: { [k: string]: any } = {
    name: 'notebook',
    image: t.image,
    ports: [{ name: 'notebook-port', containerPort: t.port }],
    args: t.cmd ?? undefined,
    lifecycle: Object.keys(t.lifecycle_hooks).length > 0 ? modelKeys(t.lifecycle_hooks) : undefined,
    volumeMounts,
    securityContext: Object.keys(csc).length > 0 ? csc : undefined,
  };
  notebook = { ...notebook, ...modelKeys(t.extra_container_config) };

  let spec: { [k: string]: any } = {
    restartPolicy: 'OnFailure',
    securityContext: Object.keys(psc).length > 0 ? psc : undefined,
    containers: [notebook, ...expandAll(sortedDictValues(t.extra_containers)).map(modelKeys)],
    initContainers: expandAll(sortedDictValues(t.init_containers)).map(modelKeys),
    volumes,
  };
  const serviceAccount = expandAll(t.service_account);
  if (serviceAccount !== null) spec.serviceAccountName = serviceAccount;
  if (t.automount_service_account_token === null) {
    if (serviceAccount === null) spec.automountServiceAccountToken = false;
  } else spec.automountServiceAccountToken = t.automount_service_account_token;
  spec = { ...spec, ...modelKeys(expandAll(t.extra_pod_config)) };
  return { metadata: { annotations: {} }, spec: JSON.parse(JSON.stringify(spec)) };
}
