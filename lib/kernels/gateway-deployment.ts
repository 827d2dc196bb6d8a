/**
 * The gateway Deployment (`Resource`): the `kernel-launchers` init container, the gateway
 * container with its `EG_*` env, and the volumes that put the kernelspecs, launchers and kernel
 * pod templates where the gateway looks. (The token is made by a Job of its own: `gateway-token-init.ts`.)
 * @internal
 */
import { Lazy, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { checksum, httpProbe, objectMeta, resources, restrictedContainer, restrictedPod } from '../core/k8s';
import { applyWorkload } from '../core/workload-options';
import type { EnterpriseGatewayModel, GatewayBindings } from './enterprise-gateway-model';
import { gatewayEnv } from './gateway-env';
import { GATEWAY, GATEWAY_KERNELS_DIR, KERNEL_LAUNCHERS_DIR, TOKEN_KEY, UPSTREAM_LAUNCHER } from './kernel-constants';
import { kernelLauncherLinksCommand } from './kernel-launchers-command';
import type { KernelSpec } from './kernel-spec';

/** The gateway Deployment; its pod template is rendered at synth, with the kernel specs and hubs bound by then. */
export function createGatewayDeployment(
  scope: Construct,
  model: EnterpriseGatewayModel,
  bindings: GatewayBindings,
): k8s.KubeDeployment {
  const history = model.workload.revisionHistoryLimit;
  return new k8s.KubeDeployment(scope, 'Resource', {
    metadata: objectMeta(scope, model.name, { ...model.podLabels, ...model.commonLabels }),
    spec: {
      replicas: model.deployment.replicas,
      ...(history !== undefined ? { revisionHistoryLimit: history } : {}),
      selector: { matchLabels: { ...model.podLabels } },
      template: Lazy.any({ produce: () => withWorkload(model, gatewayPodTemplate(model, bindings)) }),
    },
  });
}

/**
 * The gateway pod with its workload options; the kernelspecs image keeps its own pull policy.
 * A user's `EG_INHERITED_ENVS` replaces the library's (`PATH`, the chart's default).
 */
function withWorkload(model: EnterpriseGatewayModel, template: k8s.PodTemplateSpec): k8s.PodTemplateSpec {
  const out = applyWorkload(model.workload, template);
  const spec = out.spec as k8s.PodSpec;
  const policy = model.kernels.specsImage?.pullPolicy;
  const [gateway, ...rest] = spec.containers;
  // A name set twice (only EG_INHERITED_ENVS may be): the later, the user's, stays.
  const env = (gateway.env ?? []).filter((e, i, all) => !all.some((x, j) => j > i && x.name === e.name));
  return {
    ...out,
    spec: {
      ...spec,
      containers: [{ ...gateway, env }, ...rest],
      ...(spec.initContainers
        ? {
            initContainers: spec.initContainers.map((c) =>
              c.name === 'kernelspecs' && policy ? { ...c, imagePullPolicy: policy } : c,
            ),
          }
        : {}),
    },
  };
}

function gatewayPodTemplate(model: EnterpriseGatewayModel, bindings: GatewayBindings): k8s.PodTemplateSpec {
  const specs = bindings.specs;
  const d = model.deployment;
  const mounts = gatewayMounts(model, specs);
  return {
    metadata: {
      labels: { ...model.podLabels, ...model.commonLabels },
      annotations: {
        'checksum/kernelspecs': checksum(...specs.flatMap((s) => [s.kernelJson, s.podTemplate ?? ''])),
      },
    },
    spec: {
      serviceAccountName: model.serviceAccountName,
      automountServiceAccountToken: true,
      terminationGracePeriodSeconds: d.terminationGracePeriodSeconds,
      securityContext: restrictedPod(GATEWAY.gid),
      ...d.placement,
      initContainers: initContainers(model, specs),
      containers: [gatewayContainer(model, specs, mounts.mounts)],
      volumes: mounts.volumes,
    },
  };
}

const initResources = () =>
  resources('initContainers', undefined, {
    cpuRequest: '50m',
    cpuLimit: '200m',
    memoryRequest: Size.mebibytes(64),
    memoryLimit: Size.mebibytes(128),
  });

/** `kernel-launchers` when there are kernel specs; `kernelspecs` with a kernelspecs image. */
function initContainers(model: EnterpriseGatewayModel, specs: readonly KernelSpec[]): k8s.Container[] | undefined {
  const specsImage = model.kernels.specsImage;
  if (specsImage) {
    return [
      {
        name: 'kernelspecs',
        image: specsImage.image,
        // The chart's copy (templates/deployment.yaml at 3.3.0, line 40): the image's /kernels.
        command: ['cp', '-r', '/kernels', '/usr/local/share/jupyter'],
        resources: initResources(),
        securityContext: restrictedContainer(GATEWAY.uid, GATEWAY.gid, true),
        volumeMounts: [{ name: 'kernelspecs', mountPath: GATEWAY_KERNELS_DIR }],
      },
    ];
  }
  if (specs.length === 0) return undefined;
  return [
    {
      name: 'kernel-launchers',
      image: model.deployment.image,
      imagePullPolicy: 'IfNotPresent',
      command: kernelLauncherLinksCommand(
        KERNEL_LAUNCHERS_DIR,
        UPSTREAM_LAUNCHER,
        specs.map((s) => s.name),
      ),
      resources: initResources(),
      securityContext: restrictedContainer(GATEWAY.uid, GATEWAY.gid, true),
      volumeMounts: [{ name: 'kernel-launchers', mountPath: KERNEL_LAUNCHERS_DIR }],
    },
  ];
}

function gatewayContainer(
  model: EnterpriseGatewayModel,
  specs: readonly KernelSpec[],
  volumeMounts: k8s.VolumeMount[],
): k8s.Container {
  const d = model.deployment;
  return {
    name: 'enterprise-gateway',
    image: d.image,
    imagePullPolicy: 'IfNotPresent',
    env: gatewayEnv({
      port: model.port,
      responsePort: model.responsePort,
      kernelNamespace: model.kernels.namespace,
      kernelClusterRole: model.kernels.clusterRole,
      authToken: { secretName: model.tokenSecretName, key: TOKEN_KEY },
      mirrorWorkingDirs: d.mirrorWorkingDirs,
      cullIdleTimeoutSeconds: d.cullIdleTimeoutSeconds,
      cullConnected: d.cullConnected,
      logLevel: d.logLevel,
      kernelLaunchTimeoutSeconds: d.kernelLaunchTimeoutSeconds,
      allowedKernels: d.allowedKernels ?? specs.map((s) => s.name),
      defaultKernelName: d.defaultKernelName ?? specs[0]?.name,
      maxKernelsPerUser: d.maxKernelsPerUser,
      maxKernels: d.maxKernels,
    }),
    ports: [
      { name: 'http', containerPort: model.port, protocol: 'TCP' },
      { name: 'http-response', containerPort: model.responsePort, protocol: 'TCP' },
    ],
    // '/api' needs the token; the API description does not.
    readinessProbe: httpProbe('/api/swagger.json', 'http', {
      periodSeconds: 5,
      failureThreshold: 3,
      timeoutSeconds: 3,
    }),
    livenessProbe: httpProbe('/api/swagger.json', 'http', {
      initialDelaySeconds: 30,
      periodSeconds: 10,
      failureThreshold: 6,
    }),
    resources: d.resources,
    // The gateway writes kernel connection files under its home directory, so its
    // root filesystem stays writable; everything else is locked down.
    securityContext: restrictedContainer(GATEWAY.uid, GATEWAY.gid, false),
    volumeMounts,
  };
}

/** The volumes and mounts that put the kernelspecs, launchers and templates where the gateway looks. */
function gatewayMounts(
  model: EnterpriseGatewayModel,
  specs: readonly KernelSpec[],
): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  const volumes: k8s.Volume[] = [{ name: 'tmp', emptyDir: {} }];
  const mounts: k8s.VolumeMount[] = [{ name: 'tmp', mountPath: '/tmp' }];
  const specsStorage = model.kernels.specsStorage;
  if (specsStorage) {
    volumes.push({ name: 'kernelspecs', persistentVolumeClaim: { claimName: specsStorage.claimName, readOnly: true } });
    mounts.push({ name: 'kernelspecs', mountPath: GATEWAY_KERNELS_DIR, readOnly: true });
  }
  if (model.kernels.specsImage) {
    volumes.push({ name: 'kernelspecs', emptyDir: {} });
    mounts.push({ name: 'kernelspecs', mountPath: GATEWAY_KERNELS_DIR, readOnly: true });
  }
  if (specs.length > 0) {
    volumes.push({ name: 'kernel-launchers', emptyDir: {} });
    mounts.push({ name: 'kernel-launchers', mountPath: KERNEL_LAUNCHERS_DIR });
  }
  specs.forEach((spec, i) => {
    volumes.push({ name: `kernelspec-${i}`, configMap: { name: spec.configMapName, defaultMode: 0o444 } });
    // Only kernel.json: the kernel directory keeps whatever the image ships.
    mounts.push({
      name: `kernelspec-${i}`,
      mountPath: `${GATEWAY_KERNELS_DIR}/${spec.name}/kernel.json`,
      subPath: 'kernel.json',
      readOnly: true,
    });
    // The spec's pod template beside its link to the launcher.
    mounts.push({
      name: `kernelspec-${i}`,
      mountPath: `${KERNEL_LAUNCHERS_DIR}/${spec.name}/kernel-pod.yaml.j2`,
      subPath: 'kernel-pod.yaml.j2',
      readOnly: true,
    });
  });
  return { volumes, mounts };
}
