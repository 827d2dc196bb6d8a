/**
 * Placement of the users' pods, validated and resolved as KubeSpawner takes them (camelCase
 * Kubernetes fields): tolerations and node affinity terms.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import type { PyValue } from '../core/python';
import { checkLabelValue, checkQualifiedName, fail } from '../core/validate';

const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

function tolerationOf(prop: string, t: k8s.Toleration): PyValue {
  const operator = t.operator ?? 'Equal';
  if (!TOLERATION_OPERATORS.includes(operator)) fail(`${prop}.operator`, operator, "must be 'Equal' or 'Exists'");
  if (t.key !== undefined) checkQualifiedName(`${prop}.key`, t.key);
  else if (operator !== 'Exists')
    fail(`${prop}.key`, t.key, "is required unless the operator is 'Exists' (which then tolerates every taint)");
  if (operator === 'Exists' && t.value !== undefined && t.value !== '')
    fail(`${prop}.value`, t.value, "must be left out with the operator 'Exists'");
  if (t.value !== undefined) checkLabelValue(`${prop}.value`, t.value);
  if (t.effect !== undefined && !TAINT_EFFECTS.includes(t.effect))
    fail(`${prop}.effect`, t.effect, "must be 'NoSchedule', 'PreferNoSchedule' or 'NoExecute' (or left out for all)");
  if (t.tolerationSeconds !== undefined) {
    if (t.effect !== 'NoExecute')
      fail(`${prop}.tolerationSeconds`, t.tolerationSeconds, "only applies with the effect 'NoExecute'");
    if (!Number.isInteger(t.tolerationSeconds))
      fail(`${prop}.tolerationSeconds`, t.tolerationSeconds, 'must be a whole number of seconds');
  }
  return k8s.toJson_Toleration(t) as PyValue;
}

/** Tolerations, validated, as KubeSpawner takes them. */
export function tolerationsOf(prop: string, list: readonly k8s.Toleration[] | undefined): PyValue[] {
  return (list ?? []).map((t, i) => tolerationOf(`${prop}[${i}]`, t));
}

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
