import { ApiObject, Chart, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { addAppChecks } from './app-checks';
import { checkProps } from './check-props';
import { APP } from './constants';
import { objectMeta, resources } from './k8s';
import { Namespace } from './namespace';
import { isWorkloadKind, podSpecResources, quantityValue, workloadPods } from './pod-footprint';
import {
  addResources,
  isRuntimePodSource,
  maxResources,
  NO_RESOURCES,
  PodResources,
  RuntimePods,
} from './runtime-pods';
import { checkDnsSubdomain, checkPositiveInt, fail } from './validate';

/** Props of {@link NamespaceQuota}. */
export interface NamespaceQuotaProps {
  /**
   * Name of the ResourceQuota and of the LimitRange.
   * @default 'compute'
   */
  readonly name?: string;

  /**
   * Most nodes a DaemonSet of the namespace runs a pod on: the quota admits one of its pods per node.
   * @default 10
   */
  readonly nodes?: number;

  /**
   * Requests and limits the LimitRange gives a container that sets none (a pod of a program the
   * library does not know); every container the library renders sets its own.
   * @default - requests 100m CPU and 128Mi; limits 500m CPU and 512Mi
   */
  readonly containerDefaults?: kplus.ContainerResources;
}

/** What the quota is sized for. */
interface Sizing {
  readonly total: PodResources;
  readonly pods: number;
  readonly largestPod: PodResources;
  readonly sizedFor: string;
}

/**
 * A ResourceQuota and a LimitRange for one namespace (the one it is created in), sized for
 * everything that runs there at once: the pods of the app's workloads in the namespace (a
 * Deployment's surge during a rolling update, a DaemonSet's pod on each of `nodes` nodes), and
 * the pods that programs create there at run time, as the library's constructs declare them
 * ({@link IRuntimePodSource}: a hub's user servers at its largest profile, times its
 * `activeServerLimit`; a gateway's kernels, times its `maxKernels`; Dask clusters at their
 * largest). The quota caps the namespace's requests, limits and pods at that sum, so a namespace
 * cannot take more of the cluster than it was sized for; the LimitRange gives a container that
 * sets no resources the `containerDefaults` (a ResourceQuota on limits refuses pods without
 * them), and caps a pod at the largest pod the namespace is sized for.
 *
 * @example
 * new NamespaceQuota(ns, 'quota');
 */
export class NamespaceQuota extends Construct {
  /** Namespace of the quota (undefined: the current one, as the chart's objects). */
  public readonly namespace?: string;
  /** The ResourceQuota. */
  public readonly resourceQuota: ApiObject;
  /** The LimitRange. */
  public readonly limitRange: ApiObject;

  private readonly nodes: number;
  private readonly defaults: PodResources;
  private sizing?: Sizing;

  public constructor(scope: Construct, id: string, props: NamespaceQuotaProps = {}) {
    checkProps('NamespaceQuotaProps', props);
    super(scope, id);
    addAppChecks(this);
    const name = checkDnsSubdomain('name', props.name ?? 'compute');
    this.nodes = checkPositiveInt('nodes', props.nodes ?? 10);
    const d = resources('containerDefaults', props.containerDefaults, {
      cpuRequest: '100m',
      cpuLimit: '500m',
      memoryRequest: Size.mebibytes(128),
      memoryLimit: Size.mebibytes(512),
    });
    this.defaults = {
      cpuRequestMillis: Math.round(quantityValue(d.requests!.cpu.value)! * 1000),
      cpuLimitMillis: Math.round(quantityValue(d.limits!.cpu.value)! * 1000),
      memoryRequestBytes: quantityValue(d.requests!.memory.value)!,
      memoryLimitBytes: quantityValue(d.limits!.memory.value)!,
    };
    this.namespace = Namespace.of(this);
    const labels = { app: APP, component: 'namespace-quota' };
    const sized = () => this.sized();
    this.resourceQuota = new k8s.KubeResourceQuota(this, 'ResourceQuota', {
      metadata: objectMeta(this, name, labels, {
        'cdk8s-jupyterhub/sized-for': Lazy.any({ produce: () => sized().sizedFor }),
      }),
      spec: { hard: Lazy.any({ produce: () => hardOf(sized()) }) },
    });
    this.limitRange = new k8s.KubeLimitRange(this, 'LimitRange', {
      metadata: objectMeta(this, name, labels),
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: amounts(this.defaults.cpuRequestMillis, this.defaults.memoryRequestBytes),
            default: amounts(this.defaults.cpuLimitMillis, this.defaults.memoryLimitBytes),
          },
          { type: 'Pod', max: Lazy.any({ produce: () => podMaxOf(sized()) }) },
        ],
      },
    });
    this.node.addValidation({ validate: () => this.errors() });
  }

  private errors(): string[] {
    try {
      const s = this.sized();
      const d = this.defaults;
      if (d.cpuLimitMillis > s.largestPod.cpuLimitMillis || d.memoryLimitBytes > s.largestPod.memoryLimitBytes)
        fail(
          'containerDefaults',
          'limits',
          `are more than the largest pod of the namespace (${JSON.stringify(podMaxOf(s))}): a container with the defaults would be refused; lower them`,
        );
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  }

  /** The namespace's workloads and run-time pods, summed (once, at synthesis). */
  private sized(): Sizing {
    if (this.sizing === undefined) {
      const own = this.ownPods();
      const runtime = this.runtimeLoads();
      let total = NO_RESOURCES;
      let largestPod = NO_RESOURCES;
      let pods = 0;
      for (const o of own) {
        total = addResources(total, o.pod, o.count);
        largestPod = maxResources(largestPod, o.pod);
        pods += o.count;
      }
      for (const r of runtime) {
        total = addResources(total, r.largestGroup ?? r.largestPod, r.count);
        largestPod = maxResources(largestPod, r.largestPod);
        pods += r.count * (r.podsPerGroup ?? 1);
      }
      const sizedFor = [
        own.map((o) => o.what).join(', '),
        ...runtime.map(
          (r) =>
            `${r.count} ${r.description}${(r.podsPerGroup ?? 1) > 1 ? ` of up to ${r.podsPerGroup} pods each` : ''} at their largest`,
        ),
      ].filter((s) => s !== '');
      this.sizing = { total, pods, largestPod, sizedFor: sizedFor.join('; ') };
    }
    return this.sizing;
  }

  /** Where objects of this quota's namespace land: the namespace, or (without one) the chart's file. */
  private scopeOf(namespace: string | undefined, c: IConstruct): string {
    return namespace !== undefined ? `namespace ${namespace}` : `chart ${Chart.of(c).node.path}`;
  }

  /** The pods of the app's workloads in this namespace. */
  private ownPods(): { what: string; count: number; pod: PodResources }[] {
    const mine = this.scopeOf(this.namespace, this);
    const out: { what: string; count: number; pod: PodResources }[] = [];
    for (const c of this.node.root.node.findAll()) {
      if (!(c instanceof ApiObject) || !isWorkloadKind(c.kind)) continue;
      const json = c.toJson();
      if (this.scopeOf(json.metadata?.namespace, c) !== mine) continue;
      const w = workloadPods(json, this.nodes)!;
      const what = `${c.kind}/${json.metadata?.name}`;
      const pod = podSpecResources(w.spec, this.defaults, what);
      out.push({ what: w.count === 1 ? what : `${what} ×${w.count}`, count: w.count, pod });
    }
    return out;
  }

  /** The pods the app's programs create in this namespace at run time. */
  private runtimeLoads(): RuntimePods[] {
    const mine = this.scopeOf(this.namespace, this);
    return this.node.root.node
      .findAll()
      .filter(isRuntimePodSource)
      .flatMap((source) =>
        source.runtimePods(this.namespace).filter((r) => this.scopeOf(r.namespace, source) === mine),
      );
  }
}

/** A CPU amount (millicores, rounded up) and a memory amount (bytes, rounded up to a MiB) as quantities. */
function amounts(cpuMillis: number, memoryBytes: number): { [name: string]: k8s.Quantity } {
  const millis = Math.ceil(cpuMillis);
  const mib = Math.ceil(memoryBytes / 2 ** 20);
  return {
    cpu: k8s.Quantity.fromString(millis % 1000 === 0 ? `${millis / 1000}` : `${millis}m`),
    memory: k8s.Quantity.fromString(mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`),
  };
}

function hardOf(s: Sizing): { [name: string]: k8s.Quantity } {
  const requests = amounts(s.total.cpuRequestMillis, s.total.memoryRequestBytes);
  const limits = amounts(s.total.cpuLimitMillis, s.total.memoryLimitBytes);
  return {
    'requests.cpu': requests.cpu,
    'requests.memory': requests.memory,
    'limits.cpu': limits.cpu,
    'limits.memory': limits.memory,
    pods: k8s.Quantity.fromString(String(s.pods)),
  };
}

function podMaxOf(s: Sizing): { [name: string]: k8s.Quantity } {
  return amounts(s.largestPod.cpuLimitMillis, s.largestPod.memoryLimitBytes);
}
