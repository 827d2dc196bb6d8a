/**
 * Kubernetes NetworkPolicy semantics, for tests that ask what a set of synthesized policies lets
 * through (networking.k8s.io/v1, as the API documents it): a pod selected by no policy of a type
 * (Ingress, Egress) is not isolated for that direction; a selected one gets only what some rule of
 * some selecting policy allows (rules add up, nothing denies). A rule's peers and ports each match
 * when absent or empty; a peer is an `ipBlock` (the CIDR less its `except`), or a
 * `podSelector`/`namespaceSelector` pair (a missing namespaceSelector means the policy's own
 * namespace, a missing podSelector every pod of the selected namespaces). Namespaces carry the
 * label `kubernetes.io/metadata.name` as the API server sets it. `ipBlock` is matched against pod
 * IPs too (as Calico and Cilium do for pods outside the policy's selectors).
 */
import type { Obj } from './util';

/** The far end of a connection: a pod (its namespace, labels and IP) or an address outside the cluster. */
export interface Endpoint {
  readonly ip: string;
  readonly namespace?: string;
  readonly labels?: { [key: string]: string };
}

/** A pod: an endpoint with a namespace and labels. */
export interface PodEndpoint extends Endpoint {
  readonly namespace: string;
  readonly labels: { [key: string]: string };
}

type Selector = { matchLabels?: { [k: string]: string }; matchExpressions?: any[] } | undefined;

/** Whether a LabelSelector matches labels (an empty selector matches everything). */
export function selectorMatches(sel: Selector, labels: { [k: string]: string }): boolean {
  if (!sel) return true;
  const byLabel = Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpr = (sel.matchExpressions ?? []).every((e: any) => {
    const has = e.key in labels;
    const values: string[] = e.values ?? [];
    switch (e.operator) {
      case 'In':
        return has && values.includes(labels[e.key]);
      case 'NotIn':
        return !has || !values.includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        throw new Error(`unknown operator ${e.operator}`);
    }
  });
  return byLabel && byExpr;
}

function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new Error(`not IPv4: ${ip}`);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** Whether an IPv4 address is in a CIDR. */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const n = Number(bits);
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return (ipToInt(ip) & mask) === (ipToInt(base) & mask);
}

function namespaceOf(p: Obj): string {
  return p.metadata.namespace ?? 'default';
}

function peerMatches(policy: Obj, peer: any, other: Endpoint): boolean {
  if (peer.ipBlock) {
    const { cidr, except = [] } = peer.ipBlock;
    return inCidr(other.ip, cidr) && !except.some((e: string) => inCidr(other.ip, e));
  }
  if (other.namespace === undefined || other.labels === undefined) return false; // not a pod
  const nsLabels = { 'kubernetes.io/metadata.name': other.namespace };
  const nsOk = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, nsLabels)
    : other.namespace === namespaceOf(policy);
  return nsOk && selectorMatches(peer.podSelector, other.labels);
}

function portMatches(ports: any[] | undefined, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port !== 'number') throw new Error(`named port ${p.port}: not modelled`);
    return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
  });
}

function types(p: Obj): string[] {
  return p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

/** The policies of a direction that select a pod. */
function selecting(policies: Obj[], pod: PodEndpoint, type: 'Ingress' | 'Egress'): Obj[] {
  return policies.filter(
    (p) =>
      p.kind === 'NetworkPolicy' &&
      namespaceOf(p) === pod.namespace &&
      types(p).includes(type) &&
      selectorMatches(p.spec.podSelector, pod.labels),
  );
}

/** Whether the policies let `from` open a connection to `to` on a port (egress of `from` only). */
export function egressAllowed(
  policies: Obj[],
  from: PodEndpoint,
  to: Endpoint,
  port: number,
  protocol = 'TCP',
): boolean {
  const sel = selecting(policies, from, 'Egress');
  if (sel.length === 0) return true;
  return sel.some((p) =>
    (p.spec.egress ?? []).some(
      (r: any) =>
        (!r.to || r.to.length === 0 || r.to.some((peer: any) => peerMatches(p, peer, to))) &&
        portMatches(r.ports, port, protocol),
    ),
  );
}

/** Whether the policies let `from` in to `to` on a port (ingress of `to` only). */
export function ingressAllowed(
  policies: Obj[],
  from: Endpoint,
  to: PodEndpoint,
  port: number,
  protocol = 'TCP',
): boolean {
  const sel = selecting(policies, to, 'Ingress');
  if (sel.length === 0) return true;
  return sel.some((p) =>
    (p.spec.ingress ?? []).some(
      (r: any) =>
        (!r.from || r.from.length === 0 || r.from.some((peer: any) => peerMatches(p, peer, from))) &&
        portMatches(r.ports, port, protocol),
    ),
  );
}

/** Whether a connection between two pods gets through both ends' policies. */
export function connectionAllowed(
  policies: Obj[],
  from: PodEndpoint,
  to: PodEndpoint,
  port: number,
  protocol = 'TCP',
): boolean {
  return egressAllowed(policies, from, to, port, protocol) && ingressAllowed(policies, from, to, port, protocol);
}
