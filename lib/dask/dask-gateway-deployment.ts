/**
 * The Deployment of one of the gateway's own components (API server, controller, Traefik): its
 * replicas (one by default), restricted, on the gateway's node pool, with its config mounted when it reads it.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { configMount, configVolume } from './dask-gateway-config-map';
import { DaskGatewayModel, GatewayComponent, gatewayLabels } from './dask-gateway-model';
import type { GatewayComponentModel } from './dask-gateway-component-model';
import { checksum, objectMeta, restrictedContainer, restrictedPod } from '../core/k8s';
import { pullSecretsField } from '../core/pull-secrets';
import { applyWorkload } from '../core/workload-options';

/** How one component's pod differs from the others'. */
export interface GatewayPodOptions {
  /** The user and group the container runs as. */
  readonly uid: number;
  /** The generated config, when the component reads it (mounted; its checksum restarts the pod). */
  readonly config?: string;
  /** One pod at a time (`Recreate`). */
  readonly recreate?: boolean;
  /** Labels of the pod besides the component's selector labels. */
  readonly podLabels?: { [key: string]: string };
  /** Annotations of the pod besides the config's checksum. */
  readonly annotations?: { [key: string]: string };
  /** Volumes and mounts besides `/tmp` and the config. */
  readonly volumes?: k8s.Volume[];
  readonly mounts?: k8s.VolumeMount[];
  /** The component's options (workload, replicas, its own ServiceAccount); none: one replica, the library's pod. */
  readonly options?: GatewayComponentModel;
  /** Pull secrets of the pod before its `workload`'s (a pod in the hub's namespace: the hub's). */
  readonly imagePullSecrets?: readonly string[];
}

/** A Deployment of one of the gateway's components, named `<component>-<name>`. */
export function createGatewayDeployment(
  scope: Construct,
  model: DaskGatewayModel,
  id: string,
  component: GatewayComponent,
  container: k8s.Container,
  o: GatewayPodOptions,
): void {
  const name = model.names[component];
  const labels = gatewayLabels(model, component);
  const volumes: k8s.Volume[] = [{ name: 'tmp', emptyDir: {} }];
  const mounts: k8s.VolumeMount[] = [{ name: 'tmp', mountPath: '/tmp' }];
  if (o.config !== undefined) {
    volumes.push(configVolume(model));
    mounts.push(configMount());
  }
  volumes.push(...(o.volumes ?? []));
  mounts.push(...(o.mounts ?? []));
  const annotations = {
    ...(o.config !== undefined ? { 'checksum/config-map': checksum(o.config) } : {}),
    ...(o.annotations ?? {}),
  };
  const template = podTemplate(model, name, labels, annotations, container, o, mounts, volumes);
  new k8s.KubeDeployment(scope, id, {
    metadata: objectMeta(scope, name, labels),
    spec: {
      replicas: o.options?.replicas ?? 1,
      revisionHistoryLimit: o.options?.workload.revisionHistoryLimit,
      // One controller at a time: two would reconcile the same clusters.
      strategy: o.recreate ? { type: 'Recreate' } : undefined,
      selector: { matchLabels: labels },
      template: o.options ? applyWorkload(o.options.workload, template) : template,
    },
  });
}

/** The component's pod: restricted, on the gateway's node pool, as its own ServiceAccount. */
function podTemplate(
  model: DaskGatewayModel,
  name: string,
  labels: { [key: string]: string },
  annotations: { [key: string]: string },
  container: k8s.Container,
  o: GatewayPodOptions,
  mounts: k8s.VolumeMount[],
  volumes: k8s.Volume[],
): k8s.PodTemplateSpec {
  return {
    metadata: {
      labels: { ...labels, ...(o.podLabels ?? {}) },
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    },
    spec: {
      serviceAccountName: o.options?.serviceAccountName ?? name,
      automountServiceAccountToken: true,
      securityContext: restrictedPod(),
      ...model.placement,
      ...pullSecretsField(o.imagePullSecrets ?? []),
      containers: [
        {
          ...container,
          imagePullPolicy: 'IfNotPresent',
          resources: model.resources,
          securityContext: restrictedContainer(o.uid, o.uid, true),
          volumeMounts: mounts,
        },
      ],
      volumes,
    },
  };
}
