/**
 * Issue 20, item 1: no open demo logins. The dummy authenticator lets anyone in with any password
 * (as an admin too, and KubeSpawner runs their code in the cluster), so a Hub refuses it when the
 * outside of the cluster reaches its front door: a NodePort or LoadBalancer `proxy-public`, an
 * Ingress, a Contour HTTPProxy. The hub learns its reach from its Proxy's contribution
 * (`HubIntegrationConfig.exposure`), which the Proxy derives from its public Service's type and
 * what its front doors say (`ProxyFrontDoorConfig.exposedVia`). Inside the cluster only (a
 * ClusterIP proxy, nginx in the proxy pod) the dummy login stays, and a lab network can opt out
 * with `Authenticator.dummy({ allowOpenNetwork: true })`.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Authenticator,
  ContourHttpProxy,
  GatewayHttpRoute,
  Hub,
  HubIntegrationConfig,
  IHub,
  IHubIntegration,
  JupyterHub,
  NginxIngress,
  NginxIngressMode,
  Proxy,
} from '../../lib';

const { CLUSTER_IP, NODE_PORT, LOAD_BALANCER } = kplus.ServiceType;

/** A hub with the given login behind a proxy of the given Service type and front door. */
function deploy(
  authenticator: Authenticator,
  serviceType: kplus.ServiceType,
  door?: (c: Chart) => NginxIngress | ContourHttpProxy | GatewayHttpRoute,
): () => Hub {
  return () => {
    const c = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
    const hub = new Hub(c, 'hub', { authenticator });
    const proxy = new Proxy(c, 'proxy', { serviceType });
    if (door) proxy.addFrontDoor(door(c));
    hub.addIntegration(proxy);
    Testing.synth(c);
    return hub;
  };
}
const dummy = () => Authenticator.dummy({ adminUsers: ['admin'], allowAll: true });
const ingress = (c: Chart) =>
  new NginxIngress(c, 'nginx', { mode: NginxIngressMode.INGRESS_RESOURCE, host: 'hub.example.org' });
const contour = (c: Chart) => new ContourHttpProxy(c, 'route', { fqdn: 'hub.apps.example.org' });
const sidecar = (c: Chart) => new NginxIngress(c, 'nginx');

describe('a hub refuses a login that takes any password when the outside of the cluster reaches it', () => {
  test.each([
    ['a NodePort proxy-public (as minikube)', deploy(dummy(), NODE_PORT), "Service 'proxy-public' of type NodePort"],
    [
      'a LoadBalancer proxy-public (as jeg-lab, gke)',
      deploy(dummy(), LOAD_BALANCER),
      "Service 'proxy-public' of type LoadBalancer",
    ],
    [
      'nginx in the proxy pod, on a LoadBalancer',
      deploy(dummy(), LOAD_BALANCER, sidecar),
      "Service 'proxy-public' of type LoadBalancer",
    ],
    [
      'an Ingress for a host, the proxy a ClusterIP Service',
      deploy(dummy(), CLUSTER_IP, ingress),
      "Ingress 'jupyterhub' (host hub.example.org) of the cluster's ingress controller",
    ],
    [
      'a Contour HTTPProxy, the proxy a ClusterIP Service',
      deploy(dummy(), CLUSTER_IP, contour),
      "HTTPProxy 'jupyterhub' (fqdn hub.apps.example.org) of Contour",
    ],
  ])('%s', (_what, build, via) => {
    expect(build).toThrow(
      `Invalid 'authenticator' ('dummy'): accepts any password, and Hub 'c/hub' is reachable from outside the cluster through ${via}: anyone who finds the address logs in (as admin 'admin' too) and runs code in the cluster.`,
    );
    // The fix: a login with a password made in the cluster, or the explicit opt-out.
    expect(build).toThrow(/Authenticator\.generatedSharedPassword\(\{ adminUsers: \['admin'\], allowAll: true \}\)/);
    expect(build).toThrow(/kubectl get secret hub-login -o jsonpath='\{\.data\.admin-password\}' \| base64 -d/);
    expect(build).toThrow(
      /on a closed lab network that nobody else reaches only, say so with Authenticator\.dummy\(\{ allowOpenNetwork: true \}\)$/,
    );
  });

  test('both ways in are named when there are two (a LoadBalancer and an Ingress)', () => {
    expect(deploy(dummy(), LOAD_BALANCER, ingress)).toThrow(
      /through Service 'proxy-public' of type LoadBalancer and Ingress 'jupyterhub' \(host hub\.example\.org\) of the cluster's ingress controller: /,
    );
  });

  test('a Gateway API HTTPRoute, the proxy a ClusterIP Service', () => {
    const route = (c: Chart) =>
      new GatewayHttpRoute(c, 'route', {
        gatewayName: 'public',
        gatewayNamespace: 'gateways',
        hostnames: ['hub.example.org'],
      });
    expect(deploy(dummy(), CLUSTER_IP, route)).toThrow(
      "reachable from outside the cluster through HTTPRoute 'jupyterhub' (host hub.example.org) of Gateway 'gateways/public': ",
    );
  });

  test('a ClusterIP proxy-public with externalIPs (nodes or routers that take its traffic) is a way in too', () => {
    const build = () => {
      const c = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
      const hub = new Hub(c, 'hub', { authenticator: dummy() });
      hub.addIntegration(new Proxy(c, 'proxy', { serviceType: CLUSTER_IP, externalIps: ['192.0.2.10', '192.0.2.11'] }));
    };
    expect(build).toThrow(
      "reachable from outside the cluster through Service 'proxy-public' with externalIPs 192.0.2.10, 192.0.2.11: ",
    );
  });

  test('a custom authenticator naming the dummy class is refused too (it takes any password as well)', () => {
    for (const className of ['dummy', 'jupyterhub.auth.DummyAuthenticator']) {
      const custom = Authenticator.custom({ className, allowAll: true });
      expect(deploy(custom, LOAD_BALANCER)).toThrow(`Invalid 'authenticator' ('${className}'): accepts any password`);
    }
  });

  test('a JupyterHub (proxy on a LoadBalancer by default) names the prop the caller wrote: hub.authenticator', () => {
    const c = new Chart(Testing.app(), 'c');
    expect(
      () => new JupyterHub(c, 'course', { hub: { authenticator: Authenticator.dummy({ allowAll: true }) } }),
    ).toThrow(
      /^Invalid 'hub\.authenticator' \('dummy'\): accepts any password, and Hub 'c\/course\/Namespace\/Hub' is reachable from outside the cluster through Service 'proxy-public' of type LoadBalancer: /,
    );
  });
});

describe('what stays allowed', () => {
  test.each([
    ['a ClusterIP proxy-public (reached through kubectl port-forward only)', deploy(dummy(), CLUSTER_IP)],
    ['a ClusterIP proxy-public with nginx in the proxy pod', deploy(dummy(), CLUSTER_IP, sidecar)],
    [
      'an open network said explicitly',
      deploy(Authenticator.dummy({ allowAll: true, allowOpenNetwork: true }), NODE_PORT),
    ],
    [
      'a login with passwords, on a LoadBalancer',
      deploy(Authenticator.generatedSharedPassword({ allowAll: true }), LOAD_BALANCER),
    ],
    [
      'a login with passwords, behind an Ingress',
      deploy(Authenticator.generatedSharedPassword({ adminUsers: ['admin'] }), CLUSTER_IP, ingress),
    ],
  ])('%s', (_what, build) => {
    expect(build).not.toThrow();
  });

  test('the opt-out changes nothing in the generated config: it is a statement about the network, not a setting', () => {
    const config = (a: Authenticator) => deploy(a, CLUSTER_IP)().config;
    expect(config(Authenticator.dummy({ allowAll: true, allowOpenNetwork: true }))).toBe(
      config(Authenticator.dummy({ allowAll: true })),
    );
  });
});

describe("the hub's reach comes from its Proxy, once", () => {
  test('the proxy says what reaches it: its Service type and its front doors', () => {
    const reach = (serviceType: kplus.ServiceType, door?: (c: Chart) => NginxIngress | ContourHttpProxy) => {
      const c = new Chart(Testing.app(), 'c');
      const proxy = new Proxy(c, 'proxy', { serviceType });
      if (door) proxy.addFrontDoor(door(c));
      const hub = new Hub(c, 'hub', { authenticator: Authenticator.generatedSharedPassword({ allowAll: true }) });
      // The proxy's contribution, as the hub receives it.
      let said: HubIntegrationConfig | undefined;
      hub.addIntegration({ bindToHub: (h: IHub) => (said = proxy.bindToHub(h)) });
      return said?.exposure;
    };
    expect(reach(CLUSTER_IP)).toEqual({ outsideCluster: false, via: [] });
    expect(reach(CLUSTER_IP, sidecar)).toEqual({ outsideCluster: false, via: [] });
    expect(reach(NODE_PORT)).toEqual({ outsideCluster: true, via: ["Service 'proxy-public' of type NodePort"] });
    expect(reach(CLUSTER_IP, contour)).toEqual({
      outsideCluster: true,
      via: ["HTTPProxy 'jupyterhub' (fqdn hub.apps.example.org) of Contour"],
    });
  });

  test('a second integration that says how the outside reaches the hub is an error', () => {
    const c = new Chart(Testing.app(), 'c');
    const hub = new Hub(c, 'hub', { authenticator: Authenticator.generatedSharedPassword({ allowAll: true }) });
    hub.addIntegration(new Proxy(c, 'proxy', { serviceType: CLUSTER_IP }));
    const second: IHubIntegration = { bindToHub: () => ({ exposure: { outsideCluster: true, via: ['my Service'] } }) };
    expect(() => hub.addIntegration(second)).toThrow(
      /^Invalid 'integrations' \(\["my Service"\]\): says a second time how the outside reaches the hub: only the hub's Proxy says it, once$/,
    );
  });
});
