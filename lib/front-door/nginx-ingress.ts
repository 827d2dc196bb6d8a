import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { FrontDoorBinding } from './front-door-binding';
import { NginxIngressModel, resolveNginxIngressModel } from './nginx-ingress-model';
import type { NginxIngressProps } from './nginx-ingress-props';
import { createIngressResource } from './nginx-ingress-resource';
import { bindNginxSidecar, renderSidecarConf } from './nginx-sidecar';
import type { IProxy, IProxyFrontDoor, ProxyFrontDoorConfig } from './proxy-front-door';

/**
 * The hub's front door. In {@link NginxIngressMode.SIDECAR} mode (the default, as in the original
 * minikube deployment) nginx runs in the proxy pod with a generated `nginx.conf` (ConfigMap
 * `nginx-proxy-config`): `proxy-public` → nginx → configurable-http-proxy, with the body-size
 * limit, websocket upgrade, timeouts and optional TLS. In {@link NginxIngressMode.INGRESS_RESOURCE}
 * mode it is a standard Ingress for the cluster's ingress controller, pointing at `proxy-public`.
 *
 * Give it to the {@link Proxy} it fronts, before the proxy is added to its hub: its props are
 * checked when it is created, its objects made (and checked against the proxy's ports) when the
 * proxy is added. Its host, with TLS, becomes the hub's public URL (OAuth callbacks are derived
 * from it).
 *
 * @example
 * const proxy = new Proxy(chart, 'proxy', { serviceType: ServiceType.LOAD_BALANCER });
 * proxy.addFrontDoor(new NginxIngress(chart, 'nginx', { host: 'hub.example.org', tls: IngressTls.fromSecretName('hub-tls') }));
 * hub.addIntegration(proxy);
 */
export class NginxIngress extends Construct implements IProxyFrontDoor {
  /** The generated `nginx.conf` (sidecar mode). */
  public readonly config?: string;

  private readonly model: NginxIngressModel;
  private readonly binding: FrontDoorBinding;
  private resource?: k8s.KubeIngress;

  public constructor(scope: Construct, id: string, props: NginxIngressProps = {}) {
    checkProps('NginxIngressProps', props);
    super(scope, id);
    // Whole-app checks (duplicate objects, overlapping selectors, nodePorts), once per app.
    addAppChecks(this);
    this.binding = new FrontDoorBinding(this, 'NginxIngress');
    this.model = resolveNginxIngressModel(props);
    if (this.model.sidecar) this.config = renderSidecarConf(this.model, this.model.sidecar);
  }

  /** The Ingress (ingress-resource mode); made when the proxy binds the door. */
  public get ingress(): k8s.KubeIngress | undefined {
    if (this.model.ingress === undefined) return undefined;
    if (this.resource === undefined) return this.binding.proxy as never; // throws: not in front of a proxy yet
    return this.resource;
  }

  /**
   * Makes the door's objects for the proxy: in sidecar mode the ConfigMap (and the ACME
   * client's objects), and nginx for the proxy pod; in ingress-resource mode the Ingress. Checks
   * the HTTPS ports against the proxy's.
   */
  public bindToProxy(proxy: IProxy): ProxyFrontDoorConfig {
    checkProps('NginxIngress#bindToProxy', { proxy });
    this.binding.bind(proxy);
    const m = this.model;
    if (m.ingress) {
      this.resource = createIngressResource(this, m, m.ingress, proxy);
      return { publicUrl: m.ingress.publicUrl, subdomainHost: m.subdomainHost };
    }
    const sidecar = bindNginxSidecar(this, m, m.sidecar!, this.config as string, proxy);
    return { sidecar, subdomainHost: m.subdomainHost };
  }
}
