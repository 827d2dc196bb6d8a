import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  IngressRoute,
  IngressRouteSpecRoutesKind,
  IngressRouteSpecRoutesServicesPort,
  Middleware,
} from '../../imports/traefik.io';
import { DaskClusterOption } from './dask-cluster-option';
import { DaskGatewayConfigModel, DaskPodModel, renderDaskGatewayConfig } from './dask-gateway-config';
import { PyValue } from '../core/python';
import { traefikArgs } from './traefik-args';
import { Hub } from '../hub/hub';
import { HubIntegrationConfig, IHub, IHubIntegration } from '../hub/hub-integration';
import { HubService } from '../hub/hub-service';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import {
  ACCESS_LABELS,
  API_SERVER_PORTS,
  CLOUD_METADATA_IP,
  COMPONENT,
  PORTS,
  PRIVATE_RANGES,
} from '../core/constants';
import { COMPONENT_LABEL, DASK_IMAGES, DASK_PORTS, DASK_UID, INSTANCE_LABEL, TRAEFIK_UID } from './dask-constants';
import {
  checksum,
  clusterMeta,
  clusterScoped,
  dnsEgress,
  httpProbe,
  objectMeta,
  podPeer,
  resources,
  restrictedContainer,
  restrictedPod,
  selectorLabels,
  sizeBytes,
  tcpPorts,
} from '../core/k8s';
import {
  checkCpu,
  checkDns1035Label,
  checkEnvName,
  checkPinnedImage,
  checkPositiveInt,
  checkPositiveNumber,
  checkSeconds,
  checkSize,
  fail,
  isPinnedImage,
} from '../core/validate';
import { Namespace } from '../core/namespace';
import { NodePool } from '../users/node-pool';

/** Log levels of the gateway's API server and controller. */
export enum DaskGatewayLogLevel {
  /** Everything, including each Kubernetes event. */
  DEBUG = 'DEBUG',
  /** Normal operation: clusters started and stopped. */
  INFO = 'INFO',
  /** Warnings and errors. */
  WARNING = 'WARNING',
  /** Errors only. */
  ERROR = 'ERROR',
}

/** Resources and placement of a cluster's schedulers or workers. */
export interface DaskPodOptions {
  /**
   * Cores and memory: the requests and the limits (`<role>_cores`, `<role>_cores_limit`,
   * `<role>_memory`, `<role>_memory_limit`). For workers, a `DaskClusterOption.workerCores` or
   * `workerMemory` the user picks overrides these.
   * @default - dask-gateway's: 1 core and 2 GiB, limits equal to the requests
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * The pool of nodes the pods run on: its node affinity (required or preferred) and the
   * tolerations of its taints, e.g. seed 002's workers:
   * `NodePool.daskWorkers({ required: true, azureSpot: true })`. Not together with `nodeAffinity`.
   * @default - none (any node, unless `nodeAffinity` says otherwise)
   */
  readonly nodePool?: NodePool;

  /**
   * Which nodes the pods may run on (e.g. the seed's worker pool: `k8s.dask.org/dedicated In [worker]`).
   * For a labelled pool with taints, `nodePool` is shorter.
   * @default - any node
   */
  readonly nodeAffinity?: k8s.NodeAffinity;

  /**
   * Taints the pods tolerate (e.g. a spot node pool's); added after the `nodePool`'s.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
}

/** Props of {@link DaskGateway}. */
export interface DaskGatewayProps {
  /** The hub whose users start clusters; the gateway runs in its namespace and authenticates users with it. */
  readonly hub: Hub;

  /**
   * Name of the gateway: its objects are `api-<name>`, `controller-<name>` and `traefik-<name>`,
   * and it is the gateway's instance id (`gateway.dask.org/instance`), which must be unique in
   * the cluster: the controller watches the DaskClusters of every namespace for it.
   * @default - `<namespace>-dask-gateway` (the daskhub chart's names for a release named after its namespace)
   */
  readonly name?: string;

  /**
   * Name of the gateway as a hub service: users reach it at `<hub base URL>services/<serviceName>/`.
   * @default 'dask-gateway'
   */
  readonly serviceName?: string;

  /**
   * Image of the API server and the controller.
   * @default 'ghcr.io/dask/dask-gateway-server:2026.3.0'
   */
  readonly image?: string;

  /**
   * Image of the proxy.
   * @default 'docker.io/traefik:3.3.5' (the dask-gateway chart's)
   */
  readonly traefikImage?: string;

  /**
   * Image of the schedulers and workers, unless a `DaskClusterOption.image` picks another.
   * @default 'ghcr.io/dask/dask-gateway:2026.3.0'
   */
  readonly clusterImage?: string;

  /**
   * The clusters' schedulers.
   * @default - dask-gateway's resources, any node
   */
  readonly scheduler?: DaskPodOptions;

  /**
   * The clusters' workers.
   * @default - dask-gateway's resources, any node
   */
  readonly worker?: DaskPodOptions;

  /**
   * Environment of every scheduler and worker.
   * @default - none
   */
  readonly clusterEnvironment?: { [name: string]: string };

  /**
   * A cluster with no client connected for this long is shut down.
   * @default Duration.hours(1)
   */
  readonly idleTimeout?: Duration;

  /**
   * Most cores one cluster may use (scheduler and workers).
   * @default - no limit
   */
  readonly clusterMaxCores?: number;

  /**
   * Most memory one cluster may use (scheduler and workers).
   * @default - no limit
   */
  readonly clusterMaxMemory?: Size;

  /**
   * Most workers one cluster may have.
   * @default - no limit
   */
  readonly clusterMaxWorkers?: number;

  /**
   * Choices users make when they start a cluster (bounded worker cores and memory, the image,
   * environment variables), each checked by the gateway.
   * @default - none: every cluster gets the settings above
   */
  readonly clusterOptions?: DaskClusterOption[];

  /**
   * Let workers reach the internet (public addresses: not private ranges, not the cloud metadata
   * endpoint), e.g. to read data from cloud storage, as the users' servers can.
   * @default true
   */
  readonly clusterInternetAccess?: boolean;

  /**
   * Log level of the API server and the controller.
   * @default DaskGatewayLogLevel.INFO
   */
  readonly logLevel?: DaskGatewayLogLevel;

  /**
   * Node pool of the API server, the controller and Traefik (the "core" pool).
   * @default - the hub's `nodePool`, else any node
   */
  readonly nodePool?: NodePool;

  /**
   * Resources of each of the API server, controller and Traefik containers.
   * @default - requests 100m CPU and 256Mi; limits 1 CPU and 512Mi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * NetworkPolicies for the gateway's pods and the clusters' pods (derived from the hub: only its
   * users' servers and its proxy reach Traefik; see the README).
   * @default true
   */
  readonly networkPolicy?: boolean;
}

/** Names, labels and URLs of one gateway, derived once. */
interface Names {
  readonly namespace: string;
  readonly name: string;
  readonly api: string;
  readonly controller: string;
  readonly traefik: string;
  readonly config: string;
  /** Path prefix of everything behind Traefik, e.g. `/services/dask-gateway` (no trailing '/'). */
  readonly prefix: string;
  readonly clustersMiddleware: string;
  readonly apiMiddleware: string;
  readonly traefikAddress: string;
}

const CONFIG_DIR = '/etc/dask-gateway';
const CONFIG_FILE = 'dask_gateway_config.py';

/**
 * Dask Gateway 2026.3.0 for a {@link Hub}'s users, in the hub's namespace: the API server, the
 * controller and the Traefik proxy (each with its ServiceAccount and exactly the API rights its
 * code uses), a generated `dask_gateway_config.py`, a {@link HubService} `dask-gateway` whose
 * token is made in the cluster, the Traefik route and middlewares for the API under
 * `/services/dask-gateway`, NetworkPolicies derived from the hub, and the users' servers wired to
 * it (`DASK_GATEWAY__*`, the dashboard link, the JupyterLab extension's cluster factory). The
 * DaskCluster and Traefik CRDs come from {@link DaskGatewayCrds}, applied first.
 *
 * @example
 * new DaskGateway(ns, 'dask', { hub, clusterOptions: [DaskClusterOption.workerCores(), DaskClusterOption.workerMemory()] });
 */
export class DaskGateway extends Construct implements IHubIntegration {
  /** Name of the gateway (its instance id). */
  public readonly name: string;
  /** Namespace of the gateway, the hub's. */
  public readonly namespace: string;
  /** The gateway as a hub service (its token, its route `/services/<name>/`). */
  public readonly hubService: HubService;
  /** Address of the gateway for the users' servers (`DASK_GATEWAY__ADDRESS`), through Traefik. */
  public readonly address: string;
  /** The generated `dask_gateway_config.py`. */
  public readonly config: string;

  private readonly props: DaskGatewayProps;
  private readonly hub: Hub;
  private readonly names: Names;
  private readonly options: DaskClusterOption[];

  public constructor(scope: Construct, id: string, props: DaskGatewayProps) {
    checkProps('DaskGatewayProps', props);
    super(scope, id);
    addAppChecks(this);
    this.props = props;
    this.hub = props.hub;
    const namespace = Namespace.of(this);
    if (namespace === undefined || namespace !== props.hub.namespace) {
      fail(
        'hub',
        props.hub.node.path,
        `is in namespace '${props.hub.namespace}', the gateway in '${namespace}': create the DaskGateway in the hub's namespace (they share the gateway's hub token Secret, and the gateway needs to know its namespace)`,
      );
    }
    this.namespace = namespace;
    this.names = this.deriveNames(props);
    this.name = this.names.name;
    this.options = this.checkOptions(props.clusterOptions ?? []);
    this.hubService = new HubService(this, 'HubService', {
      hub: props.hub,
      name: props.serviceName ?? 'dask-gateway',
      url: `http://${this.names.traefikAddress}`,
      display: false,
      userAccess: true,
      description: `Dask Gateway: users' and servers' tokens may use it; the proxy routes it to Traefik ${this.names.traefik}`,
    });
    this.address = `http://${this.names.traefikAddress}${this.names.prefix}`;
    this.config = renderDaskGatewayConfig(this.configModel());
    this.createConfigAndAccounts();
    this.createApiServer();
    this.createController();
    this.createTraefik();
    if (props.networkPolicy ?? true) this.createNetworkPolicies();
    props.hub.addIntegration(this);
  }

  /** What the users' servers get: the gateway's addresses, the dashboard link and the labextension's factory; and their way to Traefik (and the proxy's). */
  public bindToHub(hub: IHub): HubIntegrationConfig {
    checkProps('DaskGateway#bindToHub', { hub });
    if (hub !== this.hub)
      fail(
        'hub',
        hub.node.path,
        `is not the hub of this gateway ('${this.hub.node.path}'): a DaskGateway serves the Hub it was created with`,
      );
    const n = this.names;
    const toTraefik: k8s.NetworkPolicyEgressRule = {
      to: [podPeer(this.labels('traefik'))],
      ports: tcpPorts(DASK_PORTS.traefikWeb),
    };
    return {
      // KubeSpawner templates: a literal brace is written twice.
      singleUserEnv: {
        DASK_GATEWAY__ADDRESS: this.address,
        DASK_GATEWAY__PROXY_ADDRESS: `gateway://${n.traefikAddress}`,
        DASK_GATEWAY__PUBLIC_ADDRESS: `${hub.baseUrl}services/${this.hubService.name}/`,
        DASK_GATEWAY__AUTH__TYPE: 'jupyterhub',
        ...(this.options.some((o) => o.field === 'image')
          ? { DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE: '{{JUPYTER_IMAGE_SPEC}}' }
          : {}),
        // `distributed.dashboard.link` (the seed's DASK_DISTRIBUTED__DASHBOARD_LINK is `distributed.dashboard-link`, which distributed never reads).
        DASK_DISTRIBUTED__DASHBOARD__LINK: `${hub.baseUrl}user/{{JUPYTERHUB_USER}}/proxy/{{port}}/status`,
        DASK_LABEXTENSION__FACTORY__MODULE: 'dask_gateway',
        DASK_LABEXTENSION__FACTORY__CLASS: 'GatewayCluster',
      },
      singleUserEgress: [toTraefik],
      proxyEgress: [toTraefik],
    };
  }

  private deriveNames(props: DaskGatewayProps): Names {
    const namespace = this.namespace;
    const name = props.name ?? `${namespace}-dask-gateway`;
    // `controller-<name>` is the longest name that must be a DNS-1035 label (a Service's rules).
    checkDns1035Label(props.name === undefined ? 'namespace' : 'name', name, 63 - 'controller-'.length);
    const serviceName = props.serviceName ?? 'dask-gateway';
    const prefix = `${this.hub.baseUrl}services/${serviceName}`;
    if (/[`\\]/.test(prefix))
      fail(
        'hub.baseUrl',
        this.hub.baseUrl,
        "must not contain '`' or '\\' for a Dask Gateway: Traefik's rules quote the path with backticks",
      );
    const traefik = `traefik-${name}`;
    return {
      namespace,
      name,
      api: `api-${name}`,
      controller: `controller-${name}`,
      traefik,
      config: `${name}-config`,
      prefix,
      clustersMiddleware: `clusters-prefix-${name}`,
      apiMiddleware: `api-prefix-${name}`,
      traefikAddress: `${traefik}.${namespace}:${DASK_PORTS.traefikService}`,
    };
  }

  private checkOptions(options: DaskClusterOption[]): DaskClusterOption[] {
    const seen = new Set<string>();
    for (const o of options) {
      if (seen.has(o.field)) fail('clusterOptions', o.field, 'is given twice: give each kind of option once');
      seen.add(o.field);
    }
    return options;
  }

  /** Labels of the gateway's own pods (never `gateway.dask.org/instance`: the controller watches pods with it). */
  private labels(component: 'api' | 'controller' | 'traefik'): { [key: string]: string } {
    return { app: 'dask-gateway', component, release: this.names.name };
  }

  /** Labels the controller gives a cluster's scheduler or worker pods. */
  private clusterPodLabels(role: 'scheduler' | 'worker'): { [key: string]: string } {
    return { [INSTANCE_LABEL]: this.names.name, [COMPONENT_LABEL]: `dask-${role}` };
  }

  private configModel(): DaskGatewayConfigModel {
    const p = this.props;
    const n = this.names;
    const environment = { ...(p.clusterEnvironment ?? {}) };
    Object.keys(environment).forEach((k) => checkEnvName('clusterEnvironment', k));
    return {
      instance: n.name,
      namespace: n.namespace,
      logLevel: p.logLevel ?? DaskGatewayLogLevel.INFO,
      apiUrl: `http://${n.api}.${n.namespace}:${DASK_PORTS.api}/api`,
      hubApiUrl: `http://${this.hub.serviceName}:${this.hub.port}${this.hub.baseUrl}hub/api`,
      hubServiceName: this.hubService.name,
      prefix: n.prefix,
      clustersMiddleware: n.clustersMiddleware,
      clusterImage: checkPinnedImage('clusterImage', p.clusterImage ?? DASK_IMAGES.cluster),
      // The image option defaults to the hub's single-user image: a moving tag there (the explicit
      // `singleUser.allowUnpinnedImage`) is pulled on every start here too, so clusters match servers.
      imagePullPolicy:
        this.options.some((o) => o.field === 'image') &&
        this.hub.singleUserImage !== undefined &&
        !isPinnedImage(this.hub.singleUserImage)
          ? 'Always'
          : 'IfNotPresent',
      scheduler: clusterPod('scheduler', p.scheduler),
      worker: clusterPod('worker', p.worker),
      idleTimeoutSeconds: checkSeconds('idleTimeout', p.idleTimeout ?? Duration.hours(1)),
      clusterMaxCores:
        p.clusterMaxCores === undefined ? undefined : checkPositiveNumber('clusterMaxCores', p.clusterMaxCores),
      clusterMaxMemoryBytes:
        p.clusterMaxMemory === undefined ? undefined : sizeBytes(checkSize('clusterMaxMemory', p.clusterMaxMemory)),
      clusterMaxWorkers:
        p.clusterMaxWorkers === undefined ? undefined : checkPositiveInt('clusterMaxWorkers', p.clusterMaxWorkers),
      environment,
      options: this.options.map((o) => o._bind({ singleUserImage: this.hub.singleUserImage, environment })),
    };
  }

  private createConfigAndAccounts(): void {
    const n = this.names;
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: objectMeta(this, n.config, this.labels('api')),
      data: { [CONFIG_FILE]: this.config },
    });
    for (const [id, name, component] of [
      ['ApiServiceAccount', n.api, 'api'],
      ['ControllerServiceAccount', n.controller, 'controller'],
      ['TraefikServiceAccount', n.traefik, 'traefik'],
    ] as const) {
      new k8s.KubeServiceAccount(this, id, {
        metadata: objectMeta(this, name, this.labels(component)),
        automountServiceAccountToken: true,
      });
    }
    const daskclusters = (verbs: string[], resources = ['daskclusters']): k8s.PolicyRule => ({
      apiGroups: ['gateway.dask.org'],
      resources,
      verbs,
    });
    // The API server: its informer lists and watches DaskClusters of every namespace (2026.3.0
    // calls list_cluster_custom_object), so that pair is cluster-wide; the rest is this namespace.
    this.createRbac(
      'Api',
      n.api,
      'api',
      [daskclusters(['list', 'watch'])],
      [
        // start_cluster creates a DaskCluster; stop_cluster and the heartbeats patch it.
        daskclusters(['create', 'patch']),
        // Each running cluster's credentials (TLS key, token), read once by name.
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      ],
    );
    // The controller: informers on DaskClusters, pods and endpoints of every namespace
    // (list_cluster_custom_object, list_pod_for_all_namespaces, list_endpoints_for_all_namespaces).
    this.createRbac(
      'Controller',
      n.controller,
      'controller',
      [
        daskclusters(['list', 'watch']),
        { apiGroups: [''], resources: ['pods', 'endpoints'], verbs: ['list', 'watch'] },
      ],
      [
        // Expired cluster records are deleted; the status is patched.
        daskclusters(['delete']),
        daskclusters(['patch'], ['daskclusters/status']),
        // Scheduler and worker pods and each cluster's credentials Secret: created and deleted.
        { apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['create', 'delete'] },
        // The scheduler's Service and its Traefik routes: created, then deleted with the scheduler pod (ownerReferences).
        { apiGroups: [''], resources: ['services'], verbs: ['create'] },
        { apiGroups: ['traefik.io'], resources: ['ingressroutes', 'ingressroutetcps'], verbs: ['create'] },
      ],
    );
    // Traefik watches this namespace only (--providers.kubernetescrd.namespaces) and no cluster-scoped kinds.
    this.createRbac(
      'Traefik',
      n.traefik,
      'traefik',
      [],
      [
        { apiGroups: [''], resources: ['services', 'secrets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
        {
          apiGroups: ['traefik.io'],
          resources: [
            'ingressroutes',
            'ingressroutetcps',
            'ingressrouteudps',
            'middlewares',
            'middlewaretcps',
            'serverstransports',
            'serverstransporttcps',
            'tlsoptions',
            'tlsstores',
            'traefikservices',
          ],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    );
  }

  /** A Role and binding in the namespace, and (if any rules) a ClusterRole and binding, for one account. */
  private createRbac(
    id: string,
    name: string,
    component: 'api' | 'controller' | 'traefik',
    clusterRules: k8s.PolicyRule[],
    rules: k8s.PolicyRule[],
  ): void {
    const labels = this.labels(component);
    const subjects = [{ kind: 'ServiceAccount', name, namespace: this.namespace }];
    new k8s.KubeRole(this, `${id}Role`, { metadata: objectMeta(this, name, labels), rules });
    new k8s.KubeRoleBinding(this, `${id}RoleBinding`, {
      metadata: objectMeta(this, name, labels),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects,
    });
    if (clusterRules.length === 0) return;
    clusterScoped(
      new k8s.KubeClusterRole(this, `${id}ClusterRole`, { metadata: clusterMeta(name, labels), rules: clusterRules }),
    );
    clusterScoped(
      new k8s.KubeClusterRoleBinding(this, `${id}ClusterRoleBinding`, {
        metadata: clusterMeta(name, labels),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects,
      }),
    );
  }

  private containerResources(): k8s.ResourceRequirements {
    return resources('resources', this.props.resources, {
      cpuRequest: '100m',
      cpuLimit: '1',
      memoryRequest: Size.mebibytes(256),
      memoryLimit: Size.mebibytes(512),
    });
  }

  /** A Deployment of one of the gateway's components, with its config mounted when it reads it. */
  private deployment(
    id: string,
    name: string,
    component: 'api' | 'controller' | 'traefik',
    container: k8s.Container,
    o: { uid: number; config: boolean; recreate?: boolean; podLabels?: { [key: string]: string } },
  ): void {
    const labels = this.labels(component);
    const volumes: k8s.Volume[] = [{ name: 'tmp', emptyDir: {} }];
    const mounts: k8s.VolumeMount[] = [{ name: 'tmp', mountPath: '/tmp' }];
    if (o.config) {
      volumes.push({ name: 'config', configMap: { name: this.names.config, defaultMode: 0o444 } });
      mounts.push({ name: 'config', mountPath: CONFIG_DIR, readOnly: true });
    }
    new k8s.KubeDeployment(this, id, {
      metadata: objectMeta(this, name, labels),
      spec: {
        replicas: 1,
        // One controller at a time: two would reconcile the same clusters.
        strategy: o.recreate ? { type: 'Recreate' } : undefined,
        selector: { matchLabels: labels },
        template: {
          metadata: {
            labels: { ...labels, ...(o.podLabels ?? {}) },
            annotations: o.config ? { 'checksum/config-map': checksum(this.config) } : undefined,
          },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: true,
            securityContext: restrictedPod(),
            ...(this.props.nodePool ?? this.hub.nodePool)?.podPlacement(),
            containers: [
              {
                ...container,
                imagePullPolicy: 'IfNotPresent',
                resources: this.containerResources(),
                securityContext: restrictedContainer(o.uid, o.uid, true),
                volumeMounts: mounts,
              },
            ],
            volumes,
          },
        },
      },
    });
  }

  private createApiServer(): void {
    const n = this.names;
    const image = checkPinnedImage('image', this.props.image ?? DASK_IMAGES.server);
    this.deployment(
      'Api',
      n.api,
      'api',
      {
        name: 'api',
        image,
        // args, not command: the image's entrypoint (tini) stays PID 1.
        args: ['dask-gateway-server', '--config', `${CONFIG_DIR}/${CONFIG_FILE}`],
        // Its token as a hub service, made in the cluster by the hub (the pod waits until it exists).
        env: [{ name: 'JUPYTERHUB_API_TOKEN', valueFrom: { secretKeyRef: this.hubService.apiTokenRef } }],
        ports: [{ name: 'api', containerPort: DASK_PORTS.api, protocol: 'TCP' }],
        readinessProbe: httpProbe('/api/health', 'api', { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 }),
        livenessProbe: httpProbe('/api/health', 'api', {
          initialDelaySeconds: 5,
          periodSeconds: 10,
          failureThreshold: 6,
          timeoutSeconds: 2,
        }),
      },
      { uid: DASK_UID, config: true, podLabels: { [ACCESS_LABELS.hub]: 'true' } },
    );
    new k8s.KubeService(this, 'ApiService', {
      metadata: objectMeta(this, n.api, this.labels('api')),
      spec: {
        type: 'ClusterIP',
        selector: this.labels('api'),
        ports: [{ name: 'api', port: DASK_PORTS.api, targetPort: k8s.IntOrString.fromString('api'), protocol: 'TCP' }],
      },
    });
  }

  private createController(): void {
    const n = this.names;
    // The controller's HTTP server has no routes: its probes check that it listens.
    const probe = (initialDelaySeconds: number, failureThreshold: number): k8s.Probe => ({
      tcpSocket: { port: k8s.IntOrString.fromString('api') },
      initialDelaySeconds,
      periodSeconds: 10,
      failureThreshold,
      timeoutSeconds: 2,
    });
    this.deployment(
      'Controller',
      n.controller,
      'controller',
      {
        name: 'controller',
        image: checkPinnedImage('image', this.props.image ?? DASK_IMAGES.server),
        args: ['dask-gateway-server', 'kube-controller', '--config', `${CONFIG_DIR}/${CONFIG_FILE}`],
        ports: [{ name: 'api', containerPort: DASK_PORTS.api, protocol: 'TCP' }],
        readinessProbe: probe(5, 3),
        livenessProbe: probe(10, 6),
      },
      { uid: DASK_UID, config: true, recreate: true },
    );
  }

  private createTraefik(): void {
    const n = this.names;
    this.deployment(
      'Traefik',
      n.traefik,
      'traefik',
      {
        name: 'traefik',
        image: checkPinnedImage('traefikImage', this.props.traefikImage ?? DASK_IMAGES.traefik),
        args: traefikArgs({
          namespace: n.namespace,
          labelSelector: `${INSTANCE_LABEL}=${n.name}`,
          webPort: DASK_PORTS.traefikWeb,
          pingPort: DASK_PORTS.traefikPing,
          logLevel: 'WARN',
        }),
        ports: [
          { name: 'web', containerPort: DASK_PORTS.traefikWeb, protocol: 'TCP' },
          { name: 'traefik', containerPort: DASK_PORTS.traefikPing, protocol: 'TCP' },
        ],
        readinessProbe: httpProbe('/ping', 'traefik', {
          initialDelaySeconds: 5,
          periodSeconds: 10,
          failureThreshold: 1,
          timeoutSeconds: 2,
        }),
        livenessProbe: httpProbe('/ping', 'traefik', {
          initialDelaySeconds: 10,
          periodSeconds: 10,
          failureThreshold: 3,
          timeoutSeconds: 2,
        }),
      },
      { uid: TRAEFIK_UID, config: false },
    );
    new k8s.KubeService(this, 'TraefikService', {
      metadata: objectMeta(this, n.traefik, this.labels('traefik')),
      spec: {
        type: 'ClusterIP',
        selector: this.labels('traefik'),
        ports: [
          {
            name: 'web',
            port: DASK_PORTS.traefikService,
            targetPort: k8s.IntOrString.fromString('web'),
            protocol: 'TCP',
          },
        ],
      },
    });
    // The routes Traefik serves carry the instance label (its label selector).
    const meta = (name: string) => objectMeta(this, name, { ...this.labels('traefik'), [INSTANCE_LABEL]: n.name });
    new IngressRoute(this, 'ApiRoute', {
      metadata: meta(n.api),
      spec: {
        entryPoints: ['web'],
        routes: [
          {
            kind: IngressRouteSpecRoutesKind.RULE,
            match: `PathPrefix(\`${n.prefix}\`)`,
            services: [{ name: n.api, port: IngressRouteSpecRoutesServicesPort.fromNumber(DASK_PORTS.api) }],
            middlewares: [{ name: n.apiMiddleware }],
          },
        ],
      },
    });
    // The API server serves /api/...: the prefix the hub's proxy keeps is stripped.
    new Middleware(this, 'ApiPrefix', {
      metadata: meta(n.apiMiddleware),
      spec: { stripPrefix: { prefixes: [n.prefix] } },
    });
    // A cluster's dashboard is served at /: `<prefix>/clusters/<namespace>.<id>` is stripped (the controller's routes use it).
    new Middleware(this, 'ClustersPrefix', {
      metadata: meta(n.clustersMiddleware),
      spec: {
        stripPrefixRegex: { regex: [`${n.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/clusters/[a-zA-Z0-9.-]+`] },
      },
    });
  }

  private createNetworkPolicies(): void {
    const hub = this.hub;
    const api = this.labels('api');
    const traefik = this.labels('traefik');
    const schedulers = this.clusterPodLabels('scheduler');
    const workers = this.clusterPodLabels('worker');
    const kubeApi: k8s.NetworkPolicyEgressRule = { ports: tcpPorts(...API_SERVER_PORTS) };
    const policy = (
      id: string,
      name: string,
      pods: { [key: string]: string },
      ingress: k8s.NetworkPolicyIngressRule[],
      egress: k8s.NetworkPolicyEgressRule[],
    ) => {
      new k8s.KubeNetworkPolicy(this, id, {
        metadata: objectMeta(this, name, {
          app: 'dask-gateway',
          component: pods[COMPONENT_LABEL] ?? pods.component,
          release: this.names.name,
        }),
        spec: {
          podSelector: { matchLabels: pods },
          policyTypes: ['Ingress', 'Egress'],
          ingress,
          egress: [...egress, dnsEgress()],
        },
      });
    };
    const n = this.names;
    policy(
      'ApiNetworkPolicy',
      n.api,
      api,
      [
        // Requests through Traefik, and the schedulers' heartbeats (DASK_GATEWAY_API_URL).
        { from: [podPeer(traefik), podPeer(schedulers)], ports: tcpPorts(DASK_PORTS.api) },
      ],
      [
        // Users' tokens are checked at the hub's API (the pod carries the hub's access label).
        { to: [podPeer(selectorLabels(hub.release, COMPONENT.hub))], ports: tcpPorts(PORTS.hub) },
        // Scaling requests are forwarded to the scheduler's API.
        { to: [podPeer(schedulers)], ports: tcpPorts(DASK_PORTS.schedulerApi) },
        kubeApi,
      ],
    );
    policy('ControllerNetworkPolicy', n.controller, this.labels('controller'), [], [kubeApi]);
    policy(
      'TraefikNetworkPolicy',
      n.traefik,
      traefik,
      [
        // The hub's users' servers (the Dask client) and its proxy (/services/<name>/ from browsers).
        {
          from: [podPeer(hub.singleUserPodLabels), podPeer(selectorLabels(hub.release, COMPONENT.proxy))],
          ports: tcpPorts(DASK_PORTS.traefikWeb),
        },
      ],
      [
        { to: [podPeer(api)], ports: tcpPorts(DASK_PORTS.api) },
        { to: [podPeer(schedulers)], ports: tcpPorts(DASK_PORTS.scheduler, DASK_PORTS.dashboard) },
        // Its Kubernetes provider (routes, Services, endpoints).
        kubeApi,
      ],
    );
    policy(
      'SchedulerNetworkPolicy',
      `${n.name}-schedulers`,
      schedulers,
      [
        { from: [podPeer(traefik)], ports: tcpPorts(DASK_PORTS.scheduler, DASK_PORTS.dashboard) },
        { from: [podPeer(api)], ports: tcpPorts(DASK_PORTS.schedulerApi) },
        { from: [podPeer(workers)], ports: tcpPorts(DASK_PORTS.scheduler) },
      ],
      [
        { to: [podPeer(api)], ports: tcpPorts(DASK_PORTS.api) },
        // Workers listen on ports of their own choosing.
        { to: [podPeer(workers)] },
      ],
    );
    const internet: k8s.NetworkPolicyEgressRule[] =
      (this.props.clusterInternetAccess ?? true)
        ? [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE_RANGES, `${CLOUD_METADATA_IP}/32`] } }] }]
        : [];
    policy(
      'WorkerNetworkPolicy',
      `${n.name}-workers`,
      workers,
      [
        // The scheduler and the other workers (data moves between workers directly).
        { from: [podPeer(schedulers), podPeer(workers)] },
      ],
      [{ to: [podPeer(schedulers)], ports: tcpPorts(DASK_PORTS.scheduler) }, { to: [podPeer(workers)] }, ...internet],
    );
  }
}

/** The scheduler's or workers' settings: requests and limits from typed props, and the restricted security context with the placement. */
function clusterPod(role: 'scheduler' | 'worker', o: DaskPodOptions | undefined): DaskPodModel {
  const r = o?.resources;
  const cores =
    r?.cpu?.request === undefined ? undefined : checkCpu(`${role}.resources.cpu.request`, r.cpu.request.amount);
  const coresLimit =
    r?.cpu?.limit === undefined ? undefined : checkCpu(`${role}.resources.cpu.limit`, r.cpu.limit.amount);
  if (cores !== undefined && coresLimit !== undefined && coresLimit < cores)
    fail(
      `${role}.resources.cpu.limit`,
      r?.cpu?.limit?.amount,
      `must be at least the request (${r?.cpu?.request?.amount})`,
    );
  const memory =
    r?.memory?.request === undefined
      ? undefined
      : sizeBytes(checkSize(`${role}.resources.memory.request`, r.memory.request));
  const memoryLimit =
    r?.memory?.limit === undefined ? undefined : sizeBytes(checkSize(`${role}.resources.memory.limit`, r.memory.limit));
  if (memory !== undefined && memoryLimit !== undefined && memoryLimit < memory)
    fail(`${role}.resources.memory.limit`, memoryLimit, `must be at least the request (${memory} bytes)`);
  const pod: { [key: string]: PyValue } = {
    // Pod Security `restricted`: the gateway's pods set nothing of it themselves.
    securityContext: {
      runAsNonRoot: true,
      runAsUser: DASK_UID,
      runAsGroup: DASK_UID,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
  if (o?.nodePool !== undefined && o.nodeAffinity !== undefined) {
    fail(
      `${role}.nodeAffinity`,
      'set',
      `is given with '${role}.nodePool', which sets the node affinity itself: give one of them`,
    );
  }
  const placement = o?.nodePool?.podPlacement();
  const nodeAffinity = placement?.affinity.nodeAffinity ?? o?.nodeAffinity;
  const tolerations = [...(placement?.tolerations ?? []), ...(o?.tolerations ?? [])];
  if (nodeAffinity !== undefined) pod.affinity = { nodeAffinity: plain(k8s.toJson_NodeAffinity(nodeAffinity)) };
  if (o?.tolerations !== undefined || tolerations.length > 0)
    pod.tolerations = tolerations.map((t) => plain(k8s.toJson_Toleration(t)));
  return {
    cores,
    // dask-gateway's limits default to the requests; a request alone keeps that.
    coresLimit,
    memoryBytes: memory,
    memoryLimitBytes: memoryLimit,
    extraPodConfig: pod,
    extraContainerConfig: { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
  };
}

/** A Kubernetes JSON value as plain data for `py()` (the toJson_ converters return plain objects). */
function plain(value: unknown): PyValue {
  return JSON.parse(JSON.stringify(value ?? null)) as PyValue;
}
