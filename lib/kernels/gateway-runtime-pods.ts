/**
 * The gateway's kernels as a namespace quota counts them: `maxKernels` per gateway replica (each
 * replica keeps and counts its own kernels, Enterprise Gateway 3.3.0's
 * services/kernels/remotemanager.py:293-306), each the largest pod of the gateway's kernel specs
 * (one container, with the spec's requests and limits written into its pod template).
 * @internal
 */
import { maxResources, NO_RESOURCES, RuntimePods } from '../core/runtime-pods';
import { fail } from '../core/validate';
import type { EnterpriseGatewayModel } from './enterprise-gateway-model';
import { KernelNamespaces } from './enterprise-gateway-props';
import type { KernelSpec } from './kernel-spec';

const WHY = 'when a NamespaceQuota covers the kernel namespace';

/** The kernels in `namespace` (none with a namespace per kernel, which the gateway makes at run time). */
export function gatewayRuntimePods(
  model: EnterpriseGatewayModel,
  path: string,
  specs: readonly KernelSpec[],
  namespace: string | undefined,
): RuntimePods[] {
  const kernels = model.kernels;
  if (kernels.mode === KernelNamespaces.PER_KERNEL || namespace !== kernels.namespace) return [];
  if (kernels.specsStorage !== undefined)
    fail(
      'kernelSpecsStorage',
      kernels.specsStorage.node.path,
      `holds kernel specs the library cannot read ${WHY}: their pods' resources are unknown; give the gateway KernelSpecs instead`,
    );
  if (kernels.specsImage !== undefined)
    fail(
      'kernelSpecsImage',
      kernels.specsImage.image,
      `holds kernel specs the library cannot read ${WHY}: their pods' resources are unknown; give the gateway KernelSpecs instead`,
    );
  const maxKernels = model.deployment.maxKernels;
  if (maxKernels === undefined)
    fail(
      'maxKernels',
      undefined,
      `must be set ${WHY}: it admits that many kernels of the largest kernel spec (e.g. maxKernels: 40)`,
    );
  return [
    {
      description: `kernels of gateway '${path}'`,
      namespace: kernels.namespace,
      count: maxKernels * model.deployment.replicas,
      largestPod: specs.map((s) => s._podResources()).reduce(maxResources, NO_RESOURCES),
    },
  ];
}
