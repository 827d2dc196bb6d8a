/**
 * ImagePuller: a DaemonSet that pulls every pinned image a user pod can run onto each node, as
 * nobody and without network access; the images it refuses.
 */
import { App, Chart } from 'cdk8s';
import { ImagePuller, SingleUserStorage } from '../../lib';
import { find, Obj } from '../util';
import { hubWith, R, SCIPY, TORCH } from '../users/every-single-user';
import { courseA } from './scheduling-fixture';

describe('ImagePuller', () => {
  let objs: Obj[];
  beforeAll(() => {
    objs = courseA();
  });

  test('the pre-puller pulls every pinned image of the hub and its profiles, as nobody, and needs no network', () => {
    const ds = find(objs, 'DaemonSet', 'continuous-image-puller');
    const spec = ds.spec.template.spec;
    expect(spec.initContainers.map((c: any) => c.image)).toEqual([
      SCIPY,
      R,
      TORCH,
      'docker.io/alpine/git:v2.47.2',
      'docker.io/library/busybox:1.37.0',
      'quay.io/jupyter/minimal-notebook:2025-10-20',
    ]);
    expect(spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(spec.priorityClassName).toBe('course-a-jupyterhub-default-priority');
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(ds.metadata.annotations).toBeUndefined();
    const np = find(objs, 'NetworkPolicy', 'continuous-image-puller');
    expect(np.spec).toEqual({
      podSelector: { matchLabels: ds.spec.selector.matchLabels },
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  test('the pre-puller refuses unpinned images: an unpinned hub image is left out, an unpinned extra image is an error', () => {
    const c = new Chart(new App(), 'x', { namespace: 'x' });
    const hub = hubWith(
      { image: 'docker.io/aodewahn/thinkdsp:latest', allowUnpinnedImage: true, storage: SingleUserStorage.none() },
      c,
    );
    expect(() => new ImagePuller(c, 'p', { hub })).toThrow(/has no pinned image to pull/);
    expect(() => new ImagePuller(c, 'q', { hub, extraImages: ['busybox:latest'] })).toThrow(
      /Invalid 'extraImages' \('busybox:latest'\)/,
    );
    expect(new ImagePuller(c, 'r', { hub, extraImages: [SCIPY] }).images).toEqual([SCIPY]);
  });
});
