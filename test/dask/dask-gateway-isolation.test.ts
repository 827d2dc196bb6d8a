/**
 * The daskhub chart's Dask Gateway, as `dist/daskhub.k8s.yaml` holds it: what users' code can
 * reach of another user's cluster, and what the gateway's pods may read.
 *
 * A static NetworkPolicy cannot tell two clusters apart (the controller sets the cluster label
 * at run time), so the comm ports of every cluster are open to every cluster's pods and rely on
 * the per-cluster TLS (dask-gateway 2026.3.0 `controller.py:1207` `make_secret`: a key pair per
 * cluster; `controller.py:1033` and `:1053`: `--protocol tls`, `tls://` for workers). The
 * dashboards (8787, plain HTTP, no authentication) are what the policies must close.
 */
import { Obj, seedCharts } from '../util';

const DASHBOARD = 8787;

const daskhub = (): Obj[] => seedCharts().daskhub;

/** Whether a NetworkPolicy port entry (or its absence) admits `port`. */
function admits(ports: any[] | undefined, port: number): boolean {
  if (ports === undefined || ports.length === 0) return true;
  return ports.some(
    (p) => p.port === undefined || p.port === port || (p.endPort !== undefined && p.port <= port && port <= p.endPort),
  );
}

describe("daskhub's Dask clusters", () => {
  test("a scheduler's or a worker's dashboard port admits Traefik only", () => {
    const objs = daskhub();
    const clusterPolicies = objs.filter(
      (o) =>
        o.kind === 'NetworkPolicy' &&
        ['dask-scheduler', 'dask-worker'].includes(o.spec.podSelector.matchLabels?.['app.kubernetes.io/component']),
    );
    expect(clusterPolicies.map((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/component']).sort()).toEqual([
      'dask-scheduler',
      'dask-worker',
    ]);
    for (const p of clusterPolicies) {
      const peers = (p.spec.ingress ?? [])
        .filter((r: any) => admits(r.ports, DASHBOARD))
        .flatMap((r: any) => r.from ?? [{}]);
      for (const peer of peers) {
        expect({ policy: p.metadata.name, peer }).toEqual({
          policy: p.metadata.name,
          peer: {
            podSelector: { matchLabels: expect.objectContaining({ app: 'dask-gateway', component: 'traefik' }) },
          },
        });
      }
    }
  });

  test('the workers still admit their scheduler and each other on every other port', () => {
    const worker = daskhub().find(
      (o) =>
        o.kind === 'NetworkPolicy' && o.spec.podSelector.matchLabels?.['app.kubernetes.io/component'] === 'dask-worker',
    )!;
    const fromClusters = worker.spec.ingress.filter((r: any) =>
      (r.from ?? []).some((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/component'] !== undefined),
    );
    for (const port of [1, 8786, DASHBOARD - 1, DASHBOARD + 1, 40000, 65535]) {
      expect({ port, admitted: fromClusters.some((r: any) => admits(r.ports, port)) }).toEqual({
        port,
        admitted: true,
      });
    }
  });
});
