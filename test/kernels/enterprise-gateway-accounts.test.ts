/**
 * Issue 22, item 13: the gateway's ServiceAccount name (the chart's `deployment.serviceAccountName`),
 * bring-your-own RBAC (`global.rbac`) and the kernels' ServiceAccount (`kernel.defaultServiceAccountName`),
 * typed. With `rbac: false` the gateway writes neither its accounts nor its rights, and its pods use
 * the accounts named.
 */
import {
  EnterpriseGateway,
  EnterpriseGatewayProps,
  KernelNamespaces,
  KernelSpec,
  Namespace,
  PodSecurityLevel,
} from '../../lib';
import { all, chart, find, Obj, synth } from '../util';

function gateway(props: EnterpriseGatewayProps): Obj[] {
  const c = chart();
  const ns = new Namespace(c, 'enterprise-gateway', { podSecurity: PodSecurityLevel.PRIVILEGED });
  new EnterpriseGateway(ns, 'gw', { kernelSpecs: [new KernelSpec(ns, 'py', { name: 'py' })], ...props });
  return synth(c);
}

const kernelTemplate = (objs: Obj[]) => find(objs, 'ConfigMap', 'kernelspec-py').data['kernel-pod.yaml.j2'] as string;
const rbacKinds = (objs: Obj[]) =>
  objs
    .filter((o) => ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'ServiceAccount'].includes(o.kind))
    .map((o) => `${o.kind}/${o.metadata.name}`);

test('serviceAccountName names the gateway account, its binding subject and the pod account', () => {
  const objs = gateway({ serviceAccountName: 'enterprise-gateway-sa-x' });
  expect(find(objs, 'ServiceAccount', 'enterprise-gateway-sa-x')).toBeDefined();
  expect(find(objs, 'Deployment', 'enterprise-gateway').spec.template.spec.serviceAccountName).toBe(
    'enterprise-gateway-sa-x',
  );
  expect(find(objs, 'RoleBinding', 'enterprise-gateway-controller').subjects).toEqual([
    { kind: 'ServiceAccount', name: 'enterprise-gateway-sa-x', namespace: 'enterprise-gateway' },
  ]);
});

describe('rbac: false', () => {
  test.each([KernelNamespaces.DEDICATED, KernelNamespaces.PER_KERNEL])(
    '%s: no gateway or puller account and no gateway rights; the pods use the accounts named',
    (mode) => {
      const withRbac = rbacKinds(gateway({ kernelNamespaces: mode, kernelImagePuller: true }));
      const objs = gateway({
        kernelNamespaces: mode,
        rbac: false,
        serviceAccountName: 'my-gateway',
        kernelImagePuller: true,
        kernelImagePullerOptions: { serviceAccountName: 'my-puller' },
      });
      const gone = withRbac.filter((k) => !rbacKinds(objs).includes(k));
      expect(gone.sort()).toEqual(
        (mode === KernelNamespaces.DEDICATED
          ? ['Role/enterprise-gateway-controller', 'RoleBinding/enterprise-gateway-controller']
          : [
              'ClusterRole/enterprise-gateway-controller',
              'ClusterRoleBinding/enterprise-gateway-controller',
              'ClusterRole/kernel-controller',
            ]
        )
          .concat(['ServiceAccount/enterprise-gateway-kernel-image-puller', 'ServiceAccount/enterprise-gateway-sa'])
          .sort(),
      );
      expect(rbacKinds(objs).filter((k) => !withRbac.includes(k))).toEqual([]);
      expect(find(objs, 'Deployment', 'enterprise-gateway').spec.template.spec.serviceAccountName).toBe('my-gateway');
      expect(
        find(objs, 'DaemonSet', 'enterprise-gateway-kernel-image-puller').spec.template.spec.serviceAccountName,
      ).toBe('my-puller');
      // The token Job keeps its own account and rights.
      expect(all(objs, 'ServiceAccount').map((s) => s.metadata.name)).toContain('enterprise-gateway-token-init');
    },
  );

  test.each([
    [
      { rbac: false },
      `Invalid 'serviceAccountName' (undefined): must name the gateway's ServiceAccount you bring with 'rbac: false'`,
    ],
    [
      { rbac: false, serviceAccountName: 'gw', kernelImagePuller: true },
      `Invalid 'kernelImagePullerOptions.serviceAccountName' (undefined): must name the puller's ServiceAccount you bring`,
    ],
    [
      { rbac: false, serviceAccountName: 'gw', workload: { serviceAccountAnnotations: { 'a.b/c': 'd' } } },
      `Invalid 'workload.serviceAccountAnnotations' ({"a.b/c":"d"}): annotates a ServiceAccount the gateway creates`,
    ],
  ])('%j is refused', (props, message) => {
    expect(() => gateway(props as EnterpriseGatewayProps)).toThrow(message);
  });
});

describe('kernelServiceAccountName', () => {
  test('in the kernel namespace: the account the gateway creates (no rights, no token) and the kernel pods use', () => {
    const objs = gateway({ kernelServiceAccountName: 'kernels' });
    const sa = find(objs, 'ServiceAccount', 'kernels');
    expect(sa.metadata.namespace).toBe('enterprise-gateway-kernels');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(kernelTemplate(objs)).toContain('serviceAccountName: "kernels"');
  });

  test("a namespace per kernel holds only 'default': another name is refused", () => {
    expect(() =>
      gateway({ kernelNamespaces: KernelNamespaces.PER_KERNEL, kernelServiceAccountName: 'kernels' }),
    ).toThrow(
      "Invalid 'kernelServiceAccountName' ('kernels'): must be 'default' with KernelNamespaces.PER_KERNEL: each kernel's namespace is created new and holds no other account",
    );
    expect(() => gateway({ kernelServiceAccountName: 'Kernels!' })).toThrow(
      "Invalid 'kernelServiceAccountName' ('Kernels!')",
    );
  });
});
