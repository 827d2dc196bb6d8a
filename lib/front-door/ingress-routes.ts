/**
 * The Ingress's hosts, TLS entries and paths beyond the front door's own host (Zero to
 * JupyterHub's `ingress.hosts`, `ingress.tls`, `ingress.pathType`, `ingress.pathSuffix` and
 * `ingress.extraPaths`), validated once.
 * @internal
 */
import { checkDns1035Label, checkDnsSubdomain, checkPort, fail, show } from '../core/validate';
import { checkHost } from '../core/validate-host';
import { IngressPathType, NginxIngressProps } from './nginx-ingress-props';

/** The Ingress's routes, validated. */
export interface IngressRoutes {
  /** Hosts besides `host` whose rules lead to the hub. */
  readonly additionalHosts: string[];
  /** TLS entries besides the front door's own. */
  readonly extraTls: { hosts: string[]; secretName: string }[];
  /** The hub's path and how it matches. */
  readonly path: string;
  readonly pathType: string;
  /** Paths to Services of the user's, ahead of the hub's. */
  readonly extraPaths: { path: string; pathType: string; serviceName: string; servicePort: number }[];
}

const PATH_TYPES: string[] = Object.values(IngressPathType);
/** What an Ingress path may hold here: a URL path (and `*` for controllers that match by pattern). */
const PATH = /^\/[A-Za-z0-9._~\-/*]*$/;

/** The props of the Ingress's routes, checked against the front door's host. */
export function resolveIngressRoutes(props: NginxIngressProps): IngressRoutes {
  const host = props.host;
  const additionalHosts = [...(props.additionalHosts ?? [])];
  if (additionalHosts.length > 0 && host === undefined)
    fail(
      'additionalHosts',
      additionalHosts,
      "needs 'host': the hub's public URL is the host's; the others also lead to it",
    );
  if (additionalHosts.length > 0 && props.subdomainHost !== undefined)
    fail(
      'additionalHosts',
      additionalHosts,
      "cannot be used with 'subdomainHost': per-user origins live under one host",
    );
  const hosts = host === undefined ? [] : [host];
  additionalHosts.forEach((h, i) => {
    checkHost(`additionalHosts[${i}]`, h, { wildcard: true, ip: false });
    if (hosts.includes(h)) fail(`additionalHosts[${i}]`, h, 'is listed twice (or is the host): list each host once');
    hosts.push(h);
  });
  const pathType = props.pathType ?? IngressPathType.PREFIX;
  if (!PATH_TYPES.includes(pathType))
    fail('pathType', pathType, 'must be IngressPathType.PREFIX or IngressPathType.IMPLEMENTATION_SPECIFIC');
  const suffix = props.pathSuffix;
  if (suffix !== undefined) {
    if (pathType !== IngressPathType.IMPLEMENTATION_SPECIFIC)
      fail(
        'pathSuffix',
        suffix,
        "is matched as the controller says only with 'pathType: IngressPathType.IMPLEMENTATION_SPECIFIC' (a Prefix path matches by path element and takes no pattern)",
      );
    if (!PATH.test(`/${suffix}`) || suffix.startsWith('/'))
      fail('pathSuffix', suffix, "must be path characters after '/', e.g. '*' for GKE's gce IngressClass");
  }
  return {
    additionalHosts,
    extraTls: resolveExtraTls(props, hosts),
    path: `/${suffix ?? ''}`,
    pathType,
    extraPaths: resolveExtraPaths(props),
  };
}

function resolveExtraTls(props: NginxIngressProps, hosts: string[]): IngressRoutes['extraTls'] {
  const covered = new Set<string>();
  return (props.extraTls ?? []).map((entry, i) => {
    const prop = `extraTls[${i}]`;
    checkDnsSubdomain(`${prop}.secretName`, entry.secretName);
    if (!Array.isArray(entry.hosts) || entry.hosts.length === 0)
      fail(`${prop}.hosts`, entry.hosts, 'must list the hosts the certificate is for');
    entry.hosts.forEach((h, j) => {
      if (!hosts.includes(h))
        fail(
          `${prop}.hosts[${j}]`,
          h,
          `is no host of the Ingress (${show(hosts)}): add it to 'additionalHosts', or remove it`,
        );
      if (covered.has(h)) fail(`${prop}.hosts[${j}]`, h, 'has a certificate in another TLS entry: give each host one');
      covered.add(h);
    });
    if (props.tls !== undefined && entry.hosts.includes(props.host as string))
      fail(`${prop}.hosts`, entry.hosts, `names 'host', whose certificate comes from 'tls': leave it out here`);
    return { hosts: [...entry.hosts], secretName: entry.secretName };
  });
}

function resolveExtraPaths(props: NginxIngressProps): IngressRoutes['extraPaths'] {
  const seen = new Set<string>();
  return (props.extraPaths ?? []).map((p, i) => {
    const prop = `extraPaths[${i}]`;
    if (typeof p.path !== 'string' || !PATH.test(p.path) || p.path === '/')
      fail(`${prop}.path`, p.path, "must be a path below '/' (e.g. '/docs'): '/' is the hub's");
    if (seen.has(p.path)) fail(`${prop}.path`, p.path, 'is listed twice: list each path once');
    seen.add(p.path);
    checkDns1035Label(`${prop}.serviceName`, p.serviceName);
    checkPort(`${prop}.servicePort`, p.servicePort);
    const pathType = p.pathType ?? IngressPathType.PREFIX;
    if (!PATH_TYPES.includes(pathType))
      fail(`${prop}.pathType`, pathType, 'must be IngressPathType.PREFIX or IngressPathType.IMPLEMENTATION_SPECIFIC');
    if (pathType === IngressPathType.PREFIX && p.path.includes('*'))
      fail(
        `${prop}.path`,
        p.path,
        "holds '*', which a Prefix path does not match: use IMPLEMENTATION_SPECIFIC, or remove it",
      );
    return { path: p.path, pathType, serviceName: p.serviceName, servicePort: p.servicePort };
  });
}
