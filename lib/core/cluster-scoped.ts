import { ApiObject, Chart, JsonPatch } from 'cdk8s';

/**
 * Keeps a cluster-scoped object free of a namespace, even in a Chart that has one (cdk8s gives
 * every object the chart's namespace; cdk8s issue 2170). Returns the object.
 * @internal
 */
export function clusterScoped<T extends ApiObject>(obj: T): T {
  if (Chart.of(obj).namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return obj;
}
