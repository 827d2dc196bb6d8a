import { Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HUB_ENV } from './generators/jupyterhub-config';
import { Hub } from './hub';
import { ACCESS_LABELS, COMPONENT, IDS, IMAGES, PORTS } from './internal/constants';
import {
  dnsEgress, httpProbe, podPeer, resources, restrictedContainer, restrictedPod, secretEnv, selectorLabels, tcpPorts, objectMeta } from './internal/k8s';
import { checkNodePort, checkPinnedImage, checkPort, fail } from './internal/validate';

/** How a user-facing Service (`proxy-public`, the gateway) is exposed. */
export enum ServiceType {
  /** Inside the cluster only (put an Ingress in front). */
  CLUSTER_IP = 'ClusterIP',
  /** On a port of every node (minikube, kind). */
  NODE_PORT = 'NodePort',
  /** Through the cloud's load balancer. */
  LOAD_BALANCER = 'LoadBalancer',
}

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

/** Settings of a {@link Proxy} (everything but the hub it serves). */
export interface ProxyOptions {
  /**
   * configurable-http-proxy image.
   * @default 'quay.io/jupyterhub/configurable-http-proxy:5.2.0'
   */
  readonly image?: string;

  /**
   * Type of the `proxy-public` Service.
   * @default ServiceType.LOAD_BALANCER (as Zero to JupyterHub)
   */
  readonly serviceType?: ServiceType;

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

/**
 * What a front door (nginx in the proxy pod) adds to the proxy. Set by {@link NginxIngress}.
 * @internal
 */
export interface ProxyFrontDoor {
  readonly containers: k8s.Container[];
  readonly volumes: k8s.Volume[];
  readonly podAnnotations: { [key: string]: string };
  readonly fsGroup?: number;
  /** Service ports of `proxy-public` (target ports by container port name). */
  readonly publicPorts: { name: string; port: number; targetPort: string; nodePort?: number }[];
  /** Container ports the public may reach (for the NetworkPolicy). */
  readonly publicContainerPorts: number[];
}

/**
 * configurable-http-proxy (CHP) in front of a {@link Hub}: the Deployment, its ServiceAccount
 * (no API rights), and the Services `proxy-api` (8001, for the hub), `proxy-http` (8000, inside
 * the cluster) and `proxy-public` (for users). The auth token is read from the hub's Secret, the
 * same key the hub reads.
 */
export class Proxy extends Construct {
  /** The hub this proxy serves. */
  public readonly hub: Hub;
  /** Name of the user-facing Service. */
  public readonly publicServiceName: string;
  /** Port of the user-facing Service. */
  public readonly publicPort: number;
  /** Name of the proxy's API Service. */
  public readonly apiServiceName: string;
  /** Name of the Service for CHP's public port inside the cluster. */
  public readonly httpServiceName: string;
  /** The proxy Deployment (escape hatch). */
  public readonly deployment: k8s.KubeDeployment;

  /** @internal */
  public _frontDoor?: ProxyFrontDoor;

  private readonly serviceType: ServiceType;
  private readonly nodePort?: number;

  public constructor(scope: Construct, id: string, props: ProxyProps) {
    super(scope, id);
    const hub = props.hub;
    if (hub._proxyAttached) {
      fail('hub', hub.node.path, 'already has a Proxy: create one Proxy per Hub');
    }
    const image = checkPinnedImage('image', props.image ?? IMAGES.proxy);
    this.serviceType = props.serviceType ?? ServiceType.LOAD_BALANCER;
    this.publicPort = checkPort('port', props.port ?? 80);
    if (props.nodePort !== undefined) {
      checkNodePort('nodePort', props.nodePort);
      if (this.serviceType === ServiceType.CLUSTER_IP) {
        fail('nodePort', props.nodePort, "needs 'serviceType' NODE_PORT or LOAD_BALANCER; a ClusterIP Service has no node port");
      }
    }
    this.nodePort = props.nodePort;
    const containerResources = resources('resources', props.resources, { cpuRequest: '100m', cpuLimit: '1', memoryRequest: Size.mebibytes(128), memoryLimit: Size.mebibytes(512) });
    hub._proxyAttached = true;
    this.hub = hub;

    const model = hub._model;
    const names = model.names;
    const labels = selectorLabels(model.release, COMPONENT.proxy);
    this.publicServiceName = names.proxyPublic;
    this.apiServiceName = names.proxyApi;
    this.httpServiceName = names.proxyHttp;
    const hubUrl = `http://${hub.serviceName}:${hub.port}`;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: objectMeta(this, names.proxy, labels),
      // configurable-http-proxy and nginx read files, never the Kubernetes API.
      automountServiceAccountToken: false,
    });

    const chp: k8s.Container = {
      name: 'chp',
      image,
      imagePullPolicy: 'IfNotPresent',
      command: [
        'configurable-http-proxy',
        '--ip=',
        `--port=${PORTS.proxyHttp}`,
        '--api-ip=',
        `--api-port=${PORTS.proxyApi}`,
        `--default-target=${hubUrl}`,
        `--error-target=${hubUrl}${model.baseUrl}hub/error`,
        `--log-level=${props.logLevel ?? ProxyLogLevel.INFO}`,
      ],
      env: [secretEnv(HUB_ENV.proxyToken, hub.secretName, hub.proxyTokenKey)],
      ports: [
        { name: 'http', containerPort: PORTS.proxyHttp, protocol: 'TCP' },
        { name: 'api', containerPort: PORTS.proxyApi, protocol: 'TCP' },
      ],
      readinessProbe: httpProbe('/_chp_healthz', 'http', { periodSeconds: 2, failureThreshold: 1000, timeoutSeconds: 1 }),
      livenessProbe: httpProbe('/_chp_healthz', 'http', { initialDelaySeconds: 60, periodSeconds: 10, failureThreshold: 30 }),
      resources: containerResources,
      securityContext: restrictedContainer(IDS.proxy, IDS.proxy, true),
    };

    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: objectMeta(this, names.proxy, labels),
      spec: {
        replicas: 1,
        // CHP keeps its routes in memory; two proxies would disagree until the hub resyncs.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels },
        template: Lazy.any({
          produce: (): k8s.PodTemplateSpec => {
            const door = this._frontDoor;
            const annotations = door?.podAnnotations ?? {};
            return {
              metadata: {
                labels: { ...labels, [ACCESS_LABELS.hub]: 'true', [ACCESS_LABELS.singleUser]: 'true' },
                annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
              },
              spec: {
                serviceAccountName: names.proxy,
                automountServiceAccountToken: false,
                securityContext: restrictedPod(door?.fsGroup),
                containers: [chp, ...(door?.containers ?? [])],
                volumes: door && door.volumes.length > 0 ? door.volumes : undefined,
              },
            };
          },
        }),
      },
    });

    new k8s.KubeService(this, 'ApiService', {
      metadata: objectMeta(this, names.proxyApi, labels),
      spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'api', port: PORTS.proxyApi, targetPort: k8s.IntOrString.fromString('api'), protocol: 'TCP' }] },
    });
    new k8s.KubeService(this, 'HttpService', {
      metadata: objectMeta(this, names.proxyHttp, labels),
      spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'http', port: PORTS.proxyHttp, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }] },
    });
    new k8s.KubeService(this, 'PublicService', {
      metadata: objectMeta(this, names.proxyPublic, labels),
      spec: Lazy.any({
        produce: (): k8s.ServiceSpec => ({
          type: this.serviceType,
          selector: labels,
          ports: this.publicPorts().map((p) => ({
            name: p.name,
            port: p.port,
            targetPort: k8s.IntOrString.fromString(p.targetPort),
            nodePort: this.serviceType === ServiceType.CLUSTER_IP ? undefined : p.nodePort,
            protocol: 'TCP',
          })),
        }),
      }),
    });

    if (props.networkPolicy ?? true) {
      new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: objectMeta(this, names.proxy, labels),
        spec: Lazy.any({
          produce: (): k8s.NetworkPolicySpec => {
            const door = this._frontDoor;
            const ingress: k8s.NetworkPolicyIngressRule[] = [
              // The public port(s): from anywhere (users, load balancers, ingress controllers).
              { ports: tcpPorts(...(door?.publicContainerPorts ?? [PORTS.proxyHttp])) },
              { from: [podPeer(selectorLabels(model.release, COMPONENT.hub)), podPeer({ [ACCESS_LABELS.proxyApi]: 'true' })], ports: tcpPorts(PORTS.proxyApi) },
            ];
            if (door) {
              // With nginx in front, CHP's own port is for pods that opt in (the proxy-http Service).
              ingress.push({ from: [podPeer({ [ACCESS_LABELS.proxyHttp]: 'true' })], ports: tcpPorts(PORTS.proxyHttp) });
            }
            return {
              podSelector: { matchLabels: labels },
              policyTypes: ['Ingress', 'Egress'],
              ingress,
              egress: [
                { to: [podPeer(selectorLabels(model.release, COMPONENT.hub))], ports: tcpPorts(PORTS.hub) },
                { to: [podPeer(selectorLabels(model.release, COMPONENT.singleUser))], ports: tcpPorts(PORTS.singleUser) },
                dnsEgress(),
              ],
            };
          },
        }),
      });
    }
  }

  /** Type of the `proxy-public` Service. */
  public get publicServiceType(): ServiceType {
    return this.serviceType;
  }

  /**
   * Puts a front door (nginx) into the proxy pod.
   * @internal
   */
  public _attachFrontDoor(door: ProxyFrontDoor, by: string): void {
    if (this._frontDoor) fail('proxy', this.node.path, `already has nginx in front of it; '${by}' would be a second one`);
    this._frontDoor = door;
  }

  /** The HTTP node port requested for `proxy-public`, if any. @internal */
  public get _nodePort(): number | undefined {
    return this.nodePort;
  }

  private publicPorts(): { name: string; port: number; targetPort: string; nodePort?: number }[] {
    return this._frontDoor?.publicPorts ?? [{ name: 'http', port: this.publicPort, targetPort: 'http', nodePort: this.nodePort }];
  }
}
