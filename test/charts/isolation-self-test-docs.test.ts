/**
 * The README's cluster recipes enforce NetworkPolicy (the isolation of users, kernels and Dask
 * workers is NetworkPolicy's), and the step after every install is the chart's live self-test:
 * `kubectl apply -f dist/<chart>.check.k8s.yaml` and the wait command the construct states.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IsolationSelfTest } from '../../lib';
import { buildApp } from '../../main';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The shell blocks of the README section that starts with `heading`. */
function shellOf(heading: string): string {
  const at = README.indexOf(`\n${heading}`);
  if (at < 0) throw new Error(`no section ${heading}`);
  const end = README.indexOf('\n## ', at + 1);
  const section = README.slice(at, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
}

const SECTIONS: [string, string][] = [
  ['minikube', '## Run it on minikube'],
  ['jeg-lab', '## Seed 004 →'],
  ['gke', '## Seed 003 →'],
  ['daskhub', '## Seed 002 →'],
  ['carvel', '## Seed 000 →'],
];

describe('the cluster recipes enforce NetworkPolicy', () => {
  test('minikube starts with a policy-enforcing CNI (Calico)', () => {
    expect(shellOf('## Run it on minikube')).toMatch(/^minikube start --cni=calico\b/m);
  });

  test('GKE: Dataplane V2', () => {
    expect(shellOf('## Seed 003 →')).toMatch(/^gcloud container clusters create .*--enable-dataplane-v2\b/m);
  });

  test('AKS: --network-policy', () => {
    expect(shellOf('## Seed 002 →')).toMatch(/^az aks create .*--network-policy \w+/m);
  });
});

describe.each(SECTIONS)('%s: the live self-test is the step after the install', (chart, heading) => {
  const check = () => {
    const app = buildApp(fs.mkdtempSync(path.join(os.tmpdir(), 'isolation-docs-')));
    return app.charts.find((c): c is IsolationSelfTest => c.node.id === `${chart}.check`)!;
  };

  test('kubectl apply -f dist/<chart>.check.k8s.yaml, then the wait command', () => {
    const sh = shellOf(heading);
    // The Carvel package's check has no namespaces: the README applies it to the install's (team-a).
    const ns = chart === 'carvel' ? ' -n team-a' : '';
    const apply = sh.indexOf(`kubectl apply${ns} -f dist/${chart}.check.k8s.yaml`);
    expect(apply).toBeGreaterThan(-1);
    const wait = check().waitCommand.replace('kubectl wait', `kubectl wait${ns}`);
    expect(sh.indexOf(wait, apply)).toBeGreaterThan(apply);
  });
});
