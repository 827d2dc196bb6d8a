/**
 * Resources of the ACME client's containers (Zero to JupyterHub's `proxy.secretSync.resources`
 * and the ACME part of `proxy.traefik.resources`, issue 22): lego's and the two state containers',
 * read back from the proxy pod; the bad input refused with the prop named.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Hub, IngressTls, NginxIngress, Proxy } from '../../lib';
import { expectRefused, P } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { anyLogin, container, find, Obj, synthWith, wire } from '../util';

function objects(options: Partial<Parameters<typeof IngressTls.acme>[0]>): Obj[] {
  const tls = IngressTls.acme({ email: 'admin@example.org', hosts: ['hub.example.org'], ...options });
  const objs = synthWith((c) =>
    wire(
      new Hub(c, 'hub', { authenticator: anyLogin() }),
      new Proxy(c, 'proxy'),
      new NginxIngress(c, 'nginx', { tls }),
    ),
  );
  for (const o of objs) expect(strictErrors(o)).toEqual([]);
  return objs;
}

test("resources is lego's, stateResources the restore and sync containers' (each part not given keeps its default)", () => {
  const d = find(
    objects({
      resources: { memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) } },
      stateResources: { cpu: { request: kplus.Cpu.millis(20), limit: kplus.Cpu.millis(500) } },
    }),
    'Deployment',
    'proxy',
  );
  expect(container(d, 'acme').resources).toEqual({
    requests: { cpu: '10m', memory: '64Mi' },
    limits: { cpu: '200m', memory: '256Mi' },
  });
  const state = { requests: { cpu: '20m', memory: '32Mi' }, limits: { cpu: '500m', memory: '128Mi' } };
  expect(container(d, 'acme-sync').resources).toEqual(state);
  expect(d.spec.template.spec.initContainers[0].resources).toEqual(state);
});

test('by default all three are small, as before', () => {
  const d = find(objects({}), 'Deployment', 'proxy');
  const small = { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } };
  expect(container(d, 'acme').resources).toEqual(small);
  expect(container(d, 'acme-sync').resources).toEqual(small);
});

test('refuses a request above its limit, naming the prop', () => {
  expectRefused(
    'request above limit',
    () => objects({ stateResources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(128) } } }),
    P('tls.stateResources.memory.limit'),
  );
});
