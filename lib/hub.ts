import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Authenticator } from './authenticator';
import { CULLER_SERVICE, HUB_ENV, renderJupyterHubConfig } from './generators/jupyterhub-config';
import { renderSecretInitScript } from './generators/secret-init-script';
import { HubDatabase, HubDatabaseKind } from './hub-database';
import { HubSecret } from './hub-secret';
import { fail } from './internal/validate';
import { Namespace } from './namespace';
import { IdleCullerOptions } from './idle-culler';
import {
  ACCESS_LABELS, API_SERVER_PORTS, CLOUD_METADATA_IP, COMPONENT, HUB_PATHS, HubNames, IDS, PORTS, PRIVATE_RANGES,
} from './internal/constants';
import { HubModel, resolveHubModel } from './internal/hub-model';
import {
  checksum, dnsEgress, httpProbe, podPeer, resources, restrictedContainer, restrictedPod, secretEnv, selectorLabels, tcpPorts, objectMeta } from './internal/k8s';
import { SingleUserOptions, SingleUserStorageKind } from './single-user';

/** Props of {@link Hub}. */
export interface HubProps {
  /**
   * Prefix of every name this hub and its proxy create (`hub`, `proxy-api`, ...), so that several
   * hubs can share a namespace. Must end in '-'.
   * @default '' (the seed's names: `hub`, `proxy-public`, ...)
   */
  readonly namePrefix?: string;

  /**
   * Value of the `release` label; part of every selector, so it must differ between hubs that
   * share a namespace. Selectors are immutable: do not change it on a running hub.
   * @default 'jupyterhub'
   */
  readonly release?: string;

  /**
   * Hub image.
   * @default 'quay.io/jupyterhub/k8s-hub:4.4.0' (JupyterHub 5.5, KubeSpawner 7)
   */
  readonly image?: string;

  /**
   * Who may log in.
   * @default Authenticator.dummy() with admin user 'admin', as the seed (demo only)
   */
  readonly authenticator?: Authenticator;

  /**
   * Whether the hub has admins (the authenticator's `adminUsers`). JupyterHub 5's admin role
   * always includes access to users' servers, as the seed's `auth.admin.access: true`.
   * `true` with no admin users is an error.
   * @default - true when the authenticator lists admin users
   */
  readonly adminAccess?: boolean;

  /**
   * URL prefix of the whole hub.
   * @default '/'
   */
  readonly baseUrl?: string;

  /**
   * How many servers may be starting at once (0 = no limit).
   * @default 64
   */
  readonly concurrentSpawnLimit?: number;

  /**
   * Where the hub keeps its state.
   * @default HubDatabase.sqlitePvc() (1Gi claim `hub-db-dir`)
   */
  readonly database?: HubDatabase;

  /**
   * Stopping idle servers.
   * @default - enabled: timeout 1 hour, checked every 10 minutes, users kept
   */
  readonly idleCuller?: IdleCullerOptions;

  /**
   * The users' servers.
   * @default - the z2jh sample image, 1Gi memory guarantee, a 10Gi claim per user
   */
  readonly singleUser?: SingleUserOptions;

  /**
   * The proxy token and cookie secret.
   * @default HubSecret.generated() (created in the cluster on first start, never rotated)
   */
  readonly secret?: HubSecret;

  /**
   * Resources of the hub container.
   * @default - requests 200m CPU and 512Mi memory; limits 1 CPU and 1Gi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * A NetworkPolicy for the hub: ingress on 8081 from the proxy and user servers only; egress to
   * the proxy API, user servers, DNS and the Kubernetes API.
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * Python appended verbatim to `jupyterhub_config.py`: the escape hatch for settings that have
   * no typed prop. Prefer typed props; nothing here is checked before the hub starts.
   * @default - none
   */
  readonly extraConfig?: string;
}

/**
 * JupyterHub's hub: the Deployment running JupyterHub with KubeSpawner, its ServiceAccount and
 * the Role with the rights KubeSpawner needs, the `hub` Service (8081), the `hub-db-dir` PVC, the
 * generated `jupyterhub_config.py` in the `hub-config` ConfigMap, and NetworkPolicies for the hub
 * and the user servers. Add a {@link Proxy} for it.
 *
 * @example
 * const hub = new Hub(chart, 'hub', { authenticator: Authenticator.dummy({ adminUsers: ['admin'] }) });
 * new Proxy(chart, 'proxy', { hub });
 */
export class Hub extends Construct {
  /** Name of the hub Service (reached by DNS from the proxy and user servers). */
  public readonly serviceName: string;
  /** Port of the hub Service. */
  public readonly port: number = PORTS.hub;
  /** Name of the Secret with the proxy token and cookie secret (generated in the cluster or yours). */
  public readonly secretName: string;
  /** Key of the proxy token in {@link secretName}. */
  public readonly proxyTokenKey: string;
  /** The generated `jupyterhub_config.py`. */
  public readonly config: string;
  /** The hub Deployment (escape hatch: `hub.deployment.addJsonPatch(...)`). */
  public readonly deployment: k8s.KubeDeployment;
  /** The hub Service. */
  public readonly service: k8s.KubeService;
  /** The ConfigMap holding `jupyterhub_config.py`. */
  public readonly configMap: k8s.KubeConfigMap;

  /** @internal */
  public readonly _model: HubModel;
  /** @internal */
  public _proxyAttached = false;

  public constructor(scope: Construct, id: string, props: HubProps = {}) {
    super(scope, id);
    const model = resolveHubModel(props);
    this._model = model;
    const names = model.names;
    const labels = selectorLabels(model.release, COMPONENT.hub);
    this.serviceName = names.hub;
    this.secretName = model.secret.secretName;
    this.proxyTokenKey = model.secret.proxyTokenKey;

    this.config = renderJupyterHubConfig(model, { proxyApiUrl: `http://${names.proxyApi}:${PORTS.proxyApi}` });
    const configData: { [file: string]: string } = { 'jupyterhub_config.py': this.config };
    if (model.secret.generatedInCluster) {
      configData['secret_init.py'] = renderSecretInitScript({
        secretName: model.secret.secretName,
        keys: [model.secret.proxyTokenKey, model.secret.cookieSecretKey],
        labels,
      });
    }

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: objectMeta(this, names.hub, labels),
      automountServiceAccountToken: true,
    });
    this.createRbac(names, labels, model);

    this.configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: objectMeta(this, names.hubConfig, labels),
      data: configData,
    });

    if (model.database.source.kind === HubDatabaseKind.SQLITE_PVC) {
      new k8s.KubePersistentVolumeClaim(this, 'DatabaseClaim', {
        metadata: objectMeta(this, names.hubDb, labels),
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: model.database.pvcStorageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(model.database.pvcSize as string) } },
        },
      });
    }

    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: objectMeta(this, names.hub, labels),
      spec: {
        replicas: 1,
        // sqlite on a ReadWriteOnce claim and JupyterHub's in-memory state allow one hub only.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels },
        template: {
          metadata: {
            labels: { ...labels, [ACCESS_LABELS.proxyApi]: 'true', [ACCESS_LABELS.singleUser]: 'true' },
            annotations: { 'checksum/config-map': checksum(...Object.values(configData)) },
          },
          spec: this.podSpec(model, names),
        },
      },
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: objectMeta(this, names.hub, labels),
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [{ name: 'http', port: PORTS.hub, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
      },
    });

    this.checkNeighbours(model);
    if (model.networkPolicy) this.createHubNetworkPolicy(names, labels, model);
    if (model.singleUser.networkPolicy) this.createSingleUserNetworkPolicy(names, model);

    this.node.addValidation({
      validate: () => (this._proxyAttached ? [] : [`Hub '${this.node.path}' has no Proxy: add new Proxy(scope, 'proxy', { hub }) so users can reach it`]),
    });
  }

  /** Name of the idle culler service registered in the hub, if enabled. */
  public get idleCullerService(): string | undefined {
    return this._model.culler.enabled ? CULLER_SERVICE : undefined;
  }

  /** Checks what depends on where other constructs live: claims must be in the hub's namespace. */
  private checkNeighbours(model: HubModel): void {
    const namespace = Namespace.of(this);
    const shared = model.singleUser.storage.sharedStorage;
    if (shared && shared.namespace !== namespace) {
      fail('singleUser.storage', shared.node.path, `is a claim in namespace '${shared.namespace}', the hub is in '${namespace}': user pods can only mount claims of their own namespace`);
    }
    const gateway = model.singleUser.gateway;
    if (gateway) {
      this.node.addValidation({
        validate: () => gateway.kernelSpecs
          .filter((k) => k.homeStorage && k.homeStorage !== shared)
          .map((k) => `KernelSpec '${k.name}' mounts '${k.homeStorage!.node.path}' as home, but the users' servers of Hub '${this.node.path}' use ${shared ? `'${shared.node.path}'` : 'no shared storage'}: give both the same NfsStorage, so kernels see the users' files`),
      });
    }
  }

  private createRbac(names: HubNames, labels: { [key: string]: string }, model: HubModel): void {
    const rules: k8s.PolicyRule[] = [
      // KubeSpawner keeps a watch-based cache of user pods and creates and deletes them.
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch', 'create', 'delete'] },
      // Spawn progress in the UI comes from a watch on pod events.
      { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
    ];
    if (model.singleUser.storage.kind === SingleUserStorageKind.DYNAMIC) {
      // storage_pvc_ensure creates the claim; get finds an existing one (quota errors, renamed claims).
      // No delete: delete_pvc is off, so homes outlive their users.
      rules.push({ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'create'] });
    }
    new k8s.KubeRole(this, 'Role', { metadata: objectMeta(this, names.hub, labels), rules });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: objectMeta(this, names.hub, labels),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: names.hub },
      subjects: [{ kind: 'ServiceAccount', name: names.hub }],
    });
    if (model.secret.generatedInCluster) {
      // Only for the init container that creates the hub Secret once. RBAC cannot narrow 'create'
      // to one name; there is deliberately no get/list/update, so the pod can never read or
      // overwrite an existing Secret through the API.
      new k8s.KubeRole(this, 'SecretInitRole', {
        metadata: objectMeta(this, names.secretInit, labels),
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }],
      });
      new k8s.KubeRoleBinding(this, 'SecretInitRoleBinding', {
        metadata: objectMeta(this, names.secretInit, labels),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: names.secretInit },
        subjects: [{ kind: 'ServiceAccount', name: names.hub }],
      });
    }
  }

  private podSpec(model: HubModel, names: HubNames): k8s.PodSpec {
    const secret = model.secret;
    const env: k8s.EnvVar[] = [
      { name: 'PYTHONUNBUFFERED', value: '1' },
      { name: HUB_ENV.podNamespace, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
      secretEnv(HUB_ENV.proxyToken, secret.secretName, secret.proxyTokenKey),
      secretEnv(HUB_ENV.cookieSecret, secret.secretName, secret.cookieSecretKey),
    ];
    const dbPw = model.database.password;
    if (dbPw) {
      env.push(secretEnv('PGPASSWORD', dbPw.secret.name, dbPw.key));
      env.push(secretEnv('MYSQL_PWD', dbPw.secret.name, dbPw.key));
    }

    const security = restrictedContainer(IDS.hub, IDS.hub, true);
    const volumes: k8s.Volume[] = [
      { name: 'config', configMap: { name: names.hubConfig, defaultMode: 0o444 } },
      model.database.source.kind === HubDatabaseKind.SQLITE_PVC
        ? { name: 'db', persistentVolumeClaim: { claimName: names.hubDb } }
        : { name: 'db', emptyDir: {} },
      { name: 'tmp', emptyDir: {} },
    ];
    const mounts: k8s.VolumeMount[] = [
      { name: 'config', mountPath: HUB_PATHS.configDir, readOnly: true },
      { name: 'db', mountPath: HUB_PATHS.dataDir },
      { name: 'tmp', mountPath: '/tmp' },
    ];
    const healthPath = `${model.baseUrl}hub/health`;

    const initContainers: k8s.Container[] = secret.generatedInCluster
      ? [{
        name: 'secret-init',
        image: model.image,
        imagePullPolicy: 'IfNotPresent',
        command: ['python3', HUB_PATHS.secretInitScript],
        securityContext: security,
        resources: resources('secretInit', undefined, { cpuRequest: '50m', cpuLimit: '200m', memoryRequest: Size.mebibytes(64), memoryLimit: Size.mebibytes(64) }),
        volumeMounts: [{ name: 'config', mountPath: HUB_PATHS.configDir, readOnly: true }],
      }]
      : [];

    return {
      serviceAccountName: names.hub,
      automountServiceAccountToken: true,
      securityContext: restrictedPod(IDS.hub),
      initContainers: initContainers.length > 0 ? initContainers : undefined,
      containers: [{
        name: 'hub',
        image: model.image,
        imagePullPolicy: 'IfNotPresent',
        command: ['jupyterhub', '--config', HUB_PATHS.configFile, '--upgrade-db'],
        workingDir: HUB_PATHS.dataDir,
        env,
        ports: [{ name: 'http', containerPort: PORTS.hub, protocol: 'TCP' }],
        readinessProbe: httpProbe(healthPath, 'http', { periodSeconds: 2, failureThreshold: 1000, timeoutSeconds: 1 }),
        livenessProbe: httpProbe(healthPath, 'http', { initialDelaySeconds: 300, periodSeconds: 10, failureThreshold: 30 }),
        resources: resources('resources', model.resources, { cpuRequest: '200m', cpuLimit: '1', memoryRequest: Size.mebibytes(512), memoryLimit: Size.gibibytes(1) }),
        securityContext: security,
        volumeMounts: mounts,
      }],
      volumes,
    };
  }

  private createHubNetworkPolicy(names: HubNames, labels: { [key: string]: string }, model: HubModel): void {
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
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: objectMeta(this, names.hub, labels),
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{
          from: [podPeer(proxyPods), podPeer(userPods), podPeer({ [ACCESS_LABELS.hub]: 'true' })],
          ports: tcpPorts(PORTS.hub),
        }],
        egress,
      },
    });
  }

  private createSingleUserNetworkPolicy(names: HubNames, model: HubModel): void {
    const userPods = selectorLabels(model.release, COMPONENT.singleUser);
    const internetExcept = [...PRIVATE_RANGES, ...(model.singleUser.blockCloudMetadata ? [`${CLOUD_METADATA_IP}/32`] : [])];
    const egress: k8s.NetworkPolicyEgressRule[] = [
      { to: [podPeer(selectorLabels(model.release, COMPONENT.hub))], ports: tcpPorts(PORTS.hub) },
      dnsEgress(),
      { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: internetExcept } }] },
    ];
    const gateway = model.singleUser.gateway;
    if (gateway) {
      // The gateway's API, in its own namespace (kernels are its pods, not the server's peers).
      const sameNamespace = gateway.namespace === Namespace.of(this);
      egress.push({
        to: [{
          podSelector: { matchLabels: gateway.podLabels },
          ...(sameNamespace ? {} : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': gateway.namespace } } }),
        }],
        ports: tcpPorts(gateway.port),
      });
    }
    new k8s.KubeNetworkPolicy(this, 'SingleUserNetworkPolicy', {
      metadata: objectMeta(this, names.singleUser, userPods),
      spec: {
        podSelector: { matchLabels: userPods },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{
          from: [
            podPeer(selectorLabels(model.release, COMPONENT.proxy)),
            podPeer(selectorLabels(model.release, COMPONENT.hub)),
            podPeer({ [ACCESS_LABELS.singleUser]: 'true' }),
          ],
          ports: tcpPorts(PORTS.singleUser),
        }],
        egress,
      },
    });
  }
}
