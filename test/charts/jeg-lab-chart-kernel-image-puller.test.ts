/**
 * The first kernel on a node (issue 21, item 5). `elyra/kernel-py` is a large image and the lab's
 * kernel launch timeout is 60 s, so a kernel started on a node that has not pulled the image yet
 * times out. The jeg-lab chart pre-pulls the kernel images with the library's `ImagePuller`,
 * given the gateway as its source: a DaemonSet on every node kernel pods may run on (the kernel
 * pods' node selection and tolerations, which the kernel pod template leaves empty), under Pod
 * Security `restricted`, with no hostPath, no container runtime socket and no access to the
 * gateway or the Kubernetes API. The launch timeouts stay the lab's 60 s.
 */
import { JINJA, MISSING, render } from '../kernel-launcher';
import { strictErrors } from '../strict-schema';
import { all, container, env, find, Obj, seedCharts, selects } from '../util';

const lab = (): Obj[] => seedCharts()['jeg-lab'];
const KERNEL_IMAGE = 'docker.io/elyra/kernel-py:3.3.0';
const PLACEMENT = ['nodeSelector', 'affinity', 'tolerations', 'nodeName', 'schedulerName'];

/** The DaemonSets that pull the kernel image. */
const kernelPullers = (objs: Obj[]): Obj[] =>
  all(objs, 'DaemonSet').filter((d) =>
    [...(d.spec.template.spec.initContainers ?? []), ...d.spec.template.spec.containers].some(
      (c: any) => c.image === KERNEL_IMAGE,
    ),
  );

const pick = (spec: any, keys: string[]) => Object.fromEntries(keys.map((k) => [k, spec[k]]));

/**
 * What Pod Security Admission's `restricted` profile (Kubernetes 1.27 to 1.36) refuses in a pod
 * spec: host namespaces and ports, hostPath and other non-ephemeral volume types, privileged or
 * escalating containers, capabilities other than NET_BIND_SERVICE, root, and no seccomp profile.
 */
function restrictedViolations(spec: any): string[] {
  const out: string[] = [];
  const volumeTypes = [
    'configMap',
    'csi',
    'downwardAPI',
    'emptyDir',
    'ephemeral',
    'persistentVolumeClaim',
    'projected',
    'secret',
  ];
  for (const k of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[k]) out.push(k);
  for (const v of spec.volumes ?? [])
    for (const k of Object.keys(v)) if (k !== 'name' && !volumeTypes.includes(k)) out.push(`volume ${v.name}: ${k}`);
  const pod = spec.securityContext ?? {};
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const s = c.securityContext ?? {};
    const eff = (k: string) => s[k] ?? pod[k];
    if (s.privileged) out.push(`${c.name}: privileged`);
    if (s.allowPrivilegeEscalation !== false) out.push(`${c.name}: allowPrivilegeEscalation not false`);
    if (!(s.capabilities?.drop ?? []).includes('ALL')) out.push(`${c.name}: capabilities not dropped`);
    for (const cap of s.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') out.push(`${c.name}: adds ${cap}`);
    if (eff('runAsNonRoot') !== true) out.push(`${c.name}: runAsNonRoot not true`);
    if (eff('runAsUser') === 0) out.push(`${c.name}: runAsUser 0`);
    if (!['RuntimeDefault', 'Localhost'].includes(eff('seccompProfile')?.type))
      out.push(`${c.name}: no seccomp profile`);
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${c.name}: hostPort ${p.hostPort}`);
  }
  return out;
}

describe('the jeg-lab chart pre-pulls the kernel image with ImagePuller', () => {
  test(`one DaemonSet pulls ${KERNEL_IMAGE} (as an init container that only echoes), then keeps a pause container`, () => {
    const [ds, ...more] = kernelPullers(lab());
    expect(more).toEqual([]);
    expect(ds.metadata).toMatchObject({ name: 'enterprise-gateway-kernel-puller', namespace: 'enterprise-gateway' });
    const pod = ds.spec.template.spec;
    expect(pod.initContainers).toHaveLength(1);
    expect(pod.initContainers[0]).toMatchObject({
      image: KERNEL_IMAGE,
      imagePullPolicy: 'IfNotPresent',
      command: ['/bin/sh', '-c', 'echo "Pulling complete"'],
    });
    expect(pod.containers.map((c: any) => c.image)).toEqual(['registry.k8s.io/pause:3.10.2']);
    // Every node pulls at once on a change: nothing waits for the pullers.
    expect(ds.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe('100%');
  });

  test('strictly valid on the Kubernetes API, and Pod Security restricted', () => {
    const [ds] = kernelPullers(lab());
    expect(strictErrors(ds)).toEqual([]);
    expect(restrictedViolations(ds.spec.template.spec)).toEqual([]);
  });

  test('no hostPath, no container runtime socket, no API token, no gateway token, no network', () => {
    const objs = lab();
    const [ds] = kernelPullers(objs);
    const pod = ds.spec.template.spec;
    expect(pod.volumes).toBeUndefined();
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(c.env).toBeUndefined();
      expect(c.volumeMounts).toBeUndefined();
    }
    // It never asks the gateway which images to pull: they are known at synth time.
    expect(JSON.stringify(ds)).not.toMatch(/secretKeyRef|enterprise-gateway-token|:8888/);
    const policies = all(objs, 'NetworkPolicy').filter(
      (p) =>
        p.metadata.namespace === 'enterprise-gateway' &&
        selects(p.spec.podSelector.matchLabels, ds.spec.template.metadata.labels),
    );
    expect(policies.map((p) => [p.metadata.name, p.spec.policyTypes, p.spec.ingress, p.spec.egress])).toEqual([
      ['enterprise-gateway-kernel-puller', ['Ingress', 'Egress'], undefined, undefined],
    ]);
  });

  test("the gateway's own kernel-image-puller (root, containerd socket) stays off", () => {
    expect(JSON.stringify(lab())).not.toContain('containerd.sock');
    expect(JSON.stringify(lab())).not.toContain('KIP_');
  });

  test("the launch timeouts stay the lab's 60 s (the gateway's and the one the users' servers send)", () => {
    const objs = lab();
    const eg = container(find(objs, 'Deployment', 'enterprise-gateway'), 'enterprise-gateway');
    expect(env(eg, 'EG_KERNEL_LAUNCH_TIMEOUT')).toBe('60');
    expect(find(objs, 'ConfigMap', 'hub-config').data['jupyterhub_config.py']).toContain(
      '"KERNEL_LAUNCH_TIMEOUT": "60"',
    );
  });

  const suite = JINJA ? describe : describe.skip;
  if (!JINJA) {
    if (process.env.CI === 'true')
      test('python3-jinja2 and python3-yaml are installed in CI', () => {
        throw new Error(MISSING);
      });
    else console.log(`${MISSING}: the kernel pod placement comparison is skipped`);
  }
  suite('on the nodes kernels run on (the kernel pod as Jinja2 renders it)', () => {
    test("the puller's node selection and tolerations are the kernel pods'", () => {
      const objs = lab();
      const cm = find(objs, 'ConfigMap', 'kernelspec-python-kubernetes');
      const id = '0f3d9c1e-5b8a-4c2e-9d7f-1a2b3c4d5e6f';
      const [result] = render(cm.data['kernel-pod.yaml.j2'], [
        {
          ...JSON.parse(cm.data['kernel.json']).env,
          KERNEL_ID: id,
          KERNEL_POD_NAME: `alice-${id}`,
          KERNEL_USERNAME: 'alice',
          KERNEL_HOME_NFS_PATH: '/home/nfs_share/claim/alice',
        },
      ]).results;
      expect(result.error).toBeUndefined();
      const kernel = result.docs![0].spec;
      const [ds] = kernelPullers(objs);
      expect(pick(ds.spec.template.spec, PLACEMENT)).toEqual(pick(kernel, PLACEMENT));
    });
  });
});
