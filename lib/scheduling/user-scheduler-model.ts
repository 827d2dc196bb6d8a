/**
 * A UserScheduler's props, resolved: every value checked once, at construction.
 * @internal
 */
import { Size } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-27';
import { resources } from '../core/k8s';
import type { WorkloadModel } from '../core/workload-options';
import { checkPositiveInt, fail } from '../core/validate';
import { schedulerImage } from './scheduling';
import { schedulerProfile } from './scheduler-profile';
import {
  BudgetModel,
  containerSecurity,
  resolveBudget,
  schedulingWorkload,
  serviceAccountName,
} from './scheduling-options';
import type { UserSchedulerProps } from './user-scheduler-props';

export interface UserSchedulerModel {
  readonly replicas: number;
  readonly logLevel: number;
  readonly image: string;
  readonly resources: k8s.ResourceRequirements;
  readonly workload: WorkloadModel;
  /** A user-provided ServiceAccount: no ServiceAccount or RBAC is written. */
  readonly serviceAccountName?: string;
  readonly budget?: BudgetModel;
  readonly securityContext: k8s.SecurityContext;
  /** The profile, without its scheduler name. */
  readonly profile: object;
}

export function resolveUserScheduler(props: UserSchedulerProps): UserSchedulerModel {
  const replicas = checkPositiveInt('replicas', props.replicas ?? 2);
  const logLevel = props.logLevel ?? 4;
  if (!Number.isInteger(logLevel) || logLevel < 0 || logLevel > 10)
    fail('logLevel', logLevel, 'must be a whole number from 0 to 10');
  const workload = schedulingWorkload(props.workload);
  return {
    replicas,
    logLevel,
    image: schedulerImage(props),
    resources: resources('resources', props.resources, {
      cpuRequest: '50m',
      cpuLimit: '1',
      memoryRequest: Size.mebibytes(256),
      memoryLimit: Size.mebibytes(512),
    }),
    workload,
    serviceAccountName: serviceAccountName('serviceAccountName', props.serviceAccountName, workload),
    budget: resolveBudget('disruptionBudget', props.disruptionBudget, replicas),
    securityContext: containerSecurity('containerSecurity', props.containerSecurity),
    profile: schedulerProfile(props.scorePlugins, props.scoringStrategy),
  };
}
