/**
 * `HubProps.networkPolicyRules` (issue 22, z2jh `hub.networkPolicy.{ingress,egress,
 * egressAllowRules,interNamespaceAccessLabels,allowedIngressPorts}`): what the hub's NetworkPolicy
 * allows besides its own rules. Without it the policy is what it always was (DNS, the proxy API,
 * the users' servers, the Kubernetes API); each flag has Zero to JupyterHub 4.4.0's meaning.
 */
import { Hub, InterNamespaceAccessLabels, NetworkPolicyOptions, NetworkProtocol } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { egressAllowed, ingressAllowed, PodEndpoint } from '../network-policy-eval';
import { strictErrors } from '../strict-schema';
import { chart, find, Obj, synth } from '../util';

type HubProps = Partial<ConstructorParameters<typeof Hub>[2]>;
function hubObjs(props: HubProps): Obj[] {
  const c = chart('hubs');
  hubIn(c, 'hub', props);
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return objs;
}
const policyOf = (rules?: NetworkPolicyOptions) =>
  find(hubObjs(rules ? { networkPolicyRules: rules } : {}), 'NetworkPolicy', 'hub');
const HUB: PodEndpoint = {
  ip: '10.4.0.2',
  namespace: 'hubs',
  labels: { app: 'jupyterhub', component: 'hub', release: 'jupyterhub' },
};
const at = (ip: string, namespace?: string, labels?: { [k: string]: string }) => ({ ip, namespace, labels });

test('without networkPolicyRules the policy is the one the hub always had', () => {
  expect(policyOf({})).toEqual(policyOf());
  const p = policyOf();
  expect(p.spec.ingress).toHaveLength(1);
  expect(egressAllowed([p], HUB, at('93.184.216.34'), 80)).toBe(false);
  expect(egressAllowed([p], HUB, at('10.0.0.10', 'kube-system', {}), 53, 'UDP')).toBe(true);
});

describe('egressAllowRules', () => {
  const reach = (rules: NetworkPolicyOptions, ip: string, port: number, protocol = 'TCP') =>
    egressAllowed([policyOf(rules)], HUB, at(ip), port, protocol);

  test('nonPrivateIPs: the internet, not the private IPs nor the cloud metadata server', () => {
    const rules = { egressAllowRules: { nonPrivateIPs: true } };
    expect(reach(rules, '93.184.216.34', 80)).toBe(true);
    expect(reach(rules, '10.1.2.3', 80)).toBe(false);
    expect(reach(rules, '169.254.169.254', 80)).toBe(false);
  });

  test('privateIPs: the private ranges, any port', () => {
    const rules = { egressAllowRules: { privateIPs: true } };
    expect(reach(rules, '10.1.2.3', 9090)).toBe(true);
    expect(reach(rules, '172.16.0.9', 9090)).toBe(true);
    expect(reach(rules, '192.168.1.1', 9090)).toBe(true);
    expect(reach(rules, '93.184.216.34', 9090)).toBe(false);
  });

  test('cloudMetadataServer: the metadata server, any port', () => {
    expect(reach({ egressAllowRules: { cloudMetadataServer: true } }, '169.254.169.254', 80)).toBe(true);
    expect(reach({}, '169.254.169.254', 80)).toBe(false);
  });

  test('dnsPortsCloudMetadataServer: false leaves DNS at the metadata server out, a node-local cache in', () => {
    const rules = { egressAllowRules: { dnsPortsCloudMetadataServer: false } };
    expect(reach(rules, '169.254.169.254', 53, 'UDP')).toBe(false);
    expect(reach(rules, '169.254.20.10', 53, 'UDP')).toBe(true);
    expect(reach({}, '169.254.169.254', 53, 'UDP')).toBe(true);
  });

  test('dnsPortsPrivateIPs: false leaves DNS at private and link-local addresses out', () => {
    const rules = { egressAllowRules: { dnsPortsPrivateIPs: false } };
    expect(reach(rules, '10.0.0.10', 53, 'UDP')).toBe(false);
    expect(reach(rules, '169.254.20.10', 53, 'UDP')).toBe(false);
    expect(reach(rules, '169.254.169.254', 53, 'UDP')).toBe(true);
  });

  test('dnsPortsKubeSystemNamespace: false leaves DNS at kube-system pods out', () => {
    const p = policyOf({ egressAllowRules: { dnsPortsKubeSystemNamespace: false, dnsPortsPrivateIPs: false } });
    expect(egressAllowed([p], HUB, at('100.64.0.10', 'kube-system', { k8s: 'dns' }), 53, 'UDP')).toBe(false);
    expect(egressAllowed([policyOf()], HUB, at('100.64.0.10', 'kube-system', { k8s: 'dns' }), 53, 'UDP')).toBe(true);
  });

  test('every DNS flag off: no DNS rule at all (bring your own in egress)', () => {
    const p = policyOf({
      egressAllowRules: {
        dnsPortsKubeSystemNamespace: false,
        dnsPortsPrivateIPs: false,
        dnsPortsCloudMetadataServer: false,
      },
    });
    expect(JSON.stringify(p.spec.egress)).not.toContain('"port":53');
  });
});

test('egress: an extra rule to pods by labels on a port (the z2jh example)', () => {
  const p = policyOf({
    egress: [{ peers: [{ podLabels: { 'app.kubernetes.io/name': 'my-service' } }], ports: [{ port: 5978 }] }],
  });
  const service = at('10.4.0.9', 'hubs', { 'app.kubernetes.io/name': 'my-service' });
  expect(egressAllowed([p], HUB, service, 5978)).toBe(true);
  expect(egressAllowed([p], HUB, service, 5979)).toBe(false);
  expect(p.spec.egress).toContainEqual({
    to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'my-service' } } }],
    ports: [{ protocol: 'TCP', port: 5978 }],
  });
});

test('egress: peers by CIDR less except, by namespace labels, a UDP port range', () => {
  const p = policyOf({
    egress: [
      {
        peers: [{ cidr: '10.20.0.0/16', except: ['10.20.5.0/24'] }, { namespaceLabels: { team: 'data' } }],
        ports: [{ port: 6000, endPort: 6010, protocol: NetworkProtocol.UDP }],
      },
    ],
  });
  expect(egressAllowed([p], HUB, at('10.20.1.1'), 6005, 'UDP')).toBe(true);
  expect(egressAllowed([p], HUB, at('10.20.5.1'), 6005, 'UDP')).toBe(false);
  expect(egressAllowed([p], HUB, at('10.20.1.1'), 6005, 'TCP')).toBe(false);
  expect(p.spec.egress).toContainEqual({
    to: [
      { ipBlock: { cidr: '10.20.0.0/16', except: ['10.20.5.0/24'] } },
      { namespaceSelector: { matchLabels: { team: 'data' } } },
    ],
    ports: [{ protocol: 'UDP', port: 6000, endPort: 6010 }],
  });
});

test('ingress: an extra rule admits pods of another namespace on a port', () => {
  const p = policyOf({
    ingress: [
      {
        peers: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' }, podLabels: { app: 'prom' } }],
        ports: [{ port: 8081 }],
      },
    ],
  });
  expect(ingressAllowed([p], at('10.9.0.1', 'monitoring', { app: 'prom' }), HUB, 8081)).toBe(true);
  expect(ingressAllowed([policyOf()], at('10.9.0.1', 'monitoring', { app: 'prom' }), HUB, 8081)).toBe(false);
});

test('allowedIngressPorts: those ports from anywhere', () => {
  const p = policyOf({ allowedIngressPorts: [9090] });
  expect(ingressAllowed([p], at('93.184.216.34'), HUB, 9090)).toBe(true);
  expect(ingressAllowed([p], at('93.184.216.34'), HUB, 8081)).toBe(false);
});

describe('interNamespaceAccessLabels', () => {
  const labelled = { 'hub.jupyter.org/network-access-hub': 'true' };
  test('IGNORE (the default): the access label admits pods of the hub namespace only', () => {
    const p = policyOf({ interNamespaceAccessLabels: InterNamespaceAccessLabels.IGNORE });
    expect(p).toEqual(policyOf());
    expect(ingressAllowed([p], at('10.9.0.1', 'hubs', labelled), HUB, 8081)).toBe(true);
    expect(ingressAllowed([p], at('10.9.0.1', 'other', labelled), HUB, 8081)).toBe(false);
  });
  test('ACCEPT: labelled pods of any namespace, and every pod of a labelled namespace', () => {
    const p = policyOf({ interNamespaceAccessLabels: InterNamespaceAccessLabels.ACCEPT });
    expect(ingressAllowed([p], at('10.9.0.1', 'other', labelled), HUB, 8081)).toBe(true);
    expect(ingressAllowed([p], at('10.9.0.1', 'other', {}), HUB, 8081)).toBe(false);
  });
});

describe('refuses', () => {
  const build =
    (networkPolicyRules: NetworkPolicyOptions, more: HubProps = {}) =>
    () =>
      hubIn(chart(), 'hub', { networkPolicyRules, ...more });
  const rows: Row[] = [
    ['rules without the policy', build({}, { networkPolicy: false }), P('networkPolicyRules')],
    ['a peer that names nothing', build({ egress: [{ peers: [{}] }] }), P('networkPolicyRules.egress[0].peers[0]')],
    [
      'a peer by CIDR and labels at once',
      build({ egress: [{ peers: [{ cidr: '10.0.0.0/8', podLabels: { a: 'b' } }] }] }),
      P('networkPolicyRules.egress[0].peers[0]'),
    ],
    [
      'a CIDR that is none',
      build({ egress: [{ peers: [{ cidr: '10.0.0.0' }] }] }),
      P('networkPolicyRules.egress[0].peers[0].cidr'),
    ],
    [
      'an except outside its CIDR',
      build({ ingress: [{ peers: [{ cidr: '10.20.0.0/16', except: ['10.30.0.0/24'] }] }] }),
      P('networkPolicyRules.ingress[0].peers[0].except[0]'),
    ],
    [
      'except without a CIDR',
      build({ egress: [{ peers: [{ podLabels: { a: 'b' }, except: ['10.0.0.0/24'] }] }] }),
      P('networkPolicyRules.egress[0].peers[0].except'),
    ],
    ['an empty peers list', build({ egress: [{ peers: [] }] }), P('networkPolicyRules.egress[0].peers')],
    ['an empty ports list', build({ egress: [{ ports: [] }] }), P('networkPolicyRules.egress[0].ports')],
    [
      'a port out of range',
      build({ egress: [{ ports: [{ port: 70000 }] }] }),
      P('networkPolicyRules.egress[0].ports[0].port'),
    ],
    [
      'an endPort below its port',
      build({ egress: [{ ports: [{ port: 6000, endPort: 5000 }] }] }),
      P('networkPolicyRules.egress[0].ports[0].endPort'),
    ],
    [
      'a bad label key',
      build({ egress: [{ peers: [{ podLabels: { 'not ok': 'x' } }] }] }),
      P('networkPolicyRules.egress[0].peers[0].podLabels'),
    ],
    [
      "the hub's API port open to anyone",
      build({ allowedIngressPorts: [8081] }),
      P('networkPolicyRules.allowedIngressPorts'),
    ],
    ['a port twice', build({ allowedIngressPorts: [9090, 9090] }), P('networkPolicyRules.allowedIngressPorts')],
    [
      'a flag that is no boolean (JavaScript)',
      build({ egressAllowRules: { privateIPs: js('yes') } }),
      P('networkPolicyRules.egressAllowRules.privateIPs'),
    ],
    [
      'an unknown access-label mode (JavaScript)',
      build({ interNamespaceAccessLabels: js('allow') }),
      P('networkPolicyRules.interNamespaceAccessLabels'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
