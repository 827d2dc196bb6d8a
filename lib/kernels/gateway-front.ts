/**
 * The gateway front of one hub: a Deployment in the hub's namespace running
 * `gateway-front-script.ts`'s program with the hub image, its Service, ConfigMap, ServiceAccount
 * (a `list pods` right on the kernels' pods, for their owners), NetworkPolicy and hub service
 * (its token identifies the users' tokens at `/hub/api/user`).
 *
 * Its own Deployment rather than a hub-managed service: a managed service runs inside the hub pod,
 * which holds the hub's database, cookie secret and Kubernetes rights; the front takes requests
 * from every user's server, so it runs apart with only the rights it uses, and the gateway's
 * NetworkPolicy can name it (and nothing else) as the only client of the API port.
 *
 * The gateway's token is mirrored into the hub's namespace (`gateway-token-init.ts`) and now only
 * the front reads it; each user's server sends its own `JUPYTERHUB_API_TOKEN`.
 * @internal
 */
import { Lazy, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { ACCESS_LABELS, API_SERVER_PORTS, IDS, IMAGES, PORTS } from '../core/constants';
import {
  checksum,
  clusterMeta,
  clusterScoped,
  dnsEgress,
  podPeer,
  resources,
  restrictedContainer,
  restrictedPod,
  tcpPorts,
} from '../core/k8s';
import { HubComponent, type HubIntegrationConfig, type IHub } from '../hub/hub-integration';
import { pullSecretsField } from '../core/pull-secrets';
import { applyWorkload } from '../core/workload-options';
import { HubService } from '../hub/hub-service';
import type { EnterpriseGatewayModel } from './enterprise-gateway-model';
import { CLIENT_KERNEL_ENV, gatewayFrontScript } from './gateway-front-script';
import { createFrontIngress } from './gateway-ingress';
import { namespacedPeer } from './gateway-network-policies';
import { gatewayLabels, TOKEN_KEY } from './kernel-constants';

const SCRIPT_DIR = '/etc/gateway-front';

/** The front of one hub, in that hub's namespace. */
export interface GatewayFront {
  readonly name: string;
  readonly namespace: string;
  /** Labels of its pods. */
  readonly podLabels: { [key: string]: string };
  /** URL the hub's users' servers reach it at (their `JUPYTER_GATEWAY_URL`). */
  readonly url: string;
}

/** The front's name, Service and pods for the hub in `hubNamespace` (the `index`th hub of the gateway). */
export function gatewayFrontOf(model: EnterpriseGatewayModel, hubNamespace: string, index: number): GatewayFront {
  const name = `${model.name}-front${index > 1 ? `-${index}` : ''}`;
  return {
    name,
    namespace: hubNamespace,
    podLabels: gatewayLabels(model.name, name.slice(model.name.length + 1)),
    url: `http://${name}.${hubNamespace}:${model.port}${model.ingress?.basePath ?? ''}`,
  };
}

/**
 * Every object of the front, and what it adds to the hub: its hub service and the users'
 * servers' way to it (the server sends its own token: `$(JUPYTERHUB_API_TOKEN)`).
 */
export function createGatewayFront(
  scope: Construct,
  model: EnterpriseGatewayModel,
  hub: IHub,
  front: GatewayFront,
  homePath: string | undefined,
): HubIntegrationConfig {
  const id = front.name
    .slice(model.name.length + 1)
    .replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
  const service = new HubService(scope, `${id}HubService`, {
    name: front.name,
    display: false,
    description: `Enterprise Gateway front: identifies users' tokens, forces their identity on kernels`,
  });
  const serviceConfig = service.bindToHub(hub);
  const meta = { name: front.name, namespace: front.namespace, labels: { ...front.podLabels } };
  const script = gatewayFrontScript(model.ingress?.basePath);
  new k8s.KubeConfigMap(scope, `${id}Config`, { metadata: meta, data: { 'gateway_front.py': script } });
  new k8s.KubeServiceAccount(scope, `${id}ServiceAccount`, { metadata: meta, automountServiceAccountToken: false });
  createFrontRbac(scope, model, front, id);
  const env = frontEnv(model, hub, front, service, homePath);
  const history = model.frontWorkload.revisionHistoryLimit;
  new k8s.KubeDeployment(scope, `${id}Deployment`, {
    metadata: meta,
    spec: {
      replicas: 1,
      ...(history !== undefined ? { revisionHistoryLimit: history } : {}),
      selector: { matchLabels: { ...front.podLabels } },
      template: applyWorkload(model.frontWorkload, frontPodTemplate(model, hub, front, env, script)),
    },
  });
  if (model.ingress) createFrontIngress(scope, id, meta, model.ingress, model.port);
  new k8s.KubeService(scope, `${id}Service`, {
    metadata: meta,
    spec: {
      selector: { ...front.podLabels },
      ports: [{ name: 'http', port: model.port, targetPort: k8s.IntOrString.fromNumber(model.port) }],
    },
  });
  if (model.networkPolicy) createFrontNetworkPolicy(scope, model, hub, front, id);
  return serviceConfig;
}

function frontEnv(
  model: EnterpriseGatewayModel,
  hub: IHub,
  front: GatewayFront,
  service: HubService,
  homePath: string | undefined,
): k8s.EnvVar[] {
  return [
    { name: 'JUPYTERHUB_API_TOKEN', valueFrom: { secretKeyRef: service.apiTokenRef } },
    { name: 'JUPYTERHUB_API_URL', value: `http://${hub.serviceName}:${hub.port}${hub.baseUrl}hub/api` },
    { name: 'FRONT_GATEWAY_URL', value: model.url },
    { name: 'FRONT_GATEWAY_TOKEN', valueFrom: { secretKeyRef: { name: model.tokenSecretName, key: TOKEN_KEY } } },
    { name: 'FRONT_ADMIN_USERS', value: JSON.stringify(model.adminUsers) },
    { name: 'FRONT_CLIENT_KERNEL_ENV', value: JSON.stringify(CLIENT_KERNEL_ENV) },
    ...(homePath !== undefined ? [{ name: 'FRONT_HOME_NFS_PATH_TEMPLATE', value: homePath }] : []),
    { name: 'FRONT_KERNEL_NAMESPACE', value: model.kernels.namespace ?? '' },
    { name: 'FRONT_PORT', value: String(model.port) },
    { name: 'FRONT_NAME', value: front.name },
  ];
}

/**
 * The front's pod, in the hub's namespace: it pulls with the hub's Secrets
 * (`HubProps.imagePullSecrets`), then `frontWorkload.imagePullSecrets` (`applyWorkload`).
 */
function frontPodTemplate(
  model: EnterpriseGatewayModel,
  hub: IHub,
  front: GatewayFront,
  env: k8s.EnvVar[],
  script: string,
): k8s.PodTemplateSpec {
  return {
    metadata: {
      // The hub's NetworkPolicy admits pods with this label to its API (the front asks it who a token is).
      labels: { ...front.podLabels, ...model.commonLabels, [ACCESS_LABELS.hub]: 'true' },
      annotations: { 'checksum/script': checksum(script) },
    },
    spec: {
      serviceAccountName: front.name,
      // Its token reads the kernel pods' owner labels (the front's only right).
      automountServiceAccountToken: true,
      securityContext: restrictedPod(),
      ...model.deployment.placement,
      ...pullSecretsField(hub.imagePullSecrets),
      containers: [
        {
          name: 'front',
          // The hub image: JupyterHub's HubAuth, tornado and kubespawner.slugs.
          image: IMAGES.hub,
          imagePullPolicy: 'IfNotPresent',
          command: ['python3', `${SCRIPT_DIR}/gateway_front.py`],
          env,
          ports: [{ name: 'http', containerPort: model.port }],
          readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(model.port) }, periodSeconds: 10 },
          resources: resources('gatewayFront', undefined, {
            cpuRequest: '50m',
            cpuLimit: '500m',
            memoryRequest: Size.mebibytes(128),
            memoryLimit: Size.mebibytes(256),
          }),
          securityContext: restrictedContainer(IDS.hub, IDS.hub, true),
          volumeMounts: [{ name: 'script', mountPath: SCRIPT_DIR, readOnly: true }],
        },
      ],
      volumes: [{ name: 'script', configMap: { name: front.name, defaultMode: 0o444 } }],
    },
  };
}

/** `list pods` on the kernels' pods: in their namespace, or cluster-wide with a namespace per kernel. */
function createFrontRbac(scope: Construct, model: EnterpriseGatewayModel, front: GatewayFront, id: string): void {
  const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }];
  const subjects = [{ kind: 'ServiceAccount', name: front.name, namespace: front.namespace }];
  const roleName = `${front.name}-${front.namespace}`.slice(0, 63);
  if (model.kernels.namespace === undefined) {
    clusterScoped(
      new k8s.KubeClusterRole(scope, `${id}ClusterRole`, { metadata: clusterMeta(roleName, front.podLabels), rules }),
    );
    clusterScoped(
      new k8s.KubeClusterRoleBinding(scope, `${id}ClusterRoleBinding`, {
        metadata: clusterMeta(roleName, front.podLabels),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
        subjects,
      }),
    );
    return;
  }
  const meta = { name: roleName, namespace: model.kernels.namespace, labels: { ...front.podLabels } };
  new k8s.KubeRole(scope, `${id}Role`, { metadata: meta, rules });
  new k8s.KubeRoleBinding(scope, `${id}RoleBinding`, {
    metadata: meta,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
    subjects,
  });
}

function createFrontNetworkPolicy(
  scope: Construct,
  model: EnterpriseGatewayModel,
  hub: IHub,
  front: GatewayFront,
  id: string,
): void {
  new k8s.KubeNetworkPolicy(scope, `${id}NetworkPolicy`, {
    metadata: { name: front.name, namespace: front.namespace, labels: { ...front.podLabels } },
    spec: Lazy.any({
      produce: (): k8s.NetworkPolicySpec => ({
        podSelector: { matchLabels: { ...front.podLabels } },
        policyTypes: ['Ingress', 'Egress'],
        // The hub's users' servers only; with an Ingress any source (the controller's pods are
        // not known here): every request still needs a hub user's token.
        ingress: [
          model.ingress
            ? { ports: tcpPorts(model.port) }
            : { from: [podPeer(hub.singleUserPodLabels)], ports: tcpPorts(model.port) },
        ],
        egress: [
          { to: [namespacedPeer(model.podLabels, model.namespace, front.namespace)], ports: tcpPorts(model.port) },
          // Kernel websockets are relayed by the gateway; the front never reaches a kernel.
          { to: [podPeer(hub.podLabels(HubComponent.HUB))], ports: tcpPorts(PORTS.hub) },
          dnsEgress(),
          { ports: tcpPorts(...API_SERVER_PORTS) },
        ],
      }),
    }),
  });
}
