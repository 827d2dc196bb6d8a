/**
 * Issue 20, item 2: every pod template in `dist/` complies with Pod Security `restricted`, and
 * every namespaced workload lands in a namespace that enforces it: a Namespace of the same file
 * labelled `restricted`, or no namespace (minikube, carvel: the namespace is the user's, and the
 * README gives the `kubectl label namespace` step). `dist/` is written as `npm run synth` writes
 * it (`synthesize(buildApp(outdir))`), the Carvel package's ytt template included.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { synthesize } from '../lib';
import { buildApp } from '../main';
import { checkPodSecurity, podSpecOf } from './core/pod-security-standards';

type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: any }; [k: string]: any };

let outdir: string;
const files: { [file: string]: Obj[] } = {};

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-psa-'));
  synthesize(buildApp(outdir));
  for (const f of (fs.readdirSync(outdir, { recursive: true }) as string[]).sort()) {
    if (!/\.ya?ml$/.test(f)) continue;
    // ytt's `#@` annotations are YAML comments: the objects parse as they are.
    files[f] = YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8'))
      .map((d) => d.toJS())
      .filter((o): o is Obj => o !== null && typeof o === 'object' && 'kind' in o);
  }
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const templates = () =>
  Object.entries(files).flatMap(([file, objs]) =>
    objs
      .filter((o) => podSpecOf(o) !== undefined)
      .map((o) => ({ file, o, where: `${file}: ${o.kind}/${o.metadata.name}` })),
  );

test('dist/ has the pod templates of every chart', () => {
  const where = templates().map((t) => t.where);
  expect(where).toEqual(
    expect.arrayContaining([
      'minikube.k8s.yaml: Deployment/hub',
      'minikube.k8s.yaml: Deployment/proxy',
      'jeg-lab.k8s.yaml: Deployment/enterprise-gateway',
      'jeg-lab.k8s.yaml: DaemonSet/enterprise-gateway-kernel-puller',
      expect.stringMatching(/^jeg-lab\.k8s\.yaml: Job\/enterprise-gateway-token-init-/),
      'gke.k8s.yaml: Deployment/hub',
      'daskhub.k8s.yaml: Deployment/controller-dhub-dask-gateway',
      'daskhub.k8s.yaml: Deployment/traefik-dhub-dask-gateway',
      'carvel/bundle/config/carvel.yaml: Deployment/hub',
    ]),
  );
});

test('every pod template complies with restricted (v1.36)', () => {
  for (const { where, o } of templates())
    expect({ where, violations: checkPodSecurity('restricted', podSpecOf(o)!) }).toEqual({ where, violations: [] });
});

test('every namespaced workload is in a Namespace of its file that enforces restricted, or in none', () => {
  for (const { file, o, where } of templates()) {
    const ns = o.metadata.namespace;
    if (ns === undefined) {
      expect({ where, file }).toEqual({
        where,
        file: expect.stringMatching(/^(minikube\.k8s\.yaml|carvel\/|(minikube|carvel)\.check\.k8s\.yaml$)/),
      });
      continue;
    }
    // A chart's live self-test (`<chart>.check.k8s.yaml`) runs in the namespaces of its install.
    const install = files[file.replace(/\.check\.k8s\.yaml$/, '.k8s.yaml')];
    const namespace = install.find((x) => x.kind === 'Namespace' && x.metadata.name === ns);
    expect({ where, enforce: namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce'] }).toEqual({
      where,
      enforce: 'restricted',
    });
  }
});
