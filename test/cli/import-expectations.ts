/**
 * Where each z2jh key the import maps must arrive in the synthesized output: the KubeSpawner or
 * JupyterHub trait of jupyterhub_config.py, or the field of an object. Used by
 * test/cli/import-command-charts.test.ts, key by key (a mapped key without a check here fails).
 */
import type { ImportPlan } from '../../lib/cli/import-plan';
import type { ValueLeaf } from '../../lib/cli/import-values';

/** One synthesized chart: its YAML, its objects and its jupyterhub_config.py. */
export interface Synth {
  readonly text: string;
  readonly objs: any[];
  readonly cfg: string;
}

type Reached = (leaf: ValueLeaf, s: Synth, plan: ImportPlan) => true | string;

/** A Python literal as the config writer writes it (json.dumps style, True/False/None). */
function py(v: unknown): string {
  return JSON.stringify(v, null, 0)
    .replace(/":/g, '": ')
    .replace(/,(?=["{[\dtfn-])/g, ', ')
    .replace(/\btrue\b/g, 'True')
    .replace(/\bfalse\b/g, 'False')
    .replace(/\bnull\b/g, 'None');
}

const UNITS: { [u: string]: number } = { '': 1, K: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
function bytes(v: unknown): number {
  const m = /^(\d+(?:\.\d+)?)([KMG]i?|)$/.exec(String(v))!;
  return Number(m[1]) * UNITS[m[2]];
}

/** The value of `c.<cls>.<trait> = ...` in the config, or undefined. */
function trait(cfg: string, cls: string, name: string): string | undefined {
  return new RegExp(`^c\\.${cls}\\.${name} = (.*)$`, 'm').exec(cfg)?.[1];
}

const has = (text: string, what: string, where: string): true | string =>
  text.includes(what) ? true : `${what} is not in ${where}`;

const traitIs =
  (cls: string, name: string, f: (v: unknown) => string = py): Reached =>
  (l, s) =>
    trait(s.cfg, cls, name) === f(l.value) ? true : `c.${cls}.${name} is ${trait(s.cfg, cls, name)}, not ${f(l.value)}`;

const traitHas =
  (cls: string, name: string, f: (v: unknown) => string = (v) => String(v)): Reached =>
  (l, s) =>
    has(trait(s.cfg, cls, name) ?? '', f(l.value), `c.${cls}.${name}`);

const bytesTrait =
  (name: string): Reached =>
  (l, s) => {
    const got = Number(trait(s.cfg, 'KubeSpawner', name));
    // Decimal units become whole KiB (the library counts KiB): at most 1 KiB less.
    return got <= bytes(l.value) && bytes(l.value) - got < 1024 ? true : `${name} is ${got}, not ${bytes(l.value)}`;
  };

const find = (s: Synth, kind: string, name?: string) =>
  s.objs.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

const inObject =
  (kind: string, name: string | undefined, f: (v: unknown) => string = (v) => String(v)): Reached =>
  (l, s) => {
    const o = find(s, kind, name);
    return o ? has(JSON.stringify(o), f(l.value), `${kind} ${name ?? ''}`) : `no ${kind} ${name ?? ''}`;
  };

const secretRef: Reached = (l, s, plan) => {
  const o = plan.outcomes.get(l.key)!;
  if (o.status !== 'secret') return 'no secret outcome';
  if (o.note?.startsWith('not carried over')) return true; // the library makes its own; checked by the no-secret test
  return has(s.text, o.secretName, 'the synthesized objects (a reference to the Secret)');
};

const lastSeg = (l: ValueLeaf) => l.key.split('.').pop()!;
const nodeSelectorIn = (v: unknown) => String(v);

/** The checks, by z2jh key (without a daskhub file's `jupyterhub.` or `dask-gateway.`). */
export const EXPECTATIONS: { key: RegExp; reached: Reached }[] = [
  { key: /^singleuser\.image\.(name|tag)$/, reached: traitHas('KubeSpawner', 'image') },
  { key: /^singleuser\.memory\.limit$/, reached: bytesTrait('mem_limit') },
  { key: /^singleuser\.memory\.guarantee$/, reached: bytesTrait('mem_guarantee') },
  { key: /^singleuser\.cpu\.limit$/, reached: traitIs('KubeSpawner', 'cpu_limit', (v) => String(Number(v))) },
  { key: /^singleuser\.cpu\.guarantee$/, reached: traitIs('KubeSpawner', 'cpu_guarantee', (v) => String(Number(v))) },
  { key: /^singleuser\.defaultUrl$/, reached: traitIs('KubeSpawner', 'default_url') },
  { key: /^singleuser\.cmd$/, reached: traitIs('KubeSpawner', 'cmd') },
  { key: /^singleuser\.uid$/, reached: traitIs('KubeSpawner', 'uid') },
  { key: /^singleuser\.fsGid$/, reached: traitIs('KubeSpawner', 'fs_gid') },
  { key: /^singleuser\.startTimeout$/, reached: traitIs('KubeSpawner', 'start_timeout') },
  { key: /^singleuser\.serviceAccountName$/, reached: traitIs('KubeSpawner', 'service_account') },
  { key: /^singleuser\.podNameTemplate$/, reached: traitIs('KubeSpawner', 'pod_name_template') },
  {
    key: /^singleuser\.extraEnv\./,
    reached: (l, s, plan) => {
      const o = plan.outcomes.get(l.key)!;
      if (o.status === 'secret')
        return has(trait(s.cfg, 'KubeSpawner', 'environment') ?? '', o.secretName, 'environment');
      // The integration sets these (the values' DASHBOARD_LINK as DASHBOARD__LINK, the key distributed reads).
      if (o.status === 'mapped' && o.api === 'DaskGateway')
        return has(
          trait(s.cfg, 'KubeSpawner', 'environment') ?? '',
          `"${lastSeg(l).replace(/(?<!_)_LINK$/, '__LINK')}"`,
          'environment',
        );
      return has(trait(s.cfg, 'KubeSpawner', 'environment') ?? '', `${py(lastSeg(l))}: ${py(l.value)}`, 'environment');
    },
  },
  {
    key: /^singleuser\.profileList$/,
    reached: (l, s) => {
      const list = trait(s.cfg, 'KubeSpawner', 'profile_list') ?? '';
      const missing = (l.value as any[]).filter((p) => !list.includes(py(p.display_name)));
      return missing.length === 0 ? true : `profiles ${missing.map((p) => p.display_name)} are not in profile_list`;
    },
  },
  { key: /^singleuser\.nodeSelector\./, reached: traitHas('KubeSpawner', 'node_selector', nodeSelectorIn) },
  { key: /^singleuser\.extraTolerations$/, reached: traitHas('KubeSpawner', 'tolerations', (v: any) => v[0].key) },
  {
    key: /^singleuser\.extraNodeAffinity\.required$/,
    reached: traitHas('KubeSpawner', 'node_affinity_required', (v: any) => v[0].matchExpressions[0].key),
  },
  {
    key: /^singleuser\.networkPolicy\.enabled$/,
    reached: (l, s) =>
      !!find(s, 'NetworkPolicy', 'singleuser') === l.value ? true : `NetworkPolicy singleuser present: ${!l.value}`,
  },
  {
    key: /^singleuser\.storage\.type$/,
    reached: (l, s) => {
      const ensure = trait(s.cfg, 'KubeSpawner', 'storage_pvc_ensure');
      if (l.value === 'dynamic') return ensure === 'True' ? true : 'no storage_pvc_ensure';
      if (l.value === 'none') return trait(s.cfg, 'KubeSpawner', 'volumes') === undefined ? true : 'volumes are set';
      return has(trait(s.cfg, 'KubeSpawner', 'volumes') ?? '', 'persistentVolumeClaim', 'volumes');
    },
  },
  { key: /^singleuser\.storage\.capacity$/, reached: traitIs('KubeSpawner', 'storage_capacity') },
  { key: /^singleuser\.storage\.homeMountPath$/, reached: traitHas('KubeSpawner', 'volume_mounts', (v) => py(v)) },
  { key: /^singleuser\.storage\.dynamic\.storageClass$/, reached: traitIs('KubeSpawner', 'storage_class') },
  {
    key: /^singleuser\.storage\.dynamic\.pvcNameTemplate$/,
    // KubeSpawner 7 names `{username}{servername}` as `{user_server}`: either is the same claim name.
    reached: (l, s) => {
      const got = JSON.parse(trait(s.cfg, 'KubeSpawner', 'pvc_name_template') ?? '""');
      return got === l.value || got === String(l.value).replace('{username}{servername}', '{user_server}')
        ? true
        : `pvc_name_template is ${got}`;
    },
  },
  {
    key: /^singleuser\.storage\.extraVolumes$/,
    reached: (l, s) => {
      const volumes = trait(s.cfg, 'KubeSpawner', 'volumes') ?? '';
      const missing = (l.value as { name: string }[]).filter((v) => !volumes.includes(`"name": "${v.name}"`));
      return missing.length === 0 ? true : `volumes lack ${missing.map((v) => v.name)}`;
    },
  },
  {
    key: /^singleuser\.storage\.extraVolumeMounts$/,
    reached: (l, s) => {
      const mounts = trait(s.cfg, 'KubeSpawner', 'volume_mounts') ?? '';
      const missing = (l.value as { mountPath: string }[]).filter(
        (m) => !mounts.includes(`"mountPath": "${m.mountPath}"`),
      );
      return missing.length === 0 ? true : `volume_mounts lack ${missing.map((m) => m.mountPath)}`;
    },
  },
  { key: /^singleuser\.storage\.static\.pvcName$/, reached: traitHas('KubeSpawner', 'volumes', (v) => py(v)) },
  { key: /^singleuser\.storage\.static\.subPath$/, reached: traitHas('KubeSpawner', 'volume_mounts', (v) => py(v)) },
  {
    key: /^hub\.(activeServerLimit|allowNamedServers|namedServerLimitPerUser|redirectToServer|shutdownOnLogout|authenticatePrometheus|concurrentSpawnLimit)$/,
    reached: (l, s) => traitIs('JupyterHub', snake(lastSeg(l)))(l, s, undefined as any),
  },
  {
    key: /^debug\.enabled$/,
    reached: (_l, s) => (trait(s.cfg, 'JupyterHub', 'log_level') === '"DEBUG"' ? true : 'no debug log level'),
  },
  { key: /^hub\.consecutiveFailureLimit$/, reached: traitIs('KubeSpawner', 'consecutive_failure_limit') },
  { key: /^hub\.baseUrl$/, reached: traitIs('JupyterHub', 'base_url') },
  { key: /^hub\.extraConfig\./, reached: (l, s) => has(s.cfg, String(l.value).trim(), 'the config') },
  {
    key: /^hub\.extraEnv\./,
    reached: (l, s) =>
      has(
        JSON.stringify(find(s, 'Deployment', 'hub')),
        `"name":"${lastSeg(l)}","value":"${l.value}"`,
        'the hub Deployment',
      ),
  },
  { key: /^hub\.db\.pvc\.storage$/, reached: inObject('PersistentVolumeClaim', 'hub-db-dir') },
  { key: /^hub\.db\.pvc\.storageClassName$/, reached: inObject('PersistentVolumeClaim', 'hub-db-dir') },
  {
    key: /^hub\.db\.type$/,
    reached: (l, s) =>
      l.value === 'sqlite-pvc'
        ? inObject('PersistentVolumeClaim', 'hub-db-dir', () => 'hub-db-dir')(l, s, undefined as any)
        : 'unchecked db type',
  },
  {
    key: /^hub\.networkPolicy\.enabled$/,
    reached: (l, s) =>
      !!find(s, 'NetworkPolicy', 'hub') === l.value ? true : `NetworkPolicy hub present: ${!l.value}`,
  },
  {
    key: /^hub\.resources\.(requests|limits)\.(cpu|memory)$/,
    reached: (l, s) => {
      const r = find(s, 'Deployment', 'hub').spec.template.spec.containers[0].resources;
      const side = l.key.split('.').slice(-2)[0];
      const got = r[side][lastSeg(l)];
      return quantity(got) === quantity(l.value) ? true : `hub resources.${side}.${lastSeg(l)} is ${got}`;
    },
  },
  {
    key: /^proxy\.chp\.resources\.(requests|limits)\.(cpu|memory)$/,
    reached: (l, s) => {
      const c = find(s, 'Deployment', 'proxy').spec.template.spec.containers.find((x: any) => x.name === 'chp');
      const side = l.key.split('.').slice(-2)[0];
      const got = c.resources[side][lastSeg(l)];
      return quantity(got) === quantity(l.value) ? true : `chp resources.${side}.${lastSeg(l)} is ${got}`;
    },
  },
  { key: /^hub\.serviceAccount\.annotations\./, reached: inObject('ServiceAccount', 'hub') },
  {
    key: /^hub\.config\.JupyterHub\.authenticator_class$/,
    reached: (l, s) => {
      const want: { [k: string]: string } = {
        github: 'GitHubOAuthenticator',
        azuread: 'AzureAdOAuthenticator',
        native: 'NativeAuthenticator',
        'ldapauthenticator.LDAPAuthenticator': 'LDAPAuthenticator',
        dummy: 'SharedPasswordAuthenticator',
      };
      return has(
        trait(s.cfg, 'JupyterHub', 'authenticator_class') ?? '',
        want[String(l.value)] ?? '?',
        'authenticator_class',
      );
    },
  },
  { key: /^hub\.config\.[A-Za-z]+\.client_secret$/, reached: secretRef },
  {
    key: /^hub\.config\.([A-Za-z]+)\.oauth_callback_url$/,
    reached: (_l, s) => has(s.cfg, 'oauth_callback_url = ', 'the config (derived from the front door host)'),
  },
  {
    key: /^hub\.config\.([A-Za-z]+)\.([a-z_]+)$/,
    reached: (l, s) => {
      const [, , cls, name] = l.key.replace(/^jupyterhub\./, '').split('.');
      const v = l.value;
      const text = Array.isArray(v) ? String(v[0]) : typeof v === 'string' ? v : py(v);
      const set = new RegExp(`^c\\.\\w+\\.${name} = .*${escape(text)}`, 'm').test(s.cfg);
      return set ? true : `c.*.${name} (from ${cls}) does not hold ${text}`;
    },
  },
  { key: /^hub\.services\.[^.]+\.url$/, reached: traitHas('JupyterHub', 'services') },
  { key: /^hub\.services\.[^.]+\.(apiToken|api_token)$/, reached: secretRef },
  {
    key: /^(hub\.cookieSecret|proxy\.secretToken)$/,
    reached: (l, s, plan) =>
      plan.takeover ? has(s.text, 'name: hub\n', 'the objects (Secret hub referenced)') : secretRef(l, s, plan),
  },
  { key: /^proxy\.service\.type$/, reached: inObject('Service', 'proxy-public', (v) => `"type":"${v}"`) },
  { key: /^proxy\.service\.loadBalancerIP$/, reached: inObject('Service', 'proxy-public') },
  { key: /^proxy\.service\.loadBalancerSourceRanges$/, reached: inObject('Service', 'proxy-public', (v: any) => v[0]) },
  { key: /^proxy\.service\.annotations\./, reached: inObject('Service', 'proxy-public') },
  {
    key: /^proxy\.https\.(enabled|type)$/,
    reached: (_l, s) =>
      find(s, 'Service', 'proxy-public').spec.ports.some((p: any) => p.port === 443)
        ? true
        : 'proxy-public has no port 443',
  },
  { key: /^proxy\.https\.hosts$/, reached: (l, s) => has(s.text, (l.value as string[])[0], 'the objects') },
  { key: /^proxy\.https\.letsencrypt\.contactEmail$/, reached: inObject('ConfigMap', 'proxy-acme-client') },
  {
    key: /^proxy\.https\.manual\.cert$/,
    reached: (_l, s, plan) => has(s.text, `secretName: ${plan.name}-tls`, 'the objects'),
  },
  {
    key: /^ingress\.(enabled|hosts)$/,
    reached: (_l, s) =>
      find(s, 'Ingress') ? has(JSON.stringify(find(s, 'Ingress')), 'jupyter.example.org', 'the Ingress') : 'no Ingress',
  },
  { key: /^ingress\.ingressClassName$/, reached: inObject('Ingress', undefined, (v) => `"ingressClassName":"${v}"`) },
  { key: /^ingress\.pathType$/, reached: inObject('Ingress', undefined, (v) => `"pathType":"${v}"`) },
  { key: /^ingress\.annotations\./, reached: inObject('Ingress', undefined) },
  { key: /^ingress\.tls$/, reached: inObject('Ingress', undefined, (v: any) => v[0].secretName) },
  {
    key: /^cull\.enabled$/,
    reached: (_l, s) => has(trait(s.cfg, 'JupyterHub', 'services') ?? '', 'jupyterhub_idle_culler', 'services'),
  },
  { key: /^cull\.timeout$/, reached: traitHas('JupyterHub', 'services', (v) => `--timeout=${v}`) },
  { key: /^cull\.every$/, reached: traitHas('JupyterHub', 'services', (v) => `--cull-every=${v}`) },
  { key: /^cull\.concurrency$/, reached: traitHas('JupyterHub', 'services', (v) => `--concurrency=${v}`) },
  { key: /^cull\.maxAge$/, reached: traitHas('JupyterHub', 'services', (v) => `--max-age=${v}`) },
  {
    key: /^cull\.users$/,
    reached: (l, s) =>
      (trait(s.cfg, 'JupyterHub', 'services') ?? '').includes('--cull-users') === l.value ? true : 'cull-users differs',
  },
  { key: /^cull\.removeNamedServers$/, reached: traitHas('JupyterHub', 'services', () => '--remove-named-servers') },
  {
    key: /^scheduling\.userScheduler\.replicas$/,
    reached: (l, s) => (find(s, 'Deployment', 'user-scheduler')?.spec.replicas === l.value ? true : 'replicas differ'),
  },
  {
    key: /^scheduling\.userScheduler\.logLevel$/,
    reached: inObject('Deployment', 'user-scheduler', (v) => `--v=${v}`),
  },
  {
    key: /^scheduling\.userPlaceholder\.replicas$/,
    reached: (l, s) =>
      find(s, 'Deployment', 'user-placeholder')?.spec.replicas === l.value ? true : 'replicas differ',
  },
  {
    key: /^scheduling\.corePods\.nodeAffinity\.matchNodePurpose$/,
    reached: inObject('Deployment', 'hub', (v) =>
      v === 'require' ? 'requiredDuringSchedulingIgnoredDuringExecution' : 'preferredDuringScheduling',
    ),
  },
  {
    key: /^scheduling\.userPods\.nodeAffinity\.matchNodePurpose$/,
    reached: traitHas('KubeSpawner', v2affinity(), () => 'hub.jupyter.org/node-purpose'),
  },
  {
    key: /^gateway\.backend\.worker\.extraPodConfig\.(tolerations|affinity\..*)$/,
    reached: (_l, s) => has(s.cfg + s.text, 'k8s.dask.org/dedicated', 'the gateway config'),
  },
  { key: /^gateway\.auth\.jupyterhub\.apiToken$/, reached: secretRef },
];

function v2affinity(): string {
  return 'node_affinity_preferred';
}

function snake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A CPU or memory quantity in base units (cores, bytes), to compare 0.2 with 200m and 512Mi with 536870912. */
function quantity(v: unknown): number {
  const s = String(v);
  if (/^\d+(\.\d+)?m$/.test(s)) return Number(s.slice(0, -1)) / 1000;
  const m = /^(\d+(?:\.\d+)?)([KMG]i?|)$/.exec(s);
  return m ? Number(m[1]) * UNITS[m[2]] : NaN;
}
