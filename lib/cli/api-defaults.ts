/**
 * What `diff` leaves out of a comparison: the metadata the API server and controllers set, and the
 * fields the API server fills with a default when an object leaves them out (an object that says
 * `replicas: 1` and one that says nothing are the same object once applied).
 *
 * The defaults are those of the API server's defaulting functions at Kubernetes v1.36
 * (kubernetes/kubernetes, tag v1.36.0): `pkg/apis/core/v1/defaults.go` (`SetDefaults_Pod`,
 * `SetDefaults_PodSpec`, `SetDefaults_Container`, `SetDefaults_Probe`, `SetDefaults_HTTPGetAction`,
 * `SetDefaults_ConfigMapVolumeSource`, `SetDefaults_SecretVolumeSource`, `SetDefaults_Service`,
 * `SetDefaults_ServicePort`..., `SetDefaults_PersistentVolumeClaimSpec`, `SetDefaults_ObjectFieldSelector`),
 * `pkg/apis/apps/v1/defaults.go` (`SetDefaults_Deployment`, `SetDefaults_StatefulSet`,
 * `SetDefaults_DaemonSet`), `pkg/apis/batch/v1/defaults.go` (`SetDefaults_Job`) and
 * `pkg/apis/rbac/v1/defaults.go` (`SetDefaults_Subject`); the fields below are the ones every
 * `kubectl get -o yaml` shows on the objects this library writes. A default is left out on both
 * sides, so a field set to a value other than its default is still compared.
 * `test/cli/api-defaults.test.ts` checks the rows against the fields' own descriptions in the
 * Kubernetes 1.36 OpenAPI ("Defaults to ...").
 */

/** A field a rule applies to: the kinds and a dotted path, `*` for any list item or key. */
export interface FieldRule {
  readonly kinds: readonly string[];
  readonly path: string;
}

/** A field the API server sets to `value` when it is left out. */
export interface DefaultRule extends FieldRule {
  readonly value: unknown;
}

/** Metadata the API server sets on every object (`ObjectMeta`): never compared. */
export const SERVER_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
];

/**
 * Annotations written by tools and controllers, not by the object's author: kubectl's client-side
 * apply record, the Deployment controller's revision, Helm's release bookkeeping (`helm install`
 * adds them to live objects, `helm template` does not print them), the PersistentVolume binder's.
 * The labels a chart's own templates write (`helm.sh/chart`, `heritage`) are compared.
 */
export const TOOL_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'meta.helm.sh/release-name',
  'meta.helm.sh/release-namespace',
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
  'pv.kubernetes.io/provisioned-by',
  'volume.beta.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/selected-node',
];

/** Labels the Job controller adds to a Job and its pod template (`batch/v1` `SetDefaults_Job`, the controller-uid). */
export const CONTROLLER_LABELS = [
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-name',
  'controller-uid',
  'job-name',
];

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

/** Where a kind keeps its pod spec. */
function podSpecPaths(): { kinds: string[]; prefix: string }[] {
  return [
    { kinds: ['Pod'], prefix: 'spec' },
    { kinds: WORKLOADS, prefix: 'spec.template.spec' },
    { kinds: ['CronJob'], prefix: 'spec.jobTemplate.spec.template.spec' },
  ];
}

/** Defaults of a pod spec, relative to it (`core/v1` `SetDefaults_PodSpec`, `SetDefaults_Container`, ...). */
const POD_SPEC_DEFAULTS: [string, unknown][] = [
  ['restartPolicy', 'Always'],
  ['terminationGracePeriodSeconds', 30],
  ['dnsPolicy', 'ClusterFirst'],
  ['schedulerName', 'default-scheduler'],
  ['securityContext', {}],
  ['enableServiceLinks', true],
  ['volumes.*.configMap.defaultMode', 420],
  ['volumes.*.secret.defaultMode', 420],
  ['volumes.*.projected.defaultMode', 420],
  ['volumes.*.downwardAPI.defaultMode', 420],
  ...['containers', 'initContainers'].flatMap((c): [string, unknown][] => [
    [`${c}.*.terminationMessagePath`, '/dev/termination-log'],
    [`${c}.*.terminationMessagePolicy`, 'File'],
    [`${c}.*.ports.*.protocol`, 'TCP'],
    [`${c}.*.env.*.valueFrom.fieldRef.apiVersion`, 'v1'],
    [`${c}.*.resources`, {}],
    ...['livenessProbe', 'readinessProbe', 'startupProbe'].flatMap((p): [string, unknown][] => [
      [`${c}.*.${p}.timeoutSeconds`, 1],
      [`${c}.*.${p}.periodSeconds`, 10],
      [`${c}.*.${p}.successThreshold`, 1],
      [`${c}.*.${p}.failureThreshold`, 3],
      [`${c}.*.${p}.httpGet.scheme`, 'HTTP'],
    ]),
  ]),
];

/** Defaults outside pod specs. */
const OBJECT_DEFAULTS: DefaultRule[] = [
  { kinds: ['Deployment'], path: 'spec.replicas', value: 1 },
  { kinds: ['Deployment', 'StatefulSet', 'DaemonSet'], path: 'spec.revisionHistoryLimit', value: 10 },
  { kinds: ['Deployment'], path: 'spec.progressDeadlineSeconds', value: 600 },
  { kinds: ['Deployment'], path: 'spec.strategy.type', value: 'RollingUpdate' },
  { kinds: ['Deployment'], path: 'spec.strategy.rollingUpdate.maxSurge', value: '25%' },
  { kinds: ['Deployment'], path: 'spec.strategy.rollingUpdate.maxUnavailable', value: '25%' },
  { kinds: ['StatefulSet'], path: 'spec.replicas', value: 1 },
  { kinds: ['StatefulSet'], path: 'spec.podManagementPolicy', value: 'OrderedReady' },
  {
    kinds: ['StatefulSet'],
    path: 'spec.updateStrategy',
    value: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
  },
  { kinds: ['StatefulSet'], path: 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted', value: 'Retain' },
  { kinds: ['StatefulSet'], path: 'spec.persistentVolumeClaimRetentionPolicy.whenScaled', value: 'Retain' },
  { kinds: ['DaemonSet'], path: 'spec.updateStrategy.rollingUpdate.maxSurge', value: 0 },
  { kinds: ['DaemonSet'], path: 'spec.updateStrategy.rollingUpdate.maxUnavailable', value: 1 },
  { kinds: ['Job'], path: 'spec.backoffLimit', value: 6 },
  { kinds: ['Job'], path: 'spec.completions', value: 1 },
  { kinds: ['Job'], path: 'spec.parallelism', value: 1 },
  { kinds: ['Job'], path: 'spec.completionMode', value: 'NonIndexed' },
  { kinds: ['Job'], path: 'spec.suspend', value: false },
  { kinds: ['Job'], path: 'spec.manualSelector', value: false },
  { kinds: ['Job'], path: 'spec.podReplacementPolicy', value: 'TerminatingOrFailed' },
  { kinds: ['Service'], path: 'spec.type', value: 'ClusterIP' },
  { kinds: ['Service'], path: 'spec.sessionAffinity', value: 'None' },
  { kinds: ['Service'], path: 'spec.internalTrafficPolicy', value: 'Cluster' },
  { kinds: ['Service'], path: 'spec.ports.*.protocol', value: 'TCP' },
  // Set for Services of type NodePort and LoadBalancer only; never other values on the others.
  { kinds: ['Service'], path: 'spec.externalTrafficPolicy', value: 'Cluster' },
  { kinds: ['Service'], path: 'spec.allocateLoadBalancerNodePorts', value: true },
  { kinds: ['PersistentVolumeClaim'], path: 'spec.volumeMode', value: 'Filesystem' },
  { kinds: ['PersistentVolume'], path: 'spec.volumeMode', value: 'Filesystem' },
  { kinds: ['PersistentVolume'], path: 'spec.persistentVolumeReclaimPolicy', value: 'Retain' },
  { kinds: ['RoleBinding', 'ClusterRoleBinding'], path: 'subjects.*.apiGroup', value: '' },
];

/** Every default the comparison leaves out. */
export const API_DEFAULTS: readonly DefaultRule[] = [
  ...OBJECT_DEFAULTS,
  ...podSpecPaths().flatMap(({ kinds, prefix }) =>
    POD_SPEC_DEFAULTS.map(([p, value]) => ({ kinds, path: `${prefix}.${p}`, value })),
  ),
];

/**
 * Fields the API server or a controller fills in with a value of its own (allocated, bound,
 * derived), left out when the other side does not set them: a Service's cluster IPs and node
 * ports, a claim's bound volume and storage class, a Job's generated selector. (A Service port's
 * `targetPort` defaults to the port itself: left out where it equals the port.)
 */
export const ALLOCATED_FIELDS: readonly FieldRule[] = [
  { kinds: ['Service'], path: 'spec.clusterIP' },
  { kinds: ['Service'], path: 'spec.clusterIPs' },
  { kinds: ['Service'], path: 'spec.ipFamilies' },
  { kinds: ['Service'], path: 'spec.ipFamilyPolicy' },
  { kinds: ['Service'], path: 'spec.ports.*.nodePort' },
  { kinds: ['Service'], path: 'spec.healthCheckNodePort' },
  { kinds: ['PersistentVolumeClaim'], path: 'spec.volumeName' },
  { kinds: ['PersistentVolumeClaim'], path: 'spec.storageClassName' },
  { kinds: ['PersistentVolume'], path: 'spec.claimRef' },
  { kinds: ['Job'], path: 'spec.selector' },
  { kinds: ['ServiceAccount'], path: 'secrets' },
  { kinds: ['*'], path: 'metadata.finalizers' },
  { kinds: ['*'], path: 'metadata.ownerReferences' },
];

/** Whether a rule's path matches a path of an object's fields (list items by index or by key). */
export function pathMatches(pattern: string, pathSegments: readonly string[]): boolean {
  const parts = pattern.split('.');
  return parts.length === pathSegments.length && parts.every((p, i) => p === '*' || p === pathSegments[i]);
}

/** Whether a rule applies to a kind. */
export function ruleApplies(rule: FieldRule, kind: string): boolean {
  return rule.kinds.includes('*') || rule.kinds.includes(kind);
}
