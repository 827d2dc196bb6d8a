/**
 * `DaskGatewayProps.traits` resolved: each class's traits checked against its generated trait
 * table (loaded only when given), a trait the library sets itself refused at construction unless it
 * merges; the config generator (dask-gateway-config.ts) merges the rest as it writes, with
 * {@link DASK_TRAIT_POLICY}.
 * @internal
 */
import type { TraitPolicy } from '../core/config-writer';
import { resolveTraitTable, UserTrait } from '../core/trait-table';
import { fail } from '../core/validate';
import { DASK_GATEWAY_TRAIT_TABLES, DaskGatewayTraits } from './dask-gateway-traits.generated';

/**
 * The traits the library's settings take the user's into (not `environment`: the environment
 * cluster option's handler starts again from `clusterEnvironment`, so it is that prop's). The pod and container configs are
 * deep-merged into the pods by the controller (dask-gateway-server 2026.3.0
 * backends/kubernetes/controller.py, `merge_json_objects`): here their top-level keys merge.
 */
const MERGES: { readonly [familyTrait: string]: 'dict' | 'list' } = {
  'ClusterConfig.scheduler_extra_pod_config': 'dict',
  'ClusterConfig.worker_extra_pod_config': 'dict',
  'ClusterConfig.scheduler_extra_container_config': 'dict',
  'ClusterConfig.worker_extra_container_config': 'dict',
  'KubeController.proxy_web_middlewares': 'list',
};

const CONSTRUCT = 'the DaskGateway construct';
const API_PORT = `${CONSTRUCT} (its API server and controller listen on port 8000)`;

/** The props (or parts of the library) that own the traits the gateway's config sets. */
const OWNERS: { readonly [familyTrait: string]: string } = {
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
  'ClusterConfig.image_pull_policy': 'clusterImage',
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

const FAMILIES: { readonly [cls: string]: string } = {
  KubeBackend: 'Backend',
  Backend: 'Backend',
  KubeClusterConfig: 'ClusterConfig',
  ClusterConfig: 'ClusterConfig',
  JupyterHubAuthenticator: 'Authenticator',
  Authenticator: 'Authenticator',
};

const family = (cls: string): string => FAMILIES[cls] ?? cls;

/** How the gateway config's own settings and the user's traits combine. */
export const DASK_TRAIT_POLICY: TraitPolicy = {
  family,
  merge: (cls, trait) => MERGES[`${family(cls)}.${trait}`],
  owner: (cls, trait) => OWNERS[`${family(cls)}.${trait}`] ?? CONSTRUCT,
};

/** Checks `DaskGatewayProps.traits`; returns the settings it adds to `dask_gateway_config.py`. */
export function resolveDaskGatewayTraits(given: DaskGatewayTraits | undefined): UserTrait[] {
  if (given === undefined) return [];
  const out: UserTrait[] = [];
  for (const [field, value] of Object.entries(given)) {
    const load = DASK_GATEWAY_TRAIT_TABLES[field];
    if (value === undefined || load === undefined) continue; // checkProps refused an unknown field
    const table = load();
    const traits = resolveTraitTable(`traits.${field}`, table, value, (trait) => OWNERS[`${table.family}.${trait}`]);
    for (const t of traits) {
      const key = `${t.family}.${t.trait}`;
      if (OWNERS[key] !== undefined && MERGES[key] === undefined)
        fail(
          t.prop,
          t.value,
          `c.${t.cls}.${t.trait} is set by the library from '${OWNERS[key]}': set it with that prop`,
        );
    }
    out.push(...traits);
  }
  return out;
}
