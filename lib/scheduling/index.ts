/** Where and how the users' pods are scheduled: pre-puller, placeholders, user scheduler, disruption budgets. */
export { ImagePuller } from './image-puller';
export type { ImagePullerProps } from './image-puller';
export { UserPlaceholders } from './user-placeholders';
export type { UserPlaceholdersProps } from './user-placeholders';
export { UserScheduler } from './user-scheduler';
export type { UserSchedulerProps } from './user-scheduler-props';
export { HubDisruptionBudgets } from './disruption-budgets';
export type { HubDisruptionBudgetsProps } from './disruption-budgets';
export { ScorePlugin, ScoringStrategyType } from './scheduler-profile';
export type {
  ResourceWeight,
  ScorePluginsOptions,
  ScoringStrategyOptions,
  WeightedScorePlugin,
} from './scheduler-profile';
export type { DisruptionBudgetOptions } from './scheduling-options';
