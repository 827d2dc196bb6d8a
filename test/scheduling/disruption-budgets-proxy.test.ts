/**
 * The proxy pod's disruption budget (Zero to JupyterHub's `proxy.chp.pdb.*`, and the autohttps
 * pod's `proxy.traefik.pdb.*`: nginx runs in the proxy pod), issue 22: its number or none, valid
 * for the Kubernetes API; the bad input refused with the prop named.
 */
import { Hub, HubDisruptionBudgets, HubDisruptionBudgetsProps, Proxy } from '../../lib';
import { expectRefused, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { all, anyLogin, find, Obj, synthWith, wire } from '../util';

function objects(proxy: HubDisruptionBudgetsProps['proxyBudget']): Obj[] {
  const objs = synthWith((c) => {
    const hub = new Hub(c, 'hub', { authenticator: anyLogin() });
    wire(hub, new Proxy(c, 'proxy'));
    new HubDisruptionBudgets(c, 'budgets', { hub, proxyBudget: proxy });
  });
  for (const o of objs) expect(strictErrors(o)).toEqual([]);
  return objs;
}

const selector = { matchLabels: { app: 'jupyterhub', component: 'proxy', release: 'jupyterhub' } };

test('maxUnavailable, as before by default (1); a larger number or minAvailable 0 as given', () => {
  expect(find(objects(undefined), 'PodDisruptionBudget', 'proxy').spec).toEqual({ maxUnavailable: 1, selector });
  expect(find(objects({ maxUnavailable: 2 }), 'PodDisruptionBudget', 'proxy').spec).toEqual({
    maxUnavailable: 2,
    selector,
  });
  expect(find(objects({ minAvailable: 0 }), 'PodDisruptionBudget', 'proxy').spec).toEqual({
    minAvailable: 0,
    selector,
  });
});

test('enabled: false leaves the proxy without a budget; the hub keeps its own', () => {
  const budgets = all(objects({ enabled: false }), 'PodDisruptionBudget').map((o) => o.metadata.name);
  expect(budgets).toEqual(['hub']);
});

describe('refuses bad input, naming the prop', () => {
  const rows: Row[] = [
    ['both numbers', () => objects({ maxUnavailable: 1, minAvailable: 1 }), P('proxyBudget.minAvailable')],
    ['a fraction', () => objects({ maxUnavailable: 0.5 }), P('proxyBudget.maxUnavailable')],
    ['a negative number', () => objects({ minAvailable: -1 }), P('proxyBudget.minAvailable')],
    // The proxy runs one replica: either would block every drain of its node.
    ['maxUnavailable 0', () => objects({ maxUnavailable: 0 }), P('proxyBudget.maxUnavailable')],
    ['minAvailable 1 of one replica', () => objects({ minAvailable: 1 }), P('proxyBudget.minAvailable')],
    ['numbers of a disabled budget', () => objects({ enabled: false, maxUnavailable: 1 }), P('proxyBudget.enabled')],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
