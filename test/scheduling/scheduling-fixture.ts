/**
 * A hub in its own namespace with every scheduling piece (user scheduler, placeholders, image
 * puller, disruption budgets), its users' pods with every option set: what the tests of
 * test/scheduling/ synthesize.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import {
  Authenticator,
  Hub,
  HubDisruptionBudgets,
  ImagePuller,
  Namespace,
  Proxy,
  SingleUserStorage,
  UserPlaceholders,
  UserScheduler,
} from '../../lib';
import { Obj, synth } from '../util';
import { everySingleUser } from '../users/every-single-user';

/** A hub in its own namespace with every scheduling piece. */
export function schedulingChart(app: App, id: string, namespace: string, release = 'jupyterhub'): { hub: Hub } {
  const c = new Chart(app, id, { disableResourceNameHashes: true });
  const ns = new Namespace(c, namespace);
  const hub = new Hub(ns, 'hub', {
    release,
    authenticator: Authenticator.dummy({ adminUsers: ['admin'] }),
    singleUser: { ...everySingleUser(), storage: SingleUserStorage.dynamic() },
  });
  hub.addIntegration(new Proxy(ns, 'proxy'));
  hub.addIntegration(new UserScheduler(ns, 'user-scheduler'));
  hub.addIntegration(new UserPlaceholders(ns, 'placeholders', { replicas: 2 }));
  new ImagePuller(ns, 'puller', { hub, extraImages: ['quay.io/jupyter/minimal-notebook:2025-10-20'] });
  new HubDisruptionBudgets(ns, 'budgets', { hub });
  ns.orderBefore(c);
  return { hub };
}

/** The objects of one such hub, in namespace course-a. */
export function courseA(): Obj[] {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'scheduling-one-')) });
  const { hub } = schedulingChart(app, 'course-a', 'course-a');
  return synth(hub.node.scope!.node.scope as Chart);
}
