/**
 * Issue 22, item 14: kernelspecs from an image (the chart's `kernelspecs.image` and
 * `kernelspecs.imagePullPolicy`): an init container copies the image's `/kernels` into the
 * gateway's kernelspecs directory, an emptyDir, as the chart's Deployment does
 * (`templates/deployment.yaml` at 3.3.0, lines 35-44 and 123-130). One source of kernelspecs only.
 */

import { EnterpriseGateway, EnterpriseGatewayProps, KernelSpec, Namespace, PullPolicy } from '../../lib';
import { chart, container, find, Obj, synth } from '../util';

function gateway(props: EnterpriseGatewayProps): Obj[] {
  const c = chart();
  const ns = new Namespace(c, 'enterprise-gateway');
  new EnterpriseGateway(ns, 'gw', props);
  return synth(c);
}

test('an init container copies the kernelspecs into an emptyDir the gateway reads', () => {
  const d = find(
    gateway({
      kernelSpecsImage: 'registry.example.org/kernelspecs:1.0',
      kernelSpecsImagePullPolicy: PullPolicy.ALWAYS,
    }),
    'Deployment',
    'enterprise-gateway',
  );
  const init = container(d, 'kernelspecs');
  expect(init.image).toBe('registry.example.org/kernelspecs:1.0');
  expect(init.imagePullPolicy).toBe('Always');
  expect(init.command).toEqual(['cp', '-r', '/kernels', '/usr/local/share/jupyter']);
  expect(init.volumeMounts).toEqual([{ name: 'kernelspecs', mountPath: '/usr/local/share/jupyter/kernels' }]);
  expect(init.securityContext.runAsNonRoot).toBe(true);
  expect(d.spec.template.spec.initContainers.map((c: { name: string }) => c.name)).toEqual(['kernelspecs']);
  expect(d.spec.template.spec.volumes).toContainEqual({ name: 'kernelspecs', emptyDir: {} });
  expect(container(d, 'enterprise-gateway').volumeMounts).toContainEqual({
    name: 'kernelspecs',
    mountPath: '/usr/local/share/jupyter/kernels',
    readOnly: true,
  });
});

test("the init container's policy wins over workload.imagePullPolicy, which it otherwise follows", () => {
  const both = find(
    gateway({
      kernelSpecsImage: 'k:1',
      kernelSpecsImagePullPolicy: PullPolicy.ALWAYS,
      workload: { imagePullPolicy: PullPolicy.NEVER },
    }),
    'Deployment',
    'enterprise-gateway',
  );
  expect(container(both, 'kernelspecs').imagePullPolicy).toBe('Always');
  expect(container(both, 'enterprise-gateway').imagePullPolicy).toBe('Never');
  const workloadOnly = find(
    gateway({ kernelSpecsImage: 'k:1', workload: { imagePullPolicy: PullPolicy.NEVER } }),
    'Deployment',
    'enterprise-gateway',
  );
  expect(container(workloadOnly, 'kernelspecs').imagePullPolicy).toBe('Never');
});

describe('bad input is refused naming the prop', () => {
  test('an unpinned image, a policy without an image', () => {
    expect(() => gateway({ kernelSpecsImage: 'kernelspecs' })).toThrow(
      "Invalid 'kernelSpecsImage' ('kernelspecs'): must be pinned",
    );
    expect(() => gateway({ kernelSpecsImagePullPolicy: PullPolicy.ALWAYS })).toThrow(
      "Invalid 'kernelSpecsImagePullPolicy' ('Always'): is the policy of 'kernelSpecsImage': set that or remove it",
    );
  });

  test('two sources of kernelspecs', () => {
    const c = chart();
    const ns = new Namespace(c, 'enterprise-gateway');
    expect(
      () =>
        new EnterpriseGateway(ns, 'gw', {
          kernelSpecsImage: 'k:1',
          kernelSpecs: [new KernelSpec(ns, 'py', { name: 'py' })],
        }),
    ).toThrow("Invalid 'kernelSpecsImage' ('k:1'): conflicts with 'kernelSpecs'");
    const gw = new EnterpriseGateway(new Namespace(chart(), 'eg'), 'gw', { kernelSpecsImage: 'k:1' });
    expect(() => gw.addKernelSpec(new KernelSpec(gw.node.scope as Namespace, 'py', { name: 'py' }))).toThrow(
      "conflicts with 'kernelSpecsImage'",
    );
  });

  test('a quota cannot size kernels it cannot read', () => {
    const c = chart();
    const ns = new Namespace(c, 'enterprise-gateway');
    const gw = new EnterpriseGateway(ns, 'gw', { kernelSpecsImage: 'k:1', maxKernels: 4 });
    expect(() => gw.runtimePods(gw.kernelNamespace)).toThrow(
      "Invalid 'kernelSpecsImage' ('k:1'): holds kernel specs the library cannot read",
    );
  });
});
