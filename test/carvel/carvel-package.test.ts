/**
 * Seed 000 as a Carvel package (issue 14): dist/carvel/ as synthesize() writes it. ytt itself is
 * not installable here, so the templates use only a few ytt constructs, and this test plays
 * ytt's and kapp-controller's part for them (test/carvel/ytt-emulation.ts): it renders sample
 * values the way the templates say, then validates the result strictly. The two schemas are
 * checked against each other, and the OpenAPI one with ajv.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import Ajv from 'ajv';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { CarvelChart, synthesize } from '../../lib';
import { kappControllerValues, render } from './ytt-emulation';

const CHECKERS = path.join(__dirname, '..', 'checkers');
/** The PackageInstall's namespace, which kapp-controller gives the templates. */
const INSTALL_NAMESPACE = 'team-a';
const SAMPLE = {
  base_domain: 'apps.example.org',
  single_user_image: 'registry.example.org/team/notebook:2025.10@sha256:' + 'a'.repeat(64),
  image_pull_secret: 'regsecret',
  login_username: 'jupyter',
  login_password: 'Sample-Password-Only-In-Test',
};
let outdir: string;
let dir: string;
const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
const docs = (rel: string) =>
  YAML.parseAllDocuments(read(rel))
    .map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS();
    })
    .filter((d) => d !== null);

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'carvel-'));
  const app = new App({ outdir });
  new CarvelChart(app, 'carvel');
  synthesize(app);
  dir = path.join(outdir, 'carvel');
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

function files(d: string): string[] {
  return fs
    .readdirSync(d, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name)) : [path.join(d, e.name)]))
    .sort();
}

test('the bundle layout kapp-controller and imgpkg expect', () => {
  expect(files(dir).map((f) => path.relative(dir, f))).toEqual([
    'bundle/.imgpkg/images.yml',
    'bundle/config/carvel.yaml',
    'bundle/config/values-schema.yaml',
    'install/package-install.yaml',
    'install/package-repository.yaml',
    'install/values.example.yaml',
    'repository/packages/jupyter.tanzu.vmware.com/1.0.0.yaml',
    'repository/packages/jupyter.tanzu.vmware.com/metadata.yaml',
  ]);
  const lock = docs('bundle/.imgpkg/images.yml')[0];
  expect(lock).toMatchObject({ apiVersion: 'imgpkg.carvel.dev/v1alpha1', kind: 'ImagesLock' });
  for (const i of lock.images) expect(i.annotations['kbld.carvel.dev/id']).toBe(i.image);
  expect(lock.images.map((i: { image: string }) => i.image)).toEqual([
    'quay.io/jupyterhub/configurable-http-proxy:5.2.0',
    'quay.io/jupyterhub/k8s-hub:4.4.0',
  ]);
});

test('every YAML file parses; the template objects have no namespace', () => {
  for (const f of files(dir)) {
    for (const d of YAML.parseAllDocuments(fs.readFileSync(f, 'utf8')))
      expect({ f, errors: d.errors }).toEqual({ f, errors: [] });
  }
  for (const o of docs('bundle/config/carvel.yaml')) expect(o.metadata.namespace).toBeUndefined();
});

/** The ytt schema read back into OpenAPI, independently of the generator: the derivation the agreement rests on. */
function openApiFromYtt(text: string): unknown {
  const properties: { [k: string]: unknown } = {};
  const required: string[] = [];
  let desc: string | undefined;
  let rules = '';
  const str = '"((?:[^"\\\\]|\\\\.)*)"';
  for (const line of text.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^#@schema\/desc (".*")$/.exec(line))) desc = JSON.parse(m[1]);
    else if ((m = /^#@schema\/validation (.*)$/.exec(line))) rules = m[1];
    else if ((m = /^([a-z][a-z0-9_]*): (.*)$/.exec(line))) {
      const dflt = JSON.parse(m[2]);
      const p: { [k: string]: unknown } = {
        type: typeof dflt === 'number' ? 'integer' : typeof dflt,
        description: desc,
      };
      const minLen = /(?:^|, )min_len=(\d+)/.exec(rules);
      // A string whose default "" its own min_len refuses has no default: the values file must give it.
      if (typeof dflt === 'string' && dflt === '' && minLen && Number(minLen[1]) > 0) required.push(m[1]);
      else p.default = dflt;
      if (minLen) p.minLength = Number(minLen[1]);
      const maxLen = /(?:^|, )max_len=(\d+)/.exec(rules);
      if (maxLen) p.maxLength = Number(maxLen[1]);
      const min = /(?:^|, )min=(-?\d+)/.exec(rules);
      if (min) p.minimum = Number(min[1]);
      const max = /(?:^|, )max=(-?\d+)/.exec(rules);
      if (max) p.maximum = Number(max[1]);
      const pos = new RegExp(`lambda v: regexp\\.match\\(${str}, v\\)`).exec(rules);
      if (pos) p.pattern = JSON.parse(`"${pos[1]}"`);
      const neg = new RegExp(`lambda v: not regexp\\.match\\(${str}, v\\)`).exec(rules);
      if (neg) p.not = { pattern: JSON.parse(`"${neg[1]}"`) };
      properties[m[1]] = p;
      desc = undefined;
      rules = '';
    }
  }
  return { type: 'object', additionalProperties: false, ...(required.length ? { required } : {}), properties };
}

describe('the values schemas', () => {
  const openApi = () => docs('repository/packages/jupyter.tanzu.vmware.com/1.0.0.yaml')[0].spec.valuesSchema.openAPIv3;

  test("the ytt data-values schema and the Package's OpenAPI schema agree (one derived from the other)", () => {
    const ytt = read('bundle/config/values-schema.yaml');
    expect(ytt).toMatch(/^#@data\/values-schema\n---\n/m);
    expect(ytt).not.toMatch(/any=True/);
    expect(openApiFromYtt(ytt)).toEqual(openApi());
    expect(Object.keys(openApi().properties).sort()).toEqual(Object.keys(SAMPLE).sort());
  });

  test('ajv accepts the sample values and the example values file (with a password and a domain added)', () => {
    const validate = new Ajv({ allErrors: true }).compile(openApi());
    expect(validate(SAMPLE)).toBe(true);
    const example = YAML.parse(read('install/values.example.yaml'));
    expect(example.login_password).toBeUndefined();
    expect(validate({ ...example, base_domain: 'apps.example.org', login_password: 'long-enough' })).toBe(true);
  });

  test.each([
    ['a wrong type', { base_domain: 5 }, /must be string/],
    ['an unpinned image', { single_user_image: 'quay.io/jupyter/scipy-notebook' }, /must match pattern/],
    ['the latest tag', { single_user_image: 'quay.io/jupyter/scipy-notebook:latest' }, /must NOT be valid/],
    ['a short password', { login_password: 'short' }, /must NOT have fewer than 8/],
    ['an unknown value', { admin: 'x' }, /must NOT have additional properties/],
    ['no password', { login_password: undefined }, /must have required property 'login_password'/],
  ])('the OpenAPI schema rejects %s', (_what, change, message) => {
    const validate = new Ajv({ allErrors: true }).compile(openApi());
    const values: { [k: string]: unknown } = { ...SAMPLE, ...change };
    for (const k of Object.keys(values)) if (values[k] === undefined) delete values[k];
    expect(validate(values)).toBe(false);
    expect(new Ajv().errorsText(validate.errors)).toMatch(message);
  });
});

/** ytt's and kapp-controller's part (test/carvel/ytt-emulation.ts), for a PackageInstall in INSTALL_NAMESPACE. */
function substitute(template: string, values: { [k: string]: unknown }): string {
  return render(template, kappControllerValues(INSTALL_NAMESPACE, values));
}

describe('the package objects, validated strictly (test/checkers/validate.mjs)', () => {
  function validate(version: string, models: string, ...args: string[]): { status: number | null; out: string } {
    const r = spawnSync(
      process.execPath,
      [path.join(CHECKERS, 'validate.mjs'), '--models', models, '--k8s-version', version, ...args],
      { encoding: 'utf8', cwd: path.join(__dirname, '..', '..') },
    );
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  }

  test.each([
    ['1.27', 'k8s-1.27'],
    ['1.36', 'k8s-1.36'],
  ])(
    "on Kubernetes %s: the templates with sample values (HTTPProxy with Contour's CRD), install/ with kapp-controller's CRDs",
    (version, models) => {
      const rendered = path.join(outdir, `rendered-${version}.yaml`);
      fs.writeFileSync(rendered, substitute(read('bundle/config/carvel.yaml'), SAMPLE));
      const r = validate(
        version,
        models,
        '--crd',
        'crds/contour-v1.33.6-httpproxy.yaml',
        '--crd',
        'crds/kapp-controller-v0.53.1-packaging.yaml',
        rendered,
        path.join(dir, 'install', 'package-repository.yaml'),
        path.join(dir, 'install', 'package-install.yaml'),
      );
      expect(r.out).toMatch(/^\d+ objects, 0 invalid$/m);
      expect(r.status).toBe(0);
    },
  );

  test('lint of the rendered templates: only the expected findings', () => {
    const rendered = path.join(outdir, 'rendered-lint.yaml');
    fs.writeFileSync(rendered, substitute(read('bundle/config/carvel.yaml'), SAMPLE));
    const r = spawnSync(process.execPath, [path.join(CHECKERS, 'lint.mjs'), rendered], { encoding: 'utf8' });
    // The password Secret holds the value only after ytt ran in the cluster (dist/ holds `#@ data.values.login_password`);
    // user servers are pods KubeSpawner makes at run time.
    expect(r.stdout.split('\n').filter((l) => l.startsWith('error '))).toEqual([
      'error secret-data Secret/jupyterhub-login: carries password in a plain manifest',
      'error netpol-selector NetworkPolicy/singleuser: podSelector app=jupyterhub,component=singleuser-server,release=jupyterhub matches no pod template in the set',
    ]);
  });

  test('the rendered templates carry the values where the placeholders were', () => {
    const objs = YAML.parseAllDocuments(substitute(read('bundle/config/carvel.yaml'), SAMPLE))
      .map((d) => d.toJS())
      .filter(Boolean);
    const route = objs.find((o) => o.kind === 'HTTPProxy');
    expect(route.spec.virtualhost.fqdn).toBe('jupyter-team-a.apps.example.org');
    expect(route.spec.routes[0].services).toEqual([{ name: 'proxy-public', port: 80 }]);
    expect(route.spec.routes[0].enableWebsockets).toBe(true);
    expect(objs.find((o) => o.kind === 'Secret' && o.metadata.name === 'jupyterhub-login').stringData).toEqual({
      password: SAMPLE.login_password,
    });
    const config: string = objs.find((o) => o.kind === 'ConfigMap' && o.data?.['jupyterhub_config.py']).data[
      'jupyterhub_config.py'
    ];
    expect(config).toContain(SAMPLE.single_user_image);
    expect(config).toContain(`["${SAMPLE.image_pull_secret}"]`);
    expect(config).toContain(`{"${SAMPLE.login_username}"}`);
    expect(config).toContain('SharedPasswordAuthenticator');
    expect(config).not.toContain(SAMPLE.login_password);
    expect(JSON.stringify(objs)).not.toMatch(/pkgvalue/);
  });

  test("Package and PackageMetadata validate against the JSON schema written from kapp-controller v0.53.1's Go types", () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'carvel', 'datapackaging-v1alpha1.schema.json'), 'utf8'),
    );
    const v = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const objs = [
      ...docs('repository/packages/jupyter.tanzu.vmware.com/1.0.0.yaml'),
      ...docs('repository/packages/jupyter.tanzu.vmware.com/metadata.yaml'),
    ];
    expect(objs.map((o) => o.kind)).toEqual(['Package', 'PackageMetadata']);
    for (const o of objs)
      expect({ kind: o.kind, errors: v(o) ? null : v.errors }).toEqual({ kind: o.kind, errors: null });
    const pkg = objs[0];
    expect(pkg.spec.template.spec).toEqual({
      fetch: [{ imgpkgBundle: { image: 'registry.example.org/jupyterhub/jupyter-package-content:1.0.0' } }],
      template: [
        {
          ytt: {
            paths: ['config/'],
            valuesFrom: [
              { downwardAPI: { items: [{ name: 'kapp_controller.namespace', fieldPath: 'metadata.namespace' }] } },
            ],
          },
        },
        { kbld: { paths: ['.imgpkg/images.yml', '-'] } },
      ],
      deploy: [{ kapp: {} }],
    });
    // The schema is strict: a misspelt field is refused.
    expect(v({ ...pkg, spec: { ...pkg.spec, valueSchema: {} } })).toBe(false);
  });
});

test('no password or token in clear text in dist/carvel: only the placeholder-free template expression', () => {
  const all = files(dir)
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
  expect(all).not.toMatch(/jupyter123|login_password: "[^"]/);
  expect(read('bundle/config/carvel.yaml')).toMatch(/^ {2}password: #@ data\.values\.login_password$/m);
  expect(read('bundle/config/values-schema.yaml')).toMatch(/^login_password: ""$/m);
  for (const o of docs('bundle/config/carvel.yaml').filter((x) => x.kind === 'Secret')) {
    expect(o.data).toBeUndefined();
    for (const v of Object.values(o.stringData ?? {})) expect(v).toBeNull();
  }
});
