import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { DaskGatewayCrds } from '../dask/dask-gateway-crds';
import { checkProps } from '../core/check-props';

/** Props of {@link DaskhubCrdsChart}. */
export interface DaskhubCrdsChartProps extends ChartProps {}

/**
 * The CRDs of the `daskhub` chart in a file of their own, `dist/daskhub-crds.k8s.yaml`,
 * applied before `dist/daskhub.k8s.yaml`: `DaskCluster` and Traefik's kinds.
 */
export class DaskhubCrdsChart extends Chart {
  /** The CRDs. */
  public readonly crds: DaskGatewayCrds;

  public constructor(scope: Construct, id: string = 'daskhub-crds', props: DaskhubCrdsChartProps = {}) {
    checkProps('DaskhubCrdsChartProps', props);
    super(scope, id, { disableResourceNameHashes: true, ...props });
    this.crds = new DaskGatewayCrds(this, 'crds');
  }
}
