/**
 * UserPlaceholders' props, resolved: every value checked once, at construction.
 * @internal
 */
import type { Size } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { sizeQuantity } from '../core/k8s';
import type { WorkloadModel, WorkloadOptions } from '../core/workload-options';
import { checkCpu, checkNonNegativeInt, checkPinnedImage, checkSize, fail } from '../core/validate';
import { SCHEDULING_IMAGES } from './scheduling';
import type { ContainerSecurityOptions } from '../core/container-security';
import { containerSecurity, schedulingWorkload } from './scheduling-options';

/** The props UserPlaceholders resolve (UserPlaceholdersProps). */
export interface UserPlaceholdersInput {
  readonly replicas: number;
  readonly userPriority?: number;
  readonly placeholderPriority?: number;
  readonly image?: string;
  readonly resources?: kplus.ContainerResources;
  readonly workload?: WorkloadOptions;
  readonly containerSecurity?: ContainerSecurityOptions;
}

export interface UserPlaceholdersModel {
  readonly replicas: number;
  readonly userPriority: number;
  readonly placeholderPriority: number;
  readonly image: string;
  readonly resources?: kplus.ContainerResources;
  readonly workload: WorkloadModel;
  readonly securityContext: k8s.SecurityContext;
}

/** A PriorityClass value a user may give (above 1000000000 is reserved for system pods). */
export function priority(prop: string, value: number): number {
  if (!Number.isInteger(value) || value < -2147483648 || value > 1000000000) {
    fail(
      prop,
      value,
      'must be a whole number from -2147483648 to 1000000000 (higher values are reserved for system pods)',
    );
  }
  return value;
}

function checkResources(given: kplus.ContainerResources | undefined): void {
  const cpu = given?.cpu;
  const mem = given?.memory;
  const req = cpu?.request ? checkCpu('resources.cpu.request', cpu.request.amount) : undefined;
  const lim = cpu?.limit ? checkCpu('resources.cpu.limit', cpu.limit.amount) : undefined;
  if (req !== undefined && lim !== undefined && lim < req)
    fail('resources.cpu.limit', cpu?.limit?.amount, `must be at least the CPU request (${cpu?.request?.amount})`);
  const mreq = mem?.request ? checkSize('resources.memory.request', mem.request).toKibibytes() : undefined;
  const mlim = mem?.limit ? checkSize('resources.memory.limit', mem.limit).toKibibytes() : undefined;
  if (mreq !== undefined && mlim !== undefined && mlim < mreq)
    fail('resources.memory.limit', sizeQuantity(mem!.limit!), 'must be at least the memory request');
}

export function resolvePlaceholders(props: UserPlaceholdersInput): UserPlaceholdersModel {
  const userPriority = priority('userPriority', props.userPriority ?? 0);
  const placeholderPriority = priority('placeholderPriority', props.placeholderPriority ?? -10);
  if (placeholderPriority >= userPriority) {
    fail(
      'placeholderPriority',
      placeholderPriority,
      `must be below 'userPriority' (${userPriority}): user servers preempt only pods of a lower priority`,
    );
  }
  const workload = schedulingWorkload(props.workload, true);
  if (workload.priorityClassName !== undefined)
    fail(
      'workload.priorityClassName',
      workload.priorityClassName,
      "is not for placeholders: they run at their own class ('placeholderPriority'), below the users'",
    );
  checkResources(props.resources);
  return {
    replicas: checkNonNegativeInt('replicas', props.replicas),
    userPriority,
    placeholderPriority,
    image: props.image === undefined ? SCHEDULING_IMAGES.pause : checkPinnedImage('image', props.image),
    resources: props.resources,
    workload,
    securityContext: containerSecurity('containerSecurity', props.containerSecurity),
  };
}

/** A number as a Kubernetes quantity: whole units as they are, CPU fractions in millicores, bytes in the largest whole binary unit. */
function quantityOf(name: string, n: number): string {
  if (name === 'cpu' && !Number.isInteger(n)) return `${Math.round(n * 1000)}m`;
  if (name === 'memory') {
    for (const [unit, size] of [
      ['Gi', 2 ** 30],
      ['Mi', 2 ** 20],
      ['Ki', 2 ** 10],
    ] as const)
      if (n % size === 0) return `${n / size}${unit}`;
  }
  return String(n);
}

/** The user pods' amounts (numbers, as KubeSpawner takes them) as quantities, which the API's schema types as strings. */
function quantities(list: { [name: string]: k8s.Quantity } | undefined): { [name: string]: k8s.Quantity } {
  const out: { [name: string]: k8s.Quantity } = {};
  for (const [name, q] of Object.entries(list ?? {}))
    out[name] = typeof q.value === 'number' ? k8s.Quantity.fromString(quantityOf(name, q.value)) : q;
  return out;
}

/**
 * A placeholder's resources: what one user server requests and is limited to (a placeholder
 * without a CPU request still asks for a little), each field given in `resources` instead (a
 * request given without its limit is the limit too).
 */
export function placeholderResources(
  user: k8s.ResourceRequirements,
  given?: kplus.ContainerResources,
): k8s.ResourceRequirements {
  const req = quantities(user.requests);
  const { memory: memoryLimit, cpu: cpuLimit, ...extraLimits } = quantities(user.limits);
  const cpu = (c?: kplus.Cpu) => (c ? k8s.Quantity.fromString(c.amount) : undefined);
  const mem = (m?: Size) => (m ? k8s.Quantity.fromString(sizeQuantity(m)) : undefined);
  const cpuRequest = cpu(given?.cpu?.request) ?? req.cpu;
  const memoryRequest = mem(given?.memory?.request) ?? req.memory;
  const requests = { memory: memoryRequest, cpu: cpuRequest ?? k8s.Quantity.fromString('1m') };
  const limits = {
    // A request given without its limit is its own limit (the user's limit may be below it).
    memory: mem(given?.memory?.limit ?? given?.memory?.request) ?? memoryLimit ?? memoryRequest,
    cpu: cpu(given?.cpu?.limit ?? given?.cpu?.request) ?? cpuLimit ?? cpuRequest ?? k8s.Quantity.fromString('100m'),
    ...extraLimits,
  };
  return { requests, limits };
}
