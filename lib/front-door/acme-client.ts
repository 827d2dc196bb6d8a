/**
 * The ACME client of `IngressTls.acme()` in the proxy pod, next to nginx: its ConfigMap
 * (`acme.sh`, `acme_sync.py`), the Secret that keeps its state (empty in the manifests), the Role
 * that lets the pod get and patch exactly that Secret, and the containers and volumes the front
 * door adds to the pod. See docs/customizing.md, "Automatic HTTPS", for the design.
 * @internal
 */
import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AcmeClientModel, renderAcmeScript, renderAcmeSyncScript } from './acme-client-script';
import type { AcmeSettings } from './ingress-tls';
import { API_SERVER_PORTS, HubNames, IDS, PORTS } from '../core/constants';
import { checksum, objectMeta, resources, restrictedContainer, tcpPorts } from '../core/k8s';

/** Mount paths of the ACME client's volumes (each its own volume). */
export const ACME_PATHS = {
  clientDir: '/etc/acme-client',
  script: '/etc/acme-client/acme.sh',
  syncScript: '/etc/acme-client/acme_sync.py',
  state: '/var/lib/acme-state',
  webroot: '/var/lib/acme-webroot',
  tlsDir: '/var/lib/acme-tls',
  tlsFile: '/var/lib/acme-tls/tls.pem',
  serviceAccount: '/var/run/secrets/kubernetes.io/serviceaccount',
} as const;

/** lego's binary in the goacme/lego image (its buildx Dockerfile copies it to `/`). */
export const LEGO_BINARY = '/lego';

/**
 * The user the client and the state containers run as; their group is nginx's, which may read
 * the published key (files 0640) and the challenge files.
 */
export const ACME_UID = 65532;

/** The key of the Secret that holds the state (lego's files as JSON). */
export const ACME_SECRET_KEY = 'acme-state.json';

/** Names of the client's objects. */
export function acmeNames(names: HubNames): { configMap: string; secret: string; role: string } {
  return {
    configMap: `${names.prefix}proxy-acme-client`,
    secret: `${names.prefix}proxy-acme`,
    role: `${names.prefix}proxy-acme`,
  };
}

/** What the client adds to the proxy pod. */
export interface AcmePodParts {
  readonly initContainers: k8s.Container[];
  readonly containers: k8s.Container[];
  readonly volumes: k8s.Volume[];
  /** nginx's mounts: the challenge directory and the published certificate, read-only. */
  readonly nginxMounts: k8s.VolumeMount[];
  readonly egress: k8s.NetworkPolicyEgressRule[];
  readonly podAnnotations: { [key: string]: string };
}

/** The generator's model from the validated settings. */
export function acmeClientModel(s: AcmeSettings, names: HubNames): AcmeClientModel {
  return {
    legoBinary: LEGO_BINARY,
    stateDir: ACME_PATHS.state,
    webrootDir: ACME_PATHS.webroot,
    tlsFile: ACME_PATHS.tlsFile,
    nginxUrl: `http://127.0.0.1:${PORTS.nginxHttp}`,
    directoryUrl: s.directoryUrl,
    email: s.email,
    keyType: 'ec256',
    hosts: s.hosts,
    renewDays: s.renewDays,
    checkSeconds: 12 * 3600,
    checkJitterSeconds: 3600,
    retryFirstSeconds: 120,
    retryMaxSeconds: 3600,
    settleSeconds: 10,
    secretName: acmeNames(names).secret,
    secretKey: ACME_SECRET_KEY,
    serviceAccountDir: ACME_PATHS.serviceAccount,
    syncIntervalSeconds: 10,
  };
}

/** The client's ConfigMap (its two scripts), state Secret, Role and RoleBinding; returns the scripts. */
function createAcmeObjects(
  scope: Construct,
  s: AcmeSettings,
  names: HubNames,
  labels: { [key: string]: string },
): { script: string; sync: string } {
  const n = acmeNames(names);
  const model = acmeClientModel(s, names);
  const script = renderAcmeScript(model);
  const sync = renderAcmeSyncScript(model);
  new k8s.KubeConfigMap(scope, 'AcmeClient', {
    metadata: objectMeta(scope, n.configMap, labels),
    data: { 'acme.sh': script, 'acme_sync.py': sync },
  });
  // Empty in the manifests: acme_sync.py writes the state into it. `kubectl apply` leaves data it
  // did not write alone, so a re-apply keeps the account and the certificate.
  new k8s.KubeSecret(scope, 'AcmeState', {
    metadata: objectMeta(scope, n.secret, labels),
    type: 'Opaque',
  });
  // get and patch on that one Secret: no create (RBAC cannot narrow it to a name), no list.
  new k8s.KubeRole(scope, 'AcmeRole', {
    metadata: objectMeta(scope, n.role, labels),
    rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [n.secret], verbs: ['get', 'patch'] }],
  });
  new k8s.KubeRoleBinding(scope, 'AcmeRoleBinding', {
    metadata: objectMeta(scope, n.role, labels),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: n.role },
    subjects: [{ kind: 'ServiceAccount', name: names.proxy }],
  });
  return { script, sync };
}

/** The client's three containers: restoring the state (init), lego's loop, and saving the state. */
function acmeContainers(s: AcmeSettings): { initContainers: k8s.Container[]; containers: k8s.Container[] } {
  const security = restrictedContainer(ACME_UID, IDS.nginx, true);
  const client = { name: 'acme-client', mountPath: ACME_PATHS.clientDir, readOnly: true };
  const api = { name: 'acme-api', mountPath: ACME_PATHS.serviceAccount, readOnly: true };
  const small = resources('tls.resources', undefined, {
    cpuRequest: '10m',
    cpuLimit: '200m',
    memoryRequest: Size.mebibytes(32),
    memoryLimit: Size.mebibytes(128),
  });
  // The client (lego) and the two state containers each have their own resources (`tls.resources`, `tls.stateResources`).
  const state = s.stateResources ?? small;
  const container = (name: string, image: string, command: string[], volumeMounts: k8s.VolumeMount[]) => ({
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    command,
    securityContext: security,
    resources: name === 'acme' ? (s.resources ?? small) : state,
    volumeMounts,
  });
  return {
    initContainers: [
      container(
        'acme-restore',
        s.stateImage,
        ['python3', ACME_PATHS.syncScript, 'restore'],
        [client, api, { name: 'acme-state', mountPath: ACME_PATHS.state }],
      ),
    ],
    containers: [
      container(
        'acme',
        s.image,
        ['/bin/sh', ACME_PATHS.script],
        [
          client,
          { name: 'acme-state', mountPath: ACME_PATHS.state },
          { name: 'acme-webroot', mountPath: ACME_PATHS.webroot },
          { name: 'acme-tls', mountPath: ACME_PATHS.tlsDir },
        ],
      ),
      container(
        'acme-sync',
        s.stateImage,
        ['python3', ACME_PATHS.syncScript, 'watch'],
        [client, api, { name: 'acme-state', mountPath: ACME_PATHS.state, readOnly: true }],
      ),
    ],
  };
}

/** The client's volumes: its scripts, three in-memory directories, and the service account's token for the state containers. */
function acmeVolumes(names: HubNames): k8s.Volume[] {
  const memoryDir = (name: string): k8s.Volume => ({
    name,
    emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('4Mi') },
  });
  return [
    { name: 'acme-client', configMap: { name: acmeNames(names).configMap, defaultMode: 0o444 } },
    // In memory: the account key and the certificate's key never touch the node's disk.
    memoryDir('acme-state'),
    memoryDir('acme-webroot'),
    memoryDir('acme-tls'),
    // The service account's token for the two state containers only (the pod mounts none).
    {
      name: 'acme-api',
      projected: {
        defaultMode: 0o440,
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardApi: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    },
  ];
}

/**
 * Creates the client's ConfigMap, state Secret, Role and RoleBinding under `scope`, and returns
 * what the front door adds to the proxy pod.
 */
export function addAcmeClient(
  scope: Construct,
  s: AcmeSettings,
  names: HubNames,
  labels: { [key: string]: string },
): AcmePodParts {
  const { script, sync } = createAcmeObjects(scope, s, names, labels);
  const acmePort = Number(new URL(s.directoryUrl).port || 443);
  return {
    ...acmeContainers(s),
    volumes: acmeVolumes(names),
    nginxMounts: [
      { name: 'acme-webroot', mountPath: ACME_PATHS.webroot, readOnly: true },
      { name: 'acme-tls', mountPath: ACME_PATHS.tlsDir, readOnly: true },
    ],
    // The ACME server and the Kubernetes API server: neither address is known when synthesizing.
    egress: [{ ports: tcpPorts(...[...new Set([acmePort, ...API_SERVER_PORTS])]) }],
    podAnnotations: { 'checksum/acme-client': checksum(script, sync) },
  };
}
