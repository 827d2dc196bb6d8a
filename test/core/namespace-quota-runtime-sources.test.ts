/**
 * Issue 20, item 4 (fair shares): a NamespaceQuota counts the pods programs create at run time in
 * its namespace, as the constructs declare them: an Enterprise Gateway's kernels (`maxKernels`
 * per replica, each the largest kernel spec's pod) and a Dask Gateway's clusters (`quotaClusters`,
 * by default the hub's `activeServerLimit`, each a scheduler and its most workers). What cannot be
 * sized is an error naming the prop to set. Dask Gateway 2026.3.0 has no per-user limit:
 * `quotaClusters` only sizes the quota, and the gateway writes no trait for it.
 */
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Authenticator,
  DaskGateway,
  DaskGatewayProps,
  EnterpriseGateway,
  EnterpriseGatewayProps,
  Hub,
  KernelNamespaces,
  KernelSpec,
  Namespace,
  NamespaceQuota,
  NfsStorage,
  Proxy,
} from '../../lib';
import { find, synth } from '../util';

const newChart = () => new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });

describe("an Enterprise Gateway's kernel namespace", () => {
  function kernelQuota(props: Partial<EnterpriseGatewayProps>) {
    const c = newChart();
    const ns = new Namespace(c, 'eg');
    const small = new KernelSpec(ns, 'small', { name: 'small' });
    const large = new KernelSpec(ns, 'large', {
      name: 'large',
      cpuRequest: kplus.Cpu.units(1),
      cpuLimit: kplus.Cpu.units(2),
      memoryRequest: Size.gibibytes(4),
      memoryLimit: Size.gibibytes(8),
    });
    const gateway = new EnterpriseGateway(ns, 'gateway', { kernelSpecs: [small, large], replicas: 2, ...props });
    new NamespaceQuota(gateway.dedicatedKernelNamespace!, 'quota');
    return () => synth(c);
  }

  test('admits maxKernels per replica of the largest kernel spec, and caps a pod at it', () => {
    const objs = kernelQuota({ maxKernels: 10 })();
    const quota = find(objs, 'ResourceQuota', 'compute');
    expect(quota.metadata.namespace).toBe('eg-kernels');
    // 2 replicas × 10 kernels × (1 CPU, 4Gi; limits 2 CPU, 8Gi).
    expect(quota.spec.hard).toEqual({
      'requests.cpu': '20',
      'requests.memory': '80Gi',
      'limits.cpu': '40',
      'limits.memory': '160Gi',
      pods: '20',
    });
    expect(quota.metadata.annotations!['cdk8s-jupyterhub/sized-for']).toBe(
      "20 kernels of gateway 'test/eg/gateway' at their largest",
    );
    expect(find(objs, 'LimitRange', 'compute').spec.limits[1]).toEqual({
      type: 'Pod',
      max: { cpu: '2', memory: '8Gi' },
    });
  });

  test('needs maxKernels: without it the gateway admits any number of kernels', () => {
    expect(kernelQuota({})).toThrow(
      "Invalid 'maxKernels' (undefined): must be set when a NamespaceQuota covers the kernel namespace: it admits that many kernels of the largest kernel spec (e.g. maxKernels: 40)",
    );
  });

  test("refuses kernel specs from kernelSpecsStorage: their pods' resources are unknown", () => {
    const c = newChart();
    const ns = new Namespace(c, 'eg');
    const storage = new NfsStorage(ns, 'specs', { server: '10.0.0.2', path: '/kernelspecs' });
    const gateway = new EnterpriseGateway(ns, 'gateway', { kernelSpecsStorage: storage, maxKernels: 10 });
    new NamespaceQuota(gateway.dedicatedKernelNamespace!, 'quota');
    expect(() => synth(c)).toThrow("Invalid 'kernelSpecsStorage'");
  });

  test("with a namespace per kernel (made at run time, without a quota), the gateway's namespace counts no kernel", () => {
    const c = newChart();
    const ns = new Namespace(c, 'eg');
    const spec = new KernelSpec(ns, 'python', { name: 'python' });
    const gateway = new EnterpriseGateway(ns, 'gateway', {
      kernelSpecs: [spec],
      kernelNamespaces: KernelNamespaces.PER_KERNEL,
    });
    expect(gateway.dedicatedKernelNamespace).toBeUndefined();
    new NamespaceQuota(ns, 'quota');
    const sizedFor = find(synth(c), 'ResourceQuota', 'compute').metadata.annotations!['cdk8s-jupyterhub/sized-for'];
    expect(sizedFor).not.toMatch(/kernels/);
  });
});

describe("a Dask Gateway's namespace", () => {
  function daskQuota(props: DaskGatewayProps, activeServerLimit = 5) {
    const c = newChart();
    const hubNs = new Namespace(c, 'hub');
    const hub = new Hub(hubNs, 'hub', {
      authenticator: Authenticator.dummy({ allowOpenNetwork: true }),
      activeServerLimit,
    });
    hub.addIntegration(new Proxy(hubNs, 'proxy'));
    const daskNs = new Namespace(c, 'dask');
    hub.addIntegration(new DaskGateway(daskNs, 'gateway', props));
    new NamespaceQuota(daskNs, 'quota');
    return () => synth(c);
  }
  const annotation = (objs: ReturnType<ReturnType<typeof daskQuota>>) =>
    find(objs, 'ResourceQuota', 'compute').metadata.annotations!['cdk8s-jupyterhub/sized-for'];

  test("admits one cluster per active server by default, each a scheduler and its most workers (dask-gateway's own defaults: 1 core, 2 GiB)", () => {
    const objs = daskQuota({ clusterMaxWorkers: 3 })();
    expect(annotation(objs)).toMatch(
      /; 5 Dask clusters of gateway 'test\/dask\/gateway' of up to 4 pods each at their largest$/,
    );
    expect(find(objs, 'LimitRange', 'compute').spec.limits[1].max).toEqual({ cpu: '1', memory: '2Gi' });
  });

  test('quotaClusters sets how many clusters it admits; it is no trait of the gateway (none limits clusters per user)', () => {
    const build = () => {
      const c = newChart();
      const hubNs = new Namespace(c, 'hub');
      const hub = new Hub(hubNs, 'hub', {
        authenticator: Authenticator.dummy({ allowOpenNetwork: true }),
        activeServerLimit: 5,
      });
      hub.addIntegration(new Proxy(hubNs, 'proxy'));
      const daskNs = new Namespace(c, 'dask');
      const gateway = new DaskGateway(daskNs, 'gateway', { clusterMaxWorkers: 3, quotaClusters: 2 });
      hub.addIntegration(gateway);
      new NamespaceQuota(daskNs, 'quota');
      return { objs: synth(c), gateway };
    };
    const { objs, gateway } = build();
    expect(annotation(objs)).toMatch(/; 2 Dask clusters of gateway/);
    expect(gateway.config).not.toMatch(/quota|per_user/i);
  });

  test('needs a bound on the workers of a cluster', () => {
    expect(daskQuota({})).toThrow(
      "Invalid 'clusterMaxWorkers' (undefined): must be set (or clusterMaxCores or clusterMaxMemory) when a NamespaceQuota covers the namespace",
    );
  });

  test('needs quotaClusters when the hub has no activeServerLimit', () => {
    expect(daskQuota({ clusterMaxWorkers: 3 }, 0)).toThrow(
      "Invalid 'quotaClusters' (undefined): must be set when a NamespaceQuota covers the gateway's namespace and the hub has no activeServerLimit",
    );
  });

  test.each([
    [0, "Invalid 'quotaClusters' (0): must be a whole number of at least 1"],
    [2.5, "Invalid 'quotaClusters' (2.5): must be a whole number of at least 1"],
    ['2', "Invalid 'quotaClusters' ('2')"],
  ])('refuses quotaClusters %j', (quotaClusters, message) => {
    expect(() => new DaskGateway(newChart(), 'gateway', { quotaClusters } as never)).toThrow(message);
  });
});
