/**
 * HubDisruptionBudgets: PodDisruptionBudgets for the hub and the proxy.
 */
import { find, Obj } from '../util';
import { courseA } from './scheduling-fixture';

describe('HubDisruptionBudgets', () => {
  let objs: Obj[];
  beforeAll(() => {
    objs = courseA();
  });

  test('PodDisruptionBudgets for hub and proxy: maxUnavailable 1, selecting their pods', () => {
    for (const [name, component] of [
      ['hub', 'hub'],
      ['proxy', 'proxy'],
    ]) {
      const pdb = find(objs, 'PodDisruptionBudget', name);
      expect(pdb.spec).toEqual({
        maxUnavailable: 1,
        selector: { matchLabels: { app: 'jupyterhub', component, release: 'jupyterhub' } },
      });
    }
  });
});
