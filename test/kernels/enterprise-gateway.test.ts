/**
 * EnterpriseGateway: Enterprise Gateway 3.3.0 for the hub's users' kernels, in a namespace of its
 * own, with the kernels in a dedicated one; every setting it gives the gateway and Jupyter
 * Server's gateway client is one those programs read (neither can be installed here: the names
 * each reads, from their sources, are in test/fixtures/enterprise-gateway-3.3.0-env.json); the bad
 * input it refuses, naming the prop.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Size, Testing } from 'cdk8s';
import {
  EnterpriseGateway,
  Hub,
  KernelNamespaces,
  KernelSpec,
  Namespace,
  NfsStorage,
  PodSecurityLevel,
  Proxy,
  SingleUserStorage,
} from '../../lib';
import { app, chartIn, expectRefused, Row } from '../input-checks';
import { anyLogin, all, chart, container, env, find, Obj, seedCharts, synth } from '../util';

/** A chart with the two namespaces of the lab. */
function labScopes(): { c: Chart; hubNs: Namespace; gwNs: Namespace } {
  const c = chart();
  return { c, hubNs: new Namespace(c, 'jupyterhub'), gwNs: new Namespace(c, 'enterprise-gateway') };
}

const staticNfs = (scope: Namespace) =>
  new NfsStorage(scope, 'homes', { server: 'nfs.example.org', path: '/export/homes' });

/** The names Enterprise Gateway 3.3.0 and Jupyter Server's gateway client read, listed from their sources. */
const known = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'enterprise-gateway-3.3.0-env.json'), 'utf8'),
);
/** The jeg-lab chart, whose gateway and kernels the names are checked on. */
const lab = (): Obj[] => seedCharts()['jeg-lab'];

describe('EnterpriseGateway', () => {
  test('defaults (snapshot)', () => {
    const { c, gwNs } = labScopes();
    new EnterpriseGateway(gwNs, 'gw', { kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'python_kubernetes' })] });
    expect(synth(c).filter((o) => o.kind !== 'Namespace')).toMatchSnapshot();
  });

  test('its URL is derived from its Service name, namespace and port', () => {
    const { gwNs } = labScopes();
    const gw = new EnterpriseGateway(gwNs, 'gw', {
      name: 'eg',
      port: 9999,
      kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })],
    });
    expect(gw.url).toBe('http://eg.enterprise-gateway:9999');
  });

  test("kernels in the gateway's namespace: a namespaced Role for pods only, no cluster rights at all", () => {
    const { c, gwNs } = labScopes();
    const gw = new EnterpriseGateway(gwNs, 'gw', {
      kernelNamespaces: KernelNamespaces.GATEWAY,
      kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })],
    });
    const objs = synth(c);
    expect(all(objs, 'ClusterRole')).toEqual([]);
    expect(all(objs, 'ClusterRoleBinding')).toEqual([]);
    expect(find(objs, 'Role', 'enterprise-gateway-controller')).toMatchObject({
      metadata: { namespace: 'enterprise-gateway' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create', 'list', 'delete'] }],
    });
    const eg = container(find(objs, 'Deployment', 'enterprise-gateway'), 'enterprise-gateway');
    expect([env(eg, 'EG_SHARED_NAMESPACE'), env(eg, 'EG_NAMESPACE')]).toEqual(['True', 'enterprise-gateway']);
    expect(gw.kernelNamespace).toBe('enterprise-gateway');
    expect(all(objs, 'Namespace').map((n) => n.metadata.name)).toEqual(['jupyterhub', 'enterprise-gateway']);
  });

  test("the default: one dedicated kernel namespace under Pod Security restricted, named after the gateway's", () => {
    const { c, gwNs } = labScopes();
    const gw = new EnterpriseGateway(gwNs, 'gw', { kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })] });
    const objs = synth(c);
    expect(gw.kernelNamespace).toBe('enterprise-gateway-kernels');
    expect(
      find(objs, 'Namespace', 'enterprise-gateway-kernels').metadata.labels?.['pod-security.kubernetes.io/enforce'],
    ).toBe('restricted');
    expect(find(objs, 'Role', 'enterprise-gateway-controller').metadata.namespace).toBe('enterprise-gateway-kernels');
    expect(all(objs, 'ClusterRole')).toEqual([]);
    expect(find(objs, 'Service', 'enterprise-gateway').spec.type).toBe('ClusterIP');
  });

  test('per-kernel namespaces stay an explicit opt-in, with exactly the cluster rights they need', () => {
    const { c, gwNs } = labScopes();
    const gw = new EnterpriseGateway(gwNs, 'gw', {
      kernelNamespaces: KernelNamespaces.PER_KERNEL,
      kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })],
    });
    const objs = synth(c);
    expect(gw.kernelNamespace).toBeUndefined();
    const rules = find(objs, 'ClusterRole', 'enterprise-gateway-controller').rules.map(
      (r: any) => `${r.resources.join()}${r.resourceNames ? `(${r.resourceNames.join()})` : ''}:${r.verbs.join()}`,
    );
    expect(rules).toEqual([
      'pods:create,list,delete',
      'namespaces:create,delete',
      'rolebindings:create',
      'clusterroles(kernel-controller):bind',
    ]);
    const eg = container(find(objs, 'Deployment', 'enterprise-gateway'), 'enterprise-gateway');
    expect([env(eg, 'EG_SHARED_NAMESPACE'), env(eg, 'EG_NAMESPACE'), env(eg, 'EG_KERNEL_CLUSTER_ROLE')]).toEqual([
      'False',
      undefined,
      'kernel-controller',
    ]);
  });

  test("kernelspecs from a claim (the lab's kernelspecs-pvc mode)", () => {
    const { c, gwNs } = labScopes();
    const specs = new NfsStorage(gwNs, 'kernelspecs-pvc', {
      storageClassName: 'nfs-client',
      capacity: Size.mebibytes(20),
    });
    new EnterpriseGateway(gwNs, 'gw', {
      kernelSpecsStorage: specs,
      allowedKernels: ['python_kubernetes'],
      defaultKernelName: 'python_kubernetes',
    });
    const objs = synth(c);
    const pod = find(objs, 'Deployment', 'enterprise-gateway').spec.template.spec;
    expect(pod.volumes).toContainEqual({
      name: 'kernelspecs',
      persistentVolumeClaim: { claimName: 'kernelspecs-pvc', readOnly: true },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'kernelspecs',
      mountPath: '/usr/local/share/jupyter/kernels',
      readOnly: true,
    });
  });

  test('the optional kernel-image-puller asks the gateway for images with its token; it has no API token', () => {
    const c = chart();
    // It runs as root with a hostPath: only a privileged namespace admits it.
    const gwNs = new Namespace(c, 'enterprise-gateway', { podSecurity: PodSecurityLevel.PRIVILEGED });
    new EnterpriseGateway(gwNs, 'gw', {
      kernelImagePuller: true,
      kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })],
    });
    const objs = synth(c);
    const ds = find(objs, 'DaemonSet', 'enterprise-gateway-kernel-image-puller');
    expect(ds.spec.template.spec.automountServiceAccountToken).toBe(false);
    const kip = container(ds, 'kernel-image-puller');
    expect(env(kip, 'KIP_GATEWAY_HOST')).toBe('http://enterprise-gateway.enterprise-gateway:8888');
    expect(env(kip, 'KIP_AUTH_TOKEN')).toEqual({ secretKeyRef: { name: 'enterprise-gateway-token', key: 'token' } });
    // ... and the gateway's policy lets it in.
    const ingress = find(objs, 'NetworkPolicy', 'enterprise-gateway').spec.ingress[0].from;
    expect(ingress).toContainEqual({ podSelector: { matchLabels: ds.spec.template.metadata.labels } });
  });

  test('EnterpriseGateway.fromUrl: a gateway elsewhere; its token from a Secret you name, egress to its address range', () => {
    const { c, hubNs } = labScopes();
    const gw = EnterpriseGateway.fromUrl('http://10.2.0.15:8888', {
      cidr: '10.2.0.15/32',
      authTokenSecretName: 'eg-token',
    });
    const hub = new Hub(hubNs, 'hub', { authenticator: anyLogin(), integrations: [gw] });
    hub.addIntegration(new Proxy(hubNs, 'proxy'));
    const objs = synth(c);
    expect(hub.config).toContain('"JUPYTER_GATEWAY_URL": "http://10.2.0.15:8888"');
    expect(hub.config).toContain(
      '"JUPYTER_GATEWAY_AUTH_TOKEN": {"valueFrom": {"secretKeyRef": {"name": "eg-token", "key": "token"}}}',
    );
    expect(find(objs, 'NetworkPolicy', 'singleuser').spec.egress).toContainEqual({
      to: [{ ipBlock: { cidr: '10.2.0.15/32' } }],
      ports: [{ protocol: 'TCP', port: 8888 }],
    });
    expect(() => EnterpriseGateway.fromUrl('gateway:8888')).toThrow(
      /Invalid 'url' \('gateway:8888'\): must be the gateway's http\(s\) URL/,
    );
  });
});

test('every EG_* variable of the gateway is read by Enterprise Gateway 3.3.0 (server or start script), none deprecated', () => {
  const eg = container(find(lab(), 'Deployment', 'enterprise-gateway'), 'enterprise-gateway');
  const read = new Set([...known.gatewayServer, ...known.gatewayStartScript]);
  const names: string[] = eg.env.map((e: any) => e.name);
  expect(names.filter((n) => !read.has(n))).toEqual([]);
  expect(names.filter((n) => known.deprecated.includes(n))).toEqual([]);
  // The settings the issue names are among them.
  expect(names).toEqual(
    expect.arrayContaining([
      'EG_AUTH_TOKEN',
      'EG_LIST_KERNELS',
      'EG_SHARED_NAMESPACE',
      'EG_NAMESPACE',
      'EG_KERNEL_LAUNCH_TIMEOUT',
    ]),
  );
});

test("the users' servers' gateway settings are read by Jupyter Server's gateway client (2.20), none deprecated", () => {
  const config: string = find(lab(), 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
  const line = config.split('\n').find((l) => l.startsWith('c.KubeSpawner.environment = ')) as string;
  const names = Object.keys(JSON.parse(line.slice('c.KubeSpawner.environment = '.length)));
  const client = names.filter((n) => n.startsWith('JUPYTER_GATEWAY_'));
  expect(client.sort()).toEqual(['JUPYTER_GATEWAY_AUTH_TOKEN', 'JUPYTER_GATEWAY_URL']);
  expect(client.filter((n) => !known.jupyterServerClient.includes(n) || known.deprecated.includes(n))).toEqual([]);
  // KERNEL_* variables the client itself sets or forwards: the gateway's launch timeout and the user's name.
  for (const n of ['KERNEL_LAUNCH_TIMEOUT', 'KERNEL_USERNAME'])
    expect({ n, read: names.includes(n) && known.jupyterServerClient.includes(n) }).toEqual({ n, read: true });
});

const refusals: Row[] = [
  // Two objects with the same identity (the whole-app checks, at synthesis)
  [
    'the same EnterpriseGateway twice in one namespace',
    app((a) => {
      new EnterpriseGateway(chartIn(a, 'one', 'gateway'), 'gw');
      new EnterpriseGateway(chartIn(a, 'two', 'gateway'), 'gw');
    }),
    /Deployment 'enterprise-gateway' in namespace 'gateway' is declared twice, by 'one\/gw\/.*' and 'two\/gw\/.*'/,
  ],
  // Construction errors naming the prop, the value and the fix
  [
    'clashing gateway ports',
    () => {
      const { gwNs } = labScopes();
      new EnterpriseGateway(gwNs, 'gw', { port: 8888, responsePort: 8888 });
    },
    /Invalid 'responsePort' \(8888\): must differ from 'port' \(8888\)/,
  ],
  [
    'a gateway port out of range',
    () => new EnterpriseGateway(labScopes().gwNs, 'gw', { port: 0 }),
    /Invalid 'port' \(0\)/,
  ],
  [
    'a gateway that does not know its namespace',
    () => new EnterpriseGateway(chart(), 'gw'),
    /Invalid 'namespace' \(undefined\): the gateway must know its namespace/,
  ],
  [
    'a KernelSpec given to two gateways',
    () => {
      const { c, gwNs } = labScopes();
      const k = new KernelSpec(gwNs, 'k', { name: 'python_kubernetes' });
      new EnterpriseGateway(gwNs, 'gw1', { name: 'gw1', kernelSpecs: [k] });
      new EnterpriseGateway(gwNs, 'gw2', { name: 'gw2', kernelSpecs: [k] });
      synth(c);
    },
    /Invalid 'kernelSpecs' \('test\/enterprise-gateway\/k'\): already belongs to the gateway 'test\/enterprise-gateway\/gw1'/,
  ],
  [
    'two kernels with one name',
    () => {
      const { gwNs } = labScopes();
      new EnterpriseGateway(gwNs, 'gw', {
        kernelSpecs: [new KernelSpec(gwNs, 'a', { name: 'py' }), new KernelSpec(gwNs, 'b', { name: 'py' })],
      });
    },
    /Invalid 'kernelSpecs' \('py'\): clashes with the kernel spec 'py'/,
  ],
  [
    'a KernelSpec in another namespace than its gateway',
    () => {
      const { hubNs, gwNs } = labScopes();
      new EnterpriseGateway(gwNs, 'gw', { kernelSpecs: [new KernelSpec(hubNs, 'k', { name: 'py' })] });
    },
    /is in namespace 'jupyterhub', the gateway in 'enterprise-gateway'/,
  ],
  [
    'kernelspecs from both ConfigMaps and a claim',
    () => {
      const { gwNs } = labScopes();
      new EnterpriseGateway(gwNs, 'gw', {
        kernelSpecs: [new KernelSpec(gwNs, 'k', { name: 'py' })],
        kernelSpecsStorage: new NfsStorage(gwNs, 's', { storageClassName: 'nfs-client' }),
      });
    },
    /Invalid 'kernelSpecsStorage' .*conflicts with 'kernelSpecs'/,
  ],
  [
    'a kernel role name with a shared namespace',
    () => new EnterpriseGateway(labScopes().gwNs, 'gw', { kernelClusterRoleName: 'x' }),
    /Invalid 'kernelClusterRoleName' \('x'\): is only used when kernels get namespaces of their own/,
  ],
  [
    'kernel API rights for kernels that share a namespace',
    () =>
      new EnterpriseGateway(labScopes().gwNs, 'gw', {
        kernelRules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }],
      }),
    /Invalid 'kernelRules' .*needs 'kernelNamespaces: KernelNamespaces.PER_KERNEL'/,
  ],
  [
    'a kernel namespace name without a dedicated kernel namespace',
    () =>
      new EnterpriseGateway(labScopes().gwNs, 'gw', {
        kernelNamespaces: KernelNamespaces.GATEWAY,
        kernelNamespaceName: 'k',
      }),
    /Invalid 'kernelNamespaceName' \('k'\): names the dedicated kernel namespace/,
  ],
  [
    'an allowed kernel the gateway does not have',
    () => {
      const { c, gwNs } = labScopes();
      new EnterpriseGateway(gwNs, 'gw', {
        kernelSpecs: [new KernelSpec(gwNs, 'k', { name: 'py' })],
        allowedKernels: ['py', 'r_kubernetes'],
      });
      synth(c);
    },
    /'allowedKernels' lists 'r_kubernetes', which is not a kernel spec of this gateway \(\["py"\]\)/,
  ],
  [
    'a gateway without kernels',
    () => {
      const { c, gwNs } = labScopes();
      new EnterpriseGateway(gwNs, 'gw');
      synth(c);
    },
    /offers no kernels: give it 'kernelSpecs', 'kernelSpecsStorage' or 'kernelSpecsImage'/,
  ],
  [
    "kernels mounting other homes than the users' servers",
    () => {
      const { c, hubNs, gwNs } = labScopes();
      const homes = staticNfs(hubNs);
      const other = new NfsStorage(hubNs, 'other', { server: 'nfs2', path: '/other' });
      const gateway = new EnterpriseGateway(gwNs, 'gw', {
        kernelSpecs: [new KernelSpec(gwNs, 'k', { name: 'py', homeStorage: other })],
      });
      new Hub(hubNs, 'hub', {
        authenticator: anyLogin(),
        singleUser: { storage: SingleUserStorage.shared(homes) },
        integrations: [gateway],
      }).addIntegration(new Proxy(hubNs, 'proxy'));
      synth(c);
    },
    /KernelSpec 'py' mounts 'test\/jupyterhub\/other' as home, but the users' servers of Hub 'test\/jupyterhub\/hub' use 'test\/jupyterhub\/homes'/,
  ],
  [
    'typing the gateway URL by hand as well',
    () => {
      const { hubNs, gwNs } = labScopes();
      const gateway = new EnterpriseGateway(gwNs, 'gw', { kernelSpecs: [new KernelSpec(gwNs, 'k', { name: 'py' })] });
      new Hub(hubNs, 'hub', {
        authenticator: anyLogin(),
        singleUser: { extraEnv: { JUPYTER_GATEWAY_URL: 'http://eg:8888' } },
        integrations: [gateway],
      });
    },
    /Invalid 'singleUser.extraEnv' \('JUPYTER_GATEWAY_URL'\): is derived from the typed props/,
  ],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);

  test('the one-gateway-per-spec check also holds through addKernelSpec', () => {
    const { gwNs } = labScopes();
    const k = new KernelSpec(gwNs, 'k', { name: 'py' });
    const gw1 = new EnterpriseGateway(gwNs, 'gw1', { name: 'gw1' });
    gw1.addKernelSpec(k);
    const gw2 = new EnterpriseGateway(gwNs, 'gw2', { name: 'gw2' });
    expect(() => gw2.addKernelSpec(k)).toThrow(/already belongs to the gateway/);
    expect(gw1.kernelSpecs.map((s) => s.name)).toEqual(['py']);
  });

  test('valid: the gateway and hub in one namespace need no namespace selector', () => {
    const c = new Chart(Testing.app(), 'x', { namespace: 'lab', disableResourceNameHashes: true });
    const homes = new NfsStorage(c, 'homes', { server: 'nfs', path: '/homes' });
    const gateway = new EnterpriseGateway(c, 'gw', {
      kernelNamespaces: KernelNamespaces.GATEWAY,
      kernelSpecs: [new KernelSpec(c, 'k', { name: 'py', homeStorage: homes })],
    });
    new Hub(c, 'hub', {
      authenticator: anyLogin(),
      singleUser: { storage: SingleUserStorage.shared(homes) },
      integrations: [gateway],
    }).addIntegration(new Proxy(c, 'proxy'));
    const objs: Obj[] = synth(c);
    const rule = find(objs, 'NetworkPolicy', 'singleuser').spec.egress.find(
      (r: any) => r.to?.[0]?.podSelector?.matchLabels?.app === 'enterprise-gateway',
    );
    expect(rule.to[0].namespaceSelector).toBeUndefined();
    expect(gateway.url).toBe('http://enterprise-gateway.lab:8888');
  });
});
