/**
 * The proxy pod's options from two sources: the proxy's `workload` and that of the front door in
 * the pod (nginx). One pod, one Deployment, one ServiceAccount: their maps are merged, and a key
 * (or a single value) both set differently is refused, naming the door's prop.
 * @internal
 */
import { resolveWorkload, WorkloadModel } from '../core/workload-options';
import { fail } from '../core/validate';
import type { ProxySidecar } from './proxy-front-door';
import type { ProxyModel, ProxyParts } from './proxy-model';

/** The door's pod-level options, validated (its env and pull policy are its containers'). */
export function doorWorkload(p: Pick<ProxyParts, 'sidecar'>): WorkloadModel | undefined {
  const door = p.sidecar();
  if (door?.workload === undefined) return undefined;
  const { extraEnv: _env, imagePullPolicy: _policy, ...pod } = door.workload;
  return resolveWorkload('workload', pod);
}

const MAPS = ['podLabels', 'podAnnotations', 'nodeSelector', 'serviceAccountAnnotations'] as const;
const SINGLE = ['revisionHistoryLimit', 'priorityClassName'] as const;

/** Refuses a door whose pod-level options contradict the proxy's. */
export function checkDoorWorkload(model: ProxyModel, door: ProxySidecar, doorPath: string): void {
  const theirs = doorWorkload({ sidecar: () => door });
  if (theirs === undefined) return;
  const prop = 'workload';
  const ours = model.workload;
  const clash = (what: string, value: unknown, proxyValue: unknown) =>
    fail(
      `${prop}.${what}`,
      value,
      `contradicts the Proxy's 'workload.${what}' (${JSON.stringify(proxyValue)}): the front door '${doorPath}' runs in the proxy pod, so set it once`,
    );
  for (const m of MAPS) {
    for (const [k, v] of Object.entries(theirs[m])) {
      const mine = ours[m][k];
      if (mine !== undefined && mine !== v) clash(`${m}.${k}`, v, mine);
    }
  }
  for (const s of SINGLE) {
    const v = theirs[s];
    if (v !== undefined && ours[s] !== undefined && ours[s] !== v) clash(s, v, ours[s]);
  }
}
