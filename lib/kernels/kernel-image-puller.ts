import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { objectMeta, resources } from '../core/k8s';
import type { EnterpriseGatewayModel } from './enterprise-gateway-model';
import { GATEWAY, gatewayLabels, TOKEN_KEY } from './kernel-constants';

const SOCKET = '/run/containerd/containerd.sock';

/**
 * The kernel-image-puller DaemonSet (`KernelImagePuller`): pre-pulls the gateway's kernel images on
 * every node through the node's containerd socket.
 * @internal
 */
export function createKernelImagePuller(scope: Construct, model: EnterpriseGatewayModel): void {
  const labels = gatewayLabels(model.name, 'kernel-image-puller');
  new k8s.KubeDaemonSet(scope, 'KernelImagePuller', {
    metadata: objectMeta(scope, `${model.name}-kernel-image-puller`, labels),
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          // Asks the gateway which images its kernels use and pulls them through containerd;
          // it needs no Kubernetes API access.
          automountServiceAccountToken: false,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [pullerContainer(model)],
          volumes: [{ name: 'cri-socket', hostPath: { path: SOCKET, type: 'Socket' } }],
        },
      },
    },
  });
}

function pullerContainer(model: EnterpriseGatewayModel): k8s.Container {
  return {
    name: 'kernel-image-puller',
    image: GATEWAY.kernelImagePuller,
    imagePullPolicy: 'IfNotPresent',
    env: [
      { name: 'KIP_GATEWAY_HOST', value: model.url },
      { name: 'KIP_AUTH_TOKEN', valueFrom: { secretKeyRef: { name: model.tokenSecretName, key: TOKEN_KEY } } },
      { name: 'KIP_INTERVAL', value: '300' },
      { name: 'KIP_PULL_POLICY', value: 'IfNotPresent' },
      { name: 'KIP_CRI_ENDPOINT', value: `unix://${SOCKET}` },
    ],
    resources: resources('kernelImagePuller', undefined, {
      cpuRequest: '50m',
      cpuLimit: '500m',
      memoryRequest: Size.mebibytes(64),
      memoryLimit: Size.mebibytes(256),
    }),
    // The containerd socket is root-owned: this one container runs as root, without
    // privilege escalation and with no capabilities.
    securityContext: {
      runAsUser: 0,
      runAsNonRoot: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [{ name: 'cri-socket', mountPath: SOCKET }],
  };
}
