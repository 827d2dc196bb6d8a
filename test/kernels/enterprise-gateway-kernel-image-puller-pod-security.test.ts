/**
 * Issue 20, item 2: Enterprise Gateway's own kernel-image-puller (`kernelImagePuller: true`) runs
 * as root with the node's containerd socket, a hostPath volume: Pod Security `restricted` (and
 * `baseline`) reject it. Its opt-out is typed and lowers only its own namespace: the gateway's
 * Namespace is created with `podSecurity: PodSecurityLevel.PRIVILEGED`; the kernels' namespace
 * and the hub's keep `restricted`.
 */
import { Chart, Testing } from 'cdk8s';
import { EnterpriseGateway, KernelSpec, Namespace, PodSecurityLevel } from '../../lib';
import { chart, find, synth } from '../util';
import { checkPodSecurity, podSpecOf } from '../core/pod-security-standards';

const enforce = (objs: ReturnType<typeof synth>, name: string) =>
  find(objs, 'Namespace', name).metadata.labels?.['pod-security.kubernetes.io/enforce'];

test('in a restricted Namespace the puller is refused at construction, naming both ways out', () => {
  const c = chart();
  const gwNs = new Namespace(c, 'enterprise-gateway');
  expect(() => new EnterpriseGateway(gwNs, 'gw', { kernelImagePuller: true })).toThrow(
    "Invalid 'kernelImagePuller' (true): runs as root with the node's containerd socket (a hostPath volume), which Pod Security 'restricted' in namespace 'enterprise-gateway' rejects: pre-pull with the library's puller instead (new ImagePuller(scope, id, { source: gateway }): non-root, no host access), or create that Namespace with podSecurity: PodSecurityLevel.PRIVILEGED",
  );
  const baseline = new Namespace(chart(), 'eg', { podSecurity: PodSecurityLevel.BASELINE });
  expect(() => new EnterpriseGateway(baseline, 'gw', { kernelImagePuller: true })).toThrow(
    /Pod Security 'baseline' in namespace 'eg' rejects/,
  );
});

test("with the gateway's Namespace lowered to privileged: the puller is there; kernels and hub stay restricted", () => {
  const c = chart();
  new Namespace(c, 'jupyterhub');
  const gwNs = new Namespace(c, 'enterprise-gateway', { podSecurity: PodSecurityLevel.PRIVILEGED });
  new EnterpriseGateway(gwNs, 'gw', {
    kernelImagePuller: true,
    kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })],
  });
  const objs = synth(c);
  expect(enforce(objs, 'enterprise-gateway')).toBe('privileged');
  expect(enforce(objs, 'enterprise-gateway-kernels')).toBe('restricted');
  expect(enforce(objs, 'jupyterhub')).toBe('restricted');
  const puller = find(objs, 'DaemonSet', 'enterprise-gateway-kernel-image-puller');
  expect(puller.metadata.namespace).toBe('enterprise-gateway');
  // It is what needs the lower level, and nothing else in that namespace does.
  expect(checkPodSecurity('baseline', podSpecOf(puller)!).map((v) => v.check)).toEqual(['hostPathVolumes']);
  for (const o of objs.filter((x) => x !== puller && podSpecOf(x) !== undefined))
    expect({ o: o.metadata.name, v: checkPodSecurity('restricted', podSpecOf(o)!) }).toEqual({
      o: o.metadata.name,
      v: [],
    });
});

test('in a namespace the library does not create (a chart namespace) the labels are yours: no check', () => {
  const c = new Chart(Testing.app(), 'eg', { namespace: 'enterprise-gateway', disableResourceNameHashes: true });
  new EnterpriseGateway(c, 'gw', { kernelImagePuller: true, kernelSpecs: [new KernelSpec(c, 'py', { name: 'py' })] });
  expect(find(synth(c), 'DaemonSet', 'enterprise-gateway-kernel-image-puller')).toBeDefined();
});
