/**
 * Issue 22, item 14: the chart's `ingress.*`, routed to the hub's gateway front, never to the
 * gateway: the chart's Ingress leads to the gateway itself, whose one token serves every client,
 * which would bypass the front that identifies each user and forces their identity on kernels
 * (issue 19). The front's program, served below the Ingress path, is run in
 * `test/e2e/gateway-front-base-path.test.ts`.
 */
import { EnterpriseGateway, EnterpriseGatewayProps, Hub, KernelSpec, Namespace, Proxy } from '../../lib';
import { gatewayFrontScript } from '../../lib/kernels/gateway-front-script';
import { strictErrors } from '../strict-schema';
import { all, anyLogin, chart, find, Obj, synth } from '../util';

const FRONT = 'enterprise-gateway-front';

function gatewayWithHub(props: EnterpriseGatewayProps): Obj[] {
  const c = chart();
  const hubNs = new Namespace(c, 'jupyterhub');
  const gwNs = new Namespace(c, 'enterprise-gateway');
  const gw = new EnterpriseGateway(gwNs, 'gw', { kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })], ...props });
  const hub = new Hub(hubNs, 'hub', { authenticator: anyLogin(), integrations: [gw] });
  hub.addIntegration(new Proxy(hubNs, 'proxy'));
  return synth(c);
}

const serverGatewayUrl = (objs: Obj[]) => {
  const config = all(objs, 'ConfigMap').find((c) => c.data?.['jupyterhub_config.py'])!.data['jupyterhub_config.py'];
  const line = config.split('\n').find((l: string) => /^\s*c\.KubeSpawner\.environment = /.test(l))!;
  return JSON.parse(line.replace(/^\s*c\.KubeSpawner\.environment = /, '')).JUPYTER_GATEWAY_URL;
};

describe('an Ingress to the front', () => {
  const objs = gatewayWithHub({
    ingress: {
      host: 'kernels.example.org',
      path: '/eg',
      ingressClassName: 'nginx',
      annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' },
      tlsSecretName: 'kernels-tls',
    },
  });
  const ingress = find(objs, 'Ingress', FRONT);

  test("in the hub's namespace, to the front's Service: host, path (Prefix), class, annotations, TLS", () => {
    expect(ingress.metadata.namespace).toBe('jupyterhub');
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'kernels.example.org',
          http: {
            paths: [{ path: '/eg', pathType: 'Prefix', backend: { service: { name: FRONT, port: { number: 8888 } } } }],
          },
        },
      ],
      tls: [{ hosts: ['kernels.example.org'], secretName: 'kernels-tls' }],
    });
    expect(find(objs, 'Service', FRONT).metadata.namespace).toBe('jupyterhub');
    expect(all(objs, 'Ingress')).toHaveLength(1);
    expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  });

  test("the front serves below the path, for the hub's servers too; its policy admits any source on its port", () => {
    expect(find(objs, 'ConfigMap', FRONT).data['gateway_front.py']).toBe(gatewayFrontScript('/eg'));
    expect(serverGatewayUrl(objs)).toBe(`http://${FRONT}.jupyterhub:8888/eg`);
    expect(find(objs, 'NetworkPolicy', FRONT).spec.ingress).toEqual([{ ports: [{ port: 8888, protocol: 'TCP' }] }]);
    // The gateway itself still admits its fronts only.
    const gatewayPolicy = find(objs, 'NetworkPolicy', 'enterprise-gateway');
    expect(gatewayPolicy.spec.ingress[0].from).toHaveLength(1);
  });

  test("with the path '/' the front's program is the one without an Ingress", () => {
    const root = gatewayWithHub({ ingress: { host: 'kernels.example.org' } });
    expect(find(root, 'ConfigMap', FRONT).data['gateway_front.py']).toBe(gatewayFrontScript());
    expect(find(root, 'Ingress', FRONT).spec.rules[0].http.paths[0].path).toBe('/');
    expect(find(root, 'Ingress', FRONT).spec.ingressClassName).toBeUndefined();
  });

  test('without an Ingress the front admits only the hub users servers', () => {
    const none = gatewayWithHub({});
    expect(all(none, 'Ingress')).toEqual([]);
    expect(find(none, 'NetworkPolicy', FRONT).spec.ingress[0].from).toHaveLength(1);
  });
});

describe('bad input is refused naming the prop', () => {
  test.each([
    [
      { host: 'Kernels.Example.org' },
      `Invalid 'ingress.host' ('Kernels.Example.org'): must be a DNS name in lower case`,
    ],
    [
      { host: 'k.example.org', path: 'eg' },
      `Invalid 'ingress.path' ('eg'): must be an absolute path of plain segments`,
    ],
    [{ host: 'k.example.org', path: '/a/../b' }, `Invalid 'ingress.path' ('/a/../b')`],
    [{ host: 'k.example.org', ingressClassName: 'Nginx!' }, `Invalid 'ingress.ingressClassName' ('Nginx!')`],
    [{ host: 'k.example.org', tlsSecretName: 'TLS' }, `Invalid 'ingress.tlsSecretName' ('TLS')`],
  ])('%j', (ingress, message) => {
    expect(() => gatewayWithHub({ ingress })).toThrow(message);
  });

  test('a second hub: the Ingress leads to one front', () => {
    const c = chart();
    const gwNs = new Namespace(c, 'enterprise-gateway');
    const gw = new EnterpriseGateway(gwNs, 'gw', {
      ingress: { host: 'k.example.org' },
      kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })],
    });
    for (const name of ['hub-a', 'hub-b']) {
      const ns = new Namespace(c, name);
      const hub = new Hub(ns, 'hub', { authenticator: anyLogin() });
      hub.addIntegration(new Proxy(ns, 'proxy'));
      if (name === 'hub-a') hub.addIntegration(gw);
      else
        expect(() => hub.addIntegration(gw)).toThrow(
          "Invalid 'ingress' ('k.example.org'): leads to the gateway front of one hub, and this gateway is given to a second hub",
        );
    }
  });
});
