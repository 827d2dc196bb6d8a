/**
 * Install-time values reach each generated file escaped for that file (issue 21, item 12): a
 * package value of an open format (any text) in the hub's config, a JSON file and plain YAML,
 * rendered with hostile values by the ytt emulation (test/carvel/ytt-emulation.ts; real ytt and
 * kapp-controller stay untested in CI), then run by Debian's python3, parsed as JSON and as
 * YAML. Where the package cannot escape a value (a shell script, another file format, Python
 * code), an open value is refused when the bundle is written.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { CarvelPackage, Hub, PackageValue, PackageValueFormat, Proxy, synthesize } from '../../lib';
import { yttTemplate } from '../../lib/carvel/ytt-templates';
import { KUBESPAWNER_PLACEHOLDERS } from '../../lib/users/kubespawner-template';
import { anyLogin } from '../util';
import { headerFunctions, kappControllerValues, render } from './ytt-emulation';

const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const HOSTILE = [
  'plain text',
  'a "double" and a \'single\' quote and a `backtick`',
  'back\\slash, \\n, \\" and a trailing backslash \\',
  'line\nbreaks\r\nand\ta tab',
  'triple """ and \'\'\' quotes',
  '{braces} {{doubled}} {username} { unbalanced',
  'non-ASCII: Grüße, 日本語, 😀, NEL \u0085',
  'line separators \u2028 and \u2029',
  '"); import os; os.system("id"); ("',
  "'''; import os #",
  '</script> & <b> ${HOME} $(id) %s %(x)s',
  '',
];

const greeting = () =>
  PackageValue.stringValue('greeting', {
    description: 'Any text',
    defaultValue: 'hello',
    format: PackageValueFormat.any(),
  });

const EXTRA_CONFIG = (p: string) =>
  [
    `# A comment that holds the value: ${p}`,
    `greeting_dq = "${p}"`,
    `greeting_sq = '${p}'`,
    `greeting_tdq = """<${p}>"""`,
    `greeting_tsq = '''${p}'''`,
    `greeting_u = u"${p}"`,
    `c.KubeSpawner.environment.update({"FROM_EXTRA_CONFIG": "${p}"})`,
  ].join('\n');

/** A chart whose hub config, a JSON file and YAML fields take an open-format value. */
function packageDir(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'carvel-escaping-'));
  const app = new App({ outdir });
  const chart = new Chart(app, 'pkg', { disableResourceNameHashes: true });
  const v = greeting();
  const p = v.placeholder;
  const hub = new Hub(chart, 'hub', {
    authenticator: anyLogin(),
    singleUser: {
      extraEnv: { GREETING: p, BRACED: `{${p}}` },
      profiles: [{ slug: 'default', displayName: p, default: true, env: { PROFILE_GREETING: p } }],
    },
    extraConfig: EXTRA_CONFIG(p),
  });
  hub.addIntegration(new Proxy(chart, 'proxy'));
  new ApiObject(chart, 'settings', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', annotations: { greeting: p } },
    data: { 'settings.json': JSON.stringify({ greeting: p, list: [`<${p}>`] }, null, 2), 'greeting.txt': `${p}\n` },
  });
  new CarvelPackage(chart, 'package', {
    packageName: 'escaping.example.org',
    version: '1.0.0',
    values: [v],
    bundleRepository: 'registry.example.org/escaping',
    repositoryBundleRepository: 'registry.example.org/escaping-repo',
    displayName: 'Escaping',
    shortDescription: 'Hostile values',
  });
  synthesize(app);
  return outdir;
}

let outdir: string;
let template: string;
beforeAll(() => {
  outdir = packageDir();
  template = fs.readFileSync(path.join(outdir, 'pkg', 'bundle', 'config', 'pkg.yaml'), 'utf8');
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

type Obj = { kind: string; metadata: { name: string; annotations?: { [k: string]: string } }; data?: any };
/** The objects for `value`, read as YAML 1.2 and as YAML 1.1 (kubectl's and ytt's reading), which must agree. */
const installed = (value: string): Obj[] => {
  const text = render(template, kappControllerValues('team-a', { greeting: value }));
  const read = (version: '1.1' | '1.2') =>
    YAML.parseAllDocuments(text, { version }).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS();
    });
  const objs = read('1.2');
  expect(read('1.1')).toEqual(objs);
  return objs;
};
const configMap = (objs: Obj[], name: string) => objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)!;

test('the template is printable ASCII and defines the escaping functions it calls', () => {
  expect(template).toMatch(/^[\x20-\x7e\n]*$/);
  expect(headerFunctions(template)).toEqual([
    'escape_json: json.encode(s)[1:-1]',
    'escape_py_single: escape_json(s).replace("\'", "\\\\\'")',
    'kubespawner_literal: s.replace("{", "{{").replace("}", "}}")',
  ]);
  expect(template).toContain('#@ load("@ytt:json", "json")');
});

test('with hostile values, jupyterhub_config.py compiles and runs, and every string holds the value exactly', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carvel-hostile-'));
  try {
    HOSTILE.forEach((value, i) => {
      const config = configMap(installed(value), 'hub-config').data['jupyterhub_config.py'];
      fs.writeFileSync(path.join(dir, `${i}.py`), config, 'utf8');
    });
    // KubeSpawner expands its traits' strings with str.format (users/kubespawner-template.ts): expand as it does.
    const program = `
import json, sys
class Section(dict):
    def __getattr__(self, k):
        return self.setdefault(k, Section())
    def __setattr__(self, k, v):
        self[k] = v
ns = {name: "<" + name + ">" for name in json.loads(sys.argv[2])}
out = []
for i in range(int(sys.argv[3])):
    path = "%s/%d.py" % (sys.argv[1], i)
    source = open(path, encoding="utf-8").read()
    code = compile(source, path, "exec")
    c = Section()
    g = {"get_config": lambda: c}
    exec(code, g)
    env = c.KubeSpawner.environment
    override = c.KubeSpawner.profile_list[0]["kubespawner_override"]["environment"]
    out.append({
        "env": {k: v.format(**ns) for k, v in env.items()},
        "profile_env": {k: v.format(**ns) for k, v in override.items()},
        "display_name": c.KubeSpawner.profile_list[0]["display_name"],
        "globals": {k: v for k, v in g.items() if k.startswith("greeting_")},
    })
print(json.dumps(out))
`;
    const r = spawnSync(
      PYTHON,
      ['-c', program, dir, JSON.stringify(KUBESPAWNER_PLACEHOLDERS), String(HOSTILE.length)],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    const results = JSON.parse(r.stdout);
    HOSTILE.forEach((value, i) => {
      expect({ value, ...results[i] }).toEqual({
        value,
        env: expect.objectContaining({ GREETING: value, BRACED: `{${value}}`, FROM_EXTRA_CONFIG: value }),
        profile_env: { PROFILE_GREETING: value },
        display_name: value,
        globals: {
          greeting_dq: value,
          greeting_sq: value,
          greeting_tdq: `<${value}>`,
          greeting_tsq: value,
          greeting_u: value,
        },
      });
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('with hostile values, the JSON file parses to the value and the YAML fields hold it', () => {
  for (const value of HOSTILE) {
    const settings = configMap(installed(value), 'settings');
    expect(JSON.parse(settings.data['settings.json'])).toEqual({ greeting: value, list: [`<${value}>`] });
    expect(settings.data['greeting.txt']).toBe(`${value}\n`);
    expect(settings.metadata.annotations).toEqual({ greeting: value });
  }
});

describe('where the package cannot escape an open value, the bundle is refused', () => {
  const any = greeting();
  const plain = PackageValue.stringValue('team', {
    description: 'A team',
    defaultValue: 'a',
    format: PackageValueFormat.dnsLabel(),
  });
  const file = (name: string, text: string) => [{ kind: 'ConfigMap', metadata: { name: 'x' }, data: { [name]: text } }];
  const script = (p: string) => [
    {
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: { template: { spec: { containers: [{ name: 'x', command: ['sh', '-c', `echo ${p}`] }] } } },
    },
  ];
  test.each([
    ['a shell script in a container command', script(any.placeholder), /a script/],
    ['an nginx config file', file('nginx.conf', `server_name ${any.placeholder};`), /nginx\.conf/],
    ['a Jinja template', file('kernel-pod.yaml.j2', `name: ${any.placeholder}`), /kernel-pod\.yaml\.j2/],
    ['Python code', file('x.py', `x = ${any.placeholder}`), /Python code/],
    ['a raw Python string', file('x.py', `x = r"${any.placeholder}"`), /raw, bytes or f-string/],
    ['a Python f-string', file('x.py', `x = f"{y}${any.placeholder}"`), /raw, bytes or f-string/],
    [
      'a script inside the hub config',
      file('x.py', `c.KubeSpawner.init_containers = [{"command": ["sh", "-c", "echo ${any.placeholder}"]}]`),
      /a script/,
    ],
    ['JSON outside a string', file('x.json', `{"a": ${any.placeholder}}`), /JSON outside a string/],
  ])('an open value in %s', (_where, objects, message) => {
    expect(() => yttTemplate(objects, [any], 'x.yaml')).toThrow(/^Invalid 'values\.greeting'/);
    expect(() => yttTemplate(objects, [any], 'x.yaml')).toThrow(message);
  });

  test('a value of a plain format (a DNS label) may be anywhere', () => {
    const text = yttTemplate(
      [...script(plain.placeholder), ...file('nginx.conf', `server_name ${plain.placeholder}.example.org;`)],
      [plain],
      'x.yaml',
    );
    expect(text).toContain('"echo " + data.values.team');
    expect(text).toContain('"server_name " + data.values.team + ".example.org;"');
  });
});
