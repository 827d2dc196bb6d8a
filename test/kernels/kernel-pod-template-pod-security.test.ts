/**
 * Issue 20, item 2: the kernel pods Enterprise Gateway 3.3.0 creates at run time comply with Pod
 * Security `restricted`: each KernelSpec's `kernel-pod.yaml.j2`, as synthesized into its
 * ConfigMap, rendered by real Jinja2 the way the gateway's launcher renders it
 * (`kernel-launcher.ts`), for a normal request and for requests that try to change the pod
 * (root ids, another namespace, volumes, a hostile pod name); each lands in a namespace that
 * enforces `restricted`.
 *
 * Needs /usr/bin/python3 with jinja2 and yaml: skipped when missing, except under CI=true.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { EnterpriseGateway, KernelNamespaces, KernelSpec, Namespace, NfsStorage } from '../../lib';
import { checkPodSecurity } from '../core/pod-security-standards';
import { JINJA, MISSING, render } from '../kernel-launcher';
import { all, chart, Obj, seedCharts, synth } from '../util';

const KERNEL_ID = '0f3d9c1e-5b8a-4c2e-9d7f-1a2b3c4d5e6f';

/** The launcher's environment for alice's request to `spec` (EG 3.3.0 passes every KERNEL_* of the request). */
function launchEnv(spec: string, image: string, namespace: string, request: { [k: string]: string } = {}) {
  return {
    KERNEL_ID,
    KERNEL_NAME: spec,
    KERNEL_LANGUAGE: 'python',
    KERNEL_USERNAME: 'alice',
    KERNEL_POD_NAME: `alice-${KERNEL_ID}`,
    KERNEL_NAMESPACE: namespace,
    KERNEL_SERVICE_ACCOUNT_NAME: 'default',
    KERNEL_IMAGE: image,
    KERNEL_UID: '1000',
    KERNEL_GID: '100',
    KERNEL_WORKING_DIR: '/home/jovyan/work',
    KERNEL_HOME_NFS_PATH: '/home/nfs_share/claim/alice',
    ...request,
  };
}

/** Requests that try to change the pod through KERNEL_* values. */
const HOSTILE: { [name: string]: { [k: string]: string } } = {
  'root ids': { KERNEL_UID: '0', KERNEL_GID: '0' },
  'another namespace and account': { KERNEL_NAMESPACE: 'kube-system', KERNEL_SERVICE_ACCOUNT_NAME: 'admin' },
  'volumes of its own': {
    KERNEL_VOLUMES: '[{"name": "node", "hostPath": {"path": "/"}}]',
    KERNEL_VOLUME_MOUNTS: '[{"name": "node", "mountPath": "/host"}]',
  },
  'a pod name that breaks out of its string': { KERNEL_POD_NAME: 'x"\n  hostNetwork: true\n  x: "' },
  'a privileged image': { KERNEL_IMAGE: 'docker.io/library/alpine:3' },
};

/** Each kernel spec's template, with its spec name, image and the namespace its pods land in. */
function kernelTemplates(objs: Obj[]) {
  return objs
    .filter((o) => o.kind === 'ConfigMap' && typeof o.data?.['kernel-pod.yaml.j2'] === 'string')
    .map((o) => {
      const kernelJson = JSON.parse(o.data['kernel.json']);
      const template: string = o.data['kernel-pod.yaml.j2'];
      return {
        spec: o.metadata.name,
        image: kernelJson.metadata.process_proxy.config.image_name as string,
        namespace: /^ {2}namespace: "([^"]+)"$/m.exec(template)?.[1],
        template,
      };
    });
}

/** The kernel pods of a template, each with the restricted controls it breaks. */
function kernelPods(t: ReturnType<typeof kernelTemplates>[number]) {
  const cases = [{}, ...Object.values(HOSTILE)].map((r) => launchEnv(t.spec, t.image, t.namespace ?? 'x', r));
  return render(t.template, cases).results.map((r, i) => {
    const name = i === 0 ? 'a normal request' : Object.keys(HOSTILE)[i - 1];
    if (r.error !== undefined) return { name, refused: true };
    const pod = r.docs!.find((d) => d.kind === 'Pod');
    return { name, namespace: pod.metadata.namespace, violations: checkPodSecurity('restricted', pod) };
  });
}

const enforced = (objs: Obj[], namespace: string) =>
  all(objs, 'Namespace').find((n) => n.metadata.name === namespace)?.metadata.labels?.[
    'pod-security.kubernetes.io/enforce'
  ];

if (!JINJA && process.env.CI === 'true') {
  test('python3-jinja2 and python3-yaml are installed (CI)', () => {
    throw new Error(`${MISSING}: scripts/system-deps.sh must install them under CI`);
  });
}
const suite = JINJA ? describe : describe.skip;

suite('kernel pods, rendered by Jinja2 as the launcher renders them', () => {
  test('the jeg-lab chart: every request gives a restricted pod in enterprise-gateway-kernels', () => {
    const objs = seedCharts()['jeg-lab'];
    const templates = kernelTemplates(objs);
    expect(templates.map((t) => [t.spec, t.namespace])).toEqual([
      ['kernelspec-python-kubernetes', 'enterprise-gateway-kernels'],
    ]);
    expect(enforced(objs, 'enterprise-gateway-kernels')).toBe('restricted');
    const pods = kernelPods(templates[0]);
    // The template takes only the kernel's identity from a request: every request gives a pod.
    expect(pods).toEqual(
      ['a normal request', ...Object.keys(HOSTILE)].map((name) => ({
        name,
        namespace: 'enterprise-gateway-kernels',
        violations: [],
      })),
    );
  });

  test.each([KernelNamespaces.DEDICATED, KernelNamespaces.GATEWAY])(
    'every KernelSpec option (%s kernel namespace): restricted pods in a restricted namespace',
    (mode) => {
      const c = chart();
      const gwNs = new Namespace(c, 'eg');
      const homes = new NfsStorage(gwNs, 'homes', { server: 'nfs.example.org', path: '/home/nfs_share/claim' });
      const specs = [
        new KernelSpec(gwNs, 'py', {
          name: 'py',
          uid: 2000,
          gid: 2000,
          cpuRequest: kplus.Cpu.millis(500),
          cpuLimit: kplus.Cpu.units(2),
          memoryRequest: Size.gibibytes(1),
          memoryLimit: Size.gibibytes(4),
          env: { MODE: 'course' },
          homeStorage: homes,
          homeMountPath: '/home/jovyan',
          readOnlyRootFilesystem: false,
        }),
        new KernelSpec(gwNs, 'plain', { name: 'plain' }),
      ];
      new EnterpriseGateway(gwNs, 'gw', { kernelNamespaces: mode, kernelSpecs: specs });
      const objs = synth(c);
      const templates = kernelTemplates(objs);
      expect(templates).toHaveLength(2);
      for (const t of templates) {
        expect(enforced(objs, t.namespace!)).toBe('restricted');
        for (const p of kernelPods(t)) expect(p).toEqual({ name: p.name, namespace: t.namespace, violations: [] });
      }
    },
  );
});
