/**
 * JupyterHub: a whole hub (Namespace, Hub, Proxy and nginx) in a namespace of its own, one per
 * course; the bad input it refuses, naming the prop (or, for objects declared twice across the
 * app, both construct paths); and good input a user would expect to work. Its wiring is specified
 * in synthesize.test.ts.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, JupyterHub } from '../../lib';
import { app, chartIn, expectAccepted, expectRefused, Good, P, Row } from '../input-checks';
import { anyLogin, chart, find } from '../util';

/** A JupyterHub; its hub gets the tests' authenticator unless the row gives one (or gives a hub of the wrong type). */
const jh = (props: { [prop: string]: unknown }) => () => {
  const hub = props.hub === undefined ? {} : props.hub;
  return new JupyterHub(chart(), 'hub', {
    ...props,
    hub: typeof hub === 'object' && hub !== null && !Array.isArray(hub) ? { authenticator: anyLogin(), ...hub } : hub,
  } as any);
};

const refusals: Row[] = [
  // Two objects with the same identity (the whole-app checks, at synthesis)
  [
    'two JupyterHubs in the same namespace in one chart',
    app((a) => {
      const c = chartIn(a, 'c');
      new JupyterHub(c, 'physics', { hub: { authenticator: anyLogin() }, namespace: 'course' });
      new JupyterHub(c, 'stats', { hub: { authenticator: anyLogin() }, namespace: 'course' });
    }),
    /Namespace 'course' is declared twice, by 'c\/physics\/Namespace\/Resource' and 'c\/stats\/Namespace\/Resource'/,
  ],
  [
    'two JupyterHubs in the same namespace in two charts',
    app((a) => {
      new JupyterHub(chartIn(a, 'physics'), 'hub', { hub: { authenticator: anyLogin() }, namespace: 'course' });
      new JupyterHub(chartIn(a, 'stats'), 'hub', { hub: { authenticator: anyLogin() }, namespace: 'course' });
    }),
    /Deployment 'proxy' in namespace 'course' is declared twice, by 'physics\/hub\/Namespace\/Proxy\/Resource' and 'stats\/hub\/Namespace\/Proxy\/Resource'/,
  ],
  // Selectors that match another component's pods, node ports claimed twice (whole-app checks)
  [
    'two JupyterHubs with the same proxy nodePort',
    app((a) => {
      for (const course of ['physics', 'stats']) {
        new JupyterHub(chartIn(a, course), 'hub', {
          hub: { authenticator: anyLogin() },
          namespace: course,
          proxy: { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 31000 },
        });
      }
    }),
    /nodePort 31000 is claimed twice/,
  ],
  // Wrong types from JavaScript
  ['JupyterHub namespace: 5', jh({ namespace: 5 }), P('namespace')],
  ["JupyterHub frontDoor: 'false'", jh({ frontDoor: 'false' }), P('frontDoor')],
  ["JupyterHub hub: 'x'", jh({ hub: 'x' }), P('hub')],
  [
    'a misspelled JupyterHub prop: frontdoor',
    jh({ frontdoor: false }),
    /^Invalid 'frontdoor' .*did you mean 'frontDoor'\?/,
  ],
  [
    'a misspelled nested prop: hub.singleuser',
    jh({ hub: { singleuser: {} } }),
    /^Invalid 'hub.singleuser' .*did you mean 'singleUser'\?/,
  ],
  ["JupyterHub proxy.serviceType: 'LB'", jh({ proxy: { serviceType: 'LB' } }), P('proxy.serviceType')],
  // Values that reach a Kubernetes field without that field's rule
  ["JupyterHub namespace 'Physics 101'", jh({ namespace: 'Physics 101' }), P('namespace')],
  ['JupyterHub hub.singleUser.uid 0', jh({ hub: { singleUser: { uid: 0 } } }), P('hub.singleUser.uid')],
  ['JupyterHub proxy.port 0', jh({ proxy: { port: 0 } }), P('proxy.port')],
  [
    'JupyterHub frontDoorOptions.maxBodySize of zero',
    jh({ frontDoorOptions: { maxBodySize: Size.mebibytes(0) } }),
    P('frontDoorOptions.maxBodySize'),
  ],
  // Generated programs that read differently than written
  ['JupyterHub hub.extraConfig with U+2028', jh({ hub: { extraConfig: '# \u2028' } }), P('hub.extraConfig')],
  // A Hub must be given an authenticator
  [
    'a JupyterHub whose hub has no authenticator',
    () => new JupyterHub(chart(), 'hub', { namespace: 'physics', hub: { release: 'physics' } } as any),
    P('hub.authenticator'),
  ],
  ['a JupyterHub without hub props', () => new JupyterHub(chart(), 'hub', { namespace: 'physics' } as any), P('hub')],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

const accepted: Good[] = [
  [
    "a namespace starting with a digit ('101-physics': Namespace names are DNS-1123 labels)",
    (a) => {
      new JupyterHub(chartIn(a, 'c'), 'hub', { hub: { authenticator: anyLogin() }, namespace: '101-physics' });
    },
    (d) => expect(find(d, 'Namespace', '101-physics')).toBeDefined(),
  ],
  [
    'JupyterHub with every nested prop set the way the docs show',
    (a) => {
      new JupyterHub(chartIn(a, 'physics-101'), 'hub', {
        namespace: 'physics-101',
        hub: {
          namePrefix: 'p-',
          release: 'physics',
          authenticator: Authenticator.native({ adminUsers: ['teacher'] }),
          singleUser: { memoryGuarantee: Size.gibibytes(1), memoryLimit: Size.gibibytes(2) },
        },
        proxy: { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 30080 },
        frontDoorOptions: { maxBodySize: Size.mebibytes(256), host: 'physics.example.org' },
      });
    },
    (d) => expect(find(d, 'ConfigMap', 'p-nginx-proxy-config')).toBeDefined(),
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
