/**
 * Ports, images, labels and names the constructs agree on. One place, so that a Service, the
 * pod that serves it and the NetworkPolicy in front of it can never disagree.
 * @internal
 */

/** Images pinned by this release of the library. */
export const IMAGES = {
  hub: 'quay.io/jupyterhub/k8s-hub:4.4.0',
  proxy: 'quay.io/jupyterhub/configurable-http-proxy:5.2.0',
  singleUser: 'quay.io/jupyterhub/k8s-singleuser-sample:4.4.0',
  nginx: 'docker.io/nginxinc/nginx-unprivileged:1.29.3-alpine',
} as const;

/** Container ports. */
export const PORTS = {
  hub: 8081,
  proxyHttp: 8000,
  proxyApi: 8001,
  singleUser: 8888,
  nginxHttp: 8080,
  nginxHttps: 8443,
} as const;

/** User and group ids the images run as. */
export const IDS = {
  hub: 1000,
  proxy: 65534,
  nginx: 101,
} as const;

/** The `app` label of every object. */
export const APP = 'jupyterhub';

/** `component` label values. */
export const COMPONENT = {
  hub: 'hub',
  proxy: 'proxy',
  singleUser: 'singleuser-server',
} as const;

/** Mount paths inside the hub container. */
export const HUB_PATHS = {
  configDir: '/etc/jupyterhub',
  configFile: '/etc/jupyterhub/jupyterhub_config.py',
  secretInitScript: '/etc/jupyterhub/secret_init.py',
  dataDir: '/srv/jupyterhub',
} as const;

/** Mount paths inside the nginx container. */
export const NGINX_PATHS = {
  configDir: '/etc/nginx-generated',
  configFile: '/etc/nginx-generated/nginx.conf',
  tlsDir: '/etc/nginx-tls',
  tmp: '/tmp',
} as const;

/** Private network ranges (RFC 1918) that a user server may not reach by default. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

/** The cloud metadata endpoint. */
export const CLOUD_METADATA_IP = '169.254.169.254';

/** Ports of the Kubernetes API server as pods see it after the Service's DNAT (443 GKE/AKS, 6443 kubeadm, 8443 minikube). */
export const API_SERVER_PORTS = [443, 6443, 8443] as const;

/** The names every component of one hub is reached by. A prefix lets several hubs share a namespace. */
export class HubNames {
  public constructor(public readonly prefix: string) {}
  /** Hub Deployment, Service, ServiceAccount, Role, RoleBinding and NetworkPolicy. */
  public get hub(): string {
    return `${this.prefix}hub`;
  }
  /** ConfigMap with `jupyterhub_config.py`. */
  public get hubConfig(): string {
    return `${this.prefix}hub-config`;
  }
  /** PVC of the sqlite database. */
  public get hubDb(): string {
    return `${this.prefix}hub-db-dir`;
  }
  /** Secret with the proxy token and the cookie secret. */
  public get hubSecret(): string {
    return `${this.prefix}hub-secret`;
  }
  /** Role and RoleBinding that let the hub's init container create the Secret. */
  public get secretInit(): string {
    return `${this.prefix}hub-secret-init`;
  }
  /** Proxy Deployment, ServiceAccount and NetworkPolicy. */
  public get proxy(): string {
    return `${this.prefix}proxy`;
  }
  /** Service of the proxy's REST API. */
  public get proxyApi(): string {
    return `${this.prefix}proxy-api`;
  }
  /** Service of the proxy's public port, inside the cluster. */
  public get proxyHttp(): string {
    return `${this.prefix}proxy-http`;
  }
  /** The user-facing Service. */
  public get proxyPublic(): string {
    return `${this.prefix}proxy-public`;
  }
  /** ConfigMap with `nginx.conf`. */
  public get nginxConfig(): string {
    return `${this.prefix}nginx-proxy-config`;
  }
  /** NetworkPolicy of the user servers. */
  public get singleUser(): string {
    return `${this.prefix}singleuser`;
  }
  /**
   * The `component` label of the user servers' pods (KubeSpawner's `component_label`): z2jh's
   * `singleuser-server`, after the prefix, so that the pods of hubs sharing a namespace differ
   * (the use kubespawner 7.0.0's help of `component_label` names, spawner.py:648-659).
   */
  public get singleUserComponent(): string {
    return `${this.prefix}${COMPONENT.singleUser}`;
  }
  /** The networking.k8s.io Ingress. */
  public get ingress(): string {
    return `${this.prefix}jupyterhub`;
  }
}

/** Opt-in labels (value "true") that let other pods of the namespace through a component's NetworkPolicy, as in Zero to JupyterHub. */
export const ACCESS_LABELS = {
  hub: 'hub.jupyter.org/network-access-hub',
  proxyApi: 'hub.jupyter.org/network-access-proxy-api',
  proxyHttp: 'hub.jupyter.org/network-access-proxy-http',
  singleUser: 'hub.jupyter.org/network-access-singleuser',
} as const;

/** Environment variables through which the hub and proxy containers get their secrets and namespace. */
export const HUB_ENV = {
  proxyToken: 'CONFIGPROXY_AUTH_TOKEN',
  cookieSecret: 'JPY_COOKIE_SECRET',
  podNamespace: 'POD_NAMESPACE',
} as const;

/** The name of the idle culler service registered in the hub. */
export const CULLER_SERVICE = 'jupyterhub-idle-culler';

/** Where the home-init container of shared storage mounts the whole shared volume. */
export const SHARED_HOME_MOUNT = '/mnt/home-share';
