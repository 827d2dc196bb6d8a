/**
 * The gateway's token: created in the cluster by a Job of its own (`TokenInitJob`), with the same
 * value in the gateway's namespace and in each hub's (a Secret cannot be read across namespaces).
 * Never in the manifests.
 *
 * A ServiceAccount belongs to a pod, not to a container: the Job's pod has an account of its own
 * (`<name>-token-init`), the only one with rights on the token Secrets, so the gateway's account
 * has none (the kubelet reads `EG_AUTH_TOKEN`'s `secretKeyRef`, not the gateway). The gateway
 * container waits for the Secret before it starts.
 * @internal
 */
import { Lazy, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { API_SERVER_PORTS } from '../core/constants';
import { checksum, objectMeta, resources, restrictedContainer, restrictedPod, tcpPorts } from '../core/k8s';
import { renderSecretInitScript } from '../hub/secret-init-script';
import type { EnterpriseGatewayModel, GatewayBindings } from './enterprise-gateway-model';
import { GATEWAY, gatewayLabels, TOKEN_KEY } from './kernel-constants';

const SCRIPT_DIR = '/etc/eg-token-init';

/** Name of the token-init ConfigMap, ServiceAccount, Roles, RoleBindings and NetworkPolicy. */
export function tokenInitName(model: EnterpriseGatewayModel): string {
  return `${model.name}-token-init`;
}

/**
 * Everything that makes the token: the rights on it in the gateway's namespace (`TokenInit*`),
 * the ConfigMap with the script, the Job's ServiceAccount, the Job, and its NetworkPolicy.
 */
export function createTokenInit(scope: Construct, model: EnterpriseGatewayModel, bindings: GatewayBindings): void {
  const name = tokenInitName(model);
  const labels = gatewayLabels(model.name, 'token-init');
  createTokenRole(scope, model, 'TokenInit', model.namespace);
  new k8s.KubeConfigMap(scope, 'TokenInitConfig', {
    metadata: objectMeta(scope, name, model.podLabels),
    data: Lazy.any({ produce: () => ({ 'secret_init.py': tokenInitScript(model, bindings) }) }),
  });
  new k8s.KubeServiceAccount(scope, 'TokenInitServiceAccount', {
    metadata: objectMeta(scope, name, labels),
    // Mounted by the Job's pod only, which asks for it.
    automountServiceAccountToken: false,
  });
  const template = () => tokenInitPodTemplate(model, bindings, labels);
  new k8s.KubeJob(scope, 'TokenInitJob', {
    // A Job's pod template cannot change; what it runs is in its name, so a change (a new hub
    // namespace, another image) is a new Job, which runs again. The script keeps existing copies.
    metadata: {
      ...objectMeta(scope, name, labels),
      name: Lazy.any({ produce: () => tokenJobName(model, template()) }) as unknown as string,
    },
    spec: {
      // Retried with the kubelet's back-off (up to 6 minutes apart) while a hub namespace or
      // the Roles are not there yet.
      backoffLimit: 20,
      template: Lazy.any({ produce: template }),
    },
  });
  if (model.networkPolicy) {
    new k8s.KubeNetworkPolicy(scope, 'TokenInitNetworkPolicy', {
      metadata: objectMeta(scope, name, labels),
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress', 'Egress'],
        // The Kubernetes API only (its address is outside any pod selector; no DNS: it is
        // reached at KUBERNETES_SERVICE_HOST).
        egress: [{ ports: tcpPorts(...API_SERVER_PORTS) }],
      },
    });
  }
}

/** `<name>-token-init-<hash of the pod template>`, at most 63 characters (Job names label their pods). */
function tokenJobName(model: EnterpriseGatewayModel, template: k8s.PodTemplateSpec): string {
  const hash = checksum(JSON.stringify(k8s.toJson_PodTemplateSpec(template))).slice(0, 10);
  return `${tokenInitName(model).slice(0, 63 - hash.length - 1)}-${hash}`;
}

function tokenInitPodTemplate(
  model: EnterpriseGatewayModel,
  bindings: GatewayBindings,
  labels: { [key: string]: string },
): k8s.PodTemplateSpec {
  return {
    // The script is in the ConfigMap: its checksum makes a new script a new template, so a new Job.
    metadata: {
      labels: { ...labels, ...model.commonLabels },
      annotations: { 'checksum/token-init': checksum(tokenInitScript(model, bindings)) },
    },
    spec: {
      serviceAccountName: tokenInitName(model),
      automountServiceAccountToken: true,
      restartPolicy: 'OnFailure',
      securityContext: restrictedPod(),
      ...model.deployment.placement,
      containers: [
        {
          name: 'token-init',
          // The gateway image has Python, which the script needs (standard library only).
          image: model.deployment.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['python3', `${SCRIPT_DIR}/secret_init.py`],
          resources: resources('initContainers', undefined, {
            cpuRequest: '50m',
            cpuLimit: '200m',
            memoryRequest: Size.mebibytes(64),
            memoryLimit: Size.mebibytes(128),
          }),
          securityContext: restrictedContainer(GATEWAY.uid, GATEWAY.gid, true),
          volumeMounts: [{ name: 'token-init', mountPath: SCRIPT_DIR, readOnly: true }],
        },
      ],
      volumes: [{ name: 'token-init', configMap: { name: tokenInitName(model), defaultMode: 0o444 } }],
    },
  };
}

/** The Job's script: the token Secret in the gateway's namespace and in each hub's. */
export function tokenInitScript(model: EnterpriseGatewayModel, bindings: GatewayBindings): string {
  const namespaces = [model.namespace, ...bindings.hubs.map((h) => h.namespace).filter((n) => n !== model.namespace)];
  return renderSecretInitScript({
    secrets: [
      {
        name: model.tokenSecretName,
        keys: [TOKEN_KEY],
        labels: { ...model.podLabels, component: 'token' },
        namespaces: [...new Set(namespaces)],
        ...(model.tokenSecretProvided ? { source: model.namespace } : {}),
      },
    ],
  });
}

/** Rights of the token Job's account on exactly the token Secret in `namespace`: read it, and create it. */
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
    subjects: [{ kind: 'ServiceAccount', name, namespace: model.namespace }],
  });
}
