/**
 * The user-facing Service `proxy-public` as a cloud load balancer sees it (annotations, source
 * ranges, traffic policy, address), and the hub's public URL as its front door knows it.
 * @internal
 */
import { isIP } from 'net';
import { checkAnnotations, checkLabelMap, checkNodePort, fail, show } from '../core/validate';

/** AKS's annotation that gives a LoadBalancer Service the name `<label>.<region>.cloudapp.azure.com`. */
export const AZURE_DNS_LABEL_ANNOTATION = 'service.beta.kubernetes.io/azure-dns-label-name';

/** A host in Azure's load-balancer DNS zones: `<label>.<region>.cloudapp.azure.com` (and the sovereign clouds'). */
const AZURE_HOST = /^([a-z0-9-]+)\.[a-z0-9-]+\.cloudapp\.(azure\.com|chinacloudapi\.cn|usgovcloudapi\.net)$/;
/** Azure's rule for a DNS label of a public IP. */
const AZURE_LABEL = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;

/** The public-Service props, as the Proxy takes them. */
export interface PublicServiceProps {
  readonly serviceAnnotations?: { [key: string]: string };
  readonly azureDnsLabelName?: string;
  readonly loadBalancerSourceRanges?: string[];
  readonly externalTrafficPolicy?: string;
  readonly loadBalancerIp?: string;
  readonly httpsOffload?: boolean;
  readonly httpsNodePort?: number;
  readonly disableHttpPort?: boolean;
  readonly serviceLabels?: { [key: string]: string };
  readonly externalIps?: string[];
  readonly ipFamilyPolicy?: string;
  readonly ipFamilies?: string[];
}

/** The public-Service settings, checked against the Service type. */
export interface PublicServiceSettings {
  /** Annotations of `proxy-public` (undefined: none). */
  readonly annotations?: { [key: string]: string };
  readonly azureDnsLabelName?: string;
  readonly loadBalancerSourceRanges?: string[];
  readonly externalTrafficPolicy?: string;
  readonly loadBalancerIp?: string;
  /** Port 443 of `proxy-public` leads to the HTTP port: TLS ends at the load balancer. */
  readonly httpsOffload: boolean;
  readonly httpsNodePort?: number;
  /** Whether `proxy-public` leaves its HTTP port out. */
  readonly disableHttpPort: boolean;
  /** Labels of `proxy-public` besides the proxy's. */
  readonly labels?: { [key: string]: string };
  readonly externalIps?: string[];
  readonly ipFamilyPolicy?: string;
  readonly ipFamilies?: string[];
}

/** The proxy's own labels, which `serviceLabels` cannot override (they are the selector's). */
const OWN_LABELS = ['app', 'component', 'release', 'heritage'];

/** Checks the props of `proxy-public`'s ports, labels and addresses (Zero to JupyterHub's `proxy.service.*`). */
function resolveServiceExtras(props: PublicServiceProps, serviceType: string) {
  const offload = props.httpsOffload ?? false;
  if (offload && serviceType === 'ClusterIP')
    fail(
      'httpsOffload',
      offload,
      "needs a NodePort or LoadBalancer Service (the TLS terminator in front of it): set 'serviceType', or terminate TLS at a front door (NginxIngress 'tls')",
    );
  if (props.httpsNodePort !== undefined) {
    checkNodePort('httpsNodePort', props.httpsNodePort);
    if (!offload)
      fail(
        'httpsNodePort',
        props.httpsNodePort,
        "is the node port of the offloaded HTTPS port: set 'httpsOffload: true', or remove it",
      );
  }
  const disableHttpPort = props.disableHttpPort ?? false;
  if (disableHttpPort && !offload)
    fail(
      'disableHttpPort',
      disableHttpPort,
      "would leave 'proxy-public' without a port: set 'httpsOffload: true' too, or remove it",
    );
  if (props.serviceLabels !== undefined) {
    checkLabelMap('serviceLabels', props.serviceLabels);
    const own = Object.keys(props.serviceLabels).find((k) => OWN_LABELS.includes(k));
    if (own !== undefined)
      fail(
        `serviceLabels.${own}`,
        props.serviceLabels[own],
        "is one of the proxy's own labels (the Services' selector): choose another key",
      );
  }
  return {
    httpsOffload: offload,
    httpsNodePort: props.httpsNodePort,
    disableHttpPort,
    labels: props.serviceLabels === undefined ? undefined : { ...props.serviceLabels },
    externalIps: props.externalIps === undefined ? undefined : checkIps('externalIps', props.externalIps),
    ...resolveIpFamilies(props),
  };
}

function checkIps(prop: string, ips: readonly string[]): string[] {
  if (ips.length === 0) fail(prop, ips, 'is empty: leave it out, or list addresses');
  ips.forEach((ip, i) => checkIp(`${prop}[${i}]`, ip));
  if (new Set(ips).size !== ips.length) fail(prop, ips, 'lists an address twice: list each once');
  return [...ips];
}

const FAMILIES = ['IPv4', 'IPv6'];
const POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];

function resolveIpFamilies(props: PublicServiceProps): { ipFamilyPolicy?: string; ipFamilies?: string[] } {
  const policy = props.ipFamilyPolicy;
  if (policy !== undefined && !POLICIES.includes(policy))
    fail(
      'ipFamilyPolicy',
      policy,
      `must be one of IpFamilyPolicy.${['SINGLE_STACK', 'PREFER_DUAL_STACK', 'REQUIRE_DUAL_STACK'].join(', IpFamilyPolicy.')}`,
    );
  const families = props.ipFamilies;
  if (families === undefined) return { ipFamilyPolicy: policy };
  if (!Array.isArray(families) || families.length === 0 || families.length > 2)
    fail('ipFamilies', families, 'must list one or two families: [IpFamily.IPV4], [IpFamily.IPV6] or both');
  families.forEach((f, i) => {
    if (!FAMILIES.includes(f)) fail(`ipFamilies[${i}]`, f, 'must be IpFamily.IPV4 or IpFamily.IPV6');
  });
  if (families.length === 2 && families[0] === families[1])
    fail('ipFamilies', families, 'lists a family twice: list each once');
  if (families.length === 2 && (policy === undefined || policy === 'SingleStack'))
    fail(
      'ipFamilies',
      families,
      "has two families, which needs 'ipFamilyPolicy' PREFER_DUAL_STACK or REQUIRE_DUAL_STACK",
    );
  return { ipFamilyPolicy: policy, ipFamilies: [...families] };
}

/** Checks the public-Service props against each other and the Service type (`ClusterIP`, `NodePort`, `LoadBalancer`). */
export function resolvePublicService(props: PublicServiceProps, serviceType: string): PublicServiceSettings {
  const lb = serviceType === 'LoadBalancer';
  const needsLb = (prop: keyof PublicServiceProps) => {
    if (props[prop] !== undefined && !lb)
      fail(
        prop,
        props[prop],
        `applies to a load balancer only: set 'serviceType: ServiceType.LOAD_BALANCER', or remove it (the Service is ${serviceType})`,
      );
  };
  (['azureDnsLabelName', 'loadBalancerSourceRanges', 'loadBalancerIp'] as const).forEach(needsLb);
  if (props.externalTrafficPolicy !== undefined && serviceType === 'ClusterIP') {
    fail(
      'externalTrafficPolicy',
      props.externalTrafficPolicy,
      "applies to NodePort and LoadBalancer Services only (a ClusterIP Service gets no outside traffic): remove it or change 'serviceType'",
    );
  }
  const annotations: { [key: string]: string } = { ...(props.serviceAnnotations ?? {}) };
  checkAnnotations('serviceAnnotations', annotations);
  if (Object.keys(annotations).some((k) => k.toLowerCase() === AZURE_DNS_LABEL_ANNOTATION)) {
    fail(
      'serviceAnnotations',
      AZURE_DNS_LABEL_ANNOTATION,
      "is set by the typed prop 'azureDnsLabelName' (checked against the front door's host): use that instead",
    );
  }
  const label = props.azureDnsLabelName;
  if (label !== undefined) {
    if (!AZURE_LABEL.test(label)) {
      fail(
        'azureDnsLabelName',
        label,
        "must be an Azure DNS label: 3 to 63 lower-case letters, digits and '-', starting with a letter and ending with a letter or digit (e.g. 'my-hub', which makes my-hub.<region>.cloudapp.azure.com)",
      );
    }
    annotations[AZURE_DNS_LABEL_ANNOTATION] = label;
  }
  return {
    annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    azureDnsLabelName: label,
    loadBalancerSourceRanges:
      props.loadBalancerSourceRanges === undefined ? undefined : checkSourceRanges(props.loadBalancerSourceRanges),
    externalTrafficPolicy: props.externalTrafficPolicy,
    loadBalancerIp: props.loadBalancerIp === undefined ? undefined : checkIp('loadBalancerIp', props.loadBalancerIp),
    ...resolveServiceExtras(props, serviceType),
  };
}

/** An IPv4 or IPv6 address. */
function checkIp(prop: string, value: string): string {
  if (isIP(value) === 0)
    fail(
      prop,
      value,
      "must be an IPv4 or IPv6 address (e.g. '20.50.60.70'), reserved with your cloud in the cluster's region",
    );
  return value;
}

/** Non-empty, distinct CIDRs in canonical form (no host bits set). */
function checkSourceRanges(ranges: readonly string[]): string[] {
  const prop = 'loadBalancerSourceRanges';
  if (ranges.length === 0)
    fail(prop, ranges, 'is empty: leave it out to accept every address, or list CIDRs such as 203.0.113.0/24');
  const seen = new Set<string>();
  for (const range of ranges) {
    const canonical = canonicalCidr(range);
    if (canonical === undefined) fail(prop, range, "must be a CIDR such as '203.0.113.0/24' or '2001:db8::/32'");
    if (canonical !== range) fail(prop, range, `has host bits set: write the network, ${show(canonical)}`);
    if (seen.has(range)) fail(prop, range, 'is listed twice: list each range once');
    seen.add(range);
  }
  return [...ranges];
}

/** The CIDR with its host bits cleared (IPv6 in the form written), or undefined when it is none. */
function canonicalCidr(value: string): string | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!m) return undefined;
  const [addr, len] = [m[1], Number(m[2])];
  const family = isIP(addr);
  if (family === 0 || len > (family === 4 ? 32 : 128)) return undefined;
  const bits = family === 4 ? 32 : 128;
  const n = family === 4 ? addr.split('.').reduce((a, o) => (a << 8n) | BigInt(Number(o)), 0n) : ipv6ToBigInt(addr);
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - len)) - 1n);
  if ((n & mask) === n) return value;
  const net = n & mask;
  if (family === 4) return `${[24n, 16n, 8n, 0n].map((s) => String((net >> s) & 255n)).join('.')}/${len}`;
  const groups = [...Array(8).keys()].map((i) => ((net >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return `${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}/${len}`;
}

function ipv6ToBigInt(addr: string): bigint {
  let text = addr;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/**
 * AKS names a load balancer `<azureDnsLabelName>.<region>.cloudapp.azure.com`: a front door host
 * in that zone must start with the label. Hosts elsewhere (a CNAME of your own domain) are not
 * tied to it.
 */
export function checkAzureDnsLabel(label: string | undefined, host: string, proxyPath: string): void {
  const m = AZURE_HOST.exec(host);
  if (label === undefined || !m || m[1] === label) return;
  fail(
    'host',
    host,
    `names the Azure load balancer '${m[1]}', but the Proxy '${proxyPath}' gives its address the DNS label 'azureDnsLabelName' ${show(label)}: make the host's first label and the DNS label the same (AKS then resolves ${label}.<region>.cloudapp.azure.com to it)`,
  );
}

/** `scheme://host[:port]`, the port left out when it is the scheme's default. */
export function publicOrigin(host: string, https: boolean, port: number | undefined): string {
  const scheme = https ? 'https' : 'http';
  const standard = https ? 443 : 80;
  return `${scheme}://${host}${port === undefined || port === standard ? '' : `:${port}`}`;
}
