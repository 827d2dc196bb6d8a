/**
 * An Ingress to the hubs' gateway front (`EnterpriseGatewayProps.ingress`), the chart's
 * `ingress.*` without its isolation hole: the chart's Ingress leads to the gateway itself, where one
 * token serves every client; this one leads to the front, which takes a JupyterHub user's API token
 * on every request and forces that user's identity on the kernels it starts (issue 19). A Jupyter
 * server outside the cluster then uses the gateway with
 * `--gateway-url=https://<host><path> --GatewayClient.auth_token=<the user's hub API token>`.
 * @example
 * new EnterpriseGateway(ns, 'gw', {
 *   ingress: { host: 'kernels.example.org', ingressClassName: 'nginx', tlsSecretName: 'kernels-tls' },
 * });
 */
export interface GatewayIngressOptions {
  /** Host name of the Ingress rule (the chart's `ingress.hostName`). */
  readonly host: string;
  /**
   * Path the gateway API is served below (a Prefix path; the front serves `<path>/api/...` and
   * the hub's servers use it too).
   * @default '/'
   */
  readonly path?: string;
  /**
   * IngressClass of the Ingress.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * Annotations of the Ingress (controller settings, e.g. websocket timeouts).
   * @default - none
   */
  readonly annotations?: { readonly [key: string]: string };
  /**
   * A `kubernetes.io/tls` Secret in the hub's namespace with the certificate for `host`
   * (user-provided). Without it clients send their hub token over plain HTTP unless the
   * controller terminates TLS by default.
   * @default - no TLS entry
   */
  readonly tlsSecretName?: string;
}
