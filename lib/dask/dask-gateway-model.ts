/**
 * A {@link DaskGateway}'s resolved model, in two steps: its props validated and resolved once in
 * the constructor ({@link DaskGatewaySettings}, nothing of the hub), then, when it is added to a
 * hub, what it derives from that hub ({@link DaskGatewayModel}: names, URLs, the hub's pods'
 * labels, the generated config's model). The gateway's builders read only the model.
 * @internal
 */
import { Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { DaskClusterOption } from './dask-cluster-option';
import { safeBytes } from './dask-amounts';
import { resolveClusterPod } from './dask-cluster-pods';
import { checkClusterMaximums } from './dask-cluster-size';
import type { UserTrait } from '../core/trait-table';
import { resolveDaskGatewayTraits } from './dask-gateway-traits';
import type { DaskGatewayConfigModel, DaskPodModel } from './dask-gateway-config';
import { DaskGatewayLogLevel, DaskGatewayProps } from './dask-gateway-props';
import { COMPONENT_LABEL, DASK_IMAGES, DASK_PORTS, INSTANCE_LABEL } from './dask-constants';
import { HubComponent, IHub } from '../hub/hub-integration';
import { IMAGES } from '../core/constants';
import { resources } from '../core/k8s';
import {
  checkDns1035Label,
  checkDnsSubdomain,
  checkEnvName,
  checkPinnedImage,
  checkPositiveInt,
  checkPositiveNumber,
  checkSafeMagnitude,
  checkSeconds,
  checkSecretKey,
  fail,
  isPinnedImage,
} from '../core/validate';
import type { NodePool } from '../users/node-pool';
import { GatewayComponentsModel, resolveGatewayComponents } from './dask-gateway-component-model';

/** One of the gateway's own components (each a Deployment with its ServiceAccount). */
export type GatewayComponent = 'api' | 'controller' | 'traefik' | 'dashboardAuth';

/** A cluster's pods of one role, as the controller labels them. */
export type ClusterRole = 'scheduler' | 'worker';

/** The gateway's props, validated and resolved (everything that does not need the hub). */
export interface DaskGatewaySettings {
  /** The traits given with `traits`, checked. */
  readonly traits: readonly UserTrait[];
  /** The name given (the default is derived from the namespace once the hub is known). */
  readonly givenName?: string;
  /** Name of the gateway as a hub service. */
  readonly serviceName: string;
  /** Image of the API server and the controller. */
  readonly serverImage: string;
  readonly traefikImage: string;
  readonly clusterImage: string;
  readonly scheduler: DaskPodModel;
  readonly worker: DaskPodModel;
  readonly environment: { readonly [name: string]: string };
  readonly idleTimeoutSeconds: number;
  readonly clusterMaxCores?: number;
  readonly clusterMaxMemoryBytes?: number;
  readonly clusterMaxWorkers?: number;
  /** Clusters a namespace quota admits at once; undefined: the hub's active server limit. */
  readonly quotaClusters?: number;
  readonly options: readonly DaskClusterOption[];
  /** Whether users pick the image (servers then send theirs as the default). */
  readonly imageOption: boolean;
  readonly clusterInternetAccess: boolean;
  readonly logLevel: DaskGatewayLogLevel;
  /** Node pool of the gateway's own pods, if given (else the hub's). */
  readonly nodePool?: NodePool;
  /** Resources of each of the gateway's containers. */
  readonly resources: k8s.ResourceRequirements;
  readonly networkPolicy: boolean;
  /** Whether the hub's admins may open every cluster's dashboard. */
  readonly dashboardAdminAccess: boolean;
  /** Image of the dashboard auth service. */
  readonly dashboardAuthImage: string;
  /** Pull policy of the clusters' image, if given. */
  readonly clusterImagePullPolicy?: string;
  /** Pull Secrets of the clusters' pods. */
  readonly clusterImagePullSecrets: readonly string[];
  /** The API server's, the controller's and Traefik's pods, Services and accounts. */
  readonly components: GatewayComponentsModel;
  /** The user's Secret with the gateway's hub service token (`apiTokenSecret`), checked; undefined: generated. */
  readonly apiTokenSecret?: { readonly name: string; readonly key: string };
}

/** Names and URLs of one gateway. */
export interface DaskGatewayNames {
  /** Name of the gateway (its instance id). */
  readonly name: string;
  readonly api: string;
  readonly controller: string;
  readonly traefik: string;
  readonly config: string;
  /** Path prefix of everything behind Traefik, e.g. `/services/dask-gateway` (no trailing '/'). */
  readonly prefix: string;
  readonly clustersMiddleware: string;
  readonly apiMiddleware: string;
  /** The Job (and its account, Roles, ConfigMap) that mirrors the token into a namespace of its own. */
  readonly tokenMirror: string;
  /** The dashboard auth service's Deployment, Service, account, Role and NetworkPolicy. */
  readonly dashboardAuth: string;
  /** Its hub service (`<serviceName>-dashboards`). */
  readonly dashboardAuthService: string;
  /** The forwardAuth middleware in front of every cluster's dashboard. */
  readonly dashboardAuthMiddleware: string;
  /** The middleware that drops the browser's credentials before a request reaches a dashboard. */
  readonly dashboardCredentialsMiddleware: string;
  /** `<traefik Service>.<namespace>:<port>`. */
  readonly traefikAddress: string;
  /** `<traefik Service>.<namespace>:<port>` of the schedulers' TLS (`tcpPort`, else `port`). */
  readonly traefikTcpAddress: string;
}

/** Everything the gateway's builders read: its settings and what it derives from its hub. */
export interface DaskGatewayModel extends DaskGatewaySettings {
  /** Namespace of the gateway and its clusters. */
  readonly namespace: string;
  /** Namespace of the hub and its users' servers. */
  readonly hubNamespace: string;
  /**
   * Whether the gateway is in a namespace of its own: then its token is a copy mirrored there, and
   * its pods' rights (Traefik's and the API server's on Secrets) do not reach the hub's Secrets.
   */
  readonly ownNamespace: boolean;
  /** The hub's image pull secrets (`HubProps.imagePullSecrets`): Secrets of the hub's namespace, for its pods there. */
  readonly hubImagePullSecrets: readonly string[];
  readonly names: DaskGatewayNames;
  /** Address of the gateway for the users' servers (`DASK_GATEWAY__ADDRESS`), through Traefik. */
  readonly address: string;
  /** URL prefix of the hub. */
  readonly hubBaseUrl: string;
  /** Labels of the hub's pods that talk to the gateway. */
  readonly hubPods: { readonly [component in HubComponent]: { [key: string]: string } };
  /** Where the gateway's own pods run (the gateway's node pool, else the hub's). */
  readonly placement?: Pick<k8s.PodSpec, 'affinity' | 'tolerations'>;
  /** What `dask_gateway_config.py` says. */
  readonly config: DaskGatewayConfigModel;
}

/** Validates and resolves the props, in the order the gateway always checked them. */
export function resolveDaskGatewaySettings(props: DaskGatewayProps): DaskGatewaySettings {
  // `controller-<name>` is the longest name that must be a DNS-1035 label (a Service's rules).
  if (props.name !== undefined) checkDns1035Label('name', props.name, 63 - 'controller-'.length);
  const options = checkOptions(props.clusterOptions ?? []);
  const environment = { ...(props.clusterEnvironment ?? {}) };
  Object.keys(environment).forEach((k) => checkEnvName('clusterEnvironment', k));
  const settings: DaskGatewaySettings = {
    traits: resolveDaskGatewayTraits(props.traits),
    givenName: props.name,
    serviceName: props.serviceName ?? 'dask-gateway',
    clusterImage: checkPinnedImage('clusterImage', props.clusterImage ?? DASK_IMAGES.cluster),
    scheduler: resolveClusterPod('scheduler', props.scheduler),
    worker: resolveClusterPod('worker', props.worker),
    idleTimeoutSeconds: idleTimeoutSeconds(props.idleTimeout ?? Duration.hours(1)),
    clusterMaxCores:
      props.clusterMaxCores === undefined ? undefined : checkPositiveNumber('clusterMaxCores', props.clusterMaxCores),
    clusterMaxMemoryBytes:
      props.clusterMaxMemory === undefined ? undefined : safeBytes('clusterMaxMemory', props.clusterMaxMemory),
    clusterMaxWorkers:
      props.clusterMaxWorkers === undefined
        ? undefined
        : checkPositiveInt('clusterMaxWorkers', props.clusterMaxWorkers),
    quotaClusters:
      props.quotaClusters === undefined ? undefined : checkPositiveInt('quotaClusters', props.quotaClusters),
    environment,
    options,
    imageOption: options.some((o) => o.field === 'image'),
    serverImage: checkPinnedImage('image', props.image ?? DASK_IMAGES.server),
    resources: resources('resources', props.resources, {
      cpuRequest: '100m',
      cpuLimit: '1',
      memoryRequest: Size.mebibytes(256),
      memoryLimit: Size.mebibytes(512),
    }),
    traefikImage: checkPinnedImage('traefikImage', props.traefikImage ?? DASK_IMAGES.traefik),
    clusterInternetAccess: props.clusterInternetAccess ?? true,
    logLevel: props.logLevel ?? DaskGatewayLogLevel.INFO,
    nodePool: props.nodePool,
    networkPolicy: props.networkPolicy ?? true,
    dashboardAdminAccess: props.dashboardAdminAccess ?? false,
    dashboardAuthImage: checkPinnedImage('dashboardAuthImage', props.dashboardAuthImage ?? IMAGES.hub),
    ...clusterPulling(props),
    components: resolveGatewayComponents(props),
    apiTokenSecret: props.apiTokenSecret && {
      name: checkDnsSubdomain('apiTokenSecret.name', props.apiTokenSecret.name),
      key: checkSecretKey('apiTokenSecret.key', props.apiTokenSecret.key),
    },
  };
  checkClusterMaximums(settings);
  return settings;
}

/**
 * The settings with what the gateway derives from its hub.
 * @param namespace the gateway's own namespace: a namespace of its own (recommended), or the hub's
 */
export function resolveDaskGatewayModel(
  settings: DaskGatewaySettings,
  hub: IHub,
  namespace: string | undefined,
): DaskGatewayModel {
  if (namespace === undefined || hub.namespace === undefined) {
    fail(
      'hub',
      hub.node.path,
      `is in namespace '${hub.namespace}', the gateway in '${namespace}': create the hub and the DaskGateway each in a known namespace (a Namespace construct or the chart's namespace), the gateway's preferably of its own`,
    );
  }
  const hubNamespace = hub.namespace;
  const names = deriveNames(settings, hub, namespace);
  return {
    ...settings,
    namespace,
    hubNamespace,
    ownNamespace: namespace !== hubNamespace,
    hubImagePullSecrets: [...hub.imagePullSecrets],
    names,
    address: `http://${names.traefikAddress}${names.prefix}`,
    hubBaseUrl: hub.baseUrl,
    hubPods: {
      [HubComponent.HUB]: hub.podLabels(HubComponent.HUB),
      [HubComponent.PROXY]: hub.podLabels(HubComponent.PROXY),
      [HubComponent.SINGLE_USER]: hub.podLabels(HubComponent.SINGLE_USER),
    },
    placement: (settings.nodePool ?? hub.nodePool)?.podPlacement(),
    config: configModel(settings, hub, namespace, names),
  };
}

/** Labels of the gateway's own pods (never `gateway.dask.org/instance`: the controller watches pods with it). */
export function gatewayLabels(
  model: DaskGatewayModel,
  component: GatewayComponent | 'token-mirror',
): { [key: string]: string } {
  return {
    app: 'dask-gateway',
    component: component === 'dashboardAuth' ? 'dashboard-auth' : component,
    release: model.names.name,
  };
}

/** Pods with `labels` in `namespace`, as a peer of a NetworkPolicy in `from` (a namespace selector only across namespaces). */
export function namespacedPeer(
  labels: { readonly [key: string]: string },
  namespace: string,
  from: string,
): k8s.NetworkPolicyPeer {
  return {
    podSelector: { matchLabels: { ...labels } },
    ...(namespace === from ? {} : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } }),
  };
}

/** One part of the hub's pods, as a peer of the gateway's policies. */
export function hubPeer(model: DaskGatewayModel, component: HubComponent): k8s.NetworkPolicyPeer {
  return namespacedPeer(model.hubPods[component], model.hubNamespace, model.namespace);
}

/** Labels the controller gives a cluster's scheduler or worker pods. */
export function clusterPodLabels(model: DaskGatewayModel, role: ClusterRole): { [key: string]: string } {
  return { [INSTANCE_LABEL]: model.names.name, [COMPONENT_LABEL]: `dask-${role}` };
}

/** How the clusters' pods pull their image (`clusterImagePullPolicy`, `clusterImagePullSecrets`), checked. */
function clusterPulling(
  props: DaskGatewayProps,
): Pick<DaskGatewaySettings, 'clusterImagePullPolicy' | 'clusterImagePullSecrets'> {
  // The policy is one of PullPolicy's (checkProps).
  const secrets = (props.clusterImagePullSecrets ?? []).map((n, i) =>
    checkDnsSubdomain(`clusterImagePullSecrets[${i}]`, n),
  );
  if (new Set(secrets).size !== secrets.length)
    fail('clusterImagePullSecrets', secrets, 'lists a Secret twice: list each once');
  return { clusterImagePullPolicy: props.clusterImagePullPolicy, clusterImagePullSecrets: secrets };
}

/** Seconds of the idle timeout, written as a whole number. */
function idleTimeoutSeconds(d: Duration): number {
  const s = checkSeconds('idleTimeout', d);
  return checkSafeMagnitude('idleTimeout', s, `${s}s`);
}

function checkOptions(options: DaskClusterOption[]): DaskClusterOption[] {
  const seen = new Set<string>();
  for (const o of options) {
    if (seen.has(o.field)) fail('clusterOptions', o.field, 'is given twice: give each kind of option once');
    seen.add(o.field);
  }
  return options;
}

function deriveNames(settings: DaskGatewaySettings, hub: IHub, namespace: string): DaskGatewayNames {
  // Named after the hub's namespace, in a namespace of its own too (the daskhub chart's names stay).
  const name = settings.givenName ?? `${hub.namespace ?? namespace}-dask-gateway`;
  if (settings.givenName === undefined) checkDns1035Label('namespace', name, 63 - 'controller-'.length);
  const prefix = `${hub.baseUrl}services/${settings.serviceName}`;
  if (/[`\\]/.test(prefix))
    fail(
      'hub.baseUrl',
      hub.baseUrl,
      "must not contain '`' or '\\' for a Dask Gateway: Traefik's rules quote the path with backticks",
    );
  const traefik = `traefik-${name}`;
  return {
    name,
    api: `api-${name}`,
    controller: `controller-${name}`,
    traefik,
    config: `${name}-config`,
    prefix,
    clustersMiddleware: `clusters-prefix-${name}`,
    apiMiddleware: `api-prefix-${name}`,
    tokenMirror: `${name}-token-mirror`,
    dashboardAuth: `auth-${name}`,
    dashboardAuthService: `${settings.serviceName}-dashboards`,
    dashboardAuthMiddleware: `dashboard-auth-${name}`,
    dashboardCredentialsMiddleware: `dashboard-credentials-${name}`,
    traefikAddress: `${traefik}.${namespace}:${settings.components.traefik.port}`,
    traefikTcpAddress: `${traefik}.${namespace}:${settings.components.traefik.tcpPort ?? settings.components.traefik.port}`,
  };
}

function configModel(
  s: DaskGatewaySettings,
  hub: IHub,
  namespace: string,
  names: DaskGatewayNames,
): DaskGatewayConfigModel {
  return {
    instance: names.name,
    namespace,
    logLevel: s.logLevel,
    apiUrl: `http://${names.api}.${namespace}:${DASK_PORTS.api}/api`,
    hubApiUrl: `http://${hub.serviceName}${namespace === hub.namespace ? '' : `.${hub.namespace}`}:${hub.port}${hub.baseUrl}hub/api`,
    hubServiceName: s.serviceName,
    prefix: names.prefix,
    clustersMiddleware: names.clustersMiddleware,
    dashboardMiddlewares: [names.dashboardAuthMiddleware, names.dashboardCredentialsMiddleware],
    tcpEntrypoint: s.components.traefik.tcpPort === undefined ? 'web' : 'tcp',
    clusterImage: s.clusterImage,
    // The image option defaults to the hub's single-user image: a moving tag there (the explicit
    // `singleUser.allowUnpinnedImage`) is pulled on every start here too, so clusters match servers.
    imagePullPolicy:
      s.clusterImagePullPolicy ??
      (s.imageOption && hub.singleUserImage !== undefined && !isPinnedImage(hub.singleUserImage)
        ? 'Always'
        : 'IfNotPresent'),
    imagePullSecrets: s.clusterImagePullSecrets,
    scheduler: s.scheduler,
    worker: s.worker,
    idleTimeoutSeconds: s.idleTimeoutSeconds,
    clusterMaxCores: s.clusterMaxCores,
    clusterMaxMemoryBytes: s.clusterMaxMemoryBytes,
    clusterMaxWorkers: s.clusterMaxWorkers,
    environment: s.environment,
    options: s.options.map((o) => o._bind({ singleUserImage: hub.singleUserImage, environment: s.environment })),
    traits: s.traits,
  };
}
