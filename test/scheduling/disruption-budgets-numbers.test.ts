/**
 * The numbers of the hub's PodDisruptionBudget (issue 22, z2jh `hub.pdb.maxUnavailable`,
 * `hub.pdb.minAvailable`): `HubDisruptionBudgetsProps.hubBudget`; the proxy's stays maxUnavailable 1.
 */
import { HubDisruptionBudgets } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { chart, find, synth } from '../util';

function budgets(hubBudget?: { maxUnavailable?: number; minAvailable?: number }) {
  const c = chart('course');
  new HubDisruptionBudgets(c, 'budgets', { hub: hubIn(c, 'hub'), hubBudget });
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return { hub: find(objs, 'PodDisruptionBudget', 'hub').spec, proxy: find(objs, 'PodDisruptionBudget', 'proxy').spec };
}

test('minAvailable 0 replaces the default maxUnavailable 1 of the hub budget only', () => {
  const { hub, proxy } = budgets({ minAvailable: 0 });
  expect(hub).toEqual({
    minAvailable: 0,
    selector: { matchLabels: { app: 'jupyterhub', component: 'hub', release: 'jupyterhub' } },
  });
  expect(proxy.maxUnavailable).toBe(1);
});

test('by default maxUnavailable 1', () => {
  expect(budgets().hub).toMatchObject({ maxUnavailable: 1 });
  expect(budgets({}).hub).toMatchObject({ maxUnavailable: 1 });
});

describe('refuses', () => {
  const rows: Row[] = [
    ['both numbers', () => budgets({ maxUnavailable: 1, minAvailable: 1 }), P('hubBudget.minAvailable')],
    // The hub runs one replica: either would block every drain of its node.
    ['maxUnavailable 0', () => budgets({ maxUnavailable: 0 }), P('hubBudget.maxUnavailable')],
    ['minAvailable 1 of one replica', () => budgets({ minAvailable: 1 }), P('hubBudget.minAvailable')],
    ['a negative number', () => budgets({ maxUnavailable: -1 }), P('hubBudget.maxUnavailable')],
    ['a fraction', () => budgets({ minAvailable: 0.5 }), P('hubBudget.minAvailable')],
    ['a percentage string (JavaScript)', () => budgets({ maxUnavailable: js('50%') }), P('hubBudget.maxUnavailable')],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
