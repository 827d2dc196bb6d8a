/**
 * Tolerations, validated as the API server would, in the camelCase form both a pod spec and
 * KubeSpawner take.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import type { PyValue } from './python';
import { checkLabelValue, checkQualifiedName, fail } from './validate';

const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'];

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

/** Tolerations, validated, as KubeSpawner (and a pod spec) takes them. */
export function tolerationsOf(prop: string, list: readonly k8s.Toleration[] | undefined): PyValue[] {
  return (list ?? []).map((t, i) => tolerationOf(`${prop}[${i}]`, t));
}
