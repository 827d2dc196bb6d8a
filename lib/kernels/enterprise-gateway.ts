import { Duration, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { kernelLauncherLinksCommand } from './kernel-launchers-command';
import { gatewayClientEnv, gatewayEnv } from './gateway-env';
import { literalForKubeSpawner } from '../users/kubespawner-template';
import { renderSecretInitScript } from '../hub/secret-init-script';
import { HubIntegrationConfig, IHub, IHubIntegration } from '../hub/hub-integration';
import type { INfsStorage } from '../users/shared-home';
import {
  API_SERVER_PORTS,
  CLOUD_METADATA_IP,
  GATEWAY,
  GATEWAY_KERNELS_DIR,
  KERNEL_LAUNCHERS_DIR,
  KERNEL_POD_LABELS,
  PRIVATE_RANGES,
  UPSTREAM_LAUNCHER,
} from '../core/constants';
import {
  checksum,
  clusterMeta,
  clusterScoped,
  dnsEgress,
  httpProbe,
  objectMeta,
  resources,
  restrictedContainer,
  restrictedPod,
  sizeQuantity,
  tcpPorts,
} from '../core/k8s';
import { checkProps } from '../core/check-props';
import {
  checkDns1035Label,
  checkDnsLabel,
  checkDnsSubdomain,
  checkPinnedImage,
  checkPort,
  checkPositiveInt,
  checkSeconds,
  checkServiceType,
  fail,
} from '../core/validate';
import { KernelSpec } from './kernel-spec';
import { Namespace } from '../core/namespace';
import type { NodePool } from '../users/node-pool';
import { addAppChecks } from '../core/app-checks';

/** Log levels of the gateway (`EG_LOG_LEVEL`). */
export enum GatewayLogLevel {
  /** Everything, including kernel launch details. */
  DEBUG = 'DEBUG',
  /** Normal operation. */
  INFO = 'INFO',
  /** Warnings and errors. */
  WARNING = 'WARNING',
  /** Errors only. */
  ERROR = 'ERROR',
}

/** Where the gateway runs kernels. */
export enum KernelNamespaces {
  /**
   * One kernel namespace, created with the gateway and labelled for Pod Security `restricted`;
   * the gateway has rights on pods there only. A client-sent `KERNEL_NAMESPACE` elsewhere is
   * refused by RBAC.
   */
  DEDICATED = 'dedicated',
  /** Kernels run in the gateway's own namespace (namespaced rights only). */
  GATEWAY = 'gateway',
  /**
   * A namespace per kernel, created and deleted by the gateway. Needs cluster-wide rights to
   * create pods and namespaces, and a client can name another kernel's namespace: trusted
   * users only.
   */
  PER_KERNEL = 'per-kernel',
}

/** Props of {@link EnterpriseGateway}. */
export interface EnterpriseGatewayProps {
  /**
   * Name of the Deployment and Service (and prefix of its ServiceAccount and ClusterRole).
   * @default 'enterprise-gateway'
   */
  readonly name?: string;

  /**
   * Gateway image.
   * @default 'docker.io/elyra/enterprise-gateway:3.3.0'
   */
  readonly image?: string;

  /**
   * Port of the gateway's HTTP API (`EG_PORT`).
   * @default 8888
   */
  readonly port?: number;

  /**
   * Port on which kernels report their connection info (`EG_RESPONSE_PORT`).
   * @default 8877
   */
  readonly responsePort?: number;

  /**
   * Type of the gateway Service. The gateway requires its token (generated in the cluster) on
   * every request, but a LoadBalancer still puts it on the internet: keep the default unless
   * clients outside the cluster must reach it.
   * @default kplus.ServiceType.CLUSTER_IP (only the hub's users' servers reach it)
   */
  readonly serviceType?: kplus.ServiceType;

  /**
   * Where kernels run.
   * @default KernelNamespaces.DEDICATED (one kernel namespace, `<gateway namespace>-kernels`)
   */
  readonly kernelNamespaces?: KernelNamespaces;

  /**
   * Name of the kernel namespace (with `KernelNamespaces.DEDICATED`).
   * @default - `<gateway namespace>-kernels`
   */
  readonly kernelNamespaceName?: string;

  /**
   * ClusterRole bound to the kernels' service account in each kernel namespace
   * (`EG_KERNEL_CLUSTER_ROLE`, with `KernelNamespaces.PER_KERNEL` only); created by this
   * construct with `kernelRules`.
   * @default 'kernel-controller'
   */
  readonly kernelClusterRoleName?: string;

  /**
   * Kubernetes API rights of kernel pods (e.g. Spark kernels that start executors need pods);
   * with `KernelNamespaces.PER_KERNEL` only, where each kernel has a namespace of its own.
   * @default - none: plain kernels never call the API (and get no API token)
   */
  readonly kernelRules?: k8s.PolicyRule[];

  /**
   * Let kernels reach the internet (public addresses: not private ranges, not the cloud metadata
   * endpoint), e.g. for `pip install`. Kernels always reach the gateway and DNS.
   * @default false
   */
  readonly kernelInternetAccess?: boolean;

  /**
   * More egress rules for kernel pods (e.g. a database), in their NetworkPolicy.
   * @default - none
   */
  readonly kernelEgress?: k8s.NetworkPolicyEgressRule[];

  /**
   * NetworkPolicies for the gateway (its API only from the hub's users' servers, the kernel
   * response port only from kernels) and for kernels (only the gateway and DNS, plus the opt-ins).
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * Start kernels in the user's working directory (`EG_MIRROR_WORKING_DIRS`).
   * @default false
   */
  readonly mirrorWorkingDirs?: boolean;

  /**
   * Stop kernels idle for this long (`EG_CULL_IDLE_TIMEOUT`).
   * @default Duration.hours(1)
   */
  readonly cullIdleTimeout?: Duration;

  /**
   * Also cull idle kernels that still have a client connected (`EG_CULL_CONNECTED`).
   * @default false
   */
  readonly cullConnected?: boolean;

  /**
   * How long a kernel pod may take to start (`EG_KERNEL_LAUNCH_TIMEOUT`).
   * @default Duration.seconds(60)
   */
  readonly kernelLaunchTimeout?: Duration;

  /**
   * Kernels users may start (`EG_ALLOWED_KERNELS`).
   * @default - the names of the kernel specs given to this gateway
   */
  readonly allowedKernels?: string[];

  /**
   * Kernel started when a client names none (`EG_DEFAULT_KERNEL_NAME`).
   * @default - the first kernel spec
   */
  readonly defaultKernelName?: string;

  /**
   * Log level.
   * @default GatewayLogLevel.INFO
   */
  readonly logLevel?: GatewayLogLevel;

  /**
   * Resources of the gateway container.
   * @default - requests 500m CPU and 1Gi; limits 1 CPU and 2Gi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Replicas of the gateway.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Node pool of the gateway pod (a "core" pool, e.g. `NodePool.nodePurpose(NodePurpose.CORE)`).
   * Kernels are placed by their KernelSpec.
   * @default - any node
   */
  readonly nodePool?: NodePool;

  /**
   * Time the gateway gets to shut kernels down gracefully.
   * @default Duration.seconds(60)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Kernelspecs, each mounted from its ConfigMap.
   * @default - none (add with addKernelSpec)
   */
  readonly kernelSpecs?: KernelSpec[];

  /**
   * Instead of KernelSpec ConfigMaps: a claim holding kernelspec directories, mounted at
   * `/usr/local/share/jupyter/kernels` (the JEG lab's `kernelspecs-pvc` mode).
   * @default - kernelspecs come from `kernelSpecs`
   */
  readonly kernelSpecsStorage?: INfsStorage;

  /**
   * Run the kernel-image-puller DaemonSet, which pre-pulls kernel images on every node, so a
   * first kernel start does not wait for the image pull. It runs as root with the node's
   * containerd socket (a hostPath mount), so it is off by default.
   * @default false
   */
  readonly kernelImagePuller?: boolean;
}

const LABELS = (name: string, component: string) => ({ app: 'enterprise-gateway', component, release: name });

/** The gateway each KernelSpec belongs to (a KernelSpec is mounted by one gateway). */
const OWNER = new WeakMap<KernelSpec, EnterpriseGateway>();

/** Key of the token in the token Secrets. */
const TOKEN_KEY = 'token';

/**
 * A Jupyter Enterprise Gateway that users' servers run their kernels on: what a hub needs to send
 * its users' servers there and let them through their NetworkPolicy. Plug one into a hub with
 * `hub.addIntegration(gateway)` (or the Hub's `integrations` prop).
 */
export interface IEnterpriseGateway extends IHubIntegration {
  /** URL user servers reach the gateway at (`JUPYTER_GATEWAY_URL`). */
  readonly url: string;
  /** Port of the gateway's HTTP API. */
  readonly port: number;
  /**
   * Namespace kernels run in, when they share one.
   * @default - a namespace per kernel, or unknown (a gateway outside this app)
   */
  readonly kernelNamespace?: string;
  /**
   * Name of the Secret (in the hub's namespace, as in the gateway's) with the token user servers
   * send to the gateway.
   * @default - no token
   */
  readonly authTokenSecretName?: string;
  /**
   * Key of the token in {@link authTokenSecretName}.
   * @default - no token
   */
  readonly authTokenKey?: string;

  /**
   * The NetworkPolicy peer that selects the gateway, as seen from pods in `fromNamespace`.
   * @param fromNamespace namespace of the pods that reach the gateway (undefined: the current one)
   */
  egressPeer(fromNamespace?: string): k8s.NetworkPolicyPeer;
}

/** A gateway that runs outside this app, for {@link EnterpriseGateway.fromUrl}. */
export interface ExternalEnterpriseGatewayOptions {
  /**
   * The address range the gateway is reached at, opened in the users' servers' NetworkPolicy
   * (e.g. `10.2.0.15/32`). Needed for a gateway on a private address: the policy blocks private
   * ranges otherwise.
   * @default - the policy's internet rule applies (public addresses only)
   */
  readonly cidr?: string;

  /**
   * A Secret in the hub's namespace whose key `token` holds the gateway's token
   * (`JUPYTER_GATEWAY_AUTH_TOKEN` of the users' servers).
   * @default - no token is sent
   */
  readonly authTokenSecretName?: string;
}

/** A hub whose users' servers use this gateway. */
interface BoundHub {
  readonly namespace: string;
  readonly podLabels: { [key: string]: string };
}

/**
 * Jupyter Enterprise Gateway on Kubernetes: the gateway Deployment and Service, its ServiceAccount
 * with only the rights it uses, kernels in a namespace of their own under Pod Security
 * `restricted`, a token generated in the cluster (never in the manifests) that every client must
 * send, NetworkPolicies for the gateway and its kernels, and the kernelspecs it offers, each with
 * a kernel pod template of the project's own. Plug it into a hub with `hub.addIntegration(gateway)`.
 */
export class EnterpriseGateway extends Construct implements IEnterpriseGateway {
  /**
   * A gateway that runs elsewhere, reached at `url`.
   * @throws if the URL is not an http(s) URL.
   */
  public static fromUrl(url: string, options: ExternalEnterpriseGatewayOptions = {}): IEnterpriseGateway {
    checkProps('EnterpriseGateway.fromUrl', { url, options });
    return new ExternalEnterpriseGateway(url, options);
  }

  /** Name of the gateway Service. */
  public readonly serviceName: string;
  /** Namespace of the gateway. */
  public readonly namespace: string;
  /** Port of the HTTP API. */
  public readonly port: number;
  /** URL user servers reach the gateway at, e.g. `http://enterprise-gateway.enterprise-gateway:8888`. */
  public readonly url: string;
  /** Labels of the gateway pods (for NetworkPolicy peers). */
  public readonly podLabels: { [key: string]: string };
  /** Namespace every kernel runs in (undefined with `KernelNamespaces.PER_KERNEL`). */
  public readonly kernelNamespace?: string;
  /** Name of the token Secret, in the gateway's namespace and in each hub's (always set here). */
  public readonly authTokenSecretName?: string;
  /** Key of the token in {@link authTokenSecretName} (always set here). */
  public readonly authTokenKey?: string = TOKEN_KEY;
  private readonly tokenSecret: string;
  /** The gateway Deployment. */
  public readonly deployment: k8s.KubeDeployment;

  private readonly specs: KernelSpec[] = [];
  private readonly specsStorage?: INfsStorage;
  private readonly props: EnterpriseGatewayProps;
  private readonly name: string;
  private readonly responsePort: number;
  private readonly mode: KernelNamespaces;
  private readonly kernelRole: string;
  private readonly hubs: BoundHub[] = [];
  private readonly homeClaims = new Map<INfsStorage, string>();
  private readonly kernelScope: Construct;

  public constructor(scope: Construct, id: string, props: EnterpriseGatewayProps = {}) {
    checkProps('EnterpriseGatewayProps', props);
    super(scope, id);
    // Whole-app checks (duplicate objects, overlapping selectors, nodePorts), once per app.
    addAppChecks(this);
    this.props = props;
    this.name = checkDns1035Label('name', props.name ?? 'enterprise-gateway');
    const namespace = Namespace.of(this);
    if (!namespace) {
      fail(
        'namespace',
        undefined,
        "the gateway must know its namespace (EG_NAMESPACE): create it inside a Namespace construct or a Chart with 'namespace'",
      );
    }
    this.namespace = namespace;
    this.serviceName = this.name;
    this.port = checkPort('port', props.port ?? 8888);
    this.responsePort = checkPort('responsePort', props.responsePort ?? 8877);
    if (this.responsePort === this.port)
      fail(
        'responsePort',
        this.responsePort,
        `must differ from 'port' (${this.port}): the API and kernel responses need two ports`,
      );
    this.url = `http://${this.name}.${namespace}:${this.port}`;
    this.podLabels = LABELS(this.name, 'enterprise-gateway');
    this.tokenSecret = `${this.name}-token`;
    this.authTokenSecretName = this.tokenSecret;
    this.mode = props.kernelNamespaces ?? KernelNamespaces.DEDICATED;
    this.kernelRole = this.checkKernelOptions(props);
    this.specsStorage = this.checkSpecsStorage(props);
    const kernelNs =
      this.mode === KernelNamespaces.DEDICATED
        ? new Namespace(this, 'KernelNamespace', {
            name: checkDnsLabel('kernelNamespaceName', props.kernelNamespaceName ?? `${namespace}-kernels`),
            // Pod Security Admission: kernels are held to 'restricted' by the API server too.
            labels: {
              'pod-security.kubernetes.io/enforce': 'restricted',
              'pod-security.kubernetes.io/enforce-version': 'latest',
            },
          })
        : undefined;
    this.kernelScope = kernelNs ?? this;
    this.kernelNamespace = this.mode === KernelNamespaces.PER_KERNEL ? undefined : (kernelNs?.name ?? namespace);

    const sa = `${this.name}-sa`;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: objectMeta(this, sa, this.podLabels),
      automountServiceAccountToken: true,
    });
    this.createRbac(sa, props.kernelRules ?? []);
    this.createTokenInit();
    for (const spec of props.kernelSpecs ?? []) this.addKernelSpec(spec);
    this.deployment = this.createDeployment(sa);
    this.createService(checkServiceType('serviceType', props.serviceType ?? kplus.ServiceType.CLUSTER_IP));
    if (props.networkPolicy ?? true) this.createNetworkPolicies();
    if (props.kernelImagePuller) this.createKernelImagePuller();
    kernelNs?.orderBefore(this);
    this.node.addValidation({ validate: () => this.validateKernels() });
  }

  /** The kernel specs this gateway offers. */
  public get kernelSpecs(): KernelSpec[] {
    return [...this.specs];
  }

  /**
   * Offers a kernel spec: its ConfigMap (kernel.json and pod template) is mounted into the gateway.
   * @throws if the spec belongs to another gateway, lives in another namespace, or its name is taken.
   */
  public addKernelSpec(spec: KernelSpec): void {
    checkProps('EnterpriseGateway#addKernelSpec', { spec });
    if (this.specsStorage)
      fail(
        'kernelSpecs',
        spec.name,
        "conflicts with 'kernelSpecsStorage': kernelspecs come either from KernelSpec ConfigMaps or from a claim, not both",
      );
    const owner = OWNER.get(spec);
    if (owner && owner !== this) {
      fail(
        'kernelSpecs',
        spec.node.path,
        `already belongs to the gateway '${owner.node.path}': create one KernelSpec per gateway`,
      );
    }
    if (spec.namespace !== this.namespace) {
      fail(
        'kernelSpecs',
        spec.node.path,
        `is in namespace '${spec.namespace}', the gateway in '${this.namespace}': create the KernelSpec next to the gateway, so its ConfigMap can be mounted`,
      );
    }
    const clash = this.specs.find((s) => s.name === spec.name || s.configMapName === spec.configMapName);
    if (clash)
      fail(
        'kernelSpecs',
        spec.name,
        `clashes with the kernel spec '${clash.name}' of this gateway: give each kernel a distinct name`,
      );
    OWNER.set(spec, this);
    this.specs.push(spec);
    spec._attachToGateway({
      kernelNamespace: this.kernelNamespace,
      serviceAccountName: this.mode === KernelNamespaces.PER_KERNEL ? 'default' : `${this.name}-kernel`,
      automountServiceAccountToken: (this.props.kernelRules ?? []).length > 0,
      homeClaimName:
        spec.homeStorage && this.kernelNamespace !== undefined ? this.homeClaim(spec.homeStorage) : undefined,
    });
  }

  /** The gateway's pods, as seen from `fromNamespace`. */
  public egressPeer(fromNamespace?: string): k8s.NetworkPolicyPeer {
    return namespacedPeer(this.podLabels, this.namespace, fromNamespace);
  }

  /**
   * Sends the hub's users' kernels here: `JUPYTER_GATEWAY_URL`, the token, the user's name and
   * NFS home path and the launch timeout for their servers, and egress to the gateway's API in
   * their NetworkPolicy. The token Secret is mirrored into the hub's namespace.
   */
  public bindToHub(hub: IHub): HubIntegrationConfig {
    if (hub.namespace === undefined) {
      fail(
        'hub',
        hub.node.path,
        "must know its namespace, so the gateway token can be copied there: create the hub inside a Namespace or a Chart with 'namespace'",
      );
    }
    this.hubs.push({ namespace: hub.namespace, podLabels: hub.singleUserPodLabels });
    if (hub.namespace !== this.namespace) this.createTokenRole(`HubTokenInit${this.hubs.length}`, hub.namespace);
    const home = hub.sharedHome;
    this.node.addValidation({
      validate: () =>
        this.specs
          .filter((k) => k.homeStorage)
          .flatMap((k) => {
            if (k.homeStorage !== home?.storage) {
              return [
                `KernelSpec '${k.name}' mounts '${k.homeStorage!.node.path}' as home, but the users' servers of Hub '${hub.node.path}' use ${home ? `'${home.storage.node.path}'` : 'no shared storage'}: give both the same NfsStorage, so kernels see the users' files`,
              ];
            }
            // The kernel pod template accepts exactly one directory below the export.
            return home && home.subPath.includes('/')
              ? [
                  `KernelSpec '${k.name}' mounts the users' homes, but Hub '${hub.node.path}' keeps them at subPath '${home.subPath}': kernels need one directory per user right below the export (e.g. '{username}')`,
                ]
              : [];
          }),
    });
    return {
      singleUserEnv: gatewayClientEnv({
        url: this.url,
        // The NFS path is literal; the subPath is a KubeSpawner template ({username}).
        homePath:
          home && home.storage.server !== undefined && home.storage.path !== undefined
            ? `${literalForKubeSpawner(home.storage.path === '/' ? '' : home.storage.path)}/${home.subPath}`
            : undefined,
        launchTimeoutSeconds: this.launchTimeoutSeconds(),
      }),
      singleUserSecretEnv: { JUPYTER_GATEWAY_AUTH_TOKEN: { name: this.tokenSecret, key: TOKEN_KEY } },
      // The gateway's API, in its own namespace (kernels are its pods, not the server's peers).
      singleUserEgress: [{ to: [this.egressPeer(hub.namespace)], ports: tcpPorts(this.port) }],
    };
  }

  private launchTimeoutSeconds(): number {
    return checkSeconds('kernelLaunchTimeout', this.props.kernelLaunchTimeout ?? Duration.seconds(60));
  }

  /** Checks the kernel-namespace props; returns the kernel ClusterRole's name. */
  private checkKernelOptions(props: EnterpriseGatewayProps): string {
    const perKernel = this.mode === KernelNamespaces.PER_KERNEL;
    if (!perKernel && props.kernelClusterRoleName !== undefined) {
      fail(
        'kernelClusterRoleName',
        props.kernelClusterRoleName,
        "is only used when kernels get namespaces of their own: remove it or set 'kernelNamespaces: KernelNamespaces.PER_KERNEL'",
      );
    }
    if (!perKernel && (props.kernelRules ?? []).length > 0) {
      fail(
        'kernelRules',
        props.kernelRules,
        "needs 'kernelNamespaces: KernelNamespaces.PER_KERNEL': kernels that share a namespace get no API rights (one user's kernel would act for all)",
      );
    }
    if (props.kernelNamespaceName !== undefined && this.mode !== KernelNamespaces.DEDICATED) {
      fail(
        'kernelNamespaceName',
        props.kernelNamespaceName,
        "names the dedicated kernel namespace: remove it, or use 'kernelNamespaces: KernelNamespaces.DEDICATED'",
      );
    }
    return checkDnsLabel('kernelClusterRoleName', props.kernelClusterRoleName ?? 'kernel-controller');
  }

  private checkSpecsStorage(props: EnterpriseGatewayProps): INfsStorage | undefined {
    if (props.kernelSpecs && props.kernelSpecsStorage) {
      fail(
        'kernelSpecsStorage',
        props.kernelSpecsStorage.node.path,
        "conflicts with 'kernelSpecs': kernelspecs come either from KernelSpec ConfigMaps or from a claim, not both",
      );
    }
    if (props.kernelSpecsStorage && props.kernelSpecsStorage.namespace !== this.namespace) {
      fail(
        'kernelSpecsStorage',
        props.kernelSpecsStorage.node.path,
        `must be a claim in the gateway's namespace '${this.namespace}'`,
      );
    }
    return props.kernelSpecsStorage;
  }

  private validateKernels(): string[] {
    const errors: string[] = [];
    const names = this.specs.map((s) => s.name);
    const allowed = this.props.allowedKernels ?? names;
    if (!this.specsStorage && this.specs.length === 0)
      errors.push(
        `EnterpriseGateway '${this.node.path}' offers no kernels: give it 'kernelSpecs' or 'kernelSpecsStorage'`,
      );
    if (!this.specsStorage) {
      for (const k of allowed)
        if (!names.includes(k))
          errors.push(
            `'allowedKernels' lists '${k}', which is not a kernel spec of this gateway (${JSON.stringify(names)})`,
          );
    }
    const def = this.props.defaultKernelName;
    if (def !== undefined && !allowed.includes(def))
      errors.push(`'defaultKernelName' ('${def}') is not among the allowed kernels ${JSON.stringify(allowed)}`);
    return errors;
  }

  /**
   * A claim in the kernel namespace on the same NFS export as `storage`, bound to a volume of its
   * own (Pod Security `restricted` allows no inline NFS volumes, and a claim is namespaced).
   */
  private homeClaim(storage: INfsStorage): string {
    const known = this.homeClaims.get(storage);
    if (known) return known;
    if (storage.namespace === this.kernelNamespace) {
      this.homeClaims.set(storage, storage.claimName);
      return storage.claimName;
    }
    const claimName = storage.claimName;
    const volumeName = checkDnsSubdomain('kernelNamespaceName', `${this.kernelNamespace}-${claimName}`);
    const labels = { ...this.podLabels, component: 'kernel-home' };
    const capacity = k8s.Quantity.fromString(sizeQuantity(storage.capacity ?? Size.gibibytes(10)));
    const id = `KernelHome${this.homeClaims.size + 1}`;
    clusterScoped(
      new k8s.KubePersistentVolume(this, `${id}Volume`, {
        metadata: clusterMeta(volumeName, labels),
        spec: {
          capacity: { storage: capacity },
          accessModes: ['ReadWriteMany'],
          persistentVolumeReclaimPolicy: 'Retain',
          storageClassName: '',
          mountOptions: storage.mountOptions,
          nfs: { server: storage.server as string, path: storage.path as string },
          claimRef: {
            kind: 'PersistentVolumeClaim',
            apiVersion: 'v1',
            name: claimName,
            namespace: this.kernelNamespace,
          },
        },
      }),
    );
    new k8s.KubePersistentVolumeClaim(this.kernelScope, id, {
      metadata: objectMeta(this.kernelScope, claimName, labels),
      spec: {
        storageClassName: '',
        volumeName,
        accessModes: ['ReadWriteMany'],
        resources: { requests: { storage: capacity } },
      },
    });
    this.homeClaims.set(storage, claimName);
    return claimName;
  }

  private createRbac(sa: string, kernelRules: k8s.PolicyRule[]): void {
    // What the gateway and its launcher call for kernels (processproxies/k8s.py, launch_kubernetes.py):
    // create the kernel pod, list it by kernel_id while polling, delete it.
    const podRules: k8s.PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['create', 'list', 'delete'] };
    const subjects = [{ kind: 'ServiceAccount', name: sa, namespace: this.namespace }];
    if (this.mode !== KernelNamespaces.PER_KERNEL) {
      // Kernels stay in one namespace: namespaced rights there only.
      const scope = this.kernelScope;
      new k8s.KubeRole(scope, 'KernelRole', {
        metadata: objectMeta(scope, `${this.name}-controller`, this.podLabels),
        rules: [podRules],
      });
      new k8s.KubeRoleBinding(scope, 'KernelRoleBinding', {
        metadata: objectMeta(scope, `${this.name}-controller`, this.podLabels),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${this.name}-controller` },
        subjects,
      });
      // The kernels' own account: no rights, no token.
      new k8s.KubeServiceAccount(scope, 'KernelServiceAccount', {
        metadata: objectMeta(scope, `${this.name}-kernel`, { ...this.podLabels, component: 'kernel' }),
        automountServiceAccountToken: false,
      });
      return;
    }
    const name = `${this.name}-controller`;
    clusterScoped(
      new k8s.KubeClusterRole(this, 'ClusterRole', {
        metadata: clusterMeta(name, this.podLabels),
        rules: [
          // Kernel pods live in namespaces the gateway creates, so pod rights are cluster-wide.
          podRules,
          // A namespace per kernel, deleted (with everything in it) when the kernel stops.
          { apiGroups: [''], resources: ['namespaces'], verbs: ['create', 'delete'] },
          // In each kernel namespace, a RoleBinding of the kernel service account to the kernel ClusterRole.
          { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['create'] },
          // Binding a ClusterRole needs its rights or 'bind' on it; 'bind' on exactly that role.
          {
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterroles'],
            verbs: ['bind'],
            resourceNames: [this.kernelRole],
          },
        ],
      }),
    );
    clusterScoped(
      new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: clusterMeta(name, this.podLabels),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects,
      }),
    );
    clusterScoped(
      new k8s.KubeClusterRole(this, 'KernelClusterRole', {
        metadata: clusterMeta(this.kernelRole, { ...this.podLabels, component: 'kernel' }),
        rules: kernelRules,
      }),
    );
  }

  /**
   * The token: created in the cluster by the gateway pod's `token-init` container, with the same
   * value in the gateway's namespace and in each hub's (a Secret cannot be read across namespaces).
   */
  private createTokenInit(): void {
    this.createTokenRole('TokenInit', this.namespace);
    new k8s.KubeConfigMap(this, 'TokenInitConfig', {
      metadata: objectMeta(this, `${this.name}-token-init`, this.podLabels),
      data: Lazy.any({ produce: () => ({ 'secret_init.py': this.tokenInitScript() }) }),
    });
  }

  private tokenInitScript(): string {
    const namespaces = [this.namespace, ...this.hubs.map((h) => h.namespace).filter((n) => n !== this.namespace)];
    return renderSecretInitScript({
      secrets: [
        {
          name: this.tokenSecret,
          keys: [TOKEN_KEY],
          labels: { ...this.podLabels, component: 'token' },
          namespaces: [...new Set(namespaces)],
        },
      ],
    });
  }

  /** Rights of the gateway's account on exactly the token Secret in `namespace`: read it, and create it. */
  private createTokenRole(id: string, namespace: string): void {
    const name = `${this.name}-token-init`;
    const meta = { name, namespace, labels: this.podLabels };
    new k8s.KubeRole(this, `${id}Role`, {
      metadata: meta,
      rules: [
        // RBAC cannot narrow 'create' to a name; 'get' is narrowed to the token Secret.
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [this.tokenSecret] },
      ],
    });
    new k8s.KubeRoleBinding(this, `${id}RoleBinding`, {
      metadata: meta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: `${this.name}-sa`, namespace: this.namespace }],
    });
  }

  private createDeployment(sa: string): k8s.KubeDeployment {
    const props = this.props;
    const containerResources = resources('resources', props.resources, {
      cpuRequest: '500m',
      cpuLimit: '1',
      memoryRequest: Size.gibibytes(1),
      memoryLimit: Size.gibibytes(2),
    });
    const cull = checkSeconds('cullIdleTimeout', props.cullIdleTimeout ?? Duration.hours(1));
    const launch = this.launchTimeoutSeconds();
    const grace = checkSeconds('terminationGracePeriod', props.terminationGracePeriod ?? Duration.seconds(60));
    const image = checkPinnedImage('image', props.image ?? GATEWAY.image);
    const replicas = checkPositiveInt('replicas', props.replicas ?? 1);
    const env = () =>
      gatewayEnv({
        port: this.port,
        responsePort: this.responsePort,
        kernelNamespace: this.kernelNamespace,
        kernelClusterRole: this.kernelRole,
        authToken: { secretName: this.tokenSecret, key: TOKEN_KEY },
        mirrorWorkingDirs: props.mirrorWorkingDirs ?? false,
        cullIdleTimeoutSeconds: cull,
        cullConnected: props.cullConnected ?? false,
        logLevel: props.logLevel ?? GatewayLogLevel.INFO,
        kernelLaunchTimeoutSeconds: launch,
        allowedKernels: props.allowedKernels ?? this.specs.map((s) => s.name),
        defaultKernelName: props.defaultKernelName ?? this.specs[0]?.name,
      });
    const security = restrictedContainer(GATEWAY.uid, GATEWAY.gid, false);
    const initResources = resources('initContainers', undefined, {
      cpuRequest: '50m',
      cpuLimit: '200m',
      memoryRequest: Size.mebibytes(64),
      memoryLimit: Size.mebibytes(128),
    });
    return new k8s.KubeDeployment(this, 'Resource', {
      metadata: objectMeta(this, this.name, this.podLabels),
      spec: {
        replicas,
        selector: { matchLabels: this.podLabels },
        template: Lazy.any({
          produce: (): k8s.PodTemplateSpec => {
            const mounts = this.gatewayMounts();
            return {
              metadata: {
                labels: this.podLabels,
                annotations: {
                  'checksum/kernelspecs': checksum(...this.specs.flatMap((s) => [s.kernelJson, s.podTemplate ?? ''])),
                  'checksum/token-init': checksum(this.tokenInitScript()),
                },
              },
              spec: {
                serviceAccountName: sa,
                automountServiceAccountToken: true,
                terminationGracePeriodSeconds: grace,
                securityContext: restrictedPod(GATEWAY.gid),
                ...props.nodePool?.podPlacement(),
                initContainers: [
                  {
                    name: 'token-init',
                    image,
                    imagePullPolicy: 'IfNotPresent',
                    command: ['python3', '/etc/eg-token-init/secret_init.py'],
                    resources: initResources,
                    securityContext: restrictedContainer(GATEWAY.uid, GATEWAY.gid, true),
                    volumeMounts: [{ name: 'token-init', mountPath: '/etc/eg-token-init', readOnly: true }],
                  },
                  ...(this.specs.length > 0
                    ? [
                        {
                          name: 'kernel-launchers',
                          image,
                          imagePullPolicy: 'IfNotPresent',
                          command: kernelLauncherLinksCommand(
                            KERNEL_LAUNCHERS_DIR,
                            UPSTREAM_LAUNCHER,
                            this.specs.map((s) => s.name),
                          ),
                          resources: initResources,
                          securityContext: restrictedContainer(GATEWAY.uid, GATEWAY.gid, true),
                          volumeMounts: [{ name: 'kernel-launchers', mountPath: KERNEL_LAUNCHERS_DIR }],
                        },
                      ]
                    : []),
                ],
                containers: [
                  {
                    name: 'enterprise-gateway',
                    image,
                    imagePullPolicy: 'IfNotPresent',
                    env: env(),
                    ports: [
                      { name: 'http', containerPort: this.port, protocol: 'TCP' },
                      { name: 'http-response', containerPort: this.responsePort, protocol: 'TCP' },
                    ],
                    // '/api' needs the token; the API description does not.
                    readinessProbe: httpProbe('/api/swagger.json', 'http', {
                      periodSeconds: 5,
                      failureThreshold: 3,
                      timeoutSeconds: 3,
                    }),
                    livenessProbe: httpProbe('/api/swagger.json', 'http', {
                      initialDelaySeconds: 30,
                      periodSeconds: 10,
                      failureThreshold: 6,
                    }),
                    resources: containerResources,
                    // The gateway writes kernel connection files under its home directory, so its
                    // root filesystem stays writable; everything else is locked down.
                    securityContext: security,
                    volumeMounts: mounts.mounts,
                  },
                ],
                volumes: mounts.volumes,
              },
            };
          },
        }),
      },
    });
  }

  /** The volumes and mounts that put the kernelspecs, launchers and templates where the gateway looks. */
  private gatewayMounts(): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
    const volumes: k8s.Volume[] = [
      { name: 'tmp', emptyDir: {} },
      { name: 'token-init', configMap: { name: `${this.name}-token-init`, defaultMode: 0o444 } },
    ];
    const mounts: k8s.VolumeMount[] = [{ name: 'tmp', mountPath: '/tmp' }];
    if (this.specsStorage) {
      volumes.push({
        name: 'kernelspecs',
        persistentVolumeClaim: { claimName: this.specsStorage.claimName, readOnly: true },
      });
      mounts.push({ name: 'kernelspecs', mountPath: GATEWAY_KERNELS_DIR, readOnly: true });
    }
    if (this.specs.length > 0) {
      volumes.push({ name: 'kernel-launchers', emptyDir: {} });
      mounts.push({ name: 'kernel-launchers', mountPath: KERNEL_LAUNCHERS_DIR });
    }
    this.specs.forEach((spec, i) => {
      volumes.push({ name: `kernelspec-${i}`, configMap: { name: spec.configMapName, defaultMode: 0o444 } });
      // Only kernel.json: the kernel directory keeps whatever the image ships.
      mounts.push({
        name: `kernelspec-${i}`,
        mountPath: `${GATEWAY_KERNELS_DIR}/${spec.name}/kernel.json`,
        subPath: 'kernel.json',
        readOnly: true,
      });
      // The spec's pod template beside its link to the launcher.
      mounts.push({
        name: `kernelspec-${i}`,
        mountPath: `${KERNEL_LAUNCHERS_DIR}/${spec.name}/kernel-pod.yaml.j2`,
        subPath: 'kernel-pod.yaml.j2',
        readOnly: true,
      });
    });
    return { volumes, mounts };
  }

  private createService(type: kplus.ServiceType): void {
    new k8s.KubeService(this, 'Service', {
      metadata: objectMeta(this, this.name, this.podLabels),
      spec: {
        type,
        selector: this.podLabels,
        sessionAffinity: 'ClientIP',
        ports: [
          { name: 'http', port: this.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' },
          {
            name: 'http-response',
            port: this.responsePort,
            targetPort: k8s.IntOrString.fromString('http-response'),
            protocol: 'TCP',
          },
        ],
      },
    });
  }

  /** Kernel pods, as seen from `fromNamespace` (any namespace with per-kernel namespaces). */
  private kernelPeer(fromNamespace: string | undefined): k8s.NetworkPolicyPeer {
    if (this.kernelNamespace === undefined)
      return { podSelector: { matchLabels: { ...KERNEL_POD_LABELS } }, namespaceSelector: {} };
    return namespacedPeer({ ...KERNEL_POD_LABELS }, this.kernelNamespace, fromNamespace);
  }

  private createNetworkPolicies(): void {
    const puller = this.props.kernelImagePuller
      ? [{ podSelector: { matchLabels: LABELS(this.name, 'kernel-image-puller') } }]
      : [];
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: objectMeta(this, this.name, this.podLabels),
      spec: Lazy.any({
        produce: (): k8s.NetworkPolicySpec => ({
          podSelector: { matchLabels: this.podLabels },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [
            // The API: the hubs' users' servers only (and the image puller, when it runs).
            {
              from: [...this.hubs.map((h) => namespacedPeer(h.podLabels, h.namespace, this.namespace)), ...puller],
              ports: tcpPorts(this.port),
            },
            // Kernels report their connection info on the response port.
            { from: [this.kernelPeer(this.namespace)], ports: tcpPorts(this.responsePort) },
          ],
          egress: [
            // Kernels listen on ports of their own choosing.
            { to: [this.kernelPeer(this.namespace)] },
            dnsEgress(),
            // The Kubernetes API (kernel pods, the token Secrets); its address is outside any pod selector.
            { ports: tcpPorts(...API_SERVER_PORTS) },
          ],
        }),
      }),
    });
    if (this.kernelNamespace === undefined) return;
    const scope = this.kernelScope;
    const internet: k8s.NetworkPolicyEgressRule[] = this.props.kernelInternetAccess
      ? [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE_RANGES, `${CLOUD_METADATA_IP}/32`] } }] }]
      : [];
    new k8s.KubeNetworkPolicy(scope, 'KernelNetworkPolicy', {
      metadata: objectMeta(scope, `${this.name}-kernels`, { ...this.podLabels, component: 'kernel' }),
      spec: {
        podSelector: { matchLabels: { ...KERNEL_POD_LABELS } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [namespacedPeer(this.podLabels, this.namespace, this.kernelNamespace)] }],
        egress: [
          {
            to: [namespacedPeer(this.podLabels, this.namespace, this.kernelNamespace)],
            ports: tcpPorts(this.responsePort),
          },
          dnsEgress(),
          ...internet,
          ...(this.props.kernelEgress ?? []),
        ],
      },
    });
  }

  private createKernelImagePuller(): void {
    const labels = LABELS(this.name, 'kernel-image-puller');
    const socket = '/run/containerd/containerd.sock';
    new k8s.KubeDaemonSet(this, 'KernelImagePuller', {
      metadata: objectMeta(this, `${this.name}-kernel-image-puller`, labels),
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            // Asks the gateway which images its kernels use and pulls them through containerd;
            // it needs no Kubernetes API access.
            automountServiceAccountToken: false,
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'kernel-image-puller',
                image: GATEWAY.kernelImagePuller,
                imagePullPolicy: 'IfNotPresent',
                env: [
                  { name: 'KIP_GATEWAY_HOST', value: this.url },
                  { name: 'KIP_AUTH_TOKEN', valueFrom: { secretKeyRef: { name: this.tokenSecret, key: TOKEN_KEY } } },
                  { name: 'KIP_INTERVAL', value: '300' },
                  { name: 'KIP_PULL_POLICY', value: 'IfNotPresent' },
                  { name: 'KIP_CRI_ENDPOINT', value: `unix://${socket}` },
                ],
                resources: resources('kernelImagePuller', undefined, {
                  cpuRequest: '50m',
                  cpuLimit: '500m',
                  memoryRequest: Size.mebibytes(64),
                  memoryLimit: Size.mebibytes(256),
                }),
                // The containerd socket is root-owned: this one container runs as root, without
                // privilege escalation and with no capabilities.
                securityContext: {
                  runAsUser: 0,
                  runAsNonRoot: false,
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [{ name: 'cri-socket', mountPath: socket }],
              },
            ],
            volumes: [{ name: 'cri-socket', hostPath: { path: socket, type: 'Socket' } }],
          },
        },
      },
    });
  }
}

/** Pods with `labels` in `namespace`, as a NetworkPolicy peer of a policy in `fromNamespace`. */
function namespacedPeer(
  labels: { [key: string]: string },
  namespace: string,
  fromNamespace: string | undefined,
): k8s.NetworkPolicyPeer {
  return {
    podSelector: { matchLabels: labels },
    ...(fromNamespace === namespace
      ? {}
      : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } }),
  };
}

/** A gateway outside this app: only its URL (and address range) are known. */
class ExternalEnterpriseGateway implements IEnterpriseGateway {
  public readonly port: number;
  public readonly authTokenSecretName?: string;
  public readonly authTokenKey?: string;

  public constructor(
    public readonly url: string,
    private readonly options: ExternalEnterpriseGatewayOptions,
  ) {
    const m = /^https?:\/\/([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(:(\d+))?\/?$/.exec(url);
    if (!m)
      fail('url', url, "must be the gateway's http(s) URL without a path, e.g. 'http://gateway.example.org:8888'");
    this.port = checkPort('url', m[3] ? Number(m[3]) : url.startsWith('https:') ? 443 : 80);
    if (options.cidr !== undefined && !/^[0-9.]+\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/.test(options.cidr)) {
      fail('cidr', options.cidr, "must be an address range such as '10.2.0.15/32'");
    }
    if (options.authTokenSecretName !== undefined) {
      this.authTokenSecretName = checkDnsSubdomain('authTokenSecretName', options.authTokenSecretName);
      this.authTokenKey = TOKEN_KEY;
    }
  }

  public egressPeer(_fromNamespace?: string): k8s.NetworkPolicyPeer {
    return { ipBlock: { cidr: this.options.cidr ?? '0.0.0.0/0' } };
  }

  public bindToHub(_hub: IHub): HubIntegrationConfig {
    return {
      singleUserEnv: { JUPYTER_GATEWAY_URL: this.url, KERNEL_USERNAME: '{username}' },
      singleUserSecretEnv: this.authTokenSecretName
        ? { JUPYTER_GATEWAY_AUTH_TOKEN: { name: this.authTokenSecretName, key: TOKEN_KEY } }
        : undefined,
      // Only with a range: without one the servers' internet rule reaches public gateways already.
      singleUserEgress:
        this.options.cidr !== undefined ? [{ to: [this.egressPeer()], ports: tcpPorts(this.port) }] : [],
    };
  }
}
