/** How users reach the hub: the proxy, nginx, TLS, ACME and the public Service. */
export { IngressTls } from './ingress-tls';
export type {
  AcmeSettings,
  CertManagerTlsOptions,
  IngressTlsConfig,
  IngressTlsContext,
  SecretTlsOptions,
} from './ingress-tls';
export { AcmeDirectory } from './acme';
export type { AcmeTlsOptions } from './acme';
export { NginxIngress } from './nginx-ingress';
export { IngressPathType, NginxIngressMode } from './nginx-ingress-props';
export type { IngressExtraPath, IngressTlsEntry } from './nginx-ingress-props';
export type { NginxIngressOptions, NginxIngressProps } from './nginx-ingress-props';
export { Proxy } from './proxy';
export { ExternalTrafficPolicy, IpFamily, IpFamilyPolicy, ProxyLogLevel } from './proxy-props';
export type { ProxyOptions, ProxyProps } from './proxy-props';
export type { ChpFlags } from './chp-flags';
export type { HstsOptions } from './nginx-hsts';
export type { ProxyServicePort } from './proxy-service-ports';
export type { IProxy, IProxyFrontDoor, ProxyFrontDoorConfig, ProxyPublicPort, ProxySidecar } from './proxy-front-door';
export { ContourHttpProxy } from './contour-http-proxy';
export { GatewayHttpRoute } from './gateway-http-route';
export type { GatewayHttpRouteProps } from './gateway-http-route';
export type { ContourHttpProxyProps } from './contour-http-proxy';
