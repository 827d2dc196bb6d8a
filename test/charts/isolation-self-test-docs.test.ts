/**
 * The seed pages' cluster recipes (docs/<chart>.md) enforce NetworkPolicy (the isolation of users, kernels and Dask
 * workers is NetworkPolicy's), and the step after every install is the chart's live self-test:
 * `kubectl apply -f dist/<chart>.check.k8s.yaml` and the wait command the construct states.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IsolationSelfTest } from '../../lib';
import { buildApp } from '../../main';
import { docSection } from '../doc-blocks';

const ROOT = path.join(__dirname, '..', '..');

/** The shell blocks of a chart's page in docs/ (of its section `heading`, if given). */
function shellOf(page: string, heading?: string): string {
  const section = docSection(ROOT, page, heading);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
}

const SECTIONS: [string, string, string | undefined][] = [
  ['minikube', 'docs/minikube.md', '## Run it on minikube'],
  ['jeg-lab', 'docs/jeg-lab.md', undefined],
  ['gke', 'docs/gke.md', undefined],
  ['daskhub', 'docs/daskhub.md', undefined],
  ['carvel', 'docs/carvel.md', undefined],
];

describe('the cluster recipes enforce NetworkPolicy', () => {
  test('minikube starts with a policy-enforcing CNI (Calico)', () => {
    expect(shellOf('docs/minikube.md', '## Run it on minikube')).toMatch(/^minikube start --cni=calico\b/m);
  });

  test('GKE: Dataplane V2', () => {
    expect(shellOf('docs/gke.md')).toMatch(/^gcloud container clusters create .*--enable-dataplane-v2\b/m);
  });

  test('AKS: --network-policy', () => {
    expect(shellOf('docs/daskhub.md')).toMatch(/^az aks create .*--network-policy \w+/m);
  });
});

describe.each(SECTIONS)('%s: the live self-test is the step after the install', (chart, page, heading) => {
  const check = () => {
    const app = buildApp(fs.mkdtempSync(path.join(os.tmpdir(), 'isolation-docs-')));
    return app.charts.find((c): c is IsolationSelfTest => c.node.id === `${chart}.check`)!;
  };

  test('kubectl apply -f dist/<chart>.check.k8s.yaml, then the wait command', () => {
    const sh = shellOf(page, heading);
    // The Carvel package's check has no namespaces: its page applies it to the install's (team-a).
    const ns = chart === 'carvel' ? ' -n team-a' : '';
    const apply = sh.indexOf(`kubectl apply${ns} -f dist/${chart}.check.k8s.yaml`);
    expect(apply).toBeGreaterThan(-1);
    const wait = check().waitCommand.replace('kubectl wait', `kubectl wait${ns}`);
    expect(sh.indexOf(wait, apply)).toBeGreaterThan(apply);
  });
});
