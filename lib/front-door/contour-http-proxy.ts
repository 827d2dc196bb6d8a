import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpProxy } from '../../imports/projectcontour.io';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { checkDnsSubdomain } from '../core/validate';
import { checkHost } from '../core/validate-host';
import { FrontDoorBinding } from './front-door-binding';
import type { IProxy, IProxyFrontDoor, ProxyFrontDoorConfig } from './proxy-front-door';

/** Props of {@link ContourHttpProxy}. */
export interface ContourHttpProxyProps {
  /**
   * The host name users open, e.g. `jupyter-team.apps.example.org` (a {@link PackageValue}
   * placeholder may be part of it).
   */
  readonly fqdn: string;
  /**
   * A Secret of type `kubernetes.io/tls` in the same namespace with the certificate for `fqdn`:
   * Envoy then serves HTTPS and redirects HTTP to it.
   * @default - no TLS: plain HTTP on port 80
   */
  readonly tlsSecretName?: string;
  /**
   * Name of the HTTPProxy.
   * @default 'jupyterhub'
   */
  readonly name?: string;
}

/**
 * A Contour `HTTPProxy` (projectcontour.io/v1) in front of the proxy, as on Tanzu Application
 * Platform: one route for `/` to `proxy-public`, with WebSockets enabled (kernels and
 * terminals use them). Give it to the {@link Proxy} (`proxy.addFrontDoor(route)`, before the proxy
 * is added to its hub); it makes the HTTPProxy then.
 *
 * @example
 * const proxy = new Proxy(chart, 'proxy', { serviceType: ServiceType.CLUSTER_IP });
 * proxy.addFrontDoor(new ContourHttpProxy(chart, 'route', { fqdn: 'jupyter.apps.example.org' }));
 * hub.addIntegration(proxy);
 * @see https://projectcontour.io/docs/1.33/config/fundamentals/
 */
export class ContourHttpProxy extends Construct implements IProxyFrontDoor {
  /** The host name. */
  public readonly fqdn: string;

  private readonly binding: FrontDoorBinding;
  private readonly name: string;
  private readonly tlsSecretName?: string;
  private httpProxy?: ApiObject;

  public constructor(scope: Construct, id: string, props: ContourHttpProxyProps) {
    checkProps('ContourHttpProxyProps', props);
    super(scope, id);
    addAppChecks(this);
    this.binding = new FrontDoorBinding(this, 'ContourHttpProxy');
    checkHost('fqdn', props.fqdn, { wildcard: false, ip: false });
    if (props.tlsSecretName !== undefined) checkDnsSubdomain('tlsSecretName', props.tlsSecretName);
    this.name = checkDnsSubdomain('name', props.name ?? 'jupyterhub');
    this.fqdn = props.fqdn;
    this.tlsSecretName = props.tlsSecretName;
  }

  /** The HTTPProxy object; made when the proxy binds the route. */
  public get resource(): ApiObject {
    if (this.httpProxy === undefined) return this.binding.proxy as never; // throws: not in front of a proxy yet
    return this.httpProxy;
  }

  /** Makes the HTTPProxy, routing to the proxy's public Service: a way in from outside the cluster. The route gives the hub no public URL. */
  public bindToProxy(proxy: IProxy): ProxyFrontDoorConfig {
    checkProps('ContourHttpProxy#bindToProxy', { proxy });
    this.binding.bind(proxy);
    this.httpProxy = new HttpProxy(this, 'Resource', {
      metadata: { name: this.name },
      spec: {
        virtualhost: {
          fqdn: this.fqdn,
          ...(this.tlsSecretName !== undefined ? { tls: { secretName: this.tlsSecretName } } : {}),
        },
        routes: [
          {
            conditions: [{ prefix: '/' }],
            enableWebsockets: true,
            services: [{ name: proxy.publicServiceName, port: proxy.publicPort }],
          },
        ],
      },
    });
    this.httpProxy.node.addDependency(proxy);
    return { exposedVia: `HTTPProxy '${this.name}' (fqdn ${this.fqdn}) of Contour` };
  }
}
