/**
 * Issue 20, item 2: the scheduler and worker pods Dask Gateway 2026.3.0's controller creates at
 * run time comply with Pod Security `restricted`: built from the generated
 * `dask_gateway_config.py` and a user's cluster options the way the controller's `make_pod`
 * builds them (`dask-controller-make-pod.ts`), in the hub's namespace, which enforces it.
 */
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Authenticator, DaskClusterOption, DaskGateway, Hub, Namespace, NodePool, NodePurpose, Proxy } from '../../lib';
import { checkPodSecurity } from '../core/pod-security-standards';
import { all, Obj, seedCharts } from '../util';
import { PYTHON } from './cluster-options-runner';
import { clusterConfigs, makeDaskPod } from './dask-controller-make-pod';

/** The gateway configs of a synthesized chart, with the namespace their clusters run in. */
function gatewayConfigs(objs: Obj[]): { namespace: string; config: string }[] {
  return objs
    .filter((o) => o.kind === 'ConfigMap' && typeof o.data?.['dask_gateway_config.py'] === 'string')
    .map((o) => {
      const config: string = o.data['dask_gateway_config.py'];
      return { namespace: /^c\.KubeClusterConfig\.namespace = "([^"]+)"$/m.exec(config)![1], config };
    });
}

/** A user's default cluster, and one at every option's far end. */
const REQUESTS = [
  {},
  {
    worker_cores: 16,
    worker_memory: 32,
    image: 'mcr.microsoft.com/planetary-computer/python:2025.10.1',
    environment: { EXTRA: '1' },
  },
];

function podsOf(config: string, requests: object[] = [{}]) {
  return clusterConfigs(config, requests).flatMap((cfg, i) =>
    (['scheduler', 'worker'] as const).map((role) => {
      const pod = makeDaskPod(cfg, role);
      return { request: i, role, pod, violations: checkPodSecurity('restricted', pod) };
    }),
  );
}

if (PYTHON === undefined && process.env.CI === 'true') {
  test('python3 with traitlets is installed (CI)', () => {
    throw new Error('python3 with traitlets is missing: scripts/system-deps.sh installs jupyterhub, which brings it');
  });
}
const withPython = PYTHON === undefined ? test.skip : test;

withPython(
  'the daskhub chart: schedulers and workers of every request are restricted, in dhub-dask (the gateway namespace), which enforces it',
  () => {
    const objs = seedCharts().daskhub;
    const [gw] = gatewayConfigs(objs);
    expect(gw.namespace).toBe('dhub-dask');
    expect(
      all(objs, 'Namespace').find((n) => n.metadata.name === 'dhub-dask')?.metadata.labels?.[
        'pod-security.kubernetes.io/enforce'
      ],
    ).toBe('restricted');
    const pods = podsOf(gw.config, REQUESTS);
    expect(pods.map((p) => `${p.request} ${p.role}`)).toEqual(['0 scheduler', '0 worker', '1 scheduler', '1 worker']);
    for (const p of pods) expect({ ...p, pod: undefined }).toEqual({ ...p, pod: undefined, violations: [] });
    // The request's image reaches the pod; the security context is the config's, not the request's.
    expect(pods[3].pod.spec.containers[0].image).toBe('mcr.microsoft.com/planetary-computer/python:2025.10.1');
    expect(pods[3].pod.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pods[3].pod.spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  },
);

withPython(
  'a gateway with every pod option (resources, node pools, affinity, tolerations, options): restricted',
  () => {
    const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
    const ns = new Namespace(c, 'dask');
    const hub = new Hub(ns, 'hub', { authenticator: Authenticator.dummy({ allowAll: true }) });
    hub.addIntegration(new Proxy(ns, 'proxy'));
    const resources = {
      cpu: { request: kplus.Cpu.units(1), limit: kplus.Cpu.units(2) },
      memory: { request: Size.gibibytes(2), limit: Size.gibibytes(4) },
    };
    const gateway = new DaskGateway(ns, 'dask', {
      scheduler: { resources, nodePool: NodePool.nodePurpose(NodePurpose.USER) },
      worker: {
        resources,
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] },
            ],
          },
        },
        tolerations: [{ key: 'example.org/dask', operator: 'Exists', effect: 'NoSchedule' }],
      },
      clusterEnvironment: { MODE: 'course' },
      clusterOptions: [
        DaskClusterOption.workerCores({ default: 1, min: 1, max: 8 }),
        DaskClusterOption.workerMemory({ default: Size.gibibytes(2), min: Size.gibibytes(1), max: Size.gibibytes(16) }),
      ],
    });
    hub.addIntegration(gateway);
    Testing.synth(c);
    const pods = podsOf(gateway.config, [{}, { worker_cores: 8, worker_memory: 16 }]);
    expect(pods).toHaveLength(4);
    for (const p of pods) expect({ ...p, pod: undefined }).toEqual({ ...p, pod: undefined, violations: [] });
    expect(pods[1].pod.spec.tolerations).toContainEqual({
      key: 'example.org/dask',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
  },
);

withPython('what the check would catch: a config whose extra pod config lowers the security context', () => {
  const [gw] = gatewayConfigs(seedCharts().daskhub);
  const lowered = `${gw.config}\nc.KubeClusterConfig.worker_extra_pod_config = {"hostPID": True}\nc.KubeClusterConfig.worker_extra_container_config = {}\n`;
  const pods = podsOf(lowered);
  expect(pods.map((p) => [p.role, p.violations.map((v) => v.check)])).toEqual([
    ['scheduler', []],
    [
      'worker',
      [
        'hostNamespaces',
        'allowPrivilegeEscalation',
        'runAsNonRoot',
        'seccompProfile_restricted',
        'capabilities_restricted',
      ],
    ],
  ]);
});
