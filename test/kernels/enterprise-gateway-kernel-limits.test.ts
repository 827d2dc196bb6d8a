/**
 * Issue 20, item 4 (fair shares) for kernels: every kernel pod has requests and limits (from its
 * KernelSpec, with defaults), and the gateway limits how many kernels one user (and all users)
 * may have: Enterprise Gateway 3.3.0's `EG_MAX_KERNELS_PER_USER` and `EG_MAX_KERNELS`
 * (enterprise_gateway/mixins.py:350-362 and 640-655; enforced before each kernel start in
 * services/kernels/remotemanager.py:282-320, by the `KERNEL_USERNAME` the client sends).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { EnterpriseGateway, KernelSpec, Namespace } from '../../lib';
import { JINJA, render } from '../kernel-launcher';
import { container, env, find, Obj, seedCharts, synth } from '../util';

const known = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'enterprise-gateway-3.3.0-env.json'), 'utf8'),
);

/** A gateway with one kernel spec, synthesized. */
function gatewayWith(props: object = {}, spec: object = {}): Obj[] {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const ns = new Namespace(c, 'eg');
  const python = new KernelSpec(ns, 'python', { name: 'python', ...spec });
  new EnterpriseGateway(ns, 'gateway', { kernelSpecs: [python], ...props });
  return synth(c);
}

const gatewayEnv = (objs: Obj[], name: string) =>
  env(container(find(objs, 'Deployment', 'enterprise-gateway'), 'enterprise-gateway'), name);

/** The kernel pod the spec's template renders for alice. */
function kernelPod(objs: Obj[]): any {
  const cm = find(objs, 'ConfigMap', 'kernelspec-python');
  const result = render(cm.data['kernel-pod.yaml.j2'], [
    {
      ...JSON.parse(cm.data['kernel.json']).env,
      KERNEL_ID: 'k1',
      KERNEL_POD_NAME: 'alice-k1',
      KERNEL_USERNAME: 'alice',
    },
  ]).results[0];
  if (result.error) throw new Error(result.error);
  return result.docs![0];
}

(JINJA ? describe : describe.skip)('kernel pods have requests and limits', () => {
  test('by default: 100m CPU and 512Mi requested, at most 1 CPU and 2Gi', () => {
    expect(kernelPod(gatewayWith()).spec.containers[0].resources).toEqual({
      requests: { cpu: '100m', memory: '512Mi' },
      limits: { cpu: '1', memory: '2Gi' },
    });
  });

  test("the spec's own, where it gives them; a request alone keeps the default limit only if it fits under it", () => {
    const pod = kernelPod(
      gatewayWith(
        {},
        { cpuRequest: kplus.Cpu.millis(500), memoryLimit: Size.gibibytes(8), memoryRequest: Size.gibibytes(4) },
      ),
    );
    expect(pod.spec.containers[0].resources).toEqual({
      requests: { cpu: '500m', memory: '4Gi' },
      limits: { cpu: '1', memory: '8Gi' },
    });
    expect(() => gatewayWith({}, { memoryRequest: Size.gibibytes(4) })).toThrow(
      "Invalid 'memoryLimit' ('2Gi'): must be at least 'memoryRequest' (4Gi)",
    );
    expect(() => gatewayWith({}, { cpuRequest: kplus.Cpu.units(2) })).toThrow(
      "Invalid 'cpuLimit' ('1'): must be at least 'cpuRequest' (2)",
    );
  });
});

describe('the gateway limits kernels per user, and in total when asked', () => {
  test('EG_MAX_KERNELS_PER_USER is 4 by default; EG_MAX_KERNELS is unset (no total) by default', () => {
    const objs = gatewayWith();
    expect(gatewayEnv(objs, 'EG_MAX_KERNELS_PER_USER')).toBe('4');
    expect(gatewayEnv(objs, 'EG_MAX_KERNELS')).toBeUndefined();
  });

  test('maxKernelsPerUser and maxKernels set them', () => {
    const objs = gatewayWith({ maxKernelsPerUser: 2, maxKernels: 30 });
    expect(gatewayEnv(objs, 'EG_MAX_KERNELS_PER_USER')).toBe('2');
    expect(gatewayEnv(objs, 'EG_MAX_KERNELS')).toBe('30');
  });

  test('both names are read by Enterprise Gateway 3.3.0 (test/fixtures/enterprise-gateway-3.3.0-env.json)', () => {
    expect(known.gatewayServer).toEqual(expect.arrayContaining(['EG_MAX_KERNELS', 'EG_MAX_KERNELS_PER_USER']));
  });

  test.each([
    [{ maxKernelsPerUser: 0 }, "Invalid 'maxKernelsPerUser' (0): must be a whole number of at least 1"],
    [{ maxKernelsPerUser: 1.5 }, "Invalid 'maxKernelsPerUser' (1.5): must be a whole number of at least 1"],
    [{ maxKernels: 0 }, "Invalid 'maxKernels' (0): must be a whole number of at least 1"],
    [{ maxKernels: 3, maxKernelsPerUser: 4 }, "Invalid 'maxKernelsPerUser' (4): must be at most 'maxKernels' (3)"],
  ])('%j is refused', (props, message) => {
    expect(() => gatewayWith(props)).toThrow(message);
  });

  test('jeg-lab: 4 kernels per user, 80 in all (its 20 user servers × 4)', () => {
    const objs = seedCharts()['jeg-lab'];
    expect(gatewayEnv(objs, 'EG_MAX_KERNELS_PER_USER')).toBe('4');
    expect(gatewayEnv(objs, 'EG_MAX_KERNELS')).toBe('80');
  });
});
