/**
 * Issue 20, item 2: every Namespace the library creates enforces Pod Security `restricted`, and
 * warns and audits at `restricted`, each mode pinned to the policy of Kubernetes 1.36 (the newest
 * this library supports). What cannot comply gets a typed opt-out, `podSecurity`, that lowers the
 * `enforce` label of its own Namespace only.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { Authenticator, EnterpriseGateway, JupyterHub, Namespace, PodSecurityLevel } from '../../lib';
import { all, chart, find, seedCharts, synth } from '../util';

const RESTRICTED = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'v1.36',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/warn-version': 'v1.36',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/audit-version': 'v1.36',
};

describe('the Namespaces of the seed charts', () => {
  const charts = seedCharts();

  test('are the ones the charts create today: jupyterhub, enterprise-gateway, its kernels, jupyterhub-test, dhub and dhub-dask (the gateway)', () => {
    const names = Object.entries(charts).flatMap(([id, objs]) =>
      all(objs, 'Namespace').map((n) => `${id}: ${n.metadata.name}`),
    );
    expect(names).toEqual([
      'jeg-lab: jupyterhub',
      'jeg-lab: enterprise-gateway',
      'jeg-lab: enterprise-gateway-kernels',
      'gke: jupyterhub-test',
      'daskhub: dhub',
      'daskhub: dhub-dask',
    ]);
  });

  test.each(['jupyterhub', 'enterprise-gateway', 'enterprise-gateway-kernels', 'jupyterhub-test', 'dhub', 'dhub-dask'])(
    '%s enforces restricted, warns and audits at restricted, pinned to v1.36',
    (name) => {
      const ns = Object.values(charts)
        .flatMap((objs) => all(objs, 'Namespace'))
        .find((n) => n.metadata.name === name);
      expect(ns?.metadata.labels).toEqual(RESTRICTED);
    },
  );

  test('minikube and carvel create no Namespace: their pages label theirs as a Namespace of the library is', () => {
    expect(all(charts.minikube, 'Namespace')).toEqual([]);
    expect(all(charts.carvel, 'Namespace')).toEqual([]);
    // The seed pages of docs/ that install minikube and carvel.
    const readme = ['minikube', 'carvel']
      .map((page) => fs.readFileSync(path.join(__dirname, '..', '..', 'docs', `${page}.md`), 'utf8'))
      .join('\n');
    // Each step: the command and its continuation lines (ending in a backslash), then its key=value labels.
    const steps = [...readme.matchAll(/^kubectl label namespace (\S+) --overwrite((?:.*\\\n)*.*)$/gm)].map((m) => ({
      namespace: m[1],
      labels: Object.fromEntries(
        m[2]
          .split(/\s+/)
          .filter((token) => token.includes('='))
          .map((kv) => kv.split('=')),
      ),
    }));
    // Seed 001 installs into kubectl's current namespace (default), seed 000 into the PackageInstall's.
    expect(steps).toEqual([
      { namespace: 'default', labels: RESTRICTED },
      { namespace: 'team-a', labels: RESTRICTED },
    ]);
  });
});

describe('Namespace', () => {
  test('a Namespace of your own enforces restricted, your labels beside it', () => {
    const c = chart();
    const ns = new Namespace(c, 'course', { labels: { team: 'physics' } });
    expect(ns.podSecurity).toBe(PodSecurityLevel.RESTRICTED);
    expect(find(synth(c), 'Namespace', 'course').metadata.labels).toEqual({ ...RESTRICTED, team: 'physics' });
  });

  test('the JupyterHub composite’s Namespace too', () => {
    const c = chart();
    new JupyterHub(c, 'hub', {
      hub: { authenticator: Authenticator.dummy({ allowAll: true, allowOpenNetwork: true }) },
      namespace: 'course',
    });
    expect(find(synth(c), 'Namespace', 'course').metadata.labels).toEqual(RESTRICTED);
  });

  test('podSecurity lowers enforce for that Namespace only; warn and audit stay restricted', () => {
    const c = chart();
    new Namespace(c, 'nodes', { podSecurity: PodSecurityLevel.PRIVILEGED });
    new Namespace(c, 'legacy', { podSecurity: PodSecurityLevel.BASELINE });
    new Namespace(c, 'users');
    const objs = synth(c);
    expect(find(objs, 'Namespace', 'nodes').metadata.labels).toEqual({
      ...RESTRICTED,
      'pod-security.kubernetes.io/enforce': 'privileged',
    });
    expect(find(objs, 'Namespace', 'legacy').metadata.labels).toEqual({
      ...RESTRICTED,
      'pod-security.kubernetes.io/enforce': 'baseline',
    });
    expect(find(objs, 'Namespace', 'users').metadata.labels).toEqual(RESTRICTED);
  });

  test('Namespace.podSecurityOf: the level where objects below a scope land; undefined outside a Namespace', () => {
    const c = chart();
    const ns = new Namespace(c, 'nodes', { podSecurity: PodSecurityLevel.PRIVILEGED });
    const gw = new EnterpriseGateway(ns, 'gw');
    expect(Namespace.podSecurityOf(gw)).toBe(PodSecurityLevel.PRIVILEGED);
    expect(Namespace.podSecurityOf(new Namespace(c, 'users'))).toBe(PodSecurityLevel.RESTRICTED);
    expect(Namespace.podSecurityOf(new Chart(Testing.app(), 'other', { namespace: 'mine' }))).toBeUndefined();
  });

  test('a Pod Security label in labels is refused: the level is typed, in podSecurity', () => {
    expect(
      () => new Namespace(chart(), 'course', { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }),
    ).toThrow(
      "Invalid 'labels' ('pod-security.kubernetes.io/enforce'): is set from 'podSecurity' (enforce, warn and audit, pinned to v1.36): remove it, and lower the level with podSecurity: PodSecurityLevel.BASELINE or PodSecurityLevel.PRIVILEGED where a pod needs it",
    );
    expect(
      () => new Namespace(chart(), 'course', { labels: { 'pod-security.kubernetes.io/warn-version': 'latest' } }),
    ).toThrow(/Invalid 'labels' \('pod-security.kubernetes.io\/warn-version'\): is set from 'podSecurity'/);
  });

  test('podSecurity from JavaScript: a level by another name is refused', () => {
    expect(() => new Namespace(chart(), 'course', { podSecurity: 'root' as unknown as PodSecurityLevel })).toThrow(
      "Invalid 'podSecurity' ('root'): must be one of PodSecurityLevel.RESTRICTED ('restricted'), PodSecurityLevel.BASELINE ('baseline'), PodSecurityLevel.PRIVILEGED ('privileged')",
    );
  });
});
