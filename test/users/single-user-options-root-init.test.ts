/**
 * Root init containers for volume ownership (issue 22 item 6; z2jh #421, #2299): an init
 * container of the users' pods with `runAsRoot` gives a volume to the server's uid and fsGid. It
 * breaks Pod Security `restricted`, so it is admitted only in a library `Namespace` whose
 * `podSecurity` was lowered explicitly to `baseline` (or `privileged`). The pod is the one
 * KubeSpawner 7.0.0 makes from the generated config (kubespawner-make-pod.ts), checked against
 * the Pod Security Standards (test/core/pod-security-standards.ts).
 */
import { Namespace, PodSecurityLevel, SingleUserOptions, UserContainer, UserVolume } from '../../lib';
import { checkPodSecurity } from '../core/pod-security-standards';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { chart, find, Obj, synth } from '../util';
import { loadHubConfig, makePod, userServers } from './kubespawner-make-pod';

const CHOWN: UserContainer = {
  name: 'fix-owner',
  image: 'docker.io/library/busybox:1.37',
  command: ['chown', '-R', '1000:100', '/srv/shared'],
  volumes: ['shared'],
  runAsRoot: true,
};
const SHARED = UserVolume.persistentVolumeClaim('shared', 'course-nfs', '/srv/shared');

function inNamespace(level: PodSecurityLevel | undefined, singleUser: SingleUserOptions): Obj[] {
  const c = chart();
  const ns = new Namespace(c, 'course', level === undefined ? {} : { podSecurity: level });
  hubIn(ns, 'hub', { singleUser });
  return synth(c);
}

const objs = inNamespace(PodSecurityLevel.BASELINE, { extraVolumes: [SHARED], initContainers: [CHOWN] });
const pod = makePod(
  userServers(loadHubConfig(find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py']).KubeSpawner)[0].traits,
);
const initContainer = pod.spec.initContainers.find((c: any) => c.name === 'fix-owner');

test('the init container runs as root with CHOWN, DAC_OVERRIDE and FOWNER only, no escalation, read-only root', () => {
  expect(initContainer.securityContext).toEqual({
    runAsUser: 0,
    runAsGroup: 0,
    runAsNonRoot: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER'] },
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(initContainer.volumeMounts).toEqual([{ name: 'shared', mountPath: '/srv/shared' }]);
});

test("the user pod complies with the namespace's baseline, not with restricted (which warn and audit still name)", () => {
  expect(checkPodSecurity('baseline', pod)).toEqual([]);
  expect(checkPodSecurity('restricted', pod).map((v) => v.check)).toEqual(
    expect.arrayContaining(['runAsNonRoot', 'capabilities_restricted']),
  );
  const labels = find(objs, 'Namespace', 'course').metadata.labels!;
  expect(labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  expect(labels['pod-security.kubernetes.io/warn']).toBe('restricted');
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
});

test('the server itself and the other init containers keep running as the non-root uid', () => {
  const others = [...pod.spec.containers, ...pod.spec.initContainers].filter((c: any) => c.name !== 'fix-owner');
  for (const c of others) expect(c.securityContext?.runAsUser).not.toBe(0);
});

test('a privileged Namespace admits it too; runAsRoot: false is the default container', () => {
  expect(() =>
    inNamespace(PodSecurityLevel.PRIVILEGED, { extraVolumes: [SHARED], initContainers: [CHOWN] }),
  ).not.toThrow();
  const plain = inNamespace(undefined, { extraVolumes: [SHARED], initContainers: [{ ...CHOWN, runAsRoot: false }] });
  expect(find(plain, 'ConfigMap', 'hub-config').data['jupyterhub_config.py']).toContain(
    '"securityContext": {"runAsUser": 1000, "runAsGroup": 100, "runAsNonRoot": True',
  );
});

describe('refuses', () => {
  const rows: Row[] = [
    [
      'a root init container in a Namespace that keeps restricted (the default)',
      () => inNamespace(undefined, { extraVolumes: [SHARED], initContainers: [CHOWN] }),
      P('singleUser.initContainers[0].runAsRoot'),
    ],
    [
      'a root init container outside a Namespace of the library (its level is unknown)',
      () => hubIn(chart('course'), 'hub', { singleUser: { extraVolumes: [SHARED], initContainers: [CHOWN] } }),
      P('singleUser.initContainers[0].runAsRoot'),
    ],
    [
      'a root extra container (it would run beside the server for its whole life)',
      () => inNamespace(PodSecurityLevel.BASELINE, { extraVolumes: [SHARED], extraContainers: [CHOWN] }),
      P('singleUser.extraContainers[0].runAsRoot'),
    ],
    [
      'runAsRoot that is no boolean (JavaScript)',
      () =>
        inNamespace(PodSecurityLevel.BASELINE, {
          extraVolumes: [SHARED],
          initContainers: [{ ...CHOWN, runAsRoot: js('yes') }],
        }),
      P('singleUser.initContainers[0].runAsRoot'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
