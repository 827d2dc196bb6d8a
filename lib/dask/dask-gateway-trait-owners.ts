/**
 * Who owns the traits the gateway's config sets, and which of them take the user's typed traits:
 * data read by dask-gateway-traits.ts (the checks) and by scripts/gen-traits.js (the TSDoc of each
 * trait prop). No imports: the generator loads this file on its own.
 * @internal
 */

/**
 * The traits the library's settings take the user's into (not `environment`: the environment
 * cluster option's handler starts again from `clusterEnvironment`, so it is that prop's). The pod and container configs are
 * deep-merged into the pods by the controller (dask-gateway-server 2026.3.0
 * backends/kubernetes/controller.py, `merge_json_objects`): here their top-level keys merge.
 */
export const MERGES: { readonly [familyTrait: string]: 'dict' | 'list' } = {
  'ClusterConfig.scheduler_extra_pod_config': 'dict',
  'ClusterConfig.worker_extra_pod_config': 'dict',
  'ClusterConfig.scheduler_extra_container_config': 'dict',
  'ClusterConfig.worker_extra_container_config': 'dict',
  'KubeController.proxy_web_middlewares': 'list',
  'ClusterConfig.image_pull_secrets': 'list',
};

export const CONSTRUCT = 'the DaskGateway construct';
export const API_PORT = `${CONSTRUCT} (its API server and controller listen on port 8000)`;

/** The props (or parts of the library) that own the traits the gateway's config sets. */
export const OWNERS: { readonly [familyTrait: string]: string } = {
  'DaskGateway.address': API_PORT,
  'DaskGateway.log_level': 'logLevel',
  'DaskGateway.backend_class': `${CONSTRUCT} (the Kubernetes backend)`,
  'DaskGateway.authenticator_class': `${CONSTRUCT} (JupyterHub authentication)`,
  'Backend.api_url': `${CONSTRUCT} (its API Service)`,
  'Backend.gateway_instance': 'name',
  'Backend.cluster_options': 'clusterOptions',
  'Backend.cluster_config_class': `${CONSTRUCT} (KubeClusterConfig)`,
  'Authenticator.jupyterhub_api_url': 'the hub the gateway is given to',
  'Authenticator.jupyterhub_service_name': 'serviceName',
  'Authenticator.use_service_access_scopes': `${CONSTRUCT} (users need access to its hub service)`,
  'Authenticator.jupyterhub_api_token': `${CONSTRUCT} (its hub service token, from a Secret)`,
  'KubeController.address': API_PORT,
  'KubeController.log_level': 'logLevel',
  'KubeController.api_url': `${CONSTRUCT} (its API Service)`,
  'KubeController.gateway_instance': 'name',
  'KubeController.proxy_prefix': 'serviceName (under the baseUrl of the hub)',
  'KubeController.proxy_web_middlewares': `${CONSTRUCT} (the Middleware that strips the prefix of a cluster)`,
  'KubeController.proxy_tcp_entrypoint': `${CONSTRUCT} (scheduler traffic shares the web port of Traefik)`,
  'ClusterConfig.namespace': `${CONSTRUCT} (its namespace)`,
  'ClusterConfig.image': 'clusterImage',
  'ClusterConfig.image_pull_policy': 'clusterImagePullPolicy',
  'ClusterConfig.image_pull_secrets': 'clusterImagePullSecrets',
  'ClusterConfig.idle_timeout': 'idleTimeout',
  'ClusterConfig.cluster_max_cores': 'clusterMaxCores',
  'ClusterConfig.cluster_max_memory': 'clusterMaxMemory',
  'ClusterConfig.cluster_max_workers': 'clusterMaxWorkers',
  'ClusterConfig.environment': 'clusterEnvironment',
  ...Object.fromEntries(
    ['scheduler', 'worker'].flatMap((role) => [
      ...['cores', 'cores_limit', 'memory', 'memory_limit'].map((r) => [
        `ClusterConfig.${role}_${r}`,
        `${role}.resources`,
      ]),
      [`ClusterConfig.${role}_extra_pod_config`, `${role}.nodePool, nodeAffinity and tolerations (and Pod Security)`],
      [`ClusterConfig.${role}_extra_container_config`, `${CONSTRUCT} (its ${role}s meet Pod Security restricted)`],
    ]),
  ),
};

export const FAMILIES: { readonly [cls: string]: string } = {
  KubeBackend: 'Backend',
  Backend: 'Backend',
  KubeClusterConfig: 'ClusterConfig',
  ClusterConfig: 'ClusterConfig',
  JupyterHubAuthenticator: 'Authenticator',
  Authenticator: 'Authenticator',
};
