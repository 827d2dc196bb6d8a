/**
 * GatewayHttpRoute: a Gateway API HTTPRoute in front of the proxy (issue 22, item 7; Zero to
 * JupyterHub 4.4's `httpRoute.*`), valid for the Gateway API's schema (`gateway-api-schema.ts`);
 * its host gives the hub its public URL; the bad input it refuses, naming the prop.
 */
import * as kplus from 'cdk8s-plus-27';
import { ServiceType } from 'cdk8s-plus-27';
import { Authenticator, GatewayHttpRoute, GatewayHttpRouteProps, Hub, Proxy } from '../../lib';
import { anyLogin, find, Obj, synthWith } from '../util';
import { httpRouteErrors } from './gateway-api-schema';

function routed(props: GatewayHttpRouteProps, auth = anyLogin()): { objs: Obj[]; hub: Hub } {
  let hub!: Hub;
  const objs = synthWith((c) => {
    hub = new Hub(c, 'hub', { authenticator: auth });
    const proxy = new Proxy(c, 'proxy', { serviceType: ServiceType.CLUSTER_IP });
    proxy.addFrontDoor(new GatewayHttpRoute(c, 'route', props));
    hub.addIntegration(proxy);
  });
  return { objs, hub };
}

test('one rule to proxy-public, attached to the Gateway and its listener, valid for the Gateway API', () => {
  const { objs, hub } = routed({
    gatewayName: 'public',
    gatewayNamespace: 'gateways',
    sectionName: 'https',
    hostnames: ['hub.example.org'],
    https: true,
    annotations: { 'example.org/team': 'physics' },
  });
  const route = find(objs, 'HTTPRoute', 'jupyterhub');
  expect(route.spec).toEqual({
    parentRefs: [
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'public',
        namespace: 'gateways',
        sectionName: 'https',
      },
    ],
    hostnames: ['hub.example.org'],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ name: 'proxy-public', port: 80 }],
      },
    ],
  });
  expect(route.metadata.labels).toEqual({ app: 'jupyterhub', component: 'proxy', release: 'jupyterhub' });
  expect(httpRouteErrors(route)).toEqual([]);
  expect(hub.publicUrl()).toBe('https://hub.example.org');
});

test('the schema check is not trivial: an unknown field and a bad path type are errors', () => {
  const { objs } = routed({ gatewayName: 'public' });
  const route = JSON.parse(JSON.stringify(find(objs, 'HTTPRoute', 'jupyterhub')));
  route.spec.rules[0].backendRefs[0].weigth = 1;
  route.spec.rules[0].matches[0].path.type = 'Glob';
  const errors = httpRouteErrors(route);
  expect(errors).toEqual(
    expect.arrayContaining([
      '.spec.rules[0].backendRefs[0].weigth: unknown field',
      expect.stringMatching(/^\/spec\/rules\/0\/matches\/0\/path\/type .*allowed values/),
    ]),
  );
});

test("without host names it answers the listener's, and gives the hub no public URL", () => {
  const { objs, hub } = routed({ gatewayName: 'public' });
  const route = find(objs, 'HTTPRoute', 'jupyterhub');
  expect(route.spec.hostnames).toBeUndefined();
  expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public' }]);
  expect(httpRouteErrors(route)).toEqual([]);
  expect(hub.publicUrl()).toBeUndefined();
});

test('OAuth behind it: the callback is derived from its https host', () => {
  const objs = synthWith((c) => {
    const clientSecret = { secret: kplus.Secret.fromSecretName(c, 'auth', 'auth'), key: 'client-secret' };
    const hub = new Hub(c, 'hub', {
      authenticator: Authenticator.github({ clientId: 'id', clientSecret, allowedUsers: ['alice'] }),
    });
    const proxy = new Proxy(c, 'proxy', { serviceType: ServiceType.CLUSTER_IP });
    proxy.addFrontDoor(
      new GatewayHttpRoute(c, 'route', { gatewayName: 'gw', hostnames: ['hub.example.org'], https: true }),
    );
    hub.addIntegration(proxy);
  });
  const config = objs.find((o) => o.kind === 'ConfigMap' && o.data?.['jupyterhub_config.py'])!.data[
    'jupyterhub_config.py'
  ];
  expect(config).toContain('"https://hub.example.org/hub/oauth_callback"');
});

describe('refuses', () => {
  test.each<[string, GatewayHttpRouteProps, RegExp]>([
    ['a Gateway name that is none', { gatewayName: 'Public GW' }, /'gatewayName' \('Public GW'\)/],
    ['a namespace that is none', { gatewayName: 'gw', gatewayNamespace: 'Gate_ways' }, /'gatewayNamespace'/],
    ['no host names', { gatewayName: 'gw', hostnames: [] }, /'hostnames' \(\[\]\): is empty/],
    [
      'a host name twice',
      { gatewayName: 'gw', hostnames: ['a.example.org', 'a.example.org'] },
      /'hostnames\[1\]' .*listed twice/,
    ],
    ['an IP as a host name', { gatewayName: 'gw', hostnames: ['10.0.0.1'] }, /'hostnames\[0\]' \('10.0.0.1'\)/],
    [
      'https with only wildcards',
      { gatewayName: 'gw', hostnames: ['*.example.org'], https: true },
      /'https' \(true\): needs a host name that is no wildcard/,
    ],
    [
      'more than 16 host names',
      { gatewayName: 'gw', hostnames: [...Array(17).keys()].map((i) => `h${i}.example.org`) },
      /more than 16/,
    ],
    [
      'a misspelled prop (JavaScript)',
      { gatewayName: 'gw', hostname: 'a.example.org' } as GatewayHttpRouteProps,
      /hostname/,
    ],
  ])('%s', (_name, props, error) => {
    expect(() => routed(props)).toThrow(error);
  });
});
