/**
 * An {@link NginxIngress}'s props, validated and resolved once (with its TLS source bound): what
 * its objects are built from. The checks against the proxy it fronts come when the proxy binds it.
 * @internal
 */
import { Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { IDS, IMAGES } from '../core/constants';
import { containerSecurity } from '../core/container-security';
import { resolveWorkload, WorkloadModel, WorkloadOptions } from '../core/workload-options';
import { COMPONENT_EGRESS_DEFAULTS, resolveNetworkPolicyOptions } from '../core/network-policy-options';
import type { NetworkPolicyOptions, NetworkPolicyRulesModel } from '../core/network-policy-options';
import { PROXY_API_GUARD } from './proxy-model';
import { resources, sizeBytes } from '../core/k8s';
import {
  checkAnnotations,
  checkDnsSubdomain,
  checkNodePort,
  checkPinnedImage,
  checkPort,
  checkSeconds,
  checkSize,
  fail,
} from '../core/validate';
import { checkHost, isIPv4 } from '../core/validate-host';
import type { IngressTlsConfig } from './ingress-tls';
import { NginxIngressMode, NginxIngressProps } from './nginx-ingress-props';
import { IngressRoutes, resolveIngressRoutes } from './ingress-routes';
import { hstsHeader } from './nginx-hsts';
import { checkNginxValue } from './nginx-values';
import { publicOrigin } from './public-service';

/** The front door's settings, validated. */
export interface NginxIngressModel {
  /** The host users reach the hub at, if given (with `subdomainHost`: the wildcard `*.<subdomainHost>`). */
  readonly host?: string;
  /** Per-user origins: the hub's own host, whose subdomains are the users' servers. */
  readonly subdomainHost?: string;
  /** The certificate's source, bound (undefined: plain HTTP). */
  readonly tls?: IngressTlsConfig;
  /** Largest request body, in bytes. */
  readonly maxBodyBytes: number;
  /** Timeouts in seconds. */
  readonly connectTimeout: number;
  readonly readTimeout: number;
  /** Sidecar mode: nginx in the proxy pod. */
  readonly sidecar?: NginxSidecarModel;
  /** Ingress-resource mode: an Ingress for the cluster's controller. */
  readonly ingress?: NginxIngressResourceModel;
}

/** nginx in the proxy pod. */
export interface NginxSidecarModel {
  /** nginx image, pinned. */
  readonly image: string;
  readonly resources: k8s.ResourceRequirements;
  /** Port of `proxy-public` for HTTPS (used with TLS only). */
  readonly httpsPort: number;
  /** Fixed HTTPS node port, if one is asked for. */
  readonly httpsNodePort?: number;
  /** The host users reach the door at: `host`, else the ACME certificate's first. */
  readonly host?: string;
  /** The `Strict-Transport-Security` header's value (with TLS). */
  readonly hsts: string;
  /** The door's `workload`: env and pull policy for its containers, the rest for the proxy pod. */
  readonly workload: WorkloadModel;
  /** The same as the user gave it, for the proxy pod (validated). */
  readonly workloadOptions?: WorkloadOptions;
  /** nginx's security context. */
  readonly securityContext: k8s.SecurityContext;
  /** What `networkPolicyRules` adds to the proxy pod's NetworkPolicy (undefined: not given). */
  readonly networkPolicyRules?: NetworkPolicyRulesModel;
}

/** The Ingress of ingress-resource mode. */
export interface NginxIngressResourceModel {
  /** The IngressClass. */
  readonly className: string;
  /** Every annotation of the Ingress: nginx's settings, the TLS source's, the user's. */
  readonly annotations: { [key: string]: string };
  /** The hub's public URL: the rule's host on the controller's standard ports (none for a wildcard or no host). */
  readonly publicUrl?: string;
  /** More hosts, TLS entries, the hub's path and the user's paths. */
  readonly routes: IngressRoutes;
}

/** The settings both modes share. */
type Common = Pick<NginxIngressModel, 'maxBodyBytes' | 'connectTimeout' | 'readTimeout'>;

/** Name of the TLS Secret when the certificate's source names none. */
export function defaultTlsSecretName(namePrefix: string): string {
  return `${namePrefix}jupyterhub-tls`;
}

/** Validates the props of an NginxIngress (in the order the errors have always come, the proxy's checks aside). */
export function resolveNginxIngressModel(props: NginxIngressProps): NginxIngressModel {
  const common: Common = {
    maxBodyBytes: sizeBytes(checkSize('maxBodySize', props.maxBodySize ?? Size.mebibytes(64))),
    connectTimeout: checkSeconds('connectTimeout', props.connectTimeout ?? Duration.seconds(10)),
    readTimeout: checkSeconds('readTimeout', props.readTimeout ?? Duration.hours(1)),
  };
  const ingressMode = (props.mode ?? NginxIngressMode.SIDECAR) === NginxIngressMode.INGRESS_RESOURCE;
  // A wildcard is a valid Ingress host and nginx server_name; an IPv4 address only nginx's (the API refuses it in an Ingress).
  if (props.host !== undefined) checkHost('host', props.host, { wildcard: true, ip: !ingressMode });
  if (props.annotations !== undefined) checkAnnotations('annotations', props.annotations);
  if (props.subdomainHost !== undefined) checkSubdomainHost(props);
  return ingressMode ? resolveIngressMode(props, common) : resolveSidecarMode(props, common);
}

/**
 * Per-user origins: `subdomainHost` a DNS name, the door's `host` the wildcard below it, and TLS
 * (JupyterHub 5.5 `app.py` `subdomain_host`: "Requires `<username>.hub.domain.tld` to resolve to
 * the same host as `hub.domain.tld` ... When using SSL (i.e. always) this also requires a wildcard
 * SSL certificate"). The TLS source checks it can issue the wildcard when it is bound.
 */
function checkSubdomainHost(props: NginxIngressProps): void {
  const sub = props.subdomainHost as string;
  const example = "(e.g. subdomainHost: 'hub.example.org', host: '*.hub.example.org')";
  if (isIPv4(sub) || sub.includes(':'))
    fail(
      'subdomainHost',
      sub,
      `must be a DNS name, not an IP address: users' servers are served at '<user>.<subdomainHost>', which needs a wildcard DNS record ${example}`,
    );
  if (sub.startsWith('*.'))
    fail('subdomainHost', sub, `must be the hub's own host, without '*.': the wildcard goes in 'host' ${example}`);
  checkHost('subdomainHost', sub, { wildcard: false, ip: false });
  checkNginxValue('subdomainHost', sub);
  const wildcard = `*.${sub}`;
  if (props.host === undefined || !props.host.startsWith('*.'))
    fail(
      'host',
      props.host,
      `must be the wildcard '${wildcard}' with 'subdomainHost': the door answers the hub's host and every user's '<user>.${sub}' (give both names to DNS)`,
    );
  if (props.host !== wildcard)
    fail(
      'host',
      props.host,
      `does not match 'subdomainHost' '${sub}': users' servers are at '<user>.${sub}', so the door's host must be '${wildcard}'`,
    );
  if (props.tls === undefined)
    fail(
      'tls',
      undefined,
      `is needed with 'subdomainHost': per-user origins are served over HTTPS with a certificate for '${sub}' and '${wildcard}' (IngressTls.fromSecretName() with a wildcard certificate)`,
    );
}

/** Binds the TLS source for this door, and checks what it gives (a source may be the user's own). */
function bindTls(props: NginxIngressProps): IngressTlsConfig | undefined {
  // With per-user origins the certificate's source is told the hub's own host and the wildcard's base.
  const tls = props.tls?.bind(
    props.subdomainHost !== undefined
      ? { host: props.subdomainHost, subdomainHost: props.subdomainHost }
      : { host: props.host },
  );
  if (tls === undefined) return undefined;
  if (tls.secretName !== undefined) checkDnsSubdomain('tls.secretName', tls.secretName);
  if (tls.ingressAnnotations !== undefined) checkAnnotations('tls.ingressAnnotations', tls.ingressAnnotations);
  tls.acme?.hosts.forEach((h, i) => checkNginxValue(`tls.hosts[${i}]`, h));
  return tls;
}

/** Ingress-resource mode: the Ingress, and the hub's public URL from its host. */
function resolveIngressMode(props: NginxIngressProps, common: Common): NginxIngressModel {
  for (const p of [
    'image',
    'resources',
    'httpsPort',
    'httpsNodePort',
    'hsts',
    'workload',
    'containerSecurity',
    'networkPolicyRules',
  ] as const) {
    if (props[p] !== undefined)
      fail(p, props[p], "applies to sidecar mode only: remove it, or use 'mode: NginxIngressMode.SIDECAR'");
  }
  const tls = bindTls(props);
  if (tls?.ingressUnsupported) fail('tls', tls.description, tls.ingressUnsupported);
  if (tls && props.host === undefined)
    fail('tls', tls.description, "needs 'host': a TLS certificate is issued for a host name");
  const className = checkDnsSubdomain('ingressClassName', props.ingressClassName ?? 'nginx');
  const annotations: { [key: string]: string } = {
    // Understood by ingress-nginx and the controllers that kept its annotations; others ignore them.
    'nginx.ingress.kubernetes.io/proxy-body-size': String(common.maxBodyBytes),
    'nginx.ingress.kubernetes.io/proxy-connect-timeout': String(common.connectTimeout),
    'nginx.ingress.kubernetes.io/proxy-read-timeout': String(common.readTimeout),
    'nginx.ingress.kubernetes.io/proxy-send-timeout': String(common.readTimeout),
    ...tls?.ingressAnnotations,
    ...props.annotations,
  };
  // The controller serves the standard ports: the hub's public URL (OAuth callbacks) is the host's.
  const mainHost = props.subdomainHost ?? props.host;
  const publicUrl =
    mainHost !== undefined && !mainHost.startsWith('*.')
      ? publicOrigin(mainHost, tls !== undefined, undefined)
      : undefined;
  const subdomainHost = props.subdomainHost;
  const routes = resolveIngressRoutes(props);
  return { ...common, host: props.host, subdomainHost, tls, ingress: { className, annotations, publicUrl, routes } };
}

/** The props of ingress-resource mode only. */
const INGRESS_ONLY = [
  'ingressClassName',
  'annotations',
  'additionalHosts',
  'extraTls',
  'pathType',
  'pathSuffix',
  'extraPaths',
] as const;

/** Sidecar mode: nginx (and an ACME client) in the proxy pod. */
function resolveSidecarMode(props: NginxIngressProps, common: Common): NginxIngressModel {
  for (const p of INGRESS_ONLY) {
    if (props[p] !== undefined)
      fail(
        p,
        props[p],
        "applies to ingress-resource mode only: remove it, or use 'mode: NginxIngressMode.INGRESS_RESOURCE'",
      );
  }
  const tls = bindTls(props);
  if (tls?.sidecarUnsupported) fail('tls', tls.description, tls.sidecarUnsupported);
  if (!tls && (props.httpsPort !== undefined || props.httpsNodePort !== undefined)) {
    fail(
      props.httpsPort !== undefined ? 'httpsPort' : 'httpsNodePort',
      props.httpsPort ?? props.httpsNodePort,
      "needs 'tls': without TLS nginx serves plain HTTP only",
    );
  }
  if (!tls && props.hsts !== undefined)
    fail('hsts', props.hsts, "needs 'tls': browsers take the Strict-Transport-Security header over HTTPS only");
  const httpsPort = checkPort('httpsPort', props.httpsPort ?? 443);
  if (props.httpsNodePort !== undefined) checkNodePort('httpsNodePort', props.httpsNodePort);
  const sidecar: NginxSidecarModel = {
    image: checkPinnedImage('image', props.image ?? IMAGES.nginx),
    resources: resources('resources', props.resources, {
      cpuRequest: '50m',
      cpuLimit: '500m',
      memoryRequest: Size.mebibytes(64),
      memoryLimit: Size.mebibytes(256),
    }),
    httpsPort,
    httpsNodePort: props.httpsNodePort,
    // The hub's public URL (OAuth callbacks) comes from the host and TLS, never typed twice.
    host: props.subdomainHost ?? props.host ?? tls?.acme?.hosts[0],
    hsts: hstsHeader(props.hsts),
    workload: resolveWorkload('workload', props.workload),
    workloadOptions: props.workload,
    // Unprivileged image: listens on 8080/8443, so no capability is needed to bind.
    securityContext: containerSecurity('containerSecurity', props.containerSecurity, IDS.nginx, IDS.nginx, true),
    networkPolicyRules: resolveDoorRules(props.networkPolicyRules),
  };
  return { ...common, host: props.host, subdomainHost: props.subdomainHost, tls, sidecar };
}

/** The proxy pod's rules: nginx cannot have DNS or access labels of its own there. */
const PROXY_POD_ONLY = ['dnsPortsCloudMetadataServer', 'dnsPortsKubeSystemNamespace', 'dnsPortsPrivateIPs'] as const;

/** `networkPolicyRules` of sidecar mode: additions only, off unless set. */
function resolveDoorRules(options: NetworkPolicyOptions | undefined): NetworkPolicyRulesModel | undefined {
  if (options === undefined) return undefined;
  const prop = 'networkPolicyRules';
  const why =
    "nginx runs in the proxy pod, whose one NetworkPolicy decides it: set it in the proxy's 'networkPolicyRules'";
  if (options.interNamespaceAccessLabels !== undefined)
    fail(`${prop}.interNamespaceAccessLabels`, options.interNamespaceAccessLabels, why);
  for (const flag of PROXY_POD_ONLY) {
    const value = options.egressAllowRules?.[flag];
    if (value !== undefined) fail(`${prop}.egressAllowRules.${flag}`, value, why);
  }
  const allow = { ...COMPONENT_EGRESS_DEFAULTS };
  for (const flag of PROXY_POD_ONLY) allow[flag] = false;
  return resolveNetworkPolicyOptions(prop, options, { allow, guardedPorts: [PROXY_API_GUARD] });
}
