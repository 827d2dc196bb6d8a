import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpProxy } from '../../imports/projectcontour.io';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { checkDnsSubdomain } from '../core/validate';
import { checkHost } from '../core/validate-host';
import type { Proxy } from './proxy';

/** Props of {@link ContourHttpProxy}. */
export interface ContourHttpProxyProps {
  /** The proxy whose public Service (`proxy-public`) the route sends everything to. */
  readonly proxy: Proxy;
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
 * terminals use them).
 * @see https://projectcontour.io/docs/1.33/config/fundamentals/
 */
export class ContourHttpProxy extends Construct {
  /** The HTTPProxy object. */
  public readonly resource: ApiObject;
  /** The host name. */
  public readonly fqdn: string;

  public constructor(scope: Construct, id: string, props: ContourHttpProxyProps) {
    checkProps('ContourHttpProxyProps', props);
    super(scope, id);
    addAppChecks(this);
    checkHost('fqdn', props.fqdn, { wildcard: false, ip: false });
    if (props.tlsSecretName !== undefined) checkDnsSubdomain('tlsSecretName', props.tlsSecretName);
    const name = checkDnsSubdomain('name', props.name ?? 'jupyterhub');
    this.fqdn = props.fqdn;
    this.resource = new HttpProxy(this, 'Resource', {
      metadata: { name },
      spec: {
        virtualhost: {
          fqdn: props.fqdn,
          ...(props.tlsSecretName !== undefined ? { tls: { secretName: props.tlsSecretName } } : {}),
        },
        routes: [
          {
            conditions: [{ prefix: '/' }],
            enableWebsockets: true,
            services: [{ name: props.proxy.publicServiceName, port: props.proxy.publicPort }],
          },
        ],
      },
    });
    this.resource.node.addDependency(props.proxy);
  }
}
