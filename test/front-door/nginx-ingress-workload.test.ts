/**
 * The TLS front door's own options (Zero to JupyterHub's `proxy.traefik.*` and
 * `proxy.secretSync.*`, issue 22): nginx runs in the proxy pod, so its `workload` gives env and
 * pull policy to its containers (nginx, the ACME client's) and the rest to the proxy pod, merged
 * with the Proxy's; read back from the objects, valid for the Kubernetes API, and the bad input
 * (a contradiction with the Proxy's options) refused with the prop named.
 */
import {
  Hub,
  IngressTls,
  NginxIngress,
  NginxIngressMode,
  NginxIngressProps,
  Proxy,
  ProxyProps,
  PullPolicy,
} from '../../lib';
import { expectRefused, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { anyLogin, container, find, Obj, synthWith, wire } from '../util';

function objects(door: NginxIngressProps, proxy: ProxyProps = {}): Obj[] {
  const objs = synthWith((c) =>
    wire(
      new Hub(c, 'hub', { authenticator: anyLogin() }),
      new Proxy(c, 'proxy', proxy),
      new NginxIngress(c, 'nginx', door),
    ),
  );
  for (const o of objs) expect(strictErrors(o)).toEqual([]);
  return objs;
}

const acme = IngressTls.acme({ email: 'admin@example.org', hosts: ['hub.example.org'] });
const pod = (objs: Obj[]) => find(objs, 'Deployment', 'proxy').spec.template;

describe("the door's workload (sidecar mode)", () => {
  test("extra env is nginx's; the pull policy is nginx's and the ACME client's, CHP keeps its own", () => {
    const objs = objects({
      host: 'hub.example.org',
      tls: acme,
      workload: { extraEnv: { TZ: 'UTC' }, imagePullPolicy: PullPolicy.ALWAYS },
    });
    const d = find(objs, 'Deployment', 'proxy');
    expect(container(d, 'nginx').env).toEqual([{ name: 'TZ', value: 'UTC' }]);
    for (const name of ['nginx', 'acme', 'acme-sync']) expect(container(d, name).imagePullPolicy).toBe('Always');
    expect(pod(objs).spec.initContainers[0].imagePullPolicy).toBe('Always');
    expect(container(d, 'chp').imagePullPolicy).toBe('IfNotPresent');
    expect(container(d, 'chp').env.map((e: any) => e.name)).not.toContain('TZ');
  });

  test('pod-level options join the proxy pod, merged with the Proxy’s', () => {
    const toleration = { key: 'edge', operator: 'Exists', effect: 'NoSchedule' };
    const objs = objects(
      {
        workload: {
          podLabels: { tier: 'edge' },
          nodeSelector: { 'node-role/edge': 'true' },
          tolerations: [toleration],
          imagePullSecrets: ['registry', 'edge-registry'],
          revisionHistoryLimit: 4,
          serviceAccountAnnotations: { 'example.org/role': 'edge' },
        },
      },
      { workload: { podLabels: { team: 'data' }, imagePullSecrets: ['registry'] } },
    );
    const t = pod(objs);
    expect(t.metadata.labels).toMatchObject({ team: 'data', tier: 'edge' });
    expect(t.spec.nodeSelector).toEqual({ 'node-role/edge': 'true' });
    expect(t.spec.tolerations).toEqual([toleration]);
    expect(t.spec.imagePullSecrets).toEqual([{ name: 'registry' }, { name: 'edge-registry' }]);
    expect(find(objs, 'Deployment', 'proxy').spec.revisionHistoryLimit).toBe(4);
    expect(find(objs, 'ServiceAccount', 'proxy').metadata.annotations).toEqual({ 'example.org/role': 'edge' });
  });

  test('the same value on both is no contradiction', () => {
    const objs = objects({ workload: { podLabels: { team: 'data' } } }, { workload: { podLabels: { team: 'data' } } });
    expect(pod(objs).metadata.labels.team).toBe('data');
  });
});

describe('refuses bad input, naming the prop', () => {
  const rows: Row[] = [
    [
      'a label the Proxy sets differently',
      () => objects({ workload: { podLabels: { team: 'edge' } } }, { workload: { podLabels: { team: 'data' } } }),
      P('workload.podLabels.team'),
    ],
    [
      'another history than the Proxy’s',
      () => objects({ workload: { revisionHistoryLimit: 1 } }, { workload: { revisionHistoryLimit: 5 } }),
      P('workload.revisionHistoryLimit'),
    ],
    ['a label the library sets', () => objects({ workload: { podLabels: { app: 'x' } } }), P('workload.podLabels.app')],
    [
      'workload in ingress-resource mode',
      () => objects({ mode: NginxIngressMode.INGRESS_RESOURCE, workload: { podLabels: { a: 'b' } } }),
      P('workload'),
    ],
  ];
  test.each(rows)('%s', (what, b, message) => expectRefused(what, b, message));
});
