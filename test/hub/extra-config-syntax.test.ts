/**
 * Issue 21, item 10: `Hub.extraConfig` is Python appended to `jupyterhub_config.py`; a syntax
 * error in it stopped the hub at its start, long after synthesis. Two checks, each at its time:
 *
 * - at construction, always: brackets and quotes (every bracket closed by its own kind, every
 *   string closed, comments and strings, f-string fields included, read as Python reads them);
 * - at synthesis, where a `python3` is on the PATH: the text is compiled with Python's own
 *   `compile()` (nothing runs), which finds every other syntax error. Without a `python3`, the
 *   synthesis goes on with the first check only.
 *
 * Neither depends on time: the compile is one synchronous child process, waited for to its end.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Authenticator, Hub, Namespace, Proxy } from '../../lib';

function hubChart(extraConfig: string): Chart {
  const c = new Chart(new App(), 'c', { disableResourceNameHashes: true });
  const ns = new Namespace(c, 'course');
  const hub = new Hub(ns, 'hub', {
    authenticator: Authenticator.dummy({ adminUsers: ['admin'], allowOpenNetwork: true }),
    extraConfig,
  });
  hub.addIntegration(new Proxy(ns, 'proxy'));
  return c;
}
const construct = (extraConfig: string) => () => hubChart(extraConfig);
const synthesized = (extraConfig: string) => () => Testing.synth(hubChart(extraConfig));

const HAS_PYTHON = spawnSync('python3', ['-c', 'print("ok")'], { encoding: 'utf8' }).stdout?.trim() === 'ok';

describe('extraConfig: brackets and quotes, at construction', () => {
  test.each([
    [
      'an unclosed bracket',
      'c.JupyterHub.tornado_settings = dict(\n    cookie_options={"secure": True},\n',
      /line 1: '\(' is never closed/,
    ],
    [
      'a bracket closed by another kind',
      'c.KubeSpawner.args = ["--debug")',
      /line 1: '\)' does not close the '\[' of line 1/,
    ],
    ['a closer with no opener', 'c.KubeSpawner.cpu_limit = 2)', /line 1: '\)' closes nothing/],
    [
      'an unclosed string',
      'c.JupyterHub.template_vars = {"org": "Physics}',
      /line 1: the string that starts here is never closed/,
    ],
    [
      'a string closed on the next line',
      "c.Spawner.default_url = '/lab\n'",
      /line 1: the string that starts here is never closed/,
    ],
    [
      'an unclosed triple-quoted string',
      'c.JupyterHub.x = """one\ntwo\n',
      /line 1: the string that starts here is never closed/,
    ],
    ['a raw string ending in a backslash', "c.X.path = r'C:\\'", /line 1: the string that starts here is never closed/],
    ['a bracket left open in an f-string field', 'c.X.y = f"{d[1}"', /line 1: '\}' does not close the '\[' of line 1/],
  ])('%s is refused, with its line', (_what, source, message) => {
    expect(construct(source)).toThrow(/^Invalid 'extraConfig' \(/);
    expect(construct(source)).toThrow(message);
  });

  test.each([
    ['brackets and quotes inside strings and comments', 'c.X.a = "(["  # ) ] }\nc.X.b = \'"\'\nc.X.c = "\'"'],
    ['triple-quoted strings over lines', 'c.X.a = """ ( \' " \n ] """\nc.X.b = \'\'\'x\n"y"\'\'\''],
    ['escapes, raw strings and bytes', 'c.X.a = "a\\"b"\nc.X.b = r"\\d+\\""\nc.X.c = b\'\\x00\''],
    ['line continuations', 'c.X.a = 1 + \\\n    2'],
    [
      'f-strings with fields, nested quotes and doubled braces',
      "c.X.a = f\"{d['k']} {{literal}} {x:>{w}}\"\nc.X.b = F'{(1, 2)}'",
    ],
    ['a multi-line call', 'c.X.a = dict(\n    a=[1, 2],\n    b={"c": (3,)},\n)'],
  ])('%s pass', (_what, source) => {
    expect(construct(source)).not.toThrow();
  });
});

(HAS_PYTHON ? describe : describe.skip)('extraConfig: compiled by python3, at synthesis', () => {
  test.each([
    ['a doubled operator', 'c.JupyterHub.concurrent_spawn_limit = = 10'],
    ['a missing colon', 'if True\n    c.JupyterHub.x = 1'],
    ['a bad indentation', 'c.JupyterHub.x = 1\n    c.JupyterHub.y = 2'],
    ['a keyword as a name', 'c.JupyterHub.class = 1'],
  ])('%s: constructed, then refused at synthesis with its line', (_what, source) => {
    expect(construct(source)).not.toThrow();
    expect(synthesized(source)).toThrow(/Invalid 'extraConfig' \(.*\): line \d+: .*python3/);
  });

  test('valid Python synthesizes, and appears verbatim in the config', () => {
    const source = 'import json\nc.JupyterHub.template_vars = json.loads(\'{"org": "Physics"}\')';
    const objs = synthesized(source)();
    const config = objs.find((o: any) => o.kind === 'ConfigMap' && o.metadata.name === 'hub-config').data[
      'jupyterhub_config.py'
    ];
    expect(config).toContain(source);
  });

  test('nothing in extraConfig runs while it is compiled', () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'extra-config-')), 'ran');
    synthesized(`open(${JSON.stringify(marker)}, "w").write("x")`)();
    expect(fs.existsSync(marker)).toBe(false);
  });
});

describe('extraConfig without a python3 on the PATH', () => {
  const saved = process.env.PATH;
  beforeEach(() => {
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), 'no-python-'));
  });
  afterEach(() => {
    process.env.PATH = saved;
  });

  test('a syntax error that brackets and quotes do not show synthesizes (the construction check ran)', () => {
    expect(synthesized('c.JupyterHub.shutdown_on_logout = = True')).not.toThrow();
  });
});
