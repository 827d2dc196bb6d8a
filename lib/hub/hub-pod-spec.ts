/**
 * The hub pod: the `hub` container running JupyterHub with the generated config, the optional
 * `secret-init` container, their volumes, probes and security context.
 * @internal
 */
import { Lazy, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ACCESS_LABELS, HUB_ENV, HUB_PATHS, PORTS } from '../core/constants';
import { resources, secretEnv } from '../core/k8s';
import type { NodePool } from '../users/node-pool';
import type { HubContributions } from './hub-contributions';
import type { HubModel } from './hub-model';

/** What the pod spec needs beyond the model. */
export interface HubPodContext {
  readonly model: HubModel;
  readonly contributions: HubContributions;
  readonly nodePool?: NodePool;
  /** Whether the `secret-init` container runs (read when rendering). */
  readonly hasGeneratedSecrets: () => boolean;
}

/** The hub pod's labels: its selector labels, and access to the proxy API and the user servers. */
export function hubPodLabels(labels: { [key: string]: string }): { [key: string]: string } {
  return { ...labels, [ACCESS_LABELS.proxyApi]: 'true', [ACCESS_LABELS.singleUser]: 'true' };
}

/** The hub container's own env (before the integrations'). */
export function hubOwnEnv(model: HubModel): k8s.EnvVar[] {
  const secret = model.secret;
  return [
    { name: 'PYTHONUNBUFFERED', value: '1' },
    { name: HUB_ENV.podNamespace, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
    secretEnv(HUB_ENV.proxyToken, secret.secretName, secret.proxyTokenKey),
    secretEnv(HUB_ENV.cookieSecret, secret.secretName, secret.cookieSecretKey),
    ...model.database.env,
    // The authenticator's client secret or passwords, read by the config with os.environ.
    ...model.authenticator.env,
  ];
}

/** The hub pod's own volumes (before the integrations'). */
export function hubOwnVolumes(model: HubModel): k8s.Volume[] {
  const names = model.names;
  return [
    { name: 'config', configMap: { name: names.hubConfig, defaultMode: 0o444 } },
    model.database.claim
      ? { name: 'db', persistentVolumeClaim: { claimName: names.hubDb } }
      : { name: 'db', emptyDir: {} },
    { name: 'tmp', emptyDir: {} },
  ];
}

const CONFIG_MOUNT: k8s.VolumeMount = { name: 'config', mountPath: HUB_PATHS.configDir, readOnly: true };

/** The hub container's own mounts (before the integrations'). */
export function hubOwnMounts(dbSubPath?: string): k8s.VolumeMount[] {
  const db = { name: 'db', mountPath: HUB_PATHS.dataDir, ...(dbSubPath ? { subPath: dbSubPath } : {}) };
  return [CONFIG_MOUNT, db, { name: 'tmp', mountPath: '/tmp' }];
}

function secretInitContainer(model: HubModel, security: k8s.SecurityContext): k8s.Container {
  return {
    name: 'secret-init',
    image: model.image,
    imagePullPolicy: model.pod.workload.imagePullPolicy ?? 'IfNotPresent',
    command: ['python3', HUB_PATHS.secretInitScript],
    securityContext: security,
    resources: resources('secretInit', undefined, {
      cpuRequest: '50m',
      cpuLimit: '200m',
      memoryRequest: Size.mebibytes(64),
      memoryLimit: Size.mebibytes(64),
    }),
    volumeMounts: [CONFIG_MOUNT],
  };
}

function hubContainer(ctx: HubPodContext, security: k8s.SecurityContext): k8s.Container {
  const model = ctx.model;
  const env = hubOwnEnv(model);
  const pod = model.pod;
  return {
    name: 'hub',
    image: model.image,
    imagePullPolicy: 'IfNotPresent',
    // args, not command: the image's entrypoint (tini) stays PID 1 and reaps zombies.
    args: ['jupyterhub', '--config', HUB_PATHS.configFile, '--upgrade-db'],
    workingDir: HUB_PATHS.dataDir,
    // Integrations' env (hub services' API tokens, ...), known once they are added.
    env: Lazy.any({ produce: () => [...env, ...ctx.contributions.hubEnv()] }) as unknown as k8s.EnvVar[],
    ports: [{ name: 'http', containerPort: PORTS.hub, protocol: 'TCP' }],
    readinessProbe: pod.readinessProbe,
    livenessProbe: pod.livenessProbe,
    lifecycle: pod.lifecycle,
    resources: resources('resources', model.resources, {
      cpuRequest: '200m',
      cpuLimit: '1',
      memoryRequest: Size.mebibytes(512),
      memoryLimit: Size.gibibytes(1),
    }),
    securityContext: security,
    volumeMounts: Lazy.any({
      produce: () => [...hubOwnMounts(model.database.claim?.subPath), ...ctx.contributions.hubVolumeMounts()],
    }) as unknown as k8s.VolumeMount[],
  };
}

/** The hub pod spec. */
export function hubPodSpec(ctx: HubPodContext): k8s.PodSpec {
  const model = ctx.model;
  const security = model.pod.containerSecurity;
  return {
    serviceAccountName: model.pod.serviceAccountName,
    automountServiceAccountToken: true,
    securityContext: model.pod.podSecurity,
    ...ctx.nodePool?.podPlacement(),
    initContainers: Lazy.any({
      produce: () => {
        const init = [...(ctx.hasGeneratedSecrets() ? [secretInitContainer(model, security)] : [])];
        init.push(...model.pod.extras.initContainers);
        return init.length > 0 ? init : undefined;
      },
    }) as unknown as k8s.Container[],
    containers: [hubContainer(ctx, security), ...model.pod.extras.containers],
    volumes: Lazy.any({
      produce: () => [...hubOwnVolumes(model), ...ctx.contributions.hubVolumes()],
    }) as unknown as k8s.Volume[],
  };
}
