import { Duration, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { gatewayEnv } from './generators/gateway-env';
import { HubIntegrationConfig, IHub, IHubIntegration, INfsStorage } from './hub-integration';
import { GATEWAY, GATEWAY_KERNELS_DIR, KERNEL_HOME_ENV } from './internal/constants';
import { checksum, clusterMeta, clusterScoped, httpProbe, objectMeta, resources, restrictedContainer, restrictedPod, tcpPorts } from './internal/k8s';
import { checkDnsLabel, checkPinnedImage, checkPort, checkPositiveInt, checkSeconds, checkServiceType, fail } from './internal/validate';
import { KernelSpec } from './kernel-spec';
import { Namespace } from './namespace';

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

/** Props of {@link EnterpriseGateway}. */
export interface EnterpriseGatewayProps {
  /**
   * Name of the Deployment and Service (and prefix of its ServiceAccount and ClusterRole).
   * @default 'enterprise-gateway'
   */
  readonly name?: string;

  /**
   * Gateway image.
   * @default 'docker.io/elyra/enterprise-gateway:3.2.3'
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
   * Type of the gateway Service.
   * @default kplus.ServiceType.CLUSTER_IP (user servers reach it inside the cluster)
   */
  readonly serviceType?: kplus.ServiceType;

  /**
   * Run every kernel in the gateway's namespace (`EG_SHARED_NAMESPACE`) instead of a namespace
   * of its own. Shared needs only namespaced rights (a Role); own namespaces need cluster rights.
   * @default false (a namespace per kernel, as the JEG lab)
   */
  readonly sharedNamespace?: boolean;

  /**
   * ClusterRole bound to the kernels' service account in each kernel namespace
   * (`EG_KERNEL_CLUSTER_ROLE`); created by this construct with `kernelRules`.
   * @default 'kernel-controller'
   */
  readonly kernelClusterRoleName?: string;

  /**
   * Kubernetes API rights of kernel pods (e.g. Spark kernels that start executors need pods).
   * @default - none: plain kernels never call the API
   */
  readonly kernelRules?: k8s.PolicyRule[];

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
   * Run the kernel-image-puller DaemonSet, which pre-pulls kernel images on every node.
   * It talks to the node's containerd socket (a hostPath mount), so it is off by default.
   * @default false
   */
  readonly kernelImagePuller?: boolean;
}

const LABELS = (name: string, component: string) => ({ app: 'enterprise-gateway', component, release: name });

/** The gateway each KernelSpec belongs to (a KernelSpec is mounted by one gateway). */
const OWNER = new WeakMap<KernelSpec, EnterpriseGateway>();

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
   * Name of the Secret (in the hub's namespace) with the token user servers send to the gateway.
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
}

/**
 * Jupyter Enterprise Gateway on Kubernetes: the gateway Deployment and Service (HTTP API and kernel
 * response port), its ServiceAccount and the least rights it needs to run each kernel as a pod,
 * the ClusterRole for kernels, and the kernelspecs it offers. Plug it into a hub with
 * `hub.addIntegration(gateway)`: the hub's users' servers then run their kernels here.
 */
export class EnterpriseGateway extends Construct implements IEnterpriseGateway {
  /**
   * A gateway that runs elsewhere, reached at `url`.
   * @throws if the URL is not an http(s) URL with a port.
   */
  public static fromUrl(url: string, options: ExternalEnterpriseGatewayOptions = {}): IEnterpriseGateway {
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
  /** Namespace kernels run in, when they share the gateway's (`sharedNamespace`). */
  public readonly kernelNamespace?: string;
  /** The gateway Deployment. */
  public readonly deployment: k8s.KubeDeployment;

  private readonly specs: KernelSpec[] = [];
  private readonly specsStorage?: INfsStorage;
  private readonly props: EnterpriseGatewayProps;
  private readonly responsePort: number;

  public constructor(scope: Construct, id: string, props: EnterpriseGatewayProps = {}) {
    super(scope, id);
    this.props = props;
    const name = checkDnsLabel('name', props.name ?? 'enterprise-gateway');
    const namespace = Namespace.of(this);
    if (!namespace) {
      fail('namespace', undefined, "the gateway must know its namespace (EG_NAMESPACE): create it inside a Namespace construct or a Chart with 'namespace'");
    }
    this.namespace = namespace;
    this.serviceName = name;
    this.port = checkPort('port', props.port ?? 8888);
    this.responsePort = checkPort('responsePort', props.responsePort ?? 8877);
    if (this.responsePort === this.port) fail('responsePort', this.responsePort, `must differ from 'port' (${this.port}): the API and kernel responses need two ports`);
    this.url = `http://${name}.${namespace}:${this.port}`;
    this.podLabels = LABELS(name, 'enterprise-gateway');
    const shared = props.sharedNamespace ?? false;
    this.kernelNamespace = shared ? namespace : undefined;
    const kernelRole = checkDnsLabel('kernelClusterRoleName', props.kernelClusterRoleName ?? 'kernel-controller');
    if (shared && props.kernelClusterRoleName !== undefined) {
      fail('kernelClusterRoleName', props.kernelClusterRoleName, "is only used when kernels get namespaces of their own: remove it or set 'sharedNamespace: false'");
    }
    if (props.kernelSpecs && props.kernelSpecsStorage) {
      fail('kernelSpecsStorage', props.kernelSpecsStorage.node.path, "conflicts with 'kernelSpecs': kernelspecs come either from KernelSpec ConfigMaps or from a claim, not both");
    }
    this.specsStorage = props.kernelSpecsStorage;
    if (this.specsStorage && this.specsStorage.namespace !== namespace) {
      fail('kernelSpecsStorage', this.specsStorage.node.path, `must be a claim in the gateway's namespace '${namespace}'`);
    }
    for (const spec of props.kernelSpecs ?? []) this.addKernelSpec(spec);

    const sa = `${name}-sa`;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: objectMeta(this, sa, this.podLabels), automountServiceAccountToken: true });
    this.createRbac(name, sa, this.podLabels, shared, kernelRole, props.kernelRules ?? []);
    this.deployment = this.createDeployment(name, sa, kernelRole);
    this.createService(name, checkServiceType('serviceType', props.serviceType ?? kplus.ServiceType.CLUSTER_IP));
    if (props.kernelImagePuller) this.createKernelImagePuller(name);
    this.node.addValidation({ validate: () => this.validateKernels() });
  }

  /** The kernel specs this gateway offers. */
  public get kernelSpecs(): KernelSpec[] {
    return [...this.specs];
  }

  /**
   * Offers a kernel spec: its ConfigMap is mounted into the gateway.
   * @throws if the spec belongs to another gateway, lives in another namespace, or its name is taken.
   */
  public addKernelSpec(spec: KernelSpec): void {
    if (this.specsStorage) fail('kernelSpecs', spec.name, "conflicts with 'kernelSpecsStorage': kernelspecs come either from KernelSpec ConfigMaps or from a claim, not both");
    const owner = OWNER.get(spec);
    if (owner && owner !== this) {
      fail('kernelSpecs', spec.node.path, `already belongs to the gateway '${owner.node.path}': create one KernelSpec per gateway`);
    }
    if (spec.namespace !== this.namespace) {
      fail('kernelSpecs', spec.node.path, `is in namespace '${spec.namespace}', the gateway in '${this.namespace}': create the KernelSpec next to the gateway, so its ConfigMap can be mounted`);
    }
    const clash = this.specs.find((s) => s.name === spec.name || s.configMapName === spec.configMapName);
    if (clash) fail('kernelSpecs', spec.name, `clashes with the kernel spec '${clash.name}' of this gateway: give each kernel a distinct name`);
    OWNER.set(spec, this);
    this.specs.push(spec);
  }

  /** The gateway's pods, as seen from `fromNamespace`. */
  public egressPeer(fromNamespace?: string): k8s.NetworkPolicyPeer {
    return {
      podSelector: { matchLabels: this.podLabels },
      ...(fromNamespace === this.namespace ? {} : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': this.namespace } } }),
    };
  }

  /**
   * Sends the hub's users' kernels here: `JUPYTER_GATEWAY_URL` for their servers, the user's NFS
   * home path for kernels that mount it, and egress to the gateway's API in the servers' policy.
   */
  public bindToHub(hub: IHub): HubIntegrationConfig {
    const env: { [name: string]: string } = { JUPYTER_GATEWAY_URL: this.url };
    const home = hub.sharedHome;
    if (home && home.storage.server !== undefined && home.storage.path !== undefined) {
      env[KERNEL_HOME_ENV] = `${home.storage.path === '/' ? '' : home.storage.path}/${home.subPath}`;
    }
    this.node.addValidation({
      validate: () => this.specs
        .filter((k) => k.homeStorage && k.homeStorage !== home?.storage)
        .map((k) => `KernelSpec '${k.name}' mounts '${k.homeStorage!.node.path}' as home, but the users' servers of Hub '${hub.node.path}' use ${home ? `'${home.storage.node.path}'` : 'no shared storage'}: give both the same NfsStorage, so kernels see the users' files`),
    });
    // The gateway's API, in its own namespace (kernels are its pods, not the server's peers).
    return { singleUserEnv: env, singleUserEgress: [{ to: [this.egressPeer(hub.namespace)], ports: tcpPorts(this.port) }] };
  }

  private validateKernels(): string[] {
    const errors: string[] = [];
    const names = this.specs.map((s) => s.name);
    const allowed = this.props.allowedKernels ?? names;
    if (!this.specsStorage && this.specs.length === 0) errors.push(`EnterpriseGateway '${this.node.path}' offers no kernels: give it 'kernelSpecs' or 'kernelSpecsStorage'`);
    if (!this.specsStorage) {
      for (const k of allowed) if (!names.includes(k)) errors.push(`'allowedKernels' lists '${k}', which is not a kernel spec of this gateway (${JSON.stringify(names)})`);
    }
    const def = this.props.defaultKernelName;
    if (def !== undefined && !allowed.includes(def)) errors.push(`'defaultKernelName' ('${def}') is not among the allowed kernels ${JSON.stringify(allowed)}`);
    return errors;
  }

  private createDeployment(name: string, sa: string, kernelRole: string): k8s.KubeDeployment {
    const props = this.props;
    const containerResources = resources('resources', props.resources, { cpuRequest: '500m', cpuLimit: '1', memoryRequest: Size.gibibytes(1), memoryLimit: Size.gibibytes(2) });
    const cull = checkSeconds('cullIdleTimeout', props.cullIdleTimeout ?? Duration.hours(1));
    const launch = checkSeconds('kernelLaunchTimeout', props.kernelLaunchTimeout ?? Duration.seconds(60));
    const grace = checkSeconds('terminationGracePeriod', props.terminationGracePeriod ?? Duration.seconds(60));
    const image = checkPinnedImage('image', props.image ?? GATEWAY.image);
    const replicas = checkPositiveInt('replicas', props.replicas ?? 1);
    const env = () => gatewayEnv({
      port: this.port,
      responsePort: this.responsePort,
      namespace: this.namespace,
      sharedNamespace: props.sharedNamespace ?? false,
      kernelClusterRole: kernelRole,
      mirrorWorkingDirs: props.mirrorWorkingDirs ?? false,
      cullIdleTimeoutSeconds: cull,
      cullConnected: props.cullConnected ?? false,
      logLevel: props.logLevel ?? GatewayLogLevel.INFO,
      kernelLaunchTimeoutSeconds: launch,
      allowedKernels: props.allowedKernels ?? this.specs.map((s) => s.name),
      defaultKernelName: props.defaultKernelName ?? this.specs[0]?.name,
    });
    return new k8s.KubeDeployment(this, 'Resource', {
      metadata: objectMeta(this, name, this.podLabels),
      spec: {
        replicas,
        selector: { matchLabels: this.podLabels },
        template: Lazy.any({
          produce: (): k8s.PodTemplateSpec => ({
            metadata: {
              labels: this.podLabels,
              annotations: this.specs.length > 0 ? { 'checksum/kernelspecs': checksum(...this.specs.map((s) => s.kernelJson)) } : undefined,
            },
            spec: {
              serviceAccountName: sa,
              automountServiceAccountToken: true,
              terminationGracePeriodSeconds: grace,
              securityContext: restrictedPod(GATEWAY.gid),
              containers: [{
                name: 'enterprise-gateway',
                image,
                imagePullPolicy: 'IfNotPresent',
                env: env(),
                ports: [
                  { name: 'http', containerPort: this.port, protocol: 'TCP' },
                  { name: 'http-response', containerPort: this.responsePort, protocol: 'TCP' },
                ],
                readinessProbe: httpProbe('/api', 'http', { periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 3 }),
                livenessProbe: httpProbe('/api', 'http', { initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 6 }),
                resources: containerResources,
                // The gateway writes kernel connection files under its home directory, so its
                // root filesystem stays writable; everything else is locked down.
                securityContext: restrictedContainer(GATEWAY.uid, GATEWAY.gid, false),
                volumeMounts: this.kernelSpecMounts().mounts,
              }],
              volumes: this.kernelSpecMounts().volumes,
            },
          }),
        }),
      },
    });
  }

  /** The volumes and mounts that put the kernelspecs where the gateway looks for them. */
  private kernelSpecMounts(): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
    const volumes: k8s.Volume[] = [{ name: 'tmp', emptyDir: {} }];
    const mounts: k8s.VolumeMount[] = [{ name: 'tmp', mountPath: '/tmp' }];
    if (this.specsStorage) {
      volumes.push({ name: 'kernelspecs', persistentVolumeClaim: { claimName: this.specsStorage.claimName, readOnly: true } });
      mounts.push({ name: 'kernelspecs', mountPath: GATEWAY_KERNELS_DIR, readOnly: true });
    }
    this.specs.forEach((spec, i) => {
      volumes.push({ name: `kernelspec-${i}`, configMap: { name: spec.configMapName, defaultMode: 0o444 } });
      // Only kernel.json: the kernel directory keeps whatever the image ships (e.g. the launcher scripts).
      mounts.push({ name: `kernelspec-${i}`, mountPath: `${GATEWAY_KERNELS_DIR}/${spec.name}/kernel.json`, subPath: 'kernel.json', readOnly: true });
    });
    return { volumes, mounts };
  }

  private createService(name: string, type: kplus.ServiceType): void {
    new k8s.KubeService(this, 'Service', {
      metadata: objectMeta(this, name, this.podLabels),
      spec: {
        type,
        selector: this.podLabels,
        sessionAffinity: 'ClientIP',
        ports: [
          { name: 'http', port: this.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' },
          { name: 'http-response', port: this.responsePort, targetPort: k8s.IntOrString.fromString('http-response'), protocol: 'TCP' },
        ],
      },
    });
  }

  private createRbac(name: string, sa: string, labels: { [key: string]: string }, shared: boolean, kernelRole: string, kernelRules: k8s.PolicyRule[]): void {
    // What the gateway calls for kernels (enterprise_gateway/services/processproxies/k8s.py and the
    // launcher it runs): create the kernel pod, list it by kernel_id while polling, delete it.
    const podRules: k8s.PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['create', 'list', 'delete'] };
    const subjects = [{ kind: 'ServiceAccount', name: sa, namespace: this.namespace }];
    if (shared) {
      // Kernels stay in the gateway's namespace: namespaced rights only.
      new k8s.KubeRole(this, 'Role', { metadata: objectMeta(this, `${name}-controller`, labels), rules: [podRules] });
      new k8s.KubeRoleBinding(this, 'RoleBinding', {
        metadata: objectMeta(this, `${name}-controller`, labels),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${name}-controller` },
        subjects,
      });
      return;
    }
    clusterScoped(new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: clusterMeta(`${name}-controller`, labels),
      rules: [
        // Kernel pods live in namespaces the gateway creates, so pod rights are cluster-wide.
        podRules,
        // A namespace per kernel, deleted (with everything in it) when the kernel stops.
        { apiGroups: [''], resources: ['namespaces'], verbs: ['create', 'delete'] },
        // In each kernel namespace, a RoleBinding of the kernel service account to the kernel ClusterRole.
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['create'] },
        // Binding a ClusterRole needs its rights or 'bind' on it; 'bind' on exactly that role.
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: [kernelRole] },
      ],
    }));
    clusterScoped(new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: clusterMeta(`${name}-controller`, labels),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${name}-controller` },
      subjects,
    }));
    clusterScoped(new k8s.KubeClusterRole(this, 'KernelClusterRole', {
      metadata: clusterMeta(kernelRole, { ...labels, component: 'kernel' }),
      rules: kernelRules,
    }));
  }

  private createKernelImagePuller(name: string): void {
    const labels = LABELS(name, 'kernel-image-puller');
    const socket = '/run/containerd/containerd.sock';
    new k8s.KubeDaemonSet(this, 'KernelImagePuller', {
      metadata: objectMeta(this, `${name}-kernel-image-puller`, labels),
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            // Asks the gateway which images its kernels use and pulls them through containerd;
            // it needs no Kubernetes API access.
            automountServiceAccountToken: false,
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'kernel-image-puller',
              image: GATEWAY.kernelImagePuller,
              imagePullPolicy: 'IfNotPresent',
              env: [
                { name: 'KIP_GATEWAY_HOST', value: this.url },
                { name: 'KIP_INTERVAL', value: '300' },
                { name: 'KIP_PULL_POLICY', value: 'IfNotPresent' },
                { name: 'KIP_CRI_ENDPOINT', value: `unix://${socket}` },
              ],
              resources: resources('kernelImagePuller', undefined, { cpuRequest: '50m', cpuLimit: '500m', memoryRequest: Size.mebibytes(64), memoryLimit: Size.mebibytes(256) }),
              // The containerd socket is root-owned: this one container runs as root, without
              // privilege escalation and with no capabilities.
              securityContext: { runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'cri-socket', mountPath: socket }],
            }],
            volumes: [{ name: 'cri-socket', hostPath: { path: socket, type: 'Socket' } }],
          },
        },
      },
    });
  }
}

/** A gateway outside this app: only its URL (and address range) are known. */
class ExternalEnterpriseGateway implements IEnterpriseGateway {
  public readonly port: number;
  private readonly host: string;

  public constructor(public readonly url: string, private readonly options: ExternalEnterpriseGatewayOptions) {
    const m = /^https?:\/\/([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(:(\d+))?\/?$/.exec(url);
    if (!m) fail('url', url, "must be the gateway's http(s) URL without a path, e.g. 'http://gateway.example.org:8888'");
    this.host = m[1];
    this.port = checkPort('url', m[3] ? Number(m[3]) : url.startsWith('https:') ? 443 : 80);
    if (options.cidr !== undefined && !/^[0-9.]+\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/.test(options.cidr)) {
      fail('cidr', options.cidr, "must be an address range such as '10.2.0.15/32'");
    }
  }

  public egressPeer(_fromNamespace?: string): k8s.NetworkPolicyPeer {
    return { ipBlock: { cidr: this.options.cidr ?? '0.0.0.0/0' } };
  }

  public bindToHub(_hub: IHub): HubIntegrationConfig {
    return {
      singleUserEnv: { JUPYTER_GATEWAY_URL: this.url },
      // Only with a range: without one the servers' internet rule reaches public gateways already.
      singleUserEgress: this.options.cidr !== undefined ? [{ to: [this.egressPeer()], ports: tcpPorts(this.port) }] : [],
    };
  }

  public toString(): string {
    return `EnterpriseGateway.fromUrl(${this.host})`;
  }
}
