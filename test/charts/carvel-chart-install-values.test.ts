/**
 * Seed 000's package at install time (issue 21, item 6): what a changed values file does to the
 * running hub, where the host's namespace comes from, and what the example values file says.
 * ytt and kapp-controller are played by test/carvel/ytt-emulation.ts (real ytt and
 * kapp-controller stay untested in CI).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { CarvelChart, synthesize } from '../../lib';
import { kappControllerValues, render } from '../carvel/ytt-emulation';

const USER_VALUES = {
  base_domain: 'apps.example.org',
  single_user_image: 'registry.example.org/team/notebook:2025.10',
  image_pull_secret: 'regsecret',
  login_username: 'jupyter',
  login_password: 'Sample-Password-Only-In-Test',
};
let outdir: string;
let dir: string;
const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
type Obj = { kind: string; metadata: { name: string; annotations?: { [k: string]: string } }; [k: string]: any };
const objects = (text: string): Obj[] =>
  YAML.parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((o) => o !== null);
/** The package's objects as kapp-controller would deploy them for a PackageInstall in `namespace`. */
const installed = (namespace: string, user: { [k: string]: unknown } = USER_VALUES): Obj[] =>
  objects(render(read('bundle/config/carvel.yaml'), kappControllerValues(namespace, user)));
const hubTemplate = (objs: Obj[]) =>
  objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'hub')!.spec.template;

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'carvel-install-'));
  const app = new App({ outdir });
  new CarvelChart(app, 'carvel');
  synthesize(app);
  dir = path.join(outdir, 'carvel');
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe('a changed values file rolls the hub', () => {
  const checksum = (objs: Obj[]) => hubTemplate(objs).metadata.annotations['checksum/config-map'];

  test('the config checksum is computed at install time from the values the hub config holds', () => {
    const before = checksum(installed('team-a'));
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(installed('team-a'))).toBe(before);
    for (const change of [
      { login_username: 'alice' },
      { single_user_image: 'registry.example.org/team/notebook:2025.11' },
      { image_pull_secret: 'other-secret' },
    ])
      expect({ change, checksum: checksum(installed('team-a', { ...USER_VALUES, ...change })) }).not.toEqual({
        change,
        checksum: before,
      });
    // The password is not in the config (nor hashed into an annotation anyone who reads Deployments can see).
    expect(checksum(installed('team-a', { ...USER_VALUES, login_password: 'Another-Password' }))).toBe(before);
  });

  test("the password's Secret is a kapp versioned object: a new password is a new Secret the hub's pod template names", () => {
    const template = read('bundle/config/carvel.yaml');
    const secret = installed('team-a').find((o) => o.kind === 'Secret' && o.metadata.name === 'jupyterhub-login')!;
    // kapp (pkg/kapp/diff/change_set_with_versioned_rs.go:16-18): a changed versioned object is
    // created as <name>-ver-<n+1>, and references to it in pod templates are rewritten.
    expect(secret.metadata.annotations).toEqual({ 'kapp.k14s.io/versioned': '', 'kapp.k14s.io/num-versions': '2' });
    // Only through references kapp's default template rules rewrite (pkg/kapp/config/default.go:415-432):
    // env valueFrom.secretKeyRef, envFrom.secretRef, imagePullSecrets, volumes' secret, of a Deployment's pod template.
    const spec = hubTemplate(installed('team-a')).spec;
    const refs = [...spec.containers, ...(spec.initContainers ?? [])].flatMap((c: any) =>
      (c.env ?? []).filter((e: any) => e.valueFrom?.secretKeyRef?.name === 'jupyterhub-login'),
    );
    expect(refs.map((e: any) => e.name)).toEqual(['HUB_SHARED_USER_PASSWORD']);
    expect(template.split('\n').filter((l) => /jupyterhub-login$/.test(l.trim()))).toEqual([
      '  name: jupyterhub-login',
      '                  name: jupyterhub-login',
    ]);
  });
});

describe('the install namespace comes from kapp-controller, not from the values file', () => {
  const pkg = () => objects(read('repository/packages/jupyter.tanzu.vmware.com/1.0.0.yaml'))[0];

  test("the Package's ytt step reads metadata.namespace through kapp-controller's downward API", () => {
    // pkg/template/downward_api_values.go:33-51,103-120: `name` is a dotted path into the data values.
    expect(pkg().spec.template.spec.template[0]).toEqual({
      ytt: {
        paths: ['config/'],
        valuesFrom: [
          { downwardAPI: { items: [{ name: 'kapp_controller.namespace', fieldPath: 'metadata.namespace' }] } },
        ],
      },
    });
  });

  test('the user schema and the example values have no namespace; the ytt schema declares the package-owned key', () => {
    expect(Object.keys(pkg().spec.valuesSchema.openAPIv3.properties)).not.toContain('namespace');
    expect(Object.keys(pkg().spec.valuesSchema.openAPIv3.properties)).not.toContain('kapp_controller');
    expect(YAML.parse(read('install/values.example.yaml'))).not.toHaveProperty('namespace');
    expect(read('bundle/config/values-schema.yaml')).toMatch(/^kapp_controller:\n(?:  #@.*\n)+  namespace: ""$/m);
  });

  test('the host names the namespace of the PackageInstall', () => {
    const fqdn = (objs: Obj[]) => objs.find((o) => o.kind === 'HTTPProxy')!.spec.virtualhost.fqdn;
    expect(fqdn(installed('team-a'))).toBe('jupyter-team-a.apps.example.org');
    expect(fqdn(installed('team-b'))).toBe('jupyter-team-b.apps.example.org');
    // A values file that still says `namespace:` is refused by the schema (it is no value any more).
    expect(read('bundle/config/values-schema.yaml')).not.toMatch(/^namespace:/m);
  });
});

test('the example values file says that an all-digit password must be quoted', () => {
  const example = read('install/values.example.yaml');
  expect(example).toMatch(/^# login_password: .*quote/im);
  expect(example).toMatch(/all-digit/);
});
