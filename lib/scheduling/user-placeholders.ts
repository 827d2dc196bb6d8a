import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Hub } from '../hub/hub';
import type { HubIntegrationConfig, IHub, IHubIntegration } from '../hub/hub-integration';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import {
  clusterMeta,
  clusterScoped,
  objectMeta,
  restrictedContainer,
  restrictedPod,
  selectorLabels,
} from '../core/k8s';
import { checkHubNamespace, clusterName, denyAllPolicy, NOBODY, SCHEDULING_IMAGES, userPlacement } from './scheduling';
import { checkNonNegativeInt, fail } from '../core/validate';

/** Props of {@link UserPlaceholders}. */
export interface UserPlaceholdersProps {
  /** The hub whose users the placeholders keep room for. */
  readonly hub: Hub;

  /**
   * How many user servers' worth of room to keep free (scale it before a class starts:
   * `kubectl scale deployment user-placeholder --replicas=30`; a re-apply sets it back).
   */
  readonly replicas: number;

  /**
   * Priority of the user pods (and the image pre-puller's); above the placeholders'.
   * @default 0 (Zero to JupyterHub's `defaultPriority`)
   */
  readonly userPriority?: number;

  /**
   * Priority of the placeholders; below the users', and at or above a cluster autoscaler's
   * priority cutoff (-10 by default) so that pending placeholders still make it add nodes.
   * @default -10 (Zero to JupyterHub's `userPlaceholderPriority`)
   */
  readonly placeholderPriority?: number;
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
 * new UserPlaceholders(chart, 'placeholders', { hub, replicas: 5 });
 */
export class UserPlaceholders extends Construct implements IHubIntegration {
  /** Name of the user pods' PriorityClass. */
  public readonly userPriorityClassName: string;
  /** Name of the placeholders' PriorityClass. */
  public readonly placeholderPriorityClassName: string;
  /** The placeholders' Deployment. */
  public readonly deployment: k8s.KubeDeployment;

  private readonly hub: Hub;

  public constructor(scope: Construct, id: string, props: UserPlaceholdersProps) {
    checkProps('UserPlaceholdersProps', props);
    super(scope, id);
    addAppChecks(this);
    this.hub = props.hub;
    checkHubNamespace(this, this.hub, 'user placeholders');
    const replicas = checkNonNegativeInt('replicas', props.replicas);
    const userPriority = priority('userPriority', props.userPriority ?? 0);
    const placeholderPriority = priority('placeholderPriority', props.placeholderPriority ?? -10);
    if (placeholderPriority >= userPriority) {
      fail(
        'placeholderPriority',
        placeholderPriority,
        `must be below 'userPriority' (${userPriority}): user servers preempt only pods of a lower priority`,
      );
    }
    this.userPriorityClassName = clusterName(this.hub, 'PriorityClass', 'default-priority');
    this.placeholderPriorityClassName = clusterName(this.hub, 'PriorityClass', 'user-placeholder-priority');
    const labels = selectorLabels(this.hub.release, 'user-placeholder');
    this.priorityClass(
      'DefaultPriority',
      this.userPriorityClassName,
      userPriority,
      'User servers of this hub (and its image pre-puller): above its user placeholders, so they preempt them.',
      labels,
    );
    this.priorityClass(
      'PlaceholderPriority',
      this.placeholderPriorityClassName,
      placeholderPriority,
      "User placeholders of this hub: below its user servers, so they are evicted first; at or above a cluster autoscaler's cutoff, so pending ones add nodes.",
      labels,
    );
    const name = `${this.hub.namePrefix}user-placeholder`;
    this.deployment = this.createDeployment(name, labels, replicas);
    denyAllPolicy(this, name, labels);
    this.hub.addIntegration(this);
  }

  /** Gives the user servers the users' PriorityClass. */
  public bindToHub(_hub: IHub): HubIntegrationConfig {
    return { singleUserScheduling: { priorityClassName: this.userPriorityClassName } };
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

  private createDeployment(name: string, labels: { [key: string]: string }, replicas: number): k8s.KubeDeployment {
    const hub = this.hub;
    const su = hub._userPods().singleUser;
    const requests: { [name: string]: k8s.Quantity } = { memory: k8s.Quantity.fromNumber(su.memGuaranteeBytes) };
    if (su.cpuGuarantee !== undefined) requests.cpu = k8s.Quantity.fromNumber(su.cpuGuarantee);
    const limits: { [name: string]: k8s.Quantity } = {
      memory: k8s.Quantity.fromNumber(su.memLimitBytes ?? su.memGuaranteeBytes),
      cpu: k8s.Quantity.fromNumber(su.cpuLimit ?? su.cpuGuarantee ?? 0.1),
    };
    if (su.cpuGuarantee === undefined) requests.cpu = k8s.Quantity.fromString('1m');
    for (const [resource, n] of Object.entries(su.extras.extraResourceLimits))
      limits[resource] = k8s.Quantity.fromString(n);
    return new k8s.KubeDeployment(this, 'Resource', {
      metadata: objectMeta(this, name, labels),
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            ...userPlacement(hub),
            priorityClassName: this.placeholderPriorityClassName,
            schedulerName: Lazy.any({ produce: () => hub._userPods().schedulerName }) as unknown as string,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 0,
            securityContext: restrictedPod(),
            containers: [
              {
                name: 'pause',
                image: SCHEDULING_IMAGES.pause,
                imagePullPolicy: 'IfNotPresent',
                // What a user server requests: the room it keeps is one server's.
                resources: { requests, limits },
                securityContext: restrictedContainer(NOBODY, NOBODY, true),
              },
            ],
          },
        },
      },
    });
  }
}

function priority(prop: string, value: number): number {
  if (!Number.isInteger(value) || value < -2147483648 || value > 1000000000) {
    fail(
      prop,
      value,
      'must be a whole number from -2147483648 to 1000000000 (higher values are reserved for system pods)',
    );
  }
  return value;
}
