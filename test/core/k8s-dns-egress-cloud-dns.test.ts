/**
 * DNS egress and the cloud metadata server, on the synthesized seed charts: on GKE with Cloud DNS
 * every pod's resolver is the metadata server, 169.254.169.254, on port 53 (Zero to JupyterHub
 * 4.4.0 keeps `dnsPortsCloudMetadataServer: true` for it, `_helpers-netpol.tpl:33-44`; its issues
 * #3167, #3179, #3180). Every pod whose NetworkPolicy allows DNS may query it there, over UDP and
 * TCP; the metadata API on that address (port 80, and the other ports a metadata server may
 * serve) stays closed to every pod the policies select.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { buildApp } from '../../main';
import { synthesize } from '../../lib';
import { egressAllowed, PodEndpoint } from '../network-policy-eval';
import type { Obj } from '../util';

const METADATA = { ip: '169.254.169.254' };

let policies: { file: string; all: Obj[]; policy: Obj; pod: PodEndpoint }[];

beforeAll(() => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dns-egress-'));
  try {
    synthesize(buildApp(outdir));
    // Every chart file, and the Carvel package's templates (ytt's `#@` lines are YAML comments).
    const files = [
      ...fs.readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml')),
      path.join('carvel', 'bundle', 'config', 'carvel.yaml'),
    ];
    policies = files.flatMap((file) => {
      const all = (yaml.loadAll(fs.readFileSync(path.join(outdir, file), 'utf8')) as Obj[]).filter(Boolean);
      return all
        .filter((o) => o.kind === 'NetworkPolicy')
        .map((policy) => ({
          file,
          all,
          policy,
          // A pod with exactly the labels the policy selects by.
          pod: {
            ip: '10.244.0.10',
            namespace: policy.metadata.namespace ?? 'default',
            labels: policy.spec.podSelector.matchLabels ?? {},
          },
        }));
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

/** The policies with a rule for DNS (port 53). */
const withDns = () =>
  policies.filter(({ policy }) =>
    (policy.spec.egress ?? []).some((r: any) => (r.ports ?? []).some((p: any) => p.port === 53)),
  );

test('every policy that allows DNS allows it to 169.254.169.254 (GKE Cloud DNS), over UDP and TCP port 53', () => {
  expect(withDns().length).toBeGreaterThan(15);
  const refused = withDns()
    .flatMap(({ file, all, policy, pod }) =>
      ['UDP', 'TCP'].map((proto) => ({
        at: `${file} ${policy.metadata.name} ${proto}`,
        ok: egressAllowed(all, pod, METADATA, 53, proto),
      })),
    )
    .filter((r) => !r.ok)
    .map((r) => r.at);
  expect(refused).toEqual([]);
});

test('the metadata API on 169.254.169.254:80 stays closed to every pod a policy selects', () => {
  const open = policies
    .filter(({ all, pod }) => egressAllowed(all, pod, METADATA, 80))
    .map(({ file, policy }) => `${file} ${policy.metadata.name}`);
  expect(open).toEqual([]);
});

test("users' servers, kernels and Dask workers reach 169.254.169.254 on port 53 only", () => {
  const runtime = policies.filter(({ policy }) =>
    /(^|-)singleuser$|^enterprise-gateway-kernels$|-dask-gateway-workers$/.test(policy.metadata.name),
  );
  expect(runtime.map(({ file, policy }) => `${file} ${policy.metadata.name}`).sort()).toEqual([
    'carvel/bundle/config/carvel.yaml singleuser',
    'daskhub.k8s.yaml dhub-dask-gateway-workers',
    'daskhub.k8s.yaml singleuser',
    'gke.k8s.yaml singleuser',
    'jeg-lab.k8s.yaml enterprise-gateway-kernels',
    'jeg-lab.k8s.yaml singleuser',
    'minikube.k8s.yaml singleuser',
  ]);
  for (const { file, all, policy, pod } of runtime) {
    const open = [22, 80, 443, 988, 8080, 8443].filter((port) => egressAllowed(all, pod, METADATA, port));
    expect({ at: `${file} ${policy.metadata.name}`, open }).toEqual({
      at: `${file} ${policy.metadata.name}`,
      open: [],
    });
    expect(egressAllowed(all, pod, METADATA, 53, 'UDP')).toBe(true);
  }
});
