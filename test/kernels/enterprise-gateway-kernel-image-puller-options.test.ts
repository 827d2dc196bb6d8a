/**
 * Issue 22, item 14: the settings of Enterprise Gateway's own kernel-image-puller (the chart's
 * `kip.*`) are typed in `kernelImagePullerOptions`, reach the DaemonSet's env, container and pod
 * as the chart puts them (`templates/daemonset.yaml` at 3.3.0), and bad input is refused naming
 * the prop.
 */
import { Duration, Size } from 'cdk8s';
import {
  EnterpriseGateway,
  KernelImageFetcher,
  KernelImagePullerOptions,
  KernelSpec,
  Namespace,
  NodePool,
  NodePurpose,
  PodSecurityLevel,
  PullPolicy,
} from '../../lib';
import { strictErrors } from '../strict-schema';
import { chart, container, env, find, Obj, synth } from '../util';

const PULLER = 'enterprise-gateway-kernel-image-puller';

function gateway(options?: KernelImagePullerOptions, extra: object = {}): Obj[] {
  const c = chart();
  const ns = new Namespace(c, 'enterprise-gateway', { podSecurity: PodSecurityLevel.PRIVILEGED });
  new EnterpriseGateway(ns, 'gw', {
    kernelImagePuller: true,
    kernelImagePullerOptions: options,
    kernelSpecs: [new KernelSpec(ns, 'py', { name: 'py' })],
    ...extra,
  });
  return synth(c);
}

const construct =
  (options: unknown, extra: object = {}) =>
  () =>
    gateway(options as KernelImagePullerOptions, extra);

describe('by default', () => {
  test('the puller asks this gateway every 5 minutes, pulls missing images through containerd, with an account of its own and no token', () => {
    const objs = gateway();
    const ds = find(objs, 'DaemonSet', PULLER);
    const c = container(ds, 'kernel-image-puller');
    expect(c.image).toBe('docker.io/elyra/kernel-image-puller:3.3.0');
    expect(env(c, 'KIP_GATEWAY_HOST')).toBe('http://enterprise-gateway.enterprise-gateway:8888');
    expect(env(c, 'KIP_INTERVAL')).toBe('300');
    expect(env(c, 'KIP_PULL_POLICY')).toBe('IfNotPresent');
    expect(env(c, 'KIP_CRI_ENDPOINT')).toBe('unix:///run/containerd/containerd.sock');
    expect(env(c, 'KIP_DEFAULT_CONTAINER_REGISTRY')).toBeUndefined();
    expect(env(c, 'KIP_IMAGE_FETCHER')).toBeUndefined();
    const pod = ds.spec.template.spec;
    expect(pod.serviceAccountName).toBe(PULLER);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(find(objs, 'ServiceAccount', PULLER).automountServiceAccountToken).toBe(false);
  });
});

describe('each option reaches the DaemonSet', () => {
  test('image, pullPolicy, interval, criSocket, defaultContainerRegistry, resources', () => {
    const ds = find(
      gateway({
        image: 'registry.example.org/kip:3.3.0',
        pullPolicy: PullPolicy.ALWAYS,
        interval: Duration.minutes(10),
        criSocket: '/var/run/crio/crio.sock',
        defaultContainerRegistry: 'registry.example.org',
        resources: { memory: { limit: Size.mebibytes(512) } },
      }),
      'DaemonSet',
      PULLER,
    );
    const c = container(ds, 'kernel-image-puller');
    expect(c.image).toBe('registry.example.org/kip:3.3.0');
    expect(env(c, 'KIP_PULL_POLICY')).toBe('Always');
    expect(env(c, 'KIP_INTERVAL')).toBe('600');
    expect(env(c, 'KIP_CRI_ENDPOINT')).toBe('unix:///var/run/crio/crio.sock');
    expect(env(c, 'KIP_DEFAULT_CONTAINER_REGISTRY')).toBe('registry.example.org');
    expect(c.resources.limits.memory).toBe('512Mi');
    expect(c.volumeMounts).toEqual([{ name: 'cri-socket', mountPath: '/var/run/crio/crio.sock' }]);
    expect(ds.spec.template.spec.volumes).toEqual([
      { name: 'cri-socket', hostPath: { path: '/var/run/crio/crio.sock', type: 'Socket' } },
    ]);
  });

  test('a static list of images (KernelImageFetcher.STATIC_LIST) instead of asking the gateway', () => {
    const c = container(
      find(
        gateway({ fetcher: KernelImageFetcher.STATIC_LIST, images: ['docker.io/elyra/kernel-py:3.3.0', 'r:1'] }),
        'DaemonSet',
        PULLER,
      ),
      'kernel-image-puller',
    );
    expect(env(c, 'KIP_IMAGE_FETCHER')).toBe('StaticListFetcher');
    expect(env(c, 'KIP_IMAGES')).toBe('docker.io/elyra/kernel-py:3.3.0,r:1');
  });

  test('serviceAccountName, nodePool (affinity), workload: node selector, tolerations, pull policy, account annotations', () => {
    const objs = gateway({
      serviceAccountName: 'kip',
      nodePool: NodePool.nodePurpose(NodePurpose.USER),
      workload: {
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'kernels', effect: 'NoSchedule' }],
        imagePullPolicy: PullPolicy.ALWAYS,
        imagePullSecrets: ['registry'],
        serviceAccountAnnotations: { 'example.org/role': 'kip' },
        revisionHistoryLimit: 3,
      },
    });
    const ds = find(objs, 'DaemonSet', PULLER);
    const pod = ds.spec.template.spec;
    expect(pod.serviceAccountName).toBe('kip');
    expect(pod.affinity.nodeAffinity).toBeDefined();
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.tolerations).toContainEqual({
      key: 'dedicated',
      operator: 'Equal',
      value: 'kernels',
      effect: 'NoSchedule',
    });
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(container(ds, 'kernel-image-puller').imagePullPolicy).toBe('Always');
    expect(ds.spec.revisionHistoryLimit).toBe(3);
    expect(find(objs, 'ServiceAccount', 'kip').metadata.annotations).toEqual({ 'example.org/role': 'kip' });
    expect(objs.flatMap((o) => strictErrors(o))).toEqual([]);
  });
});

describe('bad input is refused at construction, naming the prop', () => {
  test.each([
    [{ image: 'kip' }, `Invalid 'kernelImagePullerOptions.image' ('kip'): must be pinned`],
    [
      { pullPolicy: PullPolicy.NEVER },
      `Invalid 'kernelImagePullerOptions.pullPolicy' ('Never'): must be PullPolicy.IF_NOT_PRESENT or PullPolicy.ALWAYS`,
    ],
    [
      { interval: Duration.millis(1500) },
      `Invalid 'kernelImagePullerOptions.interval' ('1.5s'): must be a whole number of seconds`,
    ],
    [
      { criSocket: 'run/containerd.sock' },
      `Invalid 'kernelImagePullerOptions.criSocket' ('run/containerd.sock'): must be an absolute path`,
    ],
    [
      { defaultContainerRegistry: 'https://docker.io' },
      `Invalid 'kernelImagePullerOptions.defaultContainerRegistry' ('https://docker.io'): must be a registry host`,
    ],
    [
      { fetcher: 'ConfigMapImagesFetcher' },
      `Invalid 'kernelImagePullerOptions.fetcher' ('ConfigMapImagesFetcher'): must be one of KernelImageFetcher.KERNEL_SPECS`,
    ],
    [
      { fetcher: KernelImageFetcher.STATIC_LIST },
      `Invalid 'kernelImagePullerOptions.images' (undefined): must list the images to pull`,
    ],
    [
      { images: ['a:1'] },
      `Invalid 'kernelImagePullerOptions.images' (["a:1"]): is read only with 'fetcher: KernelImageFetcher.STATIC_LIST'`,
    ],
    [{ serviceAccountName: 'Kip_SA' }, `Invalid 'kernelImagePullerOptions.serviceAccountName' ('Kip_SA')`],
    [
      { workload: { extraEnv: { KIP_INTERVAL: '5' } } },
      `Invalid 'kernelImagePullerOptions.workload.extraEnv.KIP_INTERVAL' ('5'): is set by the library`,
    ],
  ])('%j', (options, message) => {
    expect(construct(options)).toThrow(message);
  });

  test('options without the puller', () => {
    const c = chart();
    const ns = new Namespace(c, 'eg');
    expect(
      () => new EnterpriseGateway(ns, 'gw', { kernelImagePullerOptions: { criSocket: '/run/crio.sock' } }),
    ).toThrow(
      "Invalid 'kernelImagePullerOptions' ({\"criSocket\":\"/run/crio.sock\"}): sets up the gateway's kernel-image-puller: add 'kernelImagePuller: true' or remove it",
    );
  });
});
