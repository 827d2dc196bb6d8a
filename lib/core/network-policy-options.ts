/**
 * What an operator adds to one of the library's NetworkPolicies (issue 22, Zero to JupyterHub's
 * `<component>.networkPolicy.{ingress,egress,egressAllowRules,interNamespaceAccessLabels,allowedIngressPorts}`):
 * typed extra rules, the predefined egress rules as booleans, access labels honoured across
 * namespaces, and ports open to anyone. One struct for the hub, the proxy, its TLS front door and
 * the users' servers; each component keeps its own defaults (what the library did before).
 */
import { k8s } from 'cdk8s-plus-27';
import { CLOUD_METADATA_IP, PRIVATE_RANGES } from './constants';
import { dnsEgress, tcpPorts } from './k8s';
import { checkLabelMap, checkPort, fail } from './validate';

/** The protocol of a NetworkPolicy port. */
export enum NetworkProtocol {
  /** TCP (the Kubernetes default). */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
  /** SCTP. */
  SCTP = 'SCTP',
}

/** Whether access labels are honoured on pods and namespaces outside the policy's namespace. */
export enum InterNamespaceAccessLabels {
  /**
   * A pod of any namespace with the access label, and every pod of a namespace with it, are
   * admitted (Zero to JupyterHub's `accept`).
   */
  ACCEPT = 'accept',
  /** Only pods of the policy's own namespace with the access label are admitted (`ignore`). */
  IGNORE = 'ignore',
}

/** A port (or range) of a NetworkPolicy rule. */
export interface NetworkPolicyPortOptions {
  /** The port number (of the pod, not of a Service). */
  readonly port: number;
  /**
   * The last port of a range starting at `port`.
   * @default - the one port
   */
  readonly endPort?: number;
  /**
   * The protocol.
   * @default NetworkProtocol.TCP
   */
  readonly protocol?: NetworkProtocol;
}

/**
 * The far end of a NetworkPolicy rule: addresses by `cidr` (less `except`), or pods by labels
 * (`podLabels` alone: pods of the policy's namespace; `namespaceLabels` alone: every pod of the
 * namespaces with those labels, `{}` for every namespace; both: those pods of those namespaces).
 */
export interface NetworkPolicyPeerOptions {
  /**
   * An IPv4 CIDR, e.g. `10.20.0.0/16` (one address: `/32`). Not with the label selectors.
   * @default - a peer by labels
   */
  readonly cidr?: string;
  /**
   * CIDRs inside `cidr` that are left out.
   * @default - none
   */
  readonly except?: string[];
  /**
   * Labels of the peer's namespaces (`{}`: every namespace).
   * @default - the policy's own namespace
   */
  readonly namespaceLabels?: { [key: string]: string };
  /**
   * Labels of the peer's pods.
   * @default - every pod of the selected namespaces
   */
  readonly podLabels?: { [key: string]: string };
}

/** One extra rule: connections with any of `peers` on any of `ports`. */
export interface NetworkPolicyRuleOptions {
  /**
   * Where connections come from (ingress) or go to (egress).
   * @default - any address
   */
  readonly peers?: NetworkPolicyPeerOptions[];
  /**
   * The ports.
   * @default - every port
   */
  readonly ports?: NetworkPolicyPortOptions[];
}

/**
 * Predefined egress rules, with Zero to JupyterHub 4.4.0's meaning (`_helpers-netpol.tpl:30-101`).
 * The library's defaults differ per component and are what it allowed before these flags
 * existed. Private IPs are 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16.
 */
export interface EgressAllowRules {
  /**
   * Connections to the cloud metadata server 169.254.169.254, any port. Warning: it can hand out
   * the node's cloud credentials.
   * @default false
   */
  readonly cloudMetadataServer?: boolean;
  /**
   * DNS (port 53, UDP and TCP) to the cloud metadata server (GKE's Cloud DNS answers there).
   * @default true
   */
  readonly dnsPortsCloudMetadataServer?: boolean;
  /**
   * DNS (port 53) to the pods of the `kube-system` namespace (kube-dns, CoreDNS).
   * @default true
   */
  readonly dnsPortsKubeSystemNamespace?: boolean;
  /**
   * DNS (port 53) to private IPs and to link-local addresses (169.254.0.0/16, a node-local DNS
   * cache such as 169.254.20.10; the metadata server only with `dnsPortsCloudMetadataServer`).
   * @default true
   */
  readonly dnsPortsPrivateIPs?: boolean;
  /**
   * Connections to every address outside the private IPs and the cloud metadata server: the internet.
   * @default - true for the users' servers, false for the hub, the proxy and the front door (they reach only what they need)
   */
  readonly nonPrivateIPs?: boolean;
  /**
   * Connections to the private IPs, any port: the cluster's pods and Services, and the network
   * around it. Warning: it reaches whatever in the cluster no NetworkPolicy guards (a database,
   * a monitoring endpoint); prefer an `egress` rule naming the destination.
   * @default false
   */
  readonly privateIPs?: boolean;
}

/**
 * What is added to one of the library's NetworkPolicies. The rules only ever add: nothing here
 * closes what the component needs. A rule that reaches something the users must not reach (the
 * private IPs, the metadata server) is never a default.
 *
 * @example
 * // The hub calls a service of the cluster on port 5978, found by its pods' labels.
 * { egress: [{ peers: [{ podLabels: { 'app.kubernetes.io/name': 'my-service' } }], ports: [{ port: 5978 }] }] }
 */
export interface NetworkPolicyOptions {
  /**
   * Extra ingress rules.
   * @default - none
   */
  readonly ingress?: NetworkPolicyRuleOptions[];
  /**
   * Extra egress rules.
   * @default - none
   */
  readonly egress?: NetworkPolicyRuleOptions[];
  /**
   * Predefined egress rules to turn on or off.
   * @default - the component's defaults (see each flag)
   */
  readonly egressAllowRules?: EgressAllowRules;
  /**
   * Whether the component's access label (`hub.jupyter.org/network-access-<part>: "true"`) admits
   * pods of other namespaces, and every pod of a namespace carrying it.
   * @default InterNamespaceAccessLabels.IGNORE
   */
  readonly interNamespaceAccessLabels?: InterNamespaceAccessLabels;
  /**
   * TCP ports of the pods open to connections from anywhere.
   * @default - none beyond the component's own
   */
  readonly allowedIngressPorts?: number[];
}

/** The resolved flags. @internal */
export type EgressAllowModel = { readonly [K in keyof EgressAllowRules]-?: boolean };

/** A component's resolved additions. @internal */
export interface NetworkPolicyRulesModel {
  readonly ingress: readonly k8s.NetworkPolicyIngressRule[];
  readonly egress: readonly k8s.NetworkPolicyEgressRule[];
  readonly allow: EgressAllowModel;
  readonly acceptOtherNamespaces: boolean;
  readonly allowedIngressPorts: readonly number[];
}

/** The defaults of the hub, the proxy and the front door: DNS, nothing else. @internal */
export const COMPONENT_EGRESS_DEFAULTS: EgressAllowModel = {
  cloudMetadataServer: false,
  dnsPortsCloudMetadataServer: true,
  dnsPortsKubeSystemNamespace: true,
  dnsPortsPrivateIPs: true,
  nonPrivateIPs: false,
  privateIPs: false,
};

/** An IPv4 CIDR, parsed; refused unless it is one with no host bits set. @internal */
export function ipv4Cidr(prop: string, cidr: string): { start: number; size: number } {
  const m = typeof cidr === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr) : null;
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || bits > 32)
    fail(prop, cidr, "must be an IPv4 CIDR such as '10.20.0.0/16' (one address: '10.20.0.5/32')");
  const value = octets.reduce((a, o) => a * 256 + o, 0);
  const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits);
  if ((value & mask) >>> 0 !== value)
    fail(prop, cidr, 'has host bits set: write the network address (e.g. 10.20.0.0/16)');
  return { start: value, size: 2 ** (32 - bits) };
}

/** Whether a parsed CIDR holds the cloud metadata server. @internal */
export function holdsMetadata(c: { start: number; size: number }): boolean {
  const ip = CLOUD_METADATA_IP.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  return ip >= c.start && ip < c.start + c.size;
}

function resolvePort(prop: string, p: NetworkPolicyPortOptions): k8s.NetworkPolicyPort {
  const port = checkPort(`${prop}.port`, p.port);
  if (p.endPort !== undefined && checkPort(`${prop}.endPort`, p.endPort) < port)
    fail(`${prop}.endPort`, p.endPort, `must be at least 'port' (${port}): the range runs from port to endPort`);
  return {
    protocol: p.protocol ?? NetworkProtocol.TCP,
    port: k8s.IntOrString.fromNumber(port),
    ...(p.endPort !== undefined ? { endPort: p.endPort } : {}),
  };
}

function resolvePeer(prop: string, p: NetworkPolicyPeerOptions): k8s.NetworkPolicyPeer {
  const byLabels = p.namespaceLabels !== undefined || p.podLabels !== undefined;
  if (p.cidr === undefined) {
    if (!byLabels)
      fail(prop, p, "must name 'cidr', or 'podLabels' and/or 'namespaceLabels' (leave 'peers' out for any address)");
    if (p.except !== undefined) fail(`${prop}.except`, p.except, "needs 'cidr': it leaves addresses out of it");
    if (p.namespaceLabels !== undefined) checkLabelMap(`${prop}.namespaceLabels`, p.namespaceLabels);
    if (p.podLabels !== undefined) checkLabelMap(`${prop}.podLabels`, p.podLabels);
    return {
      ...(p.namespaceLabels !== undefined ? { namespaceSelector: { matchLabels: { ...p.namespaceLabels } } } : {}),
      ...(p.podLabels !== undefined ? { podSelector: { matchLabels: { ...p.podLabels } } } : {}),
    };
  }
  if (byLabels) fail(prop, p, "names 'cidr' and labels: a peer is addresses or pods, write two peers for both");
  const outer = ipv4Cidr(`${prop}.cidr`, p.cidr);
  (p.except ?? []).forEach((e, i) => {
    const inner = ipv4Cidr(`${prop}.except[${i}]`, e);
    if (inner.start < outer.start || inner.start + inner.size > outer.start + outer.size || inner.size === outer.size)
      fail(`${prop}.except[${i}]`, e, `must lie inside 'cidr' (${p.cidr}) and be smaller than it`);
  });
  return { ipBlock: { cidr: p.cidr, ...(p.except !== undefined ? { except: [...p.except] } : {}) } };
}

function resolveRules(prop: string, rules: readonly NetworkPolicyRuleOptions[] | undefined) {
  return (rules ?? []).map((r, i) => {
    const at = `${prop}[${i}]`;
    if (r.peers !== undefined && r.peers.length === 0)
      fail(`${at}.peers`, r.peers, "must name at least one peer: leave 'peers' out for any address");
    if (r.ports !== undefined && r.ports.length === 0)
      fail(`${at}.ports`, r.ports, "must name at least one port: leave 'ports' out for every port");
    return {
      peers: r.peers?.map((p, j) => resolvePeer(`${at}.peers[${j}]`, p)),
      ports: r.ports?.map((p, j) => resolvePort(`${at}.ports[${j}]`, p)),
    };
  });
}

/** The ports of `allowedIngressPorts`, checked; `guarded` are ports the component never opens to anyone. */
function resolveOpenPorts(prop: string, ports: readonly number[] | undefined, guarded: GuardedPort[]): number[] {
  const list = (ports ?? []).map((p, i) => checkPort(`${prop}[${i}]`, p));
  if (new Set(list).size !== list.length) fail(prop, list, 'names a port twice: list each port once');
  for (const g of guarded) {
    if (list.includes(g.port))
      fail(prop, list, `opens port ${g.port} to anyone: ${g.why}; admit the pods that need it with an 'ingress' rule`);
  }
  return list;
}

/** A port of a component that `allowedIngressPorts` must not open to anyone, and why. @internal */
export interface GuardedPort {
  readonly port: number;
  readonly why: string;
}

/**
 * Checks the options given as `prop` (e.g. `networkPolicyRules`), and fills in the component's
 * defaults. @internal
 */
export function resolveNetworkPolicyOptions(
  prop: string,
  options: NetworkPolicyOptions | undefined,
  defaults: { allow: EgressAllowModel; guardedPorts?: GuardedPort[] },
): NetworkPolicyRulesModel {
  const o = options ?? {};
  const given = o.egressAllowRules ?? {};
  const allow = { ...defaults.allow };
  for (const key of Object.keys(allow) as (keyof EgressAllowModel)[]) allow[key] = given[key] ?? defaults.allow[key];
  return {
    ingress: resolveRules(`${prop}.ingress`, o.ingress).map((r) => ({
      ...(r.peers ? { from: r.peers } : {}),
      ...(r.ports ? { ports: r.ports } : {}),
    })),
    egress: resolveRules(`${prop}.egress`, o.egress).map((r) => ({
      ...(r.peers ? { to: r.peers } : {}),
      ...(r.ports ? { ports: r.ports } : {}),
    })),
    allow,
    acceptOtherNamespaces:
      (o.interNamespaceAccessLabels ?? InterNamespaceAccessLabels.IGNORE) === InterNamespaceAccessLabels.ACCEPT,
    allowedIngressPorts: resolveOpenPorts(
      `${prop}.allowedIngressPorts`,
      o.allowedIngressPorts,
      defaults.guardedPorts ?? [],
    ),
  };
}

/**
 * The egress rules of the flags, as Zero to JupyterHub 4.4.0 renders them
 * (`_helpers-netpol.tpl:33-95`): one DNS rule, then the internet less the private IPs and the
 * metadata server (less the private IPs only when the metadata server is allowed too, as the
 * library always wrote it), the private IPs, the metadata server. With every DNS flag on, the DNS rule is
 * {@link dnsEgress}, the one the library always had. @internal
 */
export function allowRulesEgress(allow: EgressAllowModel): k8s.NetworkPolicyEgressRule[] {
  const rules: k8s.NetworkPolicyEgressRule[] = [];
  const dns = dnsEgress({
    kubeSystem: allow.dnsPortsKubeSystemNamespace,
    privateIPs: allow.dnsPortsPrivateIPs,
    cloudMetadataServer: allow.dnsPortsCloudMetadataServer,
  });
  if (dns.to!.length > 0) rules.push(dns);
  // With the metadata server allowed too, the internet rule keeps it in (one rule, not two).
  const metadata = allow.cloudMetadataServer ? [] : [`${CLOUD_METADATA_IP}/32`];
  if (allow.nonPrivateIPs)
    rules.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE_RANGES, ...metadata] } }] });
  if (allow.privateIPs) rules.push({ to: PRIVATE_RANGES.map((cidr) => ({ ipBlock: { cidr } })) });
  if (allow.cloudMetadataServer && !allow.nonPrivateIPs)
    rules.push({ to: [{ ipBlock: { cidr: `${CLOUD_METADATA_IP}/32` } }] });
  return rules;
}

/**
 * The peers an access label admits: pods of the namespace with it, or, accepting other
 * namespaces, pods of any namespace with it and every pod of a namespace with it (Zero to
 * JupyterHub 4.4.0 `hub/netpol.yaml:40-55`). @internal
 */
export function accessLabelPeers(label: string, acceptOtherNamespaces: boolean): k8s.NetworkPolicyPeer[] {
  const labels = { [label]: 'true' };
  if (!acceptOtherNamespaces) return [{ podSelector: { matchLabels: labels } }];
  return [
    { podSelector: { matchLabels: labels }, namespaceSelector: {} },
    { namespaceSelector: { matchLabels: labels } },
  ];
}

/** The ingress rule of `allowedIngressPorts` (none for none). @internal */
export function openPortsIngress(ports: readonly number[]): k8s.NetworkPolicyIngressRule[] {
  return ports.length === 0 ? [] : [{ ports: tcpPorts(...ports) }];
}

/**
 * `networkPolicyRules` of the hub, the proxy or the front door: its defaults (DNS only), and
 * refused without the NetworkPolicy it adds to (`networkPolicy: false`). @internal
 */
export function resolveComponentRules(
  prop: string,
  options: NetworkPolicyOptions | undefined,
  networkPolicy: boolean | undefined,
  guardedPorts: GuardedPort[],
): NetworkPolicyRulesModel {
  if (options !== undefined && networkPolicy === false)
    fail(
      prop,
      options,
      "adds to the NetworkPolicy, which 'networkPolicy: false' leaves out: set 'networkPolicy: true'",
    );
  return resolveNetworkPolicyOptions(prop, options, { allow: COMPONENT_EGRESS_DEFAULTS, guardedPorts });
}
