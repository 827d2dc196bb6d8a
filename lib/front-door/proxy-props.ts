import * as kplus from 'cdk8s-plus-27';
import type { ContainerSecurityOptions } from '../core/container-security';
import type { ProbeOptions } from '../core/probe-options';
import type { WorkloadOptions } from '../core/workload-options';
import type { NetworkPolicyOptions } from '../core/network-policy-options';
import type { NodePool } from '../users/node-pool';
import type { ChpFlags } from './chp-flags';
import type { ProxyServicePort } from './proxy-service-ports';
import { IpFamily, IpFamilyPolicy } from '../core/ip-families';

// Shared with the hub Service (lib/core/ip-families.ts); exported here under the same names.
export { IpFamily, IpFamilyPolicy };

/** configurable-http-proxy log levels. */
export enum ProxyLogLevel {
  /** Every request. */
  DEBUG = 'debug',
  /** Routes added and removed, errors. */
  INFO = 'info',
  /** Warnings and errors. */
  WARN = 'warn',
  /** Errors only. */
  ERROR = 'error',
}

/**
 * Where a NodePort or LoadBalancer Service sends outside traffic (`spec.externalTrafficPolicy`).
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy
 */
export enum ExternalTrafficPolicy {
  /** To any node, which forwards it (even spread; the client address is lost to SNAT). */
  CLUSTER = 'Cluster',
  /** Only to nodes running a proxy pod: the client address is kept (for `loadBalancerSourceRanges` and logs), no extra hop. */
  LOCAL = 'Local',
}

/** Settings of a {@link Proxy} (also `JupyterHubProps.proxy`). */
export interface ProxyOptions {
  /**
   * configurable-http-proxy image.
   * @default 'quay.io/jupyterhub/configurable-http-proxy:5.2.0'
   */
  readonly image?: string;

  /**
   * Type of the `proxy-public` Service.
   * @default kplus.ServiceType.LOAD_BALANCER (as Zero to JupyterHub)
   */
  readonly serviceType?: kplus.ServiceType;

  /**
   * Port of the `proxy-public` Service.
   * @default 80
   */
  readonly port?: number;

  /**
   * Fixed node port for HTTP (NodePort and LoadBalancer Services only).
   * @default - Kubernetes picks one
   */
  readonly nodePort?: number;

  /**
   * More annotations of `proxy-public`, for the cloud's load balancer (e.g.
   * `service.beta.kubernetes.io/azure-load-balancer-internal: 'true'`). AKS's DNS label has a typed
   * prop, `azureDnsLabelName`.
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };

  /**
   * AKS: the DNS label of the load balancer's public IP
   * (`service.beta.kubernetes.io/azure-dns-label-name`), which makes it
   * `<label>.<region>.cloudapp.azure.com`. A front door host in that zone must start with this
   * label (checked). LoadBalancer Services only.
   * @default - no DNS name from Azure
   */
  readonly azureDnsLabelName?: string;

  /**
   * Only these client ranges (CIDRs) may reach the load balancer (`loadBalancerSourceRanges`).
   * LoadBalancer Services only.
   * @default - every address
   */
  readonly loadBalancerSourceRanges?: string[];

  /**
   * Where outside traffic goes (`externalTrafficPolicy`); `LOCAL` keeps the client address.
   * NodePort and LoadBalancer Services only.
   * @default - Kubernetes' default, ExternalTrafficPolicy.CLUSTER
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;

  /**
   * A static address for the load balancer (`spec.loadBalancerIP`), reserved with the cloud in
   * the cluster's region (GKE, AKS); clouds without the feature ignore it. LoadBalancer Services only.
   * @default - the cloud assigns one
   */
  readonly loadBalancerIp?: string;

  /**
   * Resources of the proxy container.
   * @default - requests 100m CPU and 128Mi memory; limits 1 CPU and 512Mi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Log level of configurable-http-proxy.
   * @default ProxyLogLevel.INFO
   */
  readonly logLevel?: ProxyLogLevel;

  /**
   * Node pool of the proxy pod (with its front door).
   * @default - the hub's `nodePool`, else any node
   */
  readonly nodePool?: NodePool;

  /**
   * A NetworkPolicy for the proxy pod: the public port from anywhere, the API only from the hub,
   * egress only to the hub, user servers and DNS.
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * What the proxy pod's NetworkPolicy allows besides its own rules (z2jh
   * `proxy.chp.networkPolicy.*`; with nginx in the pod, its rules too): extra ingress and egress
   * rules, the predefined egress rules (the proxy's defaults: DNS only), access labels
   * (`network-access-proxy-api`, `network-access-proxy-http`) of other namespaces, ports open to
   * anyone (not the API port 8001: whoever reaches it rewrites the routing table). Warning: an
   * extra ingress rule admitting the users' servers to port 8001 fails the isolation self-test's
   * line "cannot reach the proxy's API".
   * @example
   * { egressAllowRules: { nonPrivateIPs: true } } // the proxy routes a hub service to an outside address
   * @default - the proxy's own rules only
   */
  readonly networkPolicyRules?: NetworkPolicyOptions;

  /**
   * TLS is terminated by the load balancer in front (a cloud certificate on it): `proxy-public`
   * also listens on 443 and sends that traffic, decrypted, to the proxy's HTTP port (Zero to
   * JupyterHub's `proxy.https.type: offload`). Set the cloud's certificate annotation with
   * `serviceAnnotations`; the hub's OAuth `callbackUrl` is then an `https://` URL. NodePort and
   * LoadBalancer Services only.
   * @default false
   */
  readonly httpsOffload?: boolean;

  /**
   * Fixed node port for the HTTPS port of `httpsOffload`.
   * @default - Kubernetes picks one
   */
  readonly httpsNodePort?: number;

  /**
   * Leave the HTTP port out of `proxy-public`, so that only the offloaded HTTPS port answers
   * (needs `httpsOffload`).
   * @default false
   */
  readonly disableHttpPort?: boolean;

  /**
   * Labels of `proxy-public`, besides the proxy's own (which cannot be overridden), e.g. for a
   * cloud controller or an external-dns filter.
   * @default - the proxy's labels only
   */
  readonly serviceLabels?: { [key: string]: string };

  /**
   * Addresses of nodes (or routers) that also take traffic for `proxy-public` (`spec.externalIPs`).
   * @default - none
   */
  readonly externalIps?: string[];

  /**
   * IP families of `proxy-public` (`spec.ipFamilyPolicy`).
   * @default - Kubernetes' default, IpFamilyPolicy.SINGLE_STACK (Zero to JupyterHub asks for PREFER_DUAL_STACK)
   */
  readonly ipFamilyPolicy?: IpFamilyPolicy;

  /**
   * The IP families of `proxy-public`, in order (the first is the primary one).
   * @default - the cluster's primary family (and, dual-stack, the other one)
   */
  readonly ipFamilies?: IpFamily[];

  /**
   * Options of the proxy pod (Zero to JupyterHub's `proxy.labels`, `proxy.annotations` and
   * `proxy.chp.*`): its labels, annotations, node selector, tolerations, pull secrets, priority
   * and the Deployment's history for the whole pod, the ServiceAccount's annotations, and
   * `extraEnv` and `imagePullPolicy` for CHP's container (a front door in the pod, such as
   * `NginxIngress`, has its own `workload` for its containers).
   * @default - the library's settings
   * @example
   * { podLabels: { team: 'data' }, tolerations: [{ key: 'system', operator: 'Exists', effect: 'NoSchedule' }], revisionHistoryLimit: 3 }
   */
  readonly workload?: WorkloadOptions;

  /**
   * Where CHP sends requests no route matches (`--default-target`), instead of the hub. Only
   * matters while the hub is down: the hub adds itself as the default route when it starts.
   * @default - the hub's Service
   */
  readonly defaultTarget?: string;

  /**
   * Where CHP asks for error pages (`--error-target`: `GET <target>/<status>?url=<path>`) instead
   * of the hub's `/hub/error`, e.g. a static page server that keeps load off the hub.
   * @default - the hub's `hub/error`
   */
  readonly errorTarget?: string;

  /**
   * More configurable-http-proxy flags, typed (Zero to JupyterHub's `proxy.chp.extraCommandLineFlags`).
   * @default - none
   */
  readonly chpFlags?: ChpFlags;

  /**
   * More ports of `proxy-public` (Zero to JupyterHub's `proxy.service.extraPorts`), each leading
   * to a port a container of the proxy pod listens on; the proxy's NetworkPolicy admits them.
   * @default - none
   * @example
   * [{ name: 'ssh', port: 22, targetPort: 8022 }]
   */
  readonly extraPorts?: ProxyServicePort[];

  /**
   * CHP's liveness probe (`GET /_chp_healthz`): whether it runs and its timing.
   * @default - after 60s, every 10s, 30 failures, 3s timeout (as Zero to JupyterHub)
   */
  readonly livenessProbe?: ProbeOptions;

  /**
   * CHP's readiness probe (`GET /_chp_healthz`): whether it runs and its timing.
   * @default - every 2s, 1000 failures, 1s timeout (as Zero to JupyterHub)
   */
  readonly readinessProbe?: ProbeOptions;

  /**
   * The user and group CHP's container runs as (within Pod Security restricted).
   * @default - user and group 65534 (nobody), as Zero to JupyterHub
   */
  readonly containerSecurity?: ContainerSecurityOptions;
}

/**
 * Props of {@link Proxy}: its settings. It takes no hub: give the Proxy to the hub
 * (`hub.addIntegration(proxy)`), which makes its objects then.
 */
export interface ProxyProps extends ProxyOptions {}
