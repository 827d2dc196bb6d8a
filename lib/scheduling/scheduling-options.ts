/**
 * Options the scheduling workloads (user scheduler, placeholders, image puller) share: the user
 * and group their containers run as, a disruption budget's numbers, a bring-your-own
 * ServiceAccount, and the workload options resolved and applied to their Deployment or DaemonSet.
 */
import type { k8s } from 'cdk8s-plus-27';
import { containerSecurity as coreContainerSecurity } from '../core/container-security';
import type { ContainerSecurityOptions } from '../core/container-security';
import { applyWorkload, resolveWorkload, WorkloadModel, WorkloadOptions } from '../core/workload-options';
import { checkDnsSubdomain, checkNonNegativeInt, fail } from '../core/validate';
import { NOBODY } from './scheduling';

/**
 * The numbers of a PodDisruptionBudget (z2jh's `pdb`): how many pods a voluntary eviction (a node
 * drain) may take at once. Give at most one of `maxUnavailable` and `minAvailable`.
 */
export interface DisruptionBudgetOptions {
  /**
   * Whether the budget is written.
   * @default - the workload's default (the hub's and proxy's: written; the user scheduler's: written when it has more than one replica)
   */
  readonly enabled?: boolean;
  /**
   * Pods that may be unavailable at once (at least 1: 0 would block every drain).
   * @default 1
   */
  readonly maxUnavailable?: number;
  /**
   * Pods that must stay available, instead of `maxUnavailable` (below the replicas: as many as
   * the replicas would block every drain).
   * @default - `maxUnavailable` is used
   */
  readonly minAvailable?: number;
}

/** A container security context: restricted, as the given user and group (nobody by default). @internal */
export function containerSecurity(prop: string, given: ContainerSecurityOptions | undefined): k8s.SecurityContext {
  return coreContainerSecurity(prop, given, NOBODY, NOBODY, true);
}

/** A resolved disruption budget: undefined when none is written. @internal */
export interface BudgetModel {
  readonly maxUnavailable?: number;
  readonly minAvailable?: number;
}

/**
 * The budget of a workload of `replicas` pods. Kubernetes refuses a budget with both numbers
 * (policy/v1 PodDisruptionBudgetSpec: "minAvailable and maxUnavailable cannot be both set").
 * @internal
 */
export function resolveBudget(
  prop: string,
  given: DisruptionBudgetOptions | undefined,
  replicas: number,
  enabledByDefault = replicas > 1,
): BudgetModel | undefined {
  const enabled = given?.enabled ?? enabledByDefault;
  if (given?.enabled !== undefined && typeof given.enabled !== 'boolean')
    fail(`${prop}.enabled`, given.enabled, 'must be true or false');
  if (given?.enabled === false && (given.maxUnavailable !== undefined || given.minAvailable !== undefined))
    fail(`${prop}.enabled`, false, "makes no budget: remove 'maxUnavailable' and 'minAvailable', or enable it");
  if (given?.maxUnavailable !== undefined && given.minAvailable !== undefined)
    fail(`${prop}.minAvailable`, given.minAvailable, "conflicts with 'maxUnavailable': give one of them");
  if (given?.minAvailable !== undefined) {
    const min = checkNonNegativeInt(`${prop}.minAvailable`, given.minAvailable);
    if (min >= replicas)
      fail(
        `${prop}.minAvailable`,
        min,
        `must be below the replicas (${replicas}): as many as the replicas blocks every node drain`,
      );
    return enabled ? { minAvailable: min } : undefined;
  }
  const max = checkNonNegativeInt(`${prop}.maxUnavailable`, given?.maxUnavailable ?? 1);
  if (max < 1) fail(`${prop}.maxUnavailable`, max, 'must be at least 1: 0 blocks every node drain');
  return enabled ? { maxUnavailable: max } : undefined;
}

/** A bring-your-own ServiceAccount's name, checked. @internal */
export function serviceAccountName(
  prop: string,
  name: string | undefined,
  workload: WorkloadModel,
): string | undefined {
  if (name === undefined) return undefined;
  checkDnsSubdomain(prop, name);
  const annotations = Object.keys(workload.serviceAccountAnnotations);
  if (annotations.length > 0)
    fail(
      'workload.serviceAccountAnnotations',
      annotations,
      `annotate the ServiceAccount '${name}' you provide yourself ('${prop}' is user-provided: the library writes no ServiceAccount then)`,
    );
  return name;
}

/**
 * The workload options of a scheduling workload (`workload`), validated. `pauseOnly`: the
 * workload's main container is `pause`, which reads no environment.
 * @internal
 */
export function schedulingWorkload(options: WorkloadOptions | undefined, pauseOnly = false): WorkloadModel {
  const model = resolveWorkload('workload', options);
  const env = Object.keys(model.extraEnv);
  if (pauseOnly && env.length > 0)
    fail(
      'workload.extraEnv',
      env,
      'is not for these pods: their one long-running container is pause, which reads no environment',
    );
  return model;
}

/**
 * A Deployment's or DaemonSet's spec with the workload options applied to its pod template and
 * its `revisionHistoryLimit` set.
 * @internal
 */
export function withWorkload<T extends { template: k8s.PodTemplateSpec; revisionHistoryLimit?: number }>(
  model: WorkloadModel,
  spec: T,
): T {
  return {
    ...spec,
    ...(model.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: model.revisionHistoryLimit } : {}),
    template: applyWorkload(model, spec.template),
  };
}
