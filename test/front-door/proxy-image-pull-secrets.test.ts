/**
 * Zero to JupyterHub's top-level `imagePullSecrets` reaches every pod of the chart (issue 22 item
 * 9): here `HubProps.imagePullSecrets` reaches the proxy pod, with its front door's containers
 * (nginx, the ACME client's), the hub's Secrets first, then the proxy's own
 * `workload.imagePullSecrets`, then the door's, each name once; read back from the synthesized
 * Deployment, valid for the Kubernetes API.
 */
import { Hub, HubProps, IngressTls, NginxIngress, NginxIngressProps, Proxy, ProxyProps } from '../../lib';
import { strictErrors } from '../strict-schema';
import { anyLogin, find, Obj, synthWith, wire } from '../util';

function objects(hub: Partial<HubProps>, proxy: ProxyProps = {}, door?: NginxIngressProps): Obj[] {
  const objs = synthWith((c) =>
    wire(
      new Hub(c, 'hub', { authenticator: anyLogin(), ...hub }),
      new Proxy(c, 'proxy', proxy),
      ...(door ? [new NginxIngress(c, 'nginx', door)] : []),
    ),
  );
  for (const o of objs) expect(strictErrors(o)).toEqual([]);
  return objs;
}

const pullSecrets = (objs: Obj[]) => find(objs, 'Deployment', 'proxy').spec.template.spec.imagePullSecrets;

describe("the hub's image pull secrets on the proxy pod", () => {
  test("a proxy without pull secrets of its own pulls with the hub's", () => {
    const objs = objects({ imagePullSecrets: ['registry', 'mirror'] });
    expect(pullSecrets(objs)).toEqual([{ name: 'registry' }, { name: 'mirror' }]);
  });

  test("the proxy's own come after the hub's, a name in both once", () => {
    const objs = objects(
      { imagePullSecrets: ['registry', 'mirror'] },
      { workload: { imagePullSecrets: ['mirror', 'proxy-registry'] } },
    );
    expect(pullSecrets(objs)).toEqual([{ name: 'registry' }, { name: 'mirror' }, { name: 'proxy-registry' }]);
  });

  test("with nginx and its ACME client in the pod: the hub's, the proxy's, then the door's", () => {
    const objs = objects(
      { imagePullSecrets: ['registry'] },
      { workload: { imagePullSecrets: ['proxy-registry'] } },
      {
        host: 'hub.example.org',
        tls: IngressTls.acme({ email: 'admin@example.org', hosts: ['hub.example.org'] }),
        workload: { imagePullSecrets: ['registry', 'edge-registry'] },
      },
    );
    const spec = find(objs, 'Deployment', 'proxy').spec.template.spec;
    expect(spec.containers.map((c: any) => c.name)).toEqual(expect.arrayContaining(['chp', 'nginx', 'acme']));
    expect(spec.imagePullSecrets).toEqual([
      { name: 'registry' },
      { name: 'proxy-registry' },
      { name: 'edge-registry' },
    ]);
  });

  test('without any pull secret the pod has no imagePullSecrets field', () => {
    expect(pullSecrets(objects({}))).toBeUndefined();
  });
});
