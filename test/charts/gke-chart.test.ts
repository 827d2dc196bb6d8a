/**
 * The gke chart (seed 003): a hub for GKE with a moving image through the explicit opt-out, no user
 * storage, a LoadBalancer and disruption budgets.
 */
import { App } from 'cdk8s';
import { GkeChart } from '../../lib';
import { all, find, synth } from '../util';
import { TRAITS } from '../users/every-single-user';

describe('the gke chart (seed 003)', () => {
  const objs = synth(new GkeChart(new App(), 'gke'));
  const config = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];

  test('every trait the config sets exists, undeprecated, in the hub image (k8s-hub 4.4.0)', () => {
    const set = [...config.matchAll(/^c\.(\w+)\.(\w+)\s*=/gm)].map((m) => [m[1], m[2]]);
    expect(set.length).toBeGreaterThan(20);
    expect(set.filter(([c, t]) => !TRAITS.classes[c]?.[t] || TRAITS.classes[c][t].deprecated)).toEqual([]);
  });

  test("the seed's moving image through the explicit opt-out: pulled on every start", () => {
    expect(config).toContain('c.KubeSpawner.image = "docker.io/aodewahn/thinkdsp:latest"');
    expect(config).toContain('c.KubeSpawner.image_pull_policy = "Always"');
  });

  test('no user storage, a LoadBalancer, secrets generated in the cluster, budgets for hub and proxy', () => {
    expect(config).toContain('c.KubeSpawner.storage_pvc_ensure = False');
    expect(find(objs, 'Service', 'proxy-public').spec.type).toBe('LoadBalancer');
    expect(all(objs, 'Secret')).toEqual([]);
    expect(all(objs, 'PodDisruptionBudget').map((p) => p.spec.maxUnavailable)).toEqual([1, 1]);
    expect(objs.every((o) => o.kind === 'Namespace' || o.metadata.namespace === 'jupyterhub-test')).toBe(true);
    // The seed's committed tokens appear nowhere.
    const text = JSON.stringify(objs);
    for (const token of [
      'b85e9538b93761f2336025a3d5696cc237ee26c8115979d90b86b08b0c326957',
      'f13056563eafb75ab062020dadef8c941b18f69da623e8af58554c06c585881a',
    ]) {
      expect(text).not.toContain(token);
    }
  });
});
