import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { objectMeta } from '../core/k8s';
import type { EnterpriseGatewayModel } from './enterprise-gateway-model';

/**
 * The gateway Service (`Service`): its API and the kernels' response port.
 * @internal
 */
export function createGatewayService(scope: Construct, model: EnterpriseGatewayModel): void {
  new k8s.KubeService(scope, 'Service', {
    metadata: objectMeta(scope, model.name, model.podLabels),
    spec: {
      type: model.serviceType,
      selector: { ...model.podLabels },
      sessionAffinity: 'ClientIP',
      ports: [
        { name: 'http', port: model.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' },
        {
          name: 'http-response',
          port: model.responsePort,
          targetPort: k8s.IntOrString.fromString('http-response'),
          protocol: 'TCP',
        },
      ],
    },
  });
}
