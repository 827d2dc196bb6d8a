/**
 * Zero to JupyterHub's top-level `imagePullSecrets` reaches every pod of the chart (issue 22 item
 * 9): here `HubProps.imagePullSecrets` reaches the Enterprise Gateway's front, which runs in the
 * hub's namespace (the hub's Secrets first, then the gateway's `frontWorkload.imagePullSecrets`,
 * each name once), while the gateway's own pods, in the gateway's namespace, keep only theirs (a
 * Secret cannot be used from another namespace). Read back from the synthesized objects, valid
 * for the Kubernetes API.
 */
import { EnterpriseGateway, Hub, KernelSpec, Namespace, Proxy, WorkloadOptions } from '../../lib';
import { strictErrors } from '../strict-schema';
import { anyLogin, chart, find, Obj, synth } from '../util';

function objects(frontWorkload?: WorkloadOptions, workload?: WorkloadOptions): Obj[] {
  const c = chart();
  const hubNs = new Namespace(c, 'jupyterhub');
  const gwNs = new Namespace(c, 'enterprise-gateway');
  const gw = new EnterpriseGateway(gwNs, 'gw', {
    kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })],
    frontWorkload,
    workload,
  });
  const hub = new Hub(hubNs, 'hub', { authenticator: anyLogin(), imagePullSecrets: ['registry', 'mirror'] });
  hub.addIntegration(new Proxy(hubNs, 'proxy'));
  hub.addIntegration(gw);
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return objs;
}

const FRONT = 'enterprise-gateway-front';
const pullSecrets = (o: Obj) => o.spec.template.spec.imagePullSecrets?.map((s: { name: string }) => s.name);

describe("the hub's image pull secrets on the gateway front", () => {
  test("the front, in the hub's namespace, pulls with the hub's Secrets", () => {
    const front = find(objects(), 'Deployment', FRONT);
    expect(front.metadata.namespace).toBe('jupyterhub');
    expect(pullSecrets(front)).toEqual(['registry', 'mirror']);
  });

  test("the front's own come after the hub's, a name in both once", () => {
    const front = find(objects({ imagePullSecrets: ['mirror', 'own'] }), 'Deployment', FRONT);
    expect(pullSecrets(front)).toEqual(['registry', 'mirror', 'own']);
  });

  test("the gateway's pods, in the gateway's namespace, keep only their own", () => {
    const objs = objects(undefined, { imagePullSecrets: ['gateway-registry'] });
    const others = objs.filter(
      (o) => ['Deployment', 'DaemonSet', 'Job'].includes(o.kind) && o.metadata.namespace !== 'jupyterhub',
    );
    expect(others.length).toBeGreaterThan(0);
    for (const o of others) expect(pullSecrets(o) ?? []).not.toContain('registry');
    expect(pullSecrets(find(objs, 'Deployment', 'enterprise-gateway'))).toEqual(['gateway-registry']);
  });
});
