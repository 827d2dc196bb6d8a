/**
 * The gateway's hub service token, for a gateway in a namespace of its own: a Secret cannot be read
 * across namespaces, so a Job mirrors it, the same value in the hub's namespace (where the hub
 * reads it) and in the gateway's (where the API server reads it). The Job is the token's one
 * generator (the hub's `secret-init` does not make this one, so no two generators race): the
 * hub's pod waits for the Secret as the API server's does. Never in the manifests.
 *
 * With `apiTokenSecret` the API token is the user's Secret in the hub's namespace: the Job copies
 * it into the gateway's (the hub's namespace is the source, the one the gateway's pods cannot write).
 *
 * The Job runs in the hub's namespace, with an account of its own: no pod of the gateway's
 * namespace (Traefik, the API server, the controller, the clusters, all reached by users' code)
 * has any right there. The pattern of the Enterprise Gateway's token (`lib/kernels/gateway-token-init.ts`),
 * with the hub's `secret_init.py` generator.
 * @internal
 */
import { Lazy, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { DaskGatewayModel } from './dask-gateway-model';
import { gatewayLabels } from './dask-gateway-model';
import { DASK_UID } from './dask-constants';
import { renderSecretInitScript } from '../hub/secret-init-script';
import { API_SERVER_PORTS } from '../core/constants';
import { checksum, resources, restrictedContainer, restrictedPod, tcpPorts } from '../core/k8s';
import { pullSecretsField } from '../core/pull-secrets';

const SCRIPT_DIR = '/etc/dask-token-mirror';

/** The token's Secret name and key. */
export interface MirroredToken {
  readonly secretName: string;
  readonly key: string;
  /** Whether the user creates the Secret in the hub's namespace (`apiTokenSecret`): copied from there, never generated. */
  readonly provided?: boolean;
}

/** The Job, its account, its rights on exactly the tokens in both namespaces, its script and its NetworkPolicy. */
export function createTokenMirror(scope: Construct, model: DaskGatewayModel, tokens: readonly MirroredToken[]): void {
  const name = model.names.tokenMirror;
  const labels = gatewayLabels(model, 'token-mirror');
  const meta = (namespace: string) => ({ name, namespace, labels });
  const script = renderSecretInitScript({
    secrets: tokens.map((token) => ({
      name: token.secretName,
      keys: [token.key],
      labels: { ...gatewayLabels(model, 'api'), component: 'token' },
      namespaces: [model.hubNamespace, model.namespace],
      // `secret-init-script.ts`: with a source, the script copies that copy and generates nothing.
      ...(token.provided ? { source: model.hubNamespace } : {}),
    })),
  });
  createTokenMirrorRoles(
    scope,
    model,
    tokens.map((t) => t.secretName),
  );
  new k8s.KubeConfigMap(scope, 'TokenMirrorConfig', {
    metadata: meta(model.hubNamespace),
    data: { 'secret_init.py': script },
  });
  new k8s.KubeServiceAccount(scope, 'TokenMirrorServiceAccount', {
    metadata: meta(model.hubNamespace),
    // Mounted by the Job's pod only, which asks for it.
    automountServiceAccountToken: false,
  });
  const template = tokenMirrorPodTemplate(model, labels, checksum(script));
  const hash = checksum(JSON.stringify(k8s.toJson_PodTemplateSpec(template))).slice(0, 10);
  new k8s.KubeJob(scope, 'TokenMirrorJob', {
    // A Job's pod template cannot change: what it runs is in its name, so a change is a new Job,
    // which runs again (the script keeps existing copies).
    metadata: { ...meta(model.hubNamespace), name: `${name.slice(0, 63 - hash.length - 1)}-${hash}` },
    // Retried with the kubelet's back-off while the gateway's namespace or the Roles are not there yet.
    spec: { backoffLimit: 20, template: Lazy.any({ produce: () => template }) },
  });
  if (model.networkPolicy) {
    new k8s.KubeNetworkPolicy(scope, 'TokenMirrorNetworkPolicy', {
      metadata: meta(model.hubNamespace),
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress', 'Egress'],
        // The Kubernetes API only (reached at KUBERNETES_SERVICE_HOST: no DNS).
        egress: [{ ports: tcpPorts(...API_SERVER_PORTS) }],
      },
    });
  }
}

/** The mirror's rights on exactly the token Secrets, in the hub's namespace and in the gateway's. */
function createTokenMirrorRoles(scope: Construct, model: DaskGatewayModel, secretNames: readonly string[]): void {
  const name = model.names.tokenMirror;
  const meta = (namespace: string) => ({ name, namespace, labels: gatewayLabels(model, 'token-mirror') });
  for (const [id, namespace] of [
    ['TokenMirrorHub', model.hubNamespace],
    ['TokenMirrorGateway', model.namespace],
  ] as const) {
    new k8s.KubeRole(scope, `${id}Role`, {
      metadata: meta(namespace),
      rules: [
        // RBAC cannot narrow 'create' to a name; 'get' is narrowed to the token Secret.
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [...secretNames] },
      ],
    });
    new k8s.KubeRoleBinding(scope, `${id}RoleBinding`, {
      metadata: meta(namespace),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: model.hubNamespace }],
    });
  }
}

function tokenMirrorPodTemplate(
  model: DaskGatewayModel,
  labels: { [key: string]: string },
  scriptChecksum: string,
): k8s.PodTemplateSpec {
  const name = model.names.tokenMirror;
  return {
    metadata: { labels, annotations: { 'checksum/token-mirror': scriptChecksum } },
    spec: {
      serviceAccountName: name,
      automountServiceAccountToken: true,
      restartPolicy: 'OnFailure',
      securityContext: restrictedPod(),
      ...model.placement,
      // In the hub's namespace: the hub's pull secrets (`HubProps.imagePullSecrets`).
      ...pullSecretsField(model.hubImagePullSecrets),
      containers: [
        {
          name: 'token-mirror',
          // The gateway server image has Python, which the script needs (standard library only).
          image: model.serverImage,
          imagePullPolicy: 'IfNotPresent',
          command: ['python3', `${SCRIPT_DIR}/secret_init.py`],
          resources: resources('resources', undefined, {
            cpuRequest: '50m',
            cpuLimit: '200m',
            memoryRequest: Size.mebibytes(64),
            memoryLimit: Size.mebibytes(128),
          }),
          securityContext: restrictedContainer(DASK_UID, DASK_UID, true),
          volumeMounts: [{ name: 'token-mirror', mountPath: SCRIPT_DIR, readOnly: true }],
        },
      ],
      volumes: [{ name: 'token-mirror', configMap: { name, defaultMode: 0o444 } }],
    },
  };
}
