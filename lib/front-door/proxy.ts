import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HubBinding } from '../hub/hub-binding';
import { HubComponent, HubExposure, HubIntegrationConfig, IHub, IHubIntegration } from '../hub/hub-integration';
import { addAppChecks } from '../core/app-checks';
import { ConfigTrait } from '../core/config-trait';
import { checkProps } from '../core/check-props';
import { HubNames, PORTS } from '../core/constants';
import { Namespace } from '../core/namespace';
import { fail, show } from '../core/validate';
import { annotateProxyServiceAccount, createProxyDeployment, createProxyServiceAccount } from './proxy-deployment';
import type { IProxy, IProxyFrontDoor, ProxyPublicPort, ProxySidecar } from './proxy-front-door';
import { ProxyModel, ProxyParts, resolveProxyModel } from './proxy-model';
import { createProxyNetworkPolicy } from './proxy-network-policy';
import { checkDoorWorkload } from './proxy-pod-options';
import type { ProxyProps } from './proxy-props';
import { createProxyServices } from './proxy-services';
import { checkAzureDnsLabel, publicOrigin } from './public-service';

/**
 * configurable-http-proxy (CHP) in front of a {@link Hub}: the Deployment, its ServiceAccount
 * (no API rights), and the Services `proxy-api` (8001, for the hub), `proxy-http` (8000, inside
 * the cluster) and `proxy-public` (for users). The auth token is read from the hub's Secret, the
 * same key the hub reads.
 *
 * Give it to the hub (`hub.addIntegration(proxy)`): it makes its objects then, for that hub, and
 * tells the hub where its REST API is and, through its front door, the URL users reach it at.
 * Front doors (an {@link NginxIngress}, a {@link ContourHttpProxy}) are given to the proxy with
 * {@link addFrontDoor} **before** the proxy is added to its hub, so the hub knows its public URL
 * (and checks an OAuth callback URL against it) when the proxy is added.
 *
 * @example
 * const proxy = new Proxy(chart, 'proxy', { serviceType: ServiceType.NODE_PORT });
 * proxy.addFrontDoor(new NginxIngress(chart, 'nginx', { host: 'hub.example.org' }));
 * hub.addIntegration(proxy);
 */
export class Proxy extends Construct implements IHubIntegration, IProxy {
  /** Port of the user-facing Service. */
  public readonly publicPort: number;
  /** Type of the user-facing Service. */
  public readonly publicServiceType: kplus.ServiceType;
  /** The HTTP node port requested for `proxy-public`, if any. */
  public readonly httpNodePort?: number;

  private readonly model: ProxyModel;
  private readonly binding: HubBinding;
  private readonly doors: IProxyFrontDoor[] = [];
  private bound?: { readonly parts: ProxyParts; readonly deployment: k8s.KubeDeployment };
  private sidecar?: ProxySidecar;
  private frontDoorUrl?: string;
  private readonly outsideRoutes: string[] = [];
  private subdomainHost?: string;

  public constructor(scope: Construct, id: string, props: ProxyProps = {}) {
    checkProps('ProxyProps', props);
    super(scope, id);
    // Whole-app checks (duplicate objects, overlapping selectors, nodePorts), once per app.
    addAppChecks(this);
    this.binding = new HubBinding(this, 'Proxy');
    this.model = resolveProxyModel(props);
    this.publicPort = this.model.port;
    this.publicServiceType = this.model.serviceType;
    this.httpNodePort = this.model.nodePort;
  }

  /** The hub this proxy serves; known once the proxy is added to a hub. */
  public get hub(): IHub {
    return this.binding.hub;
  }

  /** Name of the user-facing Service; known once the proxy is added to a hub. */
  public get publicServiceName(): string {
    return this.parts().names.proxyPublic;
  }

  /** Name of the proxy's API Service; known once the proxy is added to a hub. */
  public get apiServiceName(): string {
    return this.parts().names.proxyApi;
  }

  /** Name of the Service for CHP's public port inside the cluster; known once the proxy is added to a hub. */
  public get httpServiceName(): string {
    return this.parts().names.proxyHttp;
  }

  /** Prefix of the names of this proxy's objects (the hub's); known once the proxy is added to a hub. */
  public get namePrefix(): string {
    return this.parts().names.prefix;
  }

  /** The immutable labels that select the proxy's pods; known once the proxy is added to a hub. */
  public get podLabels(): { [key: string]: string } {
    return this.parts().podLabels;
  }

  /** The proxy Deployment (escape hatch); made when the proxy is added to a hub. */
  public get deployment(): k8s.KubeDeployment {
    return this.objects().deployment;
  }

  /**
   * Makes the proxy's objects for the hub, then binds its front doors. The proxy is the hub's
   * route table: it tells the hub where its REST API is, and the public URL its front door gives.
   */
  public bindToHub(hub: IHub): HubIntegrationConfig {
    checkProps('Proxy#bindToHub', { hub });
    this.binding.bind(hub);
    if (Namespace.of(this) !== hub.namespace) {
      fail(
        'hub',
        hub.node.path,
        `is in namespace '${hub.namespace}', the proxy in '${Namespace.of(this)}': create the Proxy next to its Hub (they reach each other by Service name)`,
      );
    }
    const names = new HubNames(hub.namePrefix);
    const parts: ProxyParts = {
      model: this.model,
      hub,
      names,
      podLabels: hub.podLabels(HubComponent.PROXY),
      sidecar: () => this.sidecar,
      subdomainHost: () => this.subdomainHost,
    };
    const serviceAccount = createProxyServiceAccount(this, parts);
    const deployment = createProxyDeployment(this, parts);
    createProxyServices(this, parts);
    if (this.model.networkPolicy) createProxyNetworkPolicy(this, parts);
    this.bound = { parts, deployment };
    for (const door of this.doors) this.bindFrontDoor(door);
    annotateProxyServiceAccount(serviceAccount, parts);
    return {
      proxyApiUrl: `http://${names.proxyApi}:${PORTS.proxyApi}`,
      publicUrl: this.frontDoorUrl,
      hubTraits: this.subdomainTraits(),
      exposure: this.exposure(names.proxyPublic),
    };
  }

  /**
   * What the outside of the cluster reaches the hub through: a NodePort or LoadBalancer
   * `proxy-public`, its `externalIPs` (nodes or routers that take its traffic, whatever its type),
   * and the doors' routes.
   */
  private exposure(publicServiceName: string): HubExposure {
    const type = this.publicServiceType;
    const ips = this.model.publicService.externalIps ?? [];
    const service = [
      ...(type === kplus.ServiceType.NODE_PORT || type === kplus.ServiceType.LOAD_BALANCER
        ? [`Service '${publicServiceName}' of type ${type}`]
        : []),
      ...(ips.length > 0 ? [`Service '${publicServiceName}' with externalIPs ${ips.join(', ')}`] : []),
    ];
    const via = [...service, ...this.outsideRoutes];
    return { outsideCluster: via.length > 0, via };
  }

  /**
   * Puts a front door in front of the proxy: nginx in its pod (its containers and volumes join
   * CHP, and `proxy-public` leads to its ports instead of CHP's), or an Ingress or HTTPProxy
   * that routes to `proxy-public`. The door is bound (makes its objects) when the proxy is added
   * to its hub, so add front doors first: `proxy.addFrontDoor(door)`, then `hub.addIntegration(proxy)`.
   * @param door the front door
   * @throws if the proxy is already added to a hub, or already has this door. Binding throws if
   * two doors run in the pod, or two give the hub a public URL.
   */
  public addFrontDoor(door: IProxyFrontDoor): void {
    checkProps('Proxy#addFrontDoor', { door });
    if (this.binding.isBound) {
      fail(
        'door',
        door.node.path,
        `comes after the proxy '${this.node.path}' was added to its hub: add front doors first (proxy.addFrontDoor(door), then hub.addIntegration(proxy)), so the hub knows the public URL they give`,
      );
    }
    if (this.doors.includes(door)) fail('door', door.node.path, 'is already a front door of this proxy: add it once');
    this.doors.push(door);
  }

  private parts(): ProxyParts {
    return this.objects().parts;
  }

  private objects(): { readonly parts: ProxyParts; readonly deployment: k8s.KubeDeployment } {
    if (this.bound === undefined) return this.binding.hub as never; // throws: not added to a hub yet
    return this.bound;
  }

  /** Binds one front door: at most one runs in the pod, at most one gives the hub its public URL. */
  private bindFrontDoor(door: IProxyFrontDoor): void {
    const config = door.bindToProxy(this);
    if (config.exposedVia !== undefined) this.outsideRoutes.push(config.exposedVia);
    if (config.sidecar) {
      if (this.sidecar)
        fail('proxy', this.node.path, `already has nginx in front of it; '${door.node.path}' would be a second one`);
      if (config.sidecar.https === true && this.model.publicService.httpsOffload)
        fail(
          'httpsOffload',
          true,
          `says the load balancer terminates TLS, but the front door '${door.node.path}' terminates it itself (its 'tls'): keep one of them`,
        );
      checkDoorWorkload(this.model, config.sidecar, door.node.path);
      if (config.sidecar.networkPolicyProp !== undefined && !this.model.networkPolicy)
        fail(
          config.sidecar.networkPolicyProp,
          door.node.path,
          "adds to the proxy pod's NetworkPolicy, which the proxy's 'networkPolicy: false' leaves out: set 'networkPolicy: true' on the proxy",
        );
      this.sidecar = config.sidecar;
    }
    const url = config.publicUrl ?? (config.sidecar ? this.sidecarUrl(config.sidecar) : undefined);
    if (config.subdomainHost !== undefined) this.subdomainHost = config.subdomainHost;
    if (url === undefined) return;
    if (this.frontDoorUrl !== undefined) {
      fail(
        'integrations',
        url,
        `is a second public URL of the hub (it has ${show(this.frontDoorUrl)}): a hub has one front door`,
      );
    }
    this.frontDoorUrl = url;
  }

  /**
   * Per-user origins: JupyterHub's `subdomain_host` is the hub's public URL, port included
   * (JupyterHub 5.5 `app.py` `subdomain_host`: "the full `https://hub.domain.tld[:port]`"); users'
   * servers are at `https://<user>.<host>[:port]`, so the port users reach must be known.
   */
  private subdomainTraits(): ConfigTrait[] | undefined {
    const sub = this.subdomainHost;
    if (sub === undefined) return undefined;
    const url = this.frontDoorUrl;
    if (url === undefined || new URL(url).hostname !== sub)
      fail(
        'subdomainHost',
        sub,
        `needs the port users reach the hub at, to make the users' URLs 'https://<user>.${sub}[:port]': give the Proxy 'serviceType' LOAD_BALANCER, or NODE_PORT with a fixed 'httpsNodePort' on the front door`,
      );
    return [ConfigTrait.string('JupyterHub', 'subdomain_host', url)];
  }

  /** The hub's public URL (OAuth callbacks are derived from it) from the sidecar's host; the Azure DNS label checked against it. */
  private sidecarUrl(door: ProxySidecar): string | undefined {
    const host = door.host !== undefined && !door.host.startsWith('*.') ? door.host : undefined;
    if (host === undefined) return undefined;
    checkAzureDnsLabel(this.model.publicService.azureDnsLabelName, host, this.node.path);
    const lb = this.model.publicService;
    // TLS offloaded at the load balancer: users reach https://<host> on 443 (or its node port).
    if (lb.httpsOffload)
      return this.publicUrlOf(host, true, [
        { name: 'https', port: 443, targetPort: 'http', nodePort: lb.httpsNodePort },
      ]);
    return this.publicUrlOf(host, door.https ?? false, door.publicPorts);
  }

  /**
   * The URL users open through a front door in the proxy pod: its host, and the port of
   * `proxy-public` they reach (a load balancer's port, or a fixed node port). Unknown for a
   * ClusterIP Service or a node port Kubernetes picks.
   */
  private publicUrlOf(host: string, https: boolean, ports: readonly ProxyPublicPort[]): string | undefined {
    const port = ports.find((p) => p.name === (https ? 'https' : 'http'));
    if (port === undefined) return undefined;
    if (this.publicServiceType === kplus.ServiceType.LOAD_BALANCER) return publicOrigin(host, https, port.port);
    if (this.publicServiceType === kplus.ServiceType.NODE_PORT && port.nodePort !== undefined)
      return publicOrigin(host, https, port.nodePort);
    return undefined;
  }
}
