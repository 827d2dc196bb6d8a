/**
 * Zero to JupyterHub's top-level `imagePullSecrets` reaches every pod of the chart (issue 22 item
 * 9): here `HubProps.imagePullSecrets` reaches the DaskGateway's pods that run in the hub's
 * namespace: the token mirror Job (a gateway in a namespace of its own) and the dashboard auth
 * service (a gateway in the hub's namespace). The gateway's pods in a namespace of their own keep
 * only their `workload.imagePullSecrets` (a Secret cannot be used from another namespace). Read
 * back from the synthesized objects, valid for the Kubernetes API.
 */
import { Chart, Testing } from 'cdk8s';
import { Authenticator, DaskGateway, DaskGatewayProps, Hub, Namespace, Proxy } from '../../lib';
import { strictErrors } from '../strict-schema';
import { Obj } from '../util';

const HUB_NS = 'dhub';
const DASK_NS = 'dhub-dask';

/** A hub in `dhub` pulling with `registry` and `mirror`, and a gateway in `gatewayNs`. */
function objects(gatewayNs: string, props: DaskGatewayProps = {}): Obj[] {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const hubNs = new Namespace(c, HUB_NS);
  const hub = new Hub(hubNs, 'hub', {
    authenticator: Authenticator.dummy({ allowOpenNetwork: true }),
    imagePullSecrets: ['registry', 'mirror'],
  });
  hub.addIntegration(new Proxy(hubNs, 'proxy'));
  hub.addIntegration(new DaskGateway(gatewayNs === HUB_NS ? hubNs : new Namespace(c, gatewayNs), 'dask', props));
  const objs = Testing.synth(c) as Obj[];
  // Kubernetes' own kinds (the Traefik objects are checked against their CRDs by test/schema.test.ts).
  expect(objs.filter((o) => !o.apiVersion.includes('traefik')).flatMap((o) => strictErrors(o))).toEqual([]);
  return objs;
}

/** Each Deployment's and Job's pull secrets, by `<kind>/<component>` (a Job by its name's start), with its namespace. */
function pods(objs: Obj[]): { [key: string]: { namespace?: string; pull: string[] } } {
  const out: { [key: string]: { namespace?: string; pull: string[] } } = {};
  for (const o of objs.filter(
    (x) => (x.kind === 'Deployment' || x.kind === 'Job') && x.metadata.labels?.app === 'dask-gateway',
  )) {
    out[`${o.kind}/${o.metadata.labels!.component}`] = {
      namespace: o.metadata.namespace,
      pull: (o.spec.template.spec.imagePullSecrets ?? []).map((s: { name: string }) => s.name),
    };
  }
  return out;
}

describe("the hub's image pull secrets on the gateway's pods in the hub's namespace", () => {
  test("a gateway in its own namespace: the token mirror (in the hub's) pulls with the hub's Secrets, the rest keep their own", () => {
    const p = pods(objects(DASK_NS, { api: { workload: { imagePullSecrets: ['dask-registry'] } } }));
    expect(p['Job/token-mirror']).toEqual({ namespace: HUB_NS, pull: ['registry', 'mirror'] });
    expect(p['Deployment/api']).toEqual({ namespace: DASK_NS, pull: ['dask-registry'] });
    for (const c of ['Deployment/controller', 'Deployment/traefik', 'Deployment/dashboard-auth'])
      expect({ c, ...p[c] }).toEqual({ c, namespace: DASK_NS, pull: [] });
  });

  test("a gateway in the hub's namespace: the dashboard auth service pulls with the hub's Secrets", () => {
    const p = pods(objects(HUB_NS));
    expect(p['Deployment/dashboard-auth']).toEqual({ namespace: HUB_NS, pull: ['registry', 'mirror'] });
    expect(p['Job/token-mirror']).toBeUndefined();
  });
});
