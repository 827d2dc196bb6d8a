/**
 * The Ingress of ingress-resource mode: a `networking.k8s.io/v1` Ingress for the cluster's
 * ingress controller, sending everything to `proxy-public`.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HubNames } from '../core/constants';
import { objectMeta } from '../core/k8s';
import { defaultTlsSecretName, NginxIngressModel, NginxIngressResourceModel } from './nginx-ingress-model';
import type { IProxy } from './proxy-front-door';

/** The Ingress (the front door's default child), for the proxy's public Service. */
export function createIngressResource(
  scope: Construct,
  m: NginxIngressModel,
  ingress: NginxIngressResourceModel,
  proxy: IProxy,
): k8s.KubeIngress {
  const names = new HubNames(proxy.namePrefix);
  const tls = m.tls;
  // With per-user origins the hub's host and the users' wildcard, one rule each (a wildcard matches one label, not the bare name).
  const hosts = m.subdomainHost !== undefined ? [m.subdomainHost, m.host as string] : [m.host];
  const backend = { service: { name: proxy.publicServiceName, port: { number: proxy.publicPort } } };
  return new k8s.KubeIngress(scope, 'Resource', {
    metadata: objectMeta(scope, names.ingress, proxy.podLabels, ingress.annotations),
    spec: {
      ingressClassName: ingress.className,
      tls: tls
        ? [{ hosts: hosts as string[], secretName: tls.secretName ?? defaultTlsSecretName(names.prefix) }]
        : undefined,
      rules: hosts.map((host) => ({ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } })),
    },
  });
}
