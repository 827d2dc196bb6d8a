/**
 * The trait check of a generated traitlets config file against the pinned programs, in Python:
 * the file is loaded by traitlets' own `PyFileConfigLoader` (as `jupyterhub -f` and
 * `dask-gateway-server -f` load it), every `c.<Class>.<trait>` it sets must be a trait of the
 * pinned program's dump (test/fixtures/traits-k8s-hub-4.4.0.json, traits-dask-gateway-server-2026.3.0.json),
 * and its value must pass a traitlets trait built from the trait's type in the enriched fixture
 * (test/fixtures/traits-enriched: element types, enum values, Union members). What it loaded is
 * read back as JSON (sets as sorted lists).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TraitKind } from '../lib/core/trait-table';

export const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const FIXTURES = path.join(__dirname, 'fixtures');
export const ENRICHED = path.join(FIXTURES, 'traits-enriched', 'traits-enriched.json');
const DUMPS = {
  hub: path.join(FIXTURES, 'traits-k8s-hub-4.4.0.json'),
  dask: path.join(FIXTURES, 'traits-dask-gateway-server-2026.3.0.json'),
};

const SCRIPT = String.raw`
import json, os, re, sys
from traitlets import (Any, Bool, Bytes, Callable, CaselessStrEnum, Dict, Enum, Float, HasTraits, Integer, List,
                       Set, TraitError, Tuple, Unicode, Union)
from traitlets.config.loader import PyFileConfigLoader

path, enriched_path, dump_path, part = sys.argv[1:5]
src = open(path).read()
for name in set(re.findall(r'os\.environ\["(\w+)"\]', src)):
    os.environ.setdefault(name, "from-a-secret")
enriched = json.load(open(enriched_path))[part]
dump = json.load(open(dump_path))["classes"]

def build(spec):
    t = spec["type"]
    if t == "Bool": return Bool()
    if t in ("Int", "Integer"): return Integer()
    if t == "Float": return Float()
    if t in ("Unicode", "URLPrefix", "UseEnum"): return Unicode()
    if t == "Bytes": return Bytes()
    # kubespawner.traitlets.ByteSpecification, dask_gateway_server.traitlets.MemoryLimit: bytes or '<n><unit>'
    if t in ("ByteSpecification", "MemoryLimit"): return Union([Integer(), Unicode()])
    if t == "Command": return Union([List(Unicode()), Unicode()])
    if t == "Enum": return Enum(spec["values"])
    if t == "CaselessStrEnum": return CaselessStrEnum(spec["values"])
    if t == "Tuple" and "elements" in spec: return Tuple(*[build(e) for e in spec["elements"]])
    if t in ("List", "Set", "Tuple"):
        cls = {"List": List, "Set": Set, "Tuple": List}[t]
        return cls(build(spec["element"])) if "element" in spec else cls()
    if t == "Dict":
        return Dict(value_trait=build(spec["value"]) if "value" in spec else None,
                    key_trait=build(spec["key"]) if "key" in spec else None)
    # A Callable member (KubeSpawner's profile_list) takes a function the config defines; Type members are refused by the library.
    if t == "Callable": return Callable()
    if t == "Union":
        return Union([build(m) for m in spec.get("members", []) if m["type"] not in ("Type", "?")])
    return Any()

def plain(v):
    if isinstance(v, (set, frozenset)): return sorted(plain(x) for x in v)
    if isinstance(v, (list, tuple)): return [plain(x) for x in v]
    if isinstance(v, dict): return {k: plain(x) for k, x in v.items()}
    if callable(v): return {"__callable__": v.__name__}
    return v

config = PyFileConfigLoader(os.path.basename(path), os.path.dirname(path)).load_config()
errors, values = [], {}
for cls in config:
    for trait, value in config[cls].items():
        if trait not in dump.get(cls, {}):
            errors.append(f"c.{cls}.{trait}: not a trait of the pinned program")
            continue
        spec = enriched.get(cls, {}).get(trait, {}).get("spec")
        if spec is not None:
            H = type("H", (HasTraits,), {"x": build(spec)})
            try:
                H(x=value)
            except TraitError as e:
                errors.append(f"c.{cls}.{trait} = {value!r}: {str(e).splitlines()[0]}")
        values.setdefault(cls, {})[trait] = plain(value)
print(json.dumps({"errors": errors, "values": values}))
`;

/** What Python made of a config: the trait check's errors and the values it loaded. */
export interface TraitCheck {
  readonly errors: string[];
  readonly values: { [cls: string]: { [trait: string]: unknown } };
}

/** Loads `config` in Python and checks each trait it sets (see the top of this file). */
export function checkTraitsInPython(config: string, part: 'hub' | 'dask'): TraitCheck {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trait-check-'));
  const file = path.join(dir, part === 'hub' ? 'jupyterhub_config.py' : 'dask_gateway_config.py');
  fs.writeFileSync(file, config);
  try {
    const out = execFileSync(PYTHON, ['-c', SCRIPT, file, ENRICHED, DUMPS[part], part], {
      encoding: 'utf8',
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir },
    });
    return JSON.parse(out.trim().split('\n').pop() as string);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A value of each kind (a raw form: JSON data of the trait's first form). */
export function sampleOf(kind: TraitKind, extra: readonly string[] = []): unknown {
  switch (kind) {
    case 'bool':
      return true;
    case 'int':
      return 7;
    case 'float':
      return 1.5;
    case 'bytes':
      return '2G';
    case 'enum':
    case 'caselessEnum':
      return extra[0];
    case 'strings':
      return extra.length > 0 ? Array.from({ length: Number(extra[0]) }, (_, i) => `s${i}`) : ['s0', 's1'];
    case 'stringSet':
      return ['b', 'a'];
    case 'stringMap':
      return { 'example.org/typed': 'yes' };
    case 'list':
      return [];
    case 'dict':
      return {};
    default:
      return 'sample';
  }
}
