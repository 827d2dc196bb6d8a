import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { HubIntegrationConfig, IHub, IHubIntegration } from '../hub/hub-integration';
import { addAppChecks } from '../core/app-checks';
import { HubBinding } from '../hub/hub-binding';
import { checkProps } from '../core/check-props';
import { API_SERVER_PORTS } from '../core/constants';
import {
  checksum,
  clusterMeta,
  clusterScoped,
  dnsEgress,
  objectMeta,
  resources,
  restrictedContainer,
  restrictedPod,
  selectorLabels,
  tcpPorts,
} from '../core/k8s';
import { checkHubNamespace, clusterName, denyAllPolicy, disruptionBudget, NOBODY, schedulerImage } from './scheduling';
import { checkPositiveInt, fail } from '../core/validate';

/** Props of {@link UserScheduler}. */
export interface UserSchedulerProps {
  /**
   * Replicas (one leads, the others wait; a PodDisruptionBudget keeps one up during drains).
   * @default 2
   */
  readonly replicas?: number;

  /**
   * The cluster's Kubernetes minor version, `'1.N'` (the server version of `kubectl version`), from
   * 1.27 to 1.36 (the versions this library supports). It picks the pinned kube-scheduler of that
   * minor: Kubernetes' version skew policy allows a kube-scheduler at most one minor older than
   * the API server and never newer. Set it to your cluster's version, and change it when you
   * upgrade the cluster (after the control plane).
   * @default '1.27' (the oldest supported version: kube-scheduler v1.27.16)
   */
  readonly kubernetesVersion?: string;

  /**
   * kube-scheduler image, pinned, instead of the one `kubernetesVersion` picks (e.g. a mirror).
   * When it is a kube-scheduler release (`.../kube-scheduler:v1.N.P`) and `kubernetesVersion` is
   * set, it must be within skew of it: the same minor or one older.
   * @default - the kube-scheduler of `kubernetesVersion`
   */
  readonly image?: string;

  /**
   * Resources of the scheduler container.
   * @default - requests 50m CPU and 256Mi memory; limits 1 CPU and 512Mi
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * kube-scheduler's log verbosity (`--v`).
   * @default 4 (Zero to JupyterHub's)
   */
  readonly logLevel?: number;
}

/**
 * The score plugins and weights Zero to JupyterHub's user scheduler uses (z2jh 4.4.0
 * jupyterhub/values.yaml:460-509, `scheduling.userScheduler`). Valid for every kube-scheduler of
 * `KUBE_SCHEDULER_IMAGES` (scheduling.ts): `kubescheduler.config.k8s.io/v1` is served from 1.25 on (and is
 * the only version from 1.29 on: v1beta2 went in 1.28, v1beta3 in 1.29), and these five are
 * in-tree score plugins of every minor from 1.27 to 1.36, `NodeResourcesFit`'s `MostAllocated`
 * strategy included.
 */
const PACKING_PROFILE = {
  plugins: {
    score: {
      // Disabled to re-enable with new weights; NodeResourcesBalancedAllocation would work against packing.
      disabled: [
        { name: 'NodeResourcesBalancedAllocation' },
        { name: 'NodeAffinity' },
        { name: 'InterPodAffinity' },
        { name: 'NodeResourcesFit' },
        { name: 'ImageLocality' },
      ],
      enabled: [
        { name: 'NodeAffinity', weight: 14631 },
        { name: 'InterPodAffinity', weight: 1331 },
        { name: 'NodeResourcesFit', weight: 121 },
        { name: 'ImageLocality', weight: 11 },
      ],
    },
  },
  // MostAllocated instead of the default LeastAllocated: fill the busiest node first.
  pluginConfig: [
    {
      name: 'NodeResourcesFit',
      args: {
        scoringStrategy: {
          type: 'MostAllocated',
          resources: [
            { name: 'cpu', weight: 1 },
            { name: 'memory', weight: 1 },
          ],
        },
      },
    },
  ],
};

const CONFIG_DIR = '/etc/user-scheduler';
const HEALTH_PORT = 10259;

/**
 * A user scheduler, as Zero to JupyterHub's: kube-scheduler with a profile that packs user pods
 * onto the busiest nodes (`NodeResourcesFit` with `MostAllocated`), so that a cluster autoscaler
 * can remove the nodes that empty out. The hub's user servers (and its {@link UserPlaceholders})
 * are scheduled by it; every other pod keeps the default scheduler. Its scheduler name,
 * `<namespace>-<release>-user-scheduler`, is unique in the cluster, so two hubs' schedulers never
 * schedule each other's pods.
 *
 * Least privilege: a ClusterRole of reads only (nodes, pods, volumes, storage and DRA objects:
 * what it scores with) plus persistent volume binding (PVs are cluster-scoped), and a Role in
 * the hub's namespace for everything it writes: binding pods, their status, evicting (preempting)
 * pods, claims, events and its leader-election lease. Unlike kube-scheduler's own role it can
 * bind and preempt pods in the hub's namespace only. Non-root, read-only root, no capabilities,
 * probes on its secure health port.
 *
 * @example
 * hub.addIntegration(new UserScheduler(chart, 'user-scheduler', { kubernetesVersion: '1.33' }));
 */
export class UserScheduler extends Construct implements IHubIntegration {
  private readonly binding: HubBinding;
  private readonly replicas: number;
  private readonly logLevel: number;
  private readonly image: string;
  private readonly resources?: kplus.ContainerResources;
  private bound?: { readonly schedulerName: string; readonly deployment: k8s.KubeDeployment };

  public constructor(scope: Construct, id: string, props: UserSchedulerProps = {}) {
    checkProps('UserSchedulerProps', props);
    super(scope, id);
    addAppChecks(this);
    this.binding = new HubBinding(this, 'UserScheduler');
    this.replicas = checkPositiveInt('replicas', props.replicas ?? 2);
    this.logLevel = props.logLevel ?? 4;
    if (!Number.isInteger(this.logLevel) || this.logLevel < 0 || this.logLevel > 10)
      fail('logLevel', this.logLevel, 'must be a whole number from 0 to 10');
    this.image = schedulerImage(props);
    this.resources = props.resources;
  }

  /** The scheduler name the user pods name (`schedulerName`); known once the scheduler is added to a hub. */
  public get schedulerName(): string {
    return this.objects().schedulerName;
  }

  /** The scheduler's Deployment; made when the scheduler is added to a hub. */
  public get deployment(): k8s.KubeDeployment {
    return this.objects().deployment;
  }

  /** Creates the scheduler for the hub's namespace and makes the hub's user servers name it. */
  public bindToHub(hub: IHub): HubIntegrationConfig {
    checkProps('UserScheduler#bindToHub', { hub });
    this.binding.bind(hub);
    checkHubNamespace(this, hub, 'user scheduler');
    const schedulerName = clusterName(hub, 'user scheduler', 'user-scheduler');
    this.bound = { schedulerName, deployment: this.createObjects(schedulerName) };
    return { singleUserScheduling: { schedulerName } };
  }

  private objects(): { readonly schedulerName: string; readonly deployment: k8s.KubeDeployment } {
    if (this.bound === undefined) return this.binding.hub as never; // throws: not added to a hub yet
    return this.bound;
  }

  private get hub(): IHub {
    return this.binding.hub;
  }

  private get name(): string {
    return `${this.hub.namePrefix}user-scheduler`;
  }

  private get labels(): { [key: string]: string } {
    return selectorLabels(this.hub.release, 'user-scheduler');
  }

  private createObjects(schedulerName: string): k8s.KubeDeployment {
    const config = this.createConfigMap(schedulerName);
    this.createRbac(schedulerName);
    const deployment = this.createDeployment(this.replicas, this.image, this.logLevel, config, this.resources);
    if (this.replicas > 1) disruptionBudget(this, 'DisruptionBudget', this.name, this.labels, this.labels);
    // It talks to the API server only; nothing talks to it (the kubelet's probes are not subject to policies).
    denyAllPolicy(this, this.name, this.labels, [dnsEgress(), { ports: tcpPorts(...API_SERVER_PORTS) }]);
    return deployment;
  }

  private get lockName(): string {
    return `${this.hub.namePrefix}user-scheduler-lock`;
  }

  private createConfigMap(schedulerName: string): string {
    const config = {
      apiVersion: 'kubescheduler.config.k8s.io/v1',
      kind: 'KubeSchedulerConfiguration',
      leaderElection: { resourceLock: 'leases', resourceName: this.lockName, resourceNamespace: this.hub.namespace },
      profiles: [{ schedulerName, ...PACKING_PROFILE }],
    };
    const text = JSON.stringify(config, null, 2) + '\n';
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: objectMeta(this, this.name, this.labels),
      data: { 'config.json': text },
    });
    return text;
  }

  private createRbac(schedulerName: string): void {
    const clusterRules = schedulerClusterRules();
    const namespaceRules = schedulerNamespaceRules(this.lockName);
    const subjects = [{ kind: 'ServiceAccount', name: this.name, namespace: this.hub.namespace }];
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: objectMeta(this, this.name, this.labels),
      automountServiceAccountToken: true,
    });
    const clusterRole = schedulerName;
    clusterScoped(
      new k8s.KubeClusterRole(this, 'ClusterRole', {
        metadata: clusterMeta(clusterRole, this.labels),
        rules: clusterRules,
      }),
    );
    clusterScoped(
      new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: clusterMeta(clusterRole, this.labels),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
        subjects,
      }),
    );
    new k8s.KubeRole(this, 'Role', { metadata: objectMeta(this, this.name, this.labels), rules: namespaceRules });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: objectMeta(this, this.name, this.labels),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.name },
      subjects,
    });
  }

  private createDeployment(
    replicas: number,
    image: string,
    logLevel: number,
    config: string,
    given?: kplus.ContainerResources,
  ): k8s.KubeDeployment {
    return new k8s.KubeDeployment(this, 'Resource', {
      metadata: objectMeta(this, this.name, this.labels),
      spec: {
        replicas,
        selector: { matchLabels: this.labels },
        template: {
          metadata: { labels: this.labels, annotations: { 'checksum/config-map': checksum(config) } },
          spec: {
            serviceAccountName: this.name,
            automountServiceAccountToken: true,
            enableServiceLinks: false,
            securityContext: restrictedPod(),
            containers: [schedulerContainer(image, logLevel, given)],
            volumes: [
              { name: 'config', configMap: { name: this.name, defaultMode: 0o444 } },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
      },
    });
  }
}

/** What kube-scheduler reads and writes cluster-wide (nodes, volumes, storage, delegated auth). */
function schedulerClusterRules(): k8s.PolicyRule[] {
  const read = ['get', 'list', 'watch'];
  return [
    {
      apiGroups: [''],
      resources: [
        'nodes',
        'pods',
        'namespaces',
        'services',
        'replicationcontrollers',
        'persistentvolumeclaims',
        'persistentvolumes',
      ],
      verbs: read,
    },
    // Binding a claim to a volume (WaitForFirstConsumer) updates the cluster-scoped volume.
    { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['patch', 'update'] },
    { apiGroups: ['apps'], resources: ['replicasets', 'statefulsets'], verbs: read },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: read },
    {
      apiGroups: ['storage.k8s.io'],
      resources: ['storageclasses', 'csinodes', 'csidrivers', 'csistoragecapacities', 'volumeattachments'],
      verbs: read,
    },
    { apiGroups: ['resource.k8s.io'], resources: ['deviceclasses', 'resourceclaims', 'resourceslices'], verbs: read },
    // Delegated authentication and authorization of requests to its health port.
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  ];
}

/** What kube-scheduler writes in the hub's namespace: events, its lease, bindings, preemption. */
function schedulerNamespaceRules(lockName: string): k8s.PolicyRule[] {
  return [
    { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    {
      apiGroups: ['coordination.k8s.io'],
      resources: ['leases'],
      resourceNames: [lockName],
      verbs: ['get', 'list', 'update', 'watch'],
    },
    {
      apiGroups: ['coordination.k8s.io'],
      resources: ['leasecandidates'],
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    },
    { apiGroups: [''], resources: ['bindings', 'pods/binding'], verbs: ['create'] },
    { apiGroups: [''], resources: ['pods/status'], verbs: ['patch', 'update'] },
    // Preemption: a user server evicts a placeholder (of this namespace only).
    { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
    { apiGroups: [''], resources: ['pods/finalizers'], verbs: ['update'] },
    { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['patch', 'update'] },
    {
      apiGroups: ['resource.k8s.io'],
      resources: ['resourceclaims', 'resourceclaims/status', 'resourceclaims/binding'],
      verbs: ['patch', 'update'],
    },
  ];
}

/** The kube-scheduler container: its config from the ConfigMap, health on HTTPS. */
function schedulerContainer(image: string, logLevel: number, given?: kplus.ContainerResources): k8s.Container {
  const probe = (o: { initialDelaySeconds?: number }): k8s.Probe => ({
    httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(HEALTH_PORT), scheme: 'HTTPS' },
    ...o,
    periodSeconds: 10,
    timeoutSeconds: 3,
  });
  return {
    name: 'kube-scheduler',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: [
      '/usr/local/bin/kube-scheduler',
      `--config=${CONFIG_DIR}/config.json`,
      // Avoids a harmless but noisy lookup error (z2jh #1894).
      '--authentication-skip-lookup=true',
      `--v=${logLevel}`,
    ],
    ports: [{ name: 'https', containerPort: HEALTH_PORT, protocol: 'TCP' }],
    livenessProbe: probe({ initialDelaySeconds: 15 }),
    readinessProbe: probe({}),
    resources: resources('resources', given, {
      cpuRequest: '50m',
      cpuLimit: '1',
      memoryRequest: Size.mebibytes(256),
      memoryLimit: Size.mebibytes(512),
    }),
    securityContext: restrictedContainer(NOBODY, NOBODY, true),
    volumeMounts: [
      { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
}
