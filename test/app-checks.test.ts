/**
 * Whole-app checks (issue 9, item 1): objects that would overwrite each other on apply, workloads
 * that select each other's pods, node ports claimed twice and Namespaces declared twice are
 * refused, naming both constructs by path; the seed charts and separate hubs pass.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import {
  EnterpriseGateway,
  Hub,
  JegLabChart,
  JupyterHub,
  KernelNamespaces,
  KernelSpec,
  MinikubeChart,
  Namespace,
  NfsStorage,
  Proxy,
  synthesize,
} from '../lib';
import { anyLogin } from './util';
import { addAppChecks, appCheckErrors } from '../lib/core/app-checks';

/** An app whose charts keep readable names, with the checks registered. */
function app(): App {
  const a = Testing.app();
  addAppChecks(a);
  return a;
}

function chart(a: App, id: string, namespace?: string): Chart {
  return new Chart(a, id, { disableResourceNameHashes: true, namespace });
}

/** The errors that mention both paths. */
function naming(errors: string[], first: string, second: string): string[] {
  return errors.filter((e) => e.includes(`'${first}`) && e.includes(`'${second}`));
}

describe('duplicate objects', () => {
  test('two hubs without a prefix in one chart', () => {
    const a = app();
    const c = chart(a, 'course', 'course');
    new Hub(c, 'one', { authenticator: anyLogin() });
    new Hub(c, 'two', { authenticator: anyLogin() });
    const errors = appCheckErrors(a);
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^Deployment 'hub' in namespace 'course' is declared twice, by 'course\/one\/.*' and 'course\/two\/.*': on apply one overwrites the other/,
      ),
    );
    expect(errors).toContainEqual(expect.stringMatching(/^Service 'hub' in namespace 'course' is declared twice/));
    expect(errors).toContainEqual(
      expect.stringMatching(/^ConfigMap 'hub-config' in namespace 'course' is declared twice/),
    );
    expect(errors.some((e) => e.includes('namePrefix'))).toBe(true);
    // Same Deployment name: reported as a duplicate, not again as overlapping selectors.
    expect(errors.filter((e) => e.includes('select each other'))).toEqual([]);
  });

  test('two JupyterHubs in the same namespace in two charts', () => {
    const a = app();
    new JupyterHub(chart(a, 'physics'), 'hub', { hub: { authenticator: anyLogin() }, namespace: 'course' });
    new JupyterHub(chart(a, 'stats'), 'hub', { hub: { authenticator: anyLogin() }, namespace: 'course' });
    const errors = appCheckErrors(a);
    expect(naming(errors, 'physics/hub/Namespace/Resource', 'stats/hub/Namespace/Resource')).toEqual([
      expect.stringMatching(
        /^Namespace 'course' is declared twice, by 'physics\/hub\/Namespace\/Resource' and 'stats\/hub\/Namespace\/Resource': declare each namespace once/,
      ),
    ]);
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^Deployment 'hub' in namespace 'course' is declared twice, by 'physics\/hub\/.*' and 'stats\/hub\/.*'/,
      ),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(/^Service 'proxy-public' in namespace 'course' is declared twice/),
    );
  });

  test('the same NfsStorage twice', () => {
    const a = app();
    for (const id of ['one', 'two'])
      new NfsStorage(chart(a, id, 'lab'), 'homes', { server: '10.0.0.5', path: '/export/homes' });
    const errors = appCheckErrors(a);
    expect(errors).toEqual([
      "PersistentVolume 'lab-homes' (cluster-scoped) is declared twice, by 'one/homes/Volume' and 'two/homes/Volume': on apply one overwrites the other; cluster-scoped names are shared by all namespaces and charts, so give one of them another name",
      "PersistentVolumeClaim 'homes' in namespace 'lab' is declared twice, by 'one/homes/Resource' and 'two/homes/Resource': on apply one overwrites the other; give one of them another name (e.g. a distinct namePrefix) or another namespace",
    ]);
  });

  test("two KernelSpecs whose names normalize to the same ConfigMap ('py.k', 'py_k') under different gateways", () => {
    const a = app();
    const c = chart(a, 'gw', 'gateways');
    const first = new KernelSpec(c, 'dot', { name: 'py.k' });
    const second = new KernelSpec(c, 'underscore', { name: 'py_k' });
    expect(first.configMapName).toBe(second.configMapName);
    new EnterpriseGateway(c, 'a', {
      name: 'gateway-a',
      kernelNamespaces: KernelNamespaces.GATEWAY,
      kernelSpecs: [first],
    });
    new EnterpriseGateway(c, 'b', {
      name: 'gateway-b',
      kernelNamespaces: KernelNamespaces.GATEWAY,
      kernelSpecs: [second],
    });
    expect(appCheckErrors(a)).toEqual([
      `ConfigMap '${first.configMapName}' in namespace 'gateways' is declared twice, by 'gw/dot/Resource' and 'gw/underscore/Resource': on apply one overwrites the other; give one of them another name (e.g. a distinct namePrefix) or another namespace`,
    ]);
  });

  test('the same two KernelSpecs under one gateway are refused by the gateway itself', () => {
    const c = chart(app(), 'gw', 'gateways');
    const specs = [new KernelSpec(c, 'dot', { name: 'py.k' }), new KernelSpec(c, 'underscore', { name: 'py_k' })];
    expect(() => new EnterpriseGateway(c, 'g', { kernelSpecs: specs })).toThrow(
      /Invalid 'kernelSpecs' \('py_k'\): clashes with the kernel spec 'py.k'/,
    );
  });

  test('cluster-scoped objects (ClusterRole, PersistentVolume) from two namespaces', () => {
    const a = app();
    const c = chart(a, 'lab');
    for (const ns of ['team-a', 'team-b']) {
      const n = new Namespace(c, ns);
      // Per-kernel namespaces: the one mode with cluster-scoped roles (named after the gateway).
      new EnterpriseGateway(n, 'gateway', {
        kernelNamespaces: KernelNamespaces.PER_KERNEL,
        kernelSpecs: [new KernelSpec(n, 'python', { name: 'python' })],
      });
      new NfsStorage(n, 'homes', { server: '10.0.0.5', path: `/export/${ns}`, volumeName: 'nfs-pv' });
    }
    const errors = appCheckErrors(a);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^ClusterRole 'enterprise-gateway-controller' \(cluster-scoped\) is declared twice, by 'lab\/team-a\/gateway\/ClusterRole' and 'lab\/team-b\/gateway\/ClusterRole'/,
        ),
        expect.stringMatching(
          /^ClusterRoleBinding 'enterprise-gateway-controller' \(cluster-scoped\) is declared twice/,
        ),
        expect.stringMatching(/^ClusterRole 'kernel-controller' \(cluster-scoped\) is declared twice/),
        expect.stringMatching(
          /^PersistentVolume 'nfs-pv' \(cluster-scoped\) is declared twice, by 'lab\/team-a\/homes\/Volume' and 'lab\/team-b\/homes\/Volume'/,
        ),
      ]),
    );
    // The namespaced objects of the two gateways live in two namespaces: no error for them.
    expect(errors.filter((e) => e.includes(' in namespace '))).toEqual([]);
  });

  test('raw cluster-scoped objects in two charts with different namespaces', () => {
    const a = app();
    for (const ns of ['one', 'two']) {
      // cdk8s writes the chart's namespace into these too; the kind still makes them cluster-scoped.
      new k8s.KubeClusterRole(chart(a, ns, ns), 'reader', { metadata: { name: 'reader' } });
      new k8s.KubePriorityClass(chart(a, `${ns}-pc`, ns), 'priority', { metadata: { name: 'high' }, value: 1000 });
    }
    const errors = appCheckErrors(a);
    expect(naming(errors, 'one/reader', 'two/reader')).toEqual([
      expect.stringMatching(/^ClusterRole 'reader' \(cluster-scoped\)/),
    ]);
    expect(naming(errors, 'one-pc/priority', 'two-pc/priority')).toEqual([
      expect.stringMatching(/^PriorityClass 'high' \(cluster-scoped\)/),
    ]);
  });

  test('a Namespace declared twice (Namespace constructs and raw objects)', () => {
    const a = app();
    new Namespace(chart(a, 'one'), 'shared');
    new Namespace(chart(a, 'two'), 'shared');
    new k8s.KubeNamespace(chart(a, 'three', 'elsewhere'), 'ns', { metadata: { name: 'shared' } });
    expect(appCheckErrors(a)).toEqual([
      "Namespace 'shared' is declared twice, by 'one/shared/Resource' and 'two/shared/Resource': declare each namespace once and create everything that belongs in it inside that one (a Namespace construct, a Chart's 'namespace' or a JupyterHub)",
      "Namespace 'shared' is declared twice, by 'one/shared/Resource' and 'three/ns': declare each namespace once and create everything that belongs in it inside that one (a Namespace construct, a Chart's 'namespace' or a JupyterHub)",
    ]);
  });

  test('the same name in different API groups, kinds or namespaces is fine', () => {
    const a = app();
    const c = chart(a, 'c', 'one');
    new ApiObject(c, 'a', { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'x' } });
    new ApiObject(c, 'b', { apiVersion: 'other.org/v1', kind: 'Widget', metadata: { name: 'x' } });
    new k8s.KubeConfigMap(c, 'cm', { metadata: { name: 'x' } });
    new k8s.KubeConfigMap(c, 'cm2', { metadata: { name: 'x', namespace: 'two' } });
    expect(appCheckErrors(a)).toEqual([]);
    // ...but two versions of one group are one object.
    new ApiObject(c, 'c', { apiVersion: 'example.org/v2', kind: 'Widget', metadata: { name: 'x' } });
    expect(appCheckErrors(a)).toEqual([
      expect.stringMatching(/^Widget 'x' in namespace 'one' is declared twice, by 'c\/a' and 'c\/c'/),
    ]);
  });

  test('objects without any namespace clash within their chart (one file, one namespace), not across charts', () => {
    const a = app();
    const one = chart(a, 'one');
    new k8s.KubeConfigMap(one, 'cm', { metadata: { name: 'settings' } });
    // Another file, which `kubectl apply -n` may send to another namespace.
    new k8s.KubeConfigMap(chart(a, 'two'), 'cm', { metadata: { name: 'settings' } });
    expect(appCheckErrors(a)).toEqual([]);
    new k8s.KubeConfigMap(one, 'cm2', { metadata: { name: 'settings' } });
    expect(appCheckErrors(a)).toEqual([
      expect.stringMatching(
        /^ConfigMap 'settings' without a namespace \(chart 'one': kubectl's current one\) is declared twice, by 'one\/cm' and 'one\/cm2'/,
      ),
    ]);
  });
});

describe("selectors that match another workload's pods", () => {
  test('two hubs in a namespace with different prefixes but the same release', () => {
    const a = app();
    const c = chart(a, 'c', 'course');
    new Hub(c, 'a', { authenticator: anyLogin(), namePrefix: 'a-', release: 'same' });
    new Hub(c, 'b', { authenticator: anyLogin(), namePrefix: 'b-', release: 'same' });
    const errors = appCheckErrors(a);
    expect(errors).toEqual([
      expect.stringMatching(
        /^Deployment 'a-hub' at 'c\/a\/.*' and Deployment 'b-hub' at 'c\/b\/.*' in namespace 'course' select each other's pods \(selectors \{"app":"jupyterhub","component":"hub","release":"same"\} and .*\): .*a distinct 'release' per Hub/,
      ),
    ]);
  });

  test("a selector that matches only the other workload's pods is refused too", () => {
    const a = app();
    const c = chart(a, 'c', 'ns');
    const deployment = (id: string, selector: Record<string, string>, labels: Record<string, string>) =>
      new k8s.KubeDeployment(c, id, {
        metadata: { name: id },
        spec: {
          selector: { matchLabels: selector },
          template: { metadata: { labels }, spec: { containers: [{ name: 'x', image: 'x:1' }] } },
        },
      });
    deployment('wide', { app: 'x' }, { app: 'x', part: 'wide' });
    deployment('narrow', { app: 'x', part: 'narrow' }, { app: 'x', part: 'narrow' });
    expect(appCheckErrors(a)).toEqual([
      expect.stringMatching(
        /^Deployment 'wide' at 'c\/wide' and Deployment 'narrow' at 'c\/narrow' in namespace 'ns' overlap: the selector \{"app":"x"\} of the first also matches the pods of the second/,
      ),
    ]);
  });

  test('matchExpressions count; the same labels in another namespace do not', () => {
    const a = app();
    const sts = (c: Chart, id: string, expr: k8s.LabelSelectorRequirement[], labels: Record<string, string>) =>
      new k8s.KubeStatefulSet(c, id, {
        metadata: { name: id },
        spec: {
          serviceName: id,
          selector: { matchExpressions: expr },
          template: { metadata: { labels }, spec: { containers: [{ name: 'x', image: 'x:1' }] } },
        },
      });
    const one = chart(a, 'one', 'one');
    sts(one, 'db', [{ key: 'app', operator: 'In', values: ['db', 'cache'] }], { app: 'db' });
    sts(one, 'cache', [{ key: 'app', operator: 'In', values: ['cache'] }], { app: 'cache' });
    const two = chart(a, 'two', 'two');
    sts(two, 'db2', [{ key: 'app', operator: 'In', values: ['db', 'cache'] }], { app: 'db' });
    expect(appCheckErrors(a)).toEqual([
      expect.stringMatching(
        /^StatefulSet 'db' at 'one\/db' and StatefulSet 'cache' at 'one\/cache' in namespace 'one' overlap/,
      ),
    ]);
  });
});

describe('node ports', () => {
  test('two Services with the same nodePort in two charts', () => {
    const a = app();
    for (const id of ['one', 'two']) {
      const c = chart(a, id, id);
      new Hub(c, 'hub', { authenticator: anyLogin() }).addIntegration(
        new Proxy(c, 'proxy', { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 32020 }),
      );
    }
    expect(appCheckErrors(a)).toEqual([
      expect.stringMatching(
        /^nodePort 32020 is claimed twice, by Service 'proxy-public' at 'one\/proxy\/.*' in namespace 'one' and Service 'proxy-public' at 'two\/proxy\/.*' in namespace 'two': node ports are shared by the whole cluster/,
      ),
    ]);
  });

  test('raw Services: one nodePort twice is refused, distinct ones are fine', () => {
    const a = app();
    const svc = (c: Chart, id: string, nodePort: number) =>
      new k8s.KubeService(c, id, {
        metadata: { name: id },
        spec: { type: 'NodePort', selector: { app: id }, ports: [{ port: 80, nodePort }] },
      });
    svc(chart(a, 'one', 'x'), 'web', 30080);
    svc(chart(a, 'two', 'y'), 'api', 30081);
    expect(appCheckErrors(a)).toEqual([]);
    svc(chart(a, 'three', 'z'), 'admin', 30080);
    expect(appCheckErrors(a)).toEqual([
      expect.stringMatching(
        /^nodePort 30080 is claimed twice, by Service 'web' at 'one\/web' in namespace 'x' and Service 'admin' at 'three\/admin' in namespace 'z'/,
      ),
    ]);
  });
});

describe('good apps', () => {
  test('the two seed charts in one app', () => {
    const a = app();
    new MinikubeChart(a, 'minikube');
    new JegLabChart(a, 'jeg-lab');
    expect(appCheckErrors(a)).toEqual([]);
  });

  test('two hubs with different prefixes and releases in one namespace', () => {
    const a = app();
    const c = chart(a, 'c', 'course');
    const one = new Hub(c, 'a', { authenticator: anyLogin(), namePrefix: 'a-', release: 'a' });
    const two = new Hub(c, 'b', { authenticator: anyLogin(), namePrefix: 'b-', release: 'b' });
    one.addIntegration(new Proxy(c, 'pa'));
    two.addIntegration(new Proxy(c, 'pb'));
    expect(appCheckErrors(a)).toEqual([]);
    expect(() => Testing.synth(c)).not.toThrow();
  });

  test('one JupyterHub per course in charts of their own', () => {
    const a = app();
    for (const course of ['physics-101', 'stats-201']) {
      new JupyterHub(chart(a, course), 'hub', {
        namespace: course,
        hub: { authenticator: anyLogin(), release: course },
      });
    }
    expect(appCheckErrors(a)).toEqual([]);
  });
});

describe('registration', () => {
  /** Two hubs (each with its proxy) without a prefix in one chart. */
  function twoHubs(a: App): Chart {
    const c = chart(a, 'course', 'course');
    for (const id of ['one', 'two'])
      new Hub(c, id, { authenticator: anyLogin() }).addIntegration(new Proxy(c, `${id}-proxy`));
    return c;
  }

  test('app.synth() and Testing.synth() run the checks; registering again adds nothing', () => {
    const a = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'app-checks-')) });
    const c = twoHubs(a);
    addAppChecks(c);
    addAppChecks(a);
    addAppChecks(c.node.children[0]);
    expect(() => a.synth()).toThrow(
      /Validation failed with the following errors:[\s\S]*Deployment 'hub' in namespace 'course' is declared twice, by 'course\/one\/.*' and 'course\/two\/.*'/,
    );
    expect(() => Testing.synth(c)).toThrow(/Deployment 'hub' in namespace 'course' is declared twice/);
    const messages = a.node.validate();
    expect(messages.length).toBe(appCheckErrors(a).length);
    expect(new Set(messages).size).toBe(messages.length);
  });

  test('synthesize() runs them without being told, and writes nothing when they fail', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-checks-'));
    const a = new App({ outdir });
    twoHubs(a);
    expect(() => synthesize(a)).toThrow(/Deployment 'hub' in namespace 'course' is declared twice/);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('synthesize() of the seed charts in one app succeeds', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-checks-'));
    const a = new App({ outdir });
    new MinikubeChart(a, 'minikube');
    new JegLabChart(a, 'jeg-lab');
    synthesize(a);
    expect(fs.readdirSync(outdir).sort()).toEqual([
      'jeg-lab.check.k8s.yaml',
      'jeg-lab.k8s.yaml',
      'minikube.check.k8s.yaml',
      'minikube.k8s.yaml',
    ]);
  });
});
