/**
 * SingleUserStorage: the users' homes (a claim per user, a shared NFS claim with a subPath per
 * user, or none); the bad input the hub refuses in it, naming the prop.
 */
import { Size } from 'cdk8s';
import { Hub, Namespace, NfsStorage, SingleUserStorage } from '../../lib';
import { expectRefused, js, P, Row } from '../input-checks';
import { anyLogin, chart } from '../util';

/** A chart with the two namespaces of the lab. */
function labScopes(): { hubNs: Namespace; gwNs: Namespace } {
  const c = chart();
  return { hubNs: new Namespace(c, 'jupyterhub'), gwNs: new Namespace(c, 'enterprise-gateway') };
}
const staticNfs = (scope: Namespace) =>
  new NfsStorage(scope, 'homes', { server: 'nfs.example.org', path: '/export/homes' });
const hub = (props: object) => () => new Hub(chart(), 'hub', { authenticator: anyLogin(), ...(props as any) });
const su = (singleUser: object) => hub({ singleUser });

const refusals: Row[] = [
  // Wrong types from JavaScript
  ["singleUser.storage: 'dynamic'", su({ storage: 'dynamic' }), P('singleUser.storage')],
  // Refused by the factory itself (its options are checked where they are given).
  [
    "SingleUserStorage.dynamic({ capacity: '10Gi' })",
    () => SingleUserStorage.dynamic({ capacity: js('10Gi') }),
    P('options.capacity'),
  ],
  // Values that reach a Kubernetes field without that field's rule
  [
    'a relative home mount path',
    su({ storage: SingleUserStorage.dynamic({ homeMountPath: 'home/jovyan' }) }),
    P('singleUser.storage.homeMountPath'),
  ],
  // Generated programs that read differently than written
  [
    'a home mount path with U+2029',
    su({ storage: SingleUserStorage.dynamic({ homeMountPath: '/home/a\u2029b' }) }),
    P('singleUser.storage.homeMountPath'),
  ],
  // Construction errors naming the prop, the value and the fix
  [
    'a relative home mount path',
    hub({ singleUser: { storage: SingleUserStorage.dynamic({ homeMountPath: 'home/jovyan' }) } }),
    /Invalid 'singleUser.storage.homeMountPath' \('home\/jovyan'\): must be an absolute path/,
  ],
  [
    'a zero-size user claim',
    hub({ singleUser: { storage: SingleUserStorage.dynamic({ capacity: Size.gibibytes(0) }) } }),
    /Invalid 'singleUser.storage.capacity' .*must be a positive size/,
  ],
  // Construction errors naming the prop, the value and the fix
  [
    'a subPath template with an unknown placeholder',
    () => {
      const { hubNs } = labScopes();
      new Hub(hubNs, 'hub', {
        authenticator: anyLogin(),
        singleUser: { storage: SingleUserStorage.shared(staticNfs(hubNs), { subPath: 'homes/{user}' }) },
      });
    },
    /Invalid 'singleUser.storage.subPath' \('homes\/\{user\}'\): uses the unknown placeholder \{user\}: KubeSpawner knows \{username\}/,
  ],
  [
    'a subPath template without the user',
    () => {
      const { hubNs } = labScopes();
      new Hub(hubNs, 'hub', {
        authenticator: anyLogin(),
        singleUser: { storage: SingleUserStorage.shared(staticNfs(hubNs), { subPath: 'shared' }) },
      });
    },
    /must contain \{username\}.*all users share one directory/,
  ],
  [
    'shared homes from another namespace',
    () => {
      const { hubNs, gwNs } = labScopes();
      new Hub(hubNs, 'hub', {
        authenticator: anyLogin(),
        singleUser: { storage: SingleUserStorage.shared(staticNfs(gwNs)) },
      });
    },
    /Invalid 'singleUser.storage' \('test\/enterprise-gateway\/homes'\): is a claim in namespace 'enterprise-gateway', the hub is in 'jupyterhub'/,
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});
