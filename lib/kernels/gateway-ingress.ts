/**
 * The gateway front's Ingress (`EnterpriseGatewayProps.ingress`): its options resolved, and the
 * Ingress in the hub's namespace to the front's Service (never to the gateway's).
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { checkAnnotations, checkDnsSubdomain, fail } from '../core/validate';
import type { GatewayIngressOptions } from './gateway-ingress-props';

/** The resolved Ingress. */
export interface GatewayIngressModel {
  readonly host: string;
  /** The path without a trailing '/': '' for '/'. */
  readonly basePath: string;
  readonly ingressClassName?: string;
  readonly annotations: { readonly [key: string]: string };
  readonly tlsSecretName?: string;
}

/** Validates `ingress`. */
export function resolveGatewayIngress(o: GatewayIngressOptions | undefined): GatewayIngressModel | undefined {
  if (o === undefined) return undefined;
  if (typeof o.host !== 'string' || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(o.host) || o.host.length > 253)
    fail('ingress.host', o.host, "must be a DNS name in lower case, e.g. 'kernels.example.org'");
  const path = o.path ?? '/';
  if (
    !/^(\/[A-Za-z0-9._~-]+)*\/?$/.test(path) ||
    path.length === 0 ||
    path.split('/').some((s) => s === '..' || s === '.')
  )
    fail('ingress.path', path, "must be an absolute path of plain segments, e.g. '/' or '/enterprise-gateway'");
  if (o.ingressClassName !== undefined) checkDnsSubdomain('ingress.ingressClassName', o.ingressClassName);
  if (o.tlsSecretName !== undefined) checkDnsSubdomain('ingress.tlsSecretName', o.tlsSecretName);
  checkAnnotations('ingress.annotations', o.annotations ?? {});
  return {
    host: o.host,
    basePath: path.replace(/\/+$/, ''),
    ingressClassName: o.ingressClassName,
    annotations: { ...(o.annotations ?? {}) },
    tlsSecretName: o.tlsSecretName,
  };
}

/** The Ingress to a front's Service (`<id>Ingress`, named as the front, in its namespace). */
export function createFrontIngress(
  scope: Construct,
  id: string,
  meta: { name: string; namespace: string; labels: { [key: string]: string } },
  ingress: GatewayIngressModel,
  port: number,
): void {
  const annotations = Object.keys(ingress.annotations).length > 0 ? { ...ingress.annotations } : undefined;
  new k8s.KubeIngress(scope, `${id}Ingress`, {
    metadata: { ...meta, ...(annotations ? { annotations } : {}) },
    spec: {
      ...(ingress.ingressClassName ? { ingressClassName: ingress.ingressClassName } : {}),
      rules: [
        {
          host: ingress.host,
          http: {
            paths: [
              {
                path: ingress.basePath || '/',
                pathType: 'Prefix',
                backend: { service: { name: meta.name, port: { number: port } } },
              },
            ],
          },
        },
      ],
      ...(ingress.tlsSecretName ? { tls: [{ hosts: [ingress.host], secretName: ingress.tlsSecretName }] } : {}),
    },
  });
}
