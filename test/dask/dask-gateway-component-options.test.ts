/**
 * Issue 22, items 9 and 11: the options of the gateway's own pods (the dask-gateway chart's
 * `gateway.*`, `controller.*` and `traefik.*`): `WorkloadOptions` per component (`api.workload`,
 * `controller.workload`, `traefik.workload`), the API server's and Traefik's replicas, the API
 * server's probes, both Services' annotations, Traefik's Service type and ports, and the clusters'
 * image pulling (`clusterImagePullPolicy`, `clusterImagePullSecrets`).
 */
import { Chart, Testing } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-27';
import { Authenticator, DaskGateway, DaskGatewayProps, Hub, Namespace, Proxy, PullPolicy } from '../../lib';
import { find, Obj } from '../util';
import { checkTraitsInPython } from '../trait-check';
import { strictErrors } from '../strict-schema';

const NAME = 'dhub-dask-gateway';

/** The objects of a gateway with these props, in namespace dhub-dask beside a hub in dhub. */
function build(props: DaskGatewayProps): { objs: Obj[]; gateway: DaskGateway } {
  const c = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const hubNs = new Namespace(c, 'dhub');
  const hub = new Hub(hubNs, 'hub', { authenticator: Authenticator.dummy({ allowOpenNetwork: true }) });
  hub.addIntegration(new Proxy(hubNs, 'proxy'));
  const gateway = new DaskGateway(new Namespace(c, 'dhub-dask'), 'dask', props);
  hub.addIntegration(gateway);
  return { objs: Testing.synth(c) as Obj[], gateway };
}

const pod = (objs: Obj[], component: string) => find(objs, 'Deployment', `${component}-${NAME}`).spec.template;

describe("the gateway's own pods take WorkloadOptions", () => {
  const { objs } = build({
    api: {
      workload: {
        podLabels: { team: 'geo' },
        podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' },
        nodeSelector: { pool: 'core' },
        tolerations: [{ key: 'core', operator: 'Exists', effect: 'NoSchedule' }],
        imagePullSecrets: ['registry'],
        imagePullPolicy: PullPolicy.ALWAYS,
        revisionHistoryLimit: 3,
        priorityClassName: 'dask-core',
        extraEnv: { TZ: 'UTC' },
        serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': 'dask@p.iam.gserviceaccount.com' },
      },
    },
    controller: { workload: { podAnnotations: { a: '1' }, imagePullSecrets: ['registry'] } },
    traefik: { workload: { podAnnotations: { b: '2' }, imagePullPolicy: PullPolicy.NEVER } },
  });

  test("the API server's pod gets each of them (the chart's gateway.annotations, imagePullSecrets, image.pullPolicy, env)", () => {
    const d = find(objs, 'Deployment', `api-${NAME}`);
    const t = d.spec.template;
    expect(d.spec.revisionHistoryLimit).toBe(3);
    expect(t.metadata.labels).toMatchObject({ app: 'dask-gateway', component: 'api', team: 'geo' });
    expect(t.metadata.annotations).toMatchObject({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' });
    expect(t.metadata.annotations['checksum/config-map']).toBeDefined();
    expect(t.spec.nodeSelector).toEqual({ pool: 'core' });
    expect(t.spec.tolerations).toContainEqual({ key: 'core', operator: 'Exists', effect: 'NoSchedule' });
    expect(t.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(t.spec.priorityClassName).toBe('dask-core');
    expect(t.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(t.spec.containers[0].env).toContainEqual({ name: 'TZ', value: 'UTC' });
    expect(t.spec.containers[0].env.map((e: any) => e.name)).toContain('JUPYTERHUB_API_TOKEN');
    expect(find(objs, 'ServiceAccount', `api-${NAME}`).metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': 'dask@p.iam.gserviceaccount.com',
    });
  });

  test("the controller's and Traefik's pods get theirs, and only theirs", () => {
    expect(pod(objs, 'controller').metadata.annotations).toMatchObject({ a: '1' });
    expect(pod(objs, 'controller').spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(pod(objs, 'controller').metadata.annotations.b).toBeUndefined();
    expect(pod(objs, 'traefik').metadata.annotations).toEqual({ b: '2' });
    expect(pod(objs, 'traefik').spec.containers[0].imagePullPolicy).toBe('Never');
    expect(pod(objs, 'traefik').spec.imagePullSecrets).toBeUndefined();
  });
});

describe('replicas, probes and Services', () => {
  test('the API server and Traefik run the replicas given (gateway.replicas, traefik.replicas); the controller one', () => {
    const { objs } = build({ api: { replicas: 3 }, traefik: { replicas: 2 } });
    expect(find(objs, 'Deployment', `api-${NAME}`).spec.replicas).toBe(3);
    expect(find(objs, 'Deployment', `traefik-${NAME}`).spec.replicas).toBe(2);
    expect(find(objs, 'Deployment', `controller-${NAME}`).spec.replicas).toBe(1);
  });

  test("the API server's probes can be turned off, each on its own (gateway.livenessProbe/readinessProbe.enabled)", () => {
    const off = pod(build({ api: { livenessProbe: false } }).objs, 'api').spec.containers[0];
    expect(off.livenessProbe).toBeUndefined();
    expect(off.readinessProbe.httpGet.path).toBe('/api/health');
    const none = pod(build({ api: { readinessProbe: false } }).objs, 'api').spec.containers[0];
    expect(none.readinessProbe).toBeUndefined();
    expect(none.livenessProbe.httpGet.path).toBe('/api/health');
  });

  test('both Services take annotations (gateway.service.annotations, traefik.service.annotations)', () => {
    const { objs } = build({
      api: { serviceAnnotations: { 'x.io/a': '1' } },
      traefik: { serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } },
    });
    expect(find(objs, 'Service', `api-${NAME}`).metadata.annotations).toEqual({ 'x.io/a': '1' });
    expect(find(objs, 'Service', `traefik-${NAME}`).metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-internal': 'true',
    });
  });

  test("Traefik's Service type, port and node port (traefik.service.type, ports.web.port/nodePort); the address follows the port", () => {
    const { objs, gateway } = build({ traefik: { serviceType: ServiceType.NODE_PORT, port: 8080, nodePort: 30080 } });
    const svc = find(objs, 'Service', `traefik-${NAME}`);
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.ports).toEqual([{ name: 'web', port: 8080, targetPort: 'web', protocol: 'TCP', nodePort: 30080 }]);
    expect(gateway.address).toBe(`http://traefik-${NAME}.dhub-dask:8080/services/dask-gateway`);
  });

  test('a NodePort or LoadBalancer Traefik admits any source on its web port; the API server and the clusters still admit Traefik only', () => {
    const policy = (objs: Obj[], name: string) => find(objs, 'NetworkPolicy', name).spec.ingress;
    const inside = build({}).objs;
    expect(policy(inside, `traefik-${NAME}`).every((r: any) => r.from !== undefined)).toBe(true);
    const outside = build({ traefik: { serviceType: ServiceType.LOAD_BALANCER } }).objs;
    expect(policy(outside, `traefik-${NAME}`)).toContainEqual({ ports: [{ port: 8000, protocol: 'TCP' }] });
    expect(policy(outside, `api-${NAME}`)).toEqual(policy(inside, `api-${NAME}`));
    for (const o of outside.filter((x) => x.kind === 'NetworkPolicy' && x.metadata.name !== `traefik-${NAME}`))
      expect({ name: o.metadata.name, ingress: o.spec.ingress }).toEqual({
        name: o.metadata.name,
        ingress: find(inside, 'NetworkPolicy', o.metadata.name).spec.ingress,
      });
  });
});

describe("Traefik's own entrypoints: the schedulers' TLS on a port of its own, the dashboard", () => {
  /** The users' servers' environment, from the hub's config. */
  const serverEnv = (objs: Obj[]): { [k: string]: string } => {
    const hubConfig: string = find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
    const line = hubConfig.split('\n').find((l) => l.startsWith('c.KubeSpawner.environment = '))!;
    return JSON.parse(line.slice('c.KubeSpawner.environment = '.length));
  };

  test("tcpPort: a tcp entrypoint on 8786, a Service port of its own, the controller's routes and the servers' proxy address follow (traefik.service.ports.tcp.port/nodePort)", () => {
    const { objs, gateway } = build({
      traefik: { serviceType: ServiceType.NODE_PORT, tcpPort: 8786, tcpNodePort: 30786 },
    });
    const container = pod(objs, 'traefik').spec.containers[0];
    expect(container.args).toContain('--entrypoints.tcp.address=:8786');
    expect(container.ports).toContainEqual({ name: 'tcp', containerPort: 8786, protocol: 'TCP' });
    expect(find(objs, 'Service', `traefik-${NAME}`).spec.ports).toContainEqual({
      name: 'tcp',
      port: 8786,
      targetPort: 'tcp',
      protocol: 'TCP',
      nodePort: 30786,
    });
    expect(gateway.config).toContain('c.KubeController.proxy_tcp_entrypoint = "tcp"');
    expect(serverEnv(objs).DASK_GATEWAY__PROXY_ADDRESS).toBe(`gateway://traefik-${NAME}.dhub-dask:8786`);
    expect(serverEnv(objs).DASK_GATEWAY__ADDRESS).toBe(`http://traefik-${NAME}.dhub-dask:80/services/dask-gateway`);
    // The users' servers reach it, and Traefik admits them (and, a NodePort, any source) there.
    const egress = find(objs, 'NetworkPolicy', 'singleuser').spec.egress;
    expect(egress.some((r: any) => r.ports?.some((p: any) => p.port === 8786))).toBe(true);
    const ingress = find(objs, 'NetworkPolicy', `traefik-${NAME}`).spec.ingress;
    expect(ingress).toContainEqual({
      ports: [
        { port: 8000, protocol: 'TCP' },
        { port: 8786, protocol: 'TCP' },
      ],
    });
  });

  test('by default the schedulers share the web port (the daskhub chart)', () => {
    const { objs, gateway } = build({});
    expect(gateway.config).toContain('c.KubeController.proxy_tcp_entrypoint = "web"');
    expect(pod(objs, 'traefik').spec.containers[0].args.join(' ')).not.toContain('entrypoints.tcp');
  });

  test('the dashboard is served on the traefik entrypoint (port 9000), on no Service, admitted from no pod', () => {
    const { objs } = build({ traefik: { dashboard: true } });
    expect(pod(objs, 'traefik').spec.containers[0].args).toEqual(
      expect.arrayContaining(['--api.dashboard=true', '--api.insecure=true', '--entrypoints.traefik.address=:9000']),
    );
    expect(find(objs, 'Service', `traefik-${NAME}`).spec.ports.map((p: any) => p.port)).toEqual([80]);
    const ingress = find(objs, 'NetworkPolicy', `traefik-${NAME}`).spec.ingress;
    expect(ingress.flatMap((r: any) => r.ports.map((p: any) => p.port))).not.toContain(9000);
    expect(pod(build({}).objs, 'traefik').spec.containers[0].args.join(' ')).not.toContain('--api');
  });
});

describe("the clusters' image pulling (gateway.backend.image.pullPolicy, gateway.backend.imagePullSecrets)", () => {
  test('reaches c.KubeClusterConfig', () => {
    const { gateway } = build({ clusterImagePullPolicy: PullPolicy.ALWAYS, clusterImagePullSecrets: ['registry'] });
    expect(gateway.config).toContain('c.KubeClusterConfig.image_pull_policy = "Always"');
    expect(gateway.config).toContain('c.KubeClusterConfig.image_pull_secrets = [{"name": "registry"}]');
    const check = checkTraitsInPython(gateway.config, 'dask');
    expect(check.errors).toEqual([]);
    expect(check.values.KubeClusterConfig).toMatchObject({
      image_pull_policy: 'Always',
      image_pull_secrets: [{ name: 'registry' }],
    });
  });

  test("a pull Secret given as a trait is added to the prop's", () => {
    const { gateway } = build({
      clusterImagePullSecrets: ['registry'],
      traits: { kubeClusterConfig: { imagePullSecrets: [{ name: 'other' }] } },
    });
    expect(gateway.config).toContain(
      'c.KubeClusterConfig.image_pull_secrets = [{"name": "registry"}, {"name": "other"}]',
    );
  });

  test('by default the config sets none, and the pull policy the library picks', () => {
    const { gateway } = build({});
    expect(gateway.config).not.toContain('image_pull_secrets');
    expect(gateway.config).toContain('c.KubeClusterConfig.image_pull_policy = "IfNotPresent"');
  });
});

test("the controller's API rate limits are its traits (controller.k8sApiRateLimit, k8sApiRateLimitBurst)", () => {
  const { gateway } = build({ traits: { kubeController: { k8sApiRateLimit: 20, k8sApiRateLimitBurst: 40 } } });
  expect(gateway.config).toContain('c.KubeController.k8s_api_rate_limit = 20');
  expect(gateway.config).toContain('c.KubeController.k8s_api_rate_limit_burst = 40');
  expect(checkTraitsInPython(gateway.config, 'dask').errors).toEqual([]);
});

test('every object of a gateway with all of these options passes the strict Kubernetes schema', () => {
  const { objs } = build({
    api: { replicas: 2, livenessProbe: false, serviceAnnotations: { a: '1' }, workload: { revisionHistoryLimit: 2 } },
    controller: { workload: { priorityClassName: 'dask-core', extraEnv: { TZ: 'UTC' } } },
    traefik: {
      replicas: 2,
      serviceType: ServiceType.LOAD_BALANCER,
      port: 8080,
      nodePort: 30080,
      tcpPort: 8786,
      tcpNodePort: 30786,
      dashboard: true,
      workload: { imagePullSecrets: ['registry'], imagePullPolicy: PullPolicy.ALWAYS },
    },
    clusterImagePullSecrets: ['registry'],
  });
  expect(objs.filter((o) => !o.apiVersion.startsWith('traefik.io/')).flatMap((o) => strictErrors(o))).toEqual([]);
});

describe('refuses bad input, naming the prop', () => {
  test.each<[string, DaskGatewayProps, RegExp]>([
    ['no replicas', { api: { replicas: 0 } }, /^Invalid 'api\.replicas' \(0\)/],
    ['a fraction of a replica', { traefik: { replicas: 1.5 } }, /^Invalid 'traefik\.replicas' \(1\.5\)/],
    [
      'a label the library sets',
      { api: { workload: { podLabels: { component: 'x' } } } },
      /^Invalid 'api\.workload\.podLabels\.component'/,
    ],
    [
      'env the library sets',
      { api: { workload: { extraEnv: { JUPYTERHUB_API_TOKEN: 'x' } } } },
      /^Invalid 'api\.workload\.extraEnv\.JUPYTERHUB_API_TOKEN'.*set by the library/,
    ],
    [
      'a bad pull Secret name',
      { controller: { workload: { imagePullSecrets: ['Bad_Name'] } } },
      /^Invalid 'controller\.workload\.imagePullSecrets\[0\]'/,
    ],
    [
      'an ExternalName Service',
      { traefik: { serviceType: ServiceType.EXTERNAL_NAME } },
      /^Invalid 'traefik\.serviceType' \('ExternalName'\)/,
    ],
    [
      'a node port on a ClusterIP Service',
      { traefik: { nodePort: 30080 } },
      /^Invalid 'traefik\.nodePort' \(30080\): applies to a NodePort or LoadBalancer Service/,
    ],
    [
      'a node port out of range',
      { traefik: { serviceType: ServiceType.NODE_PORT, nodePort: 80 } },
      /^Invalid 'traefik\.nodePort' \(80\)/,
    ],
    ['a port out of range', { traefik: { port: 70000 } }, /^Invalid 'traefik\.port' \(70000\)/],
    [
      'the tcp port the web port too',
      { traefik: { port: 8080, tcpPort: 8080 } },
      /^Invalid 'traefik\.tcpPort' \(8080\): is 'port' too/,
    ],
    [
      'a tcp node port without a tcp port',
      { traefik: { serviceType: ServiceType.NODE_PORT, tcpNodePort: 30786 } },
      /^Invalid 'traefik\.tcpNodePort' \(30786\): is the node port of 'tcpPort'/,
    ],
    [
      'a tcp node port on a ClusterIP Service',
      { traefik: { tcpPort: 8786, tcpNodePort: 30786 } },
      /^Invalid 'traefik\.tcpNodePort' \(30786\): applies to a NodePort or LoadBalancer Service/,
    ],
    [
      'one node port twice',
      { traefik: { serviceType: ServiceType.NODE_PORT, nodePort: 30080, tcpPort: 8786, tcpNodePort: 30080 } },
      /^Invalid 'traefik\.tcpNodePort' \(30080\): is 'nodePort' too/,
    ],
    [
      'the dashboard without NetworkPolicies',
      { networkPolicy: false, traefik: { dashboard: true } },
      /^Invalid 'traefik\.dashboard' \(true\): needs 'networkPolicy'/,
    ],
    ['a bad annotation key', { api: { serviceAnnotations: { 'a b': '1' } } }, /^Invalid 'api\.serviceAnnotations'/],
    [
      'an unknown pull policy',
      { clusterImagePullPolicy: 'Sometimes' as PullPolicy },
      /^Invalid 'clusterImagePullPolicy' \('Sometimes'\): must be one of PullPolicy.ALWAYS/,
    ],
    [
      'a bad cluster pull Secret',
      { clusterImagePullSecrets: ['ok', 'Not OK'] },
      /^Invalid 'clusterImagePullSecrets\[1\]'/,
    ],
    [
      'a cluster pull Secret twice',
      { clusterImagePullSecrets: ['a', 'a'] },
      /^Invalid 'clusterImagePullSecrets'.*lists a Secret twice/,
    ],
    [
      'the pull policy as a trait',
      { traits: { kubeClusterConfig: { imagePullPolicy: 'Always' } } },
      /set by the library from 'clusterImagePullPolicy'/,
    ],
  ])('%s', (_what, props, error) => {
    expect(() => build(props)).toThrow(error);
  });
});
