import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { GeneratedSharedPasswordAuthenticator } from '../auth/generated-shared-password-authenticator';
import { HubDisruptionBudgets } from '../scheduling/disruption-budgets';
import { Hub } from '../hub/hub';
import { HubSecret } from '../hub/hub-secret';
import { checkProps } from '../core/check-props';
import { checkImageReference, checkLabelMap, isPinnedImage } from '../core/validate';
import { Namespace } from '../core/namespace';
import { NamespaceQuota } from '../core/namespace-quota';
import { Proxy } from '../front-door/proxy';
import { SingleUserStorage } from '../users/single-user-storage';
import { IsolationSelfTest } from './isolation-self-test';

/** Props of {@link GkeChart}. */
export interface GkeChartProps extends ChartProps {
  /**
   * Image of the user servers. The original deployment's is a moving `latest` tag, allowed here
   * through `singleUser.allowUnpinnedImage` (nodes pull it on every start); a pinned image is
   * better.
   * @default 'docker.io/aodewahn/thinkdsp:latest' (the original deployment's)
   */
  readonly singleUserImage?: string;
}

/**
 * Zero to JupyterHub on GKE as the original deployment had it (Helm chart 0.3.1, release and
 * namespace `jupyterhub-test`): its own user image, no user storage, the proxy on a LoadBalancer;
 * the proxy token and cookie secret generated in the cluster instead of committed, its dummy login
 * (any password, on a public IP) replaced by shared passwords generated in the cluster (Secret
 * `hub-login`: `admin` with the admin password, any other name with the user password), and
 * PodDisruptionBudgets (`maxUnavailable: 1`) for hub and proxy, since GKE drains nodes for its
 * automatic upgrades.
 * Beside it, in the app, the chart
 * `<id>.check`: its live isolation self-test ({@link IsolationSelfTest}), applied after the install.
 */
export class GkeChart extends Chart {
  /** The namespace (`jupyterhub-test`, the original `--namespace`). */
  public readonly hubNamespace: Namespace;
  /** The hub. */
  public readonly hub: Hub;
  /** The proxy. */
  public readonly proxy: Proxy;
  /** The quota and limits of the namespace. */
  public readonly quota: NamespaceQuota;
  /** The login: shared passwords generated in the cluster (Secret `hub-login` in `jupyterhub-test`). */
  public readonly login: GeneratedSharedPasswordAuthenticator;
  /** The live isolation self-test, a chart of its own beside this one (`dist/<id>.check.k8s.yaml`). */
  public readonly isolationCheck: IsolationSelfTest;

  public constructor(scope: Construct, id: string = 'gke', props: GkeChartProps = {}) {
    checkProps('GkeChartProps', props);
    if (props.labels !== undefined) checkLabelMap('labels', props.labels);
    const { singleUserImage, ...chartProps } = props;
    super(scope, id, { disableResourceNameHashes: true, ...chartProps });
    this.hubNamespace = new Namespace(this, 'jupyterhub-test');
    // Checked here, so that an error names the prop the caller wrote, not the Hub's `singleUser.image`.
    const image = checkImageReference('singleUserImage', singleUserImage ?? 'docker.io/aodewahn/thinkdsp:latest');
    // The original deployment's default, any name and password, would be open to the internet on the load balancer:
    // passwords made in the cluster instead. A demo login: see docs/customizing.md for real sign-in.
    this.login = new GeneratedSharedPasswordAuthenticator({ adminUsers: ['admin'], allowAll: true });
    this.hub = new Hub(this.hubNamespace, 'hub', {
      // The original deployment's `helm install --name=jupyterhub-test`.
      release: 'jupyterhub-test',
      authenticator: this.login,
      // Fair shares: at most 20 servers at once, which the namespace's quota is sized for.
      activeServerLimit: 20,
      // The original deployment's `hub.cookieSecret` and `token.proxy`, made in the cluster: never in a file.
      secret: HubSecret.generated(),
      singleUser: {
        image,
        // Explicit opt-out of the pinned-image rule for the original deployment's `tag: latest` (pull policy Always).
        allowUnpinnedImage: !isPinnedImage(image),
        storage: SingleUserStorage.none(),
        // Fair shares: each server (its kernels run in it) within 2Gi and 2 CPUs.
        memoryLimit: Size.gibibytes(2),
        cpuGuarantee: kplus.Cpu.millis(100),
        cpuLimit: kplus.Cpu.units(2),
      },
    });
    this.proxy = new Proxy(this.hubNamespace, 'proxy', {
      serviceType: kplus.ServiceType.LOAD_BALANCER,
      port: 80,
    });
    this.hub.addIntegration(this.proxy);
    new HubDisruptionBudgets(this.hubNamespace, 'disruption-budgets', { hub: this.hub });
    this.quota = new NamespaceQuota(this.hubNamespace, 'quota');
    this.hubNamespace.orderBefore(this);
    this.isolationCheck = new IsolationSelfTest(scope, `${id}.check`, { hub: this.hub });
  }
}
