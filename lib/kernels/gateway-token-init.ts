/**
 * The gateway's token: created in the cluster by the gateway pod's `token-init` container, with
 * the same value in the gateway's namespace and in each hub's (a Secret cannot be read across
 * namespaces). Never in the manifests.
 * @internal
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { objectMeta } from '../core/k8s';
import { renderSecretInitScript } from '../hub/secret-init-script';
import type { EnterpriseGatewayModel, GatewayBindings } from './enterprise-gateway-model';
import { TOKEN_KEY } from './kernel-constants';

/** Name of the token-init ConfigMap, Roles and RoleBindings. */
export function tokenInitName(model: EnterpriseGatewayModel): string {
  return `${model.name}-token-init`;
}

/** The rights on the token in the gateway's namespace (`TokenInit*`) and the ConfigMap with the script. */
export function createTokenInit(scope: Construct, model: EnterpriseGatewayModel, bindings: GatewayBindings): void {
  createTokenRole(scope, model, 'TokenInit', model.namespace);
  new k8s.KubeConfigMap(scope, 'TokenInitConfig', {
    metadata: objectMeta(scope, tokenInitName(model), model.podLabels),
    data: Lazy.any({ produce: () => ({ 'secret_init.py': tokenInitScript(model, bindings) }) }),
  });
}

/** The `token-init` container's script: the token Secret in the gateway's namespace and in each hub's. */
export function tokenInitScript(model: EnterpriseGatewayModel, bindings: GatewayBindings): string {
  const namespaces = [model.namespace, ...bindings.hubs.map((h) => h.namespace).filter((n) => n !== model.namespace)];
  return renderSecretInitScript({
    secrets: [
      {
        name: model.tokenSecretName,
        keys: [TOKEN_KEY],
        labels: { ...model.podLabels, component: 'token' },
        namespaces: [...new Set(namespaces)],
      },
    ],
  });
}

/** Rights of the gateway's account on exactly the token Secret in `namespace`: read it, and create it. */
export function createTokenRole(scope: Construct, model: EnterpriseGatewayModel, id: string, namespace: string): void {
  const name = tokenInitName(model);
  const meta = { name, namespace, labels: { ...model.podLabels } };
  new k8s.KubeRole(scope, `${id}Role`, {
    metadata: meta,
    rules: [
      // RBAC cannot narrow 'create' to a name; 'get' is narrowed to the token Secret.
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [model.tokenSecretName] },
    ],
  });
  new k8s.KubeRoleBinding(scope, `${id}RoleBinding`, {
    metadata: meta,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name: model.serviceAccountName, namespace: model.namespace }],
  });
}
