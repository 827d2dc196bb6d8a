import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { checkAnnotations, checkDnsLabel, checkDnsSubdomain, fail } from '../core/validate';
import { checkHost } from '../core/validate-host';
import { FrontDoorBinding } from './front-door-binding';
import type { IProxy, IProxyFrontDoor, ProxyFrontDoorConfig } from './proxy-front-door';
import { publicOrigin } from './public-service';

/** Props of {@link GatewayHttpRoute}. */
export interface GatewayHttpRouteProps {
  /** Name of the Gateway (`gateway.networking.k8s.io/v1`) the route attaches to (user-provided). */
  readonly gatewayName: string;
  /**
   * Namespace of the Gateway; its listener must allow routes from the hub's namespace
   * (`allowedRoutes.namespaces`).
   * @default - the route's own namespace
   */
  readonly gatewayNamespace?: string;
  /**
   * The Gateway listener to attach to (`sectionName`), e.g. `https`.
   * @default - every listener of the Gateway that admits the route
   */
  readonly sectionName?: string;
  /**
   * Host names the route answers (`spec.hostnames`; a leading `*.` wildcard is allowed). The first
   * one that is no wildcard is the hub's public URL (`https://` with `https`; OAuth callbacks).
   * @default - every host name of the listener; the hub gets no public URL from the route
   */
  readonly hostnames?: string[];
  /**
   * Whether the Gateway's listener terminates TLS for these host names, so that users open
   * `https://<host>`.
   * @default false
   */
  readonly https?: boolean;
  /**
   * Name of the HTTPRoute.
   * @default 'jupyterhub'
   */
  readonly name?: string;
  /**
   * Annotations of the HTTPRoute.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A Gateway API `HTTPRoute` (`gateway.networking.k8s.io/v1`) in front of the proxy, for a
 * Gateway the cluster already runs (Zero to JupyterHub's `httpRoute.*`, chart 4.4): one rule
 * sending everything to `proxy-public`. WebSockets need nothing: Gateway API implementations
 * pass HTTP upgrades through. Give it to the {@link Proxy} (`proxy.addFrontDoor(route)`, before
 * the proxy is added to its hub).
 *
 * @example
 * const proxy = new Proxy(chart, 'proxy', { serviceType: ServiceType.CLUSTER_IP });
 * proxy.addFrontDoor(new GatewayHttpRoute(chart, 'route', { gatewayName: 'public', gatewayNamespace: 'gateways', hostnames: ['hub.example.org'], https: true }));
 * hub.addIntegration(proxy);
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
export class GatewayHttpRoute extends Construct implements IProxyFrontDoor {
  /** The host names of the route (empty: the listener's). */
  public readonly hostnames: string[];

  private readonly binding: FrontDoorBinding;
  private readonly props: GatewayHttpRouteProps;
  private route?: ApiObject;

  public constructor(scope: Construct, id: string, props: GatewayHttpRouteProps) {
    checkProps('GatewayHttpRouteProps', props);
    super(scope, id);
    addAppChecks(this);
    this.binding = new FrontDoorBinding(this, 'GatewayHttpRoute');
    checkDnsSubdomain('gatewayName', props.gatewayName);
    if (props.gatewayNamespace !== undefined) checkDnsLabel('gatewayNamespace', props.gatewayNamespace);
    if (props.sectionName !== undefined) checkDnsSubdomain('sectionName', props.sectionName);
    if (props.name !== undefined) checkDnsSubdomain('name', props.name);
    if (props.annotations !== undefined) checkAnnotations('annotations', props.annotations);
    const hostnames = [...(props.hostnames ?? [])];
    if (props.hostnames !== undefined && hostnames.length === 0)
      fail(
        'hostnames',
        hostnames,
        'is empty: leave it out to answer every host name of the listener, or list host names',
      );
    if (hostnames.length > 16)
      fail('hostnames', hostnames, 'lists more than 16 host names (the HTTPRoute API allows 16)');
    hostnames.forEach((h, i) => {
      checkHost(`hostnames[${i}]`, h, { wildcard: true, ip: false });
      if (hostnames.indexOf(h) !== i) fail(`hostnames[${i}]`, h, 'is listed twice: list each host name once');
    });
    if (props.https === true && !hostnames.some((h) => !h.startsWith('*.')))
      fail(
        'https',
        true,
        "needs a host name that is no wildcard in 'hostnames': the hub's public URL is https://<that host>",
      );
    this.props = props;
    this.hostnames = hostnames;
  }

  /** The HTTPRoute object; made when the proxy binds the route. */
  public get resource(): ApiObject {
    if (this.route === undefined) return this.binding.proxy as never; // throws: not in front of a proxy yet
    return this.route;
  }

  /** Makes the HTTPRoute to the proxy's public Service; its first host name that is no wildcard gives the hub its public URL. */
  public bindToProxy(proxy: IProxy): ProxyFrontDoorConfig {
    checkProps('GatewayHttpRoute#bindToProxy', { proxy });
    this.binding.bind(proxy);
    const p = this.props;
    this.route = new ApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: p.name ?? 'jupyterhub', labels: proxy.podLabels, annotations: p.annotations },
      spec: {
        parentRefs: [
          {
            group: 'gateway.networking.k8s.io',
            kind: 'Gateway',
            name: p.gatewayName,
            namespace: p.gatewayNamespace,
            sectionName: p.sectionName,
          },
        ],
        hostnames: this.hostnames.length > 0 ? this.hostnames : undefined,
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: proxy.publicServiceName, port: proxy.publicPort }],
          },
        ],
      },
    });
    this.route.node.addDependency(proxy);
    const host = this.hostnames.find((h) => !h.startsWith('*.'));
    // The Gateway serves the standard ports: the hub's public URL is the host's.
    return host !== undefined ? { publicUrl: publicOrigin(host, p.https === true, undefined) } : {};
  }
}
