/** The import's table of dask-gateway keys (the `dask-gateway:` part of a daskhub values file). */
import { data } from './import-convert';
import { ImportPlan } from './import-plan';
import { ValueLeaf } from './import-values';

/** One `dask-gateway.*` leaf: the DaskGateway integration's props, or why not. */
export function daskGatewayKey(plan: ImportPlan, leaf: ValueLeaf): void {
  const dask = (plan.dask ??= {});
  const key = leaf.key.slice('dask-gateway.'.length);
  const pod = /^gateway\.backend\.(worker|scheduler)\.extraPodConfig\.(tolerations|affinity)(\.nodeAffinity)?$/.exec(
    key,
  );
  if (pod && (pod[2] === 'tolerations' || pod[3])) {
    const target = (dask[pod[1]] ??= {}) as { [k: string]: unknown };
    const prop = pod[2] === 'tolerations' ? 'tolerations' : 'nodeAffinity';
    target[prop] = data(leaf.value);
    return plan.mapped(leaf, `DaskPodOptions.${prop}`, `DaskGatewayProps.${pod[1]}`);
  }
  if (key === 'gateway.auth.jupyterhub.apiToken') {
    plan.outcomes.set(leaf.key, {
      status: 'secret',
      api: 'DaskGateway',
      secretName: `${plan.name}-dask-gateway-token`,
      secretKey: 'api-token',
      note: 'not carried over: the DaskGateway integration makes its hub token in the cluster and gives it to the hub',
    });
    return;
  }
  if (key.startsWith('gateway.extraConfig'))
    return plan.unsupported(
      leaf,
      'not supported by the import yet: raw dask-gateway config; the typed form is DaskGatewayProps.clusterOptions (DaskClusterOption.workerCores, workerMemory, image, environment)',
    );
  plan.unsupported(leaf, 'not supported by the import yet');
}
