/**
 * Issue 22, item 13: bring-your-own RBAC for Dask Gateway (the chart's `rbac.enabled: false` and
 * `rbac.{gateway,controller,traefik}.serviceAccountName`): with `rbac: false` the gateway writes no
 * ServiceAccount, Role, ClusterRole or binding for its API server, controller and Traefik, and
 * their pods run as the accounts given.
 */
import { Chart, Testing } from 'cdk8s';
import { Authenticator, DaskGateway, DaskGatewayProps, Hub, Namespace, Proxy } from '../../lib';
import { find, Obj } from '../util';

const NAME = 'dhub-dask-gateway';
const OWN: DaskGatewayProps = {
  rbac: false,
  api: { serviceAccountName: 'own-api' },
  controller: { serviceAccountName: 'own-controller' },
  traefik: { serviceAccountName: 'own-traefik' },
};

function build(props: DaskGatewayProps): Obj[] {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const hubNs = new Namespace(c, 'dhub');
  const hub = new Hub(hubNs, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
  hub.addIntegration(new Proxy(hubNs, 'proxy'));
  hub.addIntegration(new DaskGateway(new Namespace(c, 'dhub-dask'), 'dask', props));
  return Testing.synth(c) as Obj[];
}

const RBAC_KINDS = ['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];
const rbacOf = (objs: Obj[], component: string) =>
  objs.filter((o) => RBAC_KINDS.includes(o.kind) && o.metadata.name === `${component}-${NAME}`).map((o) => o.kind);

describe('rbac: false', () => {
  const objs = build(OWN);

  test('no ServiceAccount, Role, ClusterRole or binding of the API server, the controller or Traefik is written', () => {
    for (const component of ['api', 'controller', 'traefik'])
      expect({ component, rbac: rbacOf(objs, component) }).toEqual({ component, rbac: [] });
    // With the gateway's own, they are there.
    expect(rbacOf(build({}), 'controller').sort()).toEqual(RBAC_KINDS.slice().sort());
  });

  test('each pod runs as the account given', () => {
    for (const component of ['api', 'controller', 'traefik'])
      expect(find(objs, 'Deployment', `${component}-${NAME}`).spec.template.spec.serviceAccountName).toBe(
        `own-${component}`,
      );
  });

  test("the dashboard auth service's account and Role are still the gateway's", () => {
    expect(rbacOf(objs, 'auth').sort()).toEqual(['Role', 'RoleBinding', 'ServiceAccount']);
  });
});

describe('refuses bad input, naming the prop', () => {
  test.each<[string, DaskGatewayProps, RegExp]>([
    [
      'an account of your own with the gateway writing RBAC',
      { api: { serviceAccountName: 'own-api' } },
      /^Invalid 'api\.serviceAccountName' \('own-api'\): is a ServiceAccount of your own, taken with 'rbac: false' only/,
    ],
    [
      'rbac: false without an account',
      { ...OWN, traefik: {} },
      /^Invalid 'traefik\.serviceAccountName' \(undefined\): must name a ServiceAccount of your own with 'rbac: false'/,
    ],
    [
      'a bad account name',
      { ...OWN, controller: { serviceAccountName: 'Own' } },
      /^Invalid 'controller\.serviceAccountName' \('Own'\)/,
    ],
    [
      'annotations for an account the gateway does not write',
      { ...OWN, api: { serviceAccountName: 'own-api', workload: { serviceAccountAnnotations: { 'a.io/b': 'c' } } } },
      /^Invalid 'api\.workload\.serviceAccountAnnotations'.*annotate the ServiceAccount of your own \('own-api'\)/,
    ],
  ])('%s', (_what, props, error) => {
    expect(() => build(props)).toThrow(error);
  });
});
