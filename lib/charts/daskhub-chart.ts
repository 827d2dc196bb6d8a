import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Authenticator } from '../authenticator';
import { DaskClusterOption } from '../dask-cluster-option';
import { DaskGateway } from '../dask-gateway';
import { Hub } from '../hub';
import { checkProps } from '../internal/check-props';
import { checkPinnedImage } from '../internal/validate';
import { Namespace } from '../namespace';
import { Proxy } from '../proxy';

/** Props of {@link DaskhubChart}. */
export interface DaskhubChartProps extends ChartProps {
  /**
   * Image of the users' servers, and the default image of their Dask clusters; it must have
   * `dask-gateway` installed (the seed's `mcr.microsoft.com/planetary-computer/python:latest`
   * is not pinned, so it cannot be used as is).
   * @default 'docker.io/pangeo/pangeo-notebook:2025.11.13'
   */
  readonly singleUserImage?: string;
}

/** The seed's worker pool: `k8s.dask.org/dedicated=worker`, spot priority. */
const WORKER_POOL_KEY = 'k8s.dask.org/dedicated';

/**
 * DaskHub (seed 002), as far as hub, proxy and Dask Gateway go: JupyterHub in namespace `dhub`
 * with Dask Gateway beside it; users' servers start Dask clusters (bounded cores and memory,
 * the notebook's image by default, their own environment variables) whose workers go to the
 * seed's spot worker pool. The CRDs are in {@link DaskhubCrdsChart}, applied first. OAuth (Azure
 * AD), HTTPS and node pools come with the production hub; until then the dummy authenticator
 * lets anyone in (a demo: keep the Service private).
 */
export class DaskhubChart extends Chart {
  /** The namespace `dhub`. */
  public readonly hubNamespace: Namespace;
  /** The hub. */
  public readonly hub: Hub;
  /** The proxy. */
  public readonly proxy: Proxy;
  /** Dask Gateway. */
  public readonly gateway: DaskGateway;

  public constructor(scope: Construct, id: string = 'daskhub', props: DaskhubChartProps = {}) {
    checkProps('DaskhubChartProps', props);
    const { singleUserImage, ...chartProps } = props;
    super(scope, id, { disableResourceNameHashes: true, ...chartProps });
    this.hubNamespace = new Namespace(this, 'dhub');
    this.hub = new Hub(this.hubNamespace, 'hub', {
      // Until the production hub brings Azure AD: any password logs in (demo only).
      authenticator: Authenticator.dummy({ adminUsers: ['admin'] }),
      singleUser: {
        image: checkPinnedImage('singleUserImage', singleUserImage ?? 'docker.io/pangeo/pangeo-notebook:2025.11.13'),
        defaultUrl: '/lab',
      },
    });
    // The seed's proxy-public is an AKS LoadBalancer (HTTPS and its DNS label come later).
    this.proxy = new Proxy(this.hubNamespace, 'proxy', { hub: this.hub, serviceType: kplus.ServiceType.LOAD_BALANCER });
    this.gateway = new DaskGateway(this.hubNamespace, 'dask-gateway', {
      hub: this.hub,
      worker: {
        // The seed's dask-gateway.gateway.backend.worker.extraPodConfig: workers on the worker pool.
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: WORKER_POOL_KEY, operator: 'In', values: ['worker'] }] }],
          },
        },
        tolerations: [
          { key: WORKER_POOL_KEY, operator: 'Equal', value: 'worker', effect: 'NoSchedule' },
          { key: 'k8s.dask.org_dedicated', operator: 'Equal', value: 'worker', effect: 'NoSchedule' },
          { key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal', value: 'spot', effect: 'NoSchedule' },
        ],
      },
      // The seed's 01-optionHandler, as typed options.
      clusterOptions: [
        DaskClusterOption.workerCores({ default: 1, min: 1, max: 16, requestFraction: 0.88 }),
        DaskClusterOption.workerMemory({ default: Size.gibibytes(2), min: Size.gibibytes(1), max: Size.gibibytes(32), requestFraction: 0.95 }),
        DaskClusterOption.image(),
        DaskClusterOption.environment(),
      ],
    });
    // The Namespace first in the file, so `kubectl apply -f` creates it before its contents.
    this.hubNamespace.orderBefore(this);
  }
}
