/**
 * The JEG lab (seed 004) as one chart: JupyterHub in `jupyterhub` with homes on NFS, Enterprise
 * Gateway in `enterprise-gateway` running kernels as pods that mount the same user's home.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { all, container, env, find, Obj, podTemplates, seedCharts, selects } from '../util';
import { JINJA, MISSING, render } from '../kernel-launcher';
import { strictErrors } from '../strict-schema';

// The lab's files the tests read, copied into the repository.
const LAB = path.join(__dirname, '..', 'fixtures', 'reference', 'jeg-lab');
const PAGE = path.join(__dirname, '..', '..', 'docs', 'jeg-lab.md');
const lab = (): Obj[] => seedCharts()['jeg-lab'];
const ns = (objs: Obj[], namespace: string) => objs.filter((o) => o.metadata.namespace === namespace);
const hubConfig = (objs: Obj[]): string =>
  find(ns(objs, 'jupyterhub'), 'ConfigMap', 'hub-config').data['jupyterhub_config.py'];
const configValue = (config: string, trait: string): any => {
  const line = config.split('\n').find((l) => l.startsWith(`c.KubeSpawner.${trait} = `)) as string;
  return JSON.parse(
    line
      .slice(`c.KubeSpawner.${trait} = `.length)
      .replace(/\bTrue\b/g, 'true')
      .replace(/\bFalse\b/g, 'false'),
  );
};

describe('the jeg-lab chart (seed 004)', () => {
  test('whole-chart snapshot (safety net)', () => {
    expect(lab()).toMatchSnapshot();
  });

  test('the Namespace objects come first, then the hub stack in jupyterhub and the gateway in enterprise-gateway', () => {
    const objs = lab();
    expect(objs.slice(0, 2).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/jupyterhub',
      'Namespace/enterprise-gateway',
    ]);
    for (const kind of ['Deployment', 'Service']) {
      expect(
        all(objs, kind)
          .map((o) => `${o.metadata.namespace}/${o.metadata.name}`)
          .sort(),
      ).toEqual(
        kind === 'Deployment'
          ? [
              'enterprise-gateway/enterprise-gateway',
              'jupyterhub/enterprise-gateway-front',
              'jupyterhub/hub',
              'jupyterhub/proxy',
            ]
          : [
              'enterprise-gateway/enterprise-gateway',
              'jupyterhub/enterprise-gateway-front',
              'jupyterhub/hub',
              'jupyterhub/proxy-api',
              'jupyterhub/proxy-http',
              'jupyterhub/proxy-public',
            ],
      );
    }
  });

  test('cluster-scoped objects carry no namespace; namespaced ones all do', () => {
    const clusterKinds = ['Namespace', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding'];
    for (const o of lab()) {
      expect({ o: `${o.kind}/${o.metadata.name}`, namespaced: o.metadata.namespace !== undefined }).toEqual({
        o: `${o.kind}/${o.metadata.name}`,
        namespaced: !clusterKinds.includes(o.kind),
      });
    }
  });

  test('the charts applied together: no two cluster-scoped objects share a name, no namespaced object is defined twice', () => {
    // The carvel chart is not applied with kubectl: it is a package kapp installs into a namespace of its own
    // (and its live self-test is applied to that namespace).
    const { carvel: _package, 'carvel.check': _packageCheck, ...charts } = seedCharts();
    const keys = Object.values(charts)
      .flat()
      .map((o) => `${o.kind}/${o.metadata.namespace ?? '(current)'}/${o.metadata.name}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect(Object.keys(charts).sort()).toEqual([
      'daskhub',
      'daskhub-crds',
      'daskhub.check',
      'gke',
      'gke.check',
      'jeg-lab',
      'jeg-lab.check',
      'minikube',
      'minikube.check',
    ]);
  });

  describe("NFS: the lab's volume and claim, bound to each other only", () => {
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

  describe("the hub learns the lab's values", () => {
    test('user homes: the shared claim, a subPath per user, mounted at /home/jovyan', () => {
      const config = hubConfig(lab());
      expect(configValue(config, 'volumes')).toEqual([
        { name: 'home', persistentVolumeClaim: { claimName: 'jhub-claim' } },
      ]);
      expect(configValue(config, 'volume_mounts')).toEqual([
        { name: 'home', mountPath: '/home/jovyan', subPath: '{username}' },
      ]);
      expect(config).toContain('c.KubeSpawner.storage_pvc_ensure = False');
      expect(config).toContain('c.KubeSpawner.default_url = "/lab"');
      expect(config).toContain('c.KubeSpawner.cmd = ["jupyterhub-singleuser"]');
    });

    test("JUPYTER_GATEWAY_URL is the gateway front Service's name, namespace and port; the app is Jupyter Server", () => {
      const objs = lab();
      const svc = find(ns(objs, 'enterprise-gateway'), 'Service', 'enterprise-gateway');
      const http = svc.spec.ports.find((p: any) => p.name === 'http');
      const front = find(ns(objs, 'jupyterhub'), 'Service', 'enterprise-gateway-front');
      const environment = configValue(hubConfig(objs), 'environment');
      expect(environment.JUPYTER_GATEWAY_URL).toBe(
        `http://${front.metadata.name}.${front.metadata.namespace}:${http.port}`,
      );
      expect(env(container(find(objs, 'Deployment', 'enterprise-gateway-front'), 'front'), 'FRONT_GATEWAY_URL')).toBe(
        `http://${svc.metadata.name}.${svc.metadata.namespace}:${http.port}`,
      );
      expect(environment.JUPYTERHUB_SINGLEUSER_APP).toBe('jupyter_server.serverapp.ServerApp');
      // The gateway pods really are behind that Service, on that port.
      const gw = find(objs, 'Deployment', 'enterprise-gateway');
      expect(selects(svc.spec.selector, gw.spec.template.metadata.labels)).toBe(true);
      expect(container(gw, 'enterprise-gateway').ports.find((p: any) => p.name === http.targetPort).containerPort).toBe(
        http.port,
      );
      expect(env(container(gw, 'enterprise-gateway'), 'EG_PORT')).toBe(String(http.port));
    });

    test("the hub database claim uses the lab's storage class", () => {
      expect(find(lab(), 'PersistentVolumeClaim', 'hub-db-dir').spec.storageClassName).toBe('ssd-hostpath');
    });

    test('single-user NetworkPolicy stays on, and lets servers reach the gateway front (in the hub namespace) and nothing else private', () => {
      const objs = lab();
      const np = find(objs, 'NetworkPolicy', 'singleuser');
      // The gateway front, in the hub's namespace (the gateway admits only the front).
      const front = find(objs, 'Deployment', 'enterprise-gateway-front');
      const rule = np.spec.egress.find((r: any) => r.to?.[0]?.podSelector?.matchLabels?.app === 'enterprise-gateway');
      expect(rule).toEqual({
        to: [{ podSelector: { matchLabels: front.spec.selector.matchLabels } }],
        ports: [{ protocol: 'TCP', port: 8888 }],
      });
      expect(find(objs, 'Namespace', 'enterprise-gateway').metadata.name).toBe('enterprise-gateway');
    });

    test('the hub Role has no PVC rights: the shared claim exists already', () => {
      expect(JSON.stringify(find(lab(), 'Role', 'hub').rules)).not.toContain('persistentvolumeclaims');
    });
  });

  describe("the gateway (reachable by the hub's users' servers only, with a token)", () => {
    test("EG_* settings: the lab's values, plus the token, one kernel namespace and no kernel listing", () => {
      const eg = container(find(lab(), 'Deployment', 'enterprise-gateway'), 'enterprise-gateway');
      const settings = Object.fromEntries(eg.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
      expect(settings).toEqual({
        EG_PORT: '8888',
        EG_RESPONSE_PORT: '8877',
        EG_AUTH_TOKEN: { secretKeyRef: { name: 'enterprise-gateway-token', key: 'token' } },
        EG_NAMESPACE: 'enterprise-gateway-kernels',
        // No EG_KERNEL_CLUSTER_ROLE: only per-kernel namespaces read it.
        EG_SHARED_NAMESPACE: 'True',
        EG_LIST_KERNELS: 'True',
        EG_MIRROR_WORKING_DIRS: 'True',
        EG_CULL_IDLE_TIMEOUT: '3600',
        EG_CULL_CONNECTED: 'False',
        EG_LOG_LEVEL: 'DEBUG',
        EG_KERNEL_LAUNCH_TIMEOUT: '60',
        EG_ALLOWED_KERNELS: '["python_kubernetes"]',
        EG_DEFAULT_KERNEL_NAME: 'python_kubernetes',
        EG_MAX_KERNELS_PER_USER: '4',
        EG_MAX_KERNELS: '80',
        EG_DEFAULT_KERNEL_SERVICE_ACCOUNT_NAME: 'default',
        EG_INHERITED_ENVS: 'PATH',
      });
      expect(eg.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '5Gi' } });
      expect(eg.image).toBe('docker.io/elyra/enterprise-gateway:3.3.0');
      // '/api' answers 401 without the token; the API description needs none.
      expect(eg.readinessProbe.httpGet.path).toBe('/api/swagger.json');
    });

    test('Service: ClusterIP (nothing outside the cluster), 8888 http and 8877 kernel responses, client-IP affinity', () => {
      const objs = lab();
      const svc = find(objs, 'Service', 'enterprise-gateway');
      expect(svc.spec.type).toBe('ClusterIP');
      expect(svc.spec.sessionAffinity).toBe('ClientIP');
      expect(svc.spec.ports.map((p: any) => [p.name, p.port])).toEqual([
        ['http', 8888],
        ['http-response', 8877],
      ]);
      const d = find(objs, 'Deployment', 'enterprise-gateway');
      expect(d.spec.replicas).toBe(1);
      expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
    });

    test("the token: made in the cluster by a Job's pod, the same value in the gateway's and the hub's namespace, never in the manifests", () => {
      const objs = lab();
      expect(all(objs, 'Secret')).toEqual([]);
      const [job] = all(objs, 'Job');
      expect(job.spec.template.spec.containers[0]).toMatchObject({
        name: 'token-init',
        command: ['python3', '/etc/eg-token-init/secret_init.py'],
      });
      const script = find(objs, 'ConfigMap', 'enterprise-gateway-token-init').data['secret_init.py'];
      expect(script).toContain('"namespaces": ["enterprise-gateway", "jupyterhub"]');
      // The gateway front reads it from the copy in the hub's namespace; the users' servers send their own token.
      const environment = configValue(hubConfig(objs), 'environment');
      expect(environment.JUPYTER_GATEWAY_AUTH_TOKEN).toBe('$(JUPYTERHUB_API_TOKEN)');
      expect(
        env(container(find(objs, 'Deployment', 'enterprise-gateway-front'), 'front'), 'FRONT_GATEWAY_TOKEN'),
      ).toEqual({ secretKeyRef: { name: 'enterprise-gateway-token', key: 'token' } });
      // The Job's account may create Secrets there and read exactly the token, nothing else.
      for (const namespace of ['enterprise-gateway', 'jupyterhub']) {
        const role = find(ns(objs, namespace), 'Role', 'enterprise-gateway-token-init');
        expect(role.rules).toEqual([
          { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
          { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['enterprise-gateway-token'] },
        ]);
        expect(find(ns(objs, namespace), 'RoleBinding', 'enterprise-gateway-token-init').subjects).toEqual([
          { kind: 'ServiceAccount', name: 'enterprise-gateway-token-init', namespace: 'enterprise-gateway' },
        ]);
      }
    });

    test('no cluster-wide rights: pods create/list/delete in the kernel namespace only, which enforces Pod Security restricted', () => {
      const objs = lab();
      expect(all(objs, 'ClusterRole')).toEqual([]);
      expect(all(objs, 'ClusterRoleBinding')).toEqual([]);
      const kernels = find(objs, 'Namespace', 'enterprise-gateway-kernels');
      expect(kernels.metadata.labels).toEqual({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.36',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'v1.36',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'v1.36',
      });
      const role = find(ns(objs, 'enterprise-gateway-kernels'), 'Role', 'enterprise-gateway-controller');
      expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['create', 'list', 'delete'] }]);
      expect(
        find(ns(objs, 'enterprise-gateway-kernels'), 'RoleBinding', 'enterprise-gateway-controller').subjects,
      ).toEqual([{ kind: 'ServiceAccount', name: 'enterprise-gateway-sa', namespace: 'enterprise-gateway' }]);
      // No other Role lets the gateway touch pods: a client-sent KERNEL_NAMESPACE elsewhere is refused by RBAC.
      const podRoles = all(objs, 'Role').filter((r) => JSON.stringify(r.rules).includes('"pods"'));
      expect(podRoles.map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).toEqual([
        'jupyterhub/hub',
        // The gateway front's 'list pods' (kernel owners' labels).
        'enterprise-gateway-kernels/enterprise-gateway-front-jupyterhub',
        'enterprise-gateway-kernels/enterprise-gateway-controller',
      ]);
      expect(objs.some((o) => /kip|kernel-image-puller/.test(o.metadata.name))).toBe(false);
      // The kernels' account has no rights and no token.
      expect(
        find(ns(objs, 'enterprise-gateway-kernels'), 'ServiceAccount', 'enterprise-gateway-kernel')
          .automountServiceAccountToken,
      ).toBe(false);
    });

    test("NetworkPolicies: the API from the hub's users' servers only, responses from kernels only; kernels reach the gateway and DNS only", () => {
      const objs = lab();
      const gw = find(ns(objs, 'enterprise-gateway'), 'NetworkPolicy', 'enterprise-gateway');
      const gwPods = find(objs, 'Deployment', 'enterprise-gateway').spec.template.metadata.labels;
      expect(selects(gw.spec.podSelector.matchLabels, gwPods)).toBe(true);
      const kernelPods = {
        podSelector: { matchLabels: { app: 'enterprise-gateway', component: 'kernel' } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'enterprise-gateway-kernels' } },
      };
      expect(gw.spec.ingress).toEqual([
        {
          from: [
            {
              // The hub's gateway front, not the users' servers.
              podSelector: {
                matchLabels: { app: 'enterprise-gateway', component: 'front', release: 'enterprise-gateway' },
              },
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jupyterhub' } },
            },
          ],
          ports: [{ protocol: 'TCP', port: 8888 }],
        },
        { from: [kernelPods], ports: [{ protocol: 'TCP', port: 8877 }] },
      ]);
      expect(gw.spec.egress[0]).toEqual({ to: [kernelPods] });
      const k = find(ns(objs, 'enterprise-gateway-kernels'), 'NetworkPolicy', 'enterprise-gateway-kernels');
      const gatewayPeer = {
        podSelector: { matchLabels: gwPods },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'enterprise-gateway' } },
      };
      expect(k.spec.ingress).toEqual([{ from: [gatewayPeer] }]);
      expect(k.spec.egress[0]).toEqual({ to: [gatewayPeer], ports: [{ protocol: 'TCP', port: 8877 }] });
      expect(k.spec.egress.slice(1).every((r: any) => r.ports?.every((p: any) => p.port === 53))).toBe(true);
    });

    test("users' servers: who they are, the gateway's launch timeout, the token, and egress to the gateway API only", () => {
      const objs = lab();
      const environment = configValue(hubConfig(objs), 'environment');
      expect(environment).toMatchObject({
        JUPYTER_GATEWAY_URL: 'http://enterprise-gateway-front.jupyterhub:8888',
        KERNEL_USERNAME: '{username}',
        KERNEL_LAUNCH_TIMEOUT: env(
          container(find(objs, 'Deployment', 'enterprise-gateway'), 'enterprise-gateway'),
          'EG_KERNEL_LAUNCH_TIMEOUT',
        ),
      });
    });

    test("the gateway mounts each kernel.json into the image's kernels directory and each pod template beside a link to the launcher", () => {
      const objs = lab();
      const pod = find(objs, 'Deployment', 'enterprise-gateway').spec.template.spec;
      const mounts = pod.containers[0].volumeMounts;
      expect(mounts.find((m: any) => m.subPath === 'kernel.json')).toMatchObject({
        mountPath: '/usr/local/share/jupyter/kernels/python_kubernetes/kernel.json',
        readOnly: true,
      });
      const template = mounts.find((m: any) => m.subPath === 'kernel-pod.yaml.j2');
      expect(template).toMatchObject({
        mountPath: '/opt/kernel-launchers/python_kubernetes/kernel-pod.yaml.j2',
        readOnly: true,
      });
      const volume = pod.volumes.find((v: any) => v.name === template.name);
      expect(
        find(ns(objs, 'enterprise-gateway'), 'ConfigMap', volume.configMap.name).data['kernel-pod.yaml.j2'],
      ).toContain('kind: "Pod"');
      const links = pod.initContainers.find((c: any) => c.name === 'kernel-launchers');
      expect(links.command.slice(-1)).toEqual(['python_kubernetes']);
      expect(links.command[2]).toContain(
        'ln -sf "/usr/local/share/jupyter/kernels/python_kubernetes/scripts/launch_kubernetes.py" "/opt/kernel-launchers/$k/launch_kubernetes.py"',
      );
    });
  });

  describe('kernel.json and the kernel pod template', () => {
    const cm = () => find(lab(), 'ConfigMap', 'kernelspec-python-kubernetes');
    const spec = () => JSON.parse(cm().data['kernel.json']);

    test('kernel.json parses and carries the fields the gateway reads', () => {
      const k = spec();
      expect(k.display_name).toBe('Python on Kubernetes');
      expect(k.language).toBe('python');
      expect(k.metadata.process_proxy).toEqual({
        class_name: 'enterprise_gateway.services.processproxies.k8s.KubernetesProcessProxy',
        config: { image_name: 'docker.io/elyra/kernel-py:3.3.0' },
      });
      // The image's launcher, run from the directory that holds this spec's template.
      expect(k.argv.slice(0, 2)).toEqual(['python', '/opt/kernel-launchers/python_kubernetes/launch_kubernetes.py']);
      // The same placeholders as the lab's hand-edited kernel.json.
      const labSpec = JSON.parse(fs.readFileSync(path.join(LAB, 'python_kubernetes', 'kernel.json'), 'utf8'));
      expect(k.argv.slice(2)).toEqual(labSpec.argv.slice(2));
      expect(k.metadata.process_proxy.class_name).toBe(labSpec.metadata.process_proxy.class_name);
      expect(k.env).toEqual({ KERNEL_UID: '1000', KERNEL_GID: '100' });
    });

    const suite = JINJA ? describe : describe.skip;
    if (!JINJA) {
      if (process.env.CI === 'true')
        test('python3-jinja2 and python3-yaml are installed in CI', () => {
          throw new Error(MISSING);
        });
      else console.log(`${MISSING}: the lab's kernel pod rendering tests are skipped`);
    }
    suite('rendered as Enterprise Gateway 3.3.0 launches a kernel for alice (real Jinja2 and PyYAML)', () => {
      const KERNEL_ID = '0f3d9c1e-5b8a-4c2e-9d7f-1a2b3c4d5e6f';
      /** What the gateway hands its launcher: kernel.json's env, then everything alice's server sent. */
      const launch = (request: { [k: string]: string }) => {
        const objs = lab();
        const environment = configValue(hubConfig(objs), 'environment');
        const sent: { [k: string]: string } = {};
        for (const [k, v] of Object.entries(environment))
          if (k.startsWith('KERNEL_') && typeof v === 'string') sent[k] = v.replace('{username}', 'alice');
        const base = {
          KERNEL_ID,
          KERNEL_POD_NAME: `alice-${KERNEL_ID}`,
          KERNEL_NAMESPACE: 'enterprise-gateway-kernels',
          KERNEL_WORKING_DIR: '/home/jovyan/work',
        };
        const launchEnv = { ...spec().env, ...base, ...sent, ...request };
        return { objs, result: render(cm().data['kernel-pod.yaml.j2'], [launchEnv]).results[0] };
      };

      test("the kernel pod is strictly valid, runs as the spec says, and mounts alice's directory: the one her server mounts", () => {
        const { objs, result } = launch({});
        expect(result.error).toBeUndefined();
        const pod = result.docs![0];
        expect(strictErrors(pod)).toEqual([]);
        expect(pod.metadata.namespace).toBe('enterprise-gateway-kernels');
        expect(pod.spec.securityContext).toMatchObject({
          runAsNonRoot: true,
          runAsUser: 1000,
          runAsGroup: 100,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(pod.spec.containers[0].securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        const home = pod.spec.containers[0].volumeMounts.find((m: any) => m.name === 'home');
        expect(home).toEqual({ name: 'home', mountPath: '/home/jovyan', subPath: 'alice' });
        const claimName = pod.spec.volumes.find((v: any) => v.name === 'home').persistentVolumeClaim.claimName;
        const claim = find(ns(objs, 'enterprise-gateway-kernels'), 'PersistentVolumeClaim', claimName);
        const kernelPv = find(objs, 'PersistentVolume', claim.spec.volumeName);
        // The users' servers: the lab's PV with subPath {username}: the same export, the same directory.
        const userPv = find(objs, 'PersistentVolume', 'nfs-pv');
        expect(kernelPv.spec.nfs).toEqual(userPv.spec.nfs);
        expect(configValue(hubConfig(objs), 'volume_mounts')[0].subPath.replace('{username}', 'alice')).toBe(
          home.subPath,
        );
      });

      test("nothing hostile in the request survives: volumes, uid 0, the gateway's account, another namespace, another image", () => {
        const { result } = launch({
          KERNEL_VOLUMES: '[{"name": "root", "hostPath": {"path": "/"}}]',
          KERNEL_VOLUME_MOUNTS: '[{"name": "root", "mountPath": "/host"}]',
          KERNEL_UID: '0',
          KERNEL_GID: '0',
          KERNEL_SERVICE_ACCOUNT_NAME: 'enterprise-gateway-sa',
          KERNEL_NAMESPACE: 'kube-system',
          KERNEL_IMAGE: 'docker.io/library/alpine:3.20',
          KERNEL_CPUS: '64',
        });
        const pod = result.docs![0];
        expect(strictErrors(pod)).toEqual([]);
        expect(JSON.stringify(pod.spec.volumes)).not.toContain('hostPath');
        expect(pod.spec.securityContext.runAsUser).toBe(1000);
        expect(pod.spec.serviceAccountName).toBe('enterprise-gateway-kernel');
        expect(pod.spec.automountServiceAccountToken).toBe(false);
        // The pod names the kernel namespace; the launcher's create in kube-system is refused by RBAC and the API server.
        expect(pod.metadata.namespace).toBe('enterprise-gateway-kernels');
        expect(pod.spec.containers[0].image).toBe('docker.io/elyra/kernel-py:3.3.0');
        // The kernel spec's requests and limits (its defaults), not the request's KERNEL_CPUS.
        expect(pod.spec.containers[0].resources).toEqual({
          requests: { cpu: '100m', memory: '512Mi' },
          limits: { cpu: '1', memory: '2Gi' },
        });
      });

      test('a home path outside the export or with .. is refused: the launch fails', () => {
        for (const bad of [
          '/etc',
          '/home/nfs_share/claim/../other',
          '/home/nfs_share/claim/bob/../../x',
          '/home/nfs_share/claimx/alice',
        ]) {
          const { result } = launch({ KERNEL_HOME_NFS_PATH: bad });
          expect({ bad, refused: result.error !== undefined }).toEqual({ bad, refused: true });
        }
      });
    });
  });

  describe('NFS home ownership (the classic subPath-owned-by-root problem)', () => {
    const initContainer = () => configValue(hubConfig(lab()), 'init_containers')[0];

    test('an init container running as the user (not root) creates the home before the server starts', () => {
      const c = initContainer();
      expect(c.securityContext).toMatchObject({
        runAsUser: 1000,
        runAsGroup: 100,
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(c.volumeMounts).toEqual([{ name: 'home', mountPath: '/mnt/home-share' }]);
      expect(c.command.at(-1)).toBe('/mnt/home-share/{username}');
      // KubeSpawner expands {placeholders} in every string of an init container: only ours may appear.
      expect(JSON.stringify(c).match(/\{\w+\}/g)).toEqual(['{username}']);
    });

    test('run for real as uid 1000: the new home belongs to the user, where a kubelet-made subPath belongs to root', () => {
      const c = initContainer();
      const share = fs.mkdtempSync(path.join(os.tmpdir(), 'nfs-share-'));
      try {
        // The export as docs/jeg-lab.md asks for it: group 100, group-writable, setgid.
        fs.chownSync(share, 0, 100);
        fs.chmodSync(share, 0o2775);
        const home = c.command.at(-1).replace('/mnt/home-share', share).replace('{username}', 'alice');
        const asUser = (...cmd: string[]) =>
          spawnSync('setpriv', ['--reuid=1000', '--regid=100', '--clear-groups', ...cmd], { encoding: 'utf8' });
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

  describe('the mapping table for the lab (docs/jeg-lab.md)', () => {
    const rows = fs
      .readFileSync(PAGE, 'utf8')
      .split('\n')
      .filter(
        (l) =>
          /^\| `(jhub_customized_values|jeg_customized_values|jhub_pvc|kernelspecs_pvc|rendered-enterprise-gateway-chart)/.test(
            l,
          ) || /^\| `python_kubernetes\//.test(l),
      );

    test("has a row for each of the lab's files", () => {
      for (const file of [
        'jhub_customized_values.yaml',
        'jeg_customized_values.yaml',
        'jhub_pvc.yaml',
        'kernelspecs_pvc.yaml',
        'rendered-enterprise-gateway-chart.yaml',
        'python_kubernetes/kernel.json',
      ]) {
        expect(rows.some((r) => r.startsWith(`| \`${file}`))).toBe(true);
      }
    });

    test('every object of the rendered gateway chart and the PV files has a row', () => {
      const objects = ['rendered-enterprise-gateway-chart.yaml', 'jhub_pvc.yaml', 'kernelspecs_pvc.yaml'].flatMap((f) =>
        (yaml.loadAll(fs.readFileSync(path.join(LAB, f), 'utf8')) as any[])
          .filter(Boolean)
          .map((o) => ({ f, id: `${o.kind}/${o.metadata.name}` })),
      );
      expect(objects.length).toBeGreaterThan(10);
      for (const { f, id } of objects)
        expect({ id, row: rows.some((r) => r.startsWith(`| \`${f}\``) && r.includes(`\`${id}\``)) }).toEqual({
          id,
          row: true,
        });
    });
  });

  test("every workload's ServiceAccount, ConfigMaps and claims exist in its namespace", () => {
    const objs = lab();
    for (const { owner, spec } of podTemplates(objs)) {
      const here = ns(objs, owner.metadata.namespace as string);
      // Without one, the namespace's own default account (which always exists), with no token mounted.
      if (spec.serviceAccountName === undefined) expect(spec.automountServiceAccountToken).toBe(false);
      else expect(() => find(here, 'ServiceAccount', spec.serviceAccountName)).not.toThrow();
      for (const v of spec.volumes ?? []) {
        if (v.configMap) expect(() => find(here, 'ConfigMap', v.configMap.name)).not.toThrow();
        if (v.persistentVolumeClaim)
          expect(() => find(here, 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName)).not.toThrow();
      }
    }
    // The user pods' shared claim is in the hub's namespace.
    expect(find(objs, 'PersistentVolumeClaim', 'jhub-claim').metadata.namespace).toBe(
      find(objs, 'Deployment', 'hub').metadata.namespace,
    );
  });
});
