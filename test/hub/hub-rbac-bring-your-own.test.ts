/**
 * Bring-your-own ServiceAccount and RBAC for the hub (issue 22, item 13; z2jh
 * `hub.serviceAccount.create`, `hub.serviceAccount.name`, `rbac.create`): `serviceAccount` and
 * `createRbac`. The rules `createRbac`'s TSDoc lists are exactly the ones the library writes.
 */
import { Authenticator, Hub, HubSecret, SingleUserStorage } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { all, chart, find, Obj, synth } from '../util';

type HubPropsPart = Partial<ConstructorParameters<typeof Hub>[2]>;

function built(p: HubPropsPart): Obj[] {
  const c = chart('course');
  hubIn(c, 'hub', p);
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return objs;
}
/** The hub's objects of some kinds (the proxy has a ServiceAccount of its own). */
const hubs = (objs: Obj[], ...kinds: string[]) =>
  kinds.flatMap((k) => all(objs, k)).filter((o) => o.metadata.labels?.component === 'hub');
const podOf = (objs: Obj[]) => find(objs, 'Deployment', 'hub').spec.template.spec;

test("by default the library writes the hub's ServiceAccount and binds its Roles to it", () => {
  const objs = built({});
  expect(find(objs, 'ServiceAccount', 'hub').automountServiceAccountToken).toBe(true);
  expect(podOf(objs).serviceAccountName).toBe('hub');
  for (const b of hubs(objs, 'RoleBinding')) expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: 'hub' }]);
});

test("the Roles hold exactly the rules createRbac's TSDoc lists (the user's to grant with createRbac: false)", () => {
  const rules = hubs(built({}), 'Role').flatMap((r) => r.rules);
  expect(rules).toEqual([
    { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch', 'create', 'delete'] },
    { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
    { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'create'] },
    { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
  ]);
});

test('serviceAccount.name names the ServiceAccount the library writes', () => {
  const objs = built({ serviceAccount: { name: 'jupyterhub' } });
  expect(find(objs, 'ServiceAccount', 'jupyterhub')).toBeDefined();
  expect(podOf(objs).serviceAccountName).toBe('jupyterhub');
  for (const b of all(objs, 'RoleBinding'))
    expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: 'jupyterhub' }]);
});

test('serviceAccount.create: false runs the hub as the user-provided account, still bound to the Roles', () => {
  const objs = built({ serviceAccount: { create: false, name: 'platform-hub' } });
  expect(hubs(objs, 'ServiceAccount')).toEqual([]);
  expect(podOf(objs)).toMatchObject({ serviceAccountName: 'platform-hub', automountServiceAccountToken: true });
  expect(hubs(objs, 'Role', 'RoleBinding').length).toBeGreaterThan(0);
  for (const b of all(objs, 'RoleBinding'))
    expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: 'platform-hub' }]);
});

test('createRbac: false writes no Role or RoleBinding for the hub, also for a generated login Secret', () => {
  const objs = built({
    createRbac: false,
    authenticator: Authenticator.generatedSharedPassword({ adminUsers: ['admin'], allowAll: true }),
  });
  expect(hubs(objs, 'Role', 'RoleBinding')).toEqual([]);
  expect(find(objs, 'ServiceAccount', 'hub')).toBeDefined();
});

test('both: nothing of the hub is RBAC or a ServiceAccount', () => {
  const objs = built({
    serviceAccount: { create: false, name: 'platform-hub' },
    createRbac: false,
    secret: HubSecret.fromSecretName('hub-secret'),
    singleUser: { storage: SingleUserStorage.none() },
  });
  expect(hubs(objs, 'ServiceAccount', 'Role', 'RoleBinding')).toEqual([]);
});

describe('refuses', () => {
  const rows: Row[] = [
    [
      'a user-provided account without a name',
      () => built({ serviceAccount: { create: false } }),
      P('serviceAccount.name'),
    ],
    ['a name that is none', () => built({ serviceAccount: { name: 'Hub!' } }), P('serviceAccount.name')],
    [
      'annotations of an account the library does not write',
      () =>
        built({
          serviceAccount: { create: false, name: 'platform-hub' },
          serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': 'x@y.iam.gserviceaccount.com' },
        }),
      P('serviceAccountAnnotations'),
    ],
    ['a createRbac that is no boolean (JavaScript)', () => built({ createRbac: js('no') }), P('createRbac')],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
