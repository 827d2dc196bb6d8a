import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { daskGatewayDaskclusters, traefikForDaskGateway } from '../../imports/crds';
import { addAppChecks } from '../core/app-checks';
import { checkProps } from '../core/check-props';
import { clusterScoped } from '../core/cluster-scoped';

/** Props of {@link DaskGatewayCrds}. */
export interface DaskGatewayCrdsProps {
  /**
   * Include Traefik's CRDs (leave them out when Traefik 3 already runs in the cluster with them).
   * @default true
   */
  readonly traefik?: boolean;
}

/**
 * The CustomResourceDefinitions a {@link DaskGateway} needs, as the dask-gateway chart 2026.3.0
 * ships them: `DaskCluster` (`gateway.dask.org/v1alpha1`) and Traefik's ten kinds
 * (`traefik.io/v1alpha1`; Traefik's provider watches all of them). Put them in a chart of their
 * own and apply it first: kubectl cannot map a custom resource whose CRD is created in the same
 * apply. Cluster-scoped: one copy serves every gateway in the cluster.
 */
export class DaskGatewayCrds extends Construct {
  /** Names of the CRDs, e.g. `daskclusters.gateway.dask.org`. */
  public readonly names: string[];

  public constructor(scope: Construct, id: string, props: DaskGatewayCrdsProps = {}) {
    checkProps('DaskGatewayCrdsProps', props);
    super(scope, id);
    addAppChecks(this);
    const crds = [...daskGatewayDaskclusters, ...((props.traefik ?? true) ? traefikForDaskGateway : [])];
    this.names = crds.map((crd) => crd.metadata.name as string);
    for (const crd of crds) {
      // What the API server fills in (an empty status, a null creation time) is left out.
      const { status: _status, metadata, ...rest } = crd;
      const { creationTimestamp: _created, ...meta } = metadata;
      clusterScoped(new ApiObject(this, meta.name, { ...rest, metadata: meta }));
    }
  }
}
