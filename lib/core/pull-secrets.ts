/**
 * The `imagePullSecrets` field of a pod spec from Secret names: the hub's top-level ones
 * (`HubProps.imagePullSecrets`) that every pod of the hub in its namespace pulls with, as Zero to
 * JupyterHub 4.4.0's top-level `imagePullSecrets` (values.schema.yaml: "applied to all pods").
 * A workload's own `workload.imagePullSecrets` are added after them by `applyWorkload`.
 * @internal
 */
import type { k8s } from 'cdk8s-plus-27';

/** `{ imagePullSecrets }` of a pod spec for `names`; no field without a name (output unchanged). */
export function pullSecretsField(names: readonly string[]): Pick<k8s.PodSpec, 'imagePullSecrets'> {
  return names.length > 0 ? { imagePullSecrets: names.map((name) => ({ name })) } : {};
}
