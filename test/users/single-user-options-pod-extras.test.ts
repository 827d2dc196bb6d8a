/**
 * z2jh's `singleuser.*` options that had no typed equivalent (issue 22 item 8): the server
 * image's pull policy, pod affinity and anti-affinity, resource guarantees without a limit, the
 * dynamic home claim's access modes and subPath, and privilege escalation. Each is read back from
 * the generated `jupyterhub_config.py` as Python loads it, checked against the pinned image's
 * traits (test/trait-check.ts), and, where it shapes the pod, in the pod KubeSpawner 7.0.0 makes
 * (kubespawner-make-pod.ts).
 */
import * as kplus from 'cdk8s-plus-27';
import {
  Namespace,
  PodSecurityLevel,
  PullPolicy,
  SingleUserOptions,
  SingleUserProfile,
  SingleUserStorage,
} from '../../lib';
import { checkPodSecurity } from '../core/pod-security-standards';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { checkTraitsInPython } from '../trait-check';
import { chart, find, Obj, synth } from '../util';
import { loadHubConfig, makePod, userServers } from './kubespawner-make-pod';

function build(singleUser: SingleUserOptions, level?: PodSecurityLevel): { objs: Obj[]; config: string } {
  const c = chart();
  const scope = level === undefined ? c : new Namespace(c, 'course', { podSecurity: level });
  hubIn(scope, 'hub', { singleUser });
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  const config = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
  expect(checkTraitsInPython(config, 'hub').errors).toEqual([]);
  return { objs, config };
}
const spawner = (su: SingleUserOptions, level?: PodSecurityLevel) => loadHubConfig(build(su, level).config).KubeSpawner;

const TERM = {
  topologyKey: 'kubernetes.io/hostname',
  labelSelector: { matchLabels: { component: 'singleuser-server' } },
};

describe('pod affinity and anti-affinity (singleuser.extraPodAffinity, extraPodAntiAffinity)', () => {
  const ks = spawner({
    podAffinityRequired: [TERM],
    podAffinityPreferred: [{ weight: 50, podAffinityTerm: TERM }],
    podAntiAffinityRequired: [
      {
        topologyKey: 'topology.kubernetes.io/zone',
        labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['batch'] }] },
      },
    ],
    podAntiAffinityPreferred: [{ weight: 100, podAffinityTerm: { ...TERM, namespaces: ['batch'] } }],
  });

  test('each reaches its KubeSpawner trait as the Kubernetes term (camelCase fields)', () => {
    expect(ks.pod_affinity_required).toEqual([TERM]);
    expect(ks.pod_affinity_preferred).toEqual([{ weight: 50, podAffinityTerm: TERM }]);
    expect(ks.pod_anti_affinity_required[0].labelSelector.matchExpressions[0]).toEqual({
      key: 'app',
      operator: 'In',
      values: ['batch'],
    });
    expect(ks.pod_anti_affinity_preferred[0].podAffinityTerm.namespaces).toEqual(['batch']);
  });

  test('none is written when not given (the output of existing hubs is unchanged)', () => {
    expect(Object.keys(spawner({})).filter((t) => /^pod_(anti_)?affinity/.test(t))).toEqual([]);
  });
});

describe('extraResourceGuarantees (singleuser.extraResource.guarantees)', () => {
  test('requests without a limit, in the notebook container of the pod KubeSpawner makes', () => {
    const ks = spawner({ extraResourceGuarantees: { 'ephemeral-storage': '5Gi', 'example.com/fpga': '1' } });
    expect(ks.extra_resource_guarantees).toEqual({ 'ephemeral-storage': '5Gi', 'example.com/fpga': '1' });
    const pod = makePod(userServers(ks)[0].traits);
    const notebook = pod.spec.containers.find((c: any) => c.name === 'notebook');
    expect(notebook.resources.requests).toMatchObject({ 'ephemeral-storage': '5Gi', 'example.com/fpga': '1' });
    expect(notebook.resources.limits?.['ephemeral-storage']).toBeUndefined();
  });
});

describe('imagePullPolicy (singleuser.image.pullPolicy)', () => {
  const profiles: SingleUserProfile[] = [
    { slug: 'standard', displayName: 'Standard', default: true },
    { slug: 'scipy', displayName: 'SciPy', image: 'quay.io/jupyter/scipy-notebook:2025-10-20' },
  ];

  test("sets the server image's policy; the profiles' pinned images follow it", () => {
    const ks = spawner({ imagePullPolicy: PullPolicy.NEVER, profiles });
    expect(ks.image_pull_policy).toBe('Never');
    expect(ks.profile_list[1].kubespawner_override).toEqual({ image: 'quay.io/jupyter/scipy-notebook:2025-10-20' });
  });

  test("with allowUnpinnedImage only Always, for the server and the profiles' pinned images", () => {
    const ks = spawner({
      image: 'quay.io/jupyter/base-notebook:latest',
      allowUnpinnedImage: true,
      imagePullPolicy: PullPolicy.ALWAYS,
      profiles,
    });
    expect(ks.image_pull_policy).toBe('Always');
    expect(ks.profile_list[1].kubespawner_override).toEqual({ image: 'quay.io/jupyter/scipy-notebook:2025-10-20' });
  });

  test('left out: IfNotPresent, as before', () => {
    expect(spawner({}).image_pull_policy).toBe('IfNotPresent');
  });
});

describe('the dynamic home claim (singleuser.storage.dynamic.storageAccessModes, subPath)', () => {
  test('access modes reach storage_access_modes; subPath the home mount', () => {
    const ks = spawner({
      storage: SingleUserStorage.dynamic({
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
        subPath: 'home/{username}',
      }),
    });
    expect(ks.storage_access_modes).toEqual(['ReadWriteOncePod']);
    expect(ks.volume_mounts).toContainEqual({ name: 'home', mountPath: '/home/jovyan', subPath: 'home/{username}' });
  });

  test('left out: ReadWriteOnce at the claim root, as before', () => {
    const ks = spawner({});
    expect(ks.storage_access_modes).toEqual(['ReadWriteOnce']);
    expect(ks.volume_mounts).toContainEqual({ name: 'home', mountPath: '/home/jovyan' });
  });
});

describe('allowPrivilegeEscalation (singleuser.allowPrivilegeEscalation)', () => {
  test('true in a baseline Namespace: the server container allows it, still non-root, and complies with baseline', () => {
    const ks = spawner({ allowPrivilegeEscalation: true }, PodSecurityLevel.BASELINE);
    expect(ks.allow_privilege_escalation).toBe(true);
    const pod = makePod(userServers(ks)[0].traits);
    const notebook = pod.spec.containers.find((c: any) => c.name === 'notebook');
    expect(notebook.securityContext).toMatchObject({ allowPrivilegeEscalation: true, runAsNonRoot: true });
    expect(checkPodSecurity('baseline', pod)).toEqual([]);
    expect(checkPodSecurity('restricted', pod).map((v) => v.check)).toContain('allowPrivilegeEscalation');
  });
});

describe('refuses', () => {
  const hub = (singleUser: SingleUserOptions, level?: PodSecurityLevel) => () => {
    const c = chart();
    hubIn(level === undefined ? c : new Namespace(c, 'course', { podSecurity: level }), 'hub', { singleUser });
  };
  const rows: Row[] = [
    [
      'a pod affinity term without a topology key',
      hub({ podAffinityRequired: [js({ labelSelector: TERM.labelSelector })] }),
      P('singleUser.podAffinityRequired[0].topologyKey'),
    ],
    [
      'a term that selects no pod',
      hub({ podAntiAffinityRequired: [{ topologyKey: 'kubernetes.io/hostname' }] }),
      P('singleUser.podAntiAffinityRequired[0].labelSelector'),
    ],
    [
      'an unknown operator',
      hub({
        podAffinityRequired: [
          { ...TERM, labelSelector: { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] } },
        ],
      }),
      P('singleUser.podAffinityRequired[0].labelSelector.matchExpressions[0].operator'),
    ],
    [
      'In without values',
      hub({
        podAntiAffinityRequired: [{ ...TERM, labelSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }],
      }),
      P('singleUser.podAntiAffinityRequired[0].labelSelector.matchExpressions[0].values'),
    ],
    [
      'a weight over 100',
      hub({ podAffinityPreferred: [{ weight: 101, podAffinityTerm: TERM }] }),
      P('singleUser.podAffinityPreferred[0].weight'),
    ],
    [
      'a bad namespace name',
      hub({ podAntiAffinityPreferred: [{ weight: 1, podAffinityTerm: { ...TERM, namespaces: ['Batch'] } }] }),
      P('singleUser.podAntiAffinityPreferred[0].podAffinityTerm.namespaces[0]'),
    ],
    [
      'terms that are no list (JavaScript)',
      hub({ podAffinityRequired: js(TERM) }),
      P('singleUser.podAffinityRequired'),
    ],
    [
      'a guarantee of CPU (it has its own prop)',
      hub({ extraResourceGuarantees: { cpu: '1' } }),
      P('singleUser.extraResourceGuarantees'),
    ],
    [
      'a guarantee that is no quantity',
      hub({ extraResourceGuarantees: { 'ephemeral-storage': '5 GB' } }),
      P("singleUser.extraResourceGuarantees['ephemeral-storage']"),
    ],
    [
      'a fraction of an extended resource',
      hub({ extraResourceGuarantees: { 'example.com/fpga': '0.5' } }),
      P("singleUser.extraResourceGuarantees['example.com/fpga']"),
    ],
    [
      'a guarantee of a resource with a limit',
      hub({ gpus: 1, extraResourceGuarantees: { 'nvidia.com/gpu': '1' } }),
      P('singleUser.extraResourceGuarantees'),
    ],
    ['an unknown pull policy (JavaScript)', hub({ imagePullPolicy: js('Sometimes') }), P('singleUser.imagePullPolicy')],
    [
      'IfNotPresent for an unpinned image',
      hub({
        image: 'quay.io/jupyter/base-notebook:latest',
        allowUnpinnedImage: true,
        imagePullPolicy: PullPolicy.IF_NOT_PRESENT,
      }),
      P('singleUser.imagePullPolicy'),
    ],
    [
      'no access mode',
      hub({ storage: SingleUserStorage.dynamic({ accessModes: [] }) }),
      P('singleUser.storage.accessModes'),
    ],
    [
      'only ReadOnlyMany (a home is written)',
      hub({ storage: SingleUserStorage.dynamic({ accessModes: [kplus.PersistentVolumeAccessMode.READ_ONLY_MANY] }) }),
      P('singleUser.storage.accessModes'),
    ],
    [
      'an unknown access mode (JavaScript)',
      () => SingleUserStorage.dynamic({ accessModes: [js('ReadWriteSometimes')] }),
      P('options.accessModes[0]'),
    ],
    [
      'an absolute subPath',
      hub({ storage: SingleUserStorage.dynamic({ subPath: '/home' }) }),
      P('singleUser.storage.subPath'),
    ],
    [
      'a subPath with ..',
      hub({ storage: SingleUserStorage.dynamic({ subPath: 'a/../b' }) }),
      P('singleUser.storage.subPath'),
    ],
    [
      'a subPath with an unknown placeholder',
      hub({ storage: SingleUserStorage.dynamic({ subPath: '{user}' }) }),
      P('singleUser.storage.subPath'),
    ],
    [
      'privilege escalation in a restricted Namespace',
      hub({ allowPrivilegeEscalation: true }, PodSecurityLevel.RESTRICTED),
      P('singleUser.allowPrivilegeEscalation'),
    ],
    [
      'privilege escalation outside a Namespace of the library',
      hub({ allowPrivilegeEscalation: true }),
      P('singleUser.allowPrivilegeEscalation'),
    ],
    [
      'privilege escalation that is no boolean (JavaScript)',
      hub({ allowPrivilegeEscalation: js('yes') }),
      P('singleUser.allowPrivilegeEscalation'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
