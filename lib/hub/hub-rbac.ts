/**
 * The hub's ServiceAccount and Roles: what KubeSpawner needs (pods, events, the storage's rules)
 * and, when a Secret is generated in the cluster, `create` on Secrets for the `secret-init` container.
 * @internal
 */
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { objectMeta } from '../core/k8s';
import type { HubModel } from './hub-model';

/** A Role and its binding to the hub's ServiceAccount. */
export function createRoleAndBinding(
  scope: Construct,
  id: string,
  name: string,
  labels: { [key: string]: string },
  rules: k8s.PolicyRule[],
  serviceAccount: string,
): void {
  new k8s.KubeRole(scope, id, { metadata: objectMeta(scope, name, labels), rules });
  new k8s.KubeRoleBinding(scope, `${id}Binding`, {
    metadata: objectMeta(scope, name, labels),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount }],
  });
}

/** The hub's ServiceAccount, its Role and, for a Secret generated in the cluster (the hub's or its login's), the secret-init Role. */
export function createHubRbac(scope: Construct, model: HubModel, labels: { [key: string]: string }): void {
  const names = model.names;
  const account = model.pod.serviceAccountName;
  if (model.pod.createServiceAccount) {
    new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
      metadata: objectMeta(scope, account, labels, model.serviceAccountAnnotations),
      automountServiceAccountToken: true,
    });
  }
  // Bring-your-own RBAC: the user binds the rules HubProps.createRbac lists.
  if (!model.pod.createRbac) return;
  const rules: k8s.PolicyRule[] = [
    // KubeSpawner keeps a watch-based cache of user pods and creates and deletes them.
    { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch', 'create', 'delete'] },
    // Spawn progress in the UI comes from a watch on pod events.
    { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
    // What the user storage needs (a claim per user: get and create).
    ...model.singleUser.storage.hubRules,
  ];
  createRoleAndBinding(scope, 'Role', names.hub, labels, rules, account);
  if (model.secret.generatedInCluster || model.authenticator.generatedSecrets.length > 0) {
    // Only for the init container that creates the hub Secret (and the login Secret) once. RBAC cannot narrow 'create'
    // to one name; there is deliberately no get/list/update, so the pod can never read or
    // overwrite an existing Secret through the API.
    createRoleAndBinding(scope, 'SecretInitRole', names.secretInit, labels, secretCreateRules(), account);
  }
}

/** `create` on Secrets, and nothing else. */
export function secretCreateRules(): k8s.PolicyRule[] {
  return [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }];
}
