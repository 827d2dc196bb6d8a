/**
 * Issue 21, item 7: two hubs in one namespace (told apart by `namePrefix` and `release`) never
 * share a user's pod, claim, Service or Secret, and neither hub's KubeSpawner nor NetworkPolicies
 * select the other hub's user pods.
 *
 * What KubeSpawner 7.0.0 makes of the config is emulated here from its source
 * (jupyterhub/kubespawner, kubespawner/spawner.py at tag 7.0.0):
 * - pod name: `pod_name_template`, default `jupyter-{user_server}` (:540); PVC name:
 *   `pvc_name_template`, default `claim-{user_server}` (:609); its Secret (internal SSL) and
 *   Service (`services_enabled`) are named after the pod (`secret_name_template` `{pod_name}`
 *   :661, `make_service(name=self.pod_name)` :2388); `{user_server}` is `<user>--<server>` for a
 *   named server and `<user>` for the default one (:2038-2067, simple names are their own slug);
 * - pod labels: `hub.jupyter.org/username`, then `extra_labels`, then `common_labels`, then
 *   `component` and `app.kubernetes.io/component` from `component_label` and
 *   `hub.jupyter.org/servername` (`_build_common_labels` / `_build_pod_labels`, :2143-2166);
 * - the pod reflector, shared by every spawner of the hub, lists and watches the namespace's pods
 *   with the label selector `component=<component_label>` and nothing else (:2843).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Authenticator, Hub, Namespace, Proxy, SingleUserStorage } from '../../lib';
import { all, find, Obj, selects, synth } from '../util';

const TRAITS: { classes: { [cls: string]: { [trait: string]: { deprecated: boolean } } } } = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'traits-k8s-hub-4.4.0.json'), 'utf8'),
);

/** Two hubs side by side in namespace `shared`, as the README's `namePrefix` describes. */
function twoHubs(): Obj[] {
  const c = new Chart(new App(), 'two', { disableResourceNameHashes: true });
  const ns = new Namespace(c, 'shared');
  for (const [prefix, release] of [
    ['physics-', 'physics'],
    ['stats-', 'stats'],
  ]) {
    const hub = new Hub(ns, `${release}-hub`, {
      namePrefix: prefix,
      release,
      authenticator: Authenticator.dummy({ adminUsers: ['admin'] }),
      singleUser: { storage: SingleUserStorage.dynamic() },
    });
    hub.addIntegration(new Proxy(ns, `${release}-proxy`));
  }
  return synth(c);
}

/** The value of a `c.KubeSpawner.<trait> = <literal>` line (strings and dicts of strings: JSON). */
function trait(config: string, name: string): any {
  const m = new RegExp(`^c\\.KubeSpawner\\.${name} = (.*)$`, 'm').exec(config);
  return m === null ? undefined : JSON.parse(m[1]);
}

interface UserObjects {
  readonly pod: string;
  readonly pvc: string;
  readonly labels: { [key: string]: string };
  readonly reflectorSelector: { [key: string]: string };
}

/** What KubeSpawner 7.0.0 makes for one user's server from a hub's config (see the module doc). */
function kubeSpawnerObjects(config: string, user: string, server = ''): UserObjects {
  const userServer = server === '' ? user : `${user}--${server}`;
  const expand = (template: string) => template.replace('{user_server}', userServer);
  const component: string = trait(config, 'component_label') ?? 'singleuser-server';
  return {
    pod: expand(trait(config, 'pod_name_template') ?? 'jupyter-{user_server}'),
    pvc: expand(trait(config, 'pvc_name_template') ?? 'claim-{user_server}'),
    labels: {
      'hub.jupyter.org/username': user,
      ...(trait(config, 'extra_labels') ?? {}),
      ...(trait(config, 'common_labels') ?? {}),
      'app.kubernetes.io/component': component,
      component,
      'hub.jupyter.org/servername': server,
    },
    reflectorSelector: { component },
  };
}

describe('two hubs in one namespace', () => {
  const objs = twoHubs();
  const config = (prefix: string) => find(objs, 'ConfigMap', `${prefix}hub-config`).data['jupyterhub_config.py'];
  const physics = config('physics-');
  const stats = config('stats-');

  test.each([
    ['the default server', ''],
    ['a named server', 'gpu'],
  ])("user alice's pod, claim, Service and Secret differ between the hubs: %s", (_what, server) => {
    const a = kubeSpawnerObjects(physics, 'alice', server);
    const b = kubeSpawnerObjects(stats, 'alice', server);
    expect(a.pod).toBe(server === '' ? 'physics-jupyter-alice' : 'physics-jupyter-alice--gpu');
    expect(b.pod).toBe(server === '' ? 'stats-jupyter-alice' : 'stats-jupyter-alice--gpu');
    expect(a.pvc).toBe(server === '' ? 'physics-claim-alice' : 'physics-claim-alice--gpu');
    expect(b.pvc).toBe(server === '' ? 'stats-claim-alice' : 'stats-claim-alice--gpu');
    // The Service and Secret take the pod's name (secret_name_template is left at '{pod_name}').
    expect(trait(physics, 'secret_name_template')).toBeUndefined();
    // The claim the pod mounts is KubeSpawner's {pvc_name}, so it follows the template.
    expect(trait(physics, 'volumes')).toEqual([{ name: 'home', persistentVolumeClaim: { claimName: '{pvc_name}' } }]);
  });

  test("each hub's user pods carry a label of their own, and the hub's pod reflector selects only them", () => {
    const a = kubeSpawnerObjects(physics, 'alice');
    const b = kubeSpawnerObjects(stats, 'alice');
    expect(a.labels.component).toBe('physics-singleuser-server');
    expect(b.labels.component).toBe('stats-singleuser-server');
    expect(selects(a.reflectorSelector, a.labels)).toBe(true);
    expect(selects(a.reflectorSelector, b.labels)).toBe(false);
    expect(selects(b.reflectorSelector, b.labels)).toBe(true);
    expect(selects(b.reflectorSelector, a.labels)).toBe(false);
  });

  test("each hub's single-user NetworkPolicy selects its own users' pods only", () => {
    const a = kubeSpawnerObjects(physics, 'alice').labels;
    const b = kubeSpawnerObjects(stats, 'alice').labels;
    const physicsUsers = find(objs, 'NetworkPolicy', 'physics-singleuser').spec.podSelector.matchLabels;
    const statsUsers = find(objs, 'NetworkPolicy', 'stats-singleuser').spec.podSelector.matchLabels;
    expect(selects(physicsUsers, a)).toBe(true);
    expect(selects(physicsUsers, b)).toBe(false);
    expect(selects(statsUsers, b)).toBe(true);
    expect(selects(statsUsers, a)).toBe(false);
  });

  test("no NetworkPolicy of one hub names the other hub's user pods as a peer", () => {
    const a = kubeSpawnerObjects(physics, 'alice').labels;
    const b = kubeSpawnerObjects(stats, 'alice').labels;
    const peersOf = (np: Obj): { [key: string]: string }[] =>
      [
        ...(np.spec.ingress ?? []).flatMap((r: any) => r.from ?? []),
        ...(np.spec.egress ?? []).flatMap((r: any) => r.to ?? []),
      ]
        .filter(
          (p: any) => p.podSelector?.matchLabels !== undefined && p.podSelector.matchLabels.component !== undefined,
        )
        .map((p: any) => p.podSelector.matchLabels);
    for (const np of all(objs, 'NetworkPolicy')) {
      const own = np.metadata.name.startsWith('physics-') ? a : b;
      const other = own === a ? b : a;
      for (const peer of peersOf(np))
        expect([np.metadata.name, selects(peer, other)]).toEqual([np.metadata.name, false]);
      // The hub and the proxy reach their own users' servers.
      if (/-(hub|proxy)$/.test(np.metadata.name)) expect(peersOf(np).some((p) => selects(p, own))).toBe(true);
    }
  });

  test('every trait the two configs set exists, undeprecated, in the hub image (k8s-hub 4.4.0)', () => {
    for (const config of [physics, stats]) {
      const set = [...config.matchAll(/^c\.(\w+)\.(\w+)\s*=/gm)].map((m) => [m[1], m[2]]);
      expect(set.filter(([c, t]) => !TRAITS.classes[c]?.[t] || TRAITS.classes[c][t].deprecated)).toEqual([]);
      expect(set.map(([, t]) => t)).toEqual(expect.arrayContaining(['pod_name_template', 'pvc_name_template']));
    }
  });
});

describe('per-user names without a namePrefix, and given ones', () => {
  const configOf = (props: Partial<ConstructorParameters<typeof Hub>[2]>): string => {
    const c = new Chart(new App(), 'one', { disableResourceNameHashes: true });
    const hub = new Hub(new Namespace(c, 'course'), 'hub', {
      authenticator: Authenticator.dummy({ adminUsers: ['admin'] }),
      ...props,
    });
    return hub.config;
  };

  test("without a namePrefix, KubeSpawner's own names and the z2jh component label (nothing changes for one hub)", () => {
    const config = configOf({});
    expect(trait(config, 'pod_name_template')).toBeUndefined();
    expect(trait(config, 'pvc_name_template')).toBe('claim-{user_server}');
    expect(trait(config, 'component_label')).toBe('singleuser-server');
  });

  test('a pod name template and a claim name template of your own are written as given, with or without a prefix', () => {
    const config = configOf({
      namePrefix: 'physics-',
      singleUser: {
        podNameTemplate: 'nb-{user_server}',
        storage: SingleUserStorage.dynamic({ pvcNameTemplate: 'home-{user_server}' }),
      },
    });
    expect(trait(config, 'pod_name_template')).toBe('nb-{user_server}');
    expect(trait(config, 'pvc_name_template')).toBe('home-{user_server}');
  });

  test("a namePrefix that makes the user pods' component label longer than 63 characters is refused", () => {
    expect(() => configOf({ namePrefix: `${'a'.repeat(46)}-` })).toThrow(
      /^Invalid 'namePrefix' \('a{46}-'\): is too long: it makes the user pods' component label 'a{46}-singleuser-server' 64 characters long.*at most 46 characters/,
    );
  });

  // Props as functions: a bad storage option is refused when the storage is made.
  test.each([
    [
      'singleUser.podNameTemplate',
      'with an unknown placeholder',
      () => ({ singleUser: { podNameTemplate: 'jupyter-{nobody}' } }),
      /uses \{nobody\}/,
    ],
    [
      'singleUser.podNameTemplate',
      'naming nobody (one pod for all)',
      () => ({ singleUser: { podNameTemplate: 'jupyter' } }),
      /must name the user and the server.*\{user_server\}/,
    ],
    [
      'singleUser.podNameTemplate',
      'naming the user only (one pod for all their servers)',
      () => ({ singleUser: { podNameTemplate: 'jupyter-{username}' } }),
      /must name the user and the server.*\{user_server\}/,
    ],
    [
      'singleUser.podNameTemplate',
      'with characters no object name has',
      () => ({ singleUser: { podNameTemplate: 'Jupyter_{user_server}' } }),
      /lower-case letters, digits, '-' and '\.'/,
    ],
    [
      'singleUser.storage.pvcNameTemplate',
      'naming nobody (one claim for all)',
      () => ({ singleUser: { storage: SingleUserStorage.dynamic({ pvcNameTemplate: 'claim' }) } }),
      /must name the user and the server/,
    ],
  ])('a %s %s is refused at construction', (prop, _what, props, message) => {
    expect(() => configOf(props() as any)).toThrow(new RegExp(`^Invalid '${prop.replace(/\./g, '\\.')}'`));
    expect(() => configOf(props() as any)).toThrow(message);
  });
});
