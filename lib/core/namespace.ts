import { ApiObject, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { checkProps } from './check-props';
import { clusterScoped } from './cluster-scoped';
import { checkDnsLabel, checkLabelMap, fail } from './validate';
import { addAppChecks } from './app-checks';
import { POD_SECURITY_LABEL_PREFIX, POD_SECURITY_VERSION, podSecurityLabels, PodSecurityLevel } from './pod-security';

/** A JavaScript caller's scope argument: a construct, else an error naming it. */
function checkScope(scope: IConstruct): void {
  if (!Array.isArray((scope as { node?: { scopes?: unknown } }).node?.scopes))
    fail('scope', scope, 'must be a construct (e.g. a Chart, or a construct in one)');
}

/** Props of {@link Namespace}. */
export interface NamespaceProps {
  /**
   * Name of the namespace.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Labels of the Namespace object, besides the Pod Security Admission labels (those come from
   * `podSecurity`: a `pod-security.kubernetes.io/` label here is an error).
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * The Pod Security level the API server enforces for pods in this namespace
   * (`pod-security.kubernetes.io/enforce`). `warn` and `audit` stay `restricted` whatever this
   * says, and every mode is pinned to the policy of Kubernetes 1.36. Lower it only for a namespace
   * holding a pod that cannot comply, e.g. `PodSecurityLevel.PRIVILEGED` for the gateway's
   * namespace with `EnterpriseGatewayProps.kernelImagePuller` (root, with the node's containerd
   * socket); the other namespaces keep `restricted`.
   * @default PodSecurityLevel.RESTRICTED (every pod this library renders, and every pod the hub,
   *   the gateway and Dask Gateway create from its config, complies)
   */
  readonly podSecurity?: PodSecurityLevel;
}

/**
 * A Kubernetes Namespace, and a scope: every object that a construct of this library creates
 * below it lands in this namespace. Lets one chart (one YAML file) hold several namespaces,
 * as the JEG lab does with `jupyterhub` and `enterprise-gateway`; names that cross namespaces
 * (the gateway URL, NetworkPolicy peers) are derived from it. It enforces Pod Security
 * `restricted` (labels `pod-security.kubernetes.io/enforce`, `warn` and `audit`, each with its
 * `-version` pinned to v1.36) unless `podSecurity` lowers it. A namespace this library does not
 * create (a chart's `namespace`, kubectl's current one) keeps the labels you give it: label it
 * with `kubectl label namespace <name> pod-security.kubernetes.io/enforce=restricted ...`.
 *
 * @example
 * const ns = new Namespace(chart, 'jupyterhub');
 * const hub = new Hub(ns, 'hub');
 */
export class Namespace extends Construct {
  /**
   * The namespace objects created below `scope` land in: the nearest enclosing
   * {@link Namespace}, else the chart's namespace, else undefined (kubectl's current one).
   */
  public static of(scope: IConstruct): string | undefined {
    checkProps('Namespace.of', { scope });
    checkScope(scope);
    return Namespace.enclosing(scope)?.name ?? Chart.of(scope).namespace;
  }

  /**
   * The namespace to write into `metadata.namespace` of a namespaced object created in `scope`:
   * the nearest enclosing {@link Namespace}, else nothing (the chart's namespace then applies).
   * @internal
   */
  public static _explicit(scope: IConstruct): string | undefined {
    return Namespace.enclosing(scope)?.name;
  }

  /**
   * The Pod Security level enforced where objects created below `scope` land: that of the nearest
   * enclosing {@link Namespace}; undefined outside one (a chart's namespace or kubectl's current
   * one, whose labels this library does not set).
   */
  public static podSecurityOf(scope: IConstruct): PodSecurityLevel | undefined {
    checkProps('Namespace.podSecurityOf', { scope });
    checkScope(scope);
    return Namespace.enclosing(scope)?.podSecurity;
  }

  private static enclosing(scope: IConstruct): Namespace | undefined {
    return scope.node.scopes
      .slice()
      .reverse()
      .find((s): s is Namespace => s instanceof Namespace);
  }

  /** Name of the namespace. */
  public readonly name: string;
  /** The Pod Security level this namespace enforces. */
  public readonly podSecurity: PodSecurityLevel;
  /** The Namespace object. */
  public readonly resource: k8s.KubeNamespace;

  /**
   * Puts this Namespace object before every object below `scope` in the synthesized manifest
   * (each of them depends on it), so `kubectl apply -f` creates the namespace first.
   */
  public orderBefore(scope: IConstruct): void {
    checkProps('Namespace#orderBefore', { scope });
    checkScope(scope);
    for (const c of scope.node.findAll()) {
      if (c instanceof ApiObject && c !== this.resource && !(c.kind === 'Namespace'))
        c.node.addDependency(this.resource);
    }
  }

  public constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    checkProps('NamespaceProps', props);
    super(scope, id);
    // Whole-app checks (duplicate objects, overlapping selectors, nodePorts), once per app.
    addAppChecks(this);
    this.name = checkDnsLabel('name', props.name ?? id);
    if (props.labels !== undefined) checkLabelMap('labels', props.labels);
    for (const key of Object.keys(props.labels ?? {})) {
      if (key.startsWith(POD_SECURITY_LABEL_PREFIX))
        fail(
          'labels',
          key,
          `is set from 'podSecurity' (enforce, warn and audit, pinned to ${POD_SECURITY_VERSION}): remove it, and lower the level with podSecurity: PodSecurityLevel.BASELINE or PodSecurityLevel.PRIVILEGED where a pod needs it`,
        );
    }
    this.podSecurity = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    this.resource = clusterScoped(
      new k8s.KubeNamespace(this, 'Resource', {
        metadata: { name: this.name, labels: { ...podSecurityLabels(this.podSecurity), ...props.labels } },
      }),
    );
  }
}
