/**
 * The users' pods (SingleUserOptions, issue 13): profiles and the single-user settings. The
 * profile list is rendered with every option set, checked against the traits of the hub image
 * (k8s-hub 4.4.0: KubeSpawner 7.0) and read back by real Python, which checks the structure
 * KubeSpawner expects; the bad input the hub refuses in them, naming the prop; and good input a
 * user would expect to work.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Hub, Proxy, SingleUserOptions, UserVolume } from '../../lib';
import { chartIn, expectAccepted, expectRefused, Good, hubConfig, none, P, Row } from '../input-checks';
import { anyLogin, chart, synth } from '../util';
import { everySingleUser, hubWith, KUBESPAWNER_TRAITS, R, SCIPY, TORCH, TRAITS } from './every-single-user';

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

describe('refuses bad profiles and single-user settings at construction', () => {
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

const hub = (props: object) => () => new Hub(chart(), 'hub', { authenticator: anyLogin(), ...(props as any) });
const su = (singleUser: object) => hub({ singleUser });

const refusals: Row[] = [
  // Wrong types from JavaScript
  [
    "singleUser.memoryLimit: '1Gi'",
    su({ memoryLimit: '1Gi' }),
    /^Invalid 'singleUser.memoryLimit' \('1Gi'\): must be a Size/,
  ],
  ['singleUser.memoryGuarantee: 512', su({ memoryGuarantee: 512 }), P('singleUser.memoryGuarantee')],
  ["singleUser.cmd: 'jupyterhub-singleuser'", su({ cmd: 'jupyterhub-singleuser' }), P('singleUser.cmd')],
  ["singleUser.uid: '1000'", su({ uid: '1000' }), P('singleUser.uid')],
  ['singleUser.cpuLimit: 2 (a number, not a Cpu)', su({ cpuLimit: 2 }), P('singleUser.cpuLimit')],
  ['singleUser.startTimeout: 300', su({ startTimeout: 300 }), P('singleUser.startTimeout')],
  ["singleUser.nodeSelector: 'disktype=ssd'", su({ nodeSelector: 'disktype=ssd' }), P('singleUser.nodeSelector')],
  ['singleUser.extraEnv with a number value', su({ extraEnv: { DEBUG: 1 } }), P("singleUser.extraEnv['DEBUG']")],
  ["singleUser.blockCloudMetadata: 'no'", su({ blockCloudMetadata: 'no' }), P('singleUser.blockCloudMetadata')],
  [
    "singleUser.serverApp: 'lab' (not in the enum)",
    su({ serverApp: 'lab' }),
    /^Invalid 'singleUser.serverApp' \('lab'\): must be one of SingleUserServerApp.JUPYTER_SERVER/,
  ],
  // Values that reach a Kubernetes field without that field's rule
  [
    "singleUser.nodeSelector value 'linux os'",
    su({ nodeSelector: { 'kubernetes.io/os': 'linux os' } }),
    P("singleUser.nodeSelector['kubernetes.io/os']"),
  ],
  ["singleUser.nodeSelector key 'a/b/c'", su({ nodeSelector: { 'a/b/c': 'x' } }), P('singleUser.nodeSelector')],
  [
    'singleUser.uid 0 next to runAsNonRoot',
    su({ uid: 0 }),
    /^Invalid 'singleUser.uid' \(0\): is root, and the pods run with runAsNonRoot/,
  ],
  ['singleUser.uid -1', su({ uid: -1 }), P('singleUser.uid')],
  ['singleUser.uid 1.5', su({ uid: 1.5 }), P('singleUser.uid')],
  ['singleUser.uid 2^31 (beyond what the API accepts)', su({ uid: 2 ** 31 }), P('singleUser.uid')],
  ['singleUser.fsGid -1', su({ fsGid: -1 }), P('singleUser.fsGid')],
  ['singleUser.fsGid 2^32', su({ fsGid: 2 ** 32 }), P('singleUser.fsGid')],
  ['singleUser.memoryGuarantee of zero', su({ memoryGuarantee: Size.mebibytes(0) }), P('singleUser.memoryGuarantee')],
  ['singleUser.cpuGuarantee of zero', su({ cpuGuarantee: kplus.Cpu.millis(0) }), P('singleUser.cpuGuarantee')],
  ['singleUser.cmd with a NUL', su({ cmd: ['jupyterhub-singleuser', 'a\u0000b'] }), P('singleUser.cmd')],
  // Generated programs that read differently than written
  [
    'a node selector value with a non-ASCII letter',
    su({ nodeSelector: { zone: 'z\u00fcrich' } }),
    P("singleUser.nodeSelector['zone']"),
  ],
  // Construction errors naming the prop, the value and the fix
  [
    'memory limit below the guarantee',
    hub({ singleUser: { memoryGuarantee: Size.gibibytes(1), memoryLimit: Size.mebibytes(100) } }),
    /Invalid 'singleUser.memoryLimit' \('100Mi'\): must be at least 'singleUser.memoryGuarantee' \(1Gi\): raise the limit or lower the guarantee/,
  ],
  [
    'cpu limit below the guarantee',
    hub({ singleUser: { cpuGuarantee: kplus.Cpu.units(2), cpuLimit: kplus.Cpu.units(1) } }),
    /Invalid 'singleUser.cpuLimit' \('1'\): must be at least 'singleUser.cpuGuarantee' \(2\)/,
  ],
  [
    'blocking the metadata endpoint without the policy that enforces it',
    hub({ singleUser: { networkPolicy: false } }),
    /Invalid 'singleUser.blockCloudMetadata' \(true\): needs the single-user NetworkPolicy/,
  ],
  [
    'the latest tag',
    hub({ singleUser: { image: 'jupyter/base-notebook:latest' } }),
    /Invalid 'singleUser.image' \('jupyter\/base-notebook:latest'\): must not use the moving 'latest' tag/,
  ],
  [
    'a sub-second start timeout',
    hub({ singleUser: { startTimeout: Duration.millis(500) } }),
    /Invalid 'singleUser.startTimeout' \('0.5s'\): must be a whole number of seconds/,
  ],
  [
    'an env var name with a space',
    hub({ singleUser: { extraEnv: { 'MY VAR': 'x' } } }),
    /Invalid 'singleUser.extraEnv' \('MY VAR'\): must be a valid environment variable name/,
  ],
  [
    'a node selector with a bad key',
    hub({ singleUser: { nodeSelector: { 'bad key!': 'x' } } }),
    /Invalid 'singleUser.nodeSelector' \('bad key!'\): has a key that is not a valid label key/,
  ],
  ['an empty command', hub({ singleUser: { cmd: [] } }), /Invalid 'singleUser.cmd' \(\[\]\): must be a non-empty list/],
  [
    'a default URL without a leading slash',
    hub({ singleUser: { defaultUrl: 'lab' } }),
    /Invalid 'singleUser.defaultUrl' \('lab'\): must start with '\/'/,
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

/** One hub with its proxy in a chart with a namespace, from the given Hub props. */
const oneHub =
  (props: Partial<ConstructorParameters<typeof Hub>[2]> = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    new Hub(c, 'hub', { authenticator: anyLogin(), ...props }).addIntegration(new Proxy(c, 'proxy'));
  };

const accepted: Good[] = [
  [
    'uid 1000 / fsGid 100',
    oneHub({ singleUser: { uid: 1000, fsGid: 100 } }),
    (d) => expect(hubConfig(d)).toContain('c.KubeSpawner.fs_gid = 100'),
  ],
  // Deliberately accepted: runAsNonRoot is about the user; group 0 owning the volumes is allowed.
  ['fsGid 0 with uid 1000', oneHub({ singleUser: { uid: 1000, fsGid: 0 } }), none],
  [
    'uid 2147483647 (the largest the API accepts)',
    oneHub({ singleUser: { uid: 2147483647, fsGid: 2147483647 } }),
    none,
  ],
  [
    'an extraEnv value holding JSON (braces doubled for KubeSpawner)',
    oneHub({ singleUser: { extraEnv: { SETTINGS: '{"debug": true}', PLAIN: 'x' } } }),
    (d) => {
      expect(hubConfig(d)).toContain('"SETTINGS": "{{\\"debug\\": true}}"');
      expect(hubConfig(d)).toContain('"PLAIN": "x"');
    },
  ],
  // Deliberately a literal: extraEnv values are not templates (KubeSpawner gets '{{username}}').
  [
    "an extraEnv value with '{username}' stays literal",
    oneHub({ singleUser: { extraEnv: { LITERAL: '{username}' } } }),
    (d) => expect(hubConfig(d)).toContain('"LITERAL": "{{username}}"'),
  ],
  [
    'node selectors with prefixes and mixed case values',
    oneHub({
      singleUser: {
        nodeSelector: { 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'Standard_D4s_v5', tier: '' },
      },
    }),
    none,
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
