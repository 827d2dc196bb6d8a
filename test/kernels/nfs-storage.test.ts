/**
 * NfsStorage: an NFS export as a PersistentVolume bound to exactly one claim, a claim from a
 * storage class, or an existing claim; the bad input it refuses, naming the prop (or, for objects
 * declared twice across the app, both construct paths); and good input a user would expect to work.
 */
import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Namespace, NfsStorage } from '../../lib';
import { app, chartIn, expectAccepted, expectRefused, Good, hubIn, js, none, P, Row } from '../input-checks';
import { chart, find, synth } from '../util';

/** A chart with the two namespaces of the lab. */
function labScopes(): { c: Chart; hubNs: Namespace; gwNs: Namespace } {
  const c = chart();
  return { c, hubNs: new Namespace(c, 'jupyterhub'), gwNs: new Namespace(c, 'enterprise-gateway') };
}

const staticNfs = (scope: Namespace) =>
  new NfsStorage(scope, 'homes', { server: 'nfs.example.org', path: '/export/homes' });

describe('NfsStorage', () => {
  test('static: a PV for exactly this claim, and the claim bound to exactly this PV', () => {
    const { c, hubNs } = labScopes();
    const s = new NfsStorage(hubNs, 'homes', {
      server: '10.0.0.5',
      path: '/srv/homes/',
      capacity: Size.gibibytes(100),
      mountOptions: ['nfsvers=4.1'],
    });
    const objs = synth(c);
    expect(s.server).toBe('10.0.0.5');
    expect(s.path).toBe('/srv/homes');
    const pv = find(objs, 'PersistentVolume', 'jupyterhub-homes');
    expect(pv.metadata.namespace).toBeUndefined();
    expect(pv.spec.mountOptions).toEqual(['nfsvers=4.1']);
    expect(pv.spec.claimRef).toMatchObject({ name: 'homes', namespace: 'jupyterhub' });
    expect(find(objs, 'PersistentVolumeClaim', 'homes').spec).toEqual({
      storageClassName: '',
      volumeName: 'jupyterhub-homes',
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '100Gi' } },
    });
  });

  test('a cluster-scoped PV stays without namespace even in a chart with a namespace', () => {
    const c = new Chart(Testing.app(), 'x', { namespace: 'lab', disableResourceNameHashes: true });
    new NfsStorage(c, 'homes', { server: 'nfs', path: '/x' });
    const objs = synth(c);
    expect(find(objs, 'PersistentVolume', 'lab-homes').metadata.namespace).toBeUndefined();
    expect(find(objs, 'PersistentVolumeClaim', 'homes').metadata.namespace).toBe('lab');
  });

  test("from a storage class: only a claim (the lab's nfs-client provisioner)", () => {
    const c = chart();
    new NfsStorage(c, 'kernelspecs-pvc', { storageClassName: 'nfs-client', capacity: Size.mebibytes(20) });
    const objs = synth(c);
    expect(objs.map((o) => o.kind)).toEqual(['PersistentVolumeClaim']);
    expect(objs[0].spec).toEqual({
      storageClassName: 'nfs-client',
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '20Mi' } },
    });
  });

  test('an existing claim: nothing is created, the name is used', () => {
    const c = chart();
    const s = new NfsStorage(c, 'homes', { existingClaimName: 'team-homes' });
    expect(synth(c)).toEqual([]);
    expect([s.server, s.volume, s.claim, s.claimName]).toEqual([undefined, undefined, undefined, 'team-homes']);
  });
});

const nfs = (props: object) => () => new NfsStorage(chart('lab'), 'homes', props as any);
const nfsStatic = (props: object) => nfs({ server: 'nfs.example.org', path: '/export/homes', ...props });

const refusals: Row[] = [
  // Two objects with the same identity (the whole-app checks, at synthesis)
  [
    'the same NfsStorage in two charts (PersistentVolume is cluster-scoped)',
    app((a) => {
      for (const id of ['one', 'two'])
        new NfsStorage(chartIn(a, id, 'lab'), 'homes', { server: '10.0.0.5', path: '/export/homes' });
    }),
    /PersistentVolume 'lab-homes' \(cluster-scoped\) is declared twice, by 'one\/homes\/Volume' and 'two\/homes\/Volume'/,
  ],
  [
    'two NfsStorages in different namespaces with one volumeName',
    app((a) => {
      new NfsStorage(chartIn(a, 'one', 'physics'), 'homes', {
        server: '10.0.0.5',
        path: '/export/physics',
        volumeName: 'homes',
      });
      new NfsStorage(chartIn(a, 'two', 'stats'), 'homes', {
        server: '10.0.0.5',
        path: '/export/stats',
        volumeName: 'homes',
      });
    }),
    /PersistentVolume 'homes' \(cluster-scoped\) is declared twice, by 'one\/homes\/Volume' and 'two\/homes\/Volume'/,
  ],
  [
    'two NfsStorages with one claimName in one namespace',
    app((a) => {
      const c = chartIn(a, 'c', 'lab');
      new NfsStorage(c, 'a', { storageClassName: 'nfs-client', claimName: 'homes' });
      new NfsStorage(c, 'b', { storageClassName: 'nfs-client', claimName: 'homes' });
    }),
    /PersistentVolumeClaim 'homes' in namespace 'lab' is declared twice, by 'c\/a\/Resource' and 'c\/b\/Resource'/,
  ],
  [
    "an NfsStorage claim named like the hub's database claim",
    app((a) => {
      const c = chartIn(a, 'c', 'course');
      hubIn(c, 'hub');
      new NfsStorage(c, 'homes', { storageClassName: 'nfs-client', claimName: 'hub-db-dir' });
    }),
    /PersistentVolumeClaim 'hub-db-dir' in namespace 'course' is declared twice, by 'c\/hub\/DatabaseClaim' and 'c\/homes\/Resource'/,
  ],
  // Wrong types from JavaScript
  ['NfsStorage without props', () => new NfsStorage(chart(), 'homes', js(undefined)), P('props')],
  ['NFS server: 10', nfs({ server: 10, path: '/x' }), P('server')],
  ["accessModes: 'ReadWriteMany'", nfsStatic({ accessModes: 'ReadWriteMany' }), P('accessModes')],
  ["accessModes: ['RWX']", nfsStatic({ accessModes: ['RWX'] }), P('accessModes[0]')],
  ['capacity: 10', nfsStatic({ capacity: 10 }), P('capacity')],
  ["reclaimPolicy: 'Keep'", nfsStatic({ reclaimPolicy: 'Keep' }), P('reclaimPolicy')],
  ["mountOptions: 'nfsvers=4.1'", nfsStatic({ mountOptions: 'nfsvers=4.1' }), P('mountOptions')],
  // Values that reach a Kubernetes field without that field's rule
  [
    "a Chart namespace 'Bad NS' under an NfsStorage",
    () => new NfsStorage(chart('Bad NS'), 'homes', { storageClassName: 'nfs' }),
    P('namespace'),
  ],
  [
    "NFS server '-oremount' (an option to mount(8))",
    nfs({ server: '-oremount', path: '/export' }),
    /^Invalid 'server' \('-oremount'\): starts with '-'/,
  ],
  ["NFS server '--help'", nfs({ server: '--help', path: '/export' }), P('server')],
  ["NFS server 'nfs server'", nfs({ server: 'nfs server', path: '/export' }), P('server')],
  [
    "NFS server 'nfs.example.org:/export' (path in the server)",
    nfs({ server: 'nfs.example.org:/export', path: '/export' }),
    P('server'),
  ],
  ["NFS server '256.1.1.1'", nfs({ server: '256.1.1.1', path: '/export' }), P('server')],
  ["NFS server '10.0.1' (three parts)", nfs({ server: '10.0.1', path: '/export' }), P('server')],
  [
    "NFS server '[nfs.example.org]' (brackets around a name)",
    nfs({ server: '[nfs.example.org]', path: '/export' }),
    P('server'),
  ],
  ["NFS server '-'", nfs({ server: '-', path: '/export' }), P('server')],
  ["NFS path 'export/homes' (relative)", nfs({ server: 'nfs', path: 'export/homes' }), P('path')],
  ["NFS path '/export/../etc'", nfs({ server: 'nfs', path: '/export/../etc' }), P('path')],
  ['NFS path with a NUL', nfs({ server: 'nfs', path: '/export/a\u0000b' }), P('path')],
  ['NFS path with a newline', nfs({ server: 'nfs', path: '/export/a\nb' }), P('path')],
  [
    "NFS mount option 'nfsvers=4.1,hard' (two in one)",
    nfsStatic({ mountOptions: ['nfsvers=4.1,hard'] }),
    P('mountOptions[0]'),
  ],
  ["NFS mount option '-o'", nfsStatic({ mountOptions: ['-o'] }), P('mountOptions[0]')],
  ["NFS mount option 'a b'", nfsStatic({ mountOptions: ['hard', 'a b'] }), P('mountOptions[1]')],
  ['an empty NFS mount option', nfsStatic({ mountOptions: [''] }), P('mountOptions[0]')],
  [
    'READ_WRITE_ONCE_POD with another access mode',
    nfsStatic({
      accessModes: [
        kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD,
        kplus.PersistentVolumeAccessMode.READ_WRITE_MANY,
      ],
    }),
    P('accessModes'),
  ],
  ["claimName 'Homes'", nfsStatic({ claimName: 'Homes' }), P('claimName')],
  ["volumeName 'NFS PV'", nfsStatic({ volumeName: 'NFS PV' }), P('volumeName')],
  ["storageClassName 'Fast SSD'", nfs({ storageClassName: 'Fast SSD' }), P('storageClassName')],
  ["existingClaimName ''", nfs({ existingClaimName: '' }), P('existingClaimName')],
  ['NFS capacity of zero', nfsStatic({ capacity: Size.gibibytes(0) }), P('capacity')],
  // Generated programs that read differently than written
  ['an NFS path with U+2028', nfs({ server: 'nfs', path: '/export/a\u2028b' }), P('path')],
  ['an NFS path with a C1 control (U+0090)', nfs({ server: 'nfs', path: '/export/a\u0090b' }), P('path')],
  // Construction errors naming the prop, the value and the fix
  [
    'an empty NFS server',
    () => new NfsStorage(chart(), 'h', { server: '', path: '/x' }),
    /Invalid 'server' \(''\): must name the NFS server/,
  ],
  [
    'a relative export path',
    () => new NfsStorage(chart(), 'h', { server: 'nfs', path: 'export/homes' }),
    /Invalid 'path' \('export\/homes'\): must be an absolute path/,
  ],
  [
    'a server without a path',
    () => new NfsStorage(chart(), 'h', { server: 'nfs' }),
    /Invalid 'path' \(undefined\): must be the export's absolute path/,
  ],
  [
    'both a server and an existing claim',
    () => new NfsStorage(chart(), 'h', { server: 'nfs', path: '/x', existingClaimName: 'c' }),
    /Invalid 'server\/path \+ existingClaimName' .*give exactly one of: 'server' and 'path' \(a static NFS volume\), 'storageClassName' .*or 'existingClaimName'/,
  ],
  ['nothing at all', () => new NfsStorage(chart(), 'h', {}), /give exactly one of/],
  [
    'a volume name for a provisioned claim',
    () => new NfsStorage(chart(), 'h', { storageClassName: 'nfs-client', volumeName: 'v' }),
    /Invalid 'volumeName' \('v'\): applies to a static volume only/,
  ],
  [
    'a capacity for an existing claim',
    () => new NfsStorage(chart(), 'h', { existingClaimName: 'c', capacity: Size.gibibytes(1) }),
    /Invalid 'capacity' .*has no effect with 'existingClaimName'/,
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

const nfsGood = (props: ConstructorParameters<typeof NfsStorage>[2]) => (a: App) => {
  new NfsStorage(chartIn(a, 'c', 'lab'), 'homes', props);
};

const accepted: Good[] = [
  [
    "an NFS server as an IPv6 address in brackets ('[fd00::5]')",
    nfsGood({ server: '[fd00::5]', path: '/export/homes' }),
    (d) => expect(d.find((o) => o.kind === 'PersistentVolume').spec.nfs.server).toBe('[fd00::5]'),
  ],
  // Deliberately accepted: since Kubernetes 1.22 the kubelet adds the brackets for mount(8) itself.
  ["an NFS server as a bare IPv6 address ('fd00::5')", nfsGood({ server: 'fd00::5', path: '/export/homes' }), none],
  // Deliberately accepted: host names are case-insensitive; the PersistentVolume field has no case rule.
  [
    "an NFS server host name in mixed case ('NFS-1.Example.org')",
    nfsGood({ server: 'NFS-1.Example.org', path: '/export/homes' }),
    none,
  ],
  [
    "an NFS export path with non-ASCII letters ('/exports/caf\u00e9')",
    nfsGood({ server: '10.0.0.5', path: '/exports/caf\u00e9' }),
    (d) => expect(d.find((o) => o.kind === 'PersistentVolume').spec.nfs.path).toBe('/exports/caf\u00e9'),
  ],
  [
    "NFS mount options ['nfsvers=4.1', 'hard', 'timeo=600', 'sec=krb5p']",
    nfsGood({
      server: 'nfs.example.org',
      path: '/export',
      mountOptions: ['nfsvers=4.1', 'hard', 'timeo=600', 'sec=krb5p'],
    }),
    none,
  ],
  [
    "a claim and volume name with dots ('homes.v2')",
    nfsGood({ server: 'nfs.example.org', path: '/export', claimName: 'homes.v2', volumeName: 'lab.homes.v2' }),
    (d) => {
      expect(find(d, 'PersistentVolumeClaim', 'homes.v2').spec.volumeName).toBe('lab.homes.v2');
    },
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});

describe('defaults of the storage and kernel constructs (snapshots)', () => {
  test('NfsStorage, static', () => {
    const { c, hubNs } = labScopes();
    staticNfs(hubNs);
    expect(synth(c).filter((o) => o.kind !== 'Namespace')).toMatchSnapshot();
  });
});
