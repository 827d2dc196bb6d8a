/**
 * Issue 22, item 9: kernel pods' image pull secrets, typed on the kernel side
 * (`kernelImagePullSecrets`): set on the kernels' ServiceAccount in the shared kernel namespace,
 * whose pull secrets the API server's ServiceAccount admission adds to each kernel pod (the kernel
 * pod template names none). Refused where there is no such account.
 */
import { EnterpriseGateway, EnterpriseGatewayProps, KernelNamespaces, KernelSpec, Namespace } from '../../lib';
import { chart, find, Obj, synth } from '../util';

function gateway(props: EnterpriseGatewayProps): Obj[] {
  const c = chart();
  const ns = new Namespace(c, 'enterprise-gateway');
  new EnterpriseGateway(ns, 'gw', { kernelSpecs: [new KernelSpec(ns, 'py', { name: 'py' })], ...props });
  return synth(c);
}

test.each([KernelNamespaces.DEDICATED, KernelNamespaces.GATEWAY])(
  "%s: the kernels' ServiceAccount carries the pull secrets",
  (mode) => {
    const sa = find(
      gateway({ kernelNamespaces: mode, kernelImagePullSecrets: ['registry-a', 'registry-b'] }),
      'ServiceAccount',
      'enterprise-gateway-kernel',
    );
    expect(sa.imagePullSecrets).toEqual([{ name: 'registry-a' }, { name: 'registry-b' }]);
    expect(sa.automountServiceAccountToken).toBe(false);
  },
);

test('by default the account has none', () => {
  expect(find(gateway({}), 'ServiceAccount', 'enterprise-gateway-kernel').imagePullSecrets).toBeUndefined();
});

test.each([
  [
    { kernelNamespaces: KernelNamespaces.PER_KERNEL, kernelImagePullSecrets: ['registry'] },
    `Invalid 'kernelImagePullSecrets' (["registry"]): needs a shared kernel namespace`,
  ],
  [{ kernelImagePullSecrets: ['Registry!'] }, `Invalid 'kernelImagePullSecrets[0]' ('Registry!')`],
  [{ kernelImagePullSecrets: ['a', 'a'] }, `Invalid 'kernelImagePullSecrets' (["a","a"]): lists a Secret twice`],
])('%j is refused', (props, message) => {
  expect(() => gateway(props)).toThrow(message);
});
