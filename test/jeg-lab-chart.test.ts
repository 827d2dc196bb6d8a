/**
 * The JEG lab (seed 004) as one chart: JupyterHub in `jupyterhub` with homes on NFS, Enterprise
 * Gateway in `enterprise-gateway` running kernels as pods that mount the same user's home.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { all, container, env, find, Obj, podTemplates, seedCharts, selects } from './util';
import { strictErrors } from './strict-schema';

const LAB = path.join(__dirname, '..', '..', 'shared', 'reference', 'jeg-lab');
const README = path.join(__dirname, '..', 'README.md');
const lab = (): Obj[] => seedCharts()['jeg-lab'];
const ns = (objs: Obj[], namespace: string) => objs.filter((o) => o.metadata.namespace === namespace);
const hubConfig = (objs: Obj[]): string => find(ns(objs, 'jupyterhub'), 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
const configValue = (config: string, trait: string): any => {
  const line = config.split('\n').find((l) => l.startsWith(`c.KubeSpawner.${trait} = `)) as string;
  return JSON.parse(line.slice(`c.KubeSpawner.${trait} = `.length).replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false'));
};

describe('the jeg-lab chart (seed 004)', () => {
  test('whole-chart snapshot (safety net)', () => {
    expect(lab()).toMatchSnapshot();
  });

  test('the Namespace objects come first, then the hub stack in jupyterhub and the gateway in enterprise-gateway', () => {
    const objs = lab();
    expect(objs.slice(0, 2).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/jupyterhub', 'Namespace/enterprise-gateway']);
    for (const kind of ['Deployment', 'Service']) {
      expect(all(objs, kind).map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual(kind === 'Deployment'
        ? ['enterprise-gateway/enterprise-gateway', 'jupyterhub/hub', 'jupyterhub/proxy']
        : ['enterprise-gateway/enterprise-gateway', 'jupyterhub/hub', 'jupyterhub/proxy-api', 'jupyterhub/proxy-http', 'jupyterhub/proxy-public']);
    }
  });

  test('cluster-scoped objects carry no namespace; namespaced ones all do', () => {
    const clusterKinds = ['Namespace', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding'];
    for (const o of lab()) {
      expect({ o: `${o.kind}/${o.metadata.name}`, namespaced: o.metadata.namespace !== undefined })
        .toEqual({ o: `${o.kind}/${o.metadata.name}`, namespaced: !clusterKinds.includes(o.kind) });
    }
  });

  test('both charts applied together: no two cluster-scoped objects share a name, no namespaced object is defined twice', () => {
    const charts = seedCharts();
    const keys = Object.values(charts).flat().map((o) => `${o.kind}/${o.metadata.namespace ?? '(current)'}/${o.metadata.name}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect(Object.keys(charts).sort()).toEqual(['jeg-lab', 'minikube']);
  });

  describe('NFS: the lab\'s volume and claim, bound to each other only', () => {
    test('PV nfs-pv: 172.17.0.1:/home/nfs_share/claim, 15Gi, ReadWriteMany, kept on release', () => {
      const pv = find(lab(), 'PersistentVolume', 'nfs-pv');
      expect(pv.spec).toEqual({
        capacity: { storage: '15Gi' },
        accessModes: ['ReadWriteMany'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        nfs: { server: '172.17.0.1', path: '/home/nfs_share/claim' },
        claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', name: 'jhub-claim', namespace: 'jupyterhub' },
      });
    });

    test('PVC jupyterhub/jhub-claim names the volume, with an empty class so no provisioner takes it', () => {
      const objs = lab();
      const pvc = find(objs, 'PersistentVolumeClaim', 'jhub-claim');
      const pv = find(objs, 'PersistentVolume', 'nfs-pv');
      expect(pvc.metadata.namespace).toBe('jupyterhub');
      expect(pvc.spec.volumeName).toBe(pv.metadata.name);
      expect(pvc.spec.storageClassName).toBe('');
      expect(pv.spec.claimRef).toMatchObject({ name: pvc.metadata.name, namespace: pvc.metadata.namespace });
      expect(pvc.spec.resources.requests.storage).toBe(pv.spec.capacity.storage);
      expect(pvc.spec.accessModes).toEqual(pv.spec.accessModes);
    });

    test('no kernelspecs PVC: kernelspecs come from ConfigMaps', () => {
      expect(lab().some((o) => o.metadata.name === 'kernelspecs-pvc')).toBe(false);
    });
  });

  describe('the hub learns the lab\'s values', () => {
    test('user homes: the shared claim, a subPath per user, mounted at /home/jovyan', () => {
      const config = hubConfig(lab());
      expect(configValue(config, 'volumes')).toEqual([{ name: 'home', persistentVolumeClaim: { claimName: 'jhub-claim' } }]);
      expect(configValue(config, 'volume_mounts')).toEqual([{ name: 'home', mountPath: '/home/jovyan', subPath: '{username}' }]);
      expect(config).toContain('c.KubeSpawner.storage_pvc_ensure = False');
      expect(config).toContain('c.KubeSpawner.default_url = "/lab"');
      expect(config).toContain('c.KubeSpawner.cmd = ["jupyterhub-singleuser"]');
    });

    test('JUPYTER_GATEWAY_URL is the gateway Service\'s name, namespace and port; the app is Jupyter Server', () => {
      const objs = lab();
      const svc = find(ns(objs, 'enterprise-gateway'), 'Service', 'enterprise-gateway');
      const http = svc.spec.ports.find((p: any) => p.name === 'http');
      const environment = configValue(hubConfig(objs), 'environment');
      expect(environment.JUPYTER_GATEWAY_URL).toBe(`http://${svc.metadata.name}.${svc.metadata.namespace}:${http.port}`);
      expect(environment.JUPYTERHUB_SINGLEUSER_APP).toBe('jupyter_server.serverapp.ServerApp');
      // The gateway pods really are behind that Service, on that port.
      const gw = find(objs, 'Deployment', 'enterprise-gateway');
      expect(selects(svc.spec.selector, gw.spec.template.metadata.labels)).toBe(true);
      expect(container(gw, 'enterprise-gateway').ports.find((p: any) => p.name === http.targetPort).containerPort).toBe(http.port);
      expect(env(container(gw, 'enterprise-gateway'), 'EG_PORT')).toBe(String(http.port));
    });

    test('the hub database claim uses the lab\'s storage class', () => {
      expect(find(lab(), 'PersistentVolumeClaim', 'hub-db-dir').spec.storageClassName).toBe('ssd-hostpath');
    });

    test('single-user NetworkPolicy stays on, and lets servers reach the gateway API (in its namespace) and nothing else private', () => {
      const objs = lab();
      const np = find(objs, 'NetworkPolicy', 'singleuser');
      const gw = find(objs, 'Deployment', 'enterprise-gateway');
      const rule = np.spec.egress.find((r: any) => r.to?.[0]?.podSelector?.matchLabels?.app === 'enterprise-gateway');
      expect(rule).toEqual({
        to: [{ podSelector: { matchLabels: gw.spec.template.metadata.labels }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'enterprise-gateway' } } }],
        ports: [{ protocol: 'TCP', port: 8888 }],
      });
      expect(find(objs, 'Namespace', 'enterprise-gateway').metadata.name).toBe('enterprise-gateway');
    });

    test('the hub Role has no PVC rights: the shared claim exists already', () => {
      expect(JSON.stringify(find(lab(), 'Role', 'hub').rules)).not.toContain('persistentvolumeclaims');
    });
  });

  describe('the gateway', () => {
    test('EG_* settings as the lab\'s values', () => {
      const eg = container(find(lab(), 'Deployment', 'enterprise-gateway'), 'enterprise-gateway');
      const settings = Object.fromEntries(eg.env.map((e: any) => [e.name, e.value]));
      expect(settings).toEqual({
        EG_PORT: '8888',
        EG_RESPONSE_PORT: '8877',
        EG_NAMESPACE: 'enterprise-gateway',
        EG_KERNEL_CLUSTER_ROLE: 'kernel-controller',
        EG_SHARED_NAMESPACE: 'False',
        EG_MIRROR_WORKING_DIRS: 'True',
        EG_CULL_IDLE_TIMEOUT: '3600',
        EG_CULL_CONNECTED: 'False',
        EG_LOG_LEVEL: 'DEBUG',
        EG_KERNEL_LAUNCH_TIMEOUT: '60',
        EG_ALLOWED_KERNELS: '["python_kubernetes"]',
        EG_DEFAULT_KERNEL_NAME: 'python_kubernetes',
        EG_DEFAULT_KERNEL_SERVICE_ACCOUNT_NAME: 'default',
        EG_INHERITED_ENVS: 'PATH',
      });
      expect(eg.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '5Gi' } });
      expect(eg.image).toBe('docker.io/elyra/enterprise-gateway:3.2.3');
    });

    test('the kernel namespace and cluster role named in EG_* exist in the output', () => {
      const objs = lab();
      const eg = container(find(objs, 'Deployment', 'enterprise-gateway'), 'enterprise-gateway');
      expect(() => find(objs, 'Namespace', env(eg, 'EG_NAMESPACE'))).not.toThrow();
      expect(() => find(objs, 'ClusterRole', env(eg, 'EG_KERNEL_CLUSTER_ROLE'))).not.toThrow();
      expect(() => find(objs, 'ServiceAccount', find(objs, 'Deployment', 'enterprise-gateway').spec.template.spec.serviceAccountName)).not.toThrow();
    });

    test('Service: 8888 http and 8877 kernel responses, LoadBalancer, client-IP affinity; Deployment as the lab', () => {
      const objs = lab();
      const svc = find(objs, 'Service', 'enterprise-gateway');
      expect(svc.spec.type).toBe('LoadBalancer');
      expect(svc.spec.sessionAffinity).toBe('ClientIP');
      expect(svc.spec.ports.map((p: any) => [p.name, p.port])).toEqual([['http', 8888], ['http-response', 8877]]);
      const d = find(objs, 'Deployment', 'enterprise-gateway');
      expect(d.spec.replicas).toBe(1);
      expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
    });

    test('least privilege: exactly pods create/list/delete, namespaces create/delete, rolebindings create, bind on kernel-controller', () => {
      const objs = lab();
      const rules = find(objs, 'ClusterRole', 'enterprise-gateway-controller').rules
        .map((r: any) => `${r.resources.join()}${r.resourceNames ? `(${r.resourceNames.join()})` : ''}:${r.verbs.join()}`);
      expect(rules).toEqual(['pods:create,list,delete', 'namespaces:create,delete', 'rolebindings:create', 'clusterroles(kernel-controller):bind']);
      expect(JSON.stringify(objs)).not.toMatch(/sparkoperator|"persistentvolumes"/);
      expect(find(objs, 'ClusterRole', 'kernel-controller').rules).toEqual([]);
      const binding = find(objs, 'ClusterRoleBinding', 'enterprise-gateway-controller');
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'enterprise-gateway-sa', namespace: 'enterprise-gateway' }]);
      expect(objs.some((o) => /kip|kernel-image-puller/.test(o.metadata.name))).toBe(false);
    });

    test('the gateway mounts each kernel.json from its ConfigMap into the image\'s kernels directory', () => {
      const objs = lab();
      const pod = find(objs, 'Deployment', 'enterprise-gateway').spec.template.spec;
      const mount = pod.containers[0].volumeMounts.find((m: any) => m.mountPath.endsWith('/kernel.json'));
      expect(mount).toMatchObject({ mountPath: '/usr/local/share/jupyter/kernels/python_kubernetes/kernel.json', subPath: 'kernel.json', readOnly: true });
      const volume = pod.volumes.find((v: any) => v.name === mount.name);
      expect(() => find(ns(objs, 'enterprise-gateway'), 'ConfigMap', volume.configMap.name)).not.toThrow();
    });
  });

  describe('kernel.json', () => {
    const spec = () => JSON.parse(find(lab(), 'ConfigMap', 'kernelspec-python-kubernetes').data['kernel.json']);

    test('parses and carries the fields the gateway reads', () => {
      const k = spec();
      expect(k.display_name).toBe('Python on Kubernetes');
      expect(k.language).toBe('python');
      expect(k.metadata.process_proxy).toEqual({
        class_name: 'enterprise_gateway.services.processproxies.k8s.KubernetesProcessProxy',
        config: { image_name: 'docker.io/elyra/kernel-py:3.2.3' },
      });
      expect(k.argv.slice(0, 2)).toEqual(['python', '/usr/local/share/jupyter/kernels/python_kubernetes/scripts/launch_kubernetes.py']);
      for (const placeholder of ['{kernel_id}', '{port_range}', '{response_address}', '{public_key}']) expect(k.argv).toContain(placeholder);
      // The same launcher and placeholders as the lab's hand-edited kernel.json.
      const labSpec = JSON.parse(fs.readFileSync(path.join(LAB, 'python_kubernetes', 'kernel.json'), 'utf8'));
      expect(k.argv).toEqual(labSpec.argv);
      expect(k.metadata.process_proxy.class_name).toBe(labSpec.metadata.process_proxy.class_name);
    });

    test('a kernel pod rendered from it (with the lab\'s pod template, as the gateway does) mounts the same user\'s NFS home as the user\'s server', () => {
      const objs = lab();
      const k = spec();
      const environment = configValue(hubConfig(objs), 'environment');
      // What KubeSpawner puts into alice's server and Jupyter Server forwards with the kernel request:
      const forwarded = { KERNEL_HOME_NFS_PATH: environment.KERNEL_HOME_NFS_PATH.replace('{username}', 'alice') };
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kernel-pod-'));
      const script = `
import json, os, string, sys, yaml, jinja2
spec = json.load(open(sys.argv[1]))
forwarded = json.loads(sys.argv[2])
# jupyter_client: kernelspec env values are templates over the kernel's env
env = {k: string.Template(v).safe_substitute(forwarded) for k, v in spec["env"].items()}
env.update(forwarded)
# launch_kubernetes.py: every KERNEL_* becomes a lower-case template variable, parsed as YAML
kw = {k.lower(): yaml.safe_load(v) for k, v in env.items() if k.startswith("KERNEL_")}
kw.update(kernel_pod_name="alice-1234", kernel_namespace="alice-1234", kernel_id="1234",
          kernel_image=spec["metadata"]["process_proxy"]["config"]["image_name"], kernel_service_account_name="default")
t = jinja2.Environment(loader=jinja2.FileSystemLoader(sys.argv[3])).get_template("kernel-pod.yaml.j2")
print(json.dumps(yaml.safe_load(t.render(**kw))))
`;
      fs.writeFileSync(path.join(dir, 'render.py'), script);
      fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify(k));
      const out = execFileSync('python3', [path.join(dir, 'render.py'), path.join(dir, 'kernel.json'), JSON.stringify(forwarded), path.join(LAB, 'python_kubernetes', 'scripts')], { encoding: 'utf8' });
      fs.rmSync(dir, { recursive: true, force: true });
      const pod = JSON.parse(out);
      expect(strictErrors(pod)).toEqual([]);
      expect(pod.spec.volumes).toEqual([{ name: 'home', nfs: { server: '172.17.0.1', path: '/home/nfs_share/claim/alice' } }]);
      expect(pod.spec.containers[0].volumeMounts).toEqual([{ name: 'home', mountPath: '/home/jovyan' }]);
      expect(pod.spec.securityContext).toEqual({ runAsUser: 1000, runAsGroup: 100, fsGroup: 100 });
      // The user's server mounts the same directory: PV export + the subPath for alice.
      const pv = find(objs, 'PersistentVolume', 'nfs-pv');
      const mounts = configValue(hubConfig(objs), 'volume_mounts');
      expect(`${pv.spec.nfs.path}/${mounts[0].subPath.replace('{username}', 'alice')}`).toBe(pod.spec.volumes[0].nfs.path);
      expect(pv.spec.nfs.server).toBe(pod.spec.volumes[0].nfs.server);
    });
  });

  describe('NFS home ownership (the classic subPath-owned-by-root problem)', () => {
    const initContainer = () => configValue(hubConfig(lab()), 'init_containers')[0];

    test('an init container running as the user (not root) creates the home before the server starts', () => {
      const c = initContainer();
      expect(c.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 100, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(c.volumeMounts).toEqual([{ name: 'home', mountPath: '/mnt/home-share' }]);
      expect(c.command.at(-1)).toBe('/mnt/home-share/{username}');
      // KubeSpawner expands {placeholders} in every string of an init container: only ours may appear.
      expect(JSON.stringify(c).match(/\{\w+\}/g)).toEqual(['{username}']);
    });

    test('run for real as uid 1000: the new home belongs to the user, where a kubelet-made subPath belongs to root', () => {
      const c = initContainer();
      const share = fs.mkdtempSync(path.join(os.tmpdir(), 'nfs-share-'));
      try {
        // The export as the README asks for it: group 100, group-writable, setgid.
        fs.chownSync(share, 0, 100);
        fs.chmodSync(share, 0o2775);
        const home = c.command.at(-1).replace('/mnt/home-share', share).replace('{username}', 'alice');
        const asUser = (...cmd: string[]) => spawnSync('setpriv', ['--reuid=1000', '--regid=100', '--clear-groups', ...cmd], { encoding: 'utf8' });
        const init = asUser(...c.command.slice(0, -1), home);
        expect(init.stderr).toBe('');
        expect(init.status).toBe(0);
        const st = fs.statSync(home);
        expect([st.uid, st.gid]).toEqual([1000, 100]);
        expect(asUser('sh', '-c', `echo hi > ${home}/notebook.ipynb`).status).toBe(0);
        // Idempotent on the next start.
        expect(asUser(...c.command.slice(0, -1), home).status).toBe(0);
        // What the kubelet does without it: creates the missing subPath as root, 0755.
        const kubeletMade = path.join(share, 'bob');
        fs.mkdirSync(kubeletMade, { mode: 0o755 });
        fs.chownSync(kubeletMade, 0, 0);
        expect(asUser('sh', '-c', `echo hi > ${kubeletMade}/notebook.ipynb`).status).not.toBe(0);
        // ... and the init container says so clearly instead of a server that cannot save.
        const refused = asUser(...c.command.slice(0, -1), kubeletMade);
        expect(refused.status).toBe(1);
        expect(refused.stderr).toContain(`home ${kubeletMade} is not writable by uid 1000 gid 100`);
      } finally {
        fs.rmSync(share, { recursive: true, force: true });
      }
    });
  });

  describe('README mapping table for the lab', () => {
    const rows = fs.readFileSync(README, 'utf8').split('\n').filter((l) => /^\| `(jhub_customized_values|jeg_customized_values|jhub_pvc|kernelspecs_pvc|rendered-enterprise-gateway-chart)/.test(l) || /^\| `python_kubernetes\//.test(l));

    test('has a row for each of the lab\'s files', () => {
      for (const file of ['jhub_customized_values.yaml', 'jeg_customized_values.yaml', 'jhub_pvc.yaml', 'kernelspecs_pvc.yaml', 'rendered-enterprise-gateway-chart.yaml', 'python_kubernetes/kernel.json']) {
        expect(rows.some((r) => r.startsWith(`| \`${file}`))).toBe(true);
      }
    });

    test('every object of the rendered gateway chart and the PV files has a row', () => {
      const objects = ['rendered-enterprise-gateway-chart.yaml', 'jhub_pvc.yaml', 'kernelspecs_pvc.yaml']
        .flatMap((f) => (yaml.loadAll(fs.readFileSync(path.join(LAB, f), 'utf8')) as any[]).filter(Boolean).map((o) => ({ f, id: `${o.kind}/${o.metadata.name}` })));
      expect(objects.length).toBeGreaterThan(10);
      for (const { f, id } of objects) expect({ id, row: rows.some((r) => r.startsWith(`| \`${f}\``) && r.includes(`\`${id}\``)) }).toEqual({ id, row: true });
    });
  });

  test('every workload\'s ServiceAccount, ConfigMaps and claims exist in its namespace', () => {
    const objs = lab();
    for (const { owner, spec } of podTemplates(objs)) {
      const here = ns(objs, owner.metadata.namespace as string);
      expect(() => find(here, 'ServiceAccount', spec.serviceAccountName)).not.toThrow();
      for (const v of spec.volumes ?? []) {
        if (v.configMap) expect(() => find(here, 'ConfigMap', v.configMap.name)).not.toThrow();
        if (v.persistentVolumeClaim) expect(() => find(here, 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName)).not.toThrow();
      }
    }
    // The user pods' shared claim is in the hub's namespace.
    expect(find(objs, 'PersistentVolumeClaim', 'jhub-claim').metadata.namespace).toBe(find(objs, 'Deployment', 'hub').metadata.namespace);
  });
});
