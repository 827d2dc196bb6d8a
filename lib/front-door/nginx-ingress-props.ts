import type { NetworkPolicyOptions } from '../core/network-policy-options';
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { ContainerSecurityOptions } from '../core/container-security';
import type { WorkloadOptions } from '../core/workload-options';
import type { IngressTls } from './ingress-tls';
import type { HstsOptions } from './nginx-hsts';

/** Where nginx runs. */
export enum NginxIngressMode {
  /**
   * nginx in the proxy pod in front of configurable-http-proxy, configured by a generated
   * `nginx.conf` (the original minikube deployment's topology, without an ingress controller).
   */
  SIDECAR = 'sidecar',
  /**
   * A `networking.k8s.io/v1` Ingress for an ingress controller the cluster already runs.
   */
  INGRESS_RESOURCE = 'ingress-resource',
}

/** Settings of an {@link NginxIngress} (also `JupyterHubProps.frontDoorOptions`). */
export interface NginxIngressOptions {
  /**
   * Where nginx runs.
   * @default NginxIngressMode.SIDECAR
   */
  readonly mode?: NginxIngressMode;

  /**
   * nginx image (sidecar mode); an unprivileged image (uid 101, ports above 1024).
   * @default 'docker.io/nginxinc/nginx-unprivileged:1.29.3-alpine'
   */
  readonly image?: string;

  /**
   * Largest request body (notebook uploads), the original minikube deployment's `proxy-body-size`.
   * @default Size.mebibytes(64)
   */
  readonly maxBodySize?: Size;

  /**
   * How long nginx waits to connect to the proxy.
   * @default Duration.seconds(10)
   */
  readonly connectTimeout?: Duration;

  /**
   * How long a connection may stay silent (also idle websockets) before nginx closes it.
   * @default Duration.hours(1)
   */
  readonly readTimeout?: Duration;

  /**
   * Host name users reach the hub at (`server_name`, the Ingress rule's host). Required with TLS
   * in ingress-resource mode.
   * @default - any host (with `IngressTls.acme()`: its hosts)
   */
  readonly host?: string;

  /**
   * Per-user origins (opt-in; JupyterHub's `c.JupyterHub.subdomain_host`, which its docs recommend
   * when users are not trusted): each user's server is served at its own origin,
   * `https://<user>.<subdomainHost>/user/<user>/` (JupyterHub 5's default `subdomain_hook`
   * 'idna' makes one DNS label of any name), so one user's JavaScript cannot act on another
   * user's server or on the hub with their cookies. The hub stays at `https://<subdomainHost>`,
   * where OAuth callbacks are derived. It needs a DNS name (not an address) with a wildcard DNS
   * record `*.<subdomainHost>` beside it, `host: '*.<subdomainHost>'` (the door then answers both
   * names), and `tls` with a certificate for both names: a wildcard certificate in a Secret
   * ({@link IngressTls.fromSecretName}) or from a cert-manager issuer that can issue wildcards
   * (`IngressTls.certManager(..., { issuesWildcards: true })`: DNS-01 or a CA). `IngressTls.acme()`
   * is refused: HTTP-01 cannot validate a wildcard. configurable-http-proxy then routes by host
   * (`--host-routing`).
   * @default - no per-user origins: every server under the hub's host
   */
  readonly subdomainHost?: string;

  /**
   * HTTPS: a certificate from a Secret, from cert-manager (ingress-resource mode) or from an ACME
   * server such as Let's Encrypt (`IngressTls.acme()`, sidecar mode). In sidecar mode HTTP then
   * only redirects to HTTPS (except ACME challenges). A hub with an OAuth authenticator needs it
   * when `host` is set (its callback would be `http://`), unless the host is localhost or the
   * authenticator's `callbackUrl` is written out.
   * @default - plain HTTP
   */
  readonly tls?: IngressTls;

  /**
   * Port of `proxy-public` for HTTPS (sidecar mode with TLS).
   * @default 443
   */
  readonly httpsPort?: number;

  /**
   * Fixed node port for HTTPS (sidecar mode with TLS, NodePort or LoadBalancer Service).
   * @default - Kubernetes picks one
   */
  readonly httpsNodePort?: number;

  /**
   * IngressClass of the Ingress (ingress-resource mode).
   * @default 'nginx'
   */
  readonly ingressClassName?: string;

  /**
   * More hosts whose rules also lead to the hub (e.g. a former name); the hub's public URL stays
   * `host`'s. Ingress-resource mode only; with `tls`, its certificate covers them too.
   * @default - `host` only
   */
  readonly additionalHosts?: string[];

  /**
   * TLS entries besides `tls`'s, each a Secret you provide for some of the Ingress's hosts.
   * Ingress-resource mode only.
   * @default - none
   */
  readonly extraTls?: IngressTlsEntry[];

  /**
   * How the hub's path matches. Ingress-resource mode only.
   * @default IngressPathType.PREFIX
   */
  readonly pathType?: IngressPathType;

  /**
   * Text after the hub's path `/`, e.g. `*` for GKE's `gce` IngressClass (with
   * `pathType: IngressPathType.IMPLEMENTATION_SPECIFIC`). Ingress-resource mode only.
   * @default - none: the path is `/`
   */
  readonly pathSuffix?: string;

  /**
   * Paths to Services of your own, on every host of the Ingress, ahead of the hub's path.
   * Ingress-resource mode only.
   * @default - none
   */
  readonly extraPaths?: IngressExtraPath[];

  /**
   * Extra annotations of the Ingress (ingress-resource mode), for controller-specific settings.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Resources of the nginx container (sidecar mode).
   * @default - requests 50m CPU and 64Mi memory; limits 500m CPU and 256Mi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * The `Strict-Transport-Security` header nginx sends on HTTPS (sidecar mode with `tls`).
   * @default - max-age a year, without includeSubDomains or preload
   * @example
   * { maxAge: Duration.days(730), includeSubdomains: true, preload: true }
   */
  readonly hsts?: HstsOptions;

  /**
   * Options of the door in the proxy pod (sidecar mode; Zero to JupyterHub's `proxy.traefik.*`
   * and `proxy.secretSync.*`): `extraEnv` for the nginx container, `imagePullPolicy` for nginx and
   * the ACME client's containers; the rest (labels, annotations, node selector, tolerations, pull
   * secrets, priority, history, ServiceAccount annotations) for the proxy pod nginx runs in,
   * merged with the Proxy's `workload` (a key both set to different values is refused).
   * @default - the library's settings
   */
  readonly workload?: WorkloadOptions;

  /**
   * The user and group nginx's container runs as (sidecar mode; within Pod Security restricted).
   * The pod's `fsGroup` stays nginx's group (101), so nginx still reads the TLS key.
   * @default - user and group 101, the nginx-unprivileged image's
   */
  readonly containerSecurity?: ContainerSecurityOptions;

  /**
   * What the NetworkPolicy of the pod nginx runs in (the proxy's) allows besides its own rules,
   * for nginx (sidecar mode; z2jh `proxy.traefik.networkPolicy.*`): extra ingress and egress
   * rules, the egress rules `nonPrivateIPs`, `privateIPs` and `cloudMetadataServer` (each off
   * unless set), ports open to anyone. DNS and the access labels are the proxy's
   * (`ProxyProps.networkPolicyRules`): the pod has one policy. Warning: what this opens, CHP in
   * the same pod can use too.
   * @example
   * { egress: [{ peers: [{ cidr: '203.0.113.0/24' }], ports: [{ port: 443 }] }] } // an OCSP responder
   * @default - the proxy's rules only
   */
  readonly networkPolicyRules?: NetworkPolicyOptions;
}

/** How an Ingress path matches (`pathType`). */
export enum IngressPathType {
  /** The path and everything below it, by path element (the default). */
  PREFIX = 'Prefix',
  /** As the IngressClass's controller matches it (GKE's `gce` class needs `/*` with it: `pathSuffix`). */
  IMPLEMENTATION_SPECIFIC = 'ImplementationSpecific',
}

/** A TLS entry of the Ingress besides the front door's own `tls` (Zero to JupyterHub's `ingress.tls`). */
export interface IngressTlsEntry {
  /** Hosts the certificate is for; each a host of the Ingress. */
  readonly hosts: string[];
  /** Secret of type `kubernetes.io/tls` holding the certificate, in the front door's namespace (user-provided). */
  readonly secretName: string;
}

/** A path of the Ingress to a Service of your own, ahead of the hub's (Zero to JupyterHub's `ingress.extraPaths`). */
export interface IngressExtraPath {
  /** The path, e.g. `/docs`. */
  readonly path: string;
  /** The Service it leads to, in the front door's namespace (user-provided). */
  readonly serviceName: string;
  /** The Service's port. */
  readonly servicePort: number;
  /**
   * How the path matches.
   * @default IngressPathType.PREFIX
   */
  readonly pathType?: IngressPathType;
}

/**
 * Props of {@link NginxIngress}: its settings. It takes no proxy: give the NginxIngress to the
 * proxy (`proxy.addFrontDoor(nginx)`), which binds it when the proxy is added to its hub.
 */
export interface NginxIngressProps extends NginxIngressOptions {}
