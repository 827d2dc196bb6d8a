import type { k8s } from 'cdk8s-plus-27';
import type { IHubIntegration } from '../hub/hub-integration';

/**
 * A Jupyter Enterprise Gateway that users' servers run their kernels on: what a hub needs to send
 * its users' servers there and let them through their NetworkPolicy. Plug one into a hub with
 * `hub.addIntegration(gateway)` (or the Hub's `integrations` prop).
 */
export interface IEnterpriseGateway extends IHubIntegration {
  /** URL user servers reach the gateway at (`JUPYTER_GATEWAY_URL`). */
  readonly url: string;
  /** Port of the gateway's HTTP API. */
  readonly port: number;
  /**
   * Namespace kernels run in, when they share one.
   * @default - a namespace per kernel, or unknown (a gateway outside this app)
   */
  readonly kernelNamespace?: string;
  /**
   * Name of the Secret (in the hub's namespace, as in the gateway's) with the token user servers
   * send to the gateway.
   * @default - no token
   */
  readonly authTokenSecretName?: string;
  /**
   * Key of the token in {@link authTokenSecretName}.
   * @default - no token
   */
  readonly authTokenKey?: string;

  /**
   * The NetworkPolicy peer that selects the gateway, as seen from pods in `fromNamespace`.
   * @param fromNamespace namespace of the pods that reach the gateway (undefined: the current one)
   */
  egressPeer(fromNamespace?: string): k8s.NetworkPolicyPeer;
}
