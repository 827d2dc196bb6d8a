/**
 * Enterprise Gateway 3.3.0's kernel launch, emulated with the real Jinja2 and PyYAML (Debian's
 * python3-jinja2 and python3-yaml): how `launch_kubernetes.py` turns a launch environment into
 * the kernel pod, with the same variables, Environment options, parse and kind checks.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import jinja2, yaml; print(jinja2.__version__)'], { encoding: 'utf8' });
export const JINJA = probe.status === 0 ? probe.stdout.trim() : undefined;
export const MISSING = `${PYTHON} with jinja2 and yaml is missing (apt-get install -y python3-jinja2 python3-yaml)`;
if (!JINJA && process.env.CI !== 'true') console.log(`${MISSING}: the kernel pod template rendering tests are skipped`);

/**
 * Renders like the launcher: same variables, same Environment options, same parse and checks.
 * (The launcher also registers a `yaml_safe` filter; the template uses only Jinja2's built-in
 * `tojson`, so it is left out here: a template that used it would fail to render in this test.)
 * Reads {"dir", "cases": [env, ...]} on stdin; prints one result per case.
 */
const RENDER = `
import json, sys
import yaml
from jinja2 import Environment, FileSystemLoader, meta, select_autoescape

YAML_LISTS = {"KERNEL_VOLUMES", "KERNEL_VOLUME_MOUNTS"}
KINDS = {"Pod", "Secret", "PersistentVolumeClaim", "PersistentVolume", "Service", "ConfigMap"}
NAME = "/kernel-pod.yaml.j2"

job = json.load(sys.stdin)
jenv = Environment(
    loader=FileSystemLoader(job["dir"]),
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=select_autoescape(disabled_extensions=("j2", "yaml"), default_for_string=True, default=True),
)
source = jenv.loader.get_source(jenv, NAME)[0]
variables = sorted(meta.find_undeclared_variables(jenv.parse(source)))


def launch(env):
    keywords = {}
    for name, value in env.items():
        if not name.startswith("KERNEL_"):
            continue
        if name in YAML_LISTS:
            parsed = yaml.safe_load(value)
            if not isinstance(parsed, list) or not all(isinstance(i, dict) for i in parsed):
                return {"error": "launcher exits: %s is not a YAML list of mappings" % name}
            keywords[name.lower()] = parsed
        else:
            keywords[name.lower()] = value
    try:
        text = jenv.get_template(NAME).render(**keywords)
    except Exception as e:
        return {"error": "%s: %s" % (type(e).__name__, e)}
    docs = [d for d in yaml.safe_load_all(text) if d]
    kinds = [d.get("kind") for d in docs]
    if any(k not in KINDS for k in kinds) or any(kinds.count(k) > 1 for k in kinds):
        return {"error": "launcher exits: kinds %s" % kinds}
    for d in docs:
        if d["kind"] == "Pod":
            c = d["spec"]["containers"][0]
            stanza = c.get("env") or []
            seen = set()
            for item in stanza:
                if item.get("name") in env:
                    item["value"] = env[item["name"]]
                    seen.add(item["name"])
            stanza += [{"name": k, "value": v} for k, v in env.items() if k not in seen]
            c["env"] = stanza
    return {"text": text, "docs": docs}


print(json.dumps({"variables": variables, "results": [launch(env) for env in job["cases"]]}))
`;

export type Env = { [name: string]: string };
export type Result = { text?: string; docs?: any[]; error?: string };

export function render(template: string, cases: Env[]): { variables: string[]; results: Result[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kernel-pod-'));
  fs.writeFileSync(path.join(dir, 'kernel-pod.yaml.j2'), template);
  const r = spawnSync(PYTHON, ['-c', RENDER], { input: JSON.stringify({ dir, cases }), encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`rendering failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
