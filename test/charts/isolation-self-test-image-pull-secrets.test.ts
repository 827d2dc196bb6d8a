/**
 * Zero to JupyterHub's top-level `imagePullSecrets` reaches every pod of the chart (issue 22 item
 * 9): the live isolation self-test of a hub runs the hub's image by default, so its pods in the
 * hub's namespace pull with the hub's Secrets (`HubProps.imagePullSecrets`); its pods in another
 * namespace (a Dask Gateway's decoys) do not (a Secret cannot be used from another namespace).
 * Read back from the synthesized Jobs, valid for the Kubernetes API.
 */
import { Testing } from 'cdk8s';
import { DaskGateway, IsolationSelfTest, Namespace } from '../../lib';
import { strictErrors } from '../strict-schema';
import { chartIn, hubIn } from '../input-checks';
import type { Obj } from '../util';

function checkJobs(): Obj[] {
  const app = Testing.app();
  const c = chartIn(app, 'c');
  const hubNs = new Namespace(c, 'hubs');
  const hub = hubIn(hubNs, 'hub', { imagePullSecrets: ['registry', 'mirror'] });
  const dask = new DaskGateway(new Namespace(c, 'hubs-dask'), 'dask');
  hub.addIntegration(dask);
  const objs = Testing.synth(new IsolationSelfTest(app, 'c.check', { hub, daskGateway: dask })) as Obj[];
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return objs.filter((o) => o.kind === 'Job');
}

const pullSecrets = (job: Obj) => job.spec.template.spec.imagePullSecrets?.map((s: { name: string }) => s.name);

describe("the hub's image pull secrets on the isolation self-test's pods", () => {
  const jobs = checkJobs();

  test("every Job in the hub's namespace pulls with the hub's Secrets", () => {
    const here = jobs.filter((j) => j.metadata.namespace === 'hubs');
    expect(here.map((j) => j.metadata.name)).toContain('isolation-check');
    for (const j of here)
      expect({ job: j.metadata.name, pull: pullSecrets(j) }).toEqual({
        job: j.metadata.name,
        pull: ['registry', 'mirror'],
      });
  });

  test('a Job in another namespace has none of them', () => {
    const elsewhere = jobs.filter((j) => j.metadata.namespace !== 'hubs');
    expect(elsewhere.length).toBeGreaterThan(0);
    for (const j of elsewhere)
      expect({ job: j.metadata.name, pull: pullSecrets(j) }).toEqual({ job: j.metadata.name, pull: undefined });
  });
});
