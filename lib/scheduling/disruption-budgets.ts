import { Construct } from 'constructs';
import type { IHub } from '../hub/hub-integration';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { COMPONENT } from '../core/constants';
import { selectorLabels } from '../core/k8s';
import { checkHubNamespace, disruptionBudget } from './scheduling';
import { resolveBudget } from './scheduling-options';
import type { DisruptionBudgetOptions } from './scheduling-options';

/** Props of {@link HubDisruptionBudgets}. */
export interface HubDisruptionBudgetsProps {
  /** The hub (its proxy is covered too). */
  readonly hub: IHub;
  /**
   * The numbers of the proxy pod's budget (z2jh `proxy.chp.pdb.*`) (with its front door when that runs in the pod, such as nginx).
   * @default - maxUnavailable 1
   */
  readonly proxyBudget?: DisruptionBudgetOptions;

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
    // One replica: `minAvailable: 1` or `maxUnavailable: 0` would block every drain of its node (refused).
    const proxy = resolveBudget('proxyBudget', props.proxyBudget, 1, true);
    const hubBudget = resolveBudget('hubBudget', props.hubBudget, 1, true);
    checkHubNamespace(this, hub, 'disruption budgets');
    const hubLabels = selectorLabels(hub.release, COMPONENT.hub);
    const proxyLabels = selectorLabels(hub.release, COMPONENT.proxy);
    disruptionBudget(this, 'Hub', hub.serviceName, hubLabels, hubLabels, hubBudget);
    if (proxy) disruptionBudget(this, 'Proxy', `${hub.namePrefix}proxy`, proxyLabels, proxyLabels, proxy);
  }
}
