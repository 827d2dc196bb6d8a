import { ApiObject } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-27';
import { Hub, NginxIngress, NginxIngressMode, Proxy, ProxyLogLevel } from '../lib';
import { anyLogin, chart, container, find, Obj, synth, synthWith } from './util';

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
