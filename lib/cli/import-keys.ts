/**
 * The import's own table of z2jh keys: for each key of a values file (by its chart key, see
 * ValueLeaf.schemaKey) the API it maps to and how, or why it is not mapped. Cross-checked with
 * docs/parity/z2jh-4.4.0.md by test/cli/import-keys.test.ts: a key mapped here names the API the
 * doc's row names. A key the table does not list is reported "not supported by the import yet".
 */
import { bool, cpu, data, int, isSecretKey, secretName, seconds, size, str, strings } from './import-convert';
import { Code, Expr } from './import-code';
import { Apply, ImportPlan, KeyRule, putIn } from './import-plan';

export type { KeyRule } from './import-plan';
import { ValueLeaf } from './import-values';
import { SINGLEUSER_KEYS } from './import-keys-users';

const to =
  (target: (p: ImportPlan) => { [k: string]: Expr }, prop: string, conv: (p: ImportPlan, v: unknown) => Expr) =>
  (p: ImportPlan, l: ValueLeaf) => {
    target(p)[prop] = conv(p, l.value);
  };
const plain = (f: (v: unknown) => Expr) => (_p: ImportPlan, v: unknown) => f(v);
const trait = (struct: string, prop: string, conv = plain(data)): Apply =>
  to((p) => (p.traits[struct] ??= {}), prop, conv);

const hub = (prop: string, conv = plain(data)) => to((p) => p.hub, prop, conv);
const proxy = (prop: string, conv = plain(data)) => to((p) => p.proxy, prop, conv);
const culler = (prop: string, conv = plain(data)) => to((p) => p.idleCuller, prop, conv);
const ingress = (prop: string, conv = plain(data)) => to((p) => (p.ingress ??= {}), prop, conv);
const https = (prop: string, conv = plain(data)) => to((p) => (p.https ??= {}), prop, conv);

/** `hub.image.name` + `hub.image.tag` (and the same of other images): one `image` prop. */
function image(target: (p: ImportPlan) => { [k: string]: Expr }, part: 'name' | 'tag'): Apply {
  return (p, l) => {
    const t = target(p);
    const [name, tag] = typeof t.image === 'string' ? splitImage(t.image) : ['', ''];
    t.image = part === 'name' ? joinImage(str(l.value), tag) : joinImage(name, str(l.value));
  };
}
const splitImage = (s: string): [string, string] => {
  const i = s.lastIndexOf(':');
  return i > s.lastIndexOf('/') ? [s.slice(0, i), s.slice(i + 1)] : [s, ''];
};
const joinImage = (name: string, tag: string) => (tag ? `${name}:${tag}` : name);

/** kplus.ContainerResources from a Kubernetes `resources` block (requests and limits of cpu and memory). */
export function resources(p: ImportPlan, v: unknown): Expr {
  const r = (v ?? {}) as { requests?: { [k: string]: unknown }; limits?: { [k: string]: unknown } };
  const out: { [k: string]: { [k: string]: Expr } } = {};
  for (const [side, key] of [
    ['requests', 'request'],
    ['limits', 'limit'],
  ] as const) {
    for (const [res, amount] of Object.entries(r[side] ?? {})) {
      if (res !== 'cpu' && res !== 'memory') throw new Error(`resources.${side}.${res}: only cpu and memory`);
      (out[res] ??= {})[key] = res === 'cpu' ? cpu(p, amount) : size(p, amount);
    }
  }
  return out;
}

/** A `resources` block, leaf by leaf: converted when every leaf is in (ImportPlan.resources). */
const pendingResources =
  (target: 'hub' | 'proxy'): Apply =>
  (p, l) => {
    const r = (p.resources[target] ??= {});
    (r[l.rest[0]] ??= {})[l.rest[1]] = l.value;
  };

/** The hub's own secrets: a takeover keeps Secret `hub`; otherwise the hub makes new ones in the cluster. */
const hubSecret: Apply = (p, l) => {
  if (p.takeover) {
    const key =
      l.schemaKey === 'proxy.secretToken'
        ? 'hub.config.ConfigurableHTTPProxy.auth_token'
        : 'hub.config.JupyterHub.cookie_secret';
    p.secret(l, 'HubSecret.fromZeroToJupyterHub', 'hub', key, true);
  } else
    p.outcomes.set(l.key, {
      status: 'secret',
      api: 'HubProps.secret',
      secretName: `${p.name}-hub-secret`,
      secretKey: l.schemaKey === 'proxy.secretToken' ? 'proxy.token' : 'hub.cookie-secret',
      note: 'not carried over: the hub makes a new one in the cluster (users log in again); --takeover keeps Secret hub',
    });
};

/** `hub.extraConfig.<name>`: the snippets, in the file's order, one typed `extraConfig`. */
const extraConfig: Apply = (p, l) => {
  const name = l.rest.join('.');
  const prev = typeof p.hub.extraConfig === 'string' ? `${p.hub.extraConfig}\n` : '';
  p.hub.extraConfig = `${prev}# hub.extraConfig.${name}\n${str(l.value).replace(/\n*$/, '\n')}`;
};

const service =
  (prop: string, conv = plain(data)): Apply =>
  (p, l) => {
    const svc = (p.services[l.rest[0]] ??= { name: l.rest[0] });
    svc[prop] = conv(p, l.value);
  };

/** `hub.services.<name>.apiToken`: the token moves to the service's Secret (key `api-token`). */
const serviceToken: Apply = (p, l) => {
  const name = secretName(l.rest[0], 'api-token');
  p.secret(l, 'HubServiceProps.tokenSecretName', name, 'api-token');
  (p.services[l.rest[0]] ??= { name: l.rest[0] }).tokenSecretName = name;
};

const dbType: Apply = (p, l) => {
  const t = str(l.value);
  if (t === 'sqlite-pvc') p.database.kind = 'sqlitePvc';
  else if (t === 'sqlite-memory') p.database.kind = 'sqliteMemory';
  else if (t === 'mysql' || t === 'postgres') p.database.kind = 'external';
  else throw new Error(`hub.db.type ${t}: one of sqlite-pvc, sqlite-memory, mysql, postgres`);
};

const nodePurpose =
  (target: 'core' | 'user'): Apply =>
  (p, l) => {
    const how = str(l.value);
    if (how === 'ignore') return;
    const pool = p.call('NodePool.nodePurpose', p.use(`NodePurpose.${target.toUpperCase()}`), {
      required: how === 'require',
    });
    if (target === 'core') {
      p.hub.nodePool = pool;
      p.proxy.nodePool = pool;
    } else p.hub.userNodePool = pool;
  };

/**
 * Any `*SecurityContext` key (hub, proxy, scheduling, pre-puller pods): the library's contexts meet
 * Pod Security restricted; the user and group ids are typed per component, mapped by hand.
 */
export const REFUSED_CONTEXT: KeyRule = {
  unsupported:
    "not supported by the import yet: the library's security contexts meet Pod Security restricted; set the user and group ids with the component's typed prop (HubProps.containerSecurityContext, ProxyProps.containerSecurity, ...) if the image needs other ids",
};

/** The z2jh keys the import knows, by chart key. */
export const IMPORT_KEYS: { readonly [schemaKey: string]: KeyRule } = {
  ...SINGLEUSER_KEYS,
  enabled: { helmOnly: 'chart toggle' },
  fullnameOverride: { helmOnly: 'Helm release naming (a takeover keeps the release name as Hub release)' },
  nameOverride: { helmOnly: 'Helm release naming' },
  'global.safeToShowValues': { helmOnly: 'Helm global' },
  custom: { helmOnly: 'Helm global (free values for templates and extraConfig)' },
  'rbac.enabled': { helmOnly: 'chart toggle' },
  'rbac.create': { unsupported: 'not supported by the import yet: the library always makes the RBAC its pods need' },
  'debug.enabled': {
    helmOnly: 'Helm chart debug',
    apply: (p, l) => {
      if (!bool(l.value)) return;
      (p.traits.jupyterHub ??= {}).logLevel = 'DEBUG';
      p.mapped(
        l,
        'JupyterHubTraits.logLevel',
        "the hub's debug log; z2jh's debug also turns on the proxy's and the scheduler's",
      );
    },
  },
  imagePullSecret: {
    refused: 'a registry password in the values: the chart would render it into a Secret',
    instead:
      'create the pull Secret with kubectl create secret docker-registry and name it in singleUser.imagePullSecrets',
  },
  'hub.cookieSecret': { api: 'HubProps.secret', apply: hubSecret },
  'proxy.secretToken': { api: 'HubProps.secret', apply: hubSecret },
  'hub.image.name': { api: 'HubProps.image', apply: image((p) => p.hub, 'name') },
  'hub.image.tag': { api: 'HubProps.image', apply: image((p) => p.hub, 'tag') },
  'hub.baseUrl': { api: 'HubProps.baseUrl', apply: hub('baseUrl', plain(str)) },
  'hub.networkPolicy.enabled': { api: 'HubProps.networkPolicy', apply: hub('networkPolicy', plain(bool)) },
  'hub.extraEnv': {
    api: 'HubProps.extraEnv',
    apply: (p, l) => {
      const name = l.rest.join('.');
      if (typeof l.value === 'object' && l.value !== null)
        throw new Error('an env entry with valueFrom: not supported by the import yet (use HubProps.secretEnv)');
      if (!isSecretKey(name)) return putIn(p.hub, 'extraEnv', name, str(l.value));
      // A token or password in the hub's env: from a Secret of its own.
      const secret = secretName(p.name, 'hub-env');
      const key = name.toLowerCase().replace(/_/g, '-');
      p.needSecret(l, 'HubProps.secretEnv', secret, key);
      putIn(p.hub, 'secretEnv', name, { secretName: secret, key });
    },
  },
  'hub.extraConfig': { api: 'HubProps.extraConfig', apply: extraConfig },
  'hub.concurrentSpawnLimit': { api: 'HubProps.concurrentSpawnLimit', apply: hub('concurrentSpawnLimit', plain(int)) },
  'hub.activeServerLimit': {
    api: 'JupyterHubTraits.activeServerLimit',
    apply: trait('jupyterHub', 'activeServerLimit', plain(int)),
  },
  'hub.allowNamedServers': {
    api: 'JupyterHubTraits.allowNamedServers',
    apply: trait('jupyterHub', 'allowNamedServers', plain(bool)),
  },
  'hub.namedServerLimitPerUser': {
    api: 'JupyterHubTraits.namedServerLimitPerUser',
    apply: trait('jupyterHub', 'namedServerLimitPerUser', plain(int)),
  },
  'hub.redirectToServer': {
    api: 'JupyterHubTraits.redirectToServer',
    apply: trait('jupyterHub', 'redirectToServer', plain(bool)),
  },
  'hub.shutdownOnLogout': {
    api: 'JupyterHubTraits.shutdownOnLogout',
    apply: trait('jupyterHub', 'shutdownOnLogout', plain(bool)),
  },
  'hub.authenticatePrometheus': {
    api: 'JupyterHubTraits.authenticatePrometheus',
    apply: trait('jupyterHub', 'authenticatePrometheus', plain(bool)),
  },
  'hub.consecutiveFailureLimit': {
    api: 'KubeSpawnerTraits.consecutiveFailureLimit',
    apply: trait('kubeSpawner', 'consecutiveFailureLimit', plain(int)),
  },
  'hub.db.upgrade': { api: 'JupyterHubTraits.upgradeDb', apply: trait('jupyterHub', 'upgradeDb', plain(bool)) },
  'hub.templatePaths': { api: 'HubProps.templatePaths', apply: hub('templatePaths', plain(strings)) },
  'hub.templateVars': {
    api: 'HubProps.templateVars',
    apply: (p, l) => putIn(p.hub, 'templateVars', l.rest.join('.'), str(l.value)),
  },
  'hub.resources': { api: 'HubProps.resources', apply: pendingResources('hub') },
  'hub.serviceAccount.annotations': {
    api: 'HubProps.serviceAccountAnnotations',
    apply: (p, l) => putIn(p.hub, 'serviceAccountAnnotations', l.rest.join('.'), str(l.value)),
  },
  'hub.db.type': { api: 'HubProps.database', apply: dbType },
  'hub.db.pvc.storage': { api: 'SqlitePvcOptions.size', apply: to((p) => p.database, 'size', size) },
  'hub.db.pvc.storageClassName': {
    api: 'SqlitePvcOptions.storageClassName',
    apply: to((p) => p.database, 'storageClassName', plain(str)),
  },
  'hub.db.url': { api: 'HubDatabase.external', apply: to((p) => p.database, 'url', plain(str)) },
  'hub.db.password': {
    api: 'ExternalDatabaseOptions.password',
    apply: (p, l) =>
      (p.database.password = p.secret(l, 'ExternalDatabaseOptions.password', `${p.name}-db`, 'password')),
  },
  'hub.services.name': { api: 'HubServiceProps.name', apply: service('name', plain(str)) },
  'hub.services.url': { api: 'HubServiceProps.url', apply: service('url', plain(str)) },
  'hub.services.apiToken': { api: 'HubServiceProps.tokenSecretName', apply: serviceToken },
  'hub.services.api_token': { api: 'HubServiceProps.tokenSecretName', apply: serviceToken },
  'hub.services.admin': {
    refused: 'an admin service: full access to every user and server',
    instead: 'give the service the scopes it needs (HubServiceProps.scopes, e.g. HubScope.LIST_USERS)',
  },
  'proxy.service.type': {
    api: 'ProxyProps.serviceType',
    apply: proxy('serviceType', (p, v) => ((p.kplus = true), Code.ref(`kplus.ServiceType.${serviceType(v)}`))),
  },
  'proxy.service.loadBalancerIP': { api: 'ProxyProps.loadBalancerIp', apply: proxy('loadBalancerIp', plain(str)) },
  'proxy.service.loadBalancerSourceRanges': {
    api: 'ProxyProps.loadBalancerSourceRanges',
    apply: proxy('loadBalancerSourceRanges', plain(strings)),
  },
  'proxy.service.externalIPs': { api: 'ProxyProps.externalIps', apply: proxy('externalIps', plain(strings)) },
  'proxy.service.annotations': {
    api: 'ProxyProps.serviceAnnotations',
    apply: (p, l) => {
      const name = l.rest.join('.');
      // AKS's DNS label has a typed prop of its own, checked against the front door's host.
      if (name === 'service.beta.kubernetes.io/azure-dns-label-name') {
        p.proxy.azureDnsLabelName = str(l.value);
        return p.mapped(l, 'ProxyProps.azureDnsLabelName');
      }
      putIn(p.proxy, 'serviceAnnotations', name, str(l.value));
    },
  },
  'proxy.service.labels': {
    api: 'ProxyProps.serviceLabels',
    apply: (p, l) => putIn(p.proxy, 'serviceLabels', l.rest.join('.'), str(l.value)),
  },
  'proxy.service.nodePorts.http': { api: 'ProxyProps.nodePort', apply: proxy('nodePort', plain(int)) },
  'proxy.service.disableHttpPort': { api: 'ProxyProps.disableHttpPort', apply: proxy('disableHttpPort', plain(bool)) },
  'proxy.chp.networkPolicy.enabled': { api: 'ProxyProps.networkPolicy', apply: proxy('networkPolicy', plain(bool)) },
  'proxy.chp.resources': { api: 'ProxyProps.resources', apply: pendingResources('proxy') },
  'proxy.https.enabled': { api: 'NginxIngressOptions.tls', apply: https('enabled', plain(bool)) },
  'proxy.https.type': { api: 'IngressTls.acme', apply: https('type', plain(str)) },
  'proxy.https.hosts': { api: 'AcmeTlsOptions.hosts', apply: https('hosts', plain(strings)) },
  'proxy.https.letsencrypt.contactEmail': { api: 'AcmeTlsOptions.email', apply: https('email', plain(str)) },
  'proxy.https.letsencrypt.acmeServer': { api: 'AcmeTlsOptions.directory', apply: https('acmeServer', plain(str)) },
  'proxy.https.secret.name': { api: 'IngressTls.fromSecretName', apply: https('secretName', plain(str)) },
  'proxy.https.manual.cert': {
    api: 'IngressTls.fromSecretName',
    apply: https(
      'manual',
      plain(() => true),
    ),
  },
  'proxy.https.manual.key': {
    refused: 'a TLS private key in the values: it would be rendered into a Secret of the release',
    instead: `create the Secret yourself (kubectl create secret tls <name> --cert=... --key=...): the chart references it with IngressTls.fromSecretName`,
  },
  'ingress.enabled': {
    helmOnly: 'chart toggle (the import makes an NginxIngress front door with an Ingress when true)',
    apply: ingress('enabled', plain(bool)),
  },
  'ingress.hosts': { api: 'NginxIngressOptions.host', apply: ingress('hosts', plain(strings)) },
  'ingress.annotations': {
    api: 'NginxIngressOptions.annotations',
    apply: (p, l) => putIn((p.ingress ??= {}), 'annotations', l.rest.join('.'), str(l.value)),
  },
  'ingress.ingressClassName': {
    api: 'NginxIngressOptions.ingressClassName',
    apply: ingress('ingressClassName', plain(str)),
  },
  'ingress.pathSuffix': { api: 'NginxIngressOptions.pathSuffix', apply: ingress('pathSuffix', plain(str)) },
  'ingress.pathType': { api: 'NginxIngressOptions.pathType', apply: ingress('pathType', plain(str)) },
  'ingress.tls': { api: 'NginxIngressOptions.tls', apply: ingress('tls', plain(data)) },
  'cull.enabled': { api: 'IdleCullerOptions.enabled', apply: culler('enabled', plain(bool)) },
  'cull.users': { api: 'IdleCullerOptions.cullUsers', apply: culler('cullUsers', plain(bool)) },
  'cull.removeNamedServers': {
    api: 'IdleCullerOptions.removeNamedServers',
    apply: culler('removeNamedServers', plain(bool)),
  },
  'cull.timeout': { api: 'IdleCullerOptions.timeout', apply: culler('timeout', seconds) },
  'cull.every': { api: 'IdleCullerOptions.every', apply: culler('every', seconds) },
  'cull.concurrency': { api: 'IdleCullerOptions.concurrency', apply: culler('concurrency', plain(int)) },
  'cull.maxAge': { api: 'IdleCullerOptions.maxAge', apply: culler('maxAge', seconds) },
  'scheduling.userScheduler.enabled': {
    helmOnly: 'chart toggle (the import makes a UserScheduler when true)',
    apply: (p, l) => void (bool(l.value) && (p.scheduler ??= {})),
  },
  'scheduling.userScheduler.replicas': {
    api: 'UserSchedulerProps.replicas',
    apply: (p, l) => ((p.scheduler ??= {}).replicas = int(l.value)),
  },
  'scheduling.userScheduler.logLevel': {
    api: 'UserSchedulerProps.logLevel',
    apply: (p, l) => ((p.scheduler ??= {}).logLevel = int(l.value)),
  },
  'scheduling.podPriority.enabled': { helmOnly: 'chart toggle (UserPlaceholders bring the priority classes)' },
  'scheduling.podPriority.userPlaceholderPriority': {
    api: 'UserPlaceholdersProps.placeholderPriority',
    apply: (p, l) => ((p.placeholders ??= {}).placeholderPriority = int(l.value)),
  },
  'scheduling.userPlaceholder.enabled': {
    helmOnly: 'chart toggle (the import makes UserPlaceholders when true)',
    apply: (p, l) => void (bool(l.value) && (p.placeholders ??= {})),
  },
  'scheduling.userPlaceholder.replicas': {
    api: 'UserPlaceholdersProps.replicas',
    apply: (p, l) => ((p.placeholders ??= {}).replicas = int(l.value)),
  },
  'scheduling.corePods.nodeAffinity.matchNodePurpose': { api: 'NodePool.nodePurpose', apply: nodePurpose('core') },
  'scheduling.userPods.nodeAffinity.matchNodePurpose': { api: 'NodePool.nodePurpose', apply: nodePurpose('user') },
  'prePuller.continuous.enabled': {
    helmOnly: 'chart toggle (the import makes an ImagePuller when true)',
    apply: (p, l) => void (bool(l.value) && (p.puller ??= {})),
  },
  'prePuller.hook.enabled': { helmOnly: 'Helm hook (the pre-pull before an upgrade is a Helm hook Job)' },
};

function serviceType(v: unknown): string {
  const t = str(v);
  const m: { [t: string]: string } = { LoadBalancer: 'LOAD_BALANCER', ClusterIP: 'CLUSTER_IP', NodePort: 'NODE_PORT' };
  if (!m[t]) throw new Error(`proxy.service.type ${t}: one of ${Object.keys(m).join(', ')}`);
  return m[t];
}
