import { Lazy } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { HubIntegrationConfig, IHub, IHubIntegration } from '../hub/hub-integration';
import { addAppChecks } from '../core/app-checks';
import { HubBinding } from '../hub/hub-binding';
import { checkProps } from '../core/check-props';
import { clusterMeta, clusterScoped, objectMeta, restrictedPod, selectorLabels } from '../core/k8s';
import { pullSecretsField } from '../core/pull-secrets';
import type { WorkloadOptions } from '../core/workload-options';
import { checkHubNamespace, clusterName, denyAllPolicy, userPlacement } from './scheduling';
import type { ContainerSecurityOptions } from '../core/container-security';
import { withWorkload } from './scheduling-options';
import { placeholderResources, resolvePlaceholders, UserPlaceholdersModel } from './user-placeholders-model';

/** Props of {@link UserPlaceholders}. */
export interface UserPlaceholdersProps {
  /**
   * How many user servers' worth of room to keep free (scale it before a class starts:
   * `kubectl scale deployment user-placeholder --replicas=30`; a re-apply sets it back).
   */
  readonly replicas: number;

  /**
   * Priority of the user pods (and the image pre-puller's, unless it has a `priority` of its
   * own); above the placeholders'. Zero to JupyterHub gives its `defaultPriority` class to the
   * hub and proxy too; here they keep theirs.
   * @default 0 (Zero to JupyterHub's `defaultPriority`)
   */
  readonly userPriority?: number;

  /**
   * Priority of the placeholders; below the users', and at or above a cluster autoscaler's
   * priority cutoff (-10 by default) so that pending placeholders still make it add nodes.
   * @default -10 (Zero to JupyterHub's `userPlaceholderPriority`)
   */
  readonly placeholderPriority?: number;

  /**
   * The placeholders' image, pinned to a tag or digest (e.g. a mirror of `pause`). It must keep
   * running as a non-root user with a read-only root and do nothing.
   * @default 'registry.k8s.io/pause:3.10.2'
   */
  readonly image?: string;

  /**
   * Resources of each placeholder, instead of one user server's: the room each keeps free (e.g.
   * when user servers burst above their guarantees). A field left out is the user server's, but
   * a request given without its limit is its own limit (the server's may be lower).
   * @default - what one user server requests and is limited to (a CPU request of 1m without one)
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Options of the placeholder pods: labels, annotations, node selector and tolerations (added to
   * the users' placement), image pull secrets and policy, the ReplicaSets kept. Not
   * `priorityClassName` (the placeholders run at `placeholderPriority`) nor `extraEnv`.
   * @default - none
   */
  readonly workload?: WorkloadOptions;

  /**
   * The user and group the placeholder container runs as (the rest stays restricted).
   * @default - nobody (65534:65534)
   */
  readonly containerSecurity?: ContainerSecurityOptions;
}

/**
 * User placeholders, as Zero to JupyterHub's: pods of the `pause` image that request exactly what
 * a user server does and sit on the user nodes (same node selector, affinity and tolerations,
 * and the user scheduler if there is one) at a lower priority. A user server that finds no room
 * preempts a placeholder at once instead of waiting for a new node; the evicted placeholder goes
 * pending, and a cluster autoscaler adds a node for it ahead of the next users.
 *
 * Two PriorityClasses make it work: `<namespace>-<release>-default-priority` (0) for the user
 * servers (set as KubeSpawner's `priority_class_name`) and
 * `<namespace>-<release>-user-placeholder-priority` (-10) for the placeholders. Being
 * cluster-scoped, they are named after the hub's namespace and release, so two hubs never
 * share or overwrite them.
 *
 * @example
 * hub.addIntegration(new UserPlaceholders(chart, 'placeholders', { replicas: 5 }));
 */
export class UserPlaceholders extends Construct implements IHubIntegration {
  private readonly binding: HubBinding;
  private readonly model: UserPlaceholdersModel;
  private bound?: {
    readonly userPriorityClassName: string;
    readonly placeholderPriorityClassName: string;
    readonly deployment: k8s.KubeDeployment;
  };

  public constructor(scope: Construct, id: string, props: UserPlaceholdersProps) {
    checkProps('UserPlaceholdersProps', props);
    super(scope, id);
    addAppChecks(this);
    this.binding = new HubBinding(this, 'UserPlaceholders');
    this.model = resolvePlaceholders(props);
  }

  /** Name of the user pods' PriorityClass; known once the placeholders are added to a hub. */
  public get userPriorityClassName(): string {
    return this.objects().userPriorityClassName;
  }

  /** Name of the placeholders' PriorityClass; known once the placeholders are added to a hub. */
  public get placeholderPriorityClassName(): string {
    return this.objects().placeholderPriorityClassName;
  }

  /** The placeholders' Deployment; made when the placeholders are added to a hub. */
  public get deployment(): k8s.KubeDeployment {
    return this.objects().deployment;
  }

  /** Creates the placeholders for the hub and gives its user servers the users' PriorityClass. */
  public bindToHub(hub: IHub): HubIntegrationConfig {
    checkProps('UserPlaceholders#bindToHub', { hub });
    this.binding.bind(hub);
    checkHubNamespace(this, hub, 'user placeholders');
    const userPriorityClassName = clusterName(hub, 'PriorityClass', 'default-priority');
    const placeholderPriorityClassName = clusterName(hub, 'PriorityClass', 'user-placeholder-priority');
    const labels = selectorLabels(hub.release, 'user-placeholder');
    this.priorityClass(
      'DefaultPriority',
      userPriorityClassName,
      this.model.userPriority,
      'User servers of this hub (and its image pre-puller): above its user placeholders, so they preempt them.',
      labels,
    );
    this.priorityClass(
      'PlaceholderPriority',
      placeholderPriorityClassName,
      this.model.placeholderPriority,
      "User placeholders of this hub: below its user servers, so they are evicted first; at or above a cluster autoscaler's cutoff, so pending ones add nodes.",
      labels,
    );
    const name = `${hub.namePrefix}user-placeholder`;
    const deployment = this.createDeployment(hub, name, labels, placeholderPriorityClassName);
    denyAllPolicy(this, name, labels);
    this.bound = { userPriorityClassName, placeholderPriorityClassName, deployment };
    return { singleUserScheduling: { priorityClassName: userPriorityClassName } };
  }

  private objects(): NonNullable<UserPlaceholders['bound']> {
    if (this.bound === undefined) return this.binding.hub as never; // throws: not added to a hub yet
    return this.bound;
  }

  private priorityClass(
    id: string,
    name: string,
    value: number,
    description: string,
    labels: { [key: string]: string },
  ): void {
    clusterScoped(
      new k8s.KubePriorityClass(this, id, {
        // The description as the well-known annotation: the schema checkers' strict reader does not know PriorityClass.description.
        metadata: { ...clusterMeta(name, labels), annotations: { 'kubernetes.io/description': description } },
        value,
        globalDefault: false,
      }),
    );
  }

  private createDeployment(
    hub: IHub,
    name: string,
    labels: { [key: string]: string },
    placeholderPriorityClassName: string,
  ): k8s.KubeDeployment {
    const m = this.model;
    return new k8s.KubeDeployment(this, 'Resource', {
      metadata: objectMeta(this, name, labels),
      spec: withWorkload(m.workload, {
        replicas: m.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            ...userPlacement(hub),
            priorityClassName: placeholderPriorityClassName,
            schedulerName: Lazy.any({ produce: () => hub.userPods().schedulerName }) as unknown as string,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 0,
            securityContext: restrictedPod(),
            // The hub's pull secrets first (its namespace's), then `workload.imagePullSecrets`.
            ...pullSecretsField(hub.imagePullSecrets),
            containers: [
              {
                name: 'pause',
                image: m.image,
                imagePullPolicy: 'IfNotPresent',
                // What a user server requests: the room it keeps is one server's.
                resources: placeholderResources(hub.userPods().resources, m.resources),
                securityContext: m.securityContext,
              },
            ],
          },
        },
      }),
    });
  }
}
