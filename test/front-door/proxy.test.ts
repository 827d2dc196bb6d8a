/**
 * Proxy: configurable-http-proxy in front of the hub, its Services (proxy-public for a cloud load
 * balancer), the front doors given to it; the bad input it refuses, naming the prop.
 */
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ServiceType } from 'cdk8s-plus-27';
import {
  Authenticator,
  ExternalTrafficPolicy,
  Hub,
  IngressTls,
  Namespace,
  NginxIngress,
  NginxIngressMode,
  Proxy,
  ProxyLogLevel,
} from '../../lib';
import { app, both, chartIn, expectAccepted, expectRefused, Good, hubConfig, js, none, P, Row } from '../input-checks';
import { anyLogin, chart, container, find, Obj, synth, synthWith, wire } from '../util';

function proxyChart(props: ConstructorParameters<typeof Proxy>[2] = {}): Obj[] {
  return synthWith((c) =>
    new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(new Proxy(c, 'proxy', { ...props })),
  );
}

describe('Proxy', () => {
  test('defaults (snapshot)', () => {
    expect(proxyChart().filter((o) => o.metadata.labels?.component === 'proxy')).toMatchSnapshot();
  });

  test("three Services on the seed's ports; proxy-public is a LoadBalancer by default (as z2jh)", () => {
    const objs = proxyChart();
    expect(find(objs, 'Service', 'proxy-api').spec).toMatchObject({
      type: 'ClusterIP',
      ports: [{ port: 8001, targetPort: 'api' }],
    });
    expect(find(objs, 'Service', 'proxy-http').spec).toMatchObject({
      type: 'ClusterIP',
      ports: [{ port: 8000, targetPort: 'http' }],
    });
    expect(find(objs, 'Service', 'proxy-public').spec).toMatchObject({
      type: 'LoadBalancer',
      ports: [{ port: 80, targetPort: 'http' }],
    });
  });

  test('type, port and nodePort of proxy-public are typed', () => {
    const objs = proxyChart({ serviceType: ServiceType.NODE_PORT, port: 8080, nodePort: 30080 });
    expect(find(objs, 'Service', 'proxy-public').spec).toEqual({
      type: 'NodePort',
      selector: { app: 'jupyterhub', component: 'proxy', release: 'jupyterhub' },
      ports: [{ name: 'http', port: 8080, targetPort: 'http', nodePort: 30080, protocol: 'TCP' }],
    });
    expect(find(proxyChart({ serviceType: ServiceType.CLUSTER_IP }), 'Service', 'proxy-public').spec.type).toBe(
      'ClusterIP',
    );
  });

  test('CHP listens on 8000 (public) and 8001 (API), routes to the hub, and logs at the typed level', () => {
    const chp = container(find(proxyChart({ logLevel: ProxyLogLevel.DEBUG }), 'Deployment', 'proxy'), 'chp');
    expect(chp.command).toEqual([
      'configurable-http-proxy',
      '--ip=',
      '--port=8000',
      '--api-ip=',
      '--api-port=8001',
      '--default-target=http://hub:8081',
      '--error-target=http://hub:8081/hub/error',
      '--log-level=debug',
    ]);
    expect(chp.image).toBe('quay.io/jupyterhub/configurable-http-proxy:5.2.0');
    expect(chp.readinessProbe.httpGet).toEqual({ path: '/_chp_healthz', port: 'http' });
  });

  test('the proxy pod carries the labels that let it through the hub and user-server policies', () => {
    const labels = find(proxyChart(), 'Deployment', 'proxy').spec.template.metadata.labels;
    expect(labels).toEqual({
      app: 'jupyterhub',
      component: 'proxy',
      release: 'jupyterhub',
      'hub.jupyter.org/network-access-hub': 'true',
      'hub.jupyter.org/network-access-singleuser': 'true',
    });
  });

  test('exposes names for composition, and the Deployment as its default child', () => {
    const c = chart();
    const hub = new Hub(c, 'hub', { authenticator: anyLogin(), namePrefix: 'x-' });
    const proxy = new Proxy(c, 'proxy');
    hub.addIntegration(proxy);
    expect([proxy.apiServiceName, proxy.httpServiceName, proxy.publicServiceName, proxy.publicPort]).toEqual([
      'x-proxy-api',
      'x-proxy-http',
      'x-proxy-public',
      80,
    ]);
    expect(ApiObject.of(proxy).kind).toBe('Deployment');
  });
});

describe('front doors are given to the proxy, the proxy to its hub', () => {
  test('a door added after the proxy was added to its hub is refused', () => {
    const c = chart();
    const proxy = new Proxy(c, 'proxy');
    new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(proxy);
    expect(() => proxy.addFrontDoor(new NginxIngress(c, 'nginx'))).toThrow(
      /^Invalid 'door' \('test\/nginx'\): comes after the proxy 'test\/proxy' was added to its hub: add front doors first/,
    );
  });

  test('a door never given to a proxy, and a proxy never added to a hub, fail synthesis', () => {
    const c = chart();
    new Proxy(c, 'proxy');
    new NginxIngress(c, 'nginx');
    expect(() => synth(c)).toThrow(/Proxy 'test\/proxy' was never added to a hub/);
    expect(() => synth(c)).toThrow(/NginxIngress 'test\/nginx' is in front of no proxy/);
  });

  test('a door in front of two proxies is refused', () => {
    const c = chart();
    const door = new NginxIngress(c, 'nginx', { mode: NginxIngressMode.INGRESS_RESOURCE });
    const one = new Proxy(c, 'one', { serviceType: ServiceType.CLUSTER_IP });
    const two = new Proxy(c, 'two', { serviceType: ServiceType.CLUSTER_IP });
    one.addFrontDoor(door);
    two.addFrontDoor(door);
    new Hub(c, 'a', { authenticator: anyLogin(), namePrefix: 'a-', release: 'a' }).addIntegration(one);
    expect(() =>
      new Hub(c, 'b', { authenticator: anyLogin(), namePrefix: 'b-', release: 'b' }).addIntegration(two),
    ).toThrow(/^Invalid 'door' \('test\/nginx'\): is already in front of proxy 'test\/one'/);
  });

  test("names are the hub's, so they are known once the proxy is added", () => {
    const proxy = new Proxy(chart(), 'proxy');
    expect(() => proxy.publicServiceName).toThrow(
      /is not added to a hub yet: call hub.addIntegration\(...\) with this Proxy first/,
    );
  });
});

describe('the public Service (proxy-public) for a cloud load balancer', () => {
  const service = (props: object) => {
    const c = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
    wire(
      new Hub(c, 'hub', { authenticator: anyLogin() }),
      new Proxy(c, 'p', props),
      new NginxIngress(c, 'n', { host: 'myhub.westeurope.cloudapp.azure.com', tls: IngressTls.fromSecretName('t') }),
    );
    return find(Testing.synth(c) as Obj[], 'Service', 'proxy-public');
  };

  test('AKS DNS label, more annotations, source ranges, traffic policy and a static address', () => {
    const s = service({
      azureDnsLabelName: 'myhub',
      serviceAnnotations: { 'service.beta.kubernetes.io/azure-pip-tags': 'team=lab' },
      loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      loadBalancerIp: '20.50.60.70',
    });
    expect(s.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/azure-pip-tags': 'team=lab',
      'service.beta.kubernetes.io/azure-dns-label-name': 'myhub',
    });
    expect(s.spec).toMatchObject({
      type: 'LoadBalancer',
      loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
      externalTrafficPolicy: 'Local',
      loadBalancerIP: '20.50.60.70',
    });
  });

  test('none of it by default', () => {
    const s = service({});
    expect(s.metadata.annotations).toBeUndefined();
    expect(Object.keys(s.spec).sort()).toEqual(['ports', 'selector', 'type']);
  });

  test('the DNS label must be the first label of an Azure host of the front door; a host of your own domain is not tied to it', () => {
    expect(() => service({ azureDnsLabelName: 'otherhub' })).toThrow(
      /^Invalid 'host' \('myhub\.westeurope\.cloudapp\.azure\.com'\): names the Azure load balancer 'myhub', but the Proxy 'c\/p' gives its address the DNS label 'azureDnsLabelName' 'otherhub'/,
    );
    const c = new Chart(Testing.app(), 'c');
    const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
    const proxy = new Proxy(c, 'p', { azureDnsLabelName: 'myhub' });
    expect(() => wire(hub, proxy, new NginxIngress(c, 'n', { host: 'hub.example.org' }))).not.toThrow();
  });
});

const proxy = (props: object) => () => {
  const c = chart();
  const h = new Hub(c, 'hub', { authenticator: anyLogin() });
  return wire(h, new Proxy(c, 'proxy', { ...(props as any) }));
};
const tlsFor = { host: 'hub.example.org', tls: IngressTls.fromSecretName('hub-tls') };
/** The public Service of a proxy with these props (LoadBalancer unless said). */
const lb = (props: object) => () =>
  wire(new Hub(chart(), 'hub', { authenticator: anyLogin() }), new Proxy(chart(), 'proxy', { ...props } as any));
const azureHost = (label: string, host: string) => () => {
  const c = chart();
  const h = new Hub(c, 'hub', { authenticator: anyLogin() });
  const p = new Proxy(c, 'proxy', { azureDnsLabelName: label });
  return wire(h, p, new NginxIngress(c, 'nginx', { host, tls: IngressTls.fromSecretName('t') }));
};

const refusals: Row[] = [
  // Selectors that match another component's pods, node ports claimed twice (whole-app checks)
  [
    'two Proxies claiming the same nodePort in two namespaces',
    app((a) => {
      for (const id of ['physics', 'stats']) {
        const c = chartIn(a, id, id);
        new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(
          new Proxy(c, 'proxy', { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 32020 }),
        );
      }
    }),
    /nodePort 32020 is claimed twice, by Service 'proxy-public' at 'physics\/proxy\/PublicService' .* and Service 'proxy-public' at 'stats\/proxy\/PublicService'/,
  ],
  [
    "a Proxy's nodePort and another hub's nginx httpsNodePort",
    app((a) => {
      const one = chartIn(a, 'one', 'one');
      new Hub(one, 'hub', { authenticator: anyLogin() }).addIntegration(
        new Proxy(one, 'proxy', { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 30443 }),
      );
      const two = chartIn(a, 'two', 'two');
      wire(
        new Hub(two, 'hub', { authenticator: anyLogin() }),
        new Proxy(two, 'proxy', { serviceType: kplus.ServiceType.NODE_PORT }),
        new NginxIngress(two, 'nginx', { tls: IngressTls.fromSecretName('tls'), httpsNodePort: 30443 }),
      );
    }),
    both('one/proxy/PublicService', 'two/proxy/PublicService'),
  ],
  // Wrong types from JavaScript
  [
    'a Proxy never added to a hub',
    () => {
      const c = chart();
      new Proxy(c, 'proxy', js({}));
      Testing.synth(c);
    },
    /Proxy 'test\/proxy' was never added to a hub: give it to the hub with hub.addIntegration/,
  ],
  ["Proxy with hub: 'hub'", () => new Proxy(chart(), 'proxy', js({ hub: 'hub' })), P('hub')],
  ["serviceType: 'Nodeport'", proxy({ serviceType: 'Nodeport' }), P('serviceType')],
  ["port: '80'", proxy({ port: '80' }), P('port')],
  [
    "logLevel: 'verbose'",
    proxy({ logLevel: 'verbose' }),
    /^Invalid 'logLevel' \('verbose'\): must be one of ProxyLogLevel.DEBUG/,
  ],
  ["nodePort: '32020'", proxy({ nodePort: '32020' }), P('nodePort')],
  ['a misspelled Proxy prop: nodeport', proxy({ nodeport: 32020 }), /^Invalid 'nodeport' .*did you mean 'nodePort'\?/],
  [
    'a Proxy given the Hub as its front door',
    () => {
      const c = chart();
      new Proxy(c, 'proxy').addFrontDoor(js(new Hub(c, 'hub', { authenticator: anyLogin() })));
    },
    /^Invalid 'door' \(Hub 'test\/hub'\): must be an IProxyFrontDoor/,
  ],
  // Values that reach a Kubernetes field without that field's rule
  ['proxy port 0', proxy({ port: 0 }), P('port')],
  ['proxy port 65536', proxy({ port: 65536 }), P('port')],
  ['proxy port 80.5', proxy({ port: 80.5 }), P('port')],
  ['nodePort 29999', proxy({ serviceType: kplus.ServiceType.NODE_PORT, nodePort: 29999 }), P('nodePort')],
  ['nodePort 32768', proxy({ serviceType: kplus.ServiceType.NODE_PORT, nodePort: 32768 }), P('nodePort')],
  [
    'proxy resources.cpu.limit of zero',
    proxy({ resources: { cpu: { limit: kplus.Cpu.units(0) } } }),
    P('resources.cpu.limit'),
  ],
  [
    'a Proxy given a Hub from another namespace',
    () => {
      const c = chart();
      const proxy = new Proxy(new Namespace(c, 'b'), 'proxy');
      new Hub(new Namespace(c, 'a'), 'hub', { authenticator: anyLogin() }).addIntegration(proxy);
    },
    /^Invalid 'hub' \('test\/a\/hub'\): is in namespace 'a', the proxy in 'b'/,
  ],
  [
    'a second Proxy for one Hub',
    () => {
      const c = chart();
      const h = new Hub(c, 'hub', { authenticator: anyLogin() });
      h.addIntegration(new Proxy(c, 'p1'));
      h.addIntegration(new Proxy(c, 'p2'));
    },
    P('hub'),
  ],
  [
    "another hub's Proxy plugged into a Hub",
    () => {
      const c = chart();
      const p = new Proxy(c, 'proxy');
      new Hub(c, 'one', { authenticator: anyLogin(), namePrefix: 'one-', release: 'one' }).addIntegration(p);
      new Hub(c, 'two', { authenticator: anyLogin(), namePrefix: 'two-', release: 'two' }).addIntegration(p);
    },
    /^Invalid 'integration' \('test\/proxy'\): is already added to hub 'test\/one': a Proxy belongs to one hub/,
  ],
  // The callback URL against the front door's host
  [
    'two front doors giving the hub two public URLs',
    () => {
      const c = chart();
      const h = new Hub(c, 'hub', { authenticator: anyLogin() });
      const p = new Proxy(c, 'proxy');
      p.addFrontDoor(new NginxIngress(c, 'nginx', { ...tlsFor }));
      p.addFrontDoor(
        new NginxIngress(c, 'ingress', { mode: NginxIngressMode.INGRESS_RESOURCE, host: 'other.example.org' }),
      );
      h.addIntegration(p);
    },
    /^Invalid 'integrations' \('http:\/\/other\.example\.org'\): is a second public URL of the hub/,
  ],
  // The public Service
  [
    "an Azure DNS label that is not the first label of the front door's Azure host",
    azureHost('myhub', 'otherhub.westeurope.cloudapp.azure.com'),
    /^Invalid 'host' \('otherhub\.westeurope\.cloudapp\.azure\.com'\): names the Azure load balancer 'otherhub'.*'azureDnsLabelName' 'myhub'/,
  ],
  [
    'an Azure DNS label that differs from a US Government cloud host',
    azureHost('myhub', 'hub.usgovvirginia.cloudapp.usgovcloudapi.net'),
    P('host'),
  ],
  ['an Azure DNS label with upper case', lb({ azureDnsLabelName: 'MyHub' }), P('azureDnsLabelName')],
  ['an Azure DNS label of two characters', lb({ azureDnsLabelName: 'hb' }), P('azureDnsLabelName')],
  ['an Azure DNS label starting with a digit', lb({ azureDnsLabelName: '1hub' }), P('azureDnsLabelName')],
  ['an Azure DNS label ending with -', lb({ azureDnsLabelName: 'hub-' }), P('azureDnsLabelName')],
  [
    'an Azure DNS label on a NodePort Service',
    lb({ azureDnsLabelName: 'myhub', serviceType: kplus.ServiceType.NODE_PORT }),
    P('azureDnsLabelName'),
  ],
  [
    'the Azure DNS label annotation given by hand (unchecked)',
    lb({ serviceAnnotations: { 'service.beta.kubernetes.io/azure-dns-label-name': 'myhub' } }),
    P('serviceAnnotations'),
  ],
  [
    'a service annotation key with a space',
    lb({ serviceAnnotations: { 'my annotation': 'x' } }),
    P('serviceAnnotations'),
  ],
  [
    'a service annotation value with U+2028',
    lb({ serviceAnnotations: { 'example.org/note': 'a\u2028b' } }),
    P("serviceAnnotations['example.org/note']"),
  ],
  [
    'source ranges on a ClusterIP Service',
    lb({ serviceType: kplus.ServiceType.CLUSTER_IP, loadBalancerSourceRanges: ['10.0.0.0/8'] }),
    P('loadBalancerSourceRanges'),
  ],
  [
    'an empty list of source ranges (did you mean every address?)',
    lb({ loadBalancerSourceRanges: [] }),
    P('loadBalancerSourceRanges'),
  ],
  [
    'a source range with host bits set',
    lb({ loadBalancerSourceRanges: ['10.1.2.3/8'] }),
    /^Invalid 'loadBalancerSourceRanges' \('10\.1\.2\.3\/8'\): has host bits set: write the network, '10\.0\.0\.0\/8'/,
  ],
  [
    'an IPv6 source range with host bits set',
    lb({ loadBalancerSourceRanges: ['2001:db8::1/32'] }),
    /^Invalid 'loadBalancerSourceRanges' \('2001:db8::1\/32'\): has host bits set: write the network, '2001:db8::\/32'/,
  ],
  [
    'a source range without a prefix length',
    lb({ loadBalancerSourceRanges: ['203.0.113.7'] }),
    P('loadBalancerSourceRanges'),
  ],
  ['a source range with prefix /33', lb({ loadBalancerSourceRanges: ['10.0.0.0/33'] }), P('loadBalancerSourceRanges')],
  [
    'a source range that is a host name',
    lb({ loadBalancerSourceRanges: ['office.example.org/32'] }),
    P('loadBalancerSourceRanges'),
  ],
  [
    'a source range listed twice',
    lb({ loadBalancerSourceRanges: ['10.0.0.0/8', '10.0.0.0/8'] }),
    P('loadBalancerSourceRanges'),
  ],
  [
    'an external traffic policy on a ClusterIP Service',
    lb({ serviceType: kplus.ServiceType.CLUSTER_IP, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL }),
    P('externalTrafficPolicy'),
  ],
  [
    "an external traffic policy in lower case ('local')",
    lb({ externalTrafficPolicy: 'local' }),
    P('externalTrafficPolicy'),
  ],
  ['a load-balancer IP that is not an address', lb({ loadBalancerIp: '20.1.2' }), P('loadBalancerIp')],
  ['a load-balancer IP given as a CIDR', lb({ loadBalancerIp: '20.1.2.3/32' }), P('loadBalancerIp')],
  [
    'a load-balancer IP on a NodePort Service',
    lb({ loadBalancerIp: '20.1.2.3', serviceType: kplus.ServiceType.NODE_PORT }),
    P('loadBalancerIp'),
  ],
  // Construction errors naming the prop, the value and the fix
  [
    'port out of range',
    proxy({ port: 70000 }),
    /Invalid 'port' \(70000\): must be an integer port between 1 and 65535/,
  ],
  [
    'nodePort outside the NodePort range',
    proxy({ serviceType: kplus.ServiceType.NODE_PORT, nodePort: 8080 }),
    /Invalid 'nodePort' \(8080\): must be an integer in the default NodePort range 30000-32767/,
  ],
  [
    'nodePort on a ClusterIP Service',
    proxy({ serviceType: kplus.ServiceType.CLUSTER_IP, nodePort: 30080 }),
    /Invalid 'nodePort' \(30080\): needs 'serviceType' NODE_PORT or LOAD_BALANCER/,
  ],
  [
    'two proxies for one hub',
    () => {
      const c = chart();
      const h = new Hub(c, 'hub', { authenticator: anyLogin() });
      h.addIntegration(new Proxy(c, 'p1'));
      h.addIntegration(new Proxy(c, 'p2'));
    },
    /Invalid 'hub' \('test\/hub'\): already has a Proxy: create one Proxy per Hub/,
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

/** One hub with its proxy in a chart with a namespace, from the given Proxy props. */
const oneHub =
  (props: Partial<ConstructorParameters<typeof Hub>[2]> = {}, proxyProps: object = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    new Hub(c, 'hub', { authenticator: anyLogin(), ...props }).addIntegration(new Proxy(c, 'proxy', { ...proxyProps }));
  };
/** A hub with `auth` behind nginx, built in a chart with a namespace. */
const loginGood =
  (auth: (c: Chart) => Authenticator, o: { hub?: object; proxy?: object; nginx?: object } = {}) =>
  (a: App) => {
    const c = chartIn(a, 'c', 'course');
    const h = new Hub(c, 'hub', { authenticator: auth(c), ...o.hub });
    wire(h, new Proxy(c, 'proxy', { ...o.proxy }), new NginxIngress(c, 'nginx', { ...o.nginx }));
  };
const inChart = (c: Chart, key: string) => ({ secret: kplus.Secret.fromSecretName(c, `ref-${key}`, 'hub-auth'), key });

const accepted: Good[] = [
  [
    'proxy port 65535 with nodePort 30000',
    oneHub({}, { serviceType: kplus.ServiceType.NODE_PORT, port: 65535, nodePort: 30000 }),
    (d) => expect(find(d, 'Service', 'proxy-public').spec.ports[0].nodePort).toBe(30000),
  ],
  [
    'GitHub login behind nginx with TLS on an AKS load balancer: DNS label, source ranges, Local traffic, a static IP',
    loginGood(
      (c) =>
        Authenticator.github({
          clientId: 'Iv1.abc',
          clientSecret: inChart(c, 'client-secret'),
          allowedOrganizations: ['my-org:team'],
        }),
      {
        proxy: {
          azureDnsLabelName: 'myhub',
          loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
          externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
          loadBalancerIp: '20.50.60.70',
        },
        nginx: { host: 'myhub.westeurope.cloudapp.azure.com', tls: IngressTls.fromSecretName('hub-tls') },
      },
    ),
    (d) => {
      expect(hubConfig(d)).toContain(
        'c.GitHubOAuthenticator.oauth_callback_url = "https://myhub.westeurope.cloudapp.azure.com/hub/oauth_callback"',
      );
      expect(find(d, 'Service', 'proxy-public').metadata.annotations).toEqual({
        'service.beta.kubernetes.io/azure-dns-label-name': 'myhub',
      });
    },
  ],
  [
    'an Azure DNS label with a host of your own domain (a CNAME to the Azure name)',
    loginGood(() => anyLogin(), {
      proxy: { azureDnsLabelName: 'myhub' },
      nginx: { host: 'hub.example.org', tls: IngressTls.fromSecretName('hub-tls') },
    }),
    none,
  ],
  [
    'service annotations on a NodePort Service (external-dns), Cluster traffic policy',
    oneHub(
      {},
      {
        serviceType: kplus.ServiceType.NODE_PORT,
        serviceAnnotations: { 'external-dns.alpha.kubernetes.io/hostname': 'hub.example.org' },
        externalTrafficPolicy: ExternalTrafficPolicy.CLUSTER,
      },
    ),
    (d) => expect(find(d, 'Service', 'proxy-public').spec.externalTrafficPolicy).toBe('Cluster'),
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
