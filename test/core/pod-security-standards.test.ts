/**
 * The Pod Security checker of the tests (`pod-security-standards.ts`), on Pod Security's own
 * examples: for every control of https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * (Kubernetes v1.36), small pods that pass and pods that fail, written after the allowed values of
 * that page and the cases of kubernetes/pod-security-admission v0.36.2 `test/fixtures_*.go`: each
 * case is one change to the minimal valid pod of its level (`test/fixtures.go`: an init container
 * and a container; for `restricted` the pod sets runAsNonRoot and seccomp RuntimeDefault, each
 * container allowPrivilegeEscalation=false and drops ALL capabilities). A failing pod must break
 * exactly its control, a passing one none.
 */
import { checkPodSecurity, PodLike } from './pod-security-standards';

type Level = 'baseline' | 'restricted';
type Pod = { metadata: { annotations?: { [k: string]: string } }; spec: { [field: string]: any } };

function minimal(level: Level): Pod {
  if (level === 'baseline')
    return {
      metadata: {},
      spec: {
        initContainers: [{ name: 'initcontainer1', image: 'registry.k8s.io/pause' }],
        containers: [{ name: 'container1', image: 'registry.k8s.io/pause' }],
      },
    };
  const container = (name: string) => ({
    name,
    image: 'registry.k8s.io/pause',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  });
  return {
    metadata: {},
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [container('initcontainer1')],
      containers: [container('container1')],
    },
  };
}

/** One change to a pod: `c` is the container, `i` the init container (security contexts made). */
type Tweak = (p: Pod, c: any, i: any) => void;

function tweak(level: Level, t: Tweak): PodLike {
  const p = minimal(level);
  p.spec.securityContext ??= {};
  const [i] = p.spec.initContainers;
  const [c] = p.spec.containers;
  i.securityContext ??= {};
  c.securityContext ??= {};
  t(p, c, i);
  return p;
}

const ids = (level: Level, pod: PodLike) => checkPodSecurity(level, pod).map((v) => v.check);

/** A control: its check id per level, the pods that comply and those that break it (by name). */
interface Control {
  readonly id: { baseline?: string; restricted: string };
  readonly pass: { [name: string]: Tweak };
  readonly fail: { [name: string]: Tweak };
}

const pairs = (x: { [name: string]: Tweak }) => Object.entries(x);

const BASELINE_CONTROLS: { [control: string]: Control } = {
  HostProcess: {
    id: { baseline: 'windowsHostProcess', restricted: 'windowsHostProcess' },
    pass: {
      'hostProcess false everywhere': (p, c, i) => {
        p.spec.securityContext.windowsOptions = { hostProcess: false };
        c.securityContext.windowsOptions = { hostProcess: false };
        i.securityContext.windowsOptions = { hostProcess: false };
      },
    },
    fail: {
      'pod hostProcess': (p) => (p.spec.securityContext.windowsOptions = { hostProcess: true }),
      'container hostProcess': (_p, c) => (c.securityContext.windowsOptions = { hostProcess: true }),
      'init container hostProcess': (_p, _c, i) => (i.securityContext.windowsOptions = { hostProcess: true }),
    },
  },
  'Host Namespaces': {
    id: { baseline: 'hostNamespaces', restricted: 'hostNamespaces' },
    pass: {
      'all false': (p) => Object.assign(p.spec, { hostNetwork: false, hostPID: false, hostIPC: false }),
    },
    fail: {
      hostNetwork: (p) => (p.spec.hostNetwork = true),
      hostPID: (p) => (p.spec.hostPID = true),
      hostIPC: (p) => (p.spec.hostIPC = true),
    },
  },
  'Privileged Containers': {
    id: { baseline: 'privileged', restricted: 'privileged' },
    pass: {
      'privileged false': (_p, c, i) => {
        c.securityContext.privileged = false;
        i.securityContext.privileged = false;
      },
    },
    fail: {
      container: (_p, c) => (c.securityContext.privileged = true),
      'init container': (_p, _c, i) => (i.securityContext.privileged = true),
    },
  },
  'Capabilities (baseline: the default set)': {
    id: { baseline: 'capabilities_baseline', restricted: 'capabilities_restricted' },
    pass: {
      'NET_BIND_SERVICE added': (_p, c, i) => {
        c.securityContext.capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] };
        i.securityContext.capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] };
      },
    },
    fail: {
      'NET_RAW added': (_p, c) => (c.securityContext.capabilities = { drop: ['ALL'], add: ['NET_RAW'] }),
      'SYS_ADMIN added to the init container': (_p, _c, i) =>
        (i.securityContext.capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] }),
    },
  },
  'HostPath Volumes': {
    id: { baseline: 'hostPathVolumes', restricted: 'restrictedVolumes' },
    pass: { 'an emptyDir': (p) => (p.spec.volumes = [{ name: 'scratch', emptyDir: {} }]) },
    fail: { 'a hostPath': (p) => (p.spec.volumes = [{ name: 'node', hostPath: { path: '/var/run/docker.sock' } }]) },
  },
  'Host Ports': {
    id: { baseline: 'hostPorts', restricted: 'hostPorts' },
    pass: {
      'no hostPort, or 0': (_p, c, i) => {
        c.ports = [{ containerPort: 8080 }];
        i.ports = [{ containerPort: 8081, hostPort: 0 }];
      },
    },
    fail: {
      container: (_p, c) => (c.ports = [{ containerPort: 8080, hostPort: 8080 }]),
      'init container': (_p, _c, i) => (i.ports = [{ containerPort: 8080, hostPort: 12345 }]),
    },
  },
  'Host Probes / Lifecycle Hooks (v1.34+)': {
    id: { baseline: 'hostProbesAndHostLifecycle', restricted: 'hostProbesAndHostLifecycle' },
    pass: {
      'probes and hooks without host (or an empty one)': (_p, c) => {
        c.livenessProbe = { httpGet: { port: 8080, path: '/health' } };
        c.readinessProbe = { tcpSocket: { port: 8080, host: '' } };
        c.lifecycle = { preStop: { httpGet: { port: 8080, path: '/stop' } } };
      },
    },
    fail: {
      'livenessProbe.httpGet.host': (_p, c) => (c.livenessProbe = { httpGet: { port: 80, host: 'example.org' } }),
      'readinessProbe.tcpSocket.host': (_p, c) => (c.readinessProbe = { tcpSocket: { port: 80, host: '10.0.0.1' } }),
      'startupProbe.httpGet.host': (_p, c) => (c.startupProbe = { httpGet: { port: 80, host: '169.254.169.254' } }),
      'lifecycle.postStart.httpGet.host': (_p, c) =>
        (c.lifecycle = { postStart: { httpGet: { port: 80, host: 'example.org' } } }),
      'lifecycle.preStop.tcpSocket.host (init container)': (_p, _c, i) =>
        (i.lifecycle = { preStop: { tcpSocket: { port: 80, host: 'example.org' } } }),
    },
  },
  AppArmor: {
    id: { baseline: 'appArmorProfile', restricted: 'appArmorProfile' },
    pass: {
      'RuntimeDefault on the pod': (p) => (p.spec.securityContext.appArmorProfile = { type: 'RuntimeDefault' }),
      'Localhost on a container': (_p, c) =>
        (c.securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'k8s-nginx' }),
      'annotations runtime/default and localhost/*': (p) =>
        (p.metadata.annotations = {
          'container.apparmor.security.beta.kubernetes.io/container1': 'runtime/default',
          'container.apparmor.security.beta.kubernetes.io/initcontainer1': 'localhost/k8s-nginx',
        }),
    },
    fail: {
      'Unconfined on the pod': (p) => (p.spec.securityContext.appArmorProfile = { type: 'Unconfined' }),
      'Unconfined on a container': (_p, c) => (c.securityContext.appArmorProfile = { type: 'Unconfined' }),
      'annotation unconfined': (p) =>
        (p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/container1': 'unconfined' }),
    },
  },
  SELinux: {
    id: { baseline: 'seLinuxOptions', restricted: 'seLinuxOptions' },
    pass: {
      'the container types, and a level': (p, c, i) => {
        p.spec.securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' };
        c.securityContext.seLinuxOptions = { type: 'container_init_t' };
        i.securityContext.seLinuxOptions = { type: 'container_kvm_t' };
      },
      'container_engine_t (v1.31+)': (_p, c) => (c.securityContext.seLinuxOptions = { type: 'container_engine_t' }),
    },
    fail: {
      'another type': (p) => (p.spec.securityContext.seLinuxOptions = { type: 'spc_t' }),
      'a user': (_p, c) => (c.securityContext.seLinuxOptions = { user: 'system_u' }),
      'a role': (_p, _c, i) => (i.securityContext.seLinuxOptions = { role: 'system_r' }),
    },
  },
  '/proc Mount Type': {
    id: { baseline: 'procMount', restricted: 'procMount_restricted' },
    pass: {
      Default: (_p, c, i) => {
        c.securityContext.procMount = 'Default';
        i.securityContext.procMount = 'Default';
      },
    },
    fail: {
      'Unmasked container': (_p, c) => (c.securityContext.procMount = 'Unmasked'),
      'Unmasked init container': (_p, _c, i) => (i.securityContext.procMount = 'Unmasked'),
    },
  },
  'Seccomp (baseline: no unconfined profile)': {
    id: { baseline: 'seccompProfile_baseline', restricted: 'seccompProfile_restricted' },
    pass: {
      'RuntimeDefault on the pod': (p) => (p.spec.securityContext.seccompProfile = { type: 'RuntimeDefault' }),
      'Localhost on the pod': (p) =>
        (p.spec.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'testing' }),
    },
    fail: {
      'Unconfined on the pod': (p) => (p.spec.securityContext.seccompProfile = { type: 'Unconfined' }),
      'Unconfined on a container': (_p, c) => (c.securityContext.seccompProfile = { type: 'Unconfined' }),
    },
  },
  Sysctls: {
    id: { baseline: 'sysctls', restricted: 'sysctls' },
    pass: {
      'the safe set': (p) =>
        (p.spec.securityContext.sysctls = [
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
        ].map((name) => ({ name, value: '0' }))),
    },
    fail: {
      'kernel.msgmax': (p) => (p.spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]),
      'net.ipv4.ip_forward': (p) => (p.spec.securityContext.sysctls = [{ name: 'net.ipv4.ip_forward', value: '1' }]),
    },
  },
};

const RESTRICTED_VOLUMES = [
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'portworxVolume',
  'photonPersistentDisk',
  'scaleIO',
  'storageos',
];

const RESTRICTED_CONTROLS: { [control: string]: Control } = {
  'Volume Types': {
    id: { restricted: 'restrictedVolumes' },
    pass: {
      'every allowed type': (p) =>
        (p.spec.volumes = [
          { name: 'a', configMap: { name: 'cm' } },
          { name: 'b', csi: { driver: 'inline.storage.kubernetes.io' } },
          { name: 'c', downwardAPI: { items: [] } },
          { name: 'd', emptyDir: {} },
          { name: 'e', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
          { name: 'f', image: { reference: 'registry.k8s.io/pause' } },
          { name: 'g', persistentVolumeClaim: { claimName: 'claim' } },
          { name: 'h', projected: { sources: [] } },
          { name: 'i', secret: { secretName: 'secret' } },
        ]),
    },
    fail: Object.fromEntries(
      RESTRICTED_VOLUMES.map((type): [string, Tweak] => [type, (p) => (p.spec.volumes = [{ name: 'v', [type]: {} }])]),
    ),
  },
  'Privilege Escalation': {
    id: { restricted: 'allowPrivilegeEscalation' },
    pass: {
      'a Windows pod need not set it (v1.25+)': (p, c, i) => {
        p.spec.os = { name: 'windows' };
        delete c.securityContext.allowPrivilegeEscalation;
        delete i.securityContext.allowPrivilegeEscalation;
      },
    },
    fail: {
      'unset on the container': (_p, c) => delete c.securityContext.allowPrivilegeEscalation,
      'true on the init container': (_p, _c, i) => (i.securityContext.allowPrivilegeEscalation = true),
    },
  },
  'Running as Non-root': {
    id: { restricted: 'runAsNonRoot' },
    pass: {
      'on every container instead of the pod': (p, c, i) => {
        delete p.spec.securityContext.runAsNonRoot;
        c.securityContext.runAsNonRoot = true;
        i.securityContext.runAsNonRoot = true;
      },
      'any value in a user namespace (hostUsers: false, v1.35+)': (p) => {
        p.spec.hostUsers = false;
        p.spec.securityContext.runAsNonRoot = false;
      },
    },
    fail: {
      'unset everywhere': (p) => delete p.spec.securityContext.runAsNonRoot,
      'false on the pod': (p) => (p.spec.securityContext.runAsNonRoot = false),
      'false on the container': (_p, c) => (c.securityContext.runAsNonRoot = false),
      'false on the init container': (_p, _c, i) => (i.securityContext.runAsNonRoot = false),
      'true on one container only, none on the pod': (p, c) => {
        delete p.spec.securityContext.runAsNonRoot;
        c.securityContext.runAsNonRoot = true;
      },
    },
  },
  'Running as Non-root user': {
    id: { restricted: 'runAsUser' },
    pass: {
      'a non-zero uid': (p, c) => {
        p.spec.securityContext.runAsUser = 1000;
        c.securityContext.runAsUser = 65534;
      },
      'uid 0 in a user namespace (hostUsers: false, v1.35+)': (p, c) => {
        p.spec.hostUsers = false;
        c.securityContext.runAsUser = 0;
      },
    },
    fail: {
      'uid 0 on the pod': (p) => (p.spec.securityContext.runAsUser = 0),
      'uid 0 on the container': (_p, c) => (c.securityContext.runAsUser = 0),
      'uid 0 on the init container': (_p, _c, i) => (i.securityContext.runAsUser = 0),
    },
  },
  'Seccomp (restricted: required)': {
    id: { restricted: 'seccompProfile_restricted' },
    pass: {
      'on every container instead of the pod': (p, c, i) => {
        delete p.spec.securityContext.seccompProfile;
        c.securityContext.seccompProfile = { type: 'RuntimeDefault' };
        i.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'testing' };
      },
      'a Windows pod need not set it (v1.25+)': (p) => {
        p.spec.os = { name: 'windows' };
        delete p.spec.securityContext.seccompProfile;
      },
    },
    fail: {
      'unset everywhere': (p) => delete p.spec.securityContext.seccompProfile,
      'unset on the init container': (p, c) => {
        delete p.spec.securityContext.seccompProfile;
        c.securityContext.seccompProfile = { type: 'RuntimeDefault' };
      },
      'unset on the container': (p, _c, i) => {
        delete p.spec.securityContext.seccompProfile;
        i.securityContext.seccompProfile = { type: 'RuntimeDefault' };
      },
    },
  },
  'Capabilities (restricted: drop ALL, add only NET_BIND_SERVICE)': {
    id: { restricted: 'capabilities_restricted' },
    pass: {
      'a Windows pod need not drop them (v1.25+)': (p, c, i) => {
        p.spec.os = { name: 'windows' };
        delete c.securityContext.capabilities;
        delete i.securityContext.capabilities;
      },
    },
    fail: {
      'nothing dropped on the container': (_p, c) => (c.securityContext.capabilities = { drop: [] }),
      'no capabilities on the init container': (_p, _c, i) => delete i.securityContext.capabilities,
      'every capability dropped by name is not ALL': (_p, c) =>
        (c.securityContext.capabilities = { drop: ['CHOWN', 'DAC_OVERRIDE', 'NET_RAW', 'SYS_ADMIN', 'SETUID'] }),
      'a default capability added back': (_p, c) =>
        (c.securityContext.capabilities = { drop: ['ALL'], add: ['CHOWN'] }),
    },
  },
};

describe.each(['baseline', 'restricted'] as Level[])('the minimal valid %s pod', (level) => {
  test('complies with its level', () => expect(ids(level, minimal(level))).toEqual([]));
});

test('the baseline pod breaks exactly the four restricted controls it sets nothing for', () => {
  expect(ids('restricted', minimal('baseline'))).toEqual([
    'allowPrivilegeEscalation',
    'runAsNonRoot',
    'seccompProfile_restricted',
    'capabilities_restricted',
  ]);
});

// The Pod Security tutorials' example pod (https://k8s.io/examples/security/example-baseline-pod.yaml,
// https://kubernetes.io/docs/tutorials/security/ns-level-pss/): admitted by baseline; restricted
// warns about allowPrivilegeEscalation, capabilities, runAsNonRoot and seccompProfile.
test("the tutorials' example-baseline-pod: baseline admits it, restricted names its four violations", () => {
  const nginx: PodLike = { spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] } };
  expect(checkPodSecurity('baseline', nginx)).toEqual([]);
  expect(checkPodSecurity('restricted', nginx)).toEqual([
    {
      check: 'allowPrivilegeEscalation',
      detail: 'container "nginx" must set securityContext.allowPrivilegeEscalation=false',
    },
    { check: 'runAsNonRoot', detail: 'container "nginx" must set securityContext.runAsNonRoot=true (or the pod must)' },
    {
      check: 'seccompProfile_restricted',
      detail:
        'container "nginx" must set securityContext.seccompProfile.type to RuntimeDefault or Localhost (or the pod must)',
    },
    {
      check: 'capabilities_restricted',
      detail: 'container "nginx" must set securityContext.capabilities.drop=["ALL"]',
    },
  ]);
});

describe.each(Object.entries(BASELINE_CONTROLS))('baseline control %s', (_control, { id, pass, fail }) => {
  describe.each(['baseline', 'restricted'] as Level[])('at %s', (level) => {
    const check = level === 'baseline' ? id.baseline! : id.restricted;
    test.each(pairs(pass))('passes: %s', (_name, t) => expect(ids(level, tweak(level, t))).toEqual([]));
    test.each(pairs(fail))(`fails ${check}: %s`, (_name, t) => expect(ids(level, tweak(level, t))).toEqual([check]));
  });
});

describe.each(Object.entries(RESTRICTED_CONTROLS))('restricted control %s', (_control, { id, pass, fail }) => {
  test.each(pairs(pass))('passes: %s', (_name, t) => expect(ids('restricted', tweak('restricted', t))).toEqual([]));
  test.each(pairs(fail))(`fails ${id.restricted}: %s`, (_name, t) =>
    expect(ids('restricted', tweak('restricted', t))).toEqual([id.restricted]),
  );
});

test('baseline allows what restricted adds: root, escalation, any inline volume but hostPath, an unmasked /proc in a user namespace', () => {
  const rooted = tweak('baseline', (p, c) => {
    c.securityContext.runAsUser = 0;
    c.securityContext.allowPrivilegeEscalation = true;
    p.spec.volumes = [{ name: 'home', nfs: { server: 'nfs.example.org', path: '/export' } }];
  });
  expect(ids('baseline', rooted)).toEqual([]);
  expect(ids('restricted', rooted)).toEqual([
    'restrictedVolumes',
    'allowPrivilegeEscalation',
    'runAsNonRoot',
    'runAsUser',
    'seccompProfile_restricted',
    'capabilities_restricted',
  ]);
  const unmasked = (level: Level) =>
    tweak(level, (p, c) => {
      p.spec.hostUsers = false;
      c.securityContext.procMount = 'Unmasked';
    });
  expect(ids('baseline', unmasked('baseline'))).toEqual([]);
  expect(ids('restricted', unmasked('restricted'))).toEqual(['procMount_restricted']);
});
