/**
 * A profile's own egress (issue 22 item 3; z2jh #534, #1662: a "no internet" exam profile): the
 * profile's `egress` replaces `singleUser.egress` for its servers. The profile labels its pods
 * (`hub.jupyter.org/egress-profile: <slug>`, only in its `kubespawner_override`); a NetworkPolicy
 * of its own selects those pods and the single-user one every other user pod, so each user pod is
 * under exactly one set of egress rules (NetworkPolicies only add up). What the policies let
 * through is evaluated with the API's semantics (test/network-policy-eval.ts).
 */
import { Hub, SingleUserProfile } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { loadHubConfig } from './kubespawner-make-pod';
import { egressAllowed, ingressAllowed, PodEndpoint } from '../network-policy-eval';
import { strictErrors } from '../strict-schema';
import { all, chart, find, Obj, synth } from '../util';

type SingleUser = NonNullable<ConstructorParameters<typeof Hub>[2]['singleUser']>;
const LABEL = 'hub.jupyter.org/egress-profile';

const PROFILES: SingleUserProfile[] = [
  { slug: 'standard', displayName: 'Standard', default: true },
  { slug: 'exam', displayName: 'Exam', egress: { internet: false, allowedCidrs: ['10.20.0.0/16'] } },
];

function build(singleUser: SingleUser): Obj[] {
  const c = chart('course');
  hubIn(c, 'hub', { singleUser });
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return objs;
}

const objs = build({ profiles: PROFILES });
const policies = all(objs, 'NetworkPolicy');
const userPod = (labels: { [k: string]: string } = {}): PodEndpoint => ({
  ip: '10.8.0.10',
  namespace: 'course',
  labels: {
    app: 'jupyterhub',
    component: 'singleuser-server',
    release: 'jupyterhub',
    'hub.jupyter.org/network-access-hub': 'true',
    ...labels,
  },
});
const internet = { ip: '93.184.216.34' };
const mirror = { ip: '10.20.3.4' };
const proxyPod: PodEndpoint = {
  ip: '10.8.0.2',
  namespace: 'course',
  labels: { app: 'jupyterhub', component: 'proxy', release: 'jupyterhub' },
};

test("the profile's override labels its pods with its slug, merged into the hub's labels by KubeSpawner", () => {
  const config = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
  const list = loadHubConfig(config).KubeSpawner.profile_list;
  expect(list[1].kubespawner_override).toEqual({ extra_labels: { [LABEL]: 'exam' } });
  expect(list[0].kubespawner_override).toBeUndefined();
});

test("an exam pod reaches neither the internet nor what singleUser allows, only the exam's mirror (and the hub)", () => {
  const exam = userPod({ [LABEL]: 'exam' });
  expect(egressAllowed(policies, exam, internet, 443)).toBe(false);
  expect(egressAllowed(policies, exam, mirror, 443)).toBe(true);
  expect(
    egressAllowed(
      policies,
      exam,
      { ip: '10.8.0.3', namespace: 'course', labels: { app: 'jupyterhub', component: 'hub', release: 'jupyterhub' } },
      8081,
    ),
  ).toBe(true);
  expect(ingressAllowed(policies, proxyPod, exam, 8888)).toBe(true);
});

test('every other user pod keeps singleUser.egress (the internet here), whatever value the label has', () => {
  const variants: { [k: string]: string }[] = [{}, { [LABEL]: 'standard' }, { [LABEL]: 'made-up' }];
  for (const labels of variants) {
    expect(egressAllowed(policies, userPod(labels), internet, 443)).toBe(true);
    expect(egressAllowed(policies, userPod(labels), mirror, 443)).toBe(false);
  }
});

test('each user pod is selected by exactly one user NetworkPolicy', () => {
  const userPolicies = policies.filter((p) => p.metadata.name.startsWith('singleuser'));
  expect(userPolicies.map((p) => p.metadata.name).sort()).toEqual(['singleuser', 'singleuser-exam']);
  expect(find(objs, 'NetworkPolicy', 'singleuser').spec.podSelector.matchExpressions).toEqual([
    { key: LABEL, operator: 'NotIn', values: ['exam'] },
  ]);
});

test('a profile may open more than singleUser.egress (a profile with the internet on a closed hub)', () => {
  const open = all(
    build({
      egress: { internet: false },
      profiles: [PROFILES[0], { slug: 'research', displayName: 'Research', egress: { internet: true } }],
    }),
    'NetworkPolicy',
  );
  expect(egressAllowed(open, userPod(), internet, 443)).toBe(false);
  expect(egressAllowed(open, userPod({ [LABEL]: 'research' }), internet, 443)).toBe(true);
});

test('without a profile egress the single-user NetworkPolicy selects as before (no expression)', () => {
  const plain = build({ profiles: [PROFILES[0]] });
  expect(find(plain, 'NetworkPolicy', 'singleuser').spec.podSelector.matchExpressions).toBeUndefined();
});

describe('refuses', () => {
  const hub = (singleUser: SingleUser) => () => hubIn(chart('course'), 'hub', { singleUser });
  const withExam = (egress: unknown, su: Partial<SingleUser> = {}) =>
    hub({ profiles: [PROFILES[0], { slug: 'exam', displayName: 'Exam', egress: egress as any }], ...su });
  const rows: Row[] = [
    [
      'a CIDR that is none',
      withExam({ allowedCidrs: ['10.20.0.0'] }),
      P('singleUser.profiles[1].egress.allowedCidrs[0]'),
    ],
    [
      'a CIDR holding the blocked metadata endpoint',
      withExam({ allowedCidrs: ['169.254.0.0/16'] }),
      P('singleUser.profiles[1].egress.allowedCidrs[0]'),
    ],
    [
      'a profile egress without the NetworkPolicy that enforces it',
      withExam({ internet: false }, { networkPolicy: false, blockCloudMetadata: false }),
      P('singleUser.profiles[1].egress'),
    ],
    [
      'internet that is no boolean (JavaScript)',
      withExam({ internet: js('no') }),
      P('singleUser.profiles[1].egress.internet'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));

  test('two profiles whose NetworkPolicies would share a name (a_b and a-b)', () => {
    const twins = () =>
      synth(
        (() => {
          const c = chart('course');
          hubIn(c, 'hub', {
            singleUser: {
              profiles: [
                PROFILES[0],
                { slug: 'a_b', displayName: 'A', egress: { internet: false } },
                { slug: 'a-b', displayName: 'B', egress: { internet: false } },
              ],
            },
          });
          return c;
        })(),
      );
    expectRefused('twins', twins, P('singleUser.profiles[2].slug'));
  });
});
