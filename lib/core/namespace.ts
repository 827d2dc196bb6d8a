import { ApiObject, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { checkProps } from './check-props';
import { clusterScoped } from './cluster-scoped';
import { checkDnsLabel, checkLabelMap, fail } from './validate';
import { addAppChecks } from './app-checks';

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
   * Labels of the Namespace object.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A Kubernetes Namespace, and a scope: every object that a construct of this library creates
 * below it lands in this namespace. Lets one chart (one YAML file) hold several namespaces,
 * as the JEG lab does with `jupyterhub` and `enterprise-gateway`; names that cross namespaces
 * (the gateway URL, NetworkPolicy peers) are derived from it.
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

  private static enclosing(scope: IConstruct): Namespace | undefined {
    return scope.node.scopes
      .slice()
      .reverse()
      .find((s): s is Namespace => s instanceof Namespace);
  }

  /** Name of the namespace. */
  public readonly name: string;
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
    this.resource = clusterScoped(
      new k8s.KubeNamespace(this, 'Resource', {
        metadata: { name: this.name, labels: props.labels },
      }),
    );
  }
}
