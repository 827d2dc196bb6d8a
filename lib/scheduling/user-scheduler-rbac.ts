/**
 * What the user scheduler's kube-scheduler may do: reads cluster-wide, writes in the hub's
 * namespace only.
 * @internal
 */
import type { k8s } from 'cdk8s-plus-27';

/** What kube-scheduler reads and writes cluster-wide (nodes, volumes, storage, delegated auth). */
export function schedulerClusterRules(): k8s.PolicyRule[] {
  const read = ['get', 'list', 'watch'];
  return [
    {
      apiGroups: [''],
      resources: [
        'nodes',
        'pods',
        'namespaces',
        'services',
        'replicationcontrollers',
        'persistentvolumeclaims',
        'persistentvolumes',
      ],
      verbs: read,
    },
    // Binding a claim to a volume (WaitForFirstConsumer) updates the cluster-scoped volume.
    { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['patch', 'update'] },
    { apiGroups: ['apps'], resources: ['replicasets', 'statefulsets'], verbs: read },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: read },
    {
      apiGroups: ['storage.k8s.io'],
      resources: ['storageclasses', 'csinodes', 'csidrivers', 'csistoragecapacities', 'volumeattachments'],
      verbs: read,
    },
    { apiGroups: ['resource.k8s.io'], resources: ['deviceclasses', 'resourceclaims', 'resourceslices'], verbs: read },
    // Delegated authentication and authorization of requests to its health port.
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  ];
}

/** What kube-scheduler writes in the hub's namespace: events, its lease, bindings, preemption. */
export function schedulerNamespaceRules(lockName: string): k8s.PolicyRule[] {
  return [
    { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    {
      apiGroups: ['coordination.k8s.io'],
      resources: ['leases'],
      resourceNames: [lockName],
      verbs: ['get', 'list', 'update', 'watch'],
    },
    {
      apiGroups: ['coordination.k8s.io'],
      resources: ['leasecandidates'],
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    },
    { apiGroups: [''], resources: ['bindings', 'pods/binding'], verbs: ['create'] },
    { apiGroups: [''], resources: ['pods/status'], verbs: ['patch', 'update'] },
    // Preemption: a user server evicts a placeholder (of this namespace only).
    { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
    { apiGroups: [''], resources: ['pods/finalizers'], verbs: ['update'] },
    { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['patch', 'update'] },
    {
      apiGroups: ['resource.k8s.io'],
      resources: ['resourceclaims', 'resourceclaims/status', 'resourceclaims/binding'],
      verbs: ['patch', 'update'],
    },
  ];
}
