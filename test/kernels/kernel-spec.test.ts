/**
 * KernelSpec: a kernel of the gateway, its kernel.json (only KERNEL_* variables the 3.3.0 gateway
 * and launcher read) and its pod template; the bad input it refuses, naming the prop.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { EnterpriseGateway, KernelSpec, Namespace, NfsStorage } from '../../lib';
import { app, chartIn, expectAccepted, expectRefused, Good, Row } from '../input-checks';
import { chart, find, Obj, seedCharts, synth } from '../util';

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

test('kernel.json sets only KERNEL_* variables the 3.3.0 gateway and launcher read (the ids it checks)', () => {
  const spec = JSON.parse(find(lab(), 'ConfigMap', 'kernelspec-python-kubernetes').data['kernel.json']);
  expect(Object.keys(spec.env).filter((n) => !known.kernelVariables.includes(n))).toEqual([]);
});

const refusals: Row[] = [
  // Two objects with the same identity (the whole-app checks, at synthesis)
  [
    "two KernelSpecs whose names normalize to one ConfigMap ('py.k', 'py_k')",
    app((a) => {
      const c = chartIn(a, 'gw', 'gateways');
      new KernelSpec(c, 'dot', { name: 'py.k' });
      new KernelSpec(c, 'underscore', { name: 'py_k' });
    }),
    /ConfigMap 'kernelspec-py-k' in namespace 'gateways' is declared twice, by 'gw\/dot\/Resource' and 'gw\/underscore\/Resource'/,
  ],
  // Construction errors naming the prop, the value and the fix
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
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

const accepted: Good[] = [
  [
    'a KernelSpec display name beyond ASCII',
    (a) => {
      new KernelSpec(chartIn(a, 'k', 'gateway'), 'python', {
        name: 'python3',
        displayName: 'Python 3 \u{1F40D} (caf\u00e9)',
      });
    },
    (d) => {
      const json = d.find((o) => o.kind === 'ConfigMap').data['kernel.json'];
      expect(json).toMatch(/^[\n\x20-\x7e]*$/);
      expect(JSON.parse(json).display_name).toBe('Python 3 \u{1F40D} (caf\u00e9)');
    },
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});

describe('defaults of the storage and kernel constructs (snapshots)', () => {
  test('KernelSpec with an NFS home', () => {
    const { c, gwNs } = labScopes();
    new KernelSpec(gwNs, 'k', { name: 'python_kubernetes', homeStorage: staticNfs(gwNs) });
    expect(synth(c).filter((o) => o.kind === 'ConfigMap')).toMatchSnapshot();
  });
});
