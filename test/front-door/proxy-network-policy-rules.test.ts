/**
 * `ProxyProps.networkPolicyRules` and `NginxIngressProps.networkPolicyRules` (issue 22, z2jh
 * `proxy.chp.networkPolicy.*` and `proxy.traefik.networkPolicy.*`): what the proxy pod's
 * NetworkPolicy allows besides its own rules. nginx runs in the proxy pod, so the pod has one
 * policy: the door adds its rules to it, and DNS and the access labels are the proxy's.
 */
import {
  Hub,
  InterNamespaceAccessLabels,
  NetworkPolicyOptions,
  NginxIngress,
  NginxIngressMode,
  Proxy,
} from '../../lib';
import { expectRefused, P, Row } from '../input-checks';
import { egressAllowed, ingressAllowed, PodEndpoint } from '../network-policy-eval';
import { strictErrors } from '../strict-schema';
import { anyLogin, chart, find, Obj, synth, wire } from '../util';

function proxyPolicy(proxyRules?: NetworkPolicyOptions, doorRules?: NetworkPolicyOptions): Obj {
  const c = chart('hubs');
  const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
  const proxy = new Proxy(c, 'proxy', proxyRules ? { networkPolicyRules: proxyRules } : {});
  wire(hub, proxy, ...(doorRules ? [new NginxIngress(c, 'nginx', { networkPolicyRules: doorRules })] : []));
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return find(objs, 'NetworkPolicy', 'proxy');
}
const PROXY: PodEndpoint = {
  ip: '10.4.0.3',
  namespace: 'hubs',
  labels: { app: 'jupyterhub', component: 'proxy', release: 'jupyterhub' },
};
const at = (ip: string, namespace?: string, labels?: { [k: string]: string }) => ({ ip, namespace, labels });

describe('the proxy', () => {
  test('without networkPolicyRules the policy is the one the proxy always had', () => {
    expect(proxyPolicy({})).toEqual(proxyPolicy());
    expect(egressAllowed([proxyPolicy()], PROXY, at('93.184.216.34'), 443)).toBe(false);
  });

  test('egressAllowRules.nonPrivateIPs: the internet (a hub service routed to an outside address)', () => {
    const p = proxyPolicy({ egressAllowRules: { nonPrivateIPs: true } });
    expect(egressAllowed([p], PROXY, at('93.184.216.34'), 443)).toBe(true);
    expect(egressAllowed([p], PROXY, at('169.254.169.254'), 80)).toBe(false);
  });

  test('egress, ingress and allowedIngressPorts add to the policy', () => {
    const p = proxyPolicy({
      egress: [{ peers: [{ cidr: '10.30.0.0/24' }], ports: [{ port: 9000 }] }],
      ingress: [{ peers: [{ podLabels: { app: 'prom' } }], ports: [{ port: 8000 }] }],
      allowedIngressPorts: [9102],
    });
    expect(egressAllowed([p], PROXY, at('10.30.0.4'), 9000)).toBe(true);
    expect(ingressAllowed([p], at('10.4.0.8', 'hubs', { app: 'prom' }), PROXY, 8000)).toBe(true);
    expect(ingressAllowed([p], at('93.184.216.34'), PROXY, 9102)).toBe(true);
    expect(ingressAllowed([p], at('93.184.216.34'), PROXY, 8001)).toBe(false);
  });

  test('interNamespaceAccessLabels: ACCEPT admits the API access label from other namespaces', () => {
    const labelled = { 'hub.jupyter.org/network-access-proxy-api': 'true' };
    const p = proxyPolicy({ interNamespaceAccessLabels: InterNamespaceAccessLabels.ACCEPT });
    expect(ingressAllowed([p], at('10.9.0.1', 'ops', labelled), PROXY, 8001)).toBe(true);
    expect(ingressAllowed([proxyPolicy()], at('10.9.0.1', 'ops', labelled), PROXY, 8001)).toBe(false);
  });

  test('interNamespaceAccessLabels: ACCEPT admits the proxy-http label from other namespaces (nginx in front)', () => {
    const labelled = { 'hub.jupyter.org/network-access-proxy-http': 'true' };
    const p = proxyPolicy({ interNamespaceAccessLabels: InterNamespaceAccessLabels.ACCEPT }, {});
    expect(ingressAllowed([p], at('10.9.0.1', 'ops', labelled), PROXY, 8000)).toBe(true);
  });
});

describe('the nginx front door in the proxy pod', () => {
  test('an empty networkPolicyRules changes nothing', () => {
    expect(proxyPolicy(undefined, {})).toEqual(proxyPolicyWithDoor());
  });

  test('its egress rules and flags add to the pod policy (an OCSP responder; the internet)', () => {
    const p = proxyPolicy(undefined, {
      egress: [{ peers: [{ cidr: '203.0.113.0/24' }], ports: [{ port: 443 }] }],
      egressAllowRules: { privateIPs: true },
    });
    expect(egressAllowed([p], PROXY, at('203.0.113.7'), 443)).toBe(true);
    expect(egressAllowed([p], PROXY, at('10.1.1.1'), 8080)).toBe(true);
    expect(egressAllowed([p], PROXY, at('93.184.216.34'), 443)).toBe(false);
  });

  test('its ingress rules and open ports add to the pod policy', () => {
    const p = proxyPolicy(undefined, {
      ingress: [{ peers: [{ podLabels: { app: 'prom' } }], ports: [{ port: 9113 }] }],
      allowedIngressPorts: [9114],
    });
    expect(ingressAllowed([p], at('10.4.0.8', 'hubs', { app: 'prom' }), PROXY, 9113)).toBe(true);
    expect(ingressAllowed([p], at('93.184.216.34'), PROXY, 9114)).toBe(true);
  });
});

/** The proxy's policy with a door of no rules of its own. */
function proxyPolicyWithDoor(): Obj {
  const c = chart('hubs');
  const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
  wire(hub, new Proxy(c, 'proxy'), new NginxIngress(c, 'nginx'));
  return find(synth(c), 'NetworkPolicy', 'proxy');
}

describe('refuses', () => {
  const withProxy = (networkPolicyRules: NetworkPolicyOptions, networkPolicy?: boolean) => () => {
    const c = chart();
    wire(
      new Hub(c, 'hub', { authenticator: anyLogin() }),
      new Proxy(c, 'proxy', { networkPolicyRules, networkPolicy }),
    );
  };
  const withDoor = (networkPolicyRules: NetworkPolicyOptions, networkPolicy?: boolean) => () => {
    const c = chart();
    wire(
      new Hub(c, 'hub', { authenticator: anyLogin() }),
      new Proxy(c, 'proxy', { networkPolicy }),
      new NginxIngress(c, 'nginx', { networkPolicyRules }),
    );
  };
  const rows: Row[] = [
    [
      "the proxy's API port open to anyone",
      withProxy({ allowedIngressPorts: [8001] }),
      P('networkPolicyRules.allowedIngressPorts'),
    ],
    ['proxy rules without its policy', withProxy({}, false), P('networkPolicyRules')],
    ['door rules on a proxy without its policy', withDoor({}, false), P('networkPolicyRules')],
    [
      'a DNS flag on the door (the proxy pod decides DNS)',
      withDoor({ egressAllowRules: { dnsPortsPrivateIPs: false } }),
      P('networkPolicyRules.egressAllowRules.dnsPortsPrivateIPs'),
    ],
    [
      'access labels on the door (the proxy pod decides them)',
      withDoor({ interNamespaceAccessLabels: InterNamespaceAccessLabels.ACCEPT }),
      P('networkPolicyRules.interNamespaceAccessLabels'),
    ],
    [
      "the proxy's API port opened by the door",
      withDoor({ allowedIngressPorts: [8001] }),
      P('networkPolicyRules.allowedIngressPorts'),
    ],
    [
      'door rules in ingress-resource mode (no pod of its own)',
      () => new NginxIngress(chart(), 'nginx', { mode: NginxIngressMode.INGRESS_RESOURCE, networkPolicyRules: {} }),
      P('networkPolicyRules'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
