import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { objectMeta } from '../core/k8s';
import { applyWorkload } from '../core/workload-options';
import type { EnterpriseGatewayModel } from './enterprise-gateway-model';
import type { KernelImagePullerModel } from './kernel-image-puller-model';
import { KernelImageFetcher } from './kernel-image-puller-props';
import { gatewayLabels, TOKEN_KEY } from './kernel-constants';

/**
 * The kernel-image-puller DaemonSet (`KernelImagePuller`) and its ServiceAccount
 * (`KernelImagePullerServiceAccount`, unless `rbac` is off): pre-pulls the gateway's kernel
 * images on every node through the node's container runtime socket. Its env follows the chart's
 * (`etc/kubernetes/helm/enterprise-gateway/templates/daemonset.yaml` at 3.3.0, lines 39-75).
 * @internal
 */
export function createKernelImagePuller(scope: Construct, model: EnterpriseGatewayModel): void {
  const kip = model.kernelImagePuller as KernelImagePullerModel;
  const labels = gatewayLabels(model.name, 'kernel-image-puller');
  const metaLabels = { ...labels, ...model.commonLabels };
  if (model.rbac) {
    const annotations = kip.workload.serviceAccountAnnotations;
    new k8s.KubeServiceAccount(scope, 'KernelImagePullerServiceAccount', {
      metadata: objectMeta(
        scope,
        kip.serviceAccountName,
        metaLabels,
        Object.keys(annotations).length > 0 ? { ...annotations } : undefined,
      ),
      automountServiceAccountToken: false,
    });
  }
  const template: k8s.PodTemplateSpec = {
    metadata: { labels: { ...labels, ...model.commonLabels } },
    spec: {
      serviceAccountName: kip.serviceAccountName,
      // Asks the gateway which images its kernels use and pulls them through the runtime;
      // it needs no Kubernetes API access.
      automountServiceAccountToken: false,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      ...kip.placement,
      containers: [pullerContainer(model, kip)],
      volumes: [{ name: 'cri-socket', hostPath: { path: kip.criSocket, type: 'Socket' } }],
    },
  };
  new k8s.KubeDaemonSet(scope, 'KernelImagePuller', {
    metadata: objectMeta(scope, `${model.name}-kernel-image-puller`, metaLabels),
    spec: {
      selector: { matchLabels: labels },
      ...(kip.workload.revisionHistoryLimit !== undefined
        ? { revisionHistoryLimit: kip.workload.revisionHistoryLimit }
        : {}),
      template: applyWorkload(kip.workload, template),
    },
  });
}

function pullerEnv(model: EnterpriseGatewayModel, kip: KernelImagePullerModel): k8s.EnvVar[] {
  const staticList = kip.fetcher === KernelImageFetcher.STATIC_LIST;
  return [
    { name: 'KIP_GATEWAY_HOST', value: model.url },
    { name: 'KIP_AUTH_TOKEN', valueFrom: { secretKeyRef: { name: model.tokenSecretName, key: TOKEN_KEY } } },
    { name: 'KIP_INTERVAL', value: String(kip.intervalSeconds) },
    { name: 'KIP_PULL_POLICY', value: kip.pullPolicy },
    { name: 'KIP_CRI_ENDPOINT', value: `unix://${kip.criSocket}` },
    ...(kip.defaultContainerRegistry
      ? [{ name: 'KIP_DEFAULT_CONTAINER_REGISTRY', value: kip.defaultContainerRegistry }]
      : []),
    ...(staticList
      ? [
          { name: 'KIP_IMAGE_FETCHER', value: kip.fetcher },
          { name: 'KIP_IMAGES', value: kip.images.join(',') },
        ]
      : []),
  ];
}

function pullerContainer(model: EnterpriseGatewayModel, kip: KernelImagePullerModel): k8s.Container {
  return {
    name: 'kernel-image-puller',
    image: kip.image,
    imagePullPolicy: 'IfNotPresent',
    env: pullerEnv(model, kip),
    resources: kip.resources,
    // The runtime socket is root-owned: this one container runs as root, without
    // privilege escalation and with no capabilities.
    securityContext: {
      runAsUser: 0,
      runAsNonRoot: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [{ name: 'cri-socket', mountPath: kip.criSocket }],
  };
}
