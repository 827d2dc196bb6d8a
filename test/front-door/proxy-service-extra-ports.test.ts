/**
 * More ports of `proxy-public` (Zero to JupyterHub's `proxy.service.extraPorts`, issue 22): each
 * on the Service with its target port in the proxy pod, admitted by the proxy's NetworkPolicy;
 * valid for the Kubernetes API, and the bad input refused with the prop named.
 */
import * as kplus from 'cdk8s-plus-27';
import { ServiceType } from 'cdk8s-plus-27';
import { Hub, Proxy, ProxyProps } from '../../lib';
import { expectRefused, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { anyLogin, find, Obj, synthWith, wire } from '../util';

function objects(props: ProxyProps): Obj[] {
  const objs = synthWith((c) => wire(new Hub(c, 'hub', { authenticator: anyLogin() }), new Proxy(c, 'proxy', props)));
  for (const o of objs) expect(strictErrors(o)).toEqual([]);
  return objs;
}

describe('extraPorts of proxy-public', () => {
  test('each port after the library’s, to its container port, with its protocol and node port', () => {
    const objs = objects({
      serviceType: ServiceType.NODE_PORT,
      extraPorts: [
        { name: 'ssh', port: 22, targetPort: 8022, nodePort: 30022 },
        { name: 'metrics', port: 9100, targetPort: 9100, protocol: kplus.Protocol.UDP },
      ],
    });
    expect(find(objs, 'Service', 'proxy-public').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'ssh', port: 22, targetPort: 8022, nodePort: 30022, protocol: 'TCP' },
      { name: 'metrics', port: 9100, targetPort: 9100, protocol: 'UDP' },
    ]);
    expect(find(objs, 'NetworkPolicy', 'proxy').spec.ingress).toContainEqual({
      ports: [
        { port: 8022, protocol: 'TCP' },
        { port: 9100, protocol: 'UDP' },
      ],
    });
  });

  test('a ClusterIP Service has no node ports: only the port', () => {
    const objs = objects({
      serviceType: ServiceType.CLUSTER_IP,
      extraPorts: [{ name: 'ssh', port: 22, targetPort: 8022 }],
    });
    expect(find(objs, 'Service', 'proxy-public').spec.ports[1]).toEqual({
      name: 'ssh',
      port: 22,
      targetPort: 8022,
      protocol: 'TCP',
    });
  });

  test('without it, the Service and the policy are as before', () => {
    const objs = objects({});
    expect(find(objs, 'Service', 'proxy-public').spec.ports).toHaveLength(1);
    expect(find(objs, 'NetworkPolicy', 'proxy').spec.ingress).toHaveLength(2);
  });
});

describe('refuses bad input, naming the prop', () => {
  const build = (props: ProxyProps) => () => objects(props);
  const rows: Row[] = [
    [
      'a name the library uses',
      build({ extraPorts: [{ name: 'https', port: 8443, targetPort: 8443 }] }),
      P('extraPorts[0].name'),
    ],
    [
      'a name too long',
      build({ extraPorts: [{ name: 'a-very-long-port-name', port: 22, targetPort: 22 }] }),
      P('extraPorts[0].name'),
    ],
    ['the public port', build({ extraPorts: [{ name: 'web', port: 80, targetPort: 8080 }] }), P('extraPorts[0].port')],
    [
      'a target port out of range',
      build({ extraPorts: [{ name: 'ssh', port: 22, targetPort: 70000 }] }),
      P('extraPorts[0].targetPort'),
    ],
    [
      'a node port on a ClusterIP Service',
      build({
        serviceType: ServiceType.CLUSTER_IP,
        extraPorts: [{ name: 'ssh', port: 22, targetPort: 22, nodePort: 30022 }],
      }),
      P('extraPorts[0].nodePort'),
    ],
    [
      'a port twice',
      build({
        extraPorts: [
          { name: 'ssh', port: 22, targetPort: 22 },
          { name: 'ssh2', port: 22, targetPort: 23 },
        ],
      }),
      P('extraPorts'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
