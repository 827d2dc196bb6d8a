/**
 * Issue 13: profiles, the users' pod settings and the scheduling pieces. The profile list is
 * rendered with every option set, checked against the traits of the hub image (k8s-hub 4.4.0:
 * KubeSpawner 7.0) and read back by real Python, which checks the structure KubeSpawner expects.
 * The scheduling objects are synthesized and run through the schema (1.27, 1.36) and lint checks.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Authenticator,
  GkeChart,
  Hub,
  HubDisruptionBudgets,
  ImagePuller,
  Namespace,
  Proxy,
  SingleUserOptions,
  SingleUserProfile,
  SingleUserStorage,
  synthesize,
  UserPlaceholders,
  UserScheduler,
  UserVolume,
} from '../lib';
import { all, chart, find, Obj, synth } from './util';

const TRAITS: { classes: { [cls: string]: { [trait: string]: { deprecated: boolean } } } } = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'traits-k8s-hub-4.4.0.json'), 'utf8'),
);
const KUBESPAWNER_TRAITS = Object.keys(TRAITS.classes.KubeSpawner).filter(
  (t) => !TRAITS.classes.KubeSpawner[t].deprecated,
);
const SCIPY = 'quay.io/jupyter/scipy-notebook:2025-10-20';
const TORCH = 'quay.io/jupyter/pytorch-notebook:cuda12-2025-10-20';
const R = 'quay.io/jupyter/r-notebook:2025-10-20';

/** Every profile option set (and every choice setting). */
function everyProfile(): SingleUserProfile[] {
  return [
    {
      slug: 'small',
      displayName: 'Small: 1 CPU, 2 GiB',
      description: 'For exercises',
      default: true,
      cpuGuarantee: kplus.Cpu.millis(500),
      cpuLimit: kplus.Cpu.units(1),
      memoryGuarantee: Size.gibibytes(1),
      memoryLimit: Size.gibibytes(2),
      env: { COURSE_SETTINGS: '{"level": 1}' },
      defaultUrl: '/lab',
      options: [
        {
          slug: 'image',
          displayName: 'Image',
          choices: [
            { slug: 'scipy', displayName: 'SciPy', default: true, image: SCIPY },
            {
              slug: 'r',
              displayName: 'R',
              image: R,
              cmd: ['jupyterhub-singleuser', '--debug'],
              env: { R_LIBS_USER: '/home/jovyan/R' },
            },
          ],
          freeForm: {
            displayName: 'Image from quay.io/jupyter',
            displayNameInChoices: 'Another image...',
            validationRegex: '^quay\\.io/jupyter/[a-z-]+:(?!latest$)[0-9A-Za-z_][0-9A-Za-z_.-]*$',
            validationMessage: 'An image of quay.io/jupyter with a version tag',
            example: 'quay.io/jupyter/datascience-notebook:2025-10-20',
          },
        },
      ],
    },
    {
      slug: 'gpu',
      displayName: 'GPU: 1 NVIDIA T4',
      image: TORCH,
      gpus: 1,
      extraResourceLimits: { 'example.com/fpga': 1 },
      nodePool: 'gpu',
      nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4' },
      tolerations: [{ key: 'example.com/preemptible', operator: 'Exists', effect: 'NoSchedule' }],
      memoryGuarantee: Size.gibibytes(8),
      memoryLimit: Size.gibibytes(16),
      startTimeout: Duration.minutes(15),
      options: [
        {
          slug: 'size',
          displayName: 'Size',
          choices: [
            { slug: 'one', displayName: 'One GPU', default: true },
            {
              slug: 'two',
              displayName: 'Two GPUs',
              gpus: 2,
              memoryLimit: Size.gibibytes(32),
              nodeSelector: { 'cloud.google.com/gke-nodepool': 'gpu-large' },
            },
          ],
        },
      ],
    },
  ];
}

/** Every single-user setting of issue 13. */
function everySingleUser(): SingleUserOptions {
  return {
    image: SCIPY,
    imagePullSecrets: ['regcred'],
    nodeSelector: { 'hub.jupyter.org/node-purpose': 'user' },
    tolerations: [{ key: 'hub.jupyter.org/dedicated', operator: 'Equal', value: 'user', effect: 'NoSchedule' }],
    nodeAffinityRequired: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }],
    nodeAffinityPreferred: [
      {
        weight: 100,
        preference: { matchExpressions: [{ key: 'hub.jupyter.org/node-purpose', operator: 'In', values: ['user'] }] },
      },
    ],
    nodePools: [
      {
        name: 'gpu',
        nodeSelector: { 'cloud.google.com/gke-nodepool': 'gpu' },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }],
      },
    ],
    postStartCommand: ['sh', '-c', 'cp -rn /srv/course/. "$HOME"/ || true'],
    preStopCommand: ['sh', '-c', 'sync'],
    initContainers: [
      {
        name: 'fetch-course',
        image: 'docker.io/alpine/git:v2.47.2',
        args: ['clone', 'https://example.org/course.git', '/srv/course/{username}'],
        volumes: ['course'],
      },
    ],
    extraContainers: [
      {
        name: 'sidecar',
        image: 'docker.io/library/busybox:1.37.0',
        command: ['sh', '-c', 'sleep infinity'],
        env: { MODE: '{"quiet": true}' },
        resources: {
          cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) },
          memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) },
        },
      },
    ],
    extraVolumes: [
      UserVolume.emptyDir('course', '/srv/course', { sizeLimit: Size.gibibytes(1) }),
      UserVolume.configMap('settings', 'course-settings', '/etc/jupyter/settings', {
        items: { 'overrides.json': 'overrides.json' },
      }),
      UserVolume.configMapFile('motd', 'course-settings', 'motd', '/etc/motd'),
      UserVolume.secret('api', 'course-api', '/etc/course-api'),
      UserVolume.persistentVolumeClaim('data', 'course-data', '/srv/data', { readOnly: true }),
      UserVolume.emptyDir('shm', '/dev/shm', { memory: true }),
    ],
    extraResourceLimits: { 'example.com/dongle': 1 },
    serviceAccountName: 'notebook',
    automountServiceAccountToken: true,
    defaultUrl: '/lab',
    profiles: everyProfile(),
  };
}

function hubWith(singleUser: SingleUserOptions, c: Chart = chart()): Hub {
  const hub = new Hub(c, 'hub', { authenticator: Authenticator.dummy({ adminUsers: ['admin'] }), singleUser });
  hub.addIntegration(new Proxy(c, 'proxy'));
  return hub;
}

/** The `c.KubeSpawner.*` settings of a config, read by Python (with a stand-in for traitlets' get_config). */
function readBack(config: string, checks: string): { status: number | null; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profiles-'));
  fs.writeFileSync(path.join(dir, 'jupyterhub_config.py'), config);
  fs.writeFileSync(path.join(dir, 'traits.json'), JSON.stringify(KUBESPAWNER_TRAITS));
  const program = `
import json, re, sys
class Section(dict):
    def __getattr__(self, k):
        return self.setdefault(k, Section())
    def __setattr__(self, k, v):
        self[k] = v
c = Section()
exec(compile(open(sys.argv[1] + "/jupyterhub_config.py").read(), "jupyterhub_config.py", "exec"), {"get_config": lambda: c})
traits = set(json.load(open(sys.argv[1] + "/traits.json")))
ks = c.KubeSpawner
${checks}
print("ok")
`;
  const r = spawnSync('python3', ['-c', program, dir], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('profiles: every option, rendered to profile_list and read back in Python', () => {
  const hub = hubWith(everySingleUser());
  synth(hub.node.scope as Chart);
  const config = hub.config;

  test('every trait the config sets exists, undeprecated, in the hub image (k8s-hub 4.4.0)', () => {
    const set = [...config.matchAll(/^c\.(\w+)\.(\w+)\s*=/gm)].map((m) => [m[1], m[2]]);
    expect(set.map(([c, t]) => `${c}.${t}`)).toEqual(
      expect.arrayContaining([
        'KubeSpawner.profile_list',
        'KubeSpawner.image_pull_secrets',
        'KubeSpawner.tolerations',
        'KubeSpawner.node_affinity_required',
        'KubeSpawner.node_affinity_preferred',
        'KubeSpawner.lifecycle_hooks',
        'KubeSpawner.init_containers',
        'KubeSpawner.extra_containers',
        'KubeSpawner.volumes',
        'KubeSpawner.volume_mounts',
        'KubeSpawner.extra_resource_limits',
        'KubeSpawner.service_account',
        'KubeSpawner.automount_service_account_token',
        'KubeSpawner.default_url',
      ]),
    );
    const problems = set
      .filter(([c, t]) => !TRAITS.classes[c]?.[t] || TRAITS.classes[c][t].deprecated)
      .map(([c, t]) => `${c}.${t}`);
    expect(problems).toEqual([]);
  });

  test('Python reads the structure KubeSpawner expects: slugs, one default each, overrides that are KubeSpawner traits', () => {
    const r = readBack(
      config,
      `
pl = ks.profile_list
assert isinstance(pl, list) and len(pl) == 2, pl
slugs = [p["slug"] for p in pl]
assert slugs == ["small", "gpu"] and len(set(slugs)) == len(slugs), slugs
assert [p for p in pl if p.get("default")] == [pl[0]]
for p in pl:
    assert set(p) <= {"display_name", "slug", "description", "default", "kubespawner_override", "profile_options"}, p.keys()
    assert isinstance(p["display_name"], str) and p["display_name"]
    assert re.match(r"^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$", p["slug"]) and "--" not in p["slug"]
    bad = set(p.get("kubespawner_override", {})) - traits
    assert not bad, ("not KubeSpawner traits", bad)
    for oslug, opt in p.get("profile_options", {}).items():
        assert set(opt) <= {"display_name", "choices", "unlisted_choice"}, opt.keys()
        choices = opt["choices"]
        assert choices and len([k for k, v in choices.items() if v.get("default")]) == 1, (oslug, choices)
        for cslug, ch in choices.items():
            assert set(ch) <= {"display_name", "default", "kubespawner_override"}, ch.keys()
            bad = set(ch.get("kubespawner_override", {})) - traits
            assert not bad, ("not KubeSpawner traits", cslug, bad)
        u = opt.get("unlisted_choice")
        if u:
            assert u["enabled"] is True
            bad = set(u["kubespawner_override"]) - traits
            assert not bad, bad
            rx = re.compile(u["validation_regex"])
            assert rx.match("quay.io/jupyter/datascience-notebook:2025-10-20")
            for v in ["quay.io/jupyter/datascience-notebook:latest", "quay.io/jupyter/datascience-notebook", "docker.io/evil/x:1"]:
                assert not rx.match(v), v
            # What KubeSpawner's recursive_format does with the value a user typed.
            assert {k: v.format(value="quay.io/jupyter/datascience-notebook:2025-10-20") for k, v in u["kubespawner_override"].items()}["image"] == "quay.io/jupyter/datascience-notebook:2025-10-20"
small, gpu = pl
o = small["kubespawner_override"]
assert o["cpu_guarantee"] == 0.5 and o["cpu_limit"] == 1 and o["mem_guarantee"] == 2**30 and o["mem_limit"] == 2 * 2**30, o
assert o["environment"] == {"COURSE_SETTINGS": '{{"level": 1}}'} and o["default_url"] == "/lab"
# The environment is a KubeSpawner template: the value reaches the server as written.
assert o["environment"]["COURSE_SETTINGS"].format() == '{"level": 1}'
img = small["profile_options"]["image"]["choices"]
assert img["scipy"]["kubespawner_override"] == {"image": "${SCIPY}"}
assert img["r"]["kubespawner_override"]["cmd"] == ["jupyterhub-singleuser", "--debug"]
g = gpu["kubespawner_override"]
assert g["image"] == "${TORCH}" and g["extra_resource_limits"] == {"nvidia.com/gpu": "1", "example.com/fpga": "1"}, g
# KubeSpawner merges node_selector into the hub's: the hub's label is removed (None), the pool's and the profile's set.
assert g["node_selector"] == {"hub.jupyter.org/node-purpose": None, "cloud.google.com/gke-nodepool": "gpu", "cloud.google.com/gke-accelerator": "nvidia-tesla-t4"}, g["node_selector"]
# KubeSpawner replaces lists: the hub's toleration, the pool's, the profile's.
assert [t["key"] for t in g["tolerations"]] == ["hub.jupyter.org/dedicated", "nvidia.com/gpu", "example.com/preemptible"], g["tolerations"]
assert g["start_timeout"] == 900
two = gpu["profile_options"]["size"]["choices"]["two"]["kubespawner_override"]
assert two["extra_resource_limits"] == {"nvidia.com/gpu": "2"} and two["mem_limit"] == 32 * 2**30
assert two["node_selector"] == {"cloud.google.com/gke-nodepool": "gpu-large", "cloud.google.com/gke-accelerator": None}, two["node_selector"]
assert "kubespawner_override" not in gpu["profile_options"]["size"]["choices"]["one"]
`,
    );
    expect(r.out).toContain('ok');
    expect(r.status).toBe(0);
  });

  test('the single-user settings read back as KubeSpawner takes them', () => {
    const r = readBack(
      config,
      `
assert ks.image_pull_secrets == ["regcred"]
assert ks.image_pull_policy == "IfNotPresent"
assert ks.tolerations == [{"effect": "NoSchedule", "key": "hub.jupyter.org/dedicated", "operator": "Equal", "value": "user"}], ks.tolerations
assert ks.node_affinity_required[0]["matchExpressions"][0]["key"] == "kubernetes.io/arch"
assert ks.node_affinity_preferred[0]["weight"] == 100
assert ks.lifecycle_hooks == {"postStart": {"exec": {"command": ["sh", "-c", 'cp -rn /srv/course/. "$HOME"/ || true']}}, "preStop": {"exec": {"command": ["sh", "-c", "sync"]}}}
assert [c["name"] for c in ks.init_containers] == ["fetch-course"] and [c["name"] for c in ks.extra_containers] == ["sidecar"]
for cont in ks.init_containers + ks.extra_containers:
    sc = cont["securityContext"]
    assert sc["runAsUser"] == 1000 and sc["runAsNonRoot"] and not sc["allowPrivilegeEscalation"] and sc["readOnlyRootFilesystem"] and sc["capabilities"] == {"drop": ["ALL"]}
    assert cont["resources"]["limits"]["memory"] and cont["imagePullPolicy"] == "IfNotPresent"
assert ks.init_containers[0]["volumeMounts"] == [{"name": "course", "mountPath": "/srv/course"}]
assert ks.extra_containers[0]["env"] == [{"name": "MODE", "value": '{{"quiet": true}}'}]
names = [v["name"] for v in ks.volumes]
assert names == ["home", "course", "settings", "motd", "api", "data", "shm"], names
mounts = {m["name"]: m for m in ks.volume_mounts}
assert mounts["motd"] == {"name": "motd", "mountPath": "/etc/motd", "subPath": "motd", "readOnly": True}
assert mounts["data"]["readOnly"] is True and "readOnly" not in mounts["course"]
assert [v for v in ks.volumes if v["name"] == "api"][0]["secret"] == {"secretName": "course-api", "defaultMode": 0o440}
assert ks.extra_resource_limits == {"example.com/dongle": "1"}
assert ks.service_account == "notebook" and ks.automount_service_account_token is True
assert ks.default_url == "/lab"
`,
    );
    expect(r.out).toContain('ok');
    expect(r.status).toBe(0);
  });

  test('the hub lists every image a user pod can run, for the pre-puller', () => {
    expect(hub.userPods().images).toEqual([
      SCIPY,
      R,
      TORCH,
      'docker.io/alpine/git:v2.47.2',
      'docker.io/library/busybox:1.37.0',
    ]);
  });
});

describe('profiles and single-user settings: errors at construction', () => {
  const base = (): SingleUserOptions => ({ nodePools: [{ name: 'gpu', nodeSelector: { pool: 'gpu' } }] });
  const cases: [string, SingleUserOptions, RegExp][] = [
    [
      'duplicate slugs',
      {
        profiles: [
          { slug: 'a', displayName: 'A', default: true },
          { slug: 'a', displayName: 'B' },
        ],
      },
      /Invalid 'singleUser.profiles\[1\].slug' \('a'\): is the slug of another profile/,
    ],
    [
      'no default profile',
      {
        profiles: [
          { slug: 'a', displayName: 'A' },
          { slug: 'b', displayName: 'B' },
        ],
      },
      /Invalid 'singleUser.profiles' \(\[\]\): must have exactly one default profile/,
    ],
    [
      'two default profiles',
      {
        profiles: [
          { slug: 'a', displayName: 'A', default: true },
          { slug: 'b', displayName: 'B', default: true },
        ],
      },
      /must have exactly one default profile/,
    ],
    [
      'an unpinned profile image',
      { profiles: [{ slug: 'a', displayName: 'A', default: true, image: 'quay.io/jupyter/scipy-notebook:latest' }] },
      /Invalid 'singleUser.profiles\[0\].image' \('quay.io\/jupyter\/scipy-notebook:latest'\): must not use the moving 'latest' tag/,
    ],
    [
      'an unpinned choice image',
      {
        profiles: [
          {
            slug: 'a',
            displayName: 'A',
            default: true,
            options: [
              {
                slug: 'i',
                displayName: 'I',
                choices: [{ slug: 'x', displayName: 'X', default: true, image: 'jupyter/base-notebook' }],
              },
            ],
          },
        ],
      },
      /Invalid 'singleUser.profiles\[0\].options\[0\].choices\[0\].image' \('jupyter\/base-notebook'\): must be pinned/,
    ],
    [
      'a node pool that does not exist',
      { ...base(), profiles: [{ slug: 'a', displayName: 'A', default: true, nodePool: 'gpus' }] },
      /Invalid 'singleUser.profiles\[0\].nodePool' \('gpus'\): is not a node pool of 'singleUser.nodePools' \('gpu'\): declare it there or fix the name/,
    ],
    [
      'a node pool without pools',
      { profiles: [{ slug: 'a', displayName: 'A', default: true, nodePool: 'gpu' }] },
      /\(none declared\)/,
    ],
    [
      'a bad slug',
      { profiles: [{ slug: 'GPU--large', displayName: 'A', default: true }] },
      /Invalid 'singleUser.profiles\[0\].slug' \('GPU--large'\)/,
    ],
    [
      'an option without a default choice',
      {
        profiles: [
          {
            slug: 'a',
            displayName: 'A',
            default: true,
            options: [{ slug: 'i', displayName: 'I', choices: [{ slug: 'x', displayName: 'X' }] }],
          },
        ],
      },
      /must have exactly one default choice/,
    ],
    [
      'a free-form field alone',
      {
        profiles: [
          {
            slug: 'a',
            displayName: 'A',
            default: true,
            options: [
              {
                slug: 'i',
                displayName: 'I',
                choices: [],
                freeForm: { displayName: 'Image', validationRegex: '^x/y:[0-9]+$', example: 'x/y:1' },
              },
            ],
          },
        ],
      },
      /must list at least one choice/,
    ],
    [
      'a free-form regex that lets latest through',
      {
        profiles: [
          {
            slug: 'a',
            displayName: 'A',
            default: true,
            options: [
              {
                slug: 'i',
                displayName: 'I',
                choices: [{ slug: 'x', displayName: 'X', default: true }],
                freeForm: { displayName: 'Image', validationRegex: '^quay\\.io/.+$', example: 'quay.io/a/b:1' },
              },
            ],
          },
        ],
      },
      /accepts the unpinned image 'quay.io\/a\/b'/,
    ],
    [
      'an unanchored free-form regex',
      {
        profiles: [
          {
            slug: 'a',
            displayName: 'A',
            default: true,
            options: [
              {
                slug: 'i',
                displayName: 'I',
                choices: [{ slug: 'x', displayName: 'X', default: true }],
                freeForm: { displayName: 'Image', validationRegex: 'quay\\.io/a/b:[0-9]+', example: 'quay.io/a/b:1' },
              },
            ],
          },
        ],
      },
      /must be anchored at both ends/,
    ],
    [
      'a profile limit below the hub guarantee',
      {
        memoryGuarantee: Size.gibibytes(2),
        profiles: [{ slug: 'a', displayName: 'A', default: true, memoryLimit: Size.gibibytes(1) }],
      },
      /Invalid 'singleUser.profiles\[0\].memoryLimit'.*must be at least the memory guarantee that applies/,
    ],
    [
      'an unpinned image without the opt-out',
      { image: 'docker.io/aodewahn/thinkdsp:latest' },
      /Invalid 'singleUser.image' \('docker.io\/aodewahn\/thinkdsp:latest'\): must not use the moving 'latest' tag/,
    ],
    [
      'the opt-out with a pinned image',
      { image: SCIPY, allowUnpinnedImage: true },
      /Invalid 'singleUser.allowUnpinnedImage' \(true\): is set, but 'singleUser.image' .* is pinned: remove 'allowUnpinnedImage'/,
    ],
    [
      'a token without an account',
      { automountServiceAccountToken: true },
      /name a dedicated account in 'serviceAccountName'/,
    ],
    [
      'a toleration with a bad operator',
      { tolerations: [{ key: 'a', operator: 'Equals' }] },
      /Invalid 'singleUser.tolerations\[0\].operator' \('Equals'\)/,
    ],
    ['an affinity term without requirements', { nodeAffinityRequired: [{}] }, /an empty term matches no node/],
    [
      'a preferred weight out of range',
      { nodeAffinityPreferred: [{ weight: 0, preference: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } }] },
      /weight' \(0\): must be a whole number from 1 to 100/,
    ],
    [
      'an unpinned extra container image',
      { extraContainers: [{ name: 'x', image: 'busybox' }] },
      /Invalid 'singleUser.extraContainers\[0\].image' \('busybox'\): must be pinned/,
    ],
    [
      'a container named like the server',
      { extraContainers: [{ name: 'notebook', image: 'busybox:1' }] },
      /is already the name of a container/,
    ],
    [
      'a container mounting an unknown volume',
      { initContainers: [{ name: 'x', image: 'busybox:1', volumes: ['nope'] }] },
      /is not a volume of 'singleUser.extraVolumes'/,
    ],
    [
      'an unknown placeholder',
      { initContainers: [{ name: 'x', image: 'busybox:1', args: ['{user}'] }] },
      /uses \{user\}, which KubeSpawner does not know/,
    ],
    ['a volume named home', { extraVolumes: [UserVolume.emptyDir('home', '/x')] }, /is the volume of the users' homes/],
    [
      'two volumes on one path',
      { extraVolumes: [UserVolume.emptyDir('a', '/home/jovyan')] },
      /mounts at '\/home\/jovyan', where volume 'home' is mounted already/,
    ],
    [
      'a resource without a domain',
      { extraResourceLimits: { gpu: 1 } },
      /must be an extended resource with a domain prefix/,
    ],
    ['gpus twice', { gpus: 1, extraResourceLimits: { 'nvidia.com/gpu': 1 } }, /is set twice/],
    ['a bad pull secret', { imagePullSecrets: ['Reg_Cred'] }, /Invalid 'singleUser.imagePullSecrets' \('Reg_Cred'\)/],
    ['an empty hook', { postStartCommand: [] }, /Invalid 'singleUser.postStartCommand'/],
  ];
  test.each(cases)('%s', (_name, singleUser, message) => {
    expect(() => hubWith(singleUser)).toThrow(message);
  });
});

/** A hub in its own namespace with every scheduling piece. */
function schedulingChart(app: App, id: string, namespace: string, release = 'jupyterhub'): { hub: Hub } {
  const c = new Chart(app, id, { disableResourceNameHashes: true });
  const ns = new Namespace(c, namespace);
  const hub = new Hub(ns, 'hub', {
    release,
    authenticator: Authenticator.dummy({ adminUsers: ['admin'] }),
    singleUser: { ...everySingleUser(), storage: SingleUserStorage.dynamic() },
  });
  hub.addIntegration(new Proxy(ns, 'proxy'));
  hub.addIntegration(new UserScheduler(ns, 'user-scheduler'));
  hub.addIntegration(new UserPlaceholders(ns, 'placeholders', { replicas: 2 }));
  new ImagePuller(ns, 'puller', { hub, extraImages: ['quay.io/jupyter/minimal-notebook:2025-10-20'] });
  new HubDisruptionBudgets(ns, 'budgets', { hub });
  ns.orderBefore(c);
  return { hub };
}

describe('scheduling: pre-puller, placeholders, user scheduler, disruption budgets', () => {
  let outdir: string;
  let objs: Obj[];
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'scheduling-'));
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
    schedulingChart(app, 'course-a', 'course-a');
    schedulingChart(app, 'course-b', 'course-b');
    synthesize(app);
    const app2 = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'scheduling-one-')) });
    const { hub } = schedulingChart(app2, 'course-a', 'course-a');
    objs = synth(hub.node.scope!.node.scope as Chart);
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  const checker = (script: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(__dirname, 'checkers', script), ...args], {
      encoding: 'utf8',
      cwd: path.join(__dirname, '..'),
    });
    return `${r.stdout}${r.stderr}`;
  };

  test.each([
    ['1.27', 'k8s-1.27'],
    ['1.36', 'k8s-1.36'],
  ])('zero schema errors on Kubernetes %s, two hubs in one app', (version, models) => {
    expect(checker('validate.mjs', '--models', models, '--k8s-version', version, outdir)).toMatch(
      /^\d+ objects, 0 invalid$/m,
    );
  });

  test("zero lint errors but the user servers' NetworkPolicy (their pods are made at run time)", () => {
    const out = checker('lint.mjs', outdir);
    const errors = out
      .split('\n')
      .filter((l) => l.startsWith('error ') && !/^error netpol-selector NetworkPolicy\/singleuser: /.test(l));
    expect(errors).toEqual([]);
    // No container without limits, non-root settings or a read-only root.
    expect(
      out.split('\n').filter((l) => /resource-limits|readonly-root-fs|run-as-root|capabilities-drop/.test(l)),
    ).toEqual([]);
  });

  test('cluster-scoped objects are named after the namespace and release, without a namespace', () => {
    const cluster = objs.filter((o) => ['PriorityClass', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind));
    expect(cluster.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole/course-a-jupyterhub-user-scheduler',
      'ClusterRoleBinding/course-a-jupyterhub-user-scheduler',
      'PriorityClass/course-a-jupyterhub-default-priority',
      'PriorityClass/course-a-jupyterhub-user-placeholder-priority',
    ]);
    for (const o of cluster) expect(o.metadata.namespace).toBeUndefined();
    expect(find(objs, 'PriorityClass', 'course-a-jupyterhub-user-placeholder-priority').value).toBe(-10);
    expect(find(objs, 'PriorityClass', 'course-a-jupyterhub-default-priority').value).toBe(0);
  });

  test("the user pods name the user scheduler and the users' priority; the placeholders too, at their own priority", () => {
    const config = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
    expect(config).toContain('c.KubeSpawner.scheduler_name = "course-a-jupyterhub-user-scheduler"');
    expect(config).toContain('c.KubeSpawner.priority_class_name = "course-a-jupyterhub-default-priority"');
    const ph = find(objs, 'Deployment', 'user-placeholder').spec.template.spec;
    expect(ph.schedulerName).toBe('course-a-jupyterhub-user-scheduler');
    expect(ph.priorityClassName).toBe('course-a-jupyterhub-user-placeholder-priority');
    expect(ph.nodeSelector).toEqual({ 'hub.jupyter.org/node-purpose': 'user' });
    expect(ph.tolerations).toEqual([
      { key: 'hub.jupyter.org/dedicated', operator: 'Equal', value: 'user', effect: 'NoSchedule' },
    ]);
    expect(ph.containers[0].resources.requests.memory).toBe(1073741824);
    expect(ph.containers[0].resources.limits['example.com/dongle']).toBe('1');
  });

  test('the user scheduler: the packing profile, a lease of its own, reads cluster-wide and writes only in its namespace', () => {
    const cfg = JSON.parse(find(objs, 'ConfigMap', 'user-scheduler').data['config.json']);
    expect(cfg.leaderElection).toEqual({
      resourceLock: 'leases',
      resourceName: 'user-scheduler-lock',
      resourceNamespace: 'course-a',
    });
    expect(cfg.profiles[0].schedulerName).toBe('course-a-jupyterhub-user-scheduler');
    expect(cfg.profiles[0].pluginConfig[0].args.scoringStrategy.type).toBe('MostAllocated');
    const cr = find(objs, 'ClusterRole', 'course-a-jupyterhub-user-scheduler');
    const writes = cr.rules.filter((r: any) => r.verbs.some((v: string) => !['get', 'list', 'watch'].includes(v)));
    expect(writes.map((r: any) => r.resources.join(','))).toEqual([
      'persistentvolumes',
      'tokenreviews',
      'subjectaccessreviews',
    ]);
    expect(JSON.stringify(cr.rules)).not.toContain('secrets');
    const role = find(objs, 'Role', 'user-scheduler');
    expect(role.rules.find((r: any) => r.resources.includes('pods/binding')).verbs).toEqual(['create']);
    const d = find(objs, 'Deployment', 'user-scheduler');
    expect(d.spec.template.spec.containers[0].image).toBe('registry.k8s.io/kube-scheduler:v1.27.16');
    expect(find(objs, 'PodDisruptionBudget', 'user-scheduler').spec.maxUnavailable).toBe(1);
  });

  test('the pre-puller pulls every pinned image of the hub and its profiles, as nobody, and needs no network', () => {
    const ds = find(objs, 'DaemonSet', 'continuous-image-puller');
    const spec = ds.spec.template.spec;
    expect(spec.initContainers.map((c: any) => c.image)).toEqual([
      SCIPY,
      R,
      TORCH,
      'docker.io/alpine/git:v2.47.2',
      'docker.io/library/busybox:1.37.0',
      'quay.io/jupyter/minimal-notebook:2025-10-20',
    ]);
    expect(spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(spec.priorityClassName).toBe('course-a-jupyterhub-default-priority');
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(ds.metadata.annotations).toBeUndefined();
    const np = find(objs, 'NetworkPolicy', 'continuous-image-puller');
    expect(np.spec).toEqual({
      podSelector: { matchLabels: ds.spec.selector.matchLabels },
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  test('PodDisruptionBudgets for hub and proxy: maxUnavailable 1, selecting their pods', () => {
    for (const [name, component] of [
      ['hub', 'hub'],
      ['proxy', 'proxy'],
    ]) {
      const pdb = find(objs, 'PodDisruptionBudget', name);
      expect(pdb.spec).toEqual({
        maxUnavailable: 1,
        selector: { matchLabels: { app: 'jupyterhub', component, release: 'jupyterhub' } },
      });
    }
  });

  test('the pre-puller refuses unpinned images: an unpinned hub image is left out, an unpinned extra image is an error', () => {
    const c = new Chart(new App(), 'x', { namespace: 'x' });
    const hub = hubWith(
      { image: 'docker.io/aodewahn/thinkdsp:latest', allowUnpinnedImage: true, storage: SingleUserStorage.none() },
      c,
    );
    expect(() => new ImagePuller(c, 'p', { hub })).toThrow(/has no pinned image to pull/);
    expect(() => new ImagePuller(c, 'q', { hub, extraImages: ['busybox:latest'] })).toThrow(
      /Invalid 'extraImages' \('busybox:latest'\)/,
    );
    expect(new ImagePuller(c, 'r', { hub, extraImages: [SCIPY] }).images).toEqual([SCIPY]);
  });

  test('errors: a hub without a namespace, another namespace, a second scheduler, placeholders above the users', () => {
    const bare = chart();
    const hub = hubWith({}, bare);
    expect(() => hub.addIntegration(new UserPlaceholders(bare, 'p', { replicas: 1 }))).toThrow(
      /has no namespace, and the PriorityClass is cluster-scoped/,
    );
    const c = new Chart(new App(), 'y', { namespace: 'y' });
    const h2 = hubWith({}, c);
    const other = new Namespace(c, 'other');
    expect(() => new ImagePuller(other, 'p', { hub: h2 })).toThrow(/is in namespace 'y', the image puller in 'other'/);
    h2.addIntegration(new UserScheduler(c, 's1'));
    expect(() => h2.addIntegration(new UserScheduler(c, 's2'))).toThrow(
      /sets the user pods' schedulerName a second time/,
    );
    expect(() => new UserPlaceholders(c, 'p2', { replicas: 1, placeholderPriority: 5 })).toThrow(
      /Invalid 'placeholderPriority' \(5\): must be below 'userPriority' \(0\)/,
    );
  });
});

describe('the gke chart (seed 003)', () => {
  const objs = synth(new GkeChart(new App(), 'gke'));
  const config = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];

  test('every trait the config sets exists, undeprecated, in the hub image (k8s-hub 4.4.0)', () => {
    const set = [...config.matchAll(/^c\.(\w+)\.(\w+)\s*=/gm)].map((m) => [m[1], m[2]]);
    expect(set.length).toBeGreaterThan(20);
    expect(set.filter(([c, t]) => !TRAITS.classes[c]?.[t] || TRAITS.classes[c][t].deprecated)).toEqual([]);
  });

  test("the seed's moving image through the explicit opt-out: pulled on every start", () => {
    expect(config).toContain('c.KubeSpawner.image = "docker.io/aodewahn/thinkdsp:latest"');
    expect(config).toContain('c.KubeSpawner.image_pull_policy = "Always"');
  });

  test('no user storage, a LoadBalancer, secrets generated in the cluster, budgets for hub and proxy', () => {
    expect(config).toContain('c.KubeSpawner.storage_pvc_ensure = False');
    expect(find(objs, 'Service', 'proxy-public').spec.type).toBe('LoadBalancer');
    expect(all(objs, 'Secret')).toEqual([]);
    expect(all(objs, 'PodDisruptionBudget').map((p) => p.spec.maxUnavailable)).toEqual([1, 1]);
    expect(objs.every((o) => o.kind === 'Namespace' || o.metadata.namespace === 'jupyterhub-test')).toBe(true);
    // The seed's committed tokens appear nowhere.
    const text = JSON.stringify(objs);
    for (const token of [
      'b85e9538b93761f2336025a3d5696cc237ee26c8115979d90b86b08b0c326957',
      'f13056563eafb75ab062020dadef8c941b18f69da623e8af58554c06c585881a',
    ]) {
      expect(text).not.toContain(token);
    }
  });
});
