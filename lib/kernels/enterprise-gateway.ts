import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { Namespace } from '../core/namespace';
import { PodSecurityLevel } from '../core/pod-security';
import type { IPrePullSource, PrePullSpec } from '../core/pre-pull';
import type { IRuntimePodSource, RuntimePods } from '../core/runtime-pods';
import { fail } from '../core/validate';
import type { HubIntegrationConfig, IHub } from '../hub/hub-integration';
import type { IEnterpriseGateway } from './enterprise-gateway-interface';
import { BoundHub, EnterpriseGatewayModel, resolveEnterpriseGatewayModel } from './enterprise-gateway-model';
import type { EnterpriseGatewayProps } from './enterprise-gateway-props';
import { ExternalEnterpriseGateway, ExternalEnterpriseGatewayOptions } from './external-enterprise-gateway';
import { createGatewayDeployment } from './gateway-deployment';
import { gatewayFrontOf } from './gateway-front';
import { gatewayHubConfig, hubHomeErrors } from './gateway-hub-binding';
import { createNetworkPolicies, namespacedPeer } from './gateway-network-policies';
import { createGatewayRbac, createGatewayServiceAccount } from './gateway-rbac';
import { gatewayRuntimePods } from './gateway-runtime-pods';
import { createGatewayService } from './gateway-service';
import { createTokenInit, createTokenRole } from './gateway-token-init';
import { gatewayLabels, TOKEN_KEY } from './kernel-constants';
import { KernelHomeClaims } from './kernel-home-claims';
import { createKernelImagePuller } from './kernel-image-puller';
import { createKernelNamespace } from './kernel-namespace';
import type { KernelSpec } from './kernel-spec';
import { kernelGatewayContext, kernelSpecErrors, takeKernelSpec } from './kernel-spec-wiring';

/**
 * The gateway's own kernel-image-puller runs as root with a hostPath volume: only a namespace that
 * enforces `privileged` admits it. A Namespace of the library says so in its `podSecurity`; the
 * labels of any other namespace are the user's.
 */
function checkPullerNamespace(gateway: Construct, namespace: string): void {
  const level = Namespace.podSecurityOf(gateway);
  if (level === undefined || level === PodSecurityLevel.PRIVILEGED) return;
  fail(
    'kernelImagePuller',
    true,
    `runs as root with the node's containerd socket (a hostPath volume), which Pod Security '${level}' in namespace '${namespace}' rejects: pre-pull with the library's puller instead (new ImagePuller(scope, id, { source: gateway }): non-root, no host access), or create that Namespace with podSecurity: PodSecurityLevel.PRIVILEGED`,
  );
}

/**
 * Adds `commonLabels` to the metadata of every object under `scope` (idempotent: run again after
 * objects are added). Selectors keep the library's labels only.
 */
function labelObjects(scope: Construct, labels: { readonly [key: string]: string }): void {
  const entries = Object.entries(labels);
  if (entries.length === 0) return;
  for (const c of scope.node.findAll())
    if (c instanceof ApiObject) for (const [k, v] of entries) c.metadata.addLabel(k, v);
}

/**
 * Jupyter Enterprise Gateway on Kubernetes: the gateway Deployment and Service, its ServiceAccount
 * with only the rights it uses, kernels in a namespace of their own under Pod Security
 * `restricted`, a token generated in the cluster (never in the manifests) that every client must
 * send, NetworkPolicies for the gateway and its kernels, and the kernelspecs it offers, each with
 * a kernel pod template of the project's own. Plug it into a hub with `hub.addIntegration(gateway)`;
 * pre-pull its kernel images with `new ImagePuller(scope, id, { source: gateway })`.
 */
export class EnterpriseGateway extends Construct implements IEnterpriseGateway, IPrePullSource, IRuntimePodSource {
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
  /** The gateway Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /**
   * The kernel namespace created with the gateway (`KernelNamespaces.DEDICATED`), e.g. the scope
   * of its {@link NamespaceQuota}.
   */
  public readonly dedicatedKernelNamespace?: Namespace;

  private readonly model: EnterpriseGatewayModel;
  private readonly specs: KernelSpec[] = [];
  private readonly hubs: BoundHub[] = [];
  private readonly frontUrls = new Map<IHub, string>();
  private readonly homeClaims: KernelHomeClaims;

  public constructor(scope: Construct, id: string, props: EnterpriseGatewayProps = {}) {
    checkProps('EnterpriseGatewayProps', props);
    super(scope, id);
    // Whole-app checks (duplicate objects, overlapping selectors, nodePorts), once per app.
    addAppChecks(this);
    const model = resolveEnterpriseGatewayModel(props, Namespace.of(this));
    if (model.kernelImagePuller) checkPullerNamespace(this, model.namespace);
    this.model = model;
    this.namespace = model.namespace;
    this.serviceName = model.name;
    this.port = model.port;
    this.url = model.url;
    this.podLabels = { ...model.podLabels };
    this.authTokenSecretName = model.tokenSecretName;
    this.kernelNamespace = model.kernels.namespace;

    const bindings = { specs: this.specs, hubs: this.hubs };
    const kernelNs = createKernelNamespace(this, model);
    this.dedicatedKernelNamespace = kernelNs;
    const kernelScope = kernelNs ?? this;
    createGatewayServiceAccount(this, model);
    createGatewayRbac(this, kernelScope, model);
    createTokenInit(this, model, bindings);
    this.homeClaims = new KernelHomeClaims(this, kernelScope, model);
    for (const spec of model.kernels.specs) this.addKernelSpec(spec);
    this.deployment = createGatewayDeployment(this, model, bindings);
    createGatewayService(this, model);
    if (model.networkPolicy) createNetworkPolicies(this, kernelScope, model, bindings);
    if (model.kernelImagePuller) createKernelImagePuller(this, model);
    kernelNs?.orderBefore(this);
    labelObjects(this, model.commonLabels);
    this.node.addValidation({ validate: () => kernelSpecErrors(this.node.path, model, this.specs) });
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
    takeKernelSpec(this, this.model, this.specs, spec);
    this.specs.push(spec);
    spec._attachToGateway(kernelGatewayContext(this.model, spec, this.homeClaims));
  }

  /**
   * The kernels' images, for an `ImagePuller` in the gateway's namespace
   * (`new ImagePuller(gatewayNamespace, 'kernel-puller', { source: gateway })`), so the first
   * kernel on a node does not wait for its image. Kernel pods have no node selector, affinity,
   * tolerations, priority or pull secrets of their own (the kernel pod template sets none), so
   * neither has the puller: it runs on every node kernel pods may run on. `kernelImagePullSecrets`
   * live in the kernel namespace, not the puller's: private kernel images need pull secrets of the
   * puller's own. Nothing of it reaches the gateway.
   */
  public prePullSpec(): PrePullSpec {
    return {
      name: `${this.model.name}-kernel-puller`,
      labels: gatewayLabels(this.model.name, 'kernel-puller'),
      images: [...new Set(this.specs.map((s) => s.image))],
    };
  }

  /**
   * The kernels, for a {@link NamespaceQuota} of the kernel namespace: `maxKernels` per replica,
   * each the largest pod of the kernel specs. None for another namespace, and none with
   * `KernelNamespaces.PER_KERNEL` (each kernel's namespace is made at run time, without a quota).
   * @param namespace the quota's namespace
   * @throws if the gateway has no `maxKernels`, or its kernel specs come from `kernelSpecsStorage`.
   */
  public runtimePods(namespace?: string): RuntimePods[] {
    return gatewayRuntimePods(this.model, this.node.path, this.specs, namespace);
  }

  /** The gateway's pods, as seen from `fromNamespace`. */
  public egressPeer(fromNamespace?: string): k8s.NetworkPolicyPeer {
    return namespacedPeer(this.model.podLabels, this.namespace, fromNamespace);
  }

  /**
   * Sends the hub's users' kernels here, through a gateway front in the hub's namespace (a hub
   * service that identifies each server's own hub token and forces the verified user's name and
   * home on the kernels it starts, and lets each user reach only their own kernels):
   * `JUPYTER_GATEWAY_URL` (the front), the server's own token, the user's name and NFS home path
   * and the launch timeout for their servers, and egress to the front in their NetworkPolicy. The
   * gateway's token Secret is mirrored into the hub's namespace, for the front only.
   */
  /**
   * The URL of the gateway front a hub's users' servers are sent to (their `JUPYTER_GATEWAY_URL`),
   * once the gateway is given to that hub; undefined before, or for another hub.
   */
  public frontUrl(hub: IHub): string | undefined {
    return this.frontUrls.get(hub);
  }

  public bindToHub(hub: IHub): HubIntegrationConfig {
    if (hub.namespace === undefined) {
      fail(
        'hub',
        hub.node.path,
        "must know its namespace, so the gateway token can be copied there: create the hub inside a Namespace or a Chart with 'namespace'",
      );
    }
    if (this.model.ingress && this.hubs.length > 0)
      fail(
        'ingress',
        this.model.ingress.host,
        'leads to the gateway front of one hub, and this gateway is given to a second hub: make a gateway per hub, or leave out the Ingress',
      );
    const front = gatewayFrontOf(this.model, hub.namespace, this.hubs.length + 1);
    this.hubs.push({ namespace: hub.namespace, podLabels: hub.singleUserPodLabels, frontPodLabels: front.podLabels });
    this.frontUrls.set(hub, front.url);
    if (hub.namespace !== this.namespace)
      createTokenRole(this, this.model, `HubTokenInit${this.hubs.length}`, hub.namespace);
    const home = hub.sharedHome;
    this.node.addValidation({ validate: () => hubHomeErrors(this.specs, hub.node.path, home) });
    // The front's objects are in the hub's namespace (its hub service's token Secret is there).
    const frontScope = new Construct(hub as Construct, `${this.node.id}-${front.name}`);
    const config = gatewayHubConfig(frontScope, this.model, hub, front, home);
    labelObjects(this, this.model.commonLabels);
    labelObjects(frontScope, this.model.commonLabels);
    return config;
  }
}
