/**
 * A placeholder without `resources` of its own requests what one user server does; the user pods'
 * amounts (numbers, as KubeSpawner takes them) are written as Kubernetes quantities, so the
 * Deployment passes the strict schema.
 */
import { App, Chart } from 'cdk8s';
import { Authenticator, Hub, Namespace, Proxy, UserPlaceholders } from '../../lib';
import { strictErrors } from '../strict-schema';
import { find, synth } from '../util';

test('the users’ default guarantees and limits, as quantities', () => {
  const chart = new Chart(new App(), 'c', { disableResourceNameHashes: true });
  const ns = new Namespace(chart, 'course');
  const hub = new Hub(ns, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
  hub.addIntegration(new Proxy(ns, 'proxy'));
  hub.addIntegration(new UserPlaceholders(ns, 'placeholders', { replicas: 2 }));
  const objs = synth(chart);
  const d = find(objs, 'Deployment', 'user-placeholder');
  expect(strictErrors(d)).toEqual([]);
  const r = d.spec.template.spec.containers[0].resources;
  for (const v of [...Object.values(r.requests), ...Object.values(r.limits)]) expect(typeof v).toBe('string');
  expect(r).toEqual({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: expect.any(Object) });
});
