import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { dnsEgress, objectMeta, podPeer, tcpPorts } from '../core/k8s';
import { checkDnsLabel, checkLabelMap, checkPort, fail } from '../core/validate';
import { HubComponent, IHub } from './hub-integration';

/** Props of {@link IntegrationNetworkPolicy}. */
export interface IntegrationNetworkPolicyProps {
  /** The hub whose pods connect. */
  readonly hub: IHub;
  /** Labels of the integration's pods (the policy selects them). */
  readonly podLabels: { [key: string]: string };
  /** The parts of the hub that may connect to them. */
  readonly allowFrom: HubComponent[];
  /** TCP ports they may connect to. */
  readonly ports: number[];
  /**
   * Whether the integration's pods may reach the hub's API (a hub service does).
   * @default true
   */
  readonly reachHub?: boolean;
  /**
   * Name of the NetworkPolicy.
   * @default - the hub's name prefix and the construct id in lower case
   */
  readonly name?: string;
}

/**
 * The NetworkPolicy of an integration's own pods, said as intent: which parts of the hub may
 * connect on which ports, and whether the pods may call the hub's API; DNS is always allowed and
 * nothing else is. Pair it with the integration's {@link HubConnection}s, which open the hub's side.
 *
 * @example
 * new IntegrationNetworkPolicy(chart, 'grader-access', {
 *   hub,
 *   podLabels: { app: 'grader' },
 *   allowFrom: [HubComponent.SINGLE_USER, HubComponent.PROXY],
 *   ports: [8080],
 * });
 */
export class IntegrationNetworkPolicy extends Construct {
  /** The NetworkPolicy. */
  public readonly policy: k8s.KubeNetworkPolicy;

  public constructor(scope: Construct, id: string, props: IntegrationNetworkPolicyProps) {
    checkProps('IntegrationNetworkPolicyProps', props);
    super(scope, id);
    addAppChecks(this);
    const hub = props.hub;
    checkLabelMap('podLabels', props.podLabels);
    if (Object.keys(props.podLabels).length === 0)
      fail('podLabels', props.podLabels, 'must name at least one label: an empty selector would select every pod');
    if (props.allowFrom.length === 0)
      fail('allowFrom', props.allowFrom, 'must name at least one part of the hub (HubComponent.SINGLE_USER, ...)');
    if (props.ports.length === 0) fail('ports', props.ports, 'must name at least one TCP port');
    const ports = props.ports.map((p) => checkPort('ports', p));
    const name = checkDnsLabel('name', props.name ?? `${hub.namePrefix}${id.toLowerCase()}`);
    const egress: k8s.NetworkPolicyEgressRule[] = [dnsEgress()];
    if (props.reachHub ?? true)
      egress.push({ to: [podPeer(hub.podLabels(HubComponent.HUB))], ports: tcpPorts(hub.port) });
    this.policy = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: objectMeta(this, name, { ...props.podLabels }),
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: props.allowFrom.map((c) => podPeer(hub.podLabels(c))), ports: tcpPorts(...ports) }],
        egress,
      },
    });
  }
}
