/**
 * ImagePuller given a source instead of a hub (issue 21, item 5): anything that starts pods from
 * images known at synth time implements `IPrePullSource` (defined in core, so neither the puller
 * in scheduling nor the gateway in kernels imports the other) and says which images to pull, with
 * which pull secrets, on which nodes. `EnterpriseGateway` is one: its kernel specs' images.
 */
import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  EnterpriseGateway,
  Hub,
  ImagePuller,
  IPrePullSource,
  KernelSpec,
  Namespace,
  NfsStorage,
  PrePullSpec,
  Proxy,
} from '../../lib';
import { anyLogin, all, chart, find, Obj, synth } from '../util';

const PY = 'docker.io/elyra/kernel-py:3.3.0';
const R = 'docker.io/elyra/kernel-r:3.3.0';

function gatewayScope(): { c: Chart; gwNs: Namespace } {
  const c = chart();
  return { c, gwNs: new Namespace(c, 'enterprise-gateway') };
}

/** A source of the tests' own: pods on GPU nodes, from a private registry. */
class GpuPods extends Construct implements IPrePullSource {
  public readonly namespace = 'gpu';
  public prePullSpec(): PrePullSpec {
    return {
      name: 'gpu-puller',
      labels: { app: 'gpu', component: 'puller' },
      images: ['registry.example.org/cuda:12.4', 'registry.example.org/latest-thing:latest'],
      imagePullSecrets: [{ name: 'registry-example-org' }],
      nodeSelector: { 'example.org/gpu': 'true' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      priorityClassName: 'gpu-jobs',
    };
  }
}

describe('ImagePuller with a source', () => {
  test("a gateway's kernel images, each once, in the gateway's namespace; named and labelled after the gateway", () => {
    const { c, gwNs } = gatewayScope();
    const gw = new EnterpriseGateway(gwNs, 'gw', {
      kernelSpecs: [
        new KernelSpec(gwNs, 'py', { name: 'python_kubernetes' }),
        new KernelSpec(gwNs, 'py-big', { name: 'python_big', image: PY, memoryLimit: Size.gibibytes(8) }),
        new KernelSpec(gwNs, 'r', { name: 'r_kubernetes', image: R }),
      ],
    });
    const puller = new ImagePuller(gwNs, 'kernel-puller', { source: gw });
    expect(puller.images).toEqual([PY, R]);
    const objs = synth(c);
    const ds = find(objs, 'DaemonSet', 'enterprise-gateway-kernel-puller');
    expect(ds.metadata.namespace).toBe('enterprise-gateway');
    expect(ds.spec.template.metadata.labels).toEqual({
      app: 'enterprise-gateway',
      component: 'kernel-puller',
      release: 'enterprise-gateway',
    });
    expect(ds.spec.template.spec.initContainers.map((i: any) => i.image)).toEqual([PY, R]);
    // Kernel pods have no pull secrets, node selection or priority: neither has the puller.
    for (const k of ['imagePullSecrets', 'nodeSelector', 'affinity', 'tolerations', 'priorityClassName'])
      expect({ k, v: ds.spec.template.spec[k] }).toEqual({ k, v: undefined });
  });

  test("a source's placement, pull secrets and priority are copied; its unpinned images left out", () => {
    const c = chart();
    const ns = new Namespace(c, 'gpu');
    const puller = new ImagePuller(ns, 'p', { source: new GpuPods(c, 'gpu-pods') });
    expect(puller.images).toEqual(['registry.example.org/cuda:12.4']);
    const pod = find(synth(c), 'DaemonSet', 'gpu-puller').spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'example.org/gpu': 'true' });
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-example-org' }]);
    expect(pod.priorityClassName).toBe('gpu-jobs');
  });

  test('extraImages are pulled too', () => {
    const { gwNs } = gatewayScope();
    const gw = new EnterpriseGateway(gwNs, 'gw', { kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })] });
    expect(new ImagePuller(gwNs, 'p', { source: gw, extraImages: [R] }).images).toEqual([PY, R]);
  });

  test("errors: neither 'hub' nor 'source', both, another namespace, nothing to pull", () => {
    const { c, gwNs } = gatewayScope();
    const gw = new EnterpriseGateway(gwNs, 'gw', { kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })] });
    expect(() => new ImagePuller(gwNs, 'none', {})).toThrow(
      /^Invalid 'source' \(undefined\): give 'hub' \(to pull the hub's user images\) or 'source' \(e\.g\. an EnterpriseGateway, to pull its kernel images\)$/,
    );
    const hubNs = new Namespace(c, 'jupyterhub');
    const hub = new Hub(hubNs, 'hub', { authenticator: anyLogin(), integrations: [gw] });
    expect(() => new ImagePuller(hubNs, 'both', { hub, source: gw })).toThrow(
      /^Invalid 'source' \('test\/enterprise-gateway\/gw'\): conflicts with 'hub': give one of them/,
    );
    expect(() => new ImagePuller(hubNs, 'elsewhere', { source: gw })).toThrow(
      /^Invalid 'source' \('test\/enterprise-gateway\/gw'\): is in namespace 'enterprise-gateway', the image puller in 'jupyterhub': create the image puller in the source's namespace/,
    );
    const claimNs = new Namespace(c, 'claims');
    const fromClaim = new EnterpriseGateway(claimNs, 'gw', {
      kernelSpecsStorage: new NfsStorage(claimNs, 'specs', {
        storageClassName: 'nfs-client',
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      }),
      allowedKernels: ['python_kubernetes'],
    });
    expect(() => new ImagePuller(claimNs, 'p', { source: fromClaim })).toThrow(
      /^Invalid 'source' \('test\/claims\/gw'\): has no pinned image to pull .*: list the images in 'extraImages'$/,
    );
    expect(new ImagePuller(claimNs, 'q', { source: fromClaim, extraImages: [PY] }).images).toEqual([PY]);
  });

  test('a kernel spec added after the puller was created is an error at synth, not an image silently left out', () => {
    const { c, gwNs } = gatewayScope();
    const gw = new EnterpriseGateway(gwNs, 'gw', { kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })] });
    new ImagePuller(gwNs, 'p', { source: gw });
    gw.addKernelSpec(new KernelSpec(gwNs, 'r', { name: 'r', image: R }));
    expect(() => synth(c)).toThrow(
      /ImagePuller 'test\/enterprise-gateway\/p' does not pull \["docker\.io\/elyra\/kernel-r:3\.3\.0"\], which its source 'test\/enterprise-gateway\/gw' has now: create the puller after the source has all its images/,
    );
  });

  test("with a hub, nothing changes: the users' images, named after the hub", () => {
    const c = new Chart(chart().node.scope as Construct, 'h', { namespace: 'lab', disableResourceNameHashes: true });
    const hub = new Hub(c, 'hub', {
      authenticator: anyLogin(),
      singleUser: { image: 'quay.io/jupyter/base-notebook:2025-10-20' },
    });
    hub.addIntegration(new Proxy(c, 'proxy'));
    new ImagePuller(c, 'p', { hub });
    const objs: Obj[] = synth(c);
    expect(all(objs, 'DaemonSet').map((d) => d.metadata.name)).toEqual(['continuous-image-puller']);
  });
});
