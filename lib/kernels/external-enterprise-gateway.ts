import type { k8s } from 'cdk8s-plus-27';
import type { HubIntegrationConfig, IHub } from '../hub/hub-integration';
import { tcpPorts } from '../core/k8s';
import { checkDnsSubdomain, checkPort, fail } from '../core/validate';
import type { IEnterpriseGateway } from './enterprise-gateway-interface';
import { TOKEN_KEY } from './kernel-constants';

/** A gateway that runs outside this app, for {@link EnterpriseGateway.fromUrl}. */
export interface ExternalEnterpriseGatewayOptions {
  /**
   * The address range the gateway is reached at, opened in the users' servers' NetworkPolicy
   * (e.g. `10.2.0.15/32`). Needed for a gateway on a private address: the policy blocks private
   * ranges otherwise.
   * @default - the policy's internet rule applies (public addresses only)
   */
  readonly cidr?: string;

  /**
   * A Secret in the hub's namespace whose key `token` holds the gateway's token
   * (`JUPYTER_GATEWAY_AUTH_TOKEN` of the users' servers).
   * @default - no token is sent
   */
  readonly authTokenSecretName?: string;
}

/**
 * A gateway outside this app: only its URL (and address range) are known.
 * @internal
 */
export class ExternalEnterpriseGateway implements IEnterpriseGateway {
  public readonly port: number;
  public readonly authTokenSecretName?: string;
  public readonly authTokenKey?: string;

  public constructor(
    public readonly url: string,
    private readonly options: ExternalEnterpriseGatewayOptions,
  ) {
    const m = /^https?:\/\/([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(:(\d+))?\/?$/.exec(url);
    if (!m)
      fail('url', url, "must be the gateway's http(s) URL without a path, e.g. 'http://gateway.example.org:8888'");
    this.port = checkPort('url', m[3] ? Number(m[3]) : url.startsWith('https:') ? 443 : 80);
    if (options.cidr !== undefined && !/^[0-9.]+\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/.test(options.cidr)) {
      fail('cidr', options.cidr, "must be an address range such as '10.2.0.15/32'");
    }
    if (options.authTokenSecretName !== undefined) {
      this.authTokenSecretName = checkDnsSubdomain('authTokenSecretName', options.authTokenSecretName);
      this.authTokenKey = TOKEN_KEY;
    }
  }

  public egressPeer(_fromNamespace?: string): k8s.NetworkPolicyPeer {
    return { ipBlock: { cidr: this.options.cidr ?? '0.0.0.0/0' } };
  }

  public bindToHub(_hub: IHub): HubIntegrationConfig {
    return {
      singleUserEnv: { JUPYTER_GATEWAY_URL: this.url, KERNEL_USERNAME: '{username}' },
      singleUserSecretEnv: this.authTokenSecretName
        ? { JUPYTER_GATEWAY_AUTH_TOKEN: { name: this.authTokenSecretName, key: TOKEN_KEY } }
        : undefined,
      // Only with a range: without one the servers' internet rule reaches public gateways already.
      singleUserEgress:
        this.options.cidr !== undefined ? [{ to: [this.egressPeer()], ports: tcpPorts(this.port) }] : [],
    };
  }
}
