import type { Construct } from 'constructs';
import { Namespace } from '../core/namespace';
import type { EnterpriseGatewayModel } from './enterprise-gateway-model';

/**
 * The dedicated kernel namespace (`KernelNamespace`), labelled for Pod Security `restricted`;
 * undefined unless kernels run in a namespace created with the gateway.
 * @internal
 */
export function createKernelNamespace(scope: Construct, model: EnterpriseGatewayModel): Namespace | undefined {
  const name = model.kernels.dedicatedNamespace;
  if (name === undefined) return undefined;
  return new Namespace(scope, 'KernelNamespace', {
    name,
    // Pod Security Admission: kernels are held to 'restricted' by the API server too.
    labels: {
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
    },
  });
}
