/**
 * The gateway's ServiceAccount and its rights on kernels: namespaced rights in the one kernel
 * namespace, or cluster-wide rights with a namespace per kernel.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { clusterMeta, clusterScoped, objectMeta } from '../core/k8s';
import type { EnterpriseGatewayModel } from './enterprise-gateway-model';
import { KernelNamespaces } from './enterprise-gateway-props';

// What the gateway and its launcher call for kernels (processproxies/k8s.py, launch_kubernetes.py):
// create the kernel pod, list it by kernel_id while polling, delete it.
function podRules(): k8s.PolicyRule {
  return { apiGroups: [''], resources: ['pods'], verbs: ['create', 'list', 'delete'] };
}

/** The gateway's ServiceAccount (`ServiceAccount`), unless `rbac` is off (then it is the user's). */
export function createGatewayServiceAccount(scope: Construct, model: EnterpriseGatewayModel): void {
  if (!model.rbac) return;
  const annotations = model.workload.serviceAccountAnnotations;
  new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: objectMeta(
      scope,
      model.serviceAccountName,
      model.podLabels,
      Object.keys(annotations).length > 0 ? { ...annotations } : undefined,
    ),
    automountServiceAccountToken: true,
  });
}

/**
 * The gateway's rights on kernel pods (and namespaces), unless `rbac` is off, and the kernels' own
 * account (always: it has no rights) or ClusterRole.
 */
export function createGatewayRbac(scope: Construct, kernelScope: Construct, model: EnterpriseGatewayModel): void {
  if (model.kernels.mode !== KernelNamespaces.PER_KERNEL) createSharedNamespaceRbac(kernelScope, model);
  else if (model.rbac) createPerKernelRbac(scope, model);
}

function subjects(model: EnterpriseGatewayModel): k8s.Subject[] {
  return [{ kind: 'ServiceAccount', name: model.serviceAccountName, namespace: model.namespace }];
}

/** Kernels stay in one namespace: namespaced rights there only. */
function createSharedNamespaceRbac(scope: Construct, model: EnterpriseGatewayModel): void {
  const name = `${model.name}-controller`;
  if (model.rbac) createKernelRole(scope, model, name);
  const pullSecrets = model.kernels.imagePullSecrets;
  // The kernels' own account: no rights, no token.
  new k8s.KubeServiceAccount(scope, 'KernelServiceAccount', {
    metadata: objectMeta(scope, model.kernels.serviceAccountName, { ...model.podLabels, component: 'kernel' }),
    automountServiceAccountToken: false,
    ...(pullSecrets.length > 0 ? { imagePullSecrets: pullSecrets.map((name) => ({ name })) } : {}),
  });
}

function createKernelRole(scope: Construct, model: EnterpriseGatewayModel, name: string): void {
  new k8s.KubeRole(scope, 'KernelRole', {
    metadata: objectMeta(scope, name, model.podLabels),
    rules: [podRules()],
  });
  new k8s.KubeRoleBinding(scope, 'KernelRoleBinding', {
    metadata: objectMeta(scope, name, model.podLabels),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: subjects(model),
  });
}

/** A namespace per kernel: cluster-wide rights, and the ClusterRole the kernels get in theirs. */
function createPerKernelRbac(scope: Construct, model: EnterpriseGatewayModel): void {
  const name = `${model.name}-controller`;
  clusterScoped(
    new k8s.KubeClusterRole(scope, 'ClusterRole', {
      metadata: clusterMeta(name, model.podLabels),
      rules: [
        // Kernel pods live in namespaces the gateway creates, so pod rights are cluster-wide.
        podRules(),
        // A namespace per kernel, deleted (with everything in it) when the kernel stops.
        { apiGroups: [''], resources: ['namespaces'], verbs: ['create', 'delete'] },
        // In each kernel namespace, a RoleBinding of the kernel service account to the kernel ClusterRole.
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['create'] },
        // Binding a ClusterRole needs its rights or 'bind' on it; 'bind' on exactly that role.
        {
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['clusterroles'],
          verbs: ['bind'],
          resourceNames: [model.kernels.clusterRole],
        },
      ],
    }),
  );
  clusterScoped(
    new k8s.KubeClusterRoleBinding(scope, 'ClusterRoleBinding', {
      metadata: clusterMeta(name, model.podLabels),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: subjects(model),
    }),
  );
  clusterScoped(
    new k8s.KubeClusterRole(scope, 'KernelClusterRole', {
      metadata: clusterMeta(model.kernels.clusterRole, { ...model.podLabels, component: 'kernel' }),
      rules: [...model.kernels.rules],
    }),
  );
}
