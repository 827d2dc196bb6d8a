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
  restrictedPod,
  selectorLabels,
  tcpPorts,
} from '../core/k8s';
import { pullSecretsField } from '../core/pull-secrets';
import { checkHubNamespace, clusterName, denyAllPolicy, disruptionBudget } from './scheduling';
import { withWorkload } from './scheduling-options';
import { schedulerClusterRules, schedulerNamespaceRules } from './user-scheduler-rbac';
import { resolveUserScheduler, UserSchedulerModel } from './user-scheduler-model';
import type { UserSchedulerProps } from './user-scheduler-props';

export type { UserSchedulerProps } from './user-scheduler-props';

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
  private readonly model: UserSchedulerModel;
  private bound?: { readonly schedulerName: string; readonly deployment: k8s.KubeDeployment };

  public constructor(scope: Construct, id: string, props: UserSchedulerProps = {}) {
    checkProps('UserSchedulerProps', props);
    super(scope, id);
    addAppChecks(this);
    this.binding = new HubBinding(this, 'UserScheduler');
    this.model = resolveUserScheduler(props);
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
    if (this.model.serviceAccountName === undefined) this.createRbac(schedulerName);
    const deployment = this.createDeployment(config);
    const budget = this.model.budget;
    if (budget) disruptionBudget(this, 'DisruptionBudget', this.name, this.labels, this.labels, budget);
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
      profiles: [{ schedulerName, ...this.model.profile }],
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
    const annotations = this.model.workload.serviceAccountAnnotations;
    const meta = objectMeta(this, this.name, this.labels);
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: Object.keys(annotations).length > 0 ? { ...meta, annotations: { ...annotations } } : meta,
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

  private createDeployment(config: string): k8s.KubeDeployment {
    const m = this.model;
    return new k8s.KubeDeployment(this, 'Resource', {
      metadata: objectMeta(this, this.name, this.labels),
      spec: withWorkload(m.workload, {
        replicas: m.replicas,
        selector: { matchLabels: this.labels },
        template: {
          metadata: { labels: this.labels, annotations: { 'checksum/config-map': checksum(config) } },
          spec: {
            serviceAccountName: m.serviceAccountName ?? this.name,
            automountServiceAccountToken: true,
            enableServiceLinks: false,
            securityContext: restrictedPod(),
            // The hub's pull secrets first (its namespace's), then `workload.imagePullSecrets`.
            ...pullSecretsField(this.hub.imagePullSecrets),
            containers: [schedulerContainer(m)],
            volumes: [
              { name: 'config', configMap: { name: this.name, defaultMode: 0o444 } },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
      }),
    });
  }
}

/** The kube-scheduler container: its config from the ConfigMap, health on HTTPS. */
function schedulerContainer(m: UserSchedulerModel): k8s.Container {
  const probe = (o: { initialDelaySeconds?: number }): k8s.Probe => ({
    httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(HEALTH_PORT), scheme: 'HTTPS' },
    ...o,
    periodSeconds: 10,
    timeoutSeconds: 3,
  });
  return {
    name: 'kube-scheduler',
    image: m.image,
    imagePullPolicy: 'IfNotPresent',
    command: [
      '/usr/local/bin/kube-scheduler',
      `--config=${CONFIG_DIR}/config.json`,
      // Avoids a harmless but noisy lookup error (z2jh #1894).
      '--authentication-skip-lookup=true',
      `--v=${m.logLevel}`,
    ],
    ports: [{ name: 'https', containerPort: HEALTH_PORT, protocol: 'TCP' }],
    livenessProbe: probe({ initialDelaySeconds: 15 }),
    readinessProbe: probe({}),
    resources: m.resources,
    securityContext: m.securityContext,
    volumeMounts: [
      { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
}
