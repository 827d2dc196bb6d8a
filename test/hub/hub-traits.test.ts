/**
 * `HubProps.traits` (issue 22): typed traits of the classes `jupyterhub_config.py` configures,
 * written by the hub's one config generator. A trait the library sets itself is merged where
 * merging means something (labels, env, volumes, services, ...) and refused otherwise, naming the
 * prop that owns it; values are checked at construction against the trait's type in the pinned
 * programs; `Type`/`Callable` traits and secrets are refused.
 */
import { Authenticator, ConfigTrait, Hub, HubTraits, UserVolume } from '../../lib';
import { chartIn, expectAccepted, expectRefused, hubConfig, hubIn, js, P, Row } from '../input-checks';
import { checkTraitsInPython } from '../trait-check';
import { chart } from '../util';

/** The generated config of a hub with these traits (and props). */
function configWith(traits: HubTraits, props: Partial<ConstructorParameters<typeof Hub>[2]> = {}): string {
  return hubIn(chart('course'), 'hub', { traits, ...props }).config;
}
const line = (config: string, cls: string, trait: string) =>
  config.split('\n').find((l) => l.startsWith(`c.${cls}.${trait} = `));

describe('traits written by the one config generator', () => {
  test('a trait the library does not set is written as its Python literal, in a section of its own, and reads back', () => {
    const config = configWith({ jupyterHub: { shutdownOnLogout: true, activeServerLimit: 20 } });
    expect(config).toContain(
      "# Traits set with the Hub's typed traits prop\nc.JupyterHub.active_server_limit = 20\nc.JupyterHub.shutdown_on_logout = True\n",
    );
    const check = checkTraitsInPython(config, 'hub');
    expect(check.errors).toEqual([]);
    expect(check.values.JupyterHub).toMatchObject({ shutdown_on_logout: true, active_server_limit: 20 });
  });

  test("traits.kubeSpawner.extraLabels is merged with the hub-access label, which stays (the hub's NetworkPolicy admits it)", () => {
    const config = configWith({ kubeSpawner: { extraLabels: { team: 'geo' } } });
    expect(line(config, 'KubeSpawner', 'extra_labels')).toBe(
      'c.KubeSpawner.extra_labels = {"hub.jupyter.org/network-access-hub": "true", "team": "geo"}',
    );
    expect(config.match(/^c\.KubeSpawner\.extra_labels = /gm)).toHaveLength(1);
    expect(checkTraitsInPython(config, 'hub').values.KubeSpawner.extra_labels).toEqual({
      'hub.jupyter.org/network-access-hub': 'true',
      team: 'geo',
    });
  });

  test('traits.kubeSpawner.environment is merged with singleUser.extraEnv', () => {
    const config = configWith(
      { kubeSpawner: { environment: { TZ: 'Europe/Paris' } } },
      { singleUser: { extraEnv: { EDITOR: 'vim' } } },
    );
    expect(line(config, 'KubeSpawner', 'environment')).toBe(
      'c.KubeSpawner.environment = {"EDITOR": "vim", "TZ": "Europe/Paris"}',
    );
  });

  test("traits.kubeSpawner.volumes and volumeMounts are appended after the storage's and the extra ones", () => {
    const config = configWith(
      {
        kubeSpawner: {
          volumes: [{ name: 'scratch', emptyDir: { medium: 'Memory' } }],
          volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
        },
      },
      { singleUser: { extraVolumes: [UserVolume.emptyDir('cache', '/cache')] } },
    );
    expect(line(config, 'KubeSpawner', 'volumes')).toBe(
      'c.KubeSpawner.volumes = [{"name": "home", "persistentVolumeClaim": {"claimName": "{pvc_name}"}}, {"name": "cache", "emptyDir": {}}, {"name": "scratch", "emptyDir": {"medium": "Memory"}}]',
    );
    expect(line(config, 'KubeSpawner', 'volume_mounts')).toMatch(
      /"mountPath": "\/cache"\}, \{"name": "scratch", "mountPath": "\/scratch"\}\]$/,
    );
    expect(checkTraitsInPython(config, 'hub').errors).toEqual([]);
  });

  test("traits.jupyterHub.services is appended after the integrations' services (the idle culler's)", () => {
    const config = configWith({ jupyterHub: { services: [{ name: 'grader', url: 'http://grader:8080' }] } });
    expect(line(config, 'JupyterHub', 'services')).toMatch(
      /^c\.JupyterHub\.services = \[\{"name": "jupyterhub-idle-culler", .*\}, \{"name": "grader", "url": "http:\/\/grader:8080"\}\]$/,
    );
  });

  test("an authenticator class's traits go to c.<its class>, the Authenticator's to c.Authenticator", () => {
    const config = configWith(
      {
        nativeAuthenticator: { enableSignup: false, minimumPasswordLength: 12 },
        authenticator: { enableAuthState: true },
      },
      { authenticator: Authenticator.native({ adminUsers: ['admin'] }) },
    );
    expect(config).toContain('c.NativeAuthenticator.enable_signup = False\n');
    expect(config).toContain('c.NativeAuthenticator.minimum_password_length = 12\n');
    expect(config).toContain('c.Authenticator.enable_auth_state = True\n');
    expect(checkTraitsInPython(config, 'hub').errors).toEqual([]);
  });

  test('a Set trait is written as a Python set, a fixed-length Tuple as a list of its length', () => {
    const config = configWith(
      {
        authenticator: { blockedUsers: ['mallory', 'eve'] },
        nativeAuthenticator: { selfApprovalEmail: ['hub@example.org', 'Welcome', 'Go to {approval_url}'] },
      },
      { authenticator: Authenticator.native({ adminUsers: ['admin'] }) },
    );
    expect(config).toContain('c.Authenticator.blocked_users = {"eve", "mallory"}\n');
    const check = checkTraitsInPython(config, 'hub');
    expect(check.errors).toEqual([]);
    expect(check.values.NativeAuthenticator.self_approval_email).toEqual([
      'hub@example.org',
      'Welcome',
      'Go to {approval_url}',
    ]);
  });

  test('a union trait takes its typed form or its raw form (any of its forms, as JSON data)', () => {
    const typed = configWith({ kubeSpawner: { imagePullSecrets: ['regcred'] } });
    expect(line(typed, 'KubeSpawner', 'image_pull_secrets')).toBe('c.KubeSpawner.image_pull_secrets = ["regcred"]');
    const raw = configWith({
      jupyterHub: { tornadoSettings: { slow_spawn_timeout: 30, cookie_options: { secure: true } } },
    });
    expect(line(raw, 'JupyterHub', 'tornado_settings')).toBe(
      'c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 30, "cookie_options": {"secure": True}}',
    );
    expect(checkTraitsInPython(raw, 'hub').errors).toEqual([]);
  });

  test("a trait an integration sets is refused when the config is written, naming the integration's hubTraits", () => {
    const c = chart('course');
    const hub = hubIn(c, 'hub', { traits: { jupyterHub: { shutdownOnLogout: false } } });
    hub.addIntegration({
      bindToHub: () => ({ hubTraits: [ConfigTrait.boolean('JupyterHub', 'shutdown_on_logout', true)] }),
    });
    expect(() => hub.config).toThrow(
      /^Invalid 'traits\.jupyterHub\.shutdownOnLogout' \(false\): c\.JupyterHub\.shutdown_on_logout is set by the library from 'an integration of the hub \(its hubTraits\)'/,
    );
  });

  expectAcceptedInChart();
});

/** The merged labels synthesize to a valid ConfigMap (strict schema, YAML 1.1 readers). */
function expectAcceptedInChart(): void {
  test('a hub with traits synthesizes, valid, with them in its config', () => {
    expectAccepted(
      'traits',
      (a) => hubIn(chartIn(a, 'c', 'course'), 'hub', { traits: { kubeSpawner: { extraLabels: { team: 'geo' } } } }),
      (docs) => expect(hubConfig(docs)).toContain('"team": "geo"'),
    );
  });
}

describe('refuses', () => {
  const hub =
    (traits: unknown, props: object = {}) =>
    () =>
      configWith(js(traits), props);
  const rows: Row[] = [
    [
      'a trait the library sets from a typed prop (the image)',
      hub({ kubeSpawner: { image: 'example.org/lab:1' } }),
      /^Invalid 'traits\.kubeSpawner\.image' \('example\.org\/lab:1'\): c\.KubeSpawner\.image is set by the library from 'singleUser\.image': set it with that prop$/,
    ],
    [
      'a trait the library sets itself (the hub-access label is merged, but the security context is not)',
      hub({ kubeSpawner: { containerSecurityContext: { privileged: true } } }),
      /^Invalid 'traits\.kubeSpawner\.containerSecurityContext' .*Pod Security restricted/,
    ],
    [
      'a label key the library sets, merged otherwise',
      hub({ kubeSpawner: { extraLabels: { 'hub.jupyter.org/network-access-hub': 'false' } } }),
      /^Invalid 'traits\.kubeSpawner\.extraLabels\['hub\.jupyter\.org\/network-access-hub'\]' \('false'\): is a key the library sets in c\.KubeSpawner\.extra_labels/,
    ],
    [
      'an env var singleUser.extraEnv sets',
      hub({ kubeSpawner: { environment: { EDITOR: 'nano' } } }, { singleUser: { extraEnv: { EDITOR: 'vim' } } }),
      /^Invalid 'traits\.kubeSpawner\.environment\['EDITOR'\]' .*from 'singleUser\.extraEnv'/,
    ],
    [
      "a volume named as the storage's",
      hub({ kubeSpawner: { volumes: [{ name: 'home', emptyDir: {} }] } }),
      /^Invalid 'traits\.kubeSpawner\.volumes\[0\]\.name' \('home'\): is the name of an item the library sets in c\.KubeSpawner\.volumes/,
    ],
    [
      "a term added to the library's required node affinity (KubeSpawner ORs the terms)",
      hub({ kubeSpawner: { nodeAffinityRequired: [{ matchExpressions: [] }] } }),
      P('traits.kubeSpawner.nodeAffinityRequired'),
    ],
    [
      "the traits of an authenticator class that is not the hub's",
      hub({ gitHubOAuthenticator: { allowedOrganizations: ['my-org'] } }),
      /^Invalid 'traits\.gitHubOAuthenticator' .*sets traits of GitHubOAuthenticator, but the hub's authenticator is DummyAuthenticator/,
    ],
    [
      "a trait the hub's authenticator sets from its options",
      hub(
        { ldapAuthenticator: { serverAddress: 'other.example.org' } },
        {
          authenticator: Authenticator.ldap({
            serverAddress: 'ldap.example.org',
            bindDnTemplates: ['uid={username},dc=example,dc=org'],
            allowAll: true,
          }),
        },
      ),
      /^Invalid 'traits\.ldapAuthenticator\.serverAddress' .*from 'authenticator'/,
    ],
    [
      'a Type trait (it would swap a class the library models)',
      hub({ jupyterHub: { spawnerClass: 'simple' } }),
      /^Invalid 'traits\.jupyterHub\.spawnerClass' \('simple'\): c\.JupyterHub\.spawner_class is a traitlets EntryPointType .*the library sets it from 'the Hub \(KubeSpawner\)'/,
    ],
    [
      'the authenticator class, as a trait',
      hub({ jupyterHub: { authenticatorClass: 'github' } }),
      /^Invalid 'traits\.jupyterHub\.authenticatorClass' .*from 'authenticator': use that prop/,
    ],
    [
      'a Callable trait (code, not data)',
      hub({ kubeSpawner: { preSpawnHook: () => undefined } }),
      /^Invalid 'traits\.kubeSpawner\.preSpawnHook' \('a function'\): .*a traitlets Callable .*write it in extraConfig/,
    ],
    [
      'a secret (it would be in the ConfigMap)',
      hub({ jupyterHub: { cookieSecret: 'hunter2' } }),
      /^(?!.*hunter2)Invalid 'traits\.jupyterHub\.cookieSecret' \('\(a secret\)'\): c\.JupyterHub\.cookie_secret is a secret/,
    ],
    [
      "a service's token in traits.jupyterHub.services (a secret)",
      hub({ jupyterHub: { services: [{ name: 'grader', api_token: 'hunter2' }] } }),
      /^(?!.*hunter2)Invalid 'traits\.jupyterHub\.services\[0\]\.api_token' .*is a secret/,
    ],
    [
      'a whole number trait given 1.5',
      hub({ jupyterHub: { activeServerLimit: 1.5 } }),
      /^Invalid 'traits\.jupyterHub\.activeServerLimit' \(1\.5\): must be a whole number/,
    ],
    [
      'an enum trait given a value not among its values',
      hub({ kubeSpawner: { slugScheme: 'fancy' } }),
      /^Invalid 'traits\.kubeSpawner\.slugScheme' \('fancy'\): must be one of 'safe', 'escape'$/,
    ],
    [
      'a list of strings with a number',
      hub({ kubeSpawner: { args: ['--debug', 1] } }),
      /^Invalid 'traits\.kubeSpawner\.args' \(\["--debug",1\]\): must be a list of strings$/,
    ],
    [
      'a map of strings with a number',
      hub({ kubeSpawner: { extraAnnotations: { replicas: 2 } } }),
      /^Invalid 'traits\.kubeSpawner\.extraAnnotations' .*must be a map of strings to strings/,
    ],
    ['a boolean given as a string', hub({ kubeSpawner: { debug: 'true' } }), /must be true or false/],
    [
      'a fixed-length Tuple of another length',
      hub(
        { nativeAuthenticator: { selfApprovalEmail: ['hub@example.org'] } },
        { authenticator: Authenticator.native({ adminUsers: ['a'] }) },
      ),
      /^Invalid 'traits\.nativeAuthenticator\.selfApprovalEmail' .*must be a list of exactly 3 strings/,
    ],
    [
      'a misspelt trait, with the nearest name',
      hub({ kubeSpawner: { extraLabel: { team: 'geo' } } }),
      /^Invalid 'traits\.kubeSpawner\.extraLabel' .*'extraLabel' is not a trait of KubeSpawner \(KubeSpawnerTraits\); did you mean 'extraLabels'\?$/,
    ],
    [
      "a trait by its Python name, with the prop's",
      hub({ kubeSpawner: { extra_labels: { team: 'geo' } } }),
      /did you mean 'extraLabels'\?$/,
    ],
    ['a misspelt class', hub({ kubespawner: {} }), /^Invalid 'traits\.kubespawner' .*did you mean 'kubeSpawner'\?/],
    [
      'a union trait in both its forms',
      hub({ kubeSpawner: { imagePullSecrets: ['a'], imagePullSecretsRaw: ['b'] } }),
      /^Invalid 'traits\.kubeSpawner\.imagePullSecretsRaw' .*is the raw form of 'traits\.kubeSpawner\.imagePullSecrets': give one of the two/,
    ],
    [
      'a function inside a raw value',
      hub({ jupyterHub: { tornadoSettings: { hook: () => 1 } } }),
      /^Invalid 'traits\.jupyterHub\.tornadoSettings\.hook' .*must be JSON data/,
    ],
    ['a class that is not an object', hub({ kubeSpawner: ['extraLabels'] }), P('traits.kubeSpawner')],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
