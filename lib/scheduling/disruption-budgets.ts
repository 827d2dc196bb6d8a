import { Construct } from 'constructs';
import type { IHub } from '../hub/hub-integration';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { COMPONENT } from '../core/constants';
import { selectorLabels } from '../core/k8s';
import { checkHubNamespace, disruptionBudget } from './scheduling';
import { DisruptionBudgetOptions, resolveBudgetNumbers } from './disruption-budget-options';

/** Props of {@link HubDisruptionBudgets}. */
export interface HubDisruptionBudgetsProps {
  /** The hub (its proxy is covered too). */
  readonly hub: IHub;

  /**
   * The numbers of the hub's budget (z2jh `hub.pdb.maxUnavailable` / `minAvailable`).
   * @default { maxUnavailable: 1 }
   */
  readonly hubBudget?: DisruptionBudgetOptions;
}

/**
 * PodDisruptionBudgets for a hub and its proxy, named like them, each with `maxUnavailable: 1`
 * (the hub's numbers can be changed with `hubBudget`):
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
    checkHubNamespace(this, hub, 'disruption budgets');
    const hubLabels = selectorLabels(hub.release, COMPONENT.hub);
    const proxyLabels = selectorLabels(hub.release, COMPONENT.proxy);
    disruptionBudget(
      this,
      'Hub',
      hub.serviceName,
      hubLabels,
      hubLabels,
      resolveBudgetNumbers('hubBudget', props.hubBudget),
    );
    disruptionBudget(this, 'Proxy', `${hub.namePrefix}proxy`, proxyLabels, proxyLabels);
  }
}
