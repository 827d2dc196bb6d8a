import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { GeneratedSharedPasswordAuthenticator } from '../auth/generated-shared-password-authenticator';
import { EnterpriseGateway } from '../kernels/enterprise-gateway';
import { GatewayLogLevel } from '../kernels/enterprise-gateway-props';
import { Hub } from '../hub/hub';
import { HubDatabase } from '../hub/hub-database';
import { ImagePuller } from '../scheduling/image-puller';
import { checkProps } from '../core/check-props';
import { KernelSpec } from '../kernels/kernel-spec';
import { KernelLanguage } from '../kernels/kernel-spec-props';
import { Namespace } from '../core/namespace';
import { NamespaceQuota } from '../core/namespace-quota';
import { NfsStorage } from '../kernels/nfs-storage';
import { Proxy } from '../front-door/proxy';
import { SingleUserServerApp } from '../users/single-user-options';
import { SingleUserStorage } from '../users/single-user-storage';
import { IsolationSelfTest } from './isolation-self-test';
import { checkAbsolutePath } from '../core/validate';
import { checkNfsServer } from '../core/validate-host';

/** Most user servers at once: the hub's `activeServerLimit`, which the quotas are sized for. */
const ACTIVE_SERVERS = 20;

/** Props of {@link JegLabChart}. */
export interface JegLabChartProps extends ChartProps {
  /**
   * The NFS server that holds the users' homes.
   * @default '172.17.0.1' (the lab's)
   */
  readonly nfsServer?: string;

  /**
   * The export holding one directory per user.
   * @default '/home/nfs_share/claim' (the lab's)
   */
  readonly nfsPath?: string;
}

/**
 * The "notebook as a service" lab: JupyterHub in namespace `jupyterhub` with user homes
 * on NFS, and Jupyter Enterprise Gateway in namespace `enterprise-gateway` running each kernel as
 * a pod in a namespace of its own, mounting the same user's home. The kernel image is pre-pulled on
 * every node kernels may run on, so the first kernel on a node starts within the 60 s launch timeout.
 * Login: shared passwords generated in the cluster (Secret `hub-login` in `jupyterhub`), instead of
 * the lab's dummy login on its LoadBalancer.
 * Beside it, in the app, the chart `<id>.check`: its live isolation self-test ({@link IsolationSelfTest}),
 * with a decoy kernel and a prober labelled as a kernel.
 */
export class JegLabChart extends Chart {
  /** Namespace of the hub stack. */
  public readonly hubNamespace: Namespace;
  /** Namespace of the gateway. */
  public readonly gatewayNamespace: Namespace;
  /** The users' homes on NFS. */
  public readonly homes: NfsStorage;
  /** The Python kernel spec. */
  public readonly pythonKernel: KernelSpec;
  /** The gateway. */
  public readonly gateway: EnterpriseGateway;
  /** Pre-pulls the kernel images on every node kernels may run on. */
  public readonly kernelImagePuller: ImagePuller;
  /** The hub. */
  public readonly hub: Hub;
  /** The proxy. */
  public readonly proxy: Proxy;
  /** The quotas and limits of the hub's, the gateway's and the kernels' namespaces. */
  public readonly quotas: NamespaceQuota[];
  /** The login: shared passwords generated in the cluster (Secret `hub-login` in `jupyterhub`). */
  public readonly login: GeneratedSharedPasswordAuthenticator;
  /** The live isolation self-test, a chart of its own beside this one (`dist/<id>.check.k8s.yaml`). */
  public readonly isolationCheck: IsolationSelfTest;

  public constructor(scope: Construct, id: string = 'jeg-lab', props: JegLabChartProps = {}) {
    checkProps('JegLabChartProps', props);
    super(scope, id, { disableResourceNameHashes: true, ...props });
    this.hubNamespace = new Namespace(this, 'jupyterhub');
    this.gatewayNamespace = new Namespace(this, 'enterprise-gateway');

    this.homes = new NfsStorage(this.hubNamespace, 'homes', {
      // Checked here too, so an error names this chart's props, not NfsStorage's.
      server: checkNfsServer('nfsServer', props.nfsServer ?? '172.17.0.1'),
      path: checkAbsolutePath('nfsPath', props.nfsPath ?? '/home/nfs_share/claim'),
      capacity: Size.gibibytes(15),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      claimName: 'jhub-claim',
      volumeName: 'nfs-pv',
    });

    this.pythonKernel = new KernelSpec(this.gatewayNamespace, 'python-kubernetes', {
      name: 'python_kubernetes',
      displayName: 'Python on Kubernetes',
      language: KernelLanguage.PYTHON,
      image: 'docker.io/elyra/kernel-py:3.3.0',
      homeStorage: this.homes,
      homeMountPath: '/home/jovyan',
    });

    this.gateway = this.createGateway();
    // elyra/kernel-py is large: pulled when a kernel first starts on a node, it outlasts the
    // lab's 60 s launch timeout. Pre-pulled on every node kernels may run on, it is there before.
    this.kernelImagePuller = new ImagePuller(this.gatewayNamespace, 'kernel-puller', { source: this.gateway });

    // The lab kept Zero to JupyterHub's dummy login (any name, any password) on a LoadBalancer: passwords
    // made in the cluster instead. Any name logs in with the user password, `admin` with the admin password.
    this.login = new GeneratedSharedPasswordAuthenticator({ adminUsers: ['admin'], allowAll: true });
    this.hub = this.createHub();
    this.proxy = new Proxy(this.hubNamespace, 'proxy', { serviceType: kplus.ServiceType.LOAD_BALANCER });
    this.hub.addIntegration(this.proxy);
    this.quotas = [this.hubNamespace, this.gatewayNamespace, this.gateway.dedicatedKernelNamespace!].map(
      (ns) => new NamespaceQuota(ns, 'quota'),
    );
    // Namespaces first in the file, so `kubectl apply -f` creates them before their contents.
    this.hubNamespace.orderBefore(this);
    this.gatewayNamespace.orderBefore(this);
    this.isolationCheck = new IsolationSelfTest(scope, `${id}.check`, {
      hub: this.hub,
      enterpriseGateway: this.gateway,
    });
  }

  /** The lab's hub: its logins, fair shares, NFS homes shared with the kernels, and the gateway. */
  private createHub(): Hub {
    return new Hub(this.hubNamespace, 'hub', {
      authenticator: this.login,
      // Fair shares: at most ACTIVE_SERVERS servers at once, which the namespace's quota is sized for.
      activeServerLimit: ACTIVE_SERVERS,
      database: HubDatabase.sqlitePvc({ size: Size.gibibytes(1), storageClassName: 'ssd-hostpath' }),
      singleUser: {
        image: 'quay.io/jupyter/base-notebook:hub-5.2.1',
        cmd: ['jupyterhub-singleuser'],
        defaultUrl: '/lab',
        storage: SingleUserStorage.shared(this.homes, { subPath: '{username}', homeMountPath: '/home/jovyan' }),
        serverApp: SingleUserServerApp.JUPYTER_SERVER,
        // Fair shares: the server (its kernels run in the gateway's namespace) within 2Gi and 1 CPU.
        memoryLimit: Size.gibibytes(2),
        cpuGuarantee: kplus.Cpu.millis(100),
        cpuLimit: kplus.Cpu.units(1),
      },
      integrations: [this.gateway],
    });
  }

  /** The lab's gateway, hardened: reached by the hub's users' servers only, kernels in one namespace. */
  private createGateway(): EnterpriseGateway {
    return new EnterpriseGateway(this.gatewayNamespace, 'gateway', {
      // The lab's LoadBalancer and per-kernel namespaces are gone: only the hub's users' servers
      // reach the gateway (with its token), and kernels run in one restricted namespace.
      mirrorWorkingDirs: true,
      cullIdleTimeout: Duration.seconds(3600),
      kernelLaunchTimeout: Duration.seconds(60),
      logLevel: GatewayLogLevel.DEBUG,
      resources: {
        cpu: { request: kplus.Cpu.units(1), limit: kplus.Cpu.units(1) },
        memory: { request: Size.gibibytes(2), limit: Size.gibibytes(5) },
      },
      replicas: 1,
      terminationGracePeriod: Duration.seconds(60),
      kernelSpecs: [this.pythonKernel],
      // Fair shares: 4 kernels per user (the default), and as many in all as the active servers may have.
      maxKernels: ACTIVE_SERVERS * 4,
      defaultKernelName: 'python_kubernetes',
    });
  }
}
