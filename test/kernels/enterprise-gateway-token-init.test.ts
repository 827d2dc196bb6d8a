/**
 * The gateway token and the gateway's account (issue 21, item 8).
 *
 * A ServiceAccount belongs to a pod, not to a container: while the `token-init` init container
 * ran in the gateway pod, the gateway container kept its right to create Secrets. The token is
 * now made by a pod of its own, a Job with its own ServiceAccount, and the gateway's account has
 * no right on Secrets at all (it reads its token through `secretKeyRef`, which the kubelet
 * resolves, not the pod).
 *
 * `EG_KERNEL_CLUSTER_ROLE` names the ClusterRole the gateway binds in each namespace it creates
 * for a kernel; Enterprise Gateway 3.3.0 reads it only there (processproxies/k8s.py:30, used at
 * :411 and :415 by `_create_role_binding`, called only from `_create_kernel_namespace` at :374,
 * which `_determine_kernel_namespace` calls only without `EG_SHARED_NAMESPACE`, :326-334). So it
 * is set with `KernelNamespaces.PER_KERNEL` only, where the library creates that ClusterRole.
 */
import { Chart } from 'cdk8s';
import { EnterpriseGateway, Hub, KernelNamespaces, KernelSpec, Namespace, Proxy } from '../../lib';
import { strictErrors } from '../strict-schema';
import { all, anyLogin, chart, container, env, find, Obj, seedCharts, synth } from '../util';

const lab = (): Obj[] => seedCharts()['jeg-lab'];
const GATEWAY_SA = { namespace: 'enterprise-gateway', name: 'enterprise-gateway-sa' };

/** Every rule bound to a ServiceAccount, by RoleBinding (in its namespace) or ClusterRoleBinding. */
function rulesOf(objs: Obj[], sa: { namespace: string; name: string }): { where: string; rule: any }[] {
  const bound = (b: Obj) =>
    (b.subjects ?? []).some(
      (s: any) => s.kind === 'ServiceAccount' && s.name === sa.name && s.namespace === sa.namespace,
    );
  const roleOf = (b: Obj, namespace?: string) =>
    objs.find(
      (o) => o.kind === b.roleRef.kind && o.metadata.name === b.roleRef.name && o.metadata.namespace === namespace,
    );
  const out: { where: string; rule: any }[] = [];
  for (const b of objs.filter((o) => o.kind === 'RoleBinding' && bound(o))) {
    const role = roleOf(b, b.roleRef.kind === 'Role' ? b.metadata.namespace : undefined);
    if (!role) throw new Error(`RoleBinding ${b.metadata.namespace}/${b.metadata.name} names no role of the output`);
    for (const rule of role.rules ?? []) out.push({ where: b.metadata.namespace!, rule });
  }
  for (const b of objs.filter((o) => o.kind === 'ClusterRoleBinding' && bound(o))) {
    const role = roleOf(b);
    if (!role) throw new Error(`ClusterRoleBinding ${b.metadata.name} names no role of the output`);
    for (const rule of role.rules ?? []) out.push({ where: '(cluster)', rule });
  }
  return out;
}

/** Whether a rule grants anything on Secrets. */
const onSecrets = (rule: any) =>
  (rule.apiGroups ?? []).some((g: string) => g === '' || g === '*') &&
  (rule.resources ?? []).some((r: string) => r === 'secrets' || r === '*');

/** A gateway in `mode`, given to a hub in another namespace. */
function gatewayWithHub(mode: KernelNamespaces): Obj[] {
  const c = chart();
  const hubNs = new Namespace(c, 'jupyterhub');
  const gwNs = new Namespace(c, 'enterprise-gateway');
  const gw = new EnterpriseGateway(gwNs, 'gw', {
    kernelNamespaces: mode,
    kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })],
  });
  const hub = new Hub(hubNs, 'hub', { authenticator: anyLogin(), integrations: [gw] });
  hub.addIntegration(new Proxy(hubNs, 'proxy'));
  return synth(c);
}

const tokenJob = (objs: Obj[]): Obj => {
  const jobs = all(objs, 'Job').filter((j) => j.metadata.name.startsWith('enterprise-gateway-token-init'));
  expect(jobs).toHaveLength(1);
  return jobs[0];
};

describe("the gateway's ServiceAccount has no right on Secrets", () => {
  test('jeg-lab: no rule of the gateway account names Secrets, in any namespace (so none creates them)', () => {
    const rules = rulesOf(lab(), GATEWAY_SA);
    // It keeps its rights on kernel pods.
    expect(rules).toContainEqual({
      where: 'enterprise-gateway-kernels',
      rule: { apiGroups: [''], resources: ['pods'], verbs: ['create', 'list', 'delete'] },
    });
    expect(rules.filter((r) => onSecrets(r.rule))).toEqual([]);
  });

  test.each([KernelNamespaces.DEDICATED, KernelNamespaces.GATEWAY, KernelNamespaces.PER_KERNEL])(
    'with kernel namespaces %s as well',
    (mode) => {
      const rules = rulesOf(gatewayWithHub(mode), GATEWAY_SA);
      expect(rules.length).toBeGreaterThan(0);
      expect(rules.filter((r) => onSecrets(r.rule))).toEqual([]);
    },
  );

  test('the gateway pod runs no token-init: its only init container links the kernel launchers', () => {
    const pod = find(lab(), 'Deployment', 'enterprise-gateway').spec.template.spec;
    expect(pod.serviceAccountName).toBe('enterprise-gateway-sa');
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['kernel-launchers']);
    expect(JSON.stringify(pod)).not.toContain('secret_init.py');
  });
});

describe('the token is made by a Job of its own, with an account of its own', () => {
  test("jeg-lab: a Job in the gateway's namespace runs secret_init.py from the token-init ConfigMap", () => {
    const objs = lab();
    const job = tokenJob(objs);
    expect(job.metadata.namespace).toBe('enterprise-gateway');
    expect(strictErrors(job)).toEqual([]);
    const pod = job.spec.template.spec;
    expect(pod.serviceAccountName).toBe('enterprise-gateway-token-init');
    expect(pod.restartPolicy).toBe('OnFailure');
    expect(container(job, 'token-init')).toMatchObject({
      image: 'docker.io/elyra/enterprise-gateway:3.3.0',
      command: ['python3', '/etc/eg-token-init/secret_init.py'],
      volumeMounts: [{ name: 'token-init', mountPath: '/etc/eg-token-init', readOnly: true }],
    });
    expect(pod.volumes).toEqual([
      { name: 'token-init', configMap: { name: 'enterprise-gateway-token-init', defaultMode: 0o444 } },
    ]);
    const sa = find(objs, 'ServiceAccount', 'enterprise-gateway-token-init');
    expect(sa.metadata.namespace).toBe('enterprise-gateway');
  });

  test('its pod meets Pod Security restricted', () => {
    const pod = tokenJob(lab()).spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of pod.containers) {
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
      });
      expect(c.securityContext.runAsUser).toBeGreaterThan(0);
    }
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.volumes.every((v: any) => Object.keys(v).sort().join() === 'configMap,name')).toBe(true);
  });

  test("its account, and only it, may create Secrets and read the token, in the gateway's and the hub's namespace", () => {
    const objs = lab();
    const rules = rulesOf(objs, { namespace: 'enterprise-gateway', name: 'enterprise-gateway-token-init' });
    const expected = (where: string) => [
      { where, rule: { apiGroups: [''], resources: ['secrets'], verbs: ['create'] } },
      {
        where,
        rule: { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['enterprise-gateway-token'] },
      },
    ];
    expect(rules).toEqual([...expected('enterprise-gateway'), ...expected('jupyterhub')]);
  });

  test('its pod may reach the Kubernetes API and nothing else; nothing may reach it', () => {
    const objs = lab();
    const job = tokenJob(objs);
    const policy = find(objs, 'NetworkPolicy', 'enterprise-gateway-token-init');
    expect(policy.metadata.namespace).toBe('enterprise-gateway');
    expect(policy.spec.podSelector.matchLabels).toEqual(job.spec.template.metadata.labels);
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress).toBeUndefined();
    expect(policy.spec.egress).toEqual([
      {
        ports: [
          { protocol: 'TCP', port: 443 },
          { protocol: 'TCP', port: 6443 },
          { protocol: 'TCP', port: 8443 },
        ],
      },
    ]);
  });

  test('a change of what it makes (another hub namespace) is a new Job, which runs again; an unchanged app keeps the name', () => {
    const build = (hubNamespaces: string[]): Obj[] => {
      const c = new Chart(chart().node.scope as any, 'x', { disableResourceNameHashes: true });
      const gwNs = new Namespace(c, 'enterprise-gateway');
      const gw = new EnterpriseGateway(gwNs, 'gw', { kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })] });
      for (const n of hubNamespaces) {
        const hub = new Hub(new Namespace(c, n), 'hub', { authenticator: anyLogin(), integrations: [gw] });
        hub.addIntegration(new Proxy(hub.node.scope as any, 'proxy'));
      }
      return synth(c);
    };
    const one = tokenJob(build(['team-a'])).metadata.name;
    expect(one).toMatch(/^enterprise-gateway-token-init-[0-9a-f]{10}$/);
    expect(tokenJob(build(['team-a'])).metadata.name).toBe(one);
    expect(tokenJob(build(['team-a', 'team-b'])).metadata.name).not.toBe(one);
  });

  test('a long gateway name still makes a Job name of at most 63 characters', () => {
    const c = chart();
    const gwNs = new Namespace(c, 'enterprise-gateway');
    new EnterpriseGateway(gwNs, 'gw', {
      name: `g${'x'.repeat(62)}`,
      kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })],
    });
    const jobs = all(synth(c), 'Job');
    expect(jobs).toHaveLength(1);
    expect(jobs[0].metadata.name.length).toBeLessThanOrEqual(63);
    expect(strictErrors(jobs[0])).toEqual([]);
  });
});

describe('EG_KERNEL_CLUSTER_ROLE only where Enterprise Gateway reads it: per-kernel namespaces', () => {
  const clusterRoleEnv = (objs: Obj[]) =>
    env(container(find(objs, 'Deployment', 'enterprise-gateway'), 'enterprise-gateway'), 'EG_KERNEL_CLUSTER_ROLE');

  test('jeg-lab (one kernel namespace): not set, and no such ClusterRole exists', () => {
    const objs = lab();
    expect(clusterRoleEnv(objs)).toBeUndefined();
    expect(all(objs, 'ClusterRole')).toEqual([]);
  });

  test("kernels in the gateway's namespace: not set", () => {
    expect(clusterRoleEnv(gatewayWithHub(KernelNamespaces.GATEWAY))).toBeUndefined();
  });

  test('per-kernel namespaces: set, and it names the ClusterRole the library creates', () => {
    const objs = gatewayWithHub(KernelNamespaces.PER_KERNEL);
    expect(clusterRoleEnv(objs)).toBe('kernel-controller');
    expect(find(objs, 'ClusterRole', 'kernel-controller').metadata.labels?.component).toBe('kernel');
  });
});
