import { Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { chpCommand } from './chp-command';
import { Hub } from '../hub/hub';
import { HubComponent, HubIntegrationConfig, IHub, IHubIntegration } from '../hub/hub-integration';
import { checkProps } from '../core/check-props';
import { ACCESS_LABELS, COMPONENT, HUB_ENV, HubNames, IDS, IMAGES, PORTS } from '../core/constants';
import {
  dnsEgress,
  httpProbe,
  objectMeta,
  podPeer,
  resources,
  restrictedContainer,
  restrictedPod,
  secretEnv,
  selectorLabels,
  tcpPorts,
} from '../core/k8s';
import { checkNodePort, checkPinnedImage, checkPort, checkServiceType, fail } from '../core/validate';
import { Namespace } from '../core/namespace';
import type { NodePool } from '../users/node-pool';
import { addAppChecks } from '../core/app-checks';
import {
  checkAzureDnsLabel,
  publicOrigin,
  publicUrlIntegration,
  PublicServiceSettings,
  resolvePublicService,
} from './public-service';

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

/** Settings of a {@link Proxy} (everything but the hub it serves). */
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
}

/** Props of {@link Proxy}. */
export interface ProxyProps extends ProxyOptions {
  /** The hub this proxy routes to; names, ports, labels and the token Secret come from it. */
  readonly hub: Hub;
}

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
 * What a front door (such as {@link NginxIngress} in sidecar mode) adds to the proxy pod: its
 * containers and volumes, and the public ports that then lead to it instead of to CHP.
 */
export interface ProxyFrontDoor {
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
}

/**
 * configurable-http-proxy (CHP) in front of a {@link Hub}: the Deployment, its ServiceAccount
 * (no API rights), and the Services `proxy-api` (8001, for the hub), `proxy-http` (8000, inside
 * the cluster) and `proxy-public` (for users). The auth token is read from the hub's Secret, the
 * same key the hub reads. A front door (nginx) can be put into its pod with {@link addFrontDoor}.
 */
export class Proxy extends Construct implements IHubIntegration {
  /** The hub this proxy serves. */
  public readonly hub: Hub;
  /** Name of the user-facing Service. */
  public readonly publicServiceName: string;
  /** Port of the user-facing Service. */
  public readonly publicPort: number;
  /** Type of the user-facing Service. */
  public readonly publicServiceType: kplus.ServiceType;
  /** The HTTP node port requested for `proxy-public`, if any. */
  public readonly httpNodePort?: number;
  /** Name of the proxy's API Service. */
  public readonly apiServiceName: string;
  /** Name of the Service for CHP's public port inside the cluster. */
  public readonly httpServiceName: string;
  /** Prefix of the names of this proxy's objects (the hub's). */
  public readonly namePrefix: string;
  /** The immutable labels that select the proxy's pods. */
  public readonly podLabels: { [key: string]: string };
  /** The proxy Deployment (escape hatch). */
  public readonly deployment: k8s.KubeDeployment;

  private readonly names: HubNames;
  private readonly publicService: PublicServiceSettings;
  private frontDoor?: ProxyFrontDoor;

  public constructor(scope: Construct, id: string, props: ProxyProps) {
    checkProps('ProxyProps', props);
    super(scope, id);
    // Whole-app checks (duplicate objects, overlapping selectors, nodePorts), once per app.
    addAppChecks(this);
    const hub = props.hub;
    if (Namespace.of(this) !== hub.namespace) {
      fail(
        'hub',
        hub.node.path,
        `is in namespace '${hub.namespace}', the proxy in '${Namespace.of(this)}': create the Proxy next to its Hub (they reach each other by Service name)`,
      );
    }
    this.hub = hub;
    this.publicServiceType = checkServiceType('serviceType', props.serviceType ?? kplus.ServiceType.LOAD_BALANCER);
    this.publicPort = checkPort('port', props.port ?? 80);
    if (props.nodePort !== undefined) {
      checkNodePort('nodePort', props.nodePort);
      if (this.publicServiceType === kplus.ServiceType.CLUSTER_IP) {
        fail(
          'nodePort',
          props.nodePort,
          "needs 'serviceType' NODE_PORT or LOAD_BALANCER; a ClusterIP Service has no node port",
        );
      }
    }
    this.httpNodePort = props.nodePort;
    this.publicService = resolvePublicService(props, this.publicServiceType);
    this.namePrefix = hub.namePrefix;
    this.names = new HubNames(hub.namePrefix);
    this.podLabels = selectorLabels(hub.release, COMPONENT.proxy);
    this.publicServiceName = this.names.proxyPublic;
    this.apiServiceName = this.names.proxyApi;
    this.httpServiceName = this.names.proxyHttp;
    hub.addIntegration(this);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: objectMeta(this, this.names.proxy, this.podLabels),
      // configurable-http-proxy and nginx read files, never the Kubernetes API.
      automountServiceAccountToken: false,
    });
    this.deployment = this.createDeployment(this.chpContainer(props), props.nodePool ?? hub.nodePool);
    this.createServices();
    if (props.networkPolicy ?? true) this.createNetworkPolicy();
  }

  /** The proxy is the hub's route table: it tells the hub where its REST API is. */
  public bindToHub(hub: IHub): HubIntegrationConfig {
    checkProps('Proxy#bindToHub', { hub });
    if (hub !== this.hub)
      fail(
        'hub',
        hub.node.path,
        `is not the hub of this proxy ('${this.hub.node.path}'): a Proxy serves the Hub it was created with`,
      );
    return { proxyApiUrl: `http://${this.names.proxyApi}:${PORTS.proxyApi}` };
  }

  /**
   * Puts a front door (e.g. nginx) into the proxy pod: its containers and volumes join CHP, and
   * `proxy-public` leads to its ports instead of CHP's.
   * @param door what the front door adds to the pod and the public Service
   * @param by the path of the construct adding it, for error messages
   * @throws if the proxy already has one.
   */
  public addFrontDoor(door: ProxyFrontDoor, by: string): void {
    checkProps('Proxy#addFrontDoor', { door, by });
    if (this.frontDoor)
      fail('proxy', this.node.path, `already has nginx in front of it; '${by}' would be a second one`);
    // The hub's public URL (OAuth callbacks are derived from it) and the Azure DNS label, from the door's host.
    const host = door.host !== undefined && !door.host.startsWith('*.') ? door.host : undefined;
    if (host !== undefined) checkAzureDnsLabel(this.publicService.azureDnsLabelName, host, this.node.path);
    const url = host === undefined ? undefined : this.publicUrlOf(host, door.https ?? false, door.publicPorts);
    this.frontDoor = door;
    if (url !== undefined) this.hub.addIntegration(publicUrlIntegration(url));
  }

  /**
   * The URL users open through a front door in the proxy pod: its host, and the port of
   * `proxy-public` they reach (a load balancer's port, or a fixed node port). Unknown for a
   * ClusterIP Service or a node port Kubernetes picks.
   */
  private publicUrlOf(host: string, https: boolean, ports: readonly ProxyPublicPort[]): string | undefined {
    const port = ports.find((p) => p.name === (https ? 'https' : 'http'));
    if (port === undefined) return undefined;
    if (this.publicServiceType === kplus.ServiceType.LOAD_BALANCER) return publicOrigin(host, https, port.port);
    if (this.publicServiceType === kplus.ServiceType.NODE_PORT && port.nodePort !== undefined)
      return publicOrigin(host, https, port.nodePort);
    return undefined;
  }

  private chpContainer(props: ProxyProps): k8s.Container {
    const hubUrl = `http://${this.hub.serviceName}:${this.hub.port}`;
    return {
      name: 'chp',
      image: checkPinnedImage('image', props.image ?? IMAGES.proxy),
      imagePullPolicy: 'IfNotPresent',
      command: chpCommand({
        port: PORTS.proxyHttp,
        apiPort: PORTS.proxyApi,
        defaultTarget: hubUrl,
        errorTarget: `${hubUrl}${this.hub.baseUrl}hub/error`,
        logLevel: props.logLevel ?? ProxyLogLevel.INFO,
      }),
      env: [secretEnv(HUB_ENV.proxyToken, this.hub.secretName, this.hub.proxyTokenKey)],
      ports: [
        { name: 'http', containerPort: PORTS.proxyHttp, protocol: 'TCP' },
        { name: 'api', containerPort: PORTS.proxyApi, protocol: 'TCP' },
      ],
      readinessProbe: httpProbe('/_chp_healthz', 'http', {
        periodSeconds: 2,
        failureThreshold: 1000,
        timeoutSeconds: 1,
      }),
      livenessProbe: httpProbe('/_chp_healthz', 'http', {
        initialDelaySeconds: 60,
        periodSeconds: 10,
        failureThreshold: 30,
      }),
      resources: resources('resources', props.resources, {
        cpuRequest: '100m',
        cpuLimit: '1',
        memoryRequest: Size.mebibytes(128),
        memoryLimit: Size.mebibytes(512),
      }),
      securityContext: restrictedContainer(IDS.proxy, IDS.proxy, true),
    };
  }

  private createDeployment(chp: k8s.Container, nodePool: NodePool | undefined): k8s.KubeDeployment {
    return new k8s.KubeDeployment(this, 'Resource', {
      metadata: objectMeta(this, this.names.proxy, this.podLabels),
      spec: {
        replicas: 1,
        // CHP keeps its routes in memory; two proxies would disagree until the hub resyncs.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: this.podLabels },
        template: Lazy.any({
          produce: (): k8s.PodTemplateSpec => {
            const door = this.frontDoor;
            const annotations = door?.podAnnotations ?? {};
            return {
              metadata: {
                labels: { ...this.podLabels, [ACCESS_LABELS.hub]: 'true', [ACCESS_LABELS.singleUser]: 'true' },
                annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
              },
              spec: {
                serviceAccountName: this.names.proxy,
                automountServiceAccountToken: false,
                securityContext: restrictedPod(door?.fsGroup),
                ...nodePool?.podPlacement(),
                initContainers:
                  door?.initContainers && door.initContainers.length > 0 ? door.initContainers : undefined,
                containers: [chp, ...(door?.containers ?? [])],
                volumes: door && door.volumes.length > 0 ? door.volumes : undefined,
              },
            };
          },
        }),
      },
    });
  }

  private createServices(): void {
    const clusterService = (id: string, name: string, port: number, portName: string) =>
      new k8s.KubeService(this, id, {
        metadata: objectMeta(this, name, this.podLabels),
        spec: {
          type: 'ClusterIP',
          selector: this.podLabels,
          ports: [{ name: portName, port, targetPort: k8s.IntOrString.fromString(portName), protocol: 'TCP' }],
        },
      });
    clusterService('ApiService', this.names.proxyApi, PORTS.proxyApi, 'api');
    clusterService('HttpService', this.names.proxyHttp, PORTS.proxyHttp, 'http');
    const lb = this.publicService;
    new k8s.KubeService(this, 'PublicService', {
      metadata: objectMeta(this, this.names.proxyPublic, this.podLabels, lb.annotations),
      spec: Lazy.any({
        produce: (): k8s.ServiceSpec => ({
          type: this.publicServiceType,
          loadBalancerIp: lb.loadBalancerIp,
          loadBalancerSourceRanges: lb.loadBalancerSourceRanges,
          externalTrafficPolicy: lb.externalTrafficPolicy,
          selector: this.podLabels,
          ports: this.publicPorts().map((p) => ({
            name: p.name,
            port: p.port,
            targetPort: k8s.IntOrString.fromString(p.targetPort),
            nodePort: this.publicServiceType === kplus.ServiceType.CLUSTER_IP ? undefined : p.nodePort,
            protocol: 'TCP',
          })),
        }),
      }),
    });
  }

  private createNetworkPolicy(): void {
    const hubPods = selectorLabels(this.hub.release, COMPONENT.hub);
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: objectMeta(this, this.names.proxy, this.podLabels),
      spec: Lazy.any({
        produce: (): k8s.NetworkPolicySpec => {
          const door = this.frontDoor;
          const ingress: k8s.NetworkPolicyIngressRule[] = [
            // The public port(s): from anywhere (users, load balancers, ingress controllers).
            { ports: tcpPorts(...(door?.publicContainerPorts ?? [PORTS.proxyHttp])) },
            {
              from: [podPeer(hubPods), podPeer({ [ACCESS_LABELS.proxyApi]: 'true' })],
              ports: tcpPorts(PORTS.proxyApi),
            },
          ];
          if (door) {
            // With nginx in front, CHP's own port is for pods that opt in (the proxy-http Service).
            ingress.push({ from: [podPeer({ [ACCESS_LABELS.proxyHttp]: 'true' })], ports: tcpPorts(PORTS.proxyHttp) });
          }
          return {
            podSelector: { matchLabels: this.podLabels },
            policyTypes: ['Ingress', 'Egress'],
            ingress,
            egress: [
              { to: [podPeer(hubPods)], ports: tcpPorts(PORTS.hub) },
              {
                to: [podPeer(selectorLabels(this.hub.release, COMPONENT.singleUser))],
                ports: tcpPorts(PORTS.singleUser),
              },
              dnsEgress(),
              // Hub services the proxy routes /services/<name>/ to (e.g. Dask Gateway's Traefik).
              ...this.hub.egressOf(HubComponent.PROXY),
              ...(door?.egress ?? []),
            ],
          };
        },
      }),
    });
  }

  private publicPorts(): ProxyPublicPort[] {
    return (
      this.frontDoor?.publicPorts ?? [
        { name: 'http', port: this.publicPort, targetPort: 'http', nodePort: this.httpNodePort },
      ]
    );
  }
}
