/**
 * The hub's users' servers as a namespace quota counts them: the most that can be active at once
 * (`activeServerLimit`), each at its largest profile or choice. The pod is KubeSpawner 7.0.0's
 * (`make_pod`, kubespawner/objects.py:562-575): the notebook container requests `cpu_guarantee`
 * and `mem_guarantee` and is limited to `cpu_limit` and `mem_limit`, beside the extra containers,
 * after the storage's and the extra init containers. A profile's override, then each chosen
 * option's, replace those traits (spawner.py:3642-3694), so the largest of every profile and
 * choice bounds any combination.
 * @internal
 */
import type { PyValue } from '../core/python';
import { quantityValue } from '../core/pod-footprint';
import { maxResources, NO_RESOURCES, PodResources, RuntimePods } from '../core/runtime-pods';
import { fail } from '../core/validate';
import type { ProfileLevel } from '../users/profile-list';
import type { HubModel } from './hub-model';

const WHY = "must be set when a NamespaceQuota covers the hub's namespace";

/** A container of the user pod as KubeSpawner takes it (camelCase fields), with its limits checked. */
function containerOf(prop: string, c: PyValue): PodResources {
  const r = ((c as { resources?: unknown }).resources ?? {}) as {
    requests?: { [k: string]: unknown };
    limits?: { [k: string]: unknown };
  };
  const name = (c as { name?: string }).name;
  const cpuLimit = quantityValue(r.limits?.cpu);
  const memLimit = quantityValue(r.limits?.memory);
  if (cpuLimit === undefined || memLimit === undefined)
    fail(prop, name, `has no CPU or memory limit: ${WHY}, a ResourceQuota admits only pods with limits`);
  return {
    cpuRequestMillis: Math.ceil((quantityValue(r.requests?.cpu) ?? cpuLimit) * 1000),
    cpuLimitMillis: Math.ceil(cpuLimit * 1000),
    memoryRequestBytes: Math.ceil(quantityValue(r.requests?.memory) ?? memLimit),
    memoryLimitBytes: Math.ceil(memLimit),
  };
}

/** The notebook container after a level (the hub's settings, a profile or a choice). */
function notebookOf(level: ProfileLevel): PodResources {
  if (level.memLimitBytes === undefined)
    fail(`${level.prop}.memoryLimit`, undefined, `${WHY}: a ResourceQuota admits only pods with limits`);
  if (level.cpuLimit === undefined)
    fail(`${level.prop}.cpuLimit`, undefined, `${WHY}: a ResourceQuota admits only pods with limits`);
  return {
    // Without a guarantee the Pod's defaulting copies the limit into the request.
    cpuRequestMillis: Math.ceil((level.cpuGuarantee ?? level.cpuLimit) * 1000),
    cpuLimitMillis: Math.ceil(level.cpuLimit * 1000),
    memoryRequestBytes: level.memGuaranteeBytes,
    memoryLimitBytes: level.memLimitBytes,
  };
}

/** The largest user pod: the containers' sum, or the largest init container where larger. */
export function largestUserPod(model: HubModel): PodResources {
  const su = model.singleUser;
  const levels: readonly ProfileLevel[] = su.profiles?.levels ?? [{ prop: 'singleUser', ...su }];
  const extra = su.extras.extraContainers.map((c, i) => containerOf(`singleUser.extraContainers[${i}]`, c));
  const init = [
    ...su.storage.initContainers.map((c, i) => containerOf(`singleUser.storage.initContainers[${i}]`, c)),
    ...su.extras.initContainers.map((c, i) => containerOf(`singleUser.initContainers[${i}]`, c)),
  ].reduce(maxResources, NO_RESOURCES);
  let largest = NO_RESOURCES;
  for (const level of levels) {
    const sum = extra.reduce(
      (a, b) => ({
        cpuRequestMillis: a.cpuRequestMillis + b.cpuRequestMillis,
        cpuLimitMillis: a.cpuLimitMillis + b.cpuLimitMillis,
        memoryRequestBytes: a.memoryRequestBytes + b.memoryRequestBytes,
        memoryLimitBytes: a.memoryLimitBytes + b.memoryLimitBytes,
      }),
      notebookOf(level),
    );
    largest = maxResources(largest, maxResources(sum, init));
  }
  return largest;
}

/** The hub's users' servers at their most and largest. */
export function hubRuntimePods(model: HubModel, path: string, namespace: string | undefined): RuntimePods[] {
  if (model.activeServerLimit === 0)
    fail(
      'activeServerLimit',
      0,
      `${WHY}: it admits that many servers of the hub's largest profile (e.g. activeServerLimit: 20)`,
    );
  return [
    {
      description: `user servers of hub '${path}'`,
      namespace,
      count: model.activeServerLimit,
      largestPod: largestUserPod(model),
    },
  ];
}
