/** The import's table of z2jh `singleuser.*` keys (see import-keys.ts). */
import {
  bool,
  cpu,
  data,
  int,
  isSecretKey,
  secretName,
  seconds,
  size,
  str,
  strings,
  ValueError,
} from './import-convert';
import { Expr } from './import-code';
import { Apply, ImportPlan, KeyRule, putIn } from './import-plan';

const su =
  (prop: string, conv: (p: ImportPlan, v: unknown) => Expr = (_p, v) => data(v)): Apply =>
  (p, l) => {
    p.singleUser[prop] = conv(p, l.value);
  };
const plain = (f: (v: unknown) => Expr) => (_p: ImportPlan, v: unknown) => f(v);
const storage =
  (prop: string, conv: (p: ImportPlan, v: unknown) => Expr = (_p, v) => data(v)): Apply =>
  (p, l) => {
    p.storage[prop] = conv(p, l.value);
  };

function image(part: 'name' | 'tag'): Apply {
  return (p, l) => {
    const cur = typeof p.singleUser.image === 'string' ? p.singleUser.image : '';
    const i = cur.lastIndexOf(':');
    const [name, tag] = i > cur.lastIndexOf('/') ? [cur.slice(0, i), cur.slice(i + 1)] : [cur, ''];
    const next = part === 'name' ? [str(l.value), tag] : [name, str(l.value)];
    p.singleUser.image = next[1] ? `${next[0]}:${next[1]}` : next[0];
  };
}

/** `singleuser.extraEnv.<NAME>`: a plain value, or (a token, a password) a Secret reference. */
const extraEnv: Apply = (p, l) => {
  const name = l.rest.join('.');
  if (typeof l.value === 'object' && l.value !== null)
    throw new ValueError(
      'an env entry with valueFrom: not supported by the import yet (use SingleUserOptions.secretEnv)',
    );
  if (isSecretKey(name)) {
    const secret = secretName(p.name, 'user-env');
    const key = name.toLowerCase().replace(/_/g, '-');
    p.needSecret(l, 'SingleUserOptions.secretEnv', secret, key);
    putIn(p.singleUser, 'secretEnv', name, { secretName: secret, key });
    return;
  }
  putIn(p.singleUser, 'extraEnv', name, str(l.value));
  p.mapped(l, 'SingleUserOptions.extraEnv');
};

const storageType: Apply = (p, l) => {
  const t = str(l.value);
  if (t !== 'dynamic' && t !== 'static' && t !== 'none') throw new ValueError(`${t}: one of dynamic, static, none`);
  p.storageKind = t;
};

const KUBESPAWNER_OVERRIDES: { [k: string]: [string, (p: ImportPlan, v: unknown) => Expr] } = {
  image: ['image', plain(str)],
  cpu_limit: ['cpuLimit', cpu],
  cpu_guarantee: ['cpuGuarantee', cpu],
  mem_limit: ['memoryLimit', size],
  mem_guarantee: ['memoryGuarantee', size],
  default_url: ['defaultUrl', plain(str)],
  cmd: ['cmd', plain(strings)],
  environment: ['env', plain(data)],
  node_selector: ['nodeSelector', plain(data)],
  tolerations: ['tolerations', plain(data)],
  start_timeout: ['startTimeout', seconds],
};

/** `singleuser.profileList`: each profile as a SingleUserProfile (the common KubeSpawner overrides). */
const profileList: Apply = (p, l) => {
  if (!Array.isArray(l.value)) throw new ValueError('a list of profiles');
  p.singleUser.profiles = l.value.map((prof: { [k: string]: unknown } | null, i: number) => {
    const out: { [k: string]: Expr } = {};
    for (const [k, v] of Object.entries(prof ?? {})) {
      if (k === 'display_name') out.displayName = str(v);
      else if (k === 'slug') out.slug = str(v);
      else if (k === 'description') out.description = str(v);
      else if (k === 'default') out.default = bool(v);
      else if (k === 'kubespawner_override') {
        for (const [ok, ov] of Object.entries(v ?? {})) {
          const o = KUBESPAWNER_OVERRIDES[ok];
          if (!o) throw new ValueError(`profile ${i}: kubespawner_override.${ok} is not supported by the import yet`);
          out[o[0]] = o[1](p, ov);
        }
      } else throw new ValueError(`profile ${i}: ${k} is not supported by the import yet`);
    }
    if (out.slug === undefined)
      out.slug = String(out.displayName ?? `profile-${i}`)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
    return out;
  });
};

/** `singleuser.storage.extraVolumes` with `extraVolumeMounts`: claims, ConfigMaps, Secrets and emptyDirs. */
const extraVolumes: Apply = (p, l) => {
  p.byKey.set('singleuser.storage.extraVolumes', l);
  p.mapped(l, 'SingleUserOptions.extraVolumes');
};

export const SINGLEUSER_KEYS: { readonly [schemaKey: string]: KeyRule } = {
  'singleuser.image.name': { api: 'SingleUserOptions.image', apply: image('name') },
  'singleuser.image.tag': { api: 'SingleUserOptions.image', apply: image('tag') },
  'singleuser.cpu.limit': { api: 'SingleUserOptions.cpuLimit', apply: su('cpuLimit', cpu) },
  'singleuser.cpu.guarantee': { api: 'SingleUserOptions.cpuGuarantee', apply: su('cpuGuarantee', cpu) },
  'singleuser.memory.limit': { api: 'SingleUserOptions.memoryLimit', apply: su('memoryLimit', size) },
  'singleuser.memory.guarantee': { api: 'SingleUserOptions.memoryGuarantee', apply: su('memoryGuarantee', size) },
  'singleuser.cmd': {
    api: 'SingleUserOptions.cmd',
    apply: su('cmd', (_p, v) => (typeof v === 'string' ? [v] : strings(v))),
  },
  'singleuser.defaultUrl': { api: 'SingleUserOptions.defaultUrl', apply: su('defaultUrl', plain(str)) },
  'singleuser.startTimeout': { api: 'SingleUserOptions.startTimeout', apply: su('startTimeout', seconds) },
  'singleuser.uid': { api: 'SingleUserOptions.uid', apply: su('uid', plain(int)) },
  'singleuser.fsGid': { api: 'SingleUserOptions.fsGid', apply: su('fsGid', plain(int)) },
  'singleuser.podNameTemplate': { api: 'SingleUserOptions.podNameTemplate', apply: su('podNameTemplate', plain(str)) },
  'singleuser.serviceAccountName': {
    api: 'SingleUserOptions.serviceAccountName',
    apply: su('serviceAccountName', plain(str)),
  },
  'singleuser.networkPolicy.enabled': {
    api: 'SingleUserOptions.networkPolicy',
    apply: su('networkPolicy', plain(bool)),
  },
  'singleuser.nodeSelector': {
    api: 'SingleUserOptions.nodeSelector',
    apply: (p, l) => putIn(p.singleUser, 'nodeSelector', l.rest.join('.'), str(l.value)),
  },
  'singleuser.extraTolerations': { api: 'SingleUserOptions.tolerations', apply: su('tolerations') },
  'singleuser.extraNodeAffinity.required': {
    api: 'SingleUserOptions.nodeAffinityRequired',
    apply: su('nodeAffinityRequired'),
  },
  'singleuser.extraNodeAffinity.preferred': {
    api: 'SingleUserOptions.nodeAffinityPreferred',
    apply: su('nodeAffinityPreferred'),
  },
  'singleuser.extraEnv': { api: 'SingleUserOptions.secretEnv', apply: extraEnv },
  'singleuser.profileList': { api: 'SingleUserOptions.profiles', apply: profileList },
  'singleuser.storage.type': { api: 'SingleUserOptions.storage', apply: storageType },
  'singleuser.storage.capacity': { api: 'DynamicStorageOptions.capacity', apply: storage('capacity', size) },
  'singleuser.storage.homeMountPath': {
    api: 'DynamicStorageOptions.homeMountPath',
    apply: storage('homeMountPath', plain(str)),
  },
  'singleuser.storage.dynamic.storageClass': {
    api: 'DynamicStorageOptions.storageClassName',
    apply: storage('storageClassName', plain(str)),
  },
  'singleuser.storage.dynamic.pvcNameTemplate': {
    api: 'DynamicStorageOptions.pvcNameTemplate',
    apply: storage('pvcNameTemplate', plain(str)),
  },
  'singleuser.storage.static.pvcName': {
    api: 'SingleUserStorage.shared',
    apply: (p, l) => void (p.staticStorage.claimName = str(l.value)),
  },
  'singleuser.storage.static.subPath': {
    api: 'SharedStorageOptions.subPath',
    apply: (p, l) => void (p.staticStorage.subPath = str(l.value)),
  },
  'singleuser.storage.extraVolumes': { api: 'SingleUserOptions.extraVolumes', apply: extraVolumes },
  'singleuser.storage.extraVolumeMounts': {
    api: 'UserVolume.persistentVolumeClaim',
    apply: (p, l) => p.byKey.set('singleuser.storage.extraVolumeMounts', l),
  },
  'singleuser.extraLabels': {
    api: 'KubeSpawnerTraits.extraLabels',
    apply: (p, l) => putIn((p.traits.kubeSpawner ??= {}), 'extraLabels', l.rest.join('.'), str(l.value)),
  },
  'singleuser.extraAnnotations': {
    api: 'KubeSpawnerTraits.extraAnnotations',
    apply: (p, l) => putIn((p.traits.kubeSpawner ??= {}), 'extraAnnotations', l.rest.join('.'), str(l.value)),
  },
  'singleuser.allowPrivilegeEscalation': {
    refused: 'privilege escalation in the users’ containers',
    instead:
      'SingleUserOptions.allowPrivilegeEscalation, only in a Namespace with podSecurity BASELINE (it lowers Pod Security for the whole namespace); by default the user pods meet restricted: install what needs root into the image',
  },
  'singleuser.extraPodConfig': {
    refused: 'raw pod fields (hostNetwork, hostPID, privileged, ...) past the checks',
    instead: 'the typed props of SingleUserOptions (nodeSelector, tolerations, extraVolumes, ...)',
  },
  'singleuser.cloudMetadata.blockWithIptables': {
    api: 'SingleUserOptions.blockCloudMetadata',
    apply: (p, l) => {
      if (bool(l.value))
        p.mapped(
          l,
          'SingleUserOptions.blockCloudMetadata',
          'the library blocks it with a NetworkPolicy (no privileged init container)',
        );
      else
        p.refused(
          l,
          'user servers reaching the cloud metadata server (node credentials)',
          'keep blockCloudMetadata (the default); a server that needs cloud access gets it with workload identity',
        );
    },
  },
};
