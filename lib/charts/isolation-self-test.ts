import { Chart, Duration, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkProps } from '../core/check-props';
import { ACCESS_LABELS, APP, HubNames, IMAGES, PORTS } from '../core/constants';
import { restrictedContainer, restrictedPod } from '../core/k8s';
import { pullSecretsField } from '../core/pull-secrets';
import { checkImageReference, checkSeconds, fail } from '../core/validate';
import { COMPONENT_LABEL, DASK_PORTS, INSTANCE_LABEL } from '../dask/dask-constants';
import type { DaskGateway } from '../dask/dask-gateway';
import { Hub } from '../hub/hub';
import type { IHub } from '../hub/hub-integration';
import { EnterpriseGateway } from '../kernels/enterprise-gateway';
import type { IEnterpriseGateway } from '../kernels/enterprise-gateway-interface';
import { KERNEL_POD_LABELS } from '../kernels/kernel-constants';
import type { CheckDask, CheckGateway, CheckGatewayFront, CheckHub, CheckPod } from './isolation-check-model';
import { planIsolationCheck } from './isolation-check-plan';
import { ISOLATION_CHECK_SCRIPT } from './isolation-check-script';

/** Props of {@link IsolationSelfTest}. */
export interface IsolationSelfTestProps {
  /** The hub whose users' isolation is tested. */
  readonly hub: IHub;

  /**
   * The hub's Enterprise Gateway: its API must answer a user's server; with one of this app whose
   * kernels share a namespace, a decoy kernel and a prober labelled as a kernel join the test.
   * @default - no gateway
   */
  readonly enterpriseGateway?: IEnterpriseGateway;

  /**
   * The hub's Dask Gateway (added to the hub first): a decoy scheduler and API server and a
   * prober labelled as a Dask worker join the test.
   * @default - no Dask Gateway
   */
  readonly daskGateway?: DaskGateway;

  /**
   * Image of the check's pods: one with `python3` on the PATH, running as uid 1000.
   * @default 'quay.io/jupyterhub/k8s-hub:4.4.0' (the hub's image of this release: Python 3, already on the hub's node)
   */
  readonly image?: string;

  /**
   * How long the main prober waits for its proofs, probes and the other probers' verdicts
   * before it fails (the other pods end two minutes after it, at the latest).
   * @default Duration.minutes(10)
   */
  readonly timeout?: Duration;
}

/** Labels of every object of a check: which check, and which pod of it. */
const RUN_LABEL = 'cdk8s-jupyterhub/isolation-check';
const ROLE_LABEL = 'cdk8s-jupyterhub/isolation-check-role';
/** Where the script and the pods' configs are mounted, and the ready file the readinessProbe reads. */
const SCRIPT_DIR = '/opt/isolation-check';
const SCRIPT_FILE = 'isolation_check.py';
const READY_FILE = '/tmp/isolation-check-ready';
/** The uid and gid of the hub image (jovyan). */
const UID = 1000;

/**
 * The live isolation self-test of a hub, a chart of its own (`dist/<chart>.check.k8s.yaml` when a
 * seed chart makes it), applied after the install:
 * `kubectl apply -f dist/<chart>.check.k8s.yaml && kubectl wait --for=condition=complete --timeout=12m -n <namespace> job/isolation-check`,
 * then `kubectl logs -n <namespace> job/isolation-check` for its PASS/FAIL lines.
 *
 * Its main Job's pod is labelled as a user's server and tries, with DNS working, what a user's
 * server must reach (the hub API, the gateway's front) and what it must not (the cloud metadata
 * endpoint, another user's server, the proxy's API, the hub's external database, a kernel, the
 * Dask Gateway's API server and schedulers). Probers labelled as a kernel and as a Dask worker
 * do the same where the hub has them, and the main pod waits for their verdicts. Each forbidden
 * target is a decoy (a pod of the check labelled as what it stands for, so the same
 * NetworkPolicies select it) or a real Service, and a pod that may reach it proves it reachable
 * before any prober tries (the metadata endpoint, outside the cluster, by a pod no policy
 * selects; where nothing answers there even for it, that line is SKIP, proving nothing and failing
 * nothing): a refused probe then means the policies refused it, so a broken
 * network does not pass, and a cluster that does not enforce NetworkPolicy fails (its forbidden
 * probes connect). The main Job completes only if no line failed.
 *
 * Pods signal one bit each, readiness, which a headless Service turns into a DNS name (the one
 * thing every pod may look up); pods labelled as something a Service of the install selects are
 * never ready, so no Service sends them traffic. Every pod is restricted under Pod Security,
 * mounts no ServiceAccount token, has requests and limits and ends by its deadline; the Jobs are
 * deleted an hour after they finish. Run it again after `kubectl delete -f` of the same file.
 *
 * @example
 * new IsolationSelfTest(app, 'my-hub.check', { hub });
 */
export class IsolationSelfTest extends Chart {
  /** Name of the main Job, whose completion means every check passed. */
  public readonly jobName: string;
  /** Namespace of the main Job (the hub's; undefined: kubectl's current one). */
  public readonly jobNamespace?: string;
  /** The command that waits for the verdict. */
  public readonly waitCommand: string;

  public constructor(scope: Construct, id: string, props: IsolationSelfTestProps) {
    checkProps('IsolationSelfTestProps', props);
    super(scope, id, { disableResourceNameHashes: true });
    const image = checkImageReference('image', props.image ?? IMAGES.hub);
    const timeout = checkSeconds('timeout', props.timeout ?? Duration.minutes(10));
    if (timeout < 60) fail('timeout', `${timeout}s`, 'must be at least a minute: pods take that long to start');
    const pods = planIsolationCheck({
      hub: checkHubOf(props.hub),
      gateway: props.enterpriseGateway ? checkGatewayOf(props.enterpriseGateway, props.hub) : undefined,
      dask: props.daskGateway ? checkDaskOf(props.daskGateway) : undefined,
      timeoutSeconds: timeout,
    });
    const main = pods[pods.findIndex((p) => p.role === 'user-server')];
    this.jobName = main.name;
    this.jobNamespace = main.namespace;
    const ns = main.namespace ? ` -n ${main.namespace}` : '';
    this.waitCommand = `kubectl wait --for=condition=complete --timeout=${Math.ceil((timeout + 120) / 60)}m${ns} job/${main.name}`;
    for (const namespace of [...new Set(pods.map((p) => p.namespace))]) {
      this.createConfigMap(
        main.name,
        namespace,
        pods.filter((p) => p.namespace === namespace),
      );
    }
    for (const pod of pods) this.createPod(main.name, pod, image, props.hub);
  }

  /** The script and the configs of the pods of one namespace. */
  private createConfigMap(run: string, namespace: string | undefined, pods: CheckPod[]): void {
    const data: { [key: string]: string } = { [SCRIPT_FILE]: ISOLATION_CHECK_SCRIPT };
    for (const p of pods) data[`${p.role}.json`] = `${JSON.stringify(scriptConfig(p), null, 2)}\n`;
    new k8s.KubeConfigMap(this, `Script-${namespace ?? 'default'}`, {
      metadata: { name: `${run}-script`, ...(namespace ? { namespace } : {}), labels: { [RUN_LABEL]: run } },
      data,
    });
  }

  /** One pod's Job, its Service (its address while it runs) and, if others wait for it, its readiness Service. */
  private createPod(run: string, pod: CheckPod, image: string, hub: IHub): void {
    const own = { [RUN_LABEL]: run, [ROLE_LABEL]: pod.role };
    const meta = (name: string) => ({ name, ...(pod.namespace ? { namespace: pod.namespace } : {}), labels: own });
    const ports = pod.listen.map((port) => ({
      name: `tcp-${port}`,
      port,
      targetPort: k8s.IntOrString.fromNumber(port),
    }));
    new k8s.KubeJob(this, `${pod.role}-job`, {
      metadata: { ...meta(pod.name), annotations: { [ROLE_LABEL]: pod.about } },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: pod.deadlineSeconds + 60,
        ttlSecondsAfterFinished: 3600,
        template: {
          metadata: { labels: { ...pod.labels, ...own }, annotations: { [ROLE_LABEL]: pod.about } },
          spec: podSpec(run, pod, image, hub),
        },
      },
    });
    new k8s.KubeService(this, `${pod.role}-service`, {
      metadata: meta(pod.name),
      spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector: own, ports },
    });
    if (pod.readyWhen !== 'never') {
      new k8s.KubeService(this, `${pod.role}-ready-service`, {
        metadata: meta(`${pod.name}-ready`),
        spec: { clusterIp: 'None', publishNotReadyAddresses: false, selector: own, ports },
      });
    }
  }
}

/**
 * The pod of one part of the check: restricted, no token, the script and its config, a ready
 * file; in the hub's namespace, the hub's pull secrets (`HubProps.imagePullSecrets`: the image is
 * the hub's by default).
 */
function podSpec(run: string, pod: CheckPod, image: string, hub: IHub): k8s.PodSpec {
  const placement = pod.userPlacement
    ? {
        nodeSelector: Lazy.any({ produce: () => hub.userPods().nodeSelector }),
        tolerations: Lazy.any({ produce: () => hub.userPods().tolerations }),
        affinity: Lazy.any({ produce: () => hub.userPods().affinity }),
      }
    : {};
  return {
    restartPolicy: 'Never',
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: { ...restrictedPod(), runAsUser: UID, runAsGroup: UID },
    terminationGracePeriodSeconds: 5,
    ...(placement as Partial<k8s.PodSpec>),
    ...pullSecretsField(pod.namespace === hub.namespace ? hub.imagePullSecrets : []),
    containers: [
      {
        name: 'check',
        image,
        imagePullPolicy: 'IfNotPresent',
        command: ['python3', `${SCRIPT_DIR}/${SCRIPT_FILE}`, `${SCRIPT_DIR}/${pod.role}.json`],
        ports: pod.listen.map((containerPort) => ({ containerPort, protocol: 'TCP' })),
        readinessProbe: {
          exec: {
            command: ['python3', '-c', `import os, sys; sys.exit(not os.path.exists(${JSON.stringify(READY_FILE)}))`],
          },
          periodSeconds: 2,
          timeoutSeconds: 2,
          failureThreshold: 1,
        },
        resources: {
          requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('32Mi') },
          limits: { cpu: k8s.Quantity.fromString('200m'), memory: k8s.Quantity.fromString('64Mi') },
        },
        securityContext: restrictedContainer(UID, UID, true),
        volumeMounts: [
          { name: 'script', mountPath: SCRIPT_DIR, readOnly: true },
          { name: 'tmp', mountPath: '/tmp' },
        ],
      },
    ],
    volumes: [
      { name: 'script', configMap: { name: `${run}-script` } },
      { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Mi') } },
    ],
  };
}

/** A pod's config, as the script reads it. */
export function scriptConfig(p: CheckPod): { [key: string]: unknown } {
  return {
    role: p.role,
    about: p.about,
    deadlineSeconds: p.deadlineSeconds,
    readyFile: READY_FILE,
    readyWhen: p.readyWhen,
    listen: p.listen,
    ...(p.peers.length > 0 ? { peers: p.peers } : {}),
    ...(Object.keys(p.awaitHellos).length > 0 ? { awaitHellos: p.awaitHellos } : {}),
    ...(p.checks ? { gates: p.gates, checks: p.checks, gateReserveSeconds: p.gateReserveSeconds } : {}),
    ...(p.results.length > 0 ? { results: p.results, resultReserveSeconds: p.resultReserveSeconds } : {}),
    ...(p.until ? { until: p.until } : {}),
  };
}

/**
 * The hub's side: its Services, and the labels KubeSpawner gives the users' pods, as the hub's
 * config sets them (`common_labels` less `managed-by`, which these pods are not, `extra_labels`
 * and the `component_label`: `jupyterhub-config.ts`).
 */
function checkHubOf(hub: IHub): CheckHub {
  const names = new HubNames(hub.namePrefix);
  const database = hub instanceof Hub ? hub.databaseAddress : undefined;
  const [dbHost, dbPort] = database
    ? [database.slice(0, database.lastIndexOf(':')), database.slice(database.lastIndexOf(':') + 1)]
    : [];
  return {
    namespace: hub.namespace,
    namePrefix: hub.namePrefix,
    serviceName: hub.serviceName,
    port: hub.port,
    baseUrl: hub.baseUrl,
    userPodLabels: {
      'app.kubernetes.io/name': APP,
      heritage: APP,
      ...hub.singleUserPodLabels,
      [ACCESS_LABELS.hub]: 'true',
    },
    accessLabels: { [ACCESS_LABELS.hub]: 'true', [ACCESS_LABELS.proxyApi]: 'true', [ACCESS_LABELS.singleUser]: 'true' },
    proxyApiService: names.proxyApi,
    proxyApiPort: PORTS.proxyApi,
    ...(dbHost !== undefined ? { database: { host: dbHost, port: Number(dbPort) } } : {}),
    ...(hub instanceof Hub
      ? { usersOpen: { metadata: hub.usersReachCloudMetadata, privateIPs: hub.usersReachPrivateIPs } }
      : {}),
  };
}

/**
 * The gateway's front, and for one of this app its pods' labels and its kernels' namespace; the
 * gateway finds a kernel's pod by `kernel_id` and `component=kernel` (enterprise_gateway 3.3.0
 * `services/processproxies/k8s.py:109`), so a decoy without a `kernel_id` is no kernel of its.
 */
function checkGatewayOf(gw: IEnterpriseGateway, hub: IHub): CheckGateway {
  const own = gw instanceof EnterpriseGateway ? gw : undefined;
  const front = gatewayFrontOf(gw, hub);
  return {
    url: gw.url,
    namespace: own?.namespace,
    podLabels: own?.podLabels,
    kernelNamespace: own?.kernelNamespace,
    kernelLabels: KERNEL_POD_LABELS,
    ...(front ? { front } : {}),
  };
}

/**
 * The gateway front a hub's users' servers reach instead of the gateway itself (issue 19): the
 * check's main prober must reach the front (its line "a user's server reaches the gateway front")
 * instead of the gateway's API, which the gateway admits only from its front. A gateway given by
 * URL (`EnterpriseGateway.fromUrl`) has none.
 */
function gatewayFrontOf(gateway: IEnterpriseGateway, hub: IHub): CheckGatewayFront | undefined {
  const url = gateway instanceof EnterpriseGateway ? gateway.frontUrl(hub) : undefined;
  return url === undefined ? undefined : { url };
}

/**
 * The Dask Gateway's pods by their labels. The decoys of a cluster's pods carry no
 * `gateway.dask.org/cluster` label: the controller passes over pods without one (dask-gateway
 * 2026.3.0 `backends/kubernetes/controller.py:64-71`, `:503-506`), and no cluster's Service selects them.
 */
function checkDaskOf(d: DaskGateway): CheckDask {
  const gateway = (component: string) => ({ app: 'dask-gateway', component, release: d.name });
  const cluster = (role: string) => ({
    'app.kubernetes.io/name': 'dask-gateway',
    [INSTANCE_LABEL]: d.name,
    [COMPONENT_LABEL]: `dask-${role}`,
  });
  return {
    namespace: d.namespace,
    address: d.address,
    apiLabels: gateway('api'),
    traefikLabels: gateway('traefik'),
    schedulerLabels: cluster('scheduler'),
    workerLabels: cluster('worker'),
    apiPort: DASK_PORTS.api,
    schedulerPort: DASK_PORTS.scheduler,
    dashboardPort: DASK_PORTS.dashboard,
    schedulerApiPort: DASK_PORTS.schedulerApi,
  };
}
