/**
 * Zero to JupyterHub's top-level `imagePullSecrets` reaches every pod of the chart (issue 22 item
 * 9): here `HubProps.imagePullSecrets` reaches the user scheduler, the user placeholders and the
 * image puller of the hub, the hub's Secrets first, then the workload's own
 * `workload.imagePullSecrets`, each name once; read back from the synthesized objects, valid for
 * the Kubernetes API.
 */
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import {
  Authenticator,
  Hub,
  ImagePuller,
  Namespace,
  Proxy,
  UserPlaceholders,
  UserScheduler,
  WorkloadOptions,
} from '../../lib';
import { strictErrors } from '../strict-schema';
import { Obj, synth } from '../util';
import { USER_IMAGE } from './scheduling-options-fixture';

/** A hub pulling with `registry` and `mirror`, its scheduler, placeholders and puller given `workload`. */
function objects(workload?: WorkloadOptions, singleUserPullSecrets?: string[]): Obj[] {
  const chart = new Chart(new App(), 'c', { disableResourceNameHashes: true });
  const ns = new Namespace(chart, 'course');
  const hub = new Hub(ns, 'hub', {
    authenticator: Authenticator.dummy({ allowOpenNetwork: true }),
    imagePullSecrets: ['registry', 'mirror'],
    singleUser: { image: USER_IMAGE, imagePullSecrets: singleUserPullSecrets },
  });
  hub.addIntegration(new Proxy(ns, 'proxy'));
  hub.addIntegration(new UserScheduler(ns, 'user-scheduler', { workload }));
  hub.addIntegration(
    new UserPlaceholders(ns, 'placeholders', {
      replicas: 1,
      // Given, so that the strict schema reads quantities (the users' default ones are copied as numbers).
      resources: { cpu: { request: Cpu.millis(500) }, memory: { request: Size.gibibytes(1) } },
      workload,
    }),
  );
  new ImagePuller(ns, 'puller', { hub, workload });
  const objs = synth(chart);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return objs;
}

/** The pull secrets of the pods of the workload whose pods have `component`. */
function pullSecretsOf(objs: Obj[], component: string): string[] | undefined {
  const owner = objs.find(
    (o) =>
      (o.kind === 'Deployment' || o.kind === 'DaemonSet') && o.spec.template.metadata.labels.component === component,
  );
  if (!owner) throw new Error(`no workload with component ${component}`);
  return owner.spec.template.spec.imagePullSecrets?.map((s: { name: string }) => s.name);
}

const COMPONENTS = ['user-scheduler', 'user-placeholder', 'continuous-image-puller'];

describe("the hub's image pull secrets on the scheduling pods", () => {
  test.each(COMPONENTS)("%s: the hub's Secrets, without any of its own", (component) => {
    expect(pullSecretsOf(objects(), component)).toEqual(['registry', 'mirror']);
  });

  test.each(COMPONENTS)("%s: its own after the hub's, a name in both once", (component) => {
    const objs = objects({ imagePullSecrets: ['mirror', 'own'] });
    expect(pullSecretsOf(objs, component)).toEqual(['registry', 'mirror', 'own']);
  });

  test("the image puller pulls the users' images, so it has the users' Secrets too (the hub's first)", () => {
    const objs = objects({ imagePullSecrets: ['own'] }, ['users']);
    expect(pullSecretsOf(objs, 'continuous-image-puller')).toEqual(['registry', 'mirror', 'users', 'own']);
    expect(pullSecretsOf(objs, 'user-scheduler')).toEqual(['registry', 'mirror', 'own']);
  });
});
