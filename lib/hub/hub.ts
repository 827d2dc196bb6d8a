import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  checkUrl,
  missingAuthenticator,
  OAUTH_CALLBACK_PATH,
  oauthCallbackUrl,
  sameUrl,
} from '../auth/authenticator-config';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { COMPONENT, CULLER_SERVICE, PORTS } from '../core/constants';
import { objectMeta, selectorLabels } from '../core/k8s';
import { Namespace } from '../core/namespace';
import type { IRuntimePodSource, RuntimePods } from '../core/runtime-pods';
import { checkDnsLabel, fail, show } from '../core/validate';
import type { NodePool } from '../users/node-pool';
import type { SharedHome } from '../users/shared-home';
import { HubContributions } from './hub-contributions';
import { HubComponent, HubIntegrationConfig, IHub, IHubIntegration, UserPodsSpec } from './hub-integration';
import { HubModel, resolveHubModel } from './hub-model';
import { checkUserPodSecurity } from './user-pod-security';
import { checkOAuthOverHttp, tlsTerminatedBefore } from './oauth-callback';
import { createHubNetworkPolicy, createSingleUserNetworkPolicy, hubPartLabels } from './hub-network-policies';
import { hubOwnEnv, hubOwnMounts, hubOwnVolumes } from './hub-pod-spec';
import { createHubDatabaseClaim, createHubDeployment, HubDeploymentContext } from './hub-objects';
import { createHubService } from './hub-kube-service';
import type { HubProps } from './hub-props';
import { hubConfigFiles, hubGeneratedSecrets } from './hub-config-files';
import { createHubRbac, createRoleAndBinding, secretCreateRules } from './hub-rbac';
import { userPodsSpec } from './hub-user-pods';
import { hubRuntimePods } from './hub-runtime-pods';
import { HubExtras, hasHubExtras } from './hub-extras';
import { IdleCuller } from './idle-culler';
import { renderJupyterHubConfig } from './jupyterhub-config';
import { readExtraConfig } from './extra-config';
import { extraConfigOverwrites } from './hub-traits';
import { checkGeneratedLoginSecrets, checkHubServiceReach, checkOpenLogin } from './open-login';

/**
 * JupyterHub's hub: the Deployment running JupyterHub with KubeSpawner, its ServiceAccount and
 * the Role with the rights KubeSpawner needs, the `hub` Service (8081), the `hub-db-dir` PVC, the
 * generated `jupyterhub_config.py` in the `hub-config` ConfigMap, and NetworkPolicies for the hub
 * and the user servers. Give it a {@link Proxy}; plug in more with {@link Hub.addIntegration} or
 * the `integrations` prop.
 *
 * @example
 * const hub = new Hub(chart, 'hub', { authenticator: Authenticator.generatedSharedPassword({ adminUsers: ['admin'] }) });
 * hub.addIntegration(new Proxy(chart, 'proxy'));
 */
export class Hub extends Construct implements IHub, IRuntimePodSource {
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
  /** How many user servers may be active at once; 0: no limit. */
  public readonly activeServerLimit: number;
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
  /** The top-level image pull secrets (`HubProps.imagePullSecrets`): of every pod of the hub in its namespace. */
  public readonly imagePullSecrets: string[];
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
  private readonly contributions: HubContributions;
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
    this.activeServerLimit = model.activeServerLimit;
    this.singleUserPodLabels = this.podLabels(HubComponent.SINGLE_USER);
    this.secretName = model.secret.secretName;
    this.proxyTokenKey = model.secret.proxyTokenKey;
    this.sharedHome = model.singleUser.storage.sharedHome;
    this.singleUserImage = model.singleUser.image;
    this.nodePool = props.nodePool;
    this.imagePullSecrets = [...model.pod.imagePullSecrets];
    this.contributions = new HubContributions(this.node.path, model, {
      hubEnv: hubOwnEnv(model).map((e) => e.name),
      generatedSecrets: [
        ...(model.secret.generatedInCluster ? [model.secret.secretName] : []),
        ...model.authenticator.generatedSecrets.map((s) => s.name),
      ],
      volumes: hubOwnVolumes(model).map((v) => v.name),
      mountPaths: hubOwnMounts().map((m) => m.mountPath),
    });
    this.checkSharedHome();
    this.checkCallbackPath();
    checkGeneratedLoginSecrets(model);
    checkUserPodSecurity(this, model);
    checkHubServiceReach(model, this.node.path);

    createHubRbac(this, model, this.labels);
    this.configMap = this.createConfigMap();
    createHubDatabaseClaim(this, model, this.labels);
    this.deployment = createHubDeployment(this, this.deploymentContext());
    this.service = createHubService(this, model.names.hub, model.service, this.labels);
    const egressOf = (c: HubComponent) => this.egressOf(c);
    if (model.networkPolicy) createHubNetworkPolicy(this, model, egressOf);
    if (model.singleUser.networkPolicy) createSingleUserNetworkPolicy(this, model, egressOf);

    if (props.idleCuller?.enabled ?? true) this.addIntegration(new IdleCuller(props.idleCuller ?? {}));
    if (hasHubExtras(props)) this.addIntegration(new HubExtras(this, props, this.labels, model.pod.extras));
    for (const integration of props.integrations ?? []) this.addIntegration(integration);
    this.node.addValidation({
      validate: () => [...this.proxyErrors(), ...this.oauthCallbackErrors(), ...this.extraConfigErrors()],
    });
  }

  /**
   * Syntax errors of `extraConfig` that Python's compiler finds (where a python3 is on the PATH),
   * and its assignments that would replace a trait the config sets (e.g. the hub-access label of
   * `c.KubeSpawner.extra_labels`), found by Python's `ast` (else by a scan of its lines).
   */
  private extraConfigErrors(): string[] {
    const extra = this.model.extraConfig;
    if (extra === undefined || extra.trim() === '') return [];
    const reading = readExtraConfig('extraConfig', extra);
    if (reading.syntaxErrors.length > 0) return reading.syntaxErrors;
    return extraConfigOverwrites(extra, reading.assigns, this.config, this.model.authenticator);
  }

  /** The generated `jupyterhub_config.py` (with everything the hub's integrations contribute). */
  public get config(): string {
    if (this.renderedConfig === undefined) {
      this.renderedConfig = renderJupyterHubConfig(this.model, {
        proxyApiUrl: this.contributions.proxyApiUrl() ?? `http://${this.model.names.proxyApi}:${PORTS.proxyApi}`,
        integrations: this.contributions.all,
        oauthCallbackUrl: this.oauthCallbackUrl(),
      });
    }
    return this.renderedConfig;
  }

  /**
   * `host:port` of the hub's database when it is a server the hub connects to
   * (`HubDatabase.external`); undefined for sqlite.
   */
  public get databaseAddress(): string | undefined {
    const { host, port } = this.model.database;
    return host !== undefined && port !== undefined ? `${host}:${port}` : undefined;
  }

  /**
   * Whether the users' NetworkPolicy lets their servers reach the cloud metadata endpoint
   * (`blockCloudMetadata: false`, or `networkPolicyRules.egressAllowRules.cloudMetadataServer`).
   */
  public get usersReachCloudMetadata(): boolean {
    return this.model.singleUser.egress.rules.allow.cloudMetadataServer;
  }

  /** Whether the users' NetworkPolicy lets their servers reach the private IPs (`egressAllowRules.privateIPs`). */
  public get usersReachPrivateIPs(): boolean {
    return this.model.singleUser.egress.rules.allow.privateIPs;
  }

  /** Name of the idle culler service registered in the hub, if enabled. */
  public get idleCullerService(): string | undefined {
    return this.contributions.services().some((s) => s.name === CULLER_SERVICE) ? CULLER_SERVICE : undefined;
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
    const config: HubIntegrationConfig = integration.bindToHub(this);
    if (config.publicUrl !== undefined) this.checkPublicUrl(config.publicUrl);
    // The login against the hub's reach: any password behind a door the outside reaches is refused.
    if (config.exposure !== undefined) checkOpenLogin(this.model, config.exposure, this.node.path);
    this.contributions.add(config);
    // An integration's Secret is made by the same init container, also when the hub's own is not.
    if (
      (config.generatedSecrets ?? []).length > 0 &&
      !this.model.secret.generatedInCluster &&
      this.model.pod.createRbac &&
      !this.node.tryFindChild('SecretInitRole')
    ) {
      const { names, pod } = this.model;
      createRoleAndBinding(
        this,
        'SecretInitRole',
        names.secretInit,
        this.labels,
        secretCreateRules(),
        pod.serviceAccountName,
      );
    }
  }

  /** Labels that select the pods of one part of the hub (the user servers' component label carries the `namePrefix`). */
  public podLabels(component: HubComponent): { [key: string]: string } {
    return hubPartLabels(this.model, component);
  }

  /** The users' pods as pre-pullers and placeholders copy them (read when rendering). */
  public userPods(): UserPodsSpec {
    return userPodsSpec(this.model.singleUser, this.contributions);
  }

  /**
   * The users' servers, for a {@link NamespaceQuota} of the hub's namespace: `activeServerLimit`
   * of them, each at its largest profile or choice.
   * @param namespace the quota's namespace; none for another than the hub's
   * @throws if the hub has no `activeServerLimit`, or a server no memory or CPU limit.
   */
  public runtimePods(namespace?: string): RuntimePods[] {
    if (namespace !== this.namespace) return [];
    return hubRuntimePods(this.model, this.node.path, this.namespace);
  }

  /** The URL users reach the hub at (`https://host[:port]`), as its front door gives it. */
  public publicUrl(): string | undefined {
    return this.contributions.publicUrl();
  }

  /** Egress rules the hub's integrations ask for one part of the hub. */
  public egressOf(component: HubComponent): k8s.NetworkPolicyEgressRule[] {
    return this.contributions.egressOf(component, this.namespace);
  }

  /**
   * An OAuth authenticator's callback URL: derived from the public URL and the base URL, else the
   * one it was given (also the https one given for a plain-HTTP door with TLS terminated before it).
   */
  private oauthCallbackUrl(): string | undefined {
    const oauth = this.model.authenticator.oauth;
    const publicUrl = this.publicUrl();
    if (!oauth) return undefined;
    if (publicUrl === undefined) return oauth.callbackUrl;
    const derived = oauthCallbackUrl(publicUrl, this.model.baseUrl);
    return oauth.callbackUrl !== undefined && tlsTerminatedBefore(oauth.callbackUrl, derived)
      ? oauth.callbackUrl
      : derived;
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
    const oauth = this.model.authenticator.oauth;
    const explicit = oauth?.callbackUrl;
    const derived = oauthCallbackUrl(url, this.model.baseUrl);
    if (explicit !== undefined && !sameUrl(explicit, derived) && !tlsTerminatedBefore(explicit, derived)) {
      fail(
        'authenticator.callbackUrl',
        explicit,
        `disagrees with the hub's public URL ${show(url)} (its front door's host): the callback there is ${show(derived)}; remove 'callbackUrl' (it is derived) or make the two agree`,
      );
    }
    // Written out, an http callback is plain HTTP on purpose, an https one TLS terminated before the door.
    if (oauth && explicit === undefined) checkOAuthOverHttp(this.node.path, oauth.configClass, url, derived);
  }

  private proxyErrors(): string[] {
    if (this.contributions.proxyApiUrl() !== undefined) return [];
    return [`Hub '${this.node.path}' has no Proxy: add one with hub.addIntegration(new Proxy(scope, 'proxy'))`];
  }

  /** Validation: an OAuth authenticator needs a callback URL, derived or given. */
  private oauthCallbackErrors(): string[] {
    if (!this.model.authenticator.oauth || this.oauthCallbackUrl() !== undefined) return [];
    const example = `https://hub.example.org${this.model.baseUrl}${OAUTH_CALLBACK_PATH}`;
    return [
      `Invalid 'authenticator.callbackUrl' (undefined): Hub '${this.node.path}' has an OAuth authenticator but no public URL to derive its callback from: give its front door a host (NginxIngress 'host', with 'tls' for https), or set the authenticator's 'callbackUrl' (e.g. '${example}')`,
    ];
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

  /** What the hub Deployment is built from (files and generated Secrets read when rendering). */
  private deploymentContext(): HubDeploymentContext {
    const { model, labels, contributions } = this;
    return {
      model,
      labels,
      contributions,
      nodePool: this.nodePool,
      configFiles: () => this.configFiles(),
      hasGeneratedSecrets: () => hubGeneratedSecrets(model, contributions, labels).length > 0,
    };
  }

  /** The files the hub mounts from its ConfigMap. */
  private configFiles(): { [file: string]: string } {
    return hubConfigFiles(this.config, hubGeneratedSecrets(this.model, this.contributions, this.labels));
  }

  private createConfigMap(): k8s.KubeConfigMap {
    return new k8s.KubeConfigMap(this, 'Config', {
      metadata: objectMeta(this, this.model.names.hubConfig, this.labels),
      data: Lazy.any({ produce: () => this.configFiles() }),
    });
  }
}
