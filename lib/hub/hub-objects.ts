/**
 * The hub's Deployment and database claim, built from the model.
 * @internal
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checksum, objectMeta } from '../core/k8s';
import type { NodePool } from '../users/node-pool';
import type { HubContributions } from './hub-contributions';
import type { HubModel } from './hub-model';
import { withHubPod } from './hub-pod-model';
import { hubPodLabels, hubPodSpec } from './hub-pod-spec';

/** What the Deployment needs beyond the model. */
export interface HubDeploymentContext {
  readonly model: HubModel;
  readonly labels: { [key: string]: string };
  readonly contributions: HubContributions;
  readonly nodePool?: NodePool;
  /** The files of the hub's ConfigMap (read when rendering). */
  readonly configFiles: () => { [file: string]: string };
  /** Whether the `secret-init` container runs (read when rendering). */
  readonly hasGeneratedSecrets: () => boolean;
}

export function createHubDatabaseClaim(scope: Construct, model: HubModel, labels: { [key: string]: string }): void {
  const claim = model.database.claim;
  if (!claim) return;
  new k8s.KubePersistentVolumeClaim(scope, 'DatabaseClaim', {
    metadata: objectMeta(scope, model.names.hubDb, labels, claim.annotations),
    spec: {
      accessModes: claim.accessModes,
      ...(claim.selectorLabels ? { selector: { matchLabels: claim.selectorLabels } } : {}),
      storageClassName: claim.storageClassName,
      resources: { requests: { storage: k8s.Quantity.fromString(claim.size) } },
    },
  });
}

export function createHubDeployment(scope: Construct, ctx: HubDeploymentContext): k8s.KubeDeployment {
  const { model, labels } = ctx;
  const pod = model.pod;
  const template = withHubPod(pod, {
    metadata: {
      labels: hubPodLabels(labels),
      annotations: Lazy.any({
        produce: () => ({
          ...pod.workload.podAnnotations,
          'checksum/config-map': checksum(...Object.values(ctx.configFiles())),
        }),
      }),
    },
    spec: hubPodSpec({
      model,
      contributions: ctx.contributions,
      nodePool: ctx.nodePool,
      hasGeneratedSecrets: ctx.hasGeneratedSecrets,
    }),
  });
  return new k8s.KubeDeployment(scope, 'Resource', {
    metadata: objectMeta(scope, model.names.hub, labels),
    spec: {
      replicas: 1,
      // sqlite on a ReadWriteOnce claim and JupyterHub's in-memory state allow one hub only
      // (the default; RollingUpdate only with a database two pods can open, hub-pod-model.ts).
      strategy: { type: pod.strategy },
      revisionHistoryLimit: pod.workload.revisionHistoryLimit,
      selector: { matchLabels: labels },
      template,
    },
  });
}
