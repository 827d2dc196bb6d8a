/**
 * The user and group CHP and nginx run as (Zero to JupyterHub's `proxy.chp.containerSecurityContext`
 * and, for the TLS front door, `proxy.traefik.containerSecurityContext`, issue 22), within Pod
 * Security restricted: the rest of the security context stays the library's; root refused.
 */
import { Hub, NginxIngress, NginxIngressMode, NginxIngressProps, Proxy, ProxyProps } from '../../lib';
import { expectRefused, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { anyLogin, container, find, synthWith, wire } from '../util';

function deployment(proxy: ProxyProps, door: NginxIngressProps = {}): any {
  const objs = synthWith((c) =>
    wire(
      new Hub(c, 'hub', { authenticator: anyLogin() }),
      new Proxy(c, 'proxy', proxy),
      new NginxIngress(c, 'nginx', door),
    ),
  );
  const d = find(objs, 'Deployment', 'proxy');
  expect(strictErrors(d)).toEqual([]);
  return d;
}

const restricted = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

test("CHP's and nginx's user and group; the rest stays restricted", () => {
  const d = deployment(
    { containerSecurity: { runAsUser: 1000710000, runAsGroup: 1000710000 } },
    { containerSecurity: { runAsUser: 1000720000 } },
  );
  expect(container(d, 'chp').securityContext).toEqual({ ...restricted, runAsUser: 1000710000, runAsGroup: 1000710000 });
  expect(container(d, 'nginx').securityContext).toEqual({ ...restricted, runAsUser: 1000720000, runAsGroup: 101 });
});

test('by default nobody (CHP) and 101 (nginx), as before', () => {
  const d = deployment({});
  expect(container(d, 'chp').securityContext).toEqual({ ...restricted, runAsUser: 65534, runAsGroup: 65534 });
  expect(container(d, 'nginx').securityContext).toEqual({ ...restricted, runAsUser: 101, runAsGroup: 101 });
});

describe('refuses bad input, naming the prop', () => {
  const rows: Row[] = [
    ['root for CHP', () => deployment({ containerSecurity: { runAsUser: 0 } }), P('containerSecurity.runAsUser')],
    [
      'group root for nginx',
      () => deployment({}, { containerSecurity: { runAsGroup: 0 } }),
      P('containerSecurity.runAsGroup'),
    ],
    [
      "nginx's ids in ingress-resource mode",
      () => deployment({}, { mode: NginxIngressMode.INGRESS_RESOURCE, containerSecurity: { runAsUser: 5 } }),
      P('containerSecurity'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
