import { Lazy, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { renderJupyterHubConfig } from './jupyterhub-config';
import { InitSecret, renderSecretInitScript } from './secret-init-script';
import { HubIntegrationConfig, IHub, IHubIntegration } from './hub-integration';
import type { SharedHome } from '../users/shared-home';
import { IdleCuller } from './idle-culler';
import { HubProps } from './hub-props';
import {
  ACCESS_LABELS,
  API_SERVER_PORTS,
  CLOUD_METADATA_IP,
  COMPONENT,
  CULLER_SERVICE,
  HUB_ENV,
  HUB_PATHS,
  IDS,
  PORTS,
  PRIVATE_RANGES,
} from '../core/constants';
import { checkProps } from '../core/check-props';
import { HubModel, resolveHubModel, SingleUserModel } from './hub-model';
import {
  checksum,
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
import { checkDnsLabel, fail, show } from '../core/validate';
import {
  checkUrl,
  missingAuthenticator,
  OAUTH_CALLBACK_PATH,
  oauthCallbackUrl,
  sameUrl,
} from '../auth/authenticator-config';
import { Namespace } from '../core/namespace';
import type { NodePool } from '../users/node-pool';
import { addAppChecks } from '../core/app-checks';

/**
 * JupyterHub's hub: the Deployment running JupyterHub with KubeSpawner, its ServiceAccount and
 * the Role with the rights KubeSpawner needs, the `hub` Service (8081), the `hub-db-dir` PVC, the
 * generated `jupyterhub_config.py` in the `hub-config` ConfigMap, and NetworkPolicies for the hub
 * and the user servers. Add a {@link Proxy} for it; plug in more with {@link Hub.addIntegration}.
 *
 * @example
 * const hub = new Hub(chart, 'hub', { authenticator: Authenticator.dummy({ adminUsers: ['admin'] }) });
 * new Proxy(chart, 'proxy', { hub });
 */
export class Hub extends Construct implements IHub {
  /** Name of the hub Service (reached by DNS from the proxy and user servers). */
  public readonly serviceName: string;
  /** Port of the hub Service. */
  public readonly port: number = PORTS.hub;
  /** Namespace of the hub and its user servers (undefined: the current namespace). */
  public readonly namespace?: string;
  /** Prefix of every name this hub and its proxy create. */
  public readonly namePrefix: string;
  /** Value of the `release` label. */
  public readonly release: string;
  /** URL prefix of the whole hub. */
  public readonly baseUrl: string;
  /** Labels that select the users' server pods (for NetworkPolicy peers). */
  public readonly singleUserPodLabels: { [key: string]: string };
  /** Name of the Secret with the proxy token and cookie secret (generated in the cluster or yours). */
  public readonly secretName: string;
  /** Key of the proxy token in {@link secretName}. */
  public readonly proxyTokenKey: string;
  /** The users' homes, when they are directories of one shared volume. */
  public readonly sharedHome?: SharedHome;
  /** Image of the users' servers (the default one, when users may choose). */
  public readonly singleUserImage?: string;
  /** Node pool of the hub pod (and, by default, of its proxy), if one is set. */
  public readonly nodePool?: NodePool;
  /** The hub Deployment (escape hatch: `hub.deployment.addJsonPatch(...)`). */
  public readonly deployment: k8s.KubeDeployment;
  /** The hub Service. */
  public readonly service: k8s.KubeService;
  /** The ConfigMap holding `jupyterhub_config.py`. */
  public readonly configMap: k8s.KubeConfigMap;

  private readonly model: HubModel;
  private readonly labels: { [key: string]: string };
  private readonly contributions: { readonly source: IHubIntegration; readonly config: HubIntegrationConfig }[] = [];
  private renderedConfig?: string;

  public constructor(scope: Construct, id: string, props: HubProps) {
    // Before the generic check, so that a caller without types is told the choices.
    const given = props as HubProps | null | undefined;
    if (given === undefined || (typeof given === 'object' && given !== null && given.authenticator === undefined))
      missingAuthenticator('authenticator');
    checkProps('HubProps', props);
    super(scope, id);
    // Whole-app checks (duplicate objects, overlapping selectors, nodePorts), once per app.
    addAppChecks(this);
    const model = resolveHubModel(props);
    this.model = model;
    this.labels = selectorLabels(model.release, COMPONENT.hub);
    this.serviceName = model.names.hub;
    this.namespace = Namespace.of(this);
    // A Chart's namespace is not checked by cdk8s; it becomes every object's metadata.namespace.
    if (this.namespace !== undefined) checkDnsLabel('namespace', this.namespace);
    this.namePrefix = model.names.prefix;
    this.release = model.release;
    this.baseUrl = model.baseUrl;
    this.singleUserPodLabels = selectorLabels(model.release, COMPONENT.singleUser);
    this.secretName = model.secret.secretName;
    this.proxyTokenKey = model.secret.proxyTokenKey;
    this.sharedHome = model.singleUser.storage.sharedHome;
    this.singleUserImage = model.singleUser.image;
    this.nodePool = props.nodePool;
    this.checkSharedHome();
    this.checkCallbackPath();

    this.createServiceAccountAndRbac();
    this.configMap = this.createConfigMap();
    this.createDatabaseClaim();
    this.deployment = this.createDeployment();
    this.service = this.createService();
    if (model.networkPolicy) this.createHubNetworkPolicy();
    if (model.singleUser.networkPolicy) this.createSingleUserNetworkPolicy();

    if (props.idleCuller?.enabled ?? true) this.addIntegration(new IdleCuller(props.idleCuller ?? {}));
    for (const integration of props.integrations ?? []) this.addIntegration(integration);
    this.node.addValidation({
      validate: () => [
        ...(this.proxyApiUrl()
          ? []
          : [`Hub '${this.node.path}' has no Proxy: add new Proxy(scope, 'proxy', { hub }) so users can reach it`]),
        ...this.oauthCallbackErrors(),
      ],
    });
  }

  /** The generated `jupyterhub_config.py` (with everything the hub's integrations contribute). */
  public get config(): string {
    if (this.renderedConfig === undefined) {
      this.renderedConfig = renderJupyterHubConfig(this.model, {
        proxyApiUrl: this.proxyApiUrl() ?? `http://${this.model.names.proxyApi}:${PORTS.proxyApi}`,
        integrations: this.contributions.map((c) => c.config),
        oauthCallbackUrl: this.oauthCallbackUrl(),
      });
    }
    return this.renderedConfig;
  }

  /** Name of the idle culler service registered in the hub, if enabled. */
  public get idleCullerService(): string | undefined {
    return this.services().some((s) => s.name === CULLER_SERVICE) ? CULLER_SERVICE : undefined;
  }

  /**
   * Plugs something into the hub: its env, NetworkPolicy rules and services become part of the
   * hub's config and objects.
   * @throws if it contributes what the hub or another integration already has (an env var, a
   * service name, a second proxy), or if the hub's config was already rendered.
   */
  public addIntegration(integration: IHubIntegration): void {
    checkProps('Hub#addIntegration', { integration });
    if (this.renderedConfig !== undefined) {
      fail(
        'integration',
        this.node.path,
        'comes after the hub config was rendered (hub.config was read): add integrations before reading it',
      );
    }
    const config = integration.bindToHub(this);
    this.checkContribution(config);
    this.contributions.push({ source: integration, config });
    // An integration's Secret is made by the same init container, also when the hub's own is not.
    if (
      (config.generatedSecrets ?? []).length > 0 &&
      !this.model.secret.generatedInCluster &&
      !this.node.tryFindChild('SecretInitRole')
    ) {
      this.createRoleAndBinding('SecretInitRole', this.model.names.secretInit, [
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      ]);
    }
  }

  /**
   * Egress rules the hub's integrations add to its proxy's NetworkPolicy (read by the Proxy).
   * @internal
   */
  public _proxyEgress(): k8s.NetworkPolicyEgressRule[] {
    return this.contributions.flatMap((c) => c.config.proxyEgress ?? []);
  }

  private checkContribution(config: HubIntegrationConfig): void {
    if (config.proxyApiUrl !== undefined && this.proxyApiUrl() !== undefined) {
      fail('hub', this.node.path, 'already has a Proxy: create one Proxy per Hub');
    }
    const su = this.model.singleUser;
    const envNames = (c: HubIntegrationConfig) => [
      ...Object.keys(c.singleUserEnv ?? {}),
      ...Object.keys(c.singleUserSecretEnv ?? {}),
    ];
    const taken = new Set([...Object.keys(su.derivedEnv), ...this.contributions.flatMap((c) => envNames(c.config))]);
    for (const name of envNames(config)) {
      if (name in su.extraEnv)
        fail(
          'singleUser.extraEnv',
          name,
          'is derived from the typed props (an integration of the hub sets it): remove it from extraEnv',
        );
      if (taken.has(name))
        fail(
          'integrations',
          name,
          'is set by two integrations of the hub: an env var of the user servers can have one source only',
        );
    }
    for (const key of ['schedulerName', 'priorityClassName'] as const) {
      if (
        config.singleUserScheduling?.[key] !== undefined &&
        this.contributions.some((c) => c.config.singleUserScheduling?.[key] !== undefined)
      ) {
        fail(
          'integrations',
          config.singleUserScheduling[key],
          `sets the user pods' ${key} a second time: a hub has one user scheduler and one set of user placeholders`,
        );
      }
    }
    if (config.publicUrl !== undefined) this.checkPublicUrl(config.publicUrl);
    const services = new Set(this.services().map((s) => s.name));
    for (const s of config.services ?? []) {
      if (services.has(s.name))
        fail('integrations', s.name, 'is a service name the hub already has: give each hub service its own name');
    }
    const hubEnv = new Set([
      'PYTHONUNBUFFERED',
      ...Object.values(HUB_ENV),
      ...this.model.database.env.map((e) => e.name),
      ...this.model.authenticator.env.map((e) => e.name),
      ...this.contributions.flatMap((c) => Object.keys(c.config.hubSecretEnv ?? {})),
    ]);
    for (const name of Object.keys(config.hubSecretEnv ?? {})) {
      if (hubEnv.has(name))
        fail(
          'integrations',
          name,
          "is an env var the hub container already has: give each integration's hub env var its own name",
        );
    }
    const secrets = new Set(this.generatedSecrets().map((s) => s.name));
    for (const s of config.generatedSecrets ?? []) {
      if (secrets.has(s.name))
        fail('integrations', s.name, 'is a Secret the hub already generates: give each generated Secret its own name');
    }
  }

  /**
   * The users' pods as the scheduling constructs (pre-puller, placeholders) place their own:
   * the resolved single-user settings and the scheduler and priority the integrations set.
   * @internal
   */
  public _userPods(): {
    readonly singleUser: SingleUserModel;
    readonly schedulerName?: string;
    readonly priorityClassName?: string;
  } {
    const scheduling = this.contributions.map((c) => c.config.singleUserScheduling);
    return {
      singleUser: this.model.singleUser,
      schedulerName: scheduling.map((s) => s?.schedulerName).find((n) => n !== undefined),
      priorityClassName: scheduling.map((s) => s?.priorityClassName).find((n) => n !== undefined),
    };
  }

  /** The URL users reach the hub at (`https://host[:port]`), as its front door gives it. */
  private publicUrl(): string | undefined {
    return this.contributions.map((c) => c.config.publicUrl).find((u) => u !== undefined);
  }

  /** An OAuth authenticator's callback URL: derived from the public URL and the base URL, else the one it was given. */
  private oauthCallbackUrl(): string | undefined {
    const oauth = this.model.authenticator.oauth;
    const publicUrl = this.publicUrl();
    if (!oauth) return undefined;
    return publicUrl !== undefined ? oauthCallbackUrl(publicUrl, this.model.baseUrl) : oauth.callbackUrl;
  }

  /** An explicit callback URL must be JupyterHub's callback below this hub's base URL. */
  private checkCallbackPath(): void {
    const explicit = this.model.authenticator.oauth?.callbackUrl;
    const path = new URL(`${this.model.baseUrl}${OAUTH_CALLBACK_PATH}`, 'http://hub').pathname;
    if (explicit !== undefined && new URL(explicit).pathname !== path) {
      fail(
        'authenticator.callbackUrl',
        explicit,
        `must end in the hub's callback path '${path}' ('baseUrl' ${show(this.model.baseUrl)} and '${OAUTH_CALLBACK_PATH}')`,
      );
    }
  }

  /** A front door's public URL: one per hub; an explicit OAuth callback URL must agree with it. */
  private checkPublicUrl(url: string): void {
    checkUrl('publicUrl', url, { http: true, originOnly: true });
    const known = this.publicUrl();
    if (known !== undefined)
      fail('integrations', url, `is a second public URL of the hub (it has ${show(known)}): a hub has one front door`);
    const explicit = this.model.authenticator.oauth?.callbackUrl;
    const derived = oauthCallbackUrl(url, this.model.baseUrl);
    if (explicit !== undefined && !sameUrl(explicit, derived)) {
      fail(
        'authenticator.callbackUrl',
        explicit,
        `disagrees with the hub's public URL ${show(url)} (its front door's host): the callback there is ${show(derived)}; remove 'callbackUrl' (it is derived) or make the two agree`,
      );
    }
  }

  /** Validation: an OAuth authenticator needs a callback URL, derived or given. */
  private oauthCallbackErrors(): string[] {
    if (!this.model.authenticator.oauth || this.oauthCallbackUrl() !== undefined) return [];
    const example = `https://hub.example.org${this.model.baseUrl}${OAUTH_CALLBACK_PATH}`;
    return [
      `Invalid 'authenticator.callbackUrl' (undefined): Hub '${this.node.path}' has an OAuth authenticator but no public URL to derive its callback from: give its front door a host (NginxIngress 'host', with 'tls' for https), or set the authenticator's 'callbackUrl' (e.g. '${example}')`,
    ];
  }

  private proxyApiUrl(): string | undefined {
    return this.contributions.map((c) => c.config.proxyApiUrl).find((u) => u !== undefined);
  }

  private services() {
    return this.contributions.flatMap((c) => c.config.services ?? []);
  }

  /** Claims must be in the hub's namespace: user pods can only mount claims of their own namespace. */
  private checkSharedHome(): void {
    const shared = this.sharedHome?.storage;
    if (shared && shared.namespace !== this.namespace) {
      fail(
        'singleUser.storage',
        shared.node.path,
        `is a claim in namespace '${shared.namespace}', the hub is in '${this.namespace}': user pods can only mount claims of their own namespace`,
      );
    }
  }

  private createServiceAccountAndRbac(): void {
    const names = this.model.names;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: objectMeta(this, names.hub, this.labels),
      automountServiceAccountToken: true,
    });
    const rules: k8s.PolicyRule[] = [
      // KubeSpawner keeps a watch-based cache of user pods and creates and deletes them.
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch', 'create', 'delete'] },
      // Spawn progress in the UI comes from a watch on pod events.
      { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
      // What the user storage needs (a claim per user: get and create).
      ...this.model.singleUser.storage.hubRules,
    ];
    this.createRoleAndBinding('Role', names.hub, rules);
    if (this.model.secret.generatedInCluster) {
      // Only for the init container that creates the hub Secret once. RBAC cannot narrow 'create'
      // to one name; there is deliberately no get/list/update, so the pod can never read or
      // overwrite an existing Secret through the API.
      this.createRoleAndBinding('SecretInitRole', names.secretInit, [
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      ]);
    }
  }

  private createRoleAndBinding(id: string, name: string, rules: k8s.PolicyRule[]): void {
    new k8s.KubeRole(this, id, { metadata: objectMeta(this, name, this.labels), rules });
    new k8s.KubeRoleBinding(this, `${id}Binding`, {
      metadata: objectMeta(this, name, this.labels),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: this.model.names.hub }],
    });
  }

  /** The files the hub mounts from its ConfigMap. */
  private configFiles(): { [file: string]: string } {
    const files: { [file: string]: string } = { 'jupyterhub_config.py': this.config };
    const secrets = this.generatedSecrets();
    if (secrets.length > 0) files['secret_init.py'] = renderSecretInitScript({ secrets });
    return files;
  }

  /** The Secrets the `secret-init` container creates: the hub's own (if generated), then the integrations'. */
  private generatedSecrets(): InitSecret[] {
    const secret = this.model.secret;
    return [
      ...(secret.generatedInCluster
        ? [{ name: secret.secretName, keys: [secret.proxyTokenKey, secret.cookieSecretKey], labels: this.labels }]
        : []),
      ...this.contributions
        .flatMap((c) => c.config.generatedSecrets ?? [])
        .map((s) => ({ name: s.name, keys: s.keys, labels: this.labels })),
    ];
  }

  private createConfigMap(): k8s.KubeConfigMap {
    return new k8s.KubeConfigMap(this, 'Config', {
      metadata: objectMeta(this, this.model.names.hubConfig, this.labels),
      data: Lazy.any({ produce: () => this.configFiles() }),
    });
  }

  private createDatabaseClaim(): void {
    const claim = this.model.database.claim;
    if (!claim) return;
    new k8s.KubePersistentVolumeClaim(this, 'DatabaseClaim', {
      metadata: objectMeta(this, this.model.names.hubDb, this.labels),
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: claim.storageClassName,
        resources: { requests: { storage: k8s.Quantity.fromString(claim.size) } },
      },
    });
  }

  private createDeployment(): k8s.KubeDeployment {
    return new k8s.KubeDeployment(this, 'Resource', {
      metadata: objectMeta(this, this.model.names.hub, this.labels),
      spec: {
        replicas: 1,
        // sqlite on a ReadWriteOnce claim and JupyterHub's in-memory state allow one hub only.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: this.labels },
        template: {
          metadata: {
            labels: { ...this.labels, [ACCESS_LABELS.proxyApi]: 'true', [ACCESS_LABELS.singleUser]: 'true' },
            annotations: Lazy.any({
              produce: () => ({ 'checksum/config-map': checksum(...Object.values(this.configFiles())) }),
            }),
          },
          spec: this.podSpec(),
        },
      },
    });
  }

  private createService(): k8s.KubeService {
    return new k8s.KubeService(this, 'Service', {
      metadata: objectMeta(this, this.model.names.hub, this.labels),
      spec: {
        type: 'ClusterIP',
        selector: this.labels,
        ports: [{ name: 'http', port: PORTS.hub, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
      },
    });
  }

  private podSpec(): k8s.PodSpec {
    const model = this.model;
    const names = model.names;
    const secret = model.secret;
    const env: k8s.EnvVar[] = [
      { name: 'PYTHONUNBUFFERED', value: '1' },
      { name: HUB_ENV.podNamespace, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
      secretEnv(HUB_ENV.proxyToken, secret.secretName, secret.proxyTokenKey),
      secretEnv(HUB_ENV.cookieSecret, secret.secretName, secret.cookieSecretKey),
      ...model.database.env,
      // The authenticator's client secret or passwords, read by the config with os.environ.
      ...model.authenticator.env,
    ];
    // Secrets of the hub's integrations (hub services' API tokens), known once they are added.
    const integrationEnv = () =>
      this.contributions
        .flatMap((c) => Object.entries(c.config.hubSecretEnv ?? {}))
        .map(([name, ref]) => secretEnv(name, ref.name as string, ref.key));
    const security = restrictedContainer(IDS.hub, IDS.hub, true);
    const volumes: k8s.Volume[] = [
      { name: 'config', configMap: { name: names.hubConfig, defaultMode: 0o444 } },
      model.database.claim
        ? { name: 'db', persistentVolumeClaim: { claimName: names.hubDb } }
        : { name: 'db', emptyDir: {} },
      { name: 'tmp', emptyDir: {} },
    ];
    const configMount: k8s.VolumeMount = { name: 'config', mountPath: HUB_PATHS.configDir, readOnly: true };
    const healthPath = `${model.baseUrl}hub/health`;
    return {
      serviceAccountName: names.hub,
      automountServiceAccountToken: true,
      securityContext: restrictedPod(IDS.hub),
      ...this.nodePool?.podPlacement(),
      initContainers: Lazy.any({
        produce: () =>
          this.generatedSecrets().length === 0
            ? undefined
            : [
                {
                  name: 'secret-init',
                  image: model.image,
                  imagePullPolicy: 'IfNotPresent',
                  command: ['python3', HUB_PATHS.secretInitScript],
                  securityContext: security,
                  resources: resources('secretInit', undefined, {
                    cpuRequest: '50m',
                    cpuLimit: '200m',
                    memoryRequest: Size.mebibytes(64),
                    memoryLimit: Size.mebibytes(64),
                  }),
                  volumeMounts: [configMount],
                },
              ],
      }) as unknown as k8s.Container[],
      containers: [
        {
          name: 'hub',
          image: model.image,
          imagePullPolicy: 'IfNotPresent',
          // args, not command: the image's entrypoint (tini) stays PID 1 and reaps zombies.
          args: ['jupyterhub', '--config', HUB_PATHS.configFile, '--upgrade-db'],
          workingDir: HUB_PATHS.dataDir,
          env: Lazy.any({ produce: () => [...env, ...integrationEnv()] }) as unknown as k8s.EnvVar[],
          ports: [{ name: 'http', containerPort: PORTS.hub, protocol: 'TCP' }],
          readinessProbe: httpProbe(healthPath, 'http', {
            periodSeconds: 2,
            failureThreshold: 1000,
            timeoutSeconds: 1,
          }),
          livenessProbe: httpProbe(healthPath, 'http', {
            initialDelaySeconds: 300,
            periodSeconds: 10,
            failureThreshold: 30,
          }),
          resources: resources('resources', model.resources, {
            cpuRequest: '200m',
            cpuLimit: '1',
            memoryRequest: Size.mebibytes(512),
            memoryLimit: Size.gibibytes(1),
          }),
          securityContext: security,
          volumeMounts: [configMount, { name: 'db', mountPath: HUB_PATHS.dataDir }, { name: 'tmp', mountPath: '/tmp' }],
        },
      ],
      volumes,
    };
  }

  private createHubNetworkPolicy(): void {
    const model = this.model;
    const proxyPods = selectorLabels(model.release, COMPONENT.proxy);
    const userPods = selectorLabels(model.release, COMPONENT.singleUser);
    const egress: k8s.NetworkPolicyEgressRule[] = [
      { to: [podPeer(proxyPods)], ports: tcpPorts(PORTS.proxyApi) },
      { to: [podPeer(userPods)], ports: tcpPorts(PORTS.singleUser) },
      dnsEgress(),
      // The Kubernetes API server (for KubeSpawner); its address is outside any pod selector.
      { ports: tcpPorts(...API_SERVER_PORTS) },
    ];
    if (model.database.port !== undefined) egress.push({ ports: tcpPorts(model.database.port) });
    // The identity provider of the authenticator (OAuth endpoints, the LDAP server).
    if (model.authenticator.egressPorts.length > 0)
      egress.push({ ports: tcpPorts(...model.authenticator.egressPorts) });
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: objectMeta(this, model.names.hub, this.labels),
      spec: {
        podSelector: { matchLabels: this.labels },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [podPeer(proxyPods), podPeer(userPods), podPeer({ [ACCESS_LABELS.hub]: 'true' })],
            ports: tcpPorts(PORTS.hub),
          },
        ],
        egress: Lazy.any({
          produce: () => [...egress, ...this.contributions.flatMap((c) => c.config.hubEgress ?? [])],
        }),
      },
    });
  }

  private createSingleUserNetworkPolicy(): void {
    const model = this.model;
    const userPods = selectorLabels(model.release, COMPONENT.singleUser);
    const internetExcept = [
      ...PRIVATE_RANGES,
      ...(model.singleUser.blockCloudMetadata ? [`${CLOUD_METADATA_IP}/32`] : []),
    ];
    const egress: k8s.NetworkPolicyEgressRule[] = [
      { to: [podPeer(this.labels)], ports: tcpPorts(PORTS.hub) },
      dnsEgress(),
      { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: internetExcept } }] },
    ];
    new k8s.KubeNetworkPolicy(this, 'SingleUserNetworkPolicy', {
      metadata: objectMeta(this, model.names.singleUser, userPods),
      spec: {
        podSelector: { matchLabels: userPods },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [
              podPeer(selectorLabels(model.release, COMPONENT.proxy)),
              podPeer(this.labels),
              podPeer({ [ACCESS_LABELS.singleUser]: 'true' }),
            ],
            ports: tcpPorts(PORTS.singleUser),
          },
        ],
        egress: Lazy.any({
          produce: () => [...egress, ...this.contributions.flatMap((c) => c.config.singleUserEgress ?? [])],
        }),
      },
    });
  }
}
