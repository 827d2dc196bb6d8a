/**
 * Group-limited profiles and choices (issue 22 item 3, z2jh #1734, kubespawner #589): a profile,
 * or a choice of a profile option, offered only to members of JupyterHub groups, checked at
 * construction against where the hub's users get groups from, and enforced by the generated
 * `profile_list` function.
 *
 * The generated `jupyterhub_config.py` is loaded by Debian's JupyterHub (`load_config_file`, as the
 * hub does at start); users and groups are rows of a real JupyterHub database, and the spawner is
 * a stand-in carrying KubeSpawner 7.0.0's own profile methods, unchanged
 * (test/fixtures/kubespawner-7.0.0/profile_methods.py: `_options_from_form` to
 * `load_user_options`), since Debian does not package KubeSpawner. So what a user is shown is what
 * KubeSpawner renders the form from (`profile_list(spawner)`), and a spawn goes through the very
 * code that validates and applies the user's options, fed as the form or the REST API would.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Authenticator, Hub, LdapTlsStrategy, Proxy, SingleUserProfile } from '../../lib';
import { authRef, expectRefused, js, P, Row } from '../input-checks';
import { checkTraitsInPython } from '../trait-check';
import { chart, find, synth } from '../util';

const ROOT = path.join(__dirname, '..', '..');
const PROFILE_METHODS = path.join(ROOT, 'test', 'fixtures', 'kubespawner-7.0.0', 'profile_methods.py');
/** Debian's Python, with Debian's JupyterHub (scripts/system-deps.sh installs it). */
const PYTHON = '/usr/bin/python3';

const oidc = (o: object = {}) =>
  Authenticator.openIdConnect({
    clientId: 'jupyterhub',
    clientSecret: authRef('client-secret'),
    authorizeUrl: 'https://sso.example.org/auth',
    tokenUrl: 'https://sso.example.org/token',
    userdataUrl: 'https://sso.example.org/userinfo',
    allowedGroups: ['students', 'staff'],
    callbackUrl: 'https://hub.example.org/hub/oauth_callback',
    ...o,
  });

/** A course: the default profile for everyone, a GPU profile for staff, an exam for one class. */
const PROFILES: SingleUserProfile[] = [
  {
    slug: 'standard',
    displayName: 'Standard',
    default: true,
    options: [
      {
        slug: 'size',
        displayName: 'Size',
        choices: [
          { slug: 'small', displayName: 'Small', default: true },
          {
            slug: 'large',
            displayName: 'Large',
            memoryLimit: undefined,
            cpuLimit: undefined,
            allowedGroups: ['staff'],
          },
        ],
      },
    ],
  },
  { slug: 'gpu', displayName: 'GPU', gpus: 1, allowedGroups: ['staff'] },
  {
    slug: 'exam',
    displayName: 'Exam',
    image: 'quay.io/jupyter/scipy-notebook:2025-10-20',
    allowedGroups: ['exam-2026'],
  },
];

type HubProps = ConstructorParameters<typeof Hub>[2];
function hubConfig(props: Partial<HubProps>): string {
  const c = chart('course');
  const hub = new Hub(c, 'hub', { authenticator: oidc(), singleUser: { profiles: PROFILES }, ...props });
  hub.addIntegration(new Proxy(c, 'proxy'));
  return find(synth(c), 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
}

const RUNNER = `
import asyncio, collections, copy, importlib.util, json, logging, os, sys, types
from jupyterhub.app import JupyterHub
from jupyterhub import orm
from jupyterhub.user import User
from jupyterhub.spawner import LocalProcessSpawner

# Secrets the config reads from the hub's env (the OAuth client secret): any value will do.
os.environ = collections.defaultdict(lambda: "placeholder", os.environ)
sys.modules["kubespawner"] = types.ModuleType("kubespawner")
sys.modules["kubespawner"].KubeSpawner = type("KubeSpawner", (LocalProcessSpawner,), {})
# Nor OAuthenticator and NativeAuthenticator: stand-in classes of the names the config imports
# (the authenticator's own traits are checked in test/auth/; groups here are database rows).
from jupyterhub.auth import Authenticator
for module, cls in [("oauthenticator.generic", "GenericOAuthenticator"), ("nativeauthenticator", "NativeAuthenticator")]:
    sys.modules.setdefault(module.split(".")[0], types.ModuleType(module.split(".")[0]))
    sys.modules[module] = sys.modules.get(module) or types.ModuleType(module)
    setattr(sys.modules[module], cls, type(cls, (Authenticator,), {}))
if sys.argv[4] == "hub":
    app = JupyterHub()
    app.load_config_file(sys.argv[1])
    config = app.config.KubeSpawner
else:
    # The file as JupyterHub's load_config_file reads it (traitlets' loader), without 3.0's trait
    # check: 3.0 takes load_groups as {name: [users]}, 3.2 and newer as {name: {"users": [...]}}.
    from traitlets.config.loader import PyFileConfigLoader
    config = PyFileConfigLoader(os.path.basename(sys.argv[1]), os.path.dirname(sys.argv[1])).load_config().KubeSpawner
spec = importlib.util.spec_from_file_location("kubespawner_profile_methods", sys.argv[2])
methods = importlib.util.module_from_spec(spec)
spec.loader.exec_module(methods)

DICT_TRAITS = {"extra_labels", "node_selector", "environment", "extra_resource_limits"}


class StandIn(methods.KubeSpawnerProfileMethods):
    """A spawner of one user: KubeSpawner 7.0.0's profile methods over the config's traits."""

    def __init__(self, user, user_options):
        self.user = user
        self.user_options = user_options
        self.log = logging.getLogger("stand-in")
        self.profile_list = config.profile_list

    def __getattr__(self, trait):
        value = copy.deepcopy(config[trait]) if trait in config else ({} if trait in DICT_TRAITS else None)
        setattr(self, trait, value)
        return value


db = orm.new_session_factory("sqlite://")()
groups = {}
users = {}
for name, member_of in json.loads(sys.argv[3]).items():
    u = orm.User(name=name)
    db.add(u)
    for g in member_of:
        if g not in groups:
            groups[g] = orm.Group(name=g)
            db.add(groups[g])
        groups[g].users.append(u)
    users[name] = User(u)
db.commit()


def shown(name):
    return [
        {"slug": p["slug"], "options": {o: sorted(v["choices"]) for o, v in p.get("profile_options", {}).items()}}
        for p in StandIn(users[name], {}).profile_list(StandIn(users[name], {}))
    ]


def spawn(name, how, data):
    s = StandIn(users[name], {})
    s.user_options = s._options_from_form(data) if how == "form" else data
    try:
        asyncio.run(s.load_user_options())
    except Exception as e:
        return {"refused": "%s: %s" % (type(e).__name__, e)}
    return {"image": s.image, "extra_resource_limits": s.extra_resource_limits, "extra_labels": s.extra_labels}


cases = json.load(sys.stdin)
print(json.dumps({
    "callable": callable(config.profile_list),
    "shown": {n: shown(n) for n in users},
    "spawns": [spawn(*c) for c in cases],
}))
`;

type Spawn = [user: string, how: 'form' | 'api', data: object];
function runInJupyterHub(
  config: string,
  members: { [user: string]: string[] },
  spawns: Spawn[],
  loader: 'hub' | 'traitlets' = 'hub',
): any {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-groups-'));
  const file = path.join(dir, 'jupyterhub_config.py');
  try {
    fs.writeFileSync(file, config);
    const out = execFileSync(PYTHON, ['-c', RUNNER, file, PROFILE_METHODS, JSON.stringify(members), loader], {
      input: JSON.stringify(spawns),
      stdio: ['pipe', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    return JSON.parse(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("in Debian's JupyterHub, with KubeSpawner 7.0.0's profile methods: users see and get only what their groups allow", () => {
  const members = { ada: ['staff'], bob: ['students'], eve: ['students', 'exam-2026'] };
  const spawns: Spawn[] = [
    // 0-2: what the form posts: a profile a user was shown, and one they were not.
    ['ada', 'form', { profile: ['gpu'] }],
    ['bob', 'form', { profile: ['gpu'] }],
    ['eve', 'form', { profile: ['exam'] }],
    // 3-4: the REST API (user_options as JSON): a forged profile slug.
    ['bob', 'api', { profile: 'exam' }],
    ['bob', 'api', {}],
    // 5-6: a choice of an open profile that is limited: forged by a student, taken by staff.
    ['bob', 'form', { profile: ['standard'], 'profile-option-standard--size': ['large'] }],
    ['ada', 'api', { profile: 'standard', size: 'large' }],
  ];
  const result = runInJupyterHub(hubConfig({}), members, spawns);

  test('profile_list is a function of the spawner (the filter), not a list', () => {
    expect(result.callable).toBe(true);
  });

  test("the config passes the trait check against the pinned image's traits (profile_list takes a callable)", () => {
    const check = checkTraitsInPython(hubConfig({}), 'hub');
    expect(check.errors).toEqual([]);
    expect(check.values.KubeSpawner.profile_list).toEqual({ __callable__: '_profiles_for' });
  });

  test('each user is shown the open profiles and those of their groups, and only their choices', () => {
    expect(result.shown).toEqual({
      ada: [
        { slug: 'standard', options: { size: ['large', 'small'] } },
        { slug: 'gpu', options: {} },
      ],
      bob: [{ slug: 'standard', options: { size: ['small'] } }],
      eve: [
        { slug: 'standard', options: { size: ['small'] } },
        { slug: 'exam', options: {} },
      ],
    });
  });

  test('a member gets the limited profile it chose', () => {
    expect(result.spawns[0]).toMatchObject({ extra_resource_limits: { 'nvidia.com/gpu': '1' } });
    expect(result.spawns[2]).toMatchObject({ image: 'quay.io/jupyter/scipy-notebook:2025-10-20' });
  });

  test('a profile slug the user was not shown is refused, from the form or the REST API', () => {
    expect(result.spawns[1]).toEqual({ refused: expect.stringMatching(/^ValueError: No such profile: gpu\./) });
    expect(result.spawns[3]).toEqual({ refused: expect.stringMatching(/^ValueError: No such profile: exam\./) });
  });

  test('a spawn naming no profile gets the default one, open to all', () => {
    expect(result.spawns[4]).not.toHaveProperty('refused');
  });

  test('a limited choice is refused to others (KubeSpawner finds no such choice) and given to members', () => {
    expect(result.spawns[5]).toEqual({ refused: "KeyError: 'large'" });
    expect(result.spawns[6]).not.toHaveProperty('refused');
  });
});

describe('groups the config declares (traits.jupyterHub.loadGroups) with a login that has none', () => {
  const loadGroups = { staff: { users: ['ada'] }, 'exam-2026': { users: ['eve'] } };
  const config = hubConfig({
    authenticator: Authenticator.native({ adminUsers: ['ada'] }),
    traits: { jupyterHub: { loadGroups } },
  });

  test("are JupyterHub's own groups: the filter applies to them as to the provider's", () => {
    const result = runInJupyterHub(
      config,
      { ada: ['staff'], bob: [] },
      [['bob', 'api', { profile: 'gpu' }]],
      'traitlets',
    );
    expect(result.shown.bob).toEqual([{ slug: 'standard', options: { size: ['small'] } }]);
    expect(result.shown.ada.map((p: any) => p.slug)).toEqual(['standard', 'gpu']);
    expect(result.spawns[0].refused).toMatch(/^ValueError: No such profile: gpu\./);
  });
});

test('without limits, profile_list stays the literal list (the output of existing hubs is unchanged)', () => {
  const config = hubConfig({
    singleUser: { profiles: [{ slug: 'standard', displayName: 'Standard', default: true }] },
  });
  expect(config).toContain('c.KubeSpawner.profile_list = [{"display_name": "Standard"');
  expect(config).not.toContain('_profiles_for');
});

describe('refuses', () => {
  const gated = (allowedGroups: unknown, more: Partial<SingleUserProfile> = {}): SingleUserProfile[] => [
    { slug: 'standard', displayName: 'Standard', default: true },
    { slug: 'gpu', displayName: 'GPU', allowedGroups: allowedGroups as string[], ...more },
  ];
  const build = (props: Partial<HubProps>) => () => hubConfig(props);
  const rows: Row[] = [
    [
      'a limited profile with a login that gives no groups (native)',
      build({
        authenticator: Authenticator.native({ adminUsers: ['ada'] }),
        singleUser: { profiles: gated(['staff']) },
      }),
      P('singleUser.profiles[1].allowedGroups'),
    ],
    [
      'a limited profile with LDAP (its allowedGroups gate the login only; LDAPAuthenticator 2.0 returns no groups)',
      () =>
        hubConfig({
          authenticator: Authenticator.ldap({
            serverAddress: 'ldap.example.org',
            tlsStrategy: LdapTlsStrategy.ON_CONNECT,
            bindDnTemplates: ['uid={username},ou=people,dc=example,dc=org'],
            allowedGroups: ['cn=staff,ou=groups,dc=example,dc=org'],
          }),
          singleUser: { profiles: gated(['cn=staff,ou=groups,dc=example,dc=org']) },
        }),
      P('singleUser.profiles[1].allowedGroups'),
    ],
    [
      'a limited choice with the dummy login',
      build({ authenticator: Authenticator.dummy({ allowAll: true, allowOpenNetwork: true }) }),
      P('singleUser.profiles[0].options[0].choices[1].allowedGroups'),
    ],
    [
      'a group that loadGroups does not declare',
      build({
        authenticator: Authenticator.native({ adminUsers: ['ada'] }),
        traits: { jupyterHub: { loadGroups: { staf: { users: ['ada'] } } } },
        singleUser: { profiles: gated(['staff']) },
      }),
      P('singleUser.profiles[1].allowedGroups'),
    ],
    [
      'loadGroups while the authenticator manages groups (JupyterHub refuses it at start)',
      build({ traits: { jupyterHub: { loadGroups: { staff: { users: ['ada'] } } } } }),
      P('traits.jupyterHub.loadGroups'),
    ],
    [
      'a limited default profile (what a spawn without a profile gets)',
      build({
        singleUser: { profiles: [{ slug: 'gpu', displayName: 'GPU', default: true, allowedGroups: ['staff'] }] },
      }),
      P('singleUser.profiles[0].allowedGroups'),
    ],
    [
      'a limited default choice',
      build({
        singleUser: {
          profiles: [
            {
              slug: 'standard',
              displayName: 'Standard',
              default: true,
              options: [
                {
                  slug: 'size',
                  displayName: 'Size',
                  choices: [{ slug: 'small', displayName: 'Small', default: true, allowedGroups: ['staff'] }],
                },
              ],
            },
          ],
        },
      }),
      P('singleUser.profiles[0].options[0].choices[0].allowedGroups'),
    ],
    [
      'an empty list of groups',
      build({ singleUser: { profiles: gated([]) } }),
      P('singleUser.profiles[1].allowedGroups'),
    ],
    [
      'a group twice',
      build({ singleUser: { profiles: gated(['staff', 'staff']) } }),
      P('singleUser.profiles[1].allowedGroups'),
    ],
    [
      'an empty group name',
      build({ singleUser: { profiles: gated(['']) } }),
      P('singleUser.profiles[1].allowedGroups[0]'),
    ],
    [
      'a group that is no string (JavaScript)',
      build({ singleUser: { profiles: gated([js(7)]) } }),
      P('singleUser.profiles[1].allowedGroups[0]'),
    ],
    [
      'groups that are no list (JavaScript)',
      build({ singleUser: { profiles: gated(js('staff')) } }),
      P('singleUser.profiles[1].allowedGroups'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
