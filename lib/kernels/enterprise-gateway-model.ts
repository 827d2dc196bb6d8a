/**
 * The EnterpriseGateway's props resolved into one validated model: defaults filled in, units
 * converted, combinations checked. The gateway's objects are built from this model (and the kernel
 * specs and hubs bound to the gateway since) and nothing else.
 * @internal
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { k8s } from 'cdk8s-plus-27';
import { resources } from '../core/k8s';
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
import { PullPolicy } from '../core/workload-options';
import type { INfsStorage } from '../users/shared-home';
import { EnterpriseGatewayProps, GatewayLogLevel, KernelNamespaces } from './enterprise-gateway-props';
import { GatewayIngressModel, resolveGatewayIngress } from './gateway-ingress';
import { GatewayWorkloadsModel, resolveGatewayWorkloads } from './gateway-workloads-model';
import { GATEWAY, gatewayLabels } from './kernel-constants';
import type { KernelSpec } from './kernel-spec';

/** The gateway Deployment's settings. */
export interface GatewayDeploymentModel {
  readonly image: string;
  readonly replicas: number;
  readonly resources: k8s.ResourceRequirements;
  readonly terminationGracePeriodSeconds: number;
  /** Affinity and tolerations of the gateway pod (its node pool). */
  readonly placement?: { readonly affinity: k8s.Affinity; readonly tolerations?: k8s.Toleration[] };
  readonly mirrorWorkingDirs: boolean;
  readonly cullIdleTimeoutSeconds: number;
  readonly cullConnected: boolean;
  readonly logLevel: GatewayLogLevel;
  /** How long a kernel pod may take to start (the gateway's, and its clients'). */
  readonly kernelLaunchTimeoutSeconds: number;
  /** `EG_ALLOWED_KERNELS`; undefined: the names of the gateway's kernel specs. */
  readonly allowedKernels?: readonly string[];
  /** `EG_DEFAULT_KERNEL_NAME`; undefined: the first kernel spec. */
  readonly defaultKernelName?: string;
  /** `EG_MAX_KERNELS_PER_USER`. */
  readonly maxKernelsPerUser: number;
  /** `EG_MAX_KERNELS`; undefined: no limit. */
  readonly maxKernels?: number;
}

/** Where and how kernels run. */
export interface GatewayKernelsModel {
  readonly mode: KernelNamespaces;
  /** Name of the kernel namespace created with the gateway (`KernelNamespaces.DEDICATED` only). */
  readonly dedicatedNamespace?: string;
  /** Namespace every kernel runs in (undefined with `KernelNamespaces.PER_KERNEL`). */
  readonly namespace?: string;
  /** ClusterRole bound to the kernels' account in each per-kernel namespace (`EG_KERNEL_CLUSTER_ROLE`). */
  readonly clusterRole: string;
  /** API rights of kernel pods (per-kernel namespaces only). */
  readonly rules: readonly k8s.PolicyRule[];
  /** Service account of the kernel pods. */
  readonly serviceAccountName: string;
  /** Pull secrets of that account (shared kernel namespaces only). */
  readonly imagePullSecrets: readonly string[];
  /** Whether kernel pods get an API token (only when they are given API rights). */
  readonly apiToken: boolean;
  /** Whether kernels reach public addresses. */
  readonly internetAccess: boolean;
  /** More egress rules of the kernels' NetworkPolicy. */
  readonly egress: readonly k8s.NetworkPolicyEgressRule[];
  /** The kernel specs given in the props. */
  readonly specs: readonly KernelSpec[];
  /** A claim with kernelspec directories, instead of KernelSpec ConfigMaps. */
  readonly specsStorage?: INfsStorage;
  /** An image with kernelspec directories (`/kernels`), instead of KernelSpec ConfigMaps. */
  readonly specsImage?: { readonly image: string; readonly pullPolicy?: string };
}

/** The resolved EnterpriseGateway. */
export interface EnterpriseGatewayModel extends GatewayWorkloadsModel {
  /** Name of the Deployment and Service, and prefix of the other objects' names. */
  readonly name: string;
  /** Namespace of the gateway. */
  readonly namespace: string;
  /** Port of the HTTP API. */
  readonly port: number;
  /** Port of the kernels' connection info. */
  readonly responsePort: number;
  /** URL user servers reach the gateway at. */
  readonly url: string;
  /** Labels of the gateway pods and of most of its objects. */
  readonly podLabels: { readonly [key: string]: string };
  /** The gateway's ServiceAccount. */
  readonly serviceAccountName: string;
  /** The token Secret, in the gateway's namespace and in each hub's. */
  readonly tokenSecretName: string;
  /** Whether the user provides the token Secret in the gateway's namespace (else it is generated). */
  readonly tokenSecretProvided: boolean;
  readonly serviceType: kplus.ServiceType;
  /** Whether the gateway and its kernels get NetworkPolicies. */
  readonly networkPolicy: boolean;
  /** Users the gateway front lets reach every kernel. */
  readonly adminUsers: readonly string[];
  /** An Ingress to the (one) hub's gateway front. */
  readonly ingress?: GatewayIngressModel;
  readonly kernels: GatewayKernelsModel;
  readonly deployment: GatewayDeploymentModel;
}

/** A hub whose users' servers use the gateway. */
export interface BoundHub {
  readonly namespace: string;
  readonly podLabels: { readonly [key: string]: string };
  /** Labels of the hub's gateway front, the gateway API's only client from that hub. */
  readonly frontPodLabels: { readonly [key: string]: string };
}

/** Each admin is a user name the hub can have: not empty, no control characters, no duplicates. */
function checkAdminUsers(users: readonly string[]): readonly string[] {
  users.forEach((u, i) => {
    if (u.length === 0 || u.length > 255 || /[\x00-\x1f\x7f]/.test(u))
      fail(`kernelAdminUsers[${i}]`, u, 'must be a JupyterHub user name: 1-255 characters, no control characters');
    if (users.indexOf(u) !== i) fail(`kernelAdminUsers[${i}]`, u, 'is listed twice: list each admin once');
  });
  return [...users];
}

/** What is bound to a gateway after its model is resolved: the kernel specs it offers and the hubs it serves. */
export interface GatewayBindings {
  readonly specs: readonly KernelSpec[];
  readonly hubs: readonly BoundHub[];
}

/**
 * Validates the props (in the order the gateway always has) and resolves them.
 * @param namespace the namespace the gateway is created in (`Namespace.of`)
 */
export function resolveEnterpriseGatewayModel(
  props: EnterpriseGatewayProps,
  namespace: string | undefined,
): EnterpriseGatewayModel {
  const name = checkDns1035Label('name', props.name ?? 'enterprise-gateway');
  if (!namespace) {
    fail(
      'namespace',
      undefined,
      "the gateway must know its namespace (EG_NAMESPACE): create it inside a Namespace construct or a Chart with 'namespace'",
    );
  }
  const port = checkPort('port', props.port ?? 8888);
  const responsePort = checkPort('responsePort', props.responsePort ?? 8877);
  if (responsePort === port)
    fail(
      'responsePort',
      responsePort,
      `must differ from 'port' (${port}): the API and kernel responses need two ports`,
    );
  const kernels = resolveKernels(props, name, namespace);
  return {
    name,
    namespace,
    port,
    responsePort,
    url: `http://${name}.${namespace}:${port}`,
    podLabels: gatewayLabels(name, 'enterprise-gateway'),
    serviceAccountName: checkDnsSubdomain('serviceAccountName', props.serviceAccountName ?? `${name}-sa`),
    tokenSecretName: checkDnsSubdomain('authTokenSecretName', props.authTokenSecretName ?? `${name}-token`),
    tokenSecretProvided: props.authTokenSecretName !== undefined,
    kernels,
    deployment: resolveDeployment(props),
    serviceType: checkServiceType('serviceType', props.serviceType ?? kplus.ServiceType.CLUSTER_IP),
    networkPolicy: props.networkPolicy ?? true,
    adminUsers: checkAdminUsers(props.kernelAdminUsers ?? []),
    ingress: resolveGatewayIngress(props.ingress),
    ...resolveGatewayWorkloads(props, name),
  };
}

function resolveKernels(props: EnterpriseGatewayProps, name: string, namespace: string): GatewayKernelsModel {
  const mode = props.kernelNamespaces ?? KernelNamespaces.DEDICATED;
  const clusterRole = checkKernelOptions(props, mode);
  const specsStorage = checkSpecsStorage(props, namespace);
  const specsImage = checkSpecsImage(props);
  const dedicatedNamespace =
    mode === KernelNamespaces.DEDICATED
      ? checkDnsLabel('kernelNamespaceName', props.kernelNamespaceName ?? `${namespace}-kernels`)
      : undefined;
  const rules = props.kernelRules ?? [];
  return {
    mode,
    dedicatedNamespace,
    namespace: mode === KernelNamespaces.PER_KERNEL ? undefined : (dedicatedNamespace ?? namespace),
    clusterRole,
    rules,
    serviceAccountName: kernelServiceAccount(props, mode, name),
    imagePullSecrets: kernelPullSecrets(props, mode),
    apiToken: rules.length > 0,
    internetAccess: props.kernelInternetAccess ?? false,
    egress: props.kernelEgress ?? [],
    specs: props.kernelSpecs ?? [],
    specsStorage,
    specsImage,
  };
}

/** The kernels' ServiceAccount: only `default` exists in a namespace the gateway makes per kernel. */
function kernelServiceAccount(props: EnterpriseGatewayProps, mode: KernelNamespaces, name: string): string {
  const given = props.kernelServiceAccountName;
  if (given === undefined) return mode === KernelNamespaces.PER_KERNEL ? 'default' : `${name}-kernel`;
  checkDnsSubdomain('kernelServiceAccountName', given);
  // k8s.py at 3.3.0, 351-374: the gateway creates each kernel's namespace and binds the kernel
  // ClusterRole to this account there (402-420), but creates no account: only 'default' is there.
  if (mode === KernelNamespaces.PER_KERNEL && given !== 'default')
    fail(
      'kernelServiceAccountName',
      given,
      "must be 'default' with KernelNamespaces.PER_KERNEL: each kernel's namespace is created new and holds no other account",
    );
  return given;
}

/** The kernels' pull secrets: on their ServiceAccount, which only a shared kernel namespace has. */
function kernelPullSecrets(props: EnterpriseGatewayProps, mode: KernelNamespaces): readonly string[] {
  const given = props.kernelImagePullSecrets ?? [];
  given.forEach((n, i) => checkDnsSubdomain(`kernelImagePullSecrets[${i}]`, n));
  if (new Set(given).size !== given.length)
    fail('kernelImagePullSecrets', given, 'lists a Secret twice: list each once');
  if (given.length > 0 && mode === KernelNamespaces.PER_KERNEL)
    fail(
      'kernelImagePullSecrets',
      given,
      "needs a shared kernel namespace: with KernelNamespaces.PER_KERNEL each kernel's namespace is created new, without the Secrets",
    );
  return [...given];
}

/** Kernelspecs from an image: exclusive with the other two sources. */
function checkSpecsImage(props: EnterpriseGatewayProps): GatewayKernelsModel['specsImage'] {
  const image = props.kernelSpecsImage;
  if (image === undefined) {
    if (props.kernelSpecsImagePullPolicy !== undefined)
      fail(
        'kernelSpecsImagePullPolicy',
        props.kernelSpecsImagePullPolicy,
        "is the policy of 'kernelSpecsImage': set that or remove it",
      );
    return undefined;
  }
  checkPinnedImage('kernelSpecsImage', image);
  for (const [other, given] of [
    ['kernelSpecs', props.kernelSpecs],
    ['kernelSpecsStorage', props.kernelSpecsStorage],
  ] as const)
    if (given !== undefined)
      fail(
        'kernelSpecsImage',
        image,
        `conflicts with '${other}': kernelspecs come from one source (KernelSpec ConfigMaps, a claim or an image)`,
      );
  const policy = props.kernelSpecsImagePullPolicy;
  const policies = Object.values(PullPolicy) as string[];
  if (policy !== undefined && !policies.includes(policy))
    fail('kernelSpecsImagePullPolicy', policy, `must be one of ${policies.join(', ')} (PullPolicy)`);
  return { image, pullPolicy: policy };
}

/** Checks the kernel-namespace props; returns the kernel ClusterRole's name. */
function checkKernelOptions(props: EnterpriseGatewayProps, mode: KernelNamespaces): string {
  const perKernel = mode === KernelNamespaces.PER_KERNEL;
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
  if (props.kernelNamespaceName !== undefined && mode !== KernelNamespaces.DEDICATED) {
    fail(
      'kernelNamespaceName',
      props.kernelNamespaceName,
      "names the dedicated kernel namespace: remove it, or use 'kernelNamespaces: KernelNamespaces.DEDICATED'",
    );
  }
  return checkDnsLabel('kernelClusterRoleName', props.kernelClusterRoleName ?? 'kernel-controller');
}

function checkSpecsStorage(props: EnterpriseGatewayProps, namespace: string): INfsStorage | undefined {
  if (props.kernelSpecs && props.kernelSpecsStorage) {
    fail(
      'kernelSpecsStorage',
      props.kernelSpecsStorage.node.path,
      "conflicts with 'kernelSpecs': kernelspecs come either from KernelSpec ConfigMaps or from a claim, not both",
    );
  }
  if (props.kernelSpecsStorage && props.kernelSpecsStorage.namespace !== namespace) {
    fail(
      'kernelSpecsStorage',
      props.kernelSpecsStorage.node.path,
      `must be a claim in the gateway's namespace '${namespace}'`,
    );
  }
  return props.kernelSpecsStorage;
}

function resolveDeployment(props: EnterpriseGatewayProps): GatewayDeploymentModel {
  const containerResources = resources('resources', props.resources, {
    cpuRequest: '500m',
    cpuLimit: '1',
    memoryRequest: Size.gibibytes(1),
    memoryLimit: Size.gibibytes(2),
  });
  const cullIdleTimeoutSeconds = checkSeconds('cullIdleTimeout', props.cullIdleTimeout ?? Duration.hours(1));
  const kernelLaunchTimeoutSeconds = checkSeconds(
    'kernelLaunchTimeout',
    props.kernelLaunchTimeout ?? Duration.seconds(60),
  );
  return {
    resources: containerResources,
    cullIdleTimeoutSeconds,
    kernelLaunchTimeoutSeconds,
    terminationGracePeriodSeconds: checkSeconds(
      'terminationGracePeriod',
      props.terminationGracePeriod ?? Duration.seconds(60),
    ),
    image: checkPinnedImage('image', props.image ?? GATEWAY.image),
    replicas: checkPositiveInt('replicas', props.replicas ?? 1),
    placement: props.nodePool?.podPlacement(),
    mirrorWorkingDirs: props.mirrorWorkingDirs ?? false,
    cullConnected: props.cullConnected ?? false,
    logLevel: props.logLevel ?? GatewayLogLevel.INFO,
    allowedKernels: props.allowedKernels,
    defaultKernelName: props.defaultKernelName,
    ...kernelLimits(props),
  };
}

/** The per-user and total kernel limits, checked against each other. */
function kernelLimits(props: EnterpriseGatewayProps): { maxKernelsPerUser: number; maxKernels?: number } {
  const maxKernels = props.maxKernels === undefined ? undefined : checkPositiveInt('maxKernels', props.maxKernels);
  const maxKernelsPerUser = checkPositiveInt('maxKernelsPerUser', props.maxKernelsPerUser ?? 4);
  if (maxKernels !== undefined && maxKernelsPerUser > maxKernels)
    fail('maxKernelsPerUser', maxKernelsPerUser, `must be at most 'maxKernels' (${maxKernels})`);
  return { maxKernelsPerUser, maxKernels };
}
