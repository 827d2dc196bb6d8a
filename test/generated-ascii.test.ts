/**
 * Generated programs stay data (issue 9, item 4): jupyterhub_config.py and kernel.json are
 * printable ASCII, so YAML 1.1 readers (kubectl, PyYAML: U+0085, U+2028 and U+2029 are line
 * breaks there), YAML 1.2 readers and Python all read the same text; literals handed to
 * KubeSpawner survive its `str.format` expansion; values nginx.conf cannot escape are refused.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { Authenticator, Hub, KernelSpec, Proxy, synthesize } from '../lib';
import { renderKernelJson } from '../lib/kernels/kernel-json';
import { KUBESPAWNER_PLACEHOLDERS, literalForKubeSpawner } from '../lib/users/kubespawner-template';
import { py, PySet, pyString } from '../lib/core/python';
import { checkNginxValue } from '../lib/front-door/nginx-values';

const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
/** PyYAML is the YAML 1.1 reader that breaks lines at U+0085/U+2028/U+2029, as kubectl's does. */
const PYYAML = spawnSync(PYTHON, ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;
if (!PYYAML)
  console.log(
    `PyYAML is not installed for ${PYTHON}: the PyYAML read-back checks are skipped (apt-get install python3-yaml)`,
  );
const withPyYaml = PYYAML ? test : test.skip;

/** Characters that YAML 1.1 or Python read differently, and others beyond ASCII. */
const NASTY = [
  'ad\u2028min',
  'x\u0085y',
  'p\u2029q',
  'caf\u00e9',
  'smile\u{1F600}',
  'del\u007f',
  'nul\u0000ctl\u001b',
  'q"uo\'te\\',
  'tab\there',
];
const PRINTABLE_ASCII = /^[\n\x20-\x7e]*$/;

function python(script: string, ...args: string[]): string {
  return execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', stdio: 'pipe' });
}

function tmpFile(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ascii-')), name);
  fs.writeFileSync(file, text);
  return file;
}

/** Loads every document of a YAML file with PyYAML (YAML 1.1) and returns them as JSON. */
function pyYamlLoadAll(file: string): any[] {
  return JSON.parse(
    python(
      'import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1], encoding="utf-8")))))',
      file,
    ),
  );
}

describe('py(): ASCII-only Python literals', () => {
  test.each(NASTY)('%j renders as printable ASCII and Python reads the original back', (s) => {
    const literal = pyString(s);
    expect(literal).toMatch(/^[\x20-\x7e]*$/);
    expect(py(s)).toBe(literal);
    const back = python('import ast, json, sys; print(json.dumps(ast.literal_eval(sys.argv[1])))', literal);
    expect(JSON.parse(back)).toBe(s);
  });

  test('U+0085, U+2028, U+2029 and characters beyond the BMP become \\u / \\U escapes', () => {
    expect(pyString('a\u0085b\u2028c\u2029d')).toBe('"a\\x85b\\u2028c\\u2029d"');
    expect(pyString('\u{1F600}')).toBe('"\\U0001f600"');
    expect(pyString('caf\u00e9')).toBe('"caf\\xe9"');
    // A lone surrogate stays one (JSON.stringify already escapes it).
    expect(pyString('\ud800')).toBe('"\\ud800"');
  });

  test('ASCII strings render exactly as before (JSON string syntax)', () => {
    for (const s of ['plain', 'q"uo\'te\\', 'tab\there\nline', '{username}', ''])
      expect(pyString(s)).toBe(JSON.stringify(s));
  });

  test('keys, set items and nested values are escaped too', () => {
    const literal = py({ 'k\u2028': ['v\u2029', { n: new PySet(['\u0085', 'b']) }] } as any);
    expect(literal).toMatch(/^[\x20-\x7e]*$/);
    expect(literal).toBe('{"k\\u2028": ["v\\u2029", {"n": {"b", "\\x85"}}]}');
  });
});

describe('jupyterhub_config.py with a user name containing U+2028', () => {
  const admin = 'ad\u2028min';
  const allowed = ['x\u0085y', 'p\u2029q', 'caf\u00e9', 'smile\u{1F600}'];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascii-synth-'));
  const app = new App({ outdir });
  const chart = new Chart(app, 'ascii', { disableResourceNameHashes: true });
  const hub = new Hub(chart, 'hub', {
    authenticator: Authenticator.dummy({ adminUsers: [admin], allowedUsers: allowed, allowOpenNetwork: true }),
  });
  hub.addIntegration(new Proxy(chart, 'proxy'));
  /** The file as the ConfigMap holds it in memory. */
  const configMap = (Testing.synth(chart) as any[]).find(
    (o) => o.kind === 'ConfigMap' && o.data?.['jupyterhub_config.py'] !== undefined,
  );
  const config: string = configMap.data['jupyterhub_config.py'];
  synthesize(app);
  const file = path.join(outdir, 'ascii.k8s.yaml');
  const yamlText = fs.readFileSync(file, 'utf8');

  /** The config text of the ConfigMap among parsed documents. */
  const configOf = (docs: any[]): string =>
    docs.find((o) => o?.kind === 'ConfigMap' && o.metadata?.name === configMap.metadata.name).data[
      'jupyterhub_config.py'
    ];

  test('(i) is pure printable ASCII, and so is the whole manifest', () => {
    expect(config).toMatch(PRINTABLE_ASCII);
    expect(yamlText).toMatch(PRINTABLE_ASCII);
    expect(config).toContain('\\u2028');
  });

  withPyYaml('the check is real: PyYAML breaks a line at a raw U+2028 in a block scalar', () => {
    const raw = tmpFile('raw.yaml', `data:\n  f: |\n    c.Authenticator.admin_users = {"${admin}"}\n`);
    expect(() => pyYamlLoadAll(raw)).toThrow();
  });

  withPyYaml('(ii) PyYAML (YAML 1.1) reads the synthesized manifest back to the exact same file text', () => {
    expect(configOf(pyYamlLoadAll(file))).toBe(config);
  });

  test('(ii) js-yaml (YAML 1.1 schema) and yaml (version 1.1, and 1.2) read the exact same file text', () => {
    expect(configOf(jsyaml.loadAll(yamlText, { schema: jsyaml.YAML11_SCHEMA }) as any[])).toBe(config);
    expect(configOf(YAML.parseAllDocuments(yamlText, { version: '1.1' }).map((d) => d.toJS()))).toBe(config);
    expect(configOf(YAML.parseAllDocuments(yamlText).map((d) => d.toJS()))).toBe(config);
  });

  test('(iii) Python parses the file and gets the original names back', () => {
    const script = [
      'import ast, json, sys',
      'tree = ast.parse(open(sys.argv[1], encoding="ascii").read())',
      'out = {}',
      'for node in tree.body:',
      '    if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) in ("c.Authenticator.admin_users", "c.Authenticator.allowed_users"):',
      '        out[ast.unparse(node.targets[0])] = list(ast.literal_eval(node.value))',
      'print(json.dumps(out))',
    ].join('\n');
    const got = JSON.parse(python(script, tmpFile('jupyterhub_config.py', config)));
    expect(got['c.Authenticator.admin_users']).toEqual([admin]);
    expect([...got['c.Authenticator.allowed_users']].sort()).toEqual([...allowed].sort());
  });
});

describe('kernel.json', () => {
  const model = {
    displayName: 'Py\u2028thon \u{1F40D} caf\u00e9',
    language: 'python',
    image: 'docker.io/elyra/kernel-py:3.2.3',
    debugger: true,
    env: { GREETING: 'x\u0085y\u2029z\u007f' },
    launcher: '/opt/kernel-launchers/py/launch_kubernetes.py',
  };

  test('is printable ASCII and parses (JSON.parse, Python json) to the original values', () => {
    const text = renderKernelJson(model);
    expect(text).toMatch(PRINTABLE_ASCII);
    expect(text).toContain('\\u2028');
    expect(text).toContain('\\ud83d\\udc0d');
    const parsed = JSON.parse(text);
    expect(parsed.display_name).toBe(model.displayName);
    expect(parsed.env.GREETING).toBe(model.env.GREETING);
    const back = JSON.parse(
      python(
        'import json, sys; print(json.dumps(json.load(open(sys.argv[1], encoding="ascii"))))',
        tmpFile('kernel.json', text),
      ),
    );
    expect(back).toEqual(parsed);
  });

  test('ASCII content renders exactly as JSON.stringify with two-space indent', () => {
    const ascii = { ...model, displayName: 'Python on Kubernetes', env: { A: 'b' } };
    expect(JSON.parse(renderKernelJson(ascii)).display_name).toBe('Python on Kubernetes');
    expect(renderKernelJson(ascii)).toMatch(/^\{\n {2}"display_name": "Python on Kubernetes",\n/);
  });

  withPyYaml('a KernelSpec ConfigMap reads back identically through PyYAML', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascii-kernel-'));
    const app = new App({ outdir });
    const spec = new KernelSpec(new Chart(app, 'kernels', { namespace: 'gw', disableResourceNameHashes: true }), 'k', {
      name: 'python',
      displayName: model.displayName,
      env: model.env,
    });
    synthesize(app);
    const file = path.join(outdir, 'kernels.k8s.yaml');
    expect(fs.readFileSync(file, 'utf8')).toMatch(PRINTABLE_ASCII);
    const docs = pyYamlLoadAll(file);
    expect(docs.find((o) => o.kind === 'ConfigMap').data['kernel.json']).toBe(spec.kernelJson);
  });
});

describe('literalForKubeSpawner', () => {
  /** KubeSpawner 7's `_expand_user_properties`, reduced to its formatting (real Python str.format). */
  const EXPAND = [
    'import json, sys',
    'ns = {name: name.upper() for name in json.loads(sys.argv[2])}',
    'ns["username"] = "ada"',
    'out = []',
    'for template in json.loads(sys.argv[1]):',
    '    try:',
    '        rendered = template.format(**ns)',
    '        if not template.endswith("-"):',
    '            rendered = rendered.rstrip("-")',
    '        out.append(rendered)',
    '    except Exception as e:',
    '        out.append("ERROR " + type(e).__name__)',
    'print(json.dumps(out))',
  ].join('\n');
  const expand = (templates: string[]): string[] =>
    JSON.parse(python(EXPAND, JSON.stringify(templates), JSON.stringify(KUBESPAWNER_PLACEHOLDERS)));

  const literals = [
    '{"debug": true}',
    '}{',
    '{{username}}',
    '{username}',
    'a}',
    '{',
    'x-{',
    '-}',
    'plain-',
    '',
    '{0.__class__}',
  ];

  test('the problem: literal braces make KubeSpawner fail or substitute', () => {
    expect(expand(['{"debug": true}', '}{', '{username}'])).toEqual(['ERROR KeyError', 'ERROR ValueError', 'ada']);
  });

  test('doubled braces expand back to exactly the literal', () => {
    expect(expand(literals.map(literalForKubeSpawner))).toEqual(literals);
    expect(literalForKubeSpawner('{"debug": true}')).toBe('{{"debug": true}}');
  });

  test('templates such as subPath keep their placeholders (not escaped)', () => {
    expect(expand(['{username}', '/home/nfs_share/claim/{username}', '/mnt/home-share/{username}'])).toEqual([
      'ada',
      '/home/nfs_share/claim/ada',
      '/mnt/home-share/ada',
    ]);
    // A template built from a literal prefix and a template suffix.
    expect(expand([`${literalForKubeSpawner('/exports/{odd}')}/{username}`])).toEqual(['/exports/{odd}/ada']);
  });
});

describe('checkNginxValue', () => {
  test.each(['hub.example.org', '*.example.org', 'example.org', 'xn--caf-dma.example', '10.0.0.1', '_'])(
    'accepts %j',
    (v) => {
      expect(checkNginxValue('host', v)).toBe(v);
    },
  );

  test.each([
    ['caf\u00e9.example', /non-ASCII character U\+00E9/],
    ['a\u2028b', /non-ASCII character U\+2028/],
    ['a\u0085b', /non-ASCII character U\+0085/],
    ['a\nb', /control character U\+000A/],
    ['a\u0000b', /control character U\+0000/],
    ['a\u007fb', /control character U\+007F/],
    ['a b', /contains a space/],
    ['a\tb', /control character U\+0009/],
    ['a;b', /contains ';'/],
    ['a{b', /contains '\{'/],
    ['a}b', /contains '\}'/],
    ['a"b', /contains '"'/],
    ["a'b", /contains '''/],
    ['$host', /contains '\$'/],
    ['a#b', /contains '#'/],
    ['a\\b', /contains '\\'/],
    ['', /must not be empty/],
  ])('refuses %j naming the prop', (v, why) => {
    expect(() => checkNginxValue('frontDoorOptions.host', v)).toThrow(/^Invalid 'frontDoorOptions\.host' /);
    expect(() => checkNginxValue('frontDoorOptions.host', v)).toThrow(why);
  });
});
