import { k8s } from 'cdk8s-plus-27';
import { checkProps } from '../core/check-props';
import { tolerationsOf } from './pod-placement';
import { checkLabelValue, checkQualifiedName } from '../core/validate';

/** What a node is for, in Zero to JupyterHub's convention (`hub.jupyter.org/node-purpose`). */
export enum NodePurpose {
  /** The hub, the proxy, gateways: pods that must not be evicted for users' work. */
  CORE = 'core',
  /** Users' servers (and Dask schedulers). */
  USER = 'user',
}

/** Options of a {@link NodePool}. */
export interface NodePoolOptions {
  /**
   * Require the pool (`requiredDuringSchedulingIgnoredDuringExecution`): pods wait, Pending, until
   * a node of the pool has room. Otherwise they prefer it (weight 100) and run elsewhere when it
   * is full or missing.
   * @default false (preferred, as Zero to JupyterHub's `matchNodePurpose: prefer`)
   */
  readonly required?: boolean;

  /**
   * More tolerations, of other taints the pool's nodes carry (added to the factory's own).
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];

  /**
   * Tolerate AKS's spot taint `kubernetes.azure.com/scalesetpriority=spot:NoSchedule` (a spot
   * node pool: cheap, and evicted when Azure needs the capacity back).
   * @default false
   */
  readonly azureSpot?: boolean;
}

/** Where a {@link NodePool} places a pod: the fields of a pod spec it sets. */
export interface NodePoolPlacement {
  /** The pod's affinity: the pool's node label, required or preferred (weight 100). */
  readonly affinity: k8s.Affinity;

  /**
   * The tolerations of the pool's taints.
   * @default - none (the pool has no taints)
   */
  readonly tolerations?: k8s.Toleration[];
}

/**
 * A pool of nodes a component runs on: a node label the pods are drawn to (required or
 * preferred node affinity) and the tolerations of the pool's taints. The conventions of Zero to
 * JupyterHub (`hub.jupyter.org/node-purpose`) and Dask Gateway (`k8s.dask.org/dedicated`) have
 * factories; any other label with {@link NodePool.labelled}.
 *
 * Where it applies: the hub pod (`Hub` `nodePool`, the proxy too unless it has its own), the
 * users' servers (`Hub` `userNodePool`, through KubeSpawner's `node_affinity_required` /
 * `node_affinity_preferred` and `tolerations`), `Proxy` and `EnterpriseGateway` (`nodePool`).
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
 */
export class NodePool {
  /**
   * Nodes labelled `key=value`, e.g. AKS's `kubernetes.azure.com/agentpool=user` or GKE's
   * `cloud.google.com/gke-nodepool=users`.
   */
  public static labelled(key: string, value: string, options: NodePoolOptions = {}): NodePool {
    checkProps('NodePool.labelled', { key, value, options });
    return new NodePool(key, value, [], options);
  }

  /**
   * Zero to JupyterHub's pools: nodes labelled `hub.jupyter.org/node-purpose=<purpose>`, and the
   * tolerations of its taints `hub.jupyter.org/dedicated=<purpose>:NoSchedule` (and
   * `hub.jupyter.org_dedicated`, the spelling for clouds that refuse a '/' in taint keys).
   */
  public static nodePurpose(purpose: NodePurpose, options: NodePoolOptions = {}): NodePool {
    checkProps('NodePool.nodePurpose', { purpose, options });
    return new NodePool(
      'hub.jupyter.org/node-purpose',
      purpose,
      [
        { key: 'hub.jupyter.org/dedicated', operator: 'Equal', value: purpose, effect: 'NoSchedule' },
        { key: 'hub.jupyter.org_dedicated', operator: 'Equal', value: purpose, effect: 'NoSchedule' },
      ],
      options,
    );
  }

  /**
   * Dask Gateway's worker pool: nodes labelled `k8s.dask.org/dedicated=worker`, and the tolerations
   * of `k8s.dask.org/dedicated=worker:NoSchedule` (and `k8s.dask.org_dedicated`). `DaskhubChart`
   * requires it and adds `azureSpot`: `NodePool.daskWorkers({ required: true, azureSpot: true })`.
   */
  public static daskWorkers(options: NodePoolOptions = {}): NodePool {
    checkProps('NodePool.daskWorkers', { options });
    return new NodePool(
      'k8s.dask.org/dedicated',
      'worker',
      [
        { key: 'k8s.dask.org/dedicated', operator: 'Equal', value: 'worker', effect: 'NoSchedule' },
        { key: 'k8s.dask.org_dedicated', operator: 'Equal', value: 'worker', effect: 'NoSchedule' },
      ],
      options,
    );
  }

  /** The node label key the pods are drawn to. */
  public readonly labelKey: string;
  /** Its value. */
  public readonly labelValue: string;
  /** Whether the pool is required (else preferred). */
  public readonly required: boolean;

  private readonly tolerations: readonly k8s.Toleration[];

  private constructor(key: string, value: string, own: k8s.Toleration[], options: NodePoolOptions) {
    this.labelKey = checkQualifiedName('nodePool.key', key);
    this.labelValue = checkLabelValue('nodePool.value', value);
    this.required = options.required ?? false;
    const spot: k8s.Toleration[] = options.azureSpot
      ? [{ key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal', value: 'spot', effect: 'NoSchedule' }]
      : [];
    this.tolerations = [...own, ...(options.tolerations ?? []), ...spot];
    tolerationsOf('nodePool.tolerations', this.tolerations);
  }

  /**
   * The pool as a pod spec's `affinity` and `tolerations`, e.g. for a Deployment's pod template
   * (`{ ...pool.podPlacement(), containers }`).
   */
  public podPlacement(): NodePoolPlacement {
    const term: k8s.NodeSelectorTerm = { matchExpressions: [this.requirement()] };
    const nodeAffinity: k8s.NodeAffinity = this.required
      ? { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } }
      : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: term }] };
    return {
      affinity: { nodeAffinity },
      ...(this.tolerations.length > 0 ? { tolerations: [...this.tolerations] } : {}),
    };
  }

  private requirement(): k8s.NodeSelectorRequirement {
    return { key: this.labelKey, operator: 'In', values: [this.labelValue] };
  }
}
