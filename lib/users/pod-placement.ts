/**
 * Placement of the users' pods, validated and resolved as KubeSpawner takes them (camelCase
 * Kubernetes fields): tolerations, node affinity terms and pod (anti-)affinity terms.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import type { PyValue } from '../core/python';
import { checkDnsLabel, checkLabelMap, checkLabelValue, checkQualifiedName, fail } from '../core/validate';
export { tolerationsOf } from '../core/tolerations';

const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

function checkRequirements(
  prop: string,
  reqs: readonly k8s.NodeSelectorRequirement[] | undefined,
  fields: boolean,
): void {
  (reqs ?? []).forEach((r, i) => {
    const p = `${prop}[${i}]`;
    if (fields) {
      if (r.key !== 'metadata.name')
        fail(`${p}.key`, r.key, "must be 'metadata.name' (the only node field a selector can use)");
    } else checkQualifiedName(`${p}.key`, r.key);
    if (!NODE_OPERATORS.includes(r.operator))
      fail(`${p}.operator`, r.operator, `must be one of ${NODE_OPERATORS.join(', ')}`);
    const values = r.values ?? [];
    if ((r.operator === 'In' || r.operator === 'NotIn') && values.length === 0)
      fail(`${p}.values`, values, `must list at least one value for '${r.operator}'`);
    if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && values.length > 0)
      fail(`${p}.values`, values, `must be empty for '${r.operator}'`);
    if ((r.operator === 'Gt' || r.operator === 'Lt') && (values.length !== 1 || !/^-?[0-9]+$/.test(values[0]))) {
      fail(`${p}.values`, values, `must be one whole number for '${r.operator}'`);
    }
    values.forEach((v) => checkLabelValue(`${p}.values`, v));
  });
}

/** A node selector term (of required node affinity), validated. */
export function nodeSelectorTermOf(prop: string, term: k8s.NodeSelectorTerm): PyValue {
  if ((term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0) {
    fail(prop, term, 'must have matchExpressions or matchFields: an empty term matches no node');
  }
  checkRequirements(`${prop}.matchExpressions`, term.matchExpressions, false);
  checkRequirements(`${prop}.matchFields`, term.matchFields, true);
  return k8s.toJson_NodeSelectorTerm(term) as PyValue;
}

/** A preferred scheduling term (of preferred node affinity), validated. */
export function preferredTermOf(prop: string, term: k8s.PreferredSchedulingTerm): PyValue {
  if (!Number.isInteger(term.weight) || term.weight < 1 || term.weight > 100)
    fail(`${prop}.weight`, term.weight, 'must be a whole number from 1 to 100');
  nodeSelectorTermOf(`${prop}.preference`, term.preference);
  return k8s.toJson_PreferredSchedulingTerm(term) as PyValue;
}

const LABEL_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** A label selector of a pod affinity term, validated. */
function checkLabelSelector(prop: string, sel: k8s.LabelSelector | undefined): void {
  if (sel === undefined) return;
  checkLabelMap(`${prop}.matchLabels`, sel.matchLabels ?? {});
  (sel.matchExpressions ?? []).forEach((r, i) => {
    const p = `${prop}.matchExpressions[${i}]`;
    checkQualifiedName(`${p}.key`, r.key);
    if (!LABEL_OPERATORS.includes(r.operator))
      fail(`${p}.operator`, r.operator, `must be one of ${LABEL_OPERATORS.join(', ')}`);
    const values = r.values ?? [];
    if ((r.operator === 'In' || r.operator === 'NotIn') && values.length === 0)
      fail(`${p}.values`, values, `must list at least one value for '${r.operator}'`);
    if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && values.length > 0)
      fail(`${p}.values`, values, `must be empty for '${r.operator}'`);
    values.forEach((v) => checkLabelValue(`${p}.values`, v));
  });
}

/** A pod affinity (or anti-affinity) term, validated. */
export function podAffinityTermOf(prop: string, term: k8s.PodAffinityTerm): PyValue {
  if (typeof term?.topologyKey !== 'string' || term.topologyKey === '')
    fail(`${prop}.topologyKey`, term?.topologyKey, "must be a node label key, e.g. 'kubernetes.io/hostname'");
  checkQualifiedName(`${prop}.topologyKey`, term.topologyKey);
  if (term.labelSelector === undefined && term.namespaceSelector === undefined)
    fail(
      `${prop}.labelSelector`,
      term.labelSelector,
      "must select the pods the term is about (e.g. { matchLabels: { component: 'singleuser-server' } }): without it the term selects no pod",
    );
  checkLabelSelector(`${prop}.labelSelector`, term.labelSelector);
  checkLabelSelector(`${prop}.namespaceSelector`, term.namespaceSelector);
  (term.namespaces ?? []).forEach((n, i) => checkDnsLabel(`${prop}.namespaces[${i}]`, n));
  return k8s.toJson_PodAffinityTerm(term) as PyValue;
}

/** A weighted pod affinity (or anti-affinity) term, validated. */
export function weightedPodAffinityTermOf(prop: string, term: k8s.WeightedPodAffinityTerm): PyValue {
  if (!Number.isInteger(term?.weight) || term.weight < 1 || term.weight > 100)
    fail(`${prop}.weight`, term?.weight, 'must be a whole number from 1 to 100');
  podAffinityTermOf(`${prop}.podAffinityTerm`, term.podAffinityTerm);
  return k8s.toJson_WeightedPodAffinityTerm(term) as PyValue;
}
