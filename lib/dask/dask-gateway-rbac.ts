/**
 * The gateway's ServiceAccounts and their rights: for each of the API server, the controller and
 * Traefik, exactly the API calls its code makes (a Role in the namespace, and a ClusterRole for
 * the informers that watch every namespace).
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DaskGatewayModel, GatewayComponent, gatewayLabels } from './dask-gateway-model';
import { clusterMeta, clusterScoped, objectMeta } from '../core/k8s';
import { givenAnnotations } from './dask-gateway-component-model';

/** Rules on DaskClusters (or their subresources). */
const daskclusters = (verbs: string[], resources = ['daskclusters']): k8s.PolicyRule => ({
  apiGroups: ['gateway.dask.org'],
  resources,
  verbs,
});

/** The three ServiceAccounts, then each one's Roles and bindings; none with `rbac: false` (the user's accounts). */
export function createGatewayRbac(scope: Construct, model: DaskGatewayModel): void {
  if (!model.components.rbac) return;
  const n = model.names;
  for (const [id, name, component] of [
    ['ApiServiceAccount', n.api, 'api'],
    ['ControllerServiceAccount', n.controller, 'controller'],
    ['TraefikServiceAccount', n.traefik, 'traefik'],
  ] as const) {
    const annotations = model.components[component].workload.serviceAccountAnnotations;
    new k8s.KubeServiceAccount(scope, id, {
      metadata: objectMeta(scope, name, gatewayLabels(model, component), givenAnnotations(annotations)),
      automountServiceAccountToken: true,
    });
  }
  createApiRbac(scope, model);
  createControllerRbac(scope, model);
  createTraefikRbac(scope, model);
}

/**
 * The API server: its informer lists and watches DaskClusters of every namespace (2026.3.0 calls
 * list_cluster_custom_object), so that pair is cluster-wide; the rest is this namespace.
 */
function createApiRbac(scope: Construct, model: DaskGatewayModel): void {
  createRbac(
    scope,
    model,
    'Api',
    'api',
    [daskclusters(['list', 'watch'])],
    [
      // start_cluster creates a DaskCluster; stop_cluster and the heartbeats patch it.
      daskclusters(['create', 'patch']),
      // Each running cluster's credentials (TLS key, token), read once by name.
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
    ],
  );
}

/**
 * The controller: informers on DaskClusters, pods and endpoints of every namespace
 * (list_cluster_custom_object, list_pod_for_all_namespaces, list_endpoints_for_all_namespaces).
 */
function createControllerRbac(scope: Construct, model: DaskGatewayModel): void {
  createRbac(
    scope,
    model,
    'Controller',
    'controller',
    [daskclusters(['list', 'watch']), { apiGroups: [''], resources: ['pods', 'endpoints'], verbs: ['list', 'watch'] }],
    [
      // Expired cluster records are deleted; the status is patched.
      daskclusters(['delete']),
      daskclusters(['patch'], ['daskclusters/status']),
      // Scheduler and worker pods and each cluster's credentials Secret: created and deleted.
      { apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['create', 'delete'] },
      // The scheduler's Service and its Traefik routes: created, then deleted with the scheduler pod (ownerReferences).
      { apiGroups: [''], resources: ['services'], verbs: ['create'] },
      { apiGroups: ['traefik.io'], resources: ['ingressroutes', 'ingressroutetcps'], verbs: ['create'] },
    ],
  );
}

/** Traefik watches this namespace only (--providers.kubernetescrd.namespaces) and no cluster-scoped kinds. */
function createTraefikRbac(scope: Construct, model: DaskGatewayModel): void {
  createRbac(
    scope,
    model,
    'Traefik',
    'traefik',
    [],
    [
      { apiGroups: [''], resources: ['services', 'secrets'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      {
        apiGroups: ['traefik.io'],
        resources: [
          'ingressroutes',
          'ingressroutetcps',
          'ingressrouteudps',
          'middlewares',
          'middlewaretcps',
          'serverstransports',
          'serverstransporttcps',
          'tlsoptions',
          'tlsstores',
          'traefikservices',
        ],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  );
}

/** A Role and binding in the namespace, and (if any rules) a ClusterRole and binding, for one account. */
function createRbac(
  scope: Construct,
  model: DaskGatewayModel,
  id: string,
  component: GatewayComponent,
  clusterRules: k8s.PolicyRule[],
  rules: k8s.PolicyRule[],
): void {
  const name = model.names[component];
  const labels = gatewayLabels(model, component);
  const subjects = [{ kind: 'ServiceAccount', name, namespace: model.namespace }];
  new k8s.KubeRole(scope, `${id}Role`, { metadata: objectMeta(scope, name, labels), rules });
  new k8s.KubeRoleBinding(scope, `${id}RoleBinding`, {
    metadata: objectMeta(scope, name, labels),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects,
  });
  if (clusterRules.length === 0) return;
  clusterScoped(
    new k8s.KubeClusterRole(scope, `${id}ClusterRole`, { metadata: clusterMeta(name, labels), rules: clusterRules }),
  );
  clusterScoped(
    new k8s.KubeClusterRoleBinding(scope, `${id}ClusterRoleBinding`, {
      metadata: clusterMeta(name, labels),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects,
    }),
  );
}
