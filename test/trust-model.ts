/**
 * The trust model of a synthesized chart, computed from its objects: every pod it runs (the pod
 * templates of `dist/`, and the pods the programs create at run time from the generated config:
 * a user's server as KubeSpawner 7.0.0 makes it, a kernel from each kernel spec's template as
 * Enterprise Gateway's launcher renders it, a Dask scheduler and worker as the controller makes
 * them), and per pod: whether every container's root filesystem is read-only, whether a
 * ServiceAccount token reaches it, which Secrets it can read (mounted, in its env, or through the
 * API with the token it has), and who may connect to it (its NetworkPolicies' ingress rules, the
 * peers resolved to the chart's pods).
 *
 * Kubernetes' rules followed:
 * - the token: `automountServiceAccountToken` of the pod, else of its ServiceAccount, else true
 *   (a ServiceAccount the chart does not render is the namespace's `default`); a projected
 *   `serviceAccountToken` volume is a token too;
 * - RBAC: a RoleBinding grants its Role or ClusterRole in its namespace, a ClusterRoleBinding in
 *   every namespace; `get`, `list` or `watch` (or `*`) on `secrets` (or `*`) in the core group
 *   (or `*`) reads them, limited to `resourceNames` when given;
 * - NetworkPolicy: a pod no policy selects for Ingress admits everyone; a rule with no `from`
 *   admits every source; a peer's `podSelector` without `namespaceSelector` means the policy's
 *   namespace; `kubernetes.io/metadata.name` labels every Namespace.
 */
import { all, Obj } from './util';
import { loadHubConfig, makePod, userServers } from './users/kubespawner-make-pod';
import { clusterConfigs, makeDaskPod } from './dask/dask-controller-make-pod';
import { JINJA, render } from './kernel-launcher';

/** A pod of the chart: where it runs, its labels and its spec. */
export interface TrustPod {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [k: string]: string };
  readonly spec: any;
}

/** What the chart lets a pod do, and who may reach it. */
export interface TrustRow {
  readonly pod: string;
  /** `yes`, or the containers whose root is writable. */
  readonly readOnlyRoot: string;
  readonly token: boolean;
  /** Secret names, each with how: `mounted`, `env`, `API`. */
  readonly secrets: string[];
  /** `<ports> ← <peers>` of its ingress rules, merged by ports; `nobody` when no rule admits. */
  readonly admits: string[];
  /** `<ports> → <peers>` of its egress rules, merged by ports; `nobody` when no rule lets it connect. */
  readonly connects: string[];
}

const NOWHERE = '(install namespace)';
const hashless = (name: string) => name.replace(/-[0-9a-f]{8,}$/, '-*');

const TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'];

function templateOf(o: Obj): { labels: any; spec: any } | undefined {
  if (!TEMPLATE_KINDS.includes(o.kind)) return undefined;
  if (o.kind === 'Pod') return { labels: o.metadata.labels ?? {}, spec: o.spec };
  const t = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec.template;
  return { labels: t.metadata?.labels ?? {}, spec: t.spec };
}

/** The pod templates of the chart's workloads. */
function templatePods(objs: Obj[]): TrustPod[] {
  const out: TrustPod[] = [];
  for (const o of objs) {
    const t = templateOf(o);
    if (t === undefined) continue;
    out.push({ name: hashless(o.metadata.name), namespace: o.metadata.namespace ?? NOWHERE, ...t });
  }
  return out;
}

function hubConfigs(objs: Obj[]): { namespace: string; config: string }[] {
  return objs
    .filter((o) => o.kind === 'ConfigMap' && typeof o.data?.['jupyterhub_config.py'] === 'string')
    .map((o) => ({ namespace: o.metadata.namespace ?? NOWHERE, config: o.data['jupyterhub_config.py'] }));
}

/**
 * A user's server as KubeSpawner 7.0.0 makes it (the first server of the profile list): labels are
 * `common_labels`, `extra_labels` and `component: <component_label>` (`spawner.py` `_build_common_labels`
 * and `get_pod_manifest`).
 */
function userServerPods(objs: Obj[]): TrustPod[] {
  return hubConfigs(objs).map(({ namespace, config }) => {
    const c = loadHubConfig(config);
    const ks = c.KubeSpawner ?? {};
    const [server] = userServers(ks);
    const pod = makePod(server.traits, c.JupyterHub?.internal_ssl === true);
    const labels = {
      ...(ks.common_labels ?? { app: 'jupyterhub', heritage: 'jupyterhub' }),
      ...(ks.extra_labels ?? {}),
      component: ks.component_label ?? 'singleuser-server',
    };
    return { name: 'user server (run time)', namespace: ks.namespace ?? namespace, labels, spec: pod.spec };
  });
}

/** A kernel of each kernel spec, rendered from its template for a plain request. */
function kernelPods(objs: Obj[]): TrustPod[] {
  if (JINJA === undefined) return [];
  const out: TrustPod[] = [];
  for (const o of objs) {
    if (o.kind !== 'ConfigMap' || typeof o.data?.['kernel-pod.yaml.j2'] !== 'string') continue;
    const template: string = o.data['kernel-pod.yaml.j2'];
    const kernel = JSON.parse(o.data['kernel.json']);
    const namespace = /^ {2}namespace: "([^"]+)"$/m.exec(template)?.[1] ?? 'kernels';
    const id = '0f3d9c1e-5b8a-4c2e-9d7f-1a2b3c4d5e6f';
    const [r] = render(template, [
      {
        KERNEL_ID: id,
        KERNEL_NAME: o.metadata.name,
        KERNEL_LANGUAGE: 'python',
        KERNEL_USERNAME: 'alice',
        KERNEL_POD_NAME: `alice-${id}`,
        KERNEL_NAMESPACE: namespace,
        KERNEL_SERVICE_ACCOUNT_NAME: 'default',
        KERNEL_IMAGE: kernel.metadata.process_proxy.config.image_name,
        KERNEL_UID: '1000',
        KERNEL_GID: '100',
        KERNEL_WORKING_DIR: '/home/jovyan',
        KERNEL_HOME_NFS_PATH: '/home/nfs_share/claim/alice',
      },
    ]).results;
    const pod = r.docs?.find((d) => d.kind === 'Pod');
    if (pod === undefined) throw new Error(`kernel spec ${o.metadata.name}: ${r.error}`);
    out.push({
      name: `kernel ${o.metadata.name} (run time)`,
      namespace: pod.metadata.namespace ?? namespace,
      labels: pod.metadata.labels ?? {},
      spec: pod.spec,
    });
  }
  return out;
}

/**
 * A Dask scheduler and worker of each gateway, as its controller makes them; their labels are the
 * selectors of the policies the library writes for them (the controller sets them at run time:
 * `backends/kubernetes/controller.py`, `get_labels`).
 */
function daskPods(objs: Obj[]): TrustPod[] {
  const out: TrustPod[] = [];
  for (const o of objs) {
    if (o.kind !== 'ConfigMap' || typeof o.data?.['dask_gateway_config.py'] !== 'string') continue;
    const config: string = o.data['dask_gateway_config.py'];
    const namespace = /^c\.KubeClusterConfig\.namespace = "([^"]+)"$/m.exec(config)![1];
    const [cfg] = clusterConfigs(config, [{}]);
    for (const role of ['scheduler', 'worker'] as const) {
      const policy = all(objs, 'NetworkPolicy').find(
        (p) =>
          p.metadata.namespace === namespace &&
          p.spec.podSelector?.matchLabels?.['app.kubernetes.io/component'] === `dask-${role}`,
      );
      if (policy === undefined) throw new Error(`no NetworkPolicy selects the Dask ${role}s in ${namespace}`);
      out.push({
        name: `dask ${role} (run time)`,
        namespace,
        labels: policy.spec.podSelector.matchLabels,
        spec: makeDaskPod(cfg, role).spec,
      });
    }
  }
  return out;
}

/** Every pod of the chart, templates first, then the run-time pods. */
export function chartPods(objs: Obj[]): TrustPod[] {
  return [...templatePods(objs), ...userServerPods(objs), ...kernelPods(objs), ...daskPods(objs)];
}

function containers(spec: any): any[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

function readOnlyRoot(pod: TrustPod): string {
  const writable = containers(pod.spec)
    .filter((c) => c.securityContext?.readOnlyRootFilesystem !== true)
    .map((c) => c.name);
  return writable.length === 0 ? 'yes' : `no: ${writable.join(', ')}`;
}

function hasToken(pod: TrustPod, objs: Obj[]): boolean {
  const projected = (pod.spec.volumes ?? []).some((v: any) =>
    (v.projected?.sources ?? []).some((s: any) => s.serviceAccountToken !== undefined),
  );
  if (projected) return true;
  if (pod.spec.automountServiceAccountToken !== undefined) return pod.spec.automountServiceAccountToken;
  const sa = all(objs, 'ServiceAccount').find(
    (s) =>
      s.metadata.name === (pod.spec.serviceAccountName ?? 'default') &&
      (s.metadata.namespace ?? NOWHERE) === pod.namespace,
  );
  return sa?.automountServiceAccountToken ?? true;
}

function mountedSecrets(pod: TrustPod): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (name: string | undefined, how: string) => {
    if (name === undefined) return;
    out.set(name, (out.get(name) ?? new Set()).add(how));
  };
  for (const v of pod.spec.volumes ?? []) {
    add(v.secret?.secretName, 'mounted');
    for (const s of v.projected?.sources ?? []) add(s.secret?.name, 'mounted');
  }
  for (const c of containers(pod.spec)) {
    for (const e of c.env ?? []) add(e.valueFrom?.secretKeyRef?.name, 'env');
    for (const e of c.envFrom ?? []) add(e.secretRef?.name, 'env');
  }
  return out;
}

const creates = (rule: any) =>
  (rule.apiGroups ?? []).some((g: string) => g === '' || g === '*') &&
  (rule.resources ?? []).some((r: string) => r === 'pods' || r === '*') &&
  (rule.verbs ?? []).some((v: string) => ['create', '*'].includes(v));

const reads = (rule: any) =>
  (rule.apiGroups ?? []).some((g: string) => g === '' || g === '*') &&
  (rule.resources ?? []).some((r: string) => r === 'secrets' || r === '*') &&
  (rule.verbs ?? []).some((v: string) => ['get', 'list', 'watch', '*'].includes(v));

/** The Secrets the pod's ServiceAccount may read through the API (`<name>` or `* in <ns>`), or mount in a pod it creates. */
function apiSecrets(pod: TrustPod, objs: Obj[]): [string, string][] {
  const sa = pod.spec.serviceAccountName ?? 'default';
  const out: [string, string][] = [];
  const bindings = [...all(objs, 'RoleBinding'), ...all(objs, 'ClusterRoleBinding')];
  for (const b of bindings) {
    const bound = (b.subjects ?? []).some(
      (s: any) =>
        s.kind === 'ServiceAccount' &&
        s.name === sa &&
        (s.namespace ?? b.metadata.namespace ?? NOWHERE) === pod.namespace,
    );
    if (!bound) continue;
    const role = objs.find(
      (r) =>
        r.kind === b.roleRef.kind &&
        r.metadata.name === b.roleRef.name &&
        (r.kind === 'ClusterRole' || r.metadata.namespace === b.metadata.namespace),
    );
    const where = b.kind === 'ClusterRoleBinding' ? 'every namespace' : (b.metadata.namespace ?? NOWHERE);
    for (const rule of role?.rules ?? []) {
      // A pod it may create may mount any Secret of that namespace.
      if (creates(rule)) out.push([`* in ${where}`, 'pods it creates']);
      if (!reads(rule)) continue;
      if (rule.resourceNames?.length > 0)
        out.push(...rule.resourceNames.map((n: string): [string, string] => [n, 'API']));
      else out.push([`* in ${where}`, 'API']);
    }
  }
  return out;
}

function secretsOf(pod: TrustPod, objs: Obj[], token: boolean): string[] {
  const m = mountedSecrets(pod);
  if (token) for (const [n, how] of apiSecrets(pod, objs)) m.set(n, (m.get(n) ?? new Set()).add(how));
  return [...m.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([n, how]) => `${n} (${[...how].sort().join(', ')})`);
}

const matchLabels = (sel: any, labels: { [k: string]: string }) =>
  sel !== undefined &&
  Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
  (sel.matchExpressions ?? []).every((e: any) => {
    const has = e.key in labels;
    if (e.operator === 'Exists') return has;
    if (e.operator === 'DoesNotExist') return !has;
    if (e.operator === 'In') return has && e.values.includes(labels[e.key]);
    if (e.operator === 'NotIn') return !has || !e.values.includes(labels[e.key]);
    throw new Error(`selector operator ${e.operator}`);
  });

function namespaceLabels(objs: Obj[], ns: string): { [k: string]: string } {
  const n = all(objs, 'Namespace').find((x) => x.metadata.name === ns);
  return { ...(n?.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns };
}

const selectorText = (sel: any) =>
  Object.entries(sel?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** The pods (by name) a NetworkPolicy peer matches, or its CIDR, or the labels no pod of the chart has. */
function peerNames(peer: any, policyNs: string, pods: TrustPod[], objs: Obj[]): string[] {
  if (peer.ipBlock !== undefined)
    return [
      peer.ipBlock.except?.length > 0
        ? `${peer.ipBlock.cidr} except ${peer.ipBlock.except.join(' ')}`
        : peer.ipBlock.cidr,
    ];
  const matched = pods.filter(
    (p) =>
      (peer.namespaceSelector === undefined
        ? p.namespace === policyNs
        : matchLabels(peer.namespaceSelector, namespaceLabels(objs, p.namespace))) &&
      (peer.podSelector === undefined || matchLabels(peer.podSelector, p.labels)),
  );
  if (matched.length > 0) return matched.map((p) => p.name);
  const ns = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
  const where =
    peer.namespaceSelector === undefined
      ? ''
      : ns !== undefined
        ? ` in namespace ${ns}`
        : ` in namespaces labelled ${selectorText(peer.namespaceSelector)}`;
  const labels = selectorText(peer.podSelector);
  return [labels === '' ? `any pod${where}` : `pods labelled ${labels}${where} (none in the chart)`];
}

function portsText(ports: any[] | undefined): string {
  if (ports === undefined || ports.length === 0) return 'all ports';
  const text = (p: any) =>
    `${p.port ?? 'all'}${p.endPort !== undefined ? `-${p.endPort}` : ''}${
      p.protocol !== undefined && p.protocol !== 'TCP' ? `/${p.protocol.toLowerCase()}` : ''
    }`;
  return [...new Set(ports.map(text))].sort().join(', ');
}

/** Per direction, `<ports> ← <peers>` of every rule of the policies that select the pod, merged by ports. */
function policyRules(pod: TrustPod, pods: TrustPod[], objs: Obj[], direction: 'Ingress' | 'Egress'): string[] {
  const policies = all(objs, 'NetworkPolicy').filter(
    (p) =>
      (p.metadata.namespace ?? NOWHERE) === pod.namespace &&
      matchLabels(p.spec.podSelector ?? {}, pod.labels) &&
      (p.spec.policyTypes ?? (direction === 'Ingress' || p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'])).includes(
        direction,
      ),
  );
  if (policies.length === 0) return ['anywhere (no NetworkPolicy)'];
  const byPorts = new Map<string, Set<string>>();
  for (const p of policies)
    for (const rule of (direction === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []) {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      const names =
        peers === undefined || peers.length === 0
          ? ['anywhere']
          : peers.flatMap((f: any) => peerNames(f, p.metadata.namespace ?? NOWHERE, pods, objs));
      const ports = portsText(rule.ports);
      byPorts.set(ports, new Set([...(byPorts.get(ports) ?? []), ...names]));
    }
  if (byPorts.size === 0) return ['nobody'];
  const arrow = direction === 'Ingress' ? '←' : '→';
  return [...byPorts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ports, names]) => `${ports} ${arrow} ${[...names].sort().join(', ')}`);
}

/** The trust model of a chart: one row per pod. */
export function trustModel(objs: Obj[]): TrustRow[] {
  const pods = chartPods(objs);
  return pods.map((pod) => {
    const token = hasToken(pod, objs);
    return {
      pod: pod.name,
      readOnlyRoot: readOnlyRoot(pod),
      token,
      secrets: secretsOf(pod, objs, token),
      admits: policyRules(pod, pods, objs, 'Ingress'),
      connects: policyRules(pod, pods, objs, 'Egress'),
    };
  });
}

/** A cell of the tables: each entry in code, one per line. */
const cell = (xs: string[]) => (xs.length === 0 ? 'none' : xs.map((x) => `\`${x}\``).join('<br>'));

/** The rows as the docs' two tables: what each pod holds, and who reaches whom. */
export function trustTables(rows: TrustRow[], why: { [pod: string]: string } = {}): string {
  return [
    '| pod | read-only root | ServiceAccount token | Secrets it can read |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| \`${r.pod}\` | ${r.readOnlyRoot} | ${r.token ? `yes${why[r.pod] ? `: ${why[r.pod]}` : ''}` : 'no'} | ${cell(r.secrets)} |`,
    ),
    '',
    '| pod | admits (ports ← from) | connects to (ports → to) |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| \`${r.pod}\` | ${cell(r.admits)} | ${cell(r.connects)} |`),
  ].join('\n');
}
