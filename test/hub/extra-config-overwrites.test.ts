/**
 * Issue 22: `extraConfig` is the last resort, read at synthesis with Python's `ast` (where a
 * python3 is on the PATH; else by a scan of its top-level lines). An assignment in it that
 * replaces a trait the rest of the config sets is refused, naming its line, the prop that owns the
 * trait and the typed way: `c.KubeSpawner.extra_labels = {...}` used to drop the hub-access label
 * (`hub.jupyter.org/network-access-hub`), so the user servers could no longer reach the hub.
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
const synthesized = (extraConfig: string) => () => Testing.synth(hubChart(extraConfig));

const HAS_PYTHON = spawnSync('python3', ['-c', 'print("ok")'], { encoding: 'utf8' }).stdout?.trim() === 'ok';

const LABELS = 'c.KubeSpawner.extra_labels = {"team": "geo"}';
const LABELS_REFUSED =
  /Invalid 'extraConfig' \('c\.KubeSpawner\.extra_labels = \{"team": "geo"\}'\): line 2: c\.KubeSpawner\.extra_labels = replaces what the config sets in c\.KubeSpawner\.extra_labels \(from 'the Hub \(the hub\.jupyter\.org\/network-access-hub label its NetworkPolicy admits\)'\): give yours with 'traits\.kubeSpawner\.extraLabels' \(merged with the library's\)/;

function cases(): void {
  test('an assignment that would drop the hub-access label is refused, with the typed prop that merges', () => {
    expect(synthesized(`import os\n${LABELS}`)).toThrow(LABELS_REFUSED);
  });

  test('an assignment of a trait a typed prop owns is refused, naming the prop', () => {
    expect(synthesized('c.KubeSpawner.image = "example.org/lab:1"')).toThrow(
      /line 1: c\.KubeSpawner\.image = replaces what the config sets in c\.KubeSpawner\.image \(from 'singleUser\.image'\): set it with 'singleUser\.image'/,
    );
  });

  test('an assignment on a class of the same family (Spawner, Authenticator) counts too', () => {
    expect(synthesized('c.DummyAuthenticator.admin_users = {"eve"}')).toThrow(
      /c\.DummyAuthenticator\.admin_users = replaces what the config sets in c\.Authenticator\.admin_users \(from 'authenticator\.adminUsers'\)/,
    );
  });

  test('a trait the config does not set, and a mutation of one it sets, synthesize', () => {
    expect(
      synthesized('c.JupyterHub.shutdown_on_logout = True\nc.KubeSpawner.extra_labels.update({"team": "geo"})'),
    ).not.toThrow();
  });
}

(HAS_PYTHON ? describe : describe.skip)("extraConfig read by python3's ast, at synthesis", () => {
  cases();

  test('an assignment inside a block or a tuple target is found by the ast', () => {
    expect(synthesized('if True:\n    c.KubeSpawner.cmd = ["bash"]')).toThrow(/line 2: c\.KubeSpawner\.cmd = /);
    expect(synthesized('c.KubeSpawner.uid, c.X.y = 0, 1')).toThrow(/line 1: c\.KubeSpawner\.uid = /);
  });

  test('an assignment in a string is not one', () => {
    expect(synthesized('note = """\nc.KubeSpawner.image = "x"\n"""')).not.toThrow();
  });
});

describe('extraConfig without a python3 on the PATH: its top-level lines are scanned', () => {
  const saved = process.env.PATH;
  beforeEach(() => {
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), 'no-python-'));
  });
  afterEach(() => {
    process.env.PATH = saved;
  });
  cases();
});
