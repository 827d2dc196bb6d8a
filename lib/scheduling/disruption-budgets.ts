import { Construct } from 'constructs';
import type { IHub } from '../hub/hub-integration';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { COMPONENT } from '../core/constants';
import { selectorLabels } from '../core/k8s';
import { fail } from '../core/validate';
import { BudgetNumbers, checkHubNamespace, disruptionBudget } from './scheduling';

/**
 * The budget of one of the hub's pods (Zero to JupyterHub's `proxy.chp.pdb.*`): one of
 * `maxUnavailable` and `minAvailable`. Each pod runs one replica, so `minAvailable: 1` (or
 * `maxUnavailable: 0`) blocks every voluntary eviction of it, a node drain included.
 */
export interface DisruptionBudgetOptions {
  /**
   * Whether the pod gets a budget.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * How many of the pods a voluntary eviction may take at a time.
   * @default 1 (unless `minAvailable` is given)
   */
  readonly maxUnavailable?: number;
  /**
   * How many of the pods must stay up during a voluntary eviction (instead of `maxUnavailable`).
   * @default - none: `maxUnavailable` decides
   */
  readonly minAvailable?: number;
}

/** Props of {@link HubDisruptionBudgets}. */
export interface HubDisruptionBudgetsProps {
  /** The hub (its proxy is covered too). */
  readonly hub: IHub;
  /**
   * The proxy pod's budget (with its front door when that runs in the pod, such as nginx).
   * @default - maxUnavailable 1
   */
  readonly proxy?: DisruptionBudgetOptions;
}

/** The budget's numbers, checked: one of the two, each a whole number, 0 or more. */
function budgetNumbers(prop: string, o: DisruptionBudgetOptions | undefined): BudgetNumbers | undefined {
  if (o?.enabled === false) {
    if (o.maxUnavailable !== undefined || o.minAvailable !== undefined)
      fail(`${prop}.enabled`, false, "makes no budget: remove 'maxUnavailable' and 'minAvailable', or enable it");
    return undefined;
  }
  for (const k of ['maxUnavailable', 'minAvailable'] as const) {
    const v = o?.[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 0))
      fail(`${prop}.${k}`, v, 'must be a whole number of pods, 0 or more');
  }
  if (o?.maxUnavailable !== undefined && o.minAvailable !== undefined)
    fail(
      `${prop}.minAvailable`,
      o.minAvailable,
      "and 'maxUnavailable' exclude each other (a PodDisruptionBudget has one): keep one",
    );
  return o?.minAvailable !== undefined ? { minAvailable: o.minAvailable } : { maxUnavailable: o?.maxUnavailable ?? 1 };
}

/**
 * PodDisruptionBudgets for a hub and its proxy, named like them, each with `maxUnavailable: 1`:
 * a voluntary eviction (a node drain, a GKE node upgrade) evicts at most one pod of each at a
 * time and is never blocked. (`minAvailable: 1` on the one-replica hub would block every drain
 * of its node.) The hub and proxy run one replica each, so the budget documents the intent and
 * keeps a drain tool from evicting both at once; it does not keep the hub up during the move.
 *
 * @example
 * new HubDisruptionBudgets(chart, 'budgets', { hub });
 */
export class HubDisruptionBudgets extends Construct {
  public constructor(scope: Construct, id: string, props: HubDisruptionBudgetsProps) {
    checkProps('HubDisruptionBudgetsProps', props);
    super(scope, id);
    addAppChecks(this);
    const hub = props.hub;
    const proxy = budgetNumbers('proxy', props.proxy);
    checkHubNamespace(this, hub, 'disruption budgets');
    const hubLabels = selectorLabels(hub.release, COMPONENT.hub);
    const proxyLabels = selectorLabels(hub.release, COMPONENT.proxy);
    disruptionBudget(this, 'Hub', hub.serviceName, hubLabels, hubLabels);
    if (proxy) disruptionBudget(this, 'Proxy', `${hub.namePrefix}proxy`, proxyLabels, proxyLabels, proxy);
  }
}
