/** How users reach the hub: the proxy, nginx, TLS, ACME and the public Service. */
export { IngressTls } from './ingress-tls';
export type { CertManagerTlsOptions } from './ingress-tls';
export { AcmeDirectory } from './acme';
export type { AcmeTlsOptions } from './acme';
export { NginxIngress, NginxIngressMode } from './nginx-ingress';
export type { NginxIngressOptions, NginxIngressProps } from './nginx-ingress';
export { ExternalTrafficPolicy, Proxy, ProxyLogLevel } from './proxy';
export type { ProxyFrontDoor, ProxyOptions, ProxyProps, ProxyPublicPort } from './proxy';
export { ContourHttpProxy } from './contour-http-proxy';
export type { ContourHttpProxyProps } from './contour-http-proxy';
