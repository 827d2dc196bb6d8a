import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import type { WorkloadOptions } from '../core/workload-options';

/** A port of the user-facing Service `proxy-public`. */
export interface ProxyPublicPort {
  /** Port name, e.g. `http`. */
  readonly name: string;
  /** Service port. */
  readonly port: number;
  /** Name of the container port it forwards to. */
  readonly targetPort: string;
  /**
   * Fixed node port (NodePort and LoadBalancer Services).
   * @default - Kubernetes picks one
   */
  readonly nodePort?: number;
}

/**
 * What a front door that runs in the proxy pod (such as {@link NginxIngress} in sidecar mode)
 * adds to it: its containers and volumes, and the public ports that then lead to it instead of
 * to CHP. A proxy has at most one.
 */
export interface ProxySidecar {
  /** Containers added to the proxy pod. */
  readonly containers: k8s.Container[];
  /**
   * Init containers added to the proxy pod (e.g. restoring an ACME client's state).
   * @default - none
   */
  readonly initContainers?: k8s.Container[];
  /**
   * Egress rules added to the proxy's NetworkPolicy (e.g. to an ACME server).
   * @default - none
   */
  readonly egress?: k8s.NetworkPolicyEgressRule[];
  /**
   * Ingress rules added to the proxy's NetworkPolicy (e.g. the door's `networkPolicyRules`).
   * @default - none
   */
  readonly ingress?: k8s.NetworkPolicyIngressRule[];
  /**
   * The door's prop that adds rules to the proxy's NetworkPolicy, when it is given (a proxy
   * with `networkPolicy: false` refuses it, naming it).
   * @default - none given
   */
  readonly networkPolicyProp?: string;
  /** Volumes added to the proxy pod. */
  readonly volumes: k8s.Volume[];
  /** Annotations of the pod template (e.g. config checksums). */
  readonly podAnnotations: { [key: string]: string };
  /**
   * `fsGroup` of the proxy pod (e.g. so the front door can read a TLS key).
   * @default - none
   */
  readonly fsGroup?: number;
  /** The ports of `proxy-public`, replacing CHP's; the one users open is named `http`, or `https` with TLS. */
  readonly publicPorts: ProxyPublicPort[];
  /**
   * Host name users reach the hub at through the door (not a wildcard). With `https` and the
   * public port it is the hub's public URL, from which OAuth callback URLs are derived.
   * @default - unknown: the door gives the hub no public URL
   */
  readonly host?: string;
  /**
   * Whether users reach the door over HTTPS (its public port named `https`).
   * @default false
   */
  readonly https?: boolean;
  /** Container ports the public may reach (opened by the proxy's NetworkPolicy). */
  readonly publicContainerPorts: number[];
  /**
   * Pod-level options the door asks for the proxy pod (labels, annotations, node selector,
   * tolerations, pull secrets, priority, history, ServiceAccount annotations), merged with the
   * proxy's own `workload`; a key both set to different values is an error. Its `extraEnv` and
   * `imagePullPolicy` are ignored: the door applies them to its own containers.
   * @default - none
   */
  readonly workload?: WorkloadOptions;
}

/** What a front door contributes to its proxy ({@link IProxyFrontDoor.bindToProxy}). */
export interface ProxyFrontDoorConfig {
  /**
   * What the door puts into the proxy pod (nginx in front of CHP).
   * @default - nothing: the door runs outside the proxy pod (an Ingress, an HTTPProxy)
   */
  readonly sidecar?: ProxySidecar;

  /**
   * The URL users reach the hub at through this door (`https://host[:port]`), when the door knows
   * it on its own (an ingress controller on the standard ports). A sidecar's URL is derived by
   * the proxy from the sidecar's `host` and the public Service.
   * @default - none from this door
   */
  readonly publicUrl?: string;

  /**
   * Per-user origins: the hub's host, whose subdomains are the users' servers (the door's
   * `subdomainHost`). The proxy then routes by host and sets JupyterHub's `subdomain_host` to the
   * hub's public URL.
   * @default - none: no per-user origins
   */
  readonly subdomainHost?: string;

  /**
   * What clients outside the cluster reach the proxy through when the door is a route of the
   * cluster's ingress controller or gateway (an Ingress, an HTTPProxy, an HTTPRoute), in a phrase for errors such
   * as `Ingress 'jupyterhub' (host hub.example.org)`. A door in the proxy pod (nginx) leaves it out:
   * the proxy's public Service decides its reach.
   * @default - the door opens no way in from outside the cluster of its own
   */
  readonly exposedVia?: string;
}

/**
 * A {@link Proxy} as its front doors see it, once the proxy is added to its hub: the Service
 * they send users to and the names and labels of the proxy's objects.
 */
export interface IProxy extends IConstruct {
  /** Name of the user-facing Service (`proxy-public`). */
  readonly publicServiceName: string;
  /** Port of the user-facing Service. */
  readonly publicPort: number;
  /** Type of the user-facing Service. */
  readonly publicServiceType: kplus.ServiceType;
  /**
   * The HTTP node port requested for `proxy-public`.
   * @default - none: Kubernetes picks one (or the Service has none)
   */
  readonly httpNodePort?: number;
  /** Prefix of the names of the proxy's objects (its hub's). */
  readonly namePrefix: string;
  /** The immutable labels that select the proxy's pods. */
  readonly podLabels: { [key: string]: string };
}

/**
 * Something in front of a {@link Proxy} (nginx, an Ingress, a Contour HTTPProxy). It is given to
 * the proxy (`proxy.addFrontDoor(door)`, before the proxy is added to its hub), never the other
 * way round: the proxy calls {@link bindToProxy} once it has a hub, and the door creates its
 * objects then.
 */
export interface IProxyFrontDoor extends IConstruct {
  /**
   * Called once by the proxy the door was given to, when that proxy is added to its hub. May
   * check the proxy and throw.
   * @returns what the door contributes to the proxy (and, through it, to the hub)
   */
  bindToProxy(proxy: IProxy): ProxyFrontDoorConfig;
}
