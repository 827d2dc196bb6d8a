/**
 * The Ingress of ingress-resource mode: a `networking.k8s.io/v1` Ingress for the cluster's
 * ingress controller, sending everything to `proxy-public`.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HubNames } from '../core/constants';
import { objectMeta } from '../core/k8s';
import type { IngressTlsConfig } from './ingress-tls';
import type { IngressRoutes } from './ingress-routes';
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
  const r = ingress.routes;
  const hosts = m.subdomainHost !== undefined ? [m.subdomainHost, m.host as string] : [m.host, ...r.additionalHosts];
  const backend = { service: { name: proxy.publicServiceName, port: { number: proxy.publicPort } } };
  // The user's paths first (controllers prefer the longest match; the order keeps it readable), then the hub's.
  const paths = [
    ...r.extraPaths.map((p) => ({
      path: p.path,
      pathType: p.pathType,
      backend: { service: { name: p.serviceName, port: { number: p.servicePort } } },
    })),
    { path: r.path, pathType: r.pathType, backend },
  ];
  return new k8s.KubeIngress(scope, 'Resource', {
    metadata: objectMeta(scope, names.ingress, proxy.podLabels, ingress.annotations),
    spec: {
      ingressClassName: ingress.className,
      tls: ingressTls(tls, hosts as string[], r, names.prefix),
      rules: hosts.map((host) => ({ host, http: { paths } })),
    },
  });
}

/** The front door's certificate for its hosts (but those of the extra entries), then the extra entries. */
function ingressTls(
  tls: IngressTlsConfig | undefined,
  hosts: string[],
  r: IngressRoutes,
  prefix: string,
): k8s.IngressTls[] | undefined {
  const extra = r.extraTls.map((e) => ({ hosts: e.hosts, secretName: e.secretName }));
  const elsewhere = new Set(extra.flatMap((e) => e.hosts));
  const own = tls
    ? [{ hosts: hosts.filter((h) => !elsewhere.has(h)), secretName: tls.secretName ?? defaultTlsSecretName(prefix) }]
    : [];
  const all = [...own, ...extra];
  return all.length > 0 ? all : undefined;
}
