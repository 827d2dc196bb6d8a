/**
 * Issue 22, items 9 and 14: the gateway's pods (`workload`), its fronts' pods (`frontWorkload`)
 * and every object it writes (`commonLabels`) take the chart's `imagePullPolicy`,
 * `global.imagePullSecrets`, `deployment.annotations` (on the gateway's ServiceAccount, as the
 * chart puts them), `deployment.extraEnv` and `global.commonLabels`, typed; selectors never
 * change. Bad input is refused naming the prop.
 */
import { EnterpriseGateway, EnterpriseGatewayProps, Hub, KernelSpec, Namespace, Proxy, PullPolicy } from '../../lib';
import { all, anyLogin, chart, container, env, find, Obj, synth } from '../util';

const GW = 'enterprise-gateway';
const FRONT = 'enterprise-gateway-front';

function gatewayWithHub(props: EnterpriseGatewayProps): Obj[] {
  const c = chart();
  const hubNs = new Namespace(c, 'jupyterhub');
  const gwNs = new Namespace(c, 'enterprise-gateway');
  const gw = new EnterpriseGateway(gwNs, 'gw', { kernelSpecs: [new KernelSpec(gwNs, 'py', { name: 'py' })], ...props });
  const hub = new Hub(hubNs, 'hub', { authenticator: anyLogin(), integrations: [gw] });
  hub.addIntegration(new Proxy(hubNs, 'proxy'));
  return synth(c);
}

describe('workload: the gateway Deployment', () => {
  const objs = gatewayWithHub({
    workload: {
      imagePullPolicy: PullPolicy.ALWAYS,
      imagePullSecrets: ['registry'],
      podAnnotations: { 'example.org/team': 'data' },
      podLabels: { team: 'data' },
      extraEnv: { EG_INHERITED_ENVS: 'PATH,LANG', EG_SSH_PORT: '2122' },
      serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/eg' },
      revisionHistoryLimit: 2,
      nodeSelector: { pool: 'core' },
    },
  });
  const deployment = find(objs, 'Deployment', GW);
  const pod = deployment.spec.template;

  test('pull policy of every container, pull secrets, pod labels and annotations, node selector, history', () => {
    expect(container(deployment, 'enterprise-gateway').imagePullPolicy).toBe('Always');
    expect(container(deployment, 'kernel-launchers').imagePullPolicy).toBe('Always');
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(pod.metadata.labels.team).toBe('data');
    expect(pod.metadata.annotations['example.org/team']).toBe('data');
    expect(pod.spec.nodeSelector).toEqual({ pool: 'core' });
    expect(deployment.spec.revisionHistoryLimit).toBe(2);
    expect(deployment.spec.selector.matchLabels).toEqual({ app: GW, component: GW, release: GW });
  });

  test("extra env of the gateway container; EG_INHERITED_ENVS replaces the library's PATH", () => {
    const c = container(deployment, 'enterprise-gateway');
    expect(env(c, 'EG_SSH_PORT')).toBe('2122');
    expect(c.env.filter((e: { name: string }) => e.name === 'EG_INHERITED_ENVS')).toEqual([
      { name: 'EG_INHERITED_ENVS', value: 'PATH,LANG' },
    ]);
  });

  test("the ServiceAccount annotations go on the gateway's account (the chart's deployment.annotations)", () => {
    expect(find(objs, 'ServiceAccount', `${GW}-sa`).metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/eg',
    });
  });

  test('by default the library sets EG_INHERITED_ENVS=PATH once', () => {
    const c = container(find(gatewayWithHub({}), 'Deployment', GW), 'enterprise-gateway');
    expect(c.env.filter((e: { name: string }) => e.name === 'EG_INHERITED_ENVS')).toEqual([
      { name: 'EG_INHERITED_ENVS', value: 'PATH' },
    ]);
  });
});

test('frontWorkload: the pods of the hubs gateway fronts', () => {
  const objs = gatewayWithHub({
    frontWorkload: { imagePullSecrets: ['registry'], podLabels: { team: 'data' }, priorityClassName: 'core' },
  });
  const front = find(objs, 'Deployment', FRONT);
  expect(front.spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
  expect(front.spec.template.spec.priorityClassName).toBe('core');
  expect(front.spec.template.metadata.labels.team).toBe('data');
  expect(front.spec.selector.matchLabels).toEqual({ app: GW, component: 'front', release: GW });
  // The gateway's own pods are not the front's.
  expect(find(objs, 'Deployment', GW).spec.template.spec.imagePullSecrets).toBeUndefined();
});

describe('commonLabels', () => {
  const objs = gatewayWithHub({ commonLabels: { 'example.org/owner': 'data-team' } });
  // The gateway's Namespace and the KernelSpec's ConfigMap are written by those constructs.
  const others = ['Namespace/enterprise-gateway', 'ConfigMap/kernelspec-py'];
  const mine = objs.filter(
    (o) =>
      (o.metadata.labels?.app === GW || o.metadata.name?.startsWith(GW)) &&
      !others.includes(`${o.kind}/${o.metadata.name}`),
  );

  test('label every object the gateway writes, in its namespace, the kernels and the hub', () => {
    expect(mine.length).toBeGreaterThan(15);
    expect(
      mine
        .filter((o) => o.metadata.labels?.['example.org/owner'] !== 'data-team')
        .map((o) => `${o.kind}/${o.metadata.name}`),
    ).toEqual([]);
    expect(new Set(mine.map((o) => o.metadata.namespace ?? o.metadata.name))).toEqual(
      new Set(['enterprise-gateway', 'enterprise-gateway-kernels', 'jupyterhub']),
    );
  });

  test('and its pods, but no selector', () => {
    for (const w of [...all(objs, 'Deployment'), ...all(objs, 'Job')].filter((o) => mine.includes(o))) {
      expect(w.spec.template.metadata.labels['example.org/owner']).toBe('data-team');
      expect(JSON.stringify(w.spec.selector ?? {})).not.toContain('example.org/owner');
    }
    for (const o of [...all(objs, 'Service'), ...all(objs, 'NetworkPolicy')])
      expect(JSON.stringify(o.spec)).not.toContain('example.org/owner');
  });
});

describe('bad input is refused at construction, naming the prop', () => {
  test.each([
    [{ commonLabels: { app: 'x' } }, `Invalid 'commonLabels.app' ('x'): is a label the library sets`],
    [{ commonLabels: { 'bad key': 'x' } }, `Invalid 'commonLabels key' ('bad key')`],
    [{ commonLabels: { team: 'a b' } }, `Invalid 'commonLabels.team' ('a b')`],
    [{ workload: { extraEnv: { EG_PORT: '1' } } }, `Invalid 'workload.extraEnv.EG_PORT' ('1'): is set by the library`],
    [{ workload: { imagePullSecrets: ['Bad_Name'] } }, `Invalid 'workload.imagePullSecrets[0]' ('Bad_Name')`],
    [
      { frontWorkload: { extraEnv: { FRONT_GATEWAY_URL: 'http://elsewhere' } } },
      `Invalid 'frontWorkload.extraEnv.FRONT_GATEWAY_URL' ('http://elsewhere'): is set by the library`,
    ],
  ])('%j', (props, message) => {
    const c = chart();
    const ns = new Namespace(c, 'eg');
    expect(() => new EnterpriseGateway(ns, 'gw', props as EnterpriseGatewayProps)).toThrow(message);
  });
});
