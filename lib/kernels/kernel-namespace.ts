import type { Construct } from 'constructs';
import { Namespace } from '../core/namespace';
import type { EnterpriseGatewayModel } from './enterprise-gateway-model';

/**
 * The dedicated kernel namespace (`KernelNamespace`), under Pod Security `restricted` as every
 * Namespace of the library: kernels are held to it by the API server too.
 * @internal
 */
export function createKernelNamespace(scope: Construct, model: EnterpriseGatewayModel): Namespace | undefined {
  const name = model.kernels.dedicatedNamespace;
  if (name === undefined) return undefined;
  return new Namespace(scope, 'KernelNamespace', { name });
}
