/**
 * The hub pod's security contexts as a typed subset that keeps Pod Security `restricted`
 * (issue 22, z2jh `hub.podSecurityContext`, `hub.containerSecurityContext`): the ids change,
 * root is refused, the rest stays the library's.
 */
import { Hub } from '../../lib';
import { checkPodSecurity, podSpecOf } from '../core/pod-security-standards';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { chart, container, find, synth } from '../util';

type HubPropsPart = Partial<ConstructorParameters<typeof Hub>[2]>;
const IMAGE = 'quay.io/example/sidecar:1.0';

function deploymentOf(p: HubPropsPart) {
  const c = chart('course');
  hubIn(c, 'hub', p);
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return find(objs, 'Deployment', 'hub');
}

test('the ids given reach the pod and every container of it; the restricted settings stay', () => {
  const d = deploymentOf({
    podSecurityContext: { fsGroup: 2000, supplementalGroups: [3000] },
    containerSecurityContext: { runAsUser: 1001, runAsGroup: 2000 },
    extraContainers: [{ name: 'exporter', image: IMAGE }],
  });
  expect(d.spec.template.spec.securityContext).toEqual({
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
    fsGroup: 2000,
    fsGroupChangePolicy: 'OnRootMismatch',
    supplementalGroups: [3000],
  });
  for (const name of ['hub', 'secret-init', 'exporter']) {
    expect(container(d, name).securityContext).toEqual({
      runAsUser: 1001,
      runAsGroup: 2000,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  }
});

test('by default uid, gid and fsGroup 1000, as before', () => {
  const d = deploymentOf({});
  expect(d.spec.template.spec.securityContext.fsGroup).toBe(1000);
  expect(container(d, 'hub').securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000 });
});

test('a hub with other ids, extra containers and volumes still meets Pod Security restricted', () => {
  const d = deploymentOf({
    podSecurityContext: { fsGroup: 2000, supplementalGroups: [3000] },
    containerSecurityContext: { runAsUser: 4242, runAsGroup: 4242 },
    initContainers: [{ name: 'prepare', image: IMAGE }],
    extraContainers: [{ name: 'exporter', image: IMAGE }],
  });
  expect(checkPodSecurity('restricted', podSpecOf(d)!)).toEqual([]);
});

describe('refuses', () => {
  const rows: Row[] = [
    [
      'root as the user',
      () => deploymentOf({ containerSecurityContext: { runAsUser: 0 } }),
      P('containerSecurityContext.runAsUser'),
    ],
    [
      'root as the group',
      () => deploymentOf({ containerSecurityContext: { runAsGroup: 0 } }),
      P('containerSecurityContext.runAsGroup'),
    ],
    [
      'root as the volume group',
      () => deploymentOf({ podSecurityContext: { fsGroup: 0 } }),
      P('podSecurityContext.fsGroup'),
    ],
    [
      'root as a supplemental group',
      () => deploymentOf({ podSecurityContext: { supplementalGroups: [0] } }),
      P('podSecurityContext.supplementalGroups[0]'),
    ],
    [
      'a fractional id',
      () => deploymentOf({ containerSecurityContext: { runAsUser: 1.5 } }),
      P('containerSecurityContext.runAsUser'),
    ],
    [
      'a field restricted forbids (JavaScript)',
      () => deploymentOf({ containerSecurityContext: js({ privileged: true }) }),
      P('containerSecurityContext.privileged'),
    ],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
