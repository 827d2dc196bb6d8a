/**
 * The sqlite claim's options (issue 22, z2jh `hub.db.pvc.annotations`, `selector`, `accessModes`,
 * `subPath`).
 */
import * as kplus from 'cdk8s-plus-27';
import { HubDatabase } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { chart, container, find, synth } from '../util';

function built(options: Parameters<typeof HubDatabase.sqlitePvc>[0]) {
  const c = chart('course');
  hubIn(c, 'hub', { database: HubDatabase.sqlitePvc(options) });
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return {
    claim: find(objs, 'PersistentVolumeClaim', 'hub-db-dir'),
    hub: container(find(objs, 'Deployment', 'hub'), 'hub'),
  };
}

test('annotations, selector labels and access modes reach the claim; subPath the hub container mount', () => {
  const { claim, hub } = built({
    annotations: { 'backup.example.org/schedule': 'daily' },
    selectorLabels: { 'example.org/volume': 'hub-db' },
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
    subPath: 'jupyterhub',
  });
  expect(claim.metadata.annotations).toEqual({ 'backup.example.org/schedule': 'daily' });
  expect(claim.spec).toMatchObject({
    accessModes: ['ReadWriteOncePod'],
    selector: { matchLabels: { 'example.org/volume': 'hub-db' } },
  });
  expect(hub.volumeMounts).toContainEqual({ name: 'db', mountPath: '/srv/jupyterhub', subPath: 'jupyterhub' });
});

test('by default a ReadWriteOnce claim without annotations or selector, mounted at its root', () => {
  const { claim, hub } = built({});
  expect(claim.metadata.annotations).toBeUndefined();
  expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
  expect(claim.spec.selector).toBeUndefined();
  expect(hub.volumeMounts).toContainEqual({ name: 'db', mountPath: '/srv/jupyterhub' });
});

describe('refuses', () => {
  const rows: Row[] = [
    [
      'a read-only access mode',
      () => built({ accessModes: [kplus.PersistentVolumeAccessMode.READ_ONLY_MANY] }),
      P('database.accessModes[0]'),
    ],
    ['no access mode', () => built({ accessModes: [] }), P('database.accessModes')],
    [
      'an unknown access mode (JavaScript)',
      () => built({ accessModes: [js('WriteSometimes')] }),
      P('options.accessModes[0]'),
    ],
    [
      'a mode listed twice',
      () =>
        built({
          accessModes: [
            kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE,
            kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE,
          ],
        }),
      P('database.accessModes'),
    ],
    ['an absolute subPath', () => built({ subPath: '/data' }), P('database.subPath')],
    ['a subPath out of the volume', () => built({ subPath: 'a/../..' }), P('database.subPath')],
    ['a bad selector label', () => built({ selectorLabels: { 'a b': 'x' } }), P('database.selectorLabels')],
    ['a bad annotation key', () => built({ annotations: { 'a b': 'x' } }), P('database.annotations')],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
