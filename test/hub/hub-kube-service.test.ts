/**
 * The hub's Kubernetes Service (issue 22, z2jh `hub.service.type`, `annotations`, `ports.nodePort`,
 * `ports.appProtocol`, `loadBalancerIP`, `ipFamilyPolicy`, `ipFamilies`).
 */
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, Hub, IpFamily, IpFamilyPolicy, Proxy } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { chart, find, synth } from '../util';

type HubPropsPart = Partial<ConstructorParameters<typeof Hub>[2]>;

function serviceOf(p: HubPropsPart) {
  const c = chart('course');
  hubIn(c, 'hub', p);
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return find(objs, 'Service', 'hub');
}

test('by default a ClusterIP Service on 8081, as before', () => {
  const s = serviceOf({});
  expect(s.metadata.annotations).toBeUndefined();
  expect(s.spec).toEqual({
    type: 'ClusterIP',
    selector: { app: 'jupyterhub', component: 'hub', release: 'jupyterhub' },
    ports: [{ name: 'http', port: 8081, targetPort: 'http', protocol: 'TCP' }],
  });
});

test('type, annotations, node port, load balancer address, appProtocol and IP families reach the Service', () => {
  const s = serviceOf({
    service: {
      type: kplus.ServiceType.LOAD_BALANCER,
      annotations: { 'networking.gke.io/load-balancer-type': 'Internal' },
      nodePort: 30081,
      loadBalancerIp: '10.0.0.10',
      appProtocol: 'http',
      ipFamilyPolicy: IpFamilyPolicy.PREFER_DUAL_STACK,
      ipFamilies: [IpFamily.IPV4, IpFamily.IPV6],
    },
  });
  expect(s.metadata.annotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal' });
  expect(s.spec).toMatchObject({
    type: 'LoadBalancer',
    loadBalancerIP: '10.0.0.10',
    ipFamilyPolicy: 'PreferDualStack',
    ipFamilies: ['IPv4', 'IPv6'],
    ports: [{ name: 'http', port: 8081, nodePort: 30081, appProtocol: 'http' }],
  });
});

test('IpFamily and IpFamilyPolicy are the same enums the proxy Service takes', () => {
  const c = chart();
  const proxy = new Proxy(c, 'proxy', { ipFamilyPolicy: IpFamilyPolicy.SINGLE_STACK, ipFamilies: [IpFamily.IPV6] });
  expect(proxy).toBeDefined();
});

describe('refuses', () => {
  const rows: Row[] = [
    ['a node port on a ClusterIP Service', () => serviceOf({ service: { nodePort: 30081 } }), P('service.nodePort')],
    [
      'a node port out of range',
      () => serviceOf({ service: { type: kplus.ServiceType.NODE_PORT, nodePort: 80 } }),
      P('service.nodePort'),
    ],
    [
      'a load balancer address on a NodePort Service',
      () => serviceOf({ service: { type: kplus.ServiceType.NODE_PORT, loadBalancerIp: '10.0.0.10' } }),
      P('service.loadBalancerIp'),
    ],
    [
      'a load balancer address that is no IP',
      () => serviceOf({ service: { type: kplus.ServiceType.LOAD_BALANCER, loadBalancerIp: 'hub.example.org' } }),
      P('service.loadBalancerIp'),
    ],
    ['an ExternalName Service', () => serviceOf({ service: { type: js('ExternalName') } }), P('service.type')],
    ['an appProtocol with a space', () => serviceOf({ service: { appProtocol: 'h t t p' } }), P('service.appProtocol')],
    ['a bad annotation key', () => serviceOf({ service: { annotations: { 'a b': 'x' } } }), P('service.annotations')],
    [
      'two families with a single-stack policy',
      () => serviceOf({ service: { ipFamilies: [IpFamily.IPV4, IpFamily.IPV6] } }),
      P('service.ipFamilies'),
    ],
    ['an unknown family', () => serviceOf({ service: { ipFamilies: [js('IPv5')] } }), P('service.ipFamilies[0]')],
    ['an unknown policy', () => serviceOf({ service: { ipFamilyPolicy: js('Dual') } }), P('service.ipFamilyPolicy')],
    [
      'an any-password login behind a NodePort hub Service',
      () =>
        new Hub(chart(), 'hub', {
          authenticator: Authenticator.dummy({ allowAll: true }),
          service: { type: kplus.ServiceType.NODE_PORT },
        }),
      /^Invalid 'authenticator' .*Service 'hub' of type NodePort/,
    ],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
