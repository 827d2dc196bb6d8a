/**
 * The settings of a cluster's schedulers or workers, from {@link DaskPodOptions}: requests and
 * limits checked and in bytes and cores, and the pod additions the controller merges in (the
 * restricted security context, the placement).
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { safeBytes, safeCpu } from './dask-amounts';
import type { DaskPodModel } from './dask-gateway-config';
import type { DaskPodOptions } from './dask-gateway-props';
import { DASK_UID } from './dask-constants';
import type { PyValue } from '../core/python';
import { fail } from '../core/validate';

/** The scheduler's or workers' settings: requests and limits from typed props, and the restricted security context with the placement. */
export function resolveClusterPod(role: 'scheduler' | 'worker', o: DaskPodOptions | undefined): DaskPodModel {
  const r = o?.resources;
  const cores = r?.cpu?.request === undefined ? undefined : safeCpu(`${role}.resources.cpu.request`, r.cpu.request);
  const coresLimit = r?.cpu?.limit === undefined ? undefined : safeCpu(`${role}.resources.cpu.limit`, r.cpu.limit);
  if (cores !== undefined && coresLimit !== undefined && coresLimit < cores)
    fail(
      `${role}.resources.cpu.limit`,
      r?.cpu?.limit?.amount,
      `must be at least the request (${r?.cpu?.request?.amount})`,
    );
  const memory =
    r?.memory?.request === undefined ? undefined : safeBytes(`${role}.resources.memory.request`, r.memory.request);
  const memoryLimit =
    r?.memory?.limit === undefined ? undefined : safeBytes(`${role}.resources.memory.limit`, r.memory.limit);
  if (memory !== undefined && memoryLimit !== undefined && memoryLimit < memory)
    fail(`${role}.resources.memory.limit`, memoryLimit, `must be at least the request (${memory} bytes)`);
  return {
    cores,
    // dask-gateway's limits default to the requests; a request alone keeps that.
    coresLimit,
    memoryBytes: memory,
    memoryLimitBytes: memoryLimit,
    extraPodConfig: extraPodConfig(role, o),
    extraContainerConfig: { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
  };
}

/** The pod additions: Pod Security `restricted` and the placement (node affinity, tolerations). */
function extraPodConfig(role: 'scheduler' | 'worker', o: DaskPodOptions | undefined): { [key: string]: PyValue } {
  const pod: { [key: string]: PyValue } = {
    // Pod Security `restricted`: the gateway's pods set nothing of it themselves.
    securityContext: {
      runAsNonRoot: true,
      runAsUser: DASK_UID,
      runAsGroup: DASK_UID,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
  if (o?.nodePool !== undefined && o.nodeAffinity !== undefined) {
    fail(
      `${role}.nodeAffinity`,
      'set',
      `is given with '${role}.nodePool', which sets the node affinity itself: give one of them`,
    );
  }
  const placement = o?.nodePool?.podPlacement();
  const nodeAffinity = placement?.affinity.nodeAffinity ?? o?.nodeAffinity;
  const tolerations = [...(placement?.tolerations ?? []), ...(o?.tolerations ?? [])];
  if (nodeAffinity !== undefined) pod.affinity = { nodeAffinity: plain(k8s.toJson_NodeAffinity(nodeAffinity)) };
  if (o?.tolerations !== undefined || tolerations.length > 0)
    pod.tolerations = tolerations.map((t) => plain(k8s.toJson_Toleration(t)));
  return pod;
}

/** A Kubernetes JSON value as plain data for `py()` (the toJson_ converters return plain objects). */
function plain(value: unknown): PyValue {
  return JSON.parse(JSON.stringify(value ?? null)) as PyValue;
}
