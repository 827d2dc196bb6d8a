/**
 * Issue 21, item 3: the hub reaches its own service `dask-gateway`. JupyterHub 5.5 connects to
 * every service with a URL when it starts (`jupyterhub/app.py:3654-3660`, in `start_service`) and
 * every `service_check_interval` (60 s, `app.py:509-512`, `check_services_health` at
 * `app.py:2967-2988`); the gateway's service URL is Traefik's. Both NetworkPolicies on the way must
 * admit it: the hub's egress and Traefik's ingress, on the port Traefik's pods listen on (the
 * Service's port 80 is translated to the pod's 8000 before a policy sees the connection).
 */
import { Chart, Testing } from 'cdk8s';
import { Authenticator, DaskGateway, Hub, Namespace, Proxy } from '../../lib';
import { all, find, Obj, seedCharts } from '../util';

type Labels = { [key: string]: string };

/**
 * Whether a peer of a rule selects a pod with these labels: of the policy's own namespace, or of
 * the one its namespaceSelector names (a pod's namespace is its '@ns' entry).
 */
function peerSelects(peer: any, pod: Labels, policyNs: string): boolean {
  if (!peer.podSelector || peer.ipBlock) return false;
  const ns = peer.namespaceSelector ? peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] : policyNs;
  return (
    ns === pod['@ns'] && Object.entries((peer.podSelector.matchLabels ?? {}) as Labels).every(([k, v]) => pod[k] === v)
  );
}

/** Whether one of the rules admits `pod` on TCP `port` (`peers` the rule's `to` or `from`). */
function admits(rules: any[], peers: 'to' | 'from', pod: Labels, port: number, policyNs: string): boolean {
  return rules.some(
    (r) =>
      (r.ports === undefined || r.ports.some((p: any) => p.port === port && (p.protocol ?? 'TCP') === 'TCP')) &&
      (r[peers] === undefined || r[peers].some((peer: any) => peerSelects(peer, pod, policyNs))),
  );
}

const podLabels = (objs: Obj[], deployment: string): Labels => {
  const d = find(objs, 'Deployment', deployment);
  return { ...d.spec.template.metadata.labels, '@ns': d.metadata.namespace! };
};

describe.each([
  ['the daskhub chart', () => seedCharts().daskhub, 'hub', 'traefik-dhub-dask-gateway', 'traefik-dhub-dask-gateway'],
  [
    'a hub with a prefix and a named gateway',
    () => {
      const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
      const scope = new Namespace(c, 'science');
      const hub = new Hub(scope, 'hub', { authenticator: Authenticator.dummy(), namePrefix: 'geo-' });
      hub.addIntegration(new Proxy(scope, 'proxy'));
      hub.addIntegration(new DaskGateway(scope, 'dask', { name: 'geo-dask' }));
      return Testing.synth(c) as Obj[];
    },
    'geo-hub',
    'traefik-geo-dask',
    'traefik-geo-dask',
  ],
])(
  "%s: the hub's service check of the gateway passes both NetworkPolicies",
  (_name, build, hubName, traefikName, traefikPolicy) => {
    const objs = build();
    const hub = podLabels(objs, hubName);
    const traefik = podLabels(objs, traefikName);
    const traefikPort: number = find(objs, 'Deployment', traefikName).spec.template.spec.containers[0].ports.find(
      (p: any) => p.name === 'web',
    ).containerPort;
    const policyOf = (pod: Labels): Obj[] =>
      all(objs, 'NetworkPolicy').filter(
        (p) =>
          p.metadata.namespace === pod['@ns'] &&
          Object.entries((p.spec.podSelector.matchLabels ?? {}) as Labels).every(([k, v]) => pod[k] === v),
      );

    test("the gateway's service URL is Traefik's Service, whose port leads to Traefik's web port", () => {
      const config: string = find(objs, 'ConfigMap', `${hubName}-config`).data['jupyterhub_config.py'];
      expect(config).toMatch(new RegExp(`"url": "http://${traefikName}\\.[a-z-]+:80"`));
      const svc = find(objs, 'Service', traefikName);
      expect(svc.spec.ports).toEqual([expect.objectContaining({ port: 80, targetPort: 'web' })]);
      expect(traefikPort).toBe(8000);
    });

    test("the hub's NetworkPolicy lets the hub connect to Traefik's pods on that port", () => {
      // (A gateway in a namespace of its own adds an ingress-only policy of the hub: its API server's way in.)
      const policies = policyOf(hub).filter((p) => p.spec.policyTypes.includes('Egress'));
      expect(policies.map((p) => p.metadata.name)).toEqual([hubName]);
      expect(admits(policies[0].spec.egress, 'to', traefik, traefikPort, hub['@ns'])).toBe(true);
    });

    test("Traefik's NetworkPolicy admits the hub's pods on that port", () => {
      const policies = policyOf(traefik);
      expect(policies.map((p) => p.metadata.name)).toEqual([traefikPolicy]);
      expect(admits(policies[0].spec.ingress, 'from', hub, traefikPort, traefik['@ns'])).toBe(true);
    });

    test('and nothing more: the hub reaches no other port of Traefik, nor the API server or the controller directly', () => {
      const hubEgress = policyOf(hub)[0].spec.egress;
      expect(admits(policyOf(traefik)[0].spec.ingress, 'from', hub, 9000, traefik['@ns'])).toBe(false);
      for (const component of ['api', 'controller'])
        expect(
          admits(hubEgress, 'to', podLabels(objs, traefikName.replace(/^traefik-/, `${component}-`)), 8000, hub['@ns']),
        ).toBe(false);
    });
  },
);
