/**
 * `SingleUserOptions.networkPolicyRules` (issue 22, z2jh `singleuser.networkPolicy.*`): what the
 * users' NetworkPolicy allows besides its own rules. The users' egress is decided in one place
 * with `egress` and `blockCloudMetadata`: `nonPrivateIPs` is `egress.internet`,
 * `cloudMetadataServer` is `blockCloudMetadata` negated, and a contradiction is refused.
 */
import { Hub, InterNamespaceAccessLabels } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { egressAllowed, ingressAllowed, PodEndpoint } from '../network-policy-eval';
import { strictErrors } from '../strict-schema';
import { chart, find, Obj, synth } from '../util';

type SingleUser = NonNullable<ConstructorParameters<typeof Hub>[2]['singleUser']>;
function policyOf(singleUser: SingleUser): Obj {
  const c = chart('course');
  hubIn(c, 'hub', { singleUser });
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return find(objs, 'NetworkPolicy', 'singleuser');
}
const USER: PodEndpoint = {
  ip: '10.4.0.7',
  namespace: 'course',
  labels: { app: 'jupyterhub', component: 'singleuser-server', release: 'jupyterhub' },
};
const at = (ip: string, namespace?: string, labels?: { [k: string]: string }) => ({ ip, namespace, labels });
const reach = (su: SingleUser, ip: string, port: number, protocol = 'TCP') =>
  egressAllowed([policyOf(su)], USER, at(ip), port, protocol);

test('without networkPolicyRules the policy is the one the users always had', () => {
  expect(policyOf({ networkPolicyRules: {} })).toEqual(policyOf({}));
  expect(reach({}, '93.184.216.34', 443)).toBe(true);
  expect(reach({}, '10.1.2.3', 443)).toBe(false);
  expect(reach({}, '169.254.169.254', 80)).toBe(false);
});

test('nonPrivateIPs: false is an exam without internet, as egress.internet: false', () => {
  const su = { networkPolicyRules: { egressAllowRules: { nonPrivateIPs: false } } };
  expect(reach(su, '93.184.216.34', 443)).toBe(false);
  expect(policyOf(su)).toEqual(policyOf({ egress: { internet: false } }));
});

test('privateIPs: the private ranges, any port (explicit: the users then reach what no policy guards)', () => {
  const su = { networkPolicyRules: { egressAllowRules: { privateIPs: true } } };
  expect(reach(su, '10.1.2.3', 5432)).toBe(true);
  expect(reach(su, '169.254.169.254', 80)).toBe(false);
});

test('cloudMetadataServer: true opens the metadata server, as blockCloudMetadata: false', () => {
  const su = { networkPolicyRules: { egressAllowRules: { cloudMetadataServer: true } } };
  expect(reach(su, '169.254.169.254', 80)).toBe(true);
  expect(reach({ blockCloudMetadata: false }, '169.254.169.254', 80)).toBe(true);
});

test('cloudMetadataServer without the internet: the metadata server alone', () => {
  const su = { egress: { internet: false }, networkPolicyRules: { egressAllowRules: { cloudMetadataServer: true } } };
  expect(reach(su, '169.254.169.254', 80)).toBe(true);
  expect(reach(su, '93.184.216.34', 443)).toBe(false);
});

test('the DNS flags, as for every component', () => {
  const su = { networkPolicyRules: { egressAllowRules: { dnsPortsCloudMetadataServer: false } } };
  expect(reach(su, '169.254.169.254', 53, 'UDP')).toBe(false);
  expect(reach(su, '10.0.0.10', 53, 'UDP')).toBe(true);
});

test('egress and ingress rules add to the policy', () => {
  const p = policyOf({
    egress: { internet: false },
    networkPolicyRules: {
      egress: [{ peers: [{ cidr: '10.20.0.0/16' }], ports: [{ port: 5432 }] }],
      ingress: [{ peers: [{ podLabels: { app: 'grader' } }], ports: [{ port: 8888 }] }],
    },
  });
  expect(egressAllowed([p], USER, at('10.20.0.5'), 5432)).toBe(true);
  expect(egressAllowed([p], USER, at('10.20.0.5'), 22)).toBe(false);
  expect(ingressAllowed([p], at('10.4.0.9', 'course', { app: 'grader' }), USER, 8888)).toBe(true);
});

test('allowedIngressPorts and interNamespaceAccessLabels', () => {
  const p = policyOf({
    networkPolicyRules: { allowedIngressPorts: [9100], interNamespaceAccessLabels: InterNamespaceAccessLabels.ACCEPT },
  });
  expect(ingressAllowed([p], at('93.184.216.34'), USER, 9100)).toBe(true);
  const labelled = { 'hub.jupyter.org/network-access-singleuser': 'true' };
  expect(ingressAllowed([p], at('10.9.0.1', 'other', labelled), USER, 8888)).toBe(true);
  expect(ingressAllowed([policyOf({})], at('10.9.0.1', 'other', labelled), USER, 8888)).toBe(false);
});

describe('refuses', () => {
  const build = (singleUser: SingleUser) => () => hubIn(chart('course'), 'hub', { singleUser });
  const rows: Row[] = [
    [
      'nonPrivateIPs contradicting egress.internet',
      build({ egress: { internet: true }, networkPolicyRules: { egressAllowRules: { nonPrivateIPs: false } } }),
      P('singleUser.networkPolicyRules.egressAllowRules.nonPrivateIPs'),
    ],
    [
      'cloudMetadataServer contradicting blockCloudMetadata',
      build({ blockCloudMetadata: true, networkPolicyRules: { egressAllowRules: { cloudMetadataServer: true } } }),
      P('singleUser.networkPolicyRules.egressAllowRules.cloudMetadataServer'),
    ],
    [
      'an egress rule reopening the blocked metadata server',
      build({ networkPolicyRules: { egress: [{ peers: [{ cidr: '0.0.0.0/0' }] }] } }),
      P('singleUser.networkPolicyRules.egress[0].peers[0].cidr'),
    ],
    [
      "the users' port open to anyone (every user would reach every other's server)",
      build({ networkPolicyRules: { allowedIngressPorts: [8888] } }),
      P('singleUser.networkPolicyRules.allowedIngressPorts'),
    ],
    [
      'rules without the policy',
      build({ networkPolicy: false, blockCloudMetadata: false, networkPolicyRules: {} }),
      P('singleUser.networkPolicyRules'),
    ],
    [
      'a flag that is no boolean (JavaScript)',
      build({ networkPolicyRules: { egressAllowRules: { nonPrivateIPs: js('no') } } }),
      P('singleUser.networkPolicyRules.egressAllowRules.nonPrivateIPs'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});

test('an egress rule to all addresses less the metadata server is accepted while it is blocked', () => {
  const p = policyOf({
    networkPolicyRules: {
      egress: [{ peers: [{ cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] }], ports: [{ port: 22 }] }],
    },
  });
  expect(egressAllowed([p], USER, at('10.1.1.1'), 22)).toBe(true);
  expect(egressAllowed([p], USER, at('169.254.169.254'), 22)).toBe(false);
});
