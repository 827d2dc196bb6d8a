import { checkNonNegativeInt, fail } from '../core/validate';

/**
 * The numbers of one PodDisruptionBudget: how many of its pods a voluntary eviction (a node
 * drain, a node upgrade) may take at once, or must leave running. Give at most one.
 */
export interface DisruptionBudgetOptions {
  /**
   * How many of the pods may be evicted at once (`spec.maxUnavailable`).
   * @default 1 (when `minAvailable` is not set)
   */
  readonly maxUnavailable?: number;

  /**
   * How many of the pods must stay running (`spec.minAvailable`). On a one-replica Deployment
   * `minAvailable: 1` blocks every drain of its node until the pod is deleted by hand.
   * @default - none (`maxUnavailable` is set)
   */
  readonly minAvailable?: number;
}

/** The budget's spec numbers, checked (`prop` is where the user typed them). @internal */
export function resolveBudgetNumbers(
  prop: string,
  o: DisruptionBudgetOptions | undefined,
): { maxUnavailable?: number; minAvailable?: number } {
  if (o !== undefined && (o === null || typeof o !== 'object'))
    fail(prop, o, 'must be an object such as { maxUnavailable: 1 }');
  if (o?.maxUnavailable !== undefined && o.minAvailable !== undefined)
    fail(
      `${prop}.minAvailable`,
      o.minAvailable,
      `and '${prop}.maxUnavailable' exclude each other (a budget has one): give one`,
    );
  if (o?.minAvailable !== undefined)
    return { minAvailable: checkNonNegativeInt(`${prop}.minAvailable`, o.minAvailable) };
  return { maxUnavailable: checkNonNegativeInt(`${prop}.maxUnavailable`, o?.maxUnavailable ?? 1) };
}
