/**
 * The kernel pod template (issue 10, item 3) rendered by real Jinja2 (Debian's python3-jinja2)
 * the way Enterprise Gateway 3.3.0's `launch_kubernetes.py` renders it: every `KERNEL_*`
 * variable of the launcher's environment, lower-cased, raw strings except KERNEL_VOLUMES and
 * KERNEL_VOLUME_MOUNTS (YAML lists of mappings); `FileSystemLoader` on the template's directory;
 * `trim_blocks`, `lstrip_blocks`, autoescape off for `.j2`; the result read back with PyYAML's
 * `safe_load_all`, only the launcher's kinds, and the launcher's environment appended to the
 * container's env. Normal and hostile requests are rendered; each pod must validate strictly and
 * keep the model's uid, service account, namespace, image, volumes and security.
 *
 * Needs /usr/bin/python3 with jinja2 and yaml: skipped (with a note) when they are missing,
 * except under CI=true, where that fails (scripts/system-deps.sh installs them there).
 */
import {
  KernelPodTemplateModel,
  renderKernelPodTemplate,
  TEMPLATE_VARIABLES,
} from '../../lib/kernels/kernel-pod-template';
import { strictErrors } from '../strict-schema';

import { Env, JINJA, MISSING, render, Result } from '../kernel-launcher';

const EXPORT = '/home/nfs_share/claim';
const IMAGE = 'docker.io/elyra/kernel-py:3.3.0';
const KERNEL_ID = '0f3d9c1e-5b8a-4c2e-9d7f-1a2b3c4d5e6f';

/** The lab's kernels: one kernel namespace, homes on NFS. */
const MODEL: KernelPodTemplateModel = {
  namespace: 'jeg-kernels',
  uid: 1000,
  gid: 100,
  fsGroup: 100,
  serviceAccountName: 'default',
  automountServiceAccountToken: false,
  image: IMAGE,
  cpuRequest: '500m',
  cpuLimit: '1',
  memoryRequest: '1Gi',
  memoryLimit: '2Gi',
  home: {
    nfsServer: '172.17.0.1',
    exportPrefix: EXPORT,
    mountPath: '/home/jovyan',
    pathVariable: 'KERNEL_HOME_NFS_PATH',
  },
  readOnlyRootFilesystem: true,
  scratchDirs: ['/tmp'],
  labels: { 'hub.jupyter.org/network-access-gateway': 'true' },
};

/** What Enterprise Gateway 3.3.0 puts in the launcher's environment for alice's request. */
function gatewayEnv(request: Env = {}, namespace = 'jeg-kernels'): Env {
  return {
    PATH: '/opt/conda/bin:/usr/local/bin:/usr/bin:/bin',
    KUBERNETES_SERVICE_HOST: '10.96.0.1',
    KUBERNETES_SERVICE_PORT: '443',
    EG_IMPERSONATION_ENABLED: 'False',
    PORT_RANGE: '0..0',
    PUBLIC_KEY: 'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC',
    RESPONSE_ADDRESS: '10.1.2.3:8877',
    KERNEL_ID,
    KERNEL_NAME: 'python_kubernetes',
    KERNEL_SPARK_CONTEXT_INIT_MODE: 'none',
    KERNEL_LANGUAGE: 'python',
    KERNEL_GATEWAY: '1',
    KERNEL_LAUNCH_TIMEOUT: '40',
    KERNEL_USERNAME: 'alice',
    KERNEL_POD_NAME: `alice-${KERNEL_ID}`,
    KERNEL_NAMESPACE: namespace,
    KERNEL_SERVICE_ACCOUNT_NAME: 'default',
    KERNEL_IMAGE: IMAGE,
    KERNEL_EXECUTOR_IMAGE: IMAGE,
    KERNEL_UID: '1000',
    KERNEL_GID: '100',
    KERNEL_WORKING_DIR: '/home/jovyan/work',
    KERNEL_HOME_NFS_PATH: `${EXPORT}/alice`,
    ...request,
  };
}

const INJECT_YAML = 'x\n  hostNetwork: true\n  serviceAccountName: enterprise-gateway-sa';
const INJECT_QUOTED = 'bob"\n  hostNetwork: true\n  x: "';
/** Pod names as a client may send them (the gateway rewrites them before the launcher sees them). */
const RAW_NAMES = [INJECT_YAML, '{{ 7*7 }}', '{% if true %}x{% endif %}'];

/** Requests that try to take over the kernel pod; each must render the same locked-down pod. */
const HOSTILE: [string, Env][] = [
  [
    'KERNEL_VOLUMES with a hostPath',
    {
      KERNEL_VOLUMES: '[{"name": "host", "hostPath": {"path": "/", "type": "Directory"}}]',
      KERNEL_VOLUME_MOUNTS: '[{"name": "host", "mountPath": "/host"}]',
    },
  ],
  ['KERNEL_UID=0 and KERNEL_GID=0', { KERNEL_UID: '0', KERNEL_GID: '0' }],
  ['KERNEL_UID=00', { KERNEL_UID: '00' }],
  ["the gateway's service account", { KERNEL_SERVICE_ACCOUNT_NAME: 'enterprise-gateway-sa' }],
  ['KERNEL_NAMESPACE=kube-system', { KERNEL_NAMESPACE: 'kube-system' }],
  [
    'another image and more resources',
    { KERNEL_IMAGE: 'evil.example.org/root:latest', KERNEL_CPUS: '64', KERNEL_MEMORY_LIMIT: '1Ti', KERNEL_GPUS: '8' },
  ],
  ['YAML injection in KERNEL_USERNAME', { KERNEL_USERNAME: INJECT_QUOTED }],
  ['Jinja2 in KERNEL_USERNAME', { KERNEL_USERNAME: '{{ 7*7 }}{% raw %}' }],
  ['a working directory outside the home', { KERNEL_WORKING_DIR: '/proc/self/fd/7' }],
  ['a working directory climbing out of the home', { KERNEL_WORKING_DIR: '/home/jovyan/../../etc' }],
  [
    'everything at once',
    {
      KERNEL_VOLUMES: '[{"name": "host", "hostPath": {"path": "/"}}]',
      KERNEL_VOLUME_MOUNTS: '[{"name": "host", "mountPath": "/host"}]',
      KERNEL_UID: '0',
      KERNEL_SERVICE_ACCOUNT_NAME: 'enterprise-gateway-sa',
      KERNEL_NAMESPACE: 'kube-system',
      KERNEL_USERNAME: INJECT_YAML,
      KERNEL_PRIVILEGED: 'true',
      KERNEL_HOST_NETWORK: 'true',
    },
  ],
];

/** Home paths a client may not mount: the launch must fail. */
const REFUSED_HOMES: [string, Env][] = [
  ['a parent directory', { KERNEL_HOME_NFS_PATH: `${EXPORT}/../bob` }],
  ['a path through another user', { KERNEL_HOME_NFS_PATH: `${EXPORT}/alice/../bob` }],
  ['the export itself', { KERNEL_HOME_NFS_PATH: `${EXPORT}/` }],
  ['the export without a slash', { KERNEL_HOME_NFS_PATH: EXPORT }],
  ['"..", one level down', { KERNEL_HOME_NFS_PATH: `${EXPORT}/..` }],
  ['a path outside the export', { KERNEL_HOME_NFS_PATH: '/etc' }],
  ['a sibling export sharing the prefix', { KERNEL_HOME_NFS_PATH: `${EXPORT}x/alice` }],
  ['two levels down', { KERNEL_HOME_NFS_PATH: `${EXPORT}/alice/private` }],
  ['a hidden directory', { KERNEL_HOME_NFS_PATH: `${EXPORT}/.snapshot` }],
  ['a newline', { KERNEL_HOME_NFS_PATH: `${EXPORT}/alice\n  hostNetwork: true` }],
  ['no path at all', { KERNEL_HOME_NFS_PATH: '' }],
];

function pod(r: Result): any {
  if (r.error) throw new Error(r.error);
  expect(r.docs).toHaveLength(1);
  expect(r.docs![0].kind).toBe('Pod');
  return r.docs![0];
}

/** The pod without what may legitimately differ per kernel (identity, env, home directory). */
function skeleton(p: any): any {
  const s = JSON.parse(JSON.stringify(p));
  delete s.metadata.name;
  delete s.metadata.labels.kernel_id;
  delete s.metadata.annotations['enterprise-gateway/kernel-username'];
  if (s.metadata.namespace === p.metadata.name) s.metadata.namespace = '<pod name>';
  for (const c of s.spec.containers) {
    delete c.env;
    delete c.workingDir;
  }
  for (const v of s.spec.volumes ?? []) if (v.nfs) v.nfs.path = '<home>';
  for (const v of s.spec.containers[0].volumeMounts ?? []) if (v.subPath) v.subPath = '<user>';
  return s;
}

/** Everything the model fixes, checked on a rendered pod. */
function expectLockedDown(p: any, m: KernelPodTemplateModel): void {
  expect(strictErrors(p)).toEqual([]);
  expect(Object.keys(p).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  expect(Object.keys(p.spec).sort()).toEqual([
    'automountServiceAccountToken',
    'containers',
    'enableServiceLinks',
    'hostIPC',
    'hostNetwork',
    'hostPID',
    'restartPolicy',
    'securityContext',
    'serviceAccountName',
    'volumes',
  ]);
  expect(p.metadata.namespace).toBe(m.namespace ?? p.metadata.name);
  expect(p.metadata.labels).toMatchObject({ app: 'enterprise-gateway', component: 'kernel', kernel_id: KERNEL_ID });
  expect(p.spec).toMatchObject({
    restartPolicy: 'Never',
    serviceAccountName: m.serviceAccountName,
    automountServiceAccountToken: false,
    hostNetwork: false,
    hostPID: false,
    hostIPC: false,
  });
  expect(p.spec.securityContext).toEqual({
    runAsNonRoot: true,
    runAsUser: m.uid,
    runAsGroup: m.gid,
    ...(m.fsGroup !== undefined ? { fsGroup: m.fsGroup } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(p.spec.containers).toHaveLength(1);
  const c = p.spec.containers[0];
  expect(c.image).toBe(m.image);
  expect(c.securityContext).toEqual({
    runAsNonRoot: true,
    runAsUser: m.uid,
    runAsGroup: m.gid,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: m.readOnlyRootFilesystem,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(c.resources).toEqual({
    requests: { cpu: m.cpuRequest, memory: m.memoryRequest },
    limits: { cpu: m.cpuLimit, memory: m.memoryLimit },
  });
  expect(p.spec.volumes.map((v: any) => Object.keys(v).sort())).toEqual([
    ...m.scratchDirs.map(() => ['emptyDir', 'name']),
    ...(m.home ? [['name', m.home.claimName ? 'persistentVolumeClaim' : 'nfs']] : []),
  ]);
  const userDir = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
  if (m.home?.nfsServer) {
    const home = p.spec.volumes.find((v: any) => v.name === 'home');
    expect(home.nfs.server).toBe(m.home.nfsServer);
    expect(home.nfs.path.slice(0, m.home.exportPrefix.length + 1)).toBe(`${m.home.exportPrefix}/`);
    expect(home.nfs.path.slice(m.home.exportPrefix.length + 1)).toMatch(userDir);
  }
  if (m.home?.claimName) {
    expect(p.spec.volumes.find((v: any) => v.name === 'home')).toEqual({
      name: 'home',
      persistentVolumeClaim: { claimName: m.home.claimName },
    });
    expect(c.volumeMounts.find((v: any) => v.name === 'home').subPath).toMatch(userDir);
  }
  expect(JSON.stringify(skeleton(p))).not.toMatch(
    /hostPath|privileged": true|enterprise-gateway-sa|kube-system|evil|"0"/,
  );
}

function skeletonSansEnv(p: any): any {
  const s = JSON.parse(JSON.stringify(p));
  for (const c of s.spec.containers) delete c.env;
  return s;
}

const failIfMissing = !JINJA && process.env.CI === 'true';
const suite = JINJA ? describe : describe.skip;

if (failIfMissing) {
  test('python3-jinja2 and python3-yaml are installed (CI)', () => {
    throw new Error(`${MISSING}: scripts/system-deps.sh must install them under CI`);
  });
}

suite(`kernel-pod.yaml.j2 rendered by Jinja2 ${JINJA ?? ''} as Enterprise Gateway 3.3.0's launcher renders it`, () => {
  const template = renderKernelPodTemplate(MODEL);
  const normal = gatewayEnv();
  let variables: string[] = [];
  let results: Result[] = [];
  let refused: Result[] = [];
  let rawNames: Result[] = [];
  let sanitizedName: Result;
  let otherUser: Result;
  beforeAll(() => {
    const all = [
      normal,
      ...HOSTILE.map(([, e]) => gatewayEnv(e)),
      ...REFUSED_HOMES.map(([, e]) => gatewayEnv(e)),
      // The gateway rewrites KERNEL_POD_NAME to [0-9a-z-] (k8s.py); the template must not rely on it.
      ...RAW_NAMES.map((n) => gatewayEnv({ KERNEL_POD_NAME: n })),
      gatewayEnv({ KERNEL_POD_NAME: 'x-hostnetwork-true' }),
      gatewayEnv({ KERNEL_HOME_NFS_PATH: `${EXPORT}/bob` }),
    ];
    const out = render(template, all);
    variables = out.variables;
    let at = 0;
    const take = (n: number) => out.results.slice(at, (at += n));
    results = take(1 + HOSTILE.length);
    refused = take(REFUSED_HOMES.length);
    rawNames = take(RAW_NAMES.length);
    [sanitizedName, otherUser] = take(2);
  });

  test('a normal request renders the kernel pod: strictly valid, locked down, home and working directory mounted', () => {
    const p = pod(results[0]);
    expectLockedDown(p, MODEL);
    expect(p.metadata.name).toBe(`alice-${KERNEL_ID}`);
    expect(p.metadata.annotations['enterprise-gateway/kernel-username']).toBe('alice');
    expect(p.spec.volumes.find((v: any) => v.name === 'home').nfs.path).toBe(`${EXPORT}/alice`);
    expect(p.spec.containers[0].volumeMounts).toEqual([
      { name: 'scratch-0', mountPath: '/tmp' },
      { name: 'home', mountPath: '/home/jovyan' },
    ]);
    expect(p.spec.containers[0].workingDir).toBe('/home/jovyan/work');
    // The launcher gives the kernel its connection settings through the env it appends.
    expect(p.spec.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'RESPONSE_ADDRESS', value: '10.1.2.3:8877' },
        { name: 'KERNEL_ID', value: KERNEL_ID },
      ]),
    );
  });

  test('the template reads only identity variables: no uid, gid, namespace, account, image, volume or resource variable', () => {
    const fromRequest = variables.filter((v) => v.startsWith('kernel_'));
    expect(fromRequest.sort()).toEqual([...TEMPLATE_VARIABLES, 'kernel_home_nfs_path'].sort());
    // The one other name is the refusal, which no KERNEL_* variable can define.
    expect(variables.filter((v) => !v.startsWith('kernel_'))).toEqual([
      expect.stringMatching(/^refused_kernel_home_nfs_path_/),
    ]);
  });

  test.each(HOSTILE.map(([name], i) => [name, i + 1] as [string, number]))(
    'nothing hostile survives: %s',
    (_name, i) => {
      const p = pod(results[i]);
      expectLockedDown(p, MODEL);
      expect(skeleton(p)).toEqual(skeleton(pod(results[0])));
    },
  );

  test('injected YAML and Jinja2 stay inside the value they came in', () => {
    const quoted = pod(results[1 + HOSTILE.findIndex(([n]) => n === 'YAML injection in KERNEL_USERNAME')]);
    expect(quoted.metadata.annotations['enterprise-gateway/kernel-username']).toBe(INJECT_QUOTED);
    const jinja = pod(results[1 + HOSTILE.findIndex(([n]) => n === 'Jinja2 in KERNEL_USERNAME')]);
    expect(jinja.metadata.annotations['enterprise-gateway/kernel-username']).toBe('{{ 7*7 }}{% raw %}');
    expect(JSON.stringify(skeletonSansEnv(jinja))).not.toContain('49');
    const all = pod(results[HOSTILE.length]);
    expect(all.metadata.annotations['enterprise-gateway/kernel-username']).toBe(INJECT_YAML);
  });

  test('a raw KERNEL_POD_NAME with YAML or Jinja2 in it stays the name (the API server then refuses it); the gateway-rewritten one is valid', () => {
    rawNames.forEach((r, i) => {
      const raw = pod(r);
      expect(raw.metadata.name).toBe(RAW_NAMES[i]);
      expect(raw.spec.hostNetwork).toBe(false);
      expect(raw.spec.serviceAccountName).toBe('default');
      expect(skeleton(raw)).toEqual(skeleton(pod(results[0])));
    });
    const ok = pod(sanitizedName);
    expectLockedDown(ok, MODEL);
    expect(ok.metadata.name).toBe('x-hostnetwork-true');
  });

  test('working directories outside the home are dropped', () => {
    for (const n of ['a working directory outside the home', 'a working directory climbing out of the home']) {
      expect(pod(results[1 + HOSTILE.findIndex(([h]) => h === n)]).spec.containers[0].workingDir).toBeUndefined();
    }
  });

  test.each(REFUSED_HOMES.map(([name], i) => [name, i] as [string, number]))(
    'a home path is refused, the launch fails: %s',
    (_name, i) => {
      expect(refused[i].docs).toBeUndefined();
      expect(refused[i].error).toMatch(/refused_kernel_home_nfs_path_must_be_one_directory/);
    },
  );

  test('a home path without KERNEL_HOME_NFS_PATH is refused too', () => {
    const env = gatewayEnv();
    delete env.KERNEL_HOME_NFS_PATH;
    expect(render(template, [env]).results[0].error).toMatch(/refused_kernel_home_nfs_path/);
  });

  test("another user's directory below the export is mounted: the gateway trusts the client here (README, trust model)", () => {
    expect(pod(otherUser).spec.volumes.find((v: any) => v.name === 'home').nfs.path).toBe(`${EXPORT}/bob`);
  });

  test('a namespace per kernel: the pod is in the namespace named after it, whatever KERNEL_NAMESPACE says', () => {
    const m: KernelPodTemplateModel = { ...MODEL, namespace: undefined };
    const name = `alice-${KERNEL_ID}`;
    const out = render(renderKernelPodTemplate(m), [
      gatewayEnv({}, name),
      gatewayEnv({ KERNEL_NAMESPACE: 'kube-system' }, name),
    ]);
    for (const r of out.results) {
      const p = pod(r);
      expectLockedDown(p, m);
      expect(p.metadata.namespace).toBe(name);
    }
  });

  test('no home: emptyDirs for /tmp and $HOME, no NFS, no working directory, home variables ignored', () => {
    const m: KernelPodTemplateModel = {
      ...MODEL,
      home: undefined,
      fsGroup: undefined,
      scratchDirs: ['/tmp', '/home/jovyan'],
    };
    const t = renderKernelPodTemplate(m);
    const out = render(t, [
      gatewayEnv(),
      gatewayEnv({ KERNEL_HOME_NFS_PATH: '/etc', KERNEL_WORKING_DIR: '/proc/self/fd/7' }),
    ]);
    expect(out.variables.sort()).toEqual(['kernel_id', 'kernel_pod_name', 'kernel_username']);
    for (const r of out.results) {
      const p = pod(r);
      expectLockedDown(p, m);
      expect(p.spec.containers[0].workingDir).toBeUndefined();
      expect(p.spec.volumes).toEqual([
        { name: 'scratch-0', emptyDir: {} },
        { name: 'scratch-1', emptyDir: {} },
      ]);
    }
  });

  test('home through a claim (Pod Security restricted allows no inline nfs): the user directory is the subPath, same checks', () => {
    const m: KernelPodTemplateModel = {
      ...MODEL,
      home: {
        claimName: 'kernel-homes',
        exportPrefix: EXPORT,
        mountPath: '/home/jovyan',
        pathVariable: 'KERNEL_HOME_NFS_PATH',
      },
    };
    const t = renderKernelPodTemplate(m);
    const out = render(t, [
      normal,
      ...HOSTILE.map(([, e]) => gatewayEnv(e)),
      ...REFUSED_HOMES.map(([, e]) => gatewayEnv(e)),
    ]);
    const pods = out.results.slice(0, 1 + HOSTILE.length).map(pod);
    for (const p of pods) {
      expectLockedDown(p, m);
      expect(skeleton(p)).toEqual(skeleton(pods[0]));
      // The volume types Pod Security Admission 'restricted' allows.
      const allowed = [
        'configMap',
        'csi',
        'downwardAPI',
        'emptyDir',
        'ephemeral',
        'persistentVolumeClaim',
        'projected',
        'secret',
      ];
      for (const v of p.spec.volumes)
        expect(
          Object.keys(v)
            .filter((k) => k !== 'name')
            .every((k) => allowed.includes(k)),
        ).toBe(true);
    }
    expect(pods[0].spec.containers[0].volumeMounts).toEqual([
      { name: 'scratch-0', mountPath: '/tmp' },
      { name: 'home', mountPath: '/home/jovyan', subPath: 'alice' },
    ]);
    for (const r of out.results.slice(1 + HOSTILE.length))
      expect(r.error).toMatch(/refused_kernel_home_nfs_path_must_be_one_directory/);
  });

  test('characters YAML 1.1 reads differently survive as data', () => {
    const names = [
      'ad\u2028min',
      'x\u0085y',
      'caf\u00e9',
      'smile\u{1F600}',
      'q"uo\'te\\',
      'tab\there',
      '<&>',
      'key: value',
      '- item',
      '*alias',
      '!!python/object:os.system',
    ];
    const out = render(
      template,
      names.map((n) => gatewayEnv({ KERNEL_USERNAME: n })),
    );
    out.results.forEach((r, i) => {
      const p = pod(r);
      expectLockedDown(p, MODEL);
      expect(p.metadata.annotations['enterprise-gateway/kernel-username']).toBe(names[i]);
    });
    // The launcher reads printable ASCII: every value went through tojson.
    expect(out.results.every((r) => /^[\n\x20-\x7e]*$/.test(r.text!))).toBe(true);
  });
});

describe('renderKernelPodTemplate', () => {
  test('is the launcher template: one Pod, every variable through tojson', () => {
    const t = renderKernelPodTemplate(MODEL);
    const outputs = [...t.matchAll(/\{\{(.*?)\}\}/g)].map((m) => m[1].trim());
    for (const o of outputs.filter((x) => !x.startsWith('refused_'))) expect(o).toMatch(/\| tojson$/);
    expect(t).not.toMatch(/kernel_(uid|gid|namespace|service_account_name|image|volumes|volume_mounts|cpus|memory)/);
    expect(t.match(/^kind:/gm)).toEqual(['kind:']);
  });

  test.each([
    ['uid 0', { uid: 0 }, /'uid'/],
    ['gid 0', { gid: 0 }, /'gid'/],
    ['fsGroup 0', { fsGroup: 0 }, /'fsGroup'/],
    ['a namespace that is no DNS label', { namespace: 'Kube System' }, /'namespace'/],
    ['a service account with a newline', { serviceAccountName: 'default\nhostNetwork: true' }, /'serviceAccountName'/],
    ['an image with Jinja2 in it', { image: 'x/{{ 7*7 }}' }, /'image'/],
    ['a quantity that is none', { memoryLimit: '2 GB' }, /'memoryLimit'/],
    ['a label the gateway owns', { labels: { component: 'x' } }, /'labels'/],
    ['a label value with Jinja2', { labels: { a: '{{x}}' } }, /'labels.a'/],
    ['an export with ..', { home: { ...MODEL.home!, exportPrefix: '/srv/../etc' } }, /'home.exportPrefix'/],
    ['a relative mount path', { home: { ...MODEL.home!, mountPath: 'home' } }, /'home.mountPath'/],
    [
      'KERNEL_VOLUMES as the home variable',
      { home: { ...MODEL.home!, pathVariable: 'KERNEL_VOLUMES' } },
      /'home.pathVariable'/,
    ],
    ['an NFS server with a quote', { home: { ...MODEL.home!, nfsServer: 'a"b' } }, /'home.nfsServer'/],
    ['a home with both an NFS server and a claim', { home: { ...MODEL.home!, claimName: 'homes' } }, /'home'/],
    ['a home with neither', { home: { ...MODEL.home!, nfsServer: undefined } }, /'home'/],
    [
      'a home claim with per-kernel namespaces',
      { namespace: undefined, home: { ...MODEL.home!, nfsServer: undefined, claimName: 'homes' } },
      /'home.claimName'/,
    ],
    ['a scratch dir over the home', { scratchDirs: ['/tmp', '/home/jovyan/'] }, /'scratchDirs'/],
  ] as [string, Partial<KernelPodTemplateModel>, RegExp][])('refuses %s', (_name, change, message) => {
    expect(() => renderKernelPodTemplate({ ...MODEL, ...change })).toThrow(message);
  });
});
