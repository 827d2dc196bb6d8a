/**
 * A hub in namespace `course` with the scheduling pieces built from the given props: what the
 * tests of the scheduling workloads' options synthesize.
 */
import { App, Chart } from 'cdk8s';
import {
  Authenticator,
  Hub,
  ImagePuller,
  ImagePullerProps,
  Namespace,
  Proxy,
  UserPlaceholders,
  UserPlaceholdersProps,
  UserScheduler,
  UserSchedulerProps,
} from '../../lib';
import { Obj, synth } from '../util';

export const USER_IMAGE = 'quay.io/jupyter/minimal-notebook:2025-10-20';

/** A hub in namespace `course` (pinned user image), and the namespace to build in. */
export function courseHub(): { chart: Chart; ns: Namespace; hub: Hub } {
  const chart = new Chart(new App(), 'c', { disableResourceNameHashes: true });
  const ns = new Namespace(chart, 'course');
  const hub = new Hub(ns, 'hub', {
    authenticator: Authenticator.dummy({ adminUsers: ['admin'], allowOpenNetwork: true }),
    singleUser: { image: USER_IMAGE },
  });
  hub.addIntegration(new Proxy(ns, 'proxy'));
  return { chart, ns, hub };
}

/** The objects of a hub with the pieces given props (each left out when undefined). */
export function withScheduling(p: {
  scheduler?: UserSchedulerProps;
  placeholders?: UserPlaceholdersProps;
  puller?: Omit<ImagePullerProps, 'hub'>;
}): Obj[] {
  const { chart, ns, hub } = courseHub();
  if (p.scheduler) hub.addIntegration(new UserScheduler(ns, 'user-scheduler', p.scheduler));
  if (p.placeholders) hub.addIntegration(new UserPlaceholders(ns, 'placeholders', p.placeholders));
  if (p.puller) new ImagePuller(ns, 'puller', { ...p.puller, hub });
  return synth(chart);
}
