import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
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
} from '../lib';
import { anyLogin, all, chart, container, env, find, Obj, synth } from './util';

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

describe('KernelSpec', () => {
  test("typed resources, uid/gid and env become the launcher's KERNEL_* variables", () => {
    const { gwNs } = labScopes();
    const k = new KernelSpec(gwNs, 'py', {
      name: 'python_gpu',
      displayName: 'Python (GPU)',
      image: 'docker.io/elyra/kernel-tf-gpu-py:3.2.3',
      cpuRequest: kplus.Cpu.units(1),
      cpuLimit: kplus.Cpu.units(2),
      memoryRequest: Size.gibibytes(2),
      memoryLimit: Size.gibibytes(4),
      uid: 1001,
      gid: 101,
      env: { KERNEL_EXTRA: 'x', TZ: 'Europe/Paris' },
    });
    const spec = JSON.parse(k.kernelJson);
    // The ids the gateway checks against its prohibited ids; resources are the pod template's.
    expect(spec.env).toEqual({ KERNEL_EXTRA: 'x', TZ: 'Europe/Paris', KERNEL_UID: '1001', KERNEL_GID: '101' });
    new EnterpriseGateway(gwNs, 'gw', { kernelSpecs: [k] });
    const template = k.podTemplate as string;
    expect(template).toContain('runAsUser: 1001');
    expect(template).toContain('runAsGroup: 101');
    expect(template).toContain('requests:\n        cpu: "1"\n        memory: "2Gi"');
    expect(template).toContain('limits:\n        cpu: "2"\n        memory: "4Gi"');
    expect(spec.metadata.process_proxy.config.image_name).toBe('docker.io/elyra/kernel-tf-gpu-py:3.2.3');
    expect(k.configMapName).toBe('kernelspec-python-gpu');
  });
});

describe('construction errors for storage, gateway and kernels', () => {
  test.each<[string, () => void, RegExp]>([
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
    [
      'a subPath template with an unknown placeholder',
      () => {
        const { hubNs } = labScopes();
        new Hub(hubNs, 'hub', {
          authenticator: anyLogin(),
          singleUser: { storage: SingleUserStorage.shared(staticNfs(hubNs), { subPath: 'homes/{user}' }) },
        });
      },
      /Invalid 'singleUser.storage.subPath' \('homes\/\{user\}'\): uses the unknown placeholder \{user\}: KubeSpawner knows \{username\}/,
    ],
    [
      'a subPath template without the user',
      () => {
        const { hubNs } = labScopes();
        new Hub(hubNs, 'hub', {
          authenticator: anyLogin(),
          singleUser: { storage: SingleUserStorage.shared(staticNfs(hubNs), { subPath: 'shared' }) },
        });
      },
      /must contain \{username\}.*all users share one directory/,
    ],
    [
      'shared homes from another namespace',
      () => {
        const { hubNs, gwNs } = labScopes();
        new Hub(hubNs, 'hub', {
          authenticator: anyLogin(),
          singleUser: { storage: SingleUserStorage.shared(staticNfs(gwNs)) },
        });
      },
      /Invalid 'singleUser.storage' \('test\/enterprise-gateway\/homes'\): is a claim in namespace 'enterprise-gateway', the hub is in 'jupyterhub'/,
    ],
    [
      'a kernel name that is not a directory name',
      () => new KernelSpec(chart(), 'k', { name: 'python/kubernetes' }),
      /Invalid 'name' \('python\/kubernetes'\): must be a valid kernelspec directory name/,
    ],
    [
      'a kernel name starting with a dot',
      () => new KernelSpec(chart(), 'k', { name: '.hidden' }),
      /Invalid 'name' \('.hidden'\)/,
    ],
    [
      "a secret in a kernel's env",
      () => new KernelSpec(chart(), 'k', { name: 'spark', env: { AWS_SECRET_ACCESS_KEY: 'foo' } }),
      /Invalid 'env' \('AWS_SECRET_ACCESS_KEY'\): looks like a secret/,
    ],
    [
      'a managed KERNEL_ variable in env',
      () => new KernelSpec(chart(), 'k', { name: 'k', env: { KERNEL_VOLUMES: '[]' } }),
      /Invalid 'env' \('KERNEL_VOLUMES'\): is set by the typed props/,
    ],
    [
      'kernel homes on a provisioned claim',
      () => {
        const { gwNs } = labScopes();
        new KernelSpec(gwNs, 'k', {
          name: 'k',
          homeStorage: new NfsStorage(gwNs, 's', { storageClassName: 'nfs-client' }),
        });
      },
      /Invalid 'homeStorage' .*must be a static NFS volume/,
    ],
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
      /offers no kernels: give it 'kernelSpecs' or 'kernelSpecsStorage'/,
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
  ])('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

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

describe('defaults of the storage and kernel constructs (snapshots)', () => {
  test('NfsStorage, static', () => {
    const { c, hubNs } = labScopes();
    staticNfs(hubNs);
    expect(synth(c).filter((o) => o.kind !== 'Namespace')).toMatchSnapshot();
  });

  test('KernelSpec with an NFS home', () => {
    const { c, gwNs } = labScopes();
    new KernelSpec(gwNs, 'k', { name: 'python_kubernetes', homeStorage: staticNfs(gwNs) });
    expect(synth(c).filter((o) => o.kind === 'ConfigMap')).toMatchSnapshot();
  });
});
