import * as kplus from 'cdk8s-plus-27';
import { checkNodePort, checkPort, fail } from '../core/validate';

/**
 * An extra port of the user-facing Service `proxy-public` (Zero to JupyterHub's
 * `proxy.service.extraPorts`): traffic on it goes to a port a container of the proxy pod listens
 * on, and the proxy's NetworkPolicy admits it from anywhere, like the public port.
 */
export interface ProxyServicePort {
  /** Name of the port (an IANA service name: lower-case letters, digits and '-', at most 15, a letter among them). */
  readonly name: string;
  /** The Service's port. */
  readonly port: number;
  /** The container port in the proxy pod it leads to. */
  readonly targetPort: number;
  /**
   * Fixed node port (NodePort and LoadBalancer Services).
   * @default - Kubernetes picks one
   */
  readonly nodePort?: number;
  /**
   * The port's protocol.
   * @default kplus.Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;
}

/** The ports the library names on `proxy-public`. */
const OWN_NAMES = ['http', 'https'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
/** An IANA service name, as Kubernetes checks a port's name. */
const SERVICE_NAME = /^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$/;

/**
 * Validates `extraPorts` (names, numbers, protocols; no name or port twice, none of the library's names).
 * @internal
 */
export function resolveExtraPorts(
  ports: readonly ProxyServicePort[] | undefined,
  serviceType: string,
  publicPort: number,
): ProxyServicePort[] {
  if (ports === undefined) return [];
  if (!Array.isArray(ports)) fail('extraPorts', ports, 'must be a list of ports');
  const seen = new Set<string>();
  return ports.map((p, i) => {
    const at = `extraPorts[${i}]`;
    if (typeof p?.name !== 'string' || !SERVICE_NAME.test(p.name))
      fail(`${at}.name`, p?.name, "must be a port name: 1 to 15 lower-case letters, digits and '-' (e.g. 'ssh')");
    if (OWN_NAMES.includes(p.name))
      fail(`${at}.name`, p.name, "is a port the library names on 'proxy-public': pick another name");
    checkPort(`${at}.port`, p.port);
    checkPort(`${at}.targetPort`, p.targetPort);
    const protocol = p.protocol ?? kplus.Protocol.TCP;
    if (!PROTOCOLS.includes(protocol)) fail(`${at}.protocol`, protocol, 'must be kplus.Protocol.TCP, UDP or SCTP');
    if (protocol === 'TCP' && (p.port === publicPort || p.port === 443))
      fail(`${at}.port`, p.port, `is a port of 'proxy-public' already (${publicPort}, 443): pick another`);
    if (p.nodePort !== undefined) {
      checkNodePort(`${at}.nodePort`, p.nodePort);
      if (serviceType === 'ClusterIP')
        fail(
          `${at}.nodePort`,
          p.nodePort,
          "needs 'serviceType' NODE_PORT or LOAD_BALANCER; a ClusterIP Service has no node port",
        );
    }
    for (const key of [`name ${p.name}`, `port ${p.port}/${protocol}`]) {
      if (seen.has(key)) fail('extraPorts', key, 'is listed twice: list each port once');
      seen.add(key);
    }
    return { name: p.name, port: p.port, targetPort: p.targetPort, nodePort: p.nodePort, protocol };
  });
}
