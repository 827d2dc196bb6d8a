/**
 * A Pod Security Standards checker, for the tests: the `baseline` and `restricted` controls of
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/ as the policy of
 * Kubernetes v1.36 defines them, the version every Namespace of the library pins. Each check is
 * written from that page and from the policy's own code, kubernetes/pod-security-admission
 * v0.36.2 `policy/check_*.go` (which the API server's PodSecurity admission runs): the same check
 * ids, fields, allowed values and version rules (the v1.36 column of each check's `Versions`).
 *
 * A check reads the pod as the API server sees it: `metadata.annotations` and `spec`, with the
 * init, regular and ephemeral containers (`policy/visitor.go`). A workload is checked by its pod
 * template ({@link podSpecOf}), as the admission's `warn` and `audit` modes do.
 */

/** A container as far as the checks read it. */
type Container = { name: string; [field: string]: any };

/** A pod's metadata and spec as far as the checks read them. */
export interface PodLike {
  readonly metadata?: { readonly annotations?: { readonly [key: string]: string } };
  readonly spec: { readonly [field: string]: any };
}

/** One control a pod breaks: the check's id (as pod-security-admission names it) and why. */
export interface Violation {
  readonly check: string;
  readonly detail: string;
}

type Check = (pod: PodLike) => string | undefined;

function containers(spec: PodLike['spec']): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

/** The containers `bad` picks, as "containers \"a\", \"b\" <what>", or undefined when none. */
function badContainers(spec: PodLike['spec'], bad: (c: Container) => boolean, what: string): string | undefined {
  const names = containers(spec)
    .filter(bad)
    .map((c) => `"${c.name}"`);
  return names.length === 0 ? undefined : `container${names.length > 1 ? 's' : ''} ${names.join(', ')} ${what}`;
}

const sc = (c: Container) => c.securityContext ?? {};
const podSc = (p: PodLike) => p.spec.securityContext ?? {};
const isWindows = (p: PodLike) => p.spec.os?.name === 'windows';
/** `hostUsers: false`: 1.35 relaxes runAsNonRoot, runAsUser and baseline procMount for it (`policy/helpers.go`). */
const userNamespaced = (p: PodLike) => p.spec.hostUsers === false;

// ---- baseline -------------------------------------------------------------------------------

/** HostProcess: windowsOptions.hostProcess undefined or false, pod and containers. */
const windowsHostProcess: Check = (p) => {
  if (podSc(p).windowsOptions?.hostProcess === true) return 'pod sets windowsOptions.hostProcess=true';
  return badContainers(p.spec, (c) => sc(c).windowsOptions?.hostProcess === true, 'set hostProcess=true');
};

/** Host Namespaces: hostNetwork, hostPID, hostIPC undefined or false. */
const hostNamespaces: Check = (p) => {
  const set = ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => p.spec[f] === true);
  return set.length === 0 ? undefined : set.map((f) => `${f}=true`).join(', ');
};

/** Privileged Containers: securityContext.privileged undefined or false. */
const privileged: Check = (p) =>
  badContainers(p.spec, (c) => sc(c).privileged === true, 'must not set securityContext.privileged=true');

/** Capabilities (baseline): capabilities.add only from the default set. */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const capabilitiesBaseline: Check = (p) =>
  badContainers(
    p.spec,
    (c) => (sc(c).capabilities?.add ?? []).some((cap: string) => !BASELINE_CAPABILITIES.has(cap)),
    'add capabilities beyond the default set',
  );

/** HostPath Volumes: no hostPath volume. */
const hostPathVolumes: Check = (p) => {
  const names = (p.spec.volumes ?? []).filter((v: any) => v.hostPath !== undefined).map((v: any) => v.name);
  return names.length === 0 ? undefined : `hostPath volumes ${names.join(', ')}`;
};

/** Host Ports: hostPort undefined or 0. */
const hostPorts: Check = (p) =>
  badContainers(p.spec, (c) => (c.ports ?? []).some((port: any) => (port.hostPort ?? 0) !== 0), 'use hostPort');

/** Host Probes / Lifecycle Hooks (v1.34+): no `host` in httpGet or tcpSocket of probes and lifecycle handlers. */
const hostProbesAndHostLifecycle: Check = (p) => {
  const hosts = (h: any) => [h?.httpGet?.host, h?.tcpSocket?.host].some((x) => x !== undefined && x !== '');
  return badContainers(
    p.spec,
    (c) =>
      [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop].some(hosts),
    'set a probe or lifecycle host',
  );
};

/** AppArmor: profile type RuntimeDefault, Localhost or undefined; the beta annotations runtime/default or localhost/*. */
const appArmorProfile: Check = (p) => {
  // A profile given must name an allowed type (an empty one is not).
  const bad = (profile: any) => profile !== undefined && !['RuntimeDefault', 'Localhost'].includes(profile.type);
  if (bad(podSc(p).appArmorProfile)) return `pod sets AppArmor profile type ${podSc(p).appArmorProfile.type}`;
  const badC = badContainers(p.spec, (c) => bad(sc(c).appArmorProfile), 'set a forbidden AppArmor profile type');
  if (badC !== undefined) return badC;
  const annotations = Object.entries(p.metadata?.annotations ?? {}).filter(
    ([k, v]) =>
      k.startsWith('container.apparmor.security.beta.kubernetes.io/') &&
      !(v === '' || v === 'runtime/default' || v.startsWith('localhost/')),
  );
  return annotations.length === 0 ? undefined : `annotations ${annotations.map(([k, v]) => `${k}=${v}`).join(', ')}`;
};

/** SELinux: type empty or one of the container types (v1.31: container_engine_t too); no user, no role. */
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const seLinuxOptions: Check = (p) => {
  const bad = (o: any) => o !== undefined && (!SELINUX_TYPES.has(o.type ?? '') || !!o.user || !!o.role);
  if (bad(podSc(p).seLinuxOptions)) return 'pod sets forbidden seLinuxOptions';
  return badContainers(p.spec, (c) => bad(sc(c).seLinuxOptions), 'set forbidden seLinuxOptions');
};

/** /proc Mount Type: procMount undefined or Default (baseline, v1.35: any value with hostUsers: false). */
const unmaskedProc = (p: PodLike) =>
  badContainers(
    p.spec,
    (c) => sc(c).procMount !== undefined && sc(c).procMount !== 'Default',
    'must not set securityContext.procMount',
  );
const procMount: Check = (p) => (userNamespaced(p) ? undefined : unmaskedProc(p));

/** Seccomp (baseline): profile type RuntimeDefault, Localhost or undefined, pod and containers. */
const okSeccomp = (t: string | undefined) => t === 'RuntimeDefault' || t === 'Localhost';
const seccompProfileBaseline: Check = (p) => {
  const pod = podSc(p).seccompProfile;
  if (pod !== undefined && !okSeccomp(pod.type)) return `pod sets seccompProfile.type ${pod.type}`;
  return badContainers(
    p.spec,
    (c) => sc(c).seccompProfile !== undefined && !okSeccomp(sc(c).seccompProfile.type),
    'set a forbidden seccompProfile.type',
  );
};

/** Sysctls: only the safe set (the v1.32 set, unchanged in v1.36). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);
const sysctls: Check = (p) => {
  const bad = (podSc(p).sysctls ?? []).map((s: any) => s.name).filter((n: string) => !SAFE_SYSCTLS.has(n));
  return bad.length === 0 ? undefined : `forbidden sysctls ${bad.join(', ')}`;
};

// ---- restricted -----------------------------------------------------------------------------

/** Volume Types: only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret. */
const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const restrictedVolumes: Check = (p) => {
  const bad = (p.spec.volumes ?? []).filter(
    (v: any) => !Object.keys(v).some((k) => k !== 'name' && RESTRICTED_VOLUME_TYPES.has(k)),
  );
  if (bad.length === 0) return undefined;
  const types = bad.map((v: any) => Object.keys(v).find((k) => k !== 'name') ?? 'unknown');
  return `volumes ${bad.map((v: any) => v.name).join(', ')} use restricted volume types ${types.join(', ')}`;
};

/** Privilege Escalation: allowPrivilegeEscalation=false on every container (a Windows pod is exempt, v1.25+). */
const allowPrivilegeEscalation: Check = (p) =>
  isWindows(p)
    ? undefined
    : badContainers(
        p.spec,
        (c) => sc(c).allowPrivilegeEscalation !== false,
        'must set securityContext.allowPrivilegeEscalation=false',
      );

/** Running as Non-root: runAsNonRoot=true on the pod or every container, false nowhere (v1.35: any with hostUsers: false). */
const runAsNonRoot: Check = (p) => {
  if (userNamespaced(p)) return undefined;
  const pod = podSc(p).runAsNonRoot;
  if (pod === false) return 'pod must not set securityContext.runAsNonRoot=false';
  const explicit = badContainers(
    p.spec,
    (c) => sc(c).runAsNonRoot === false,
    'must not set securityContext.runAsNonRoot=false',
  );
  if (explicit !== undefined) return explicit;
  if (pod === true) return undefined;
  return badContainers(
    p.spec,
    (c) => sc(c).runAsNonRoot !== true,
    'must set securityContext.runAsNonRoot=true (or the pod must)',
  );
};

/** Running as Non-root user: runAsUser not 0, pod and containers (v1.35: any with hostUsers: false). */
const runAsUser: Check = (p) => {
  if (userNamespaced(p)) return undefined;
  if (podSc(p).runAsUser === 0) return 'pod must not set runAsUser=0';
  return badContainers(p.spec, (c) => sc(c).runAsUser === 0, 'must not set runAsUser=0');
};

/** Seccomp (restricted): RuntimeDefault or Localhost on the pod, or on every container (a Windows pod is exempt). */
const seccompProfileRestricted: Check = (p) => {
  if (isWindows(p)) return undefined;
  const explicit = seccompProfileBaseline(p);
  if (explicit !== undefined) return explicit;
  if (podSc(p).seccompProfile !== undefined) return undefined;
  return badContainers(
    p.spec,
    (c) => sc(c).seccompProfile === undefined,
    'must set securityContext.seccompProfile.type to RuntimeDefault or Localhost (or the pod must)',
  );
};

/** Capabilities (restricted): drop includes ALL, add only NET_BIND_SERVICE (a Windows pod is exempt). */
const capabilitiesRestricted: Check = (p) => {
  if (isWindows(p)) return undefined;
  const missing = badContainers(
    p.spec,
    (c) => !(sc(c).capabilities?.drop ?? []).includes('ALL'),
    'must set securityContext.capabilities.drop=["ALL"]',
  );
  const adding = badContainers(
    p.spec,
    (c) => (sc(c).capabilities?.add ?? []).some((cap: string) => cap !== 'NET_BIND_SERVICE'),
    'must not add capabilities other than NET_BIND_SERVICE',
  );
  const both = [missing, adding].filter((x) => x !== undefined);
  return both.length === 0 ? undefined : both.join('; ');
};

/**
 * The checks of each level at v1.36, by pod-security-admission's ids. A restricted check that
 * overrides a baseline one (`OverrideCheckIDs`) replaces it: `capabilities_restricted` for
 * `capabilities_baseline`, `restrictedVolumes` for `hostPathVolumes`, `seccompProfile_restricted`
 * for `seccompProfile_baseline`, `procMount_restricted` (v1.35+, unconditional) for `procMount`.
 */
const BASELINE: [string, Check][] = [
  ['windowsHostProcess', windowsHostProcess],
  ['hostNamespaces', hostNamespaces],
  ['privileged', privileged],
  ['capabilities_baseline', capabilitiesBaseline],
  ['hostPathVolumes', hostPathVolumes],
  ['hostPorts', hostPorts],
  ['hostProbesAndHostLifecycle', hostProbesAndHostLifecycle],
  ['appArmorProfile', appArmorProfile],
  ['seLinuxOptions', seLinuxOptions],
  ['procMount', procMount],
  ['seccompProfile_baseline', seccompProfileBaseline],
  ['sysctls', sysctls],
];
const RESTRICTED: [string, Check][] = [
  ['restrictedVolumes', restrictedVolumes],
  ['allowPrivilegeEscalation', allowPrivilegeEscalation],
  ['runAsNonRoot', runAsNonRoot],
  ['runAsUser', runAsUser],
  ['seccompProfile_restricted', seccompProfileRestricted],
  ['capabilities_restricted', capabilitiesRestricted],
  ['procMount_restricted', unmaskedProc],
];
const OVERRIDDEN = new Set(['capabilities_baseline', 'hostPathVolumes', 'seccompProfile_baseline', 'procMount']);

/** The controls of `level` (v1.36) that `pod` breaks; empty when it complies. */
export function checkPodSecurity(level: 'baseline' | 'restricted', pod: PodLike): Violation[] {
  const checks = level === 'baseline' ? BASELINE : [...BASELINE.filter(([id]) => !OVERRIDDEN.has(id)), ...RESTRICTED];
  const out: Violation[] = [];
  for (const [check, run] of checks) {
    const detail = run(pod);
    if (detail !== undefined) out.push({ check, detail });
  }
  return out;
}

/** Kinds whose `spec.template` is a pod template. */
const TEMPLATE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
]);

/** The pod (metadata and spec) of a Pod, or of a workload's pod template; undefined for other kinds. */
export function podSpecOf(obj: { kind: string; metadata?: any; spec?: any; template?: any }): PodLike | undefined {
  if (obj.kind === 'Pod') return { metadata: obj.metadata, spec: obj.spec };
  if (TEMPLATE_KINDS.has(obj.kind)) return obj.spec.template;
  if (obj.kind === 'CronJob') return obj.spec.jobTemplate.spec.template;
  if (obj.kind === 'PodTemplate') return obj.template;
  return undefined;
}
