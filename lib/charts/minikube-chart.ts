import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { GeneratedSharedPasswordAuthenticator } from '../auth/generated-shared-password-authenticator';
import { Hub } from '../hub/hub';
import { NamespaceQuota } from '../core/namespace-quota';
import { HubDatabase } from '../hub/hub-database';
import { checkProps } from '../core/check-props';
import { checkDnsLabel, checkLabelMap } from '../core/validate';
import { IngressTls } from '../front-door/ingress-tls';
import { NginxIngress } from '../front-door/nginx-ingress';
import { Proxy } from '../front-door/proxy';
import { IsolationSelfTest } from './isolation-self-test';
import { SingleUserStorage } from '../users/single-user-storage';

/** Props of {@link MinikubeChart}. */
export interface MinikubeChartProps extends ChartProps {
  /**
   * URL prefix of the whole hub, e.g. `/jupyter/` behind a shared host.
   * @default '/' (as the original deployment)
   */
  readonly baseUrl?: string;

  /**
   * Host name users reach the hub at (nginx's `server_name`).
   * @default - any host, as the original deployment
   */
  readonly host?: string;

  /**
   * HTTPS at nginx (e.g. `IngressTls.acme(...)` with a `host`); HTTP then redirects to it.
   * @default - plain HTTP, as the original deployment
   */
  readonly tls?: IngressTls;
}

/**
 * The stripped-down JupyterHub on minikube, modernized: hub + configurable-http-proxy
 * with nginx in the proxy pod, `proxy-public` on NodePort 32020, sqlite and user homes on
 * minikube's `standard` storage class. Login `admin` with the admin password, or any other name
 * with the user password: both generated in the cluster into Secret `hub-login` (the original
 * deployment's dummy login, any password, would be open to whoever reaches the node port).
 * Beside it, in the app,
 * the chart `<id>.check`: its live isolation self-test ({@link IsolationSelfTest}), applied after the install.
 */
export class MinikubeChart extends Chart {
  /** The hub. */
  public readonly hub: Hub;
  /** The proxy. */
  public readonly proxy: Proxy;
  /** nginx in front of the proxy. */
  public readonly nginx: NginxIngress;
  /** The quota and limits of the hub's namespace (the chart's, or kubectl's current one). */
  public readonly quota: NamespaceQuota;
  /** The login: shared passwords generated in the cluster (Secret `hub-login`). */
  public readonly login: GeneratedSharedPasswordAuthenticator;
  /** The live isolation self-test, a chart of its own beside this one (`dist/<id>.check.k8s.yaml`). */
  public readonly isolationCheck: IsolationSelfTest;

  public constructor(scope: Construct, id: string = 'minikube', props: MinikubeChartProps = {}) {
    checkProps('MinikubeChartProps', props);
    // cdk8s writes a Chart's namespace and labels into every object unchecked.
    if (props.namespace !== undefined) checkDnsLabel('namespace', props.namespace);
    if (props.labels !== undefined) checkLabelMap('labels', props.labels);
    const { baseUrl: _baseUrl, host, tls, ...chartProps } = props;
    super(scope, id, { disableResourceNameHashes: true, ...chartProps });

    // The original deployment's auth.type: dummy would let anyone who reaches the node port in: passwords instead,
    // made in the cluster. Any name logs in with the user password, `admin` with the admin password.
    this.login = new GeneratedSharedPasswordAuthenticator({ adminUsers: ['admin'], allowAll: true });
    this.hub = new Hub(this, 'hub', {
      authenticator: this.login,
      adminAccess: true,
      baseUrl: props.baseUrl ?? '/',
      concurrentSpawnLimit: 64,
      // Fair shares: at most 20 servers at once, which the namespace's quota is sized for.
      activeServerLimit: 20,
      database: HubDatabase.sqlitePvc({ size: Size.gibibytes(1), storageClassName: 'standard' }),
      idleCuller: { enabled: true, timeout: Duration.seconds(3600), every: Duration.seconds(600), cullUsers: false },
      singleUser: {
        cmd: ['jupyterhub-singleuser'],
        uid: 1000,
        fsGid: 1000,
        // The original deployment's 100M/150M cannot hold a current JupyterLab server; see the mapping table of docs/minikube.md.
        memoryGuarantee: Size.mebibytes(512),
        memoryLimit: Size.gibibytes(1),
        cpuGuarantee: kplus.Cpu.millis(100),
        cpuLimit: kplus.Cpu.units(1),
        startTimeout: Duration.seconds(300),
        storage: SingleUserStorage.dynamic({
          capacity: Size.gibibytes(10),
          storageClassName: 'standard',
          homeMountPath: '/home/jovyan',
        }),
        blockCloudMetadata: true,
      },
    });
    this.proxy = new Proxy(this, 'proxy', {
      serviceType: kplus.ServiceType.NODE_PORT,
      port: 80,
      nodePort: 32020,
    });
    this.nginx = new NginxIngress(this, 'nginx', { maxBodySize: Size.mebibytes(64), host, tls });
    // The front door first: the hub learns its public URL when the proxy is added.
    this.proxy.addFrontDoor(this.nginx);
    this.hub.addIntegration(this.proxy);
    this.quota = new NamespaceQuota(this, 'quota');
    this.isolationCheck = new IsolationSelfTest(scope, `${id}.check`, { hub: this.hub });
  }
}
