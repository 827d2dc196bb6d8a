/**
 * Who owns the traits the hub config sets, and which of them take the user's typed traits: data
 * read by hub-traits.ts (the checks) and by scripts/gen-traits.js (the TSDoc of each trait prop says
 * whether it is merged or refused). No imports: the generator loads this file on its own.
 * @internal
 */

/**
 * The traits the library's settings take the user's into: the keys of a dict merged (a key the
 * library sets refused), the items of a list appended. `node_affinity_required` is not among them:
 * KubeSpawner ORs its terms (kubespawner 7.0.0 spawner.py:1552), so an appended term would loosen
 * the library's placement.
 */
export const MERGES: { readonly [familyTrait: string]: 'dict' | 'list' } = {
  'JupyterHub.services': 'list',
  'JupyterHub.load_roles': 'list',
  'JupyterHub.template_paths': 'list',
  'Spawner.extra_labels': 'dict',
  'Spawner.extra_annotations': 'dict',
  'Spawner.common_labels': 'dict',
  'Spawner.environment': 'dict',
  'Spawner.node_selector': 'dict',
  'Spawner.extra_resource_limits': 'dict',
  'Spawner.extra_resource_guarantees': 'dict',
  'Spawner.extra_pod_config': 'dict',
  'Spawner.extra_container_config': 'dict',
  'Spawner.volumes': 'list',
  'Spawner.volume_mounts': 'list',
  'Spawner.init_containers': 'list',
  'Spawner.extra_containers': 'list',
  'Spawner.tolerations': 'list',
  'Spawner.image_pull_secrets': 'list',
  'Spawner.node_affinity_preferred': 'list',
};

export const POD_SECURITY = 'the library (user pods meet Pod Security restricted)';
export const STORAGE = 'singleUser.storage';

/**
 * The props (or parts of the library) that own the traits the hub config sets from them: one way
 * to set each. A trait here that does not merge is refused at construction; the traits set by an
 * integration (the proxy's `subdomain_host`, the scheduler's `scheduler_name`, ...) are refused
 * when the config is written.
 */
export const OWNERS: { readonly [familyTrait: string]: string } = {
  'JupyterHub.hub_bind_url': 'the Hub (it listens on port 8081 of its pod)',
  'JupyterHub.hub_connect_url': 'the Hub (its Service)',
  'JupyterHub.base_url': 'baseUrl',
  'JupyterHub.concurrent_spawn_limit': 'concurrentSpawnLimit',
  'JupyterHub.cleanup_servers': 'the Hub (user servers outlive a hub restart)',
  'JupyterHub.db_url': 'database',
  'JupyterHub.authenticator_class': 'authenticator',
  'JupyterHub.spawner_class': 'the Hub (KubeSpawner)',
  'JupyterHub.proxy_class': 'the Proxy construct (configurable-http-proxy in a pod of its own)',
  'JupyterHub.services': 'integrations (a HubService, the idle culler, ...)',
  'JupyterHub.load_roles': 'integrations (the scopes of their services)',
  'JupyterHub.template_paths': 'integrations (their templatePaths)',
  'Proxy.should_start': 'the Proxy construct (configurable-http-proxy in a pod of its own)',
  'Proxy.api_url': 'the Proxy construct (configurable-http-proxy in a pod of its own)',
  'Authenticator.admin_users': 'authenticator.adminUsers',
  'Authenticator.allowed_users': 'authenticator.allowedUsers',
  'Authenticator.allow_all': 'authenticator.allowAll',
  'Spawner.image': 'singleUser.image',
  'Spawner.image_pull_policy': 'singleUser.image (and allowUnpinnedImage)',
  'Spawner.cmd': 'singleUser.cmd',
  'Spawner.default_url': 'singleUser.defaultUrl',
  'Spawner.port': 'the Hub (user servers listen on port 8888)',
  'Spawner.uid': 'singleUser.uid',
  'Spawner.fs_gid': 'singleUser.fsGid',
  'Spawner.mem_guarantee': 'singleUser.memoryGuarantee',
  'Spawner.mem_limit': 'singleUser.memoryLimit',
  'Spawner.cpu_guarantee': 'singleUser.cpuGuarantee',
  'Spawner.cpu_limit': 'singleUser.cpuLimit',
  'Spawner.start_timeout': 'singleUser.startTimeout',
  'Spawner.node_selector': 'singleUser.nodeSelector',
  'Spawner.extra_resource_limits': 'singleUser.extraResourceLimits (and gpus)',
  'Spawner.extra_resource_guarantees': 'singleUser.extraResourceGuarantees',
  'Spawner.image_pull_secrets': 'singleUser.imagePullSecrets',
  'Spawner.tolerations': 'singleUser.tolerations (and the node pools)',
  'Spawner.node_affinity_required': 'singleUser.nodeAffinityRequired (and userNodePool)',
  'Spawner.node_affinity_preferred': 'singleUser.nodeAffinityPreferred (and userNodePool)',
  'Spawner.pod_affinity_required': 'singleUser.podAffinityRequired',
  'Spawner.pod_affinity_preferred': 'singleUser.podAffinityPreferred',
  'Spawner.pod_anti_affinity_required': 'singleUser.podAntiAffinityRequired',
  'Spawner.pod_anti_affinity_preferred': 'singleUser.podAntiAffinityPreferred',
  'Spawner.lifecycle_hooks': 'singleUser.postStartCommand and preStopCommand',
  'Spawner.service_account': 'singleUser.serviceAccountName',
  'Spawner.environment': 'singleUser.extraEnv',
  'Spawner.pod_name_template': 'singleUser.podNameTemplate',
  'Spawner.component_label': 'namePrefix',
  'Spawner.common_labels': 'release',
  'Spawner.extra_labels': 'the Hub (the hub.jupyter.org/network-access-hub label its NetworkPolicy admits)',
  'Spawner.allow_privilege_escalation': POD_SECURITY,
  'Spawner.container_security_context': POD_SECURITY,
  'Spawner.automount_service_account_token': 'singleUser.automountServiceAccountToken',
  'Spawner.volumes': 'singleUser.storage and singleUser.extraVolumes',
  'Spawner.volume_mounts': 'singleUser.storage and singleUser.extraVolumes',
  'Spawner.init_containers': 'singleUser.storage and singleUser.initContainers',
  'Spawner.extra_containers': 'singleUser.extraContainers',
  'Spawner.profile_list': 'singleUser.profiles',
  'Spawner.pvc_name_template': STORAGE,
  'Spawner.storage_pvc_ensure': STORAGE,
  'Spawner.storage_capacity': STORAGE,
  'Spawner.storage_class': STORAGE,
  'Spawner.storage_access_modes': STORAGE,
  'Spawner.delete_pvc': STORAGE,
};

export const FAMILIES: { readonly [cls: string]: string } = {
  KubeSpawner: 'Spawner',
  Spawner: 'Spawner',
  ConfigurableHTTPProxy: 'Proxy',
  Proxy: 'Proxy',
};
