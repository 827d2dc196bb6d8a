/**
 * Runs a generated `dask_gateway_config.py`'s cluster options as the API server does
 * (dask-gateway 2026.3.0, `backends/base.py:94-99`: `parse_options`, `get_configuration`, then
 * `cluster_config_class(parent=self, **overrides)`), with the gateway's own option classes from
 * `test/fixtures/dask-gateway-server-2026.3.0`, and checks the settings against traits declared as
 * `KubeClusterConfig` declares them (`worker_cores`/`worker_cores_limit` a `Float(min=0)`,
 * `backends/kubernetes/backend.py:71-88`; `worker_threads` an `Integer(min=1)`,
 * `backends/base.py:282-300`, which the controller writes as `--nthreads`,
 * `backends/kubernetes/controller.py:1060-1061`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'dask-gateway-server-2026.3.0');

/** Debian's python3 with traitlets, or undefined (the tests then skip). */
export const PYTHON: string | undefined = ['/usr/bin/python3', 'python3'].find(
  (p) => spawnSync(p, ['-c', 'import traitlets'], { stdio: 'ignore' }).status === 0,
);

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
from traitlets import Float, HasTraits, Integer, default, validate
from traitlets.config import Config

class ClusterSettings(HasTraits):
    """The traits of KubeClusterConfig the cores options set, declared as dask-gateway 2026.3.0 declares them."""
    worker_cores = Float(1, min=0)
    worker_cores_limit = Float(min=0)
    worker_threads = Integer(min=1, allow_none=True)

    @default("worker_threads")
    def _default_worker_threads(self):
        return max(int(self.worker_cores), 1)

    @validate("worker_threads")
    def _validate_worker_threads(self, proposal):
        if not proposal.value:
            return self._default_worker_threads()
        return proposal.value

c = Config()
exec(compile(open(sys.argv[2]).read(), sys.argv[2], "exec"), {"get_config": lambda: c})
opts = c.Backend.cluster_options
results = []
for request in json.loads(sys.argv[3]):
    try:
        settings = opts.get_configuration(opts.parse_options(request), None)
        cores = {k: settings[k] for k in ("worker_cores", "worker_cores_limit", "worker_threads") if k in settings}
        checked = ClusterSettings(**cores)
        results.append({
            "settings": settings,
            "nthreads": str(checked.worker_threads),
            "threadsType": type(settings.get("worker_threads")).__name__,
        })
    except Exception as e:
        results.append({"error": "%s: %s" % (type(e).__name__, e)})
print(json.dumps(results))
`;

/** What one request becomes. */
export interface ClusterOptionsResult {
  /** The handler's settings (the overrides of the cluster's config). */
  readonly settings?: { [key: string]: any };
  /** The `--nthreads` argument the controller would write for a worker. */
  readonly nthreads?: string;
  /** Python type of the `worker_threads` setting (`int`, or `NoneType` when not set). */
  readonly threadsType?: string;
  /** The gateway's refusal, `Type: message`. */
  readonly error?: string;
}

/** Runs the requests (the options a user sends) through the config's cluster options. */
export function runClusterOptions(config: string, requests: object[]): ClusterOptionsResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-options-'));
  try {
    const file = path.join(dir, 'dask_gateway_config.py');
    fs.writeFileSync(file, config);
    const r = spawnSync(PYTHON!, ['-c', SCRIPT, FIXTURES, file, JSON.stringify(requests)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
