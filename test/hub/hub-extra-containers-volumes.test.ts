/**
 * The hub pod's typed volumes and containers (issue 22, z2jh `hub.extraVolumes`,
 * `hub.extraVolumeMounts`, `hub.initContainers`, `hub.extraContainers`, `hub.service.extraPorts`):
 * the volumes go through the hub's integration slots (`hubVolumes`, `hubVolumeMounts`) like
 * `extraFiles`; the containers run as the hub's non-root user with the restricted security context.
 */
import * as kplus from 'cdk8s-plus-27';
import { Hub, HubVolume, PullPolicy } from '../../lib';
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { chart, container, find, synth } from '../util';

type HubPropsPart = Partial<ConstructorParameters<typeof Hub>[2]>;
const IMAGE = 'quay.io/example/sidecar:1.0';

function built(p: HubPropsPart) {
  const c = chart('course');
  hubIn(c, 'hub', p);
  const objs = synth(c);
  expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  return { objs, deployment: find(objs, 'Deployment', 'hub') };
}

const RESTRICTED = {
  runAsUser: 1000,
  runAsGroup: 1000,
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

test('extraVolumes are volumes of the hub pod; extraVolumeMounts mount them in the hub container', () => {
  const { deployment } = built({
    extraVolumes: [HubVolume.secret('ldap-ca', 'ldap-ca-cert'), HubVolume.emptyDir('scratch')],
    extraVolumeMounts: [
      { volume: 'ldap-ca', mountPath: '/etc/ldap/ca' },
      { volume: 'scratch', mountPath: '/var/scratch', subPath: 'hub' },
    ],
  });
  expect(deployment.spec.template.spec.volumes).toEqual(
    expect.arrayContaining([
      { name: 'ldap-ca', secret: { secretName: 'ldap-ca-cert', defaultMode: 0o440 } },
      { name: 'scratch', emptyDir: {} },
    ]),
  );
  const mounts = container(deployment, 'hub').volumeMounts;
  expect(mounts).toContainEqual({ name: 'ldap-ca', mountPath: '/etc/ldap/ca', readOnly: true });
  expect(mounts).toContainEqual({ name: 'scratch', mountPath: '/var/scratch', subPath: 'hub' });
});

test('initContainers run after secret-init, extraContainers beside the hub, as the restricted hub user', () => {
  const { deployment } = built({
    extraVolumes: [HubVolume.configMap('rules', 'hub-rules'), HubVolume.emptyDir('shared')],
    initContainers: [
      {
        name: 'fetch-rules',
        image: IMAGE,
        command: ['sh', '-c', 'cp /rules/* /shared/'],
        volumeMounts: [
          { volume: 'rules', mountPath: '/rules' },
          { volume: 'shared', mountPath: '/shared' },
        ],
      },
    ],
    extraContainers: [{ name: 'exporter', image: IMAGE, args: ['--port', '9100'], env: { MODE: 'hub' } }],
    workload: { imagePullPolicy: PullPolicy.ALWAYS },
  });
  const spec = deployment.spec.template.spec;
  expect(spec.initContainers.map((c: any) => c.name)).toEqual(['secret-init', 'fetch-rules']);
  expect(spec.containers.map((c: any) => c.name)).toEqual(['hub', 'exporter']);
  const init = container(deployment, 'fetch-rules');
  expect(init).toMatchObject({
    image: IMAGE,
    imagePullPolicy: 'Always',
    command: ['sh', '-c', 'cp /rules/* /shared/'],
    securityContext: RESTRICTED,
    volumeMounts: [
      { name: 'rules', mountPath: '/rules', readOnly: true },
      { name: 'shared', mountPath: '/shared' },
    ],
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  });
  expect(container(deployment, 'exporter')).toMatchObject({
    args: ['--port', '9100'],
    env: [{ name: 'MODE', value: 'hub' }],
    imagePullPolicy: 'Always',
    securityContext: RESTRICTED,
  });
});

test('service.extraPorts are TCP ports of the hub Service beside its own', () => {
  const { objs } = built({
    extraContainers: [{ name: 'exporter', image: IMAGE }],
    service: { type: kplus.ServiceType.NODE_PORT, extraPorts: [{ name: 'metrics', port: 9100, nodePort: 30910 }] },
  });
  expect(find(objs, 'Service', 'hub').spec.ports).toEqual([
    { name: 'http', port: 8081, targetPort: 'http', protocol: 'TCP' },
    { name: 'metrics', port: 9100, targetPort: 9100, protocol: 'TCP', nodePort: 30910 },
  ]);
});

describe('refuses', () => {
  const scratch = [HubVolume.emptyDir('scratch')];
  const rows: Row[] = [
    [
      'a mount of a volume that is not in extraVolumes',
      () => built({ extraVolumeMounts: [{ volume: 'nope', mountPath: '/x' }] }),
      P('extraVolumeMounts[0].volume'),
    ],
    [
      'a mount in a directory the hub mounts itself',
      () =>
        built({ extraVolumes: scratch, extraVolumeMounts: [{ volume: 'scratch', mountPath: '/srv/jupyterhub/x' }] }),
      P('extraVolumeMounts[0].mountPath'),
    ],
    [
      'a relative mount path',
      () => built({ extraVolumes: scratch, extraVolumeMounts: [{ volume: 'scratch', mountPath: 'x' }] }),
      P('extraVolumeMounts[0].mountPath'),
    ],
    [
      'a subPath out of the volume',
      () =>
        built({ extraVolumes: scratch, extraVolumeMounts: [{ volume: 'scratch', mountPath: '/x', subPath: '../y' }] }),
      P('extraVolumeMounts[0].subPath'),
    ],
    [
      'a volume named like one of the hub',
      () => built({ extraVolumes: [HubVolume.emptyDir('db')] }),
      P('extraVolumes[0].name'),
    ],
    [
      'two volumes of one name',
      () => built({ extraVolumes: [HubVolume.emptyDir('a'), HubVolume.emptyDir('a')] }),
      P('extraVolumes[1].name'),
    ],
    [
      'a volume that is no HubVolume (JavaScript)',
      () => built({ extraVolumes: [js({ name: 'x' })] }),
      P('extraVolumes[0]'),
    ],
    [
      'a container named like the hub',
      () => built({ extraContainers: [{ name: 'hub', image: IMAGE }] }),
      P('extraContainers[0].name'),
    ],
    [
      'an init and an extra container of one name',
      () => built({ initContainers: [{ name: 'a', image: IMAGE }], extraContainers: [{ name: 'a', image: IMAGE }] }),
      P('extraContainers[0].name'),
    ],
    [
      'an unpinned image',
      () => built({ initContainers: [{ name: 'a', image: 'busybox' }] }),
      P('initContainers[0].image'),
    ],
    [
      'a container mount of an unknown volume',
      () => built({ extraContainers: [{ name: 'a', image: IMAGE, volumeMounts: [{ volume: 'x', mountPath: '/x' }] }] }),
      P('extraContainers[0].volumeMounts[0].volume'),
    ],
    [
      'a container env name that is no env name',
      () => built({ extraContainers: [{ name: 'a', image: IMAGE, env: { 'A B': 'x' } }] }),
      P('extraContainers[0].env'),
    ],
    [
      'an extra port on the hub port',
      () => built({ service: { extraPorts: [{ name: 'again', port: 8081 }] } }),
      P('service.extraPorts[0].port'),
    ],
    [
      'an extra port named http',
      () => built({ service: { extraPorts: [{ name: 'http', port: 9100 }] } }),
      P('service.extraPorts[0].name'),
    ],
    [
      'an extra node port on a ClusterIP Service',
      () => built({ service: { extraPorts: [{ name: 'metrics', port: 9100, nodePort: 30910 }] } }),
      P('service.extraPorts[0].nodePort'),
    ],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
