/**
 * The scheduler and worker pods Dask Gateway 2026.3.0's Kubernetes controller creates from a
 * generated `dask_gateway_config.py`, for the tests. The config is run as the API server runs it,
 * with the gateway's own option classes (`test/fixtures/dask-gateway-server-2026.3.0`); a user's
 * request becomes the cluster's config as `process_cluster_options` makes it
 * (`backends/base.py` 94-99: `parse_options`, `get_configuration`, then
 * `cluster_config_class(parent=self, **overrides)`, so the request's settings win over
 * `c.KubeClusterConfig`, which wins over `c.ClusterConfig`); the config travels in the DaskCluster
 * object (`backends/kubernetes/backend.py` 510-525, `config.to_dict()`), and the pod is built from
 * it as the controller's `make_pod` builds it (`backends/kubernetes/controller.py` 1094-1200): one
 * container with the credentials Secret mounted, `automountServiceAccountToken: false`, then
 * `*_extra_container_config` and `*_extra_pod_config` merged in with `merge_json_objects`
 * (`backends/kubernetes/utils.py` 208-240: dicts merged, lists appended, anything else replaced).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PodLike } from '../core/pod-security-standards';
import { PYTHON } from './cluster-options-runner';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'dask-gateway-server-2026.3.0');

const LOADER = `
import json, sys
sys.path.insert(0, sys.argv[1])
from traitlets.config import Config
c = Config()
exec(compile(open(sys.argv[2]).read(), sys.argv[2], "exec"), {"get_config": lambda: c})
opts = c.Backend.cluster_options
def section(name):
    return {k: v for k, v in c[name].items()} if name in c else {}
overrides = [opts.get_configuration(opts.parse_options(r), None) for r in json.loads(sys.argv[3])]
print(json.dumps({"cluster": section("ClusterConfig"), "kube": section("KubeClusterConfig"), "overrides": overrides}))
`;

/** The `KubeClusterConfig` trait defaults the pods depend on (`backends/kubernetes/backend.py` at 2026.3.0). */
const DEFAULTS: { [trait: string]: any } = {
  image: 'daskgateway/dask-gateway:latest',
  image_pull_policy: null,
  image_pull_secrets: [],
  scheduler_extra_container_config: {},
  scheduler_extra_pod_config: {},
  worker_extra_container_config: {},
  worker_extra_pod_config: {},
};

/** Each request's cluster config, as the controller reads it from the DaskCluster object. */
export function clusterConfigs(config: string, requests: object[]): { [trait: string]: any }[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-pods-'));
  const file = path.join(dir, 'dask_gateway_config.py');
  try {
    fs.writeFileSync(file, config);
    const out = JSON.parse(
      execFileSync(PYTHON ?? 'python3', ['-c', LOADER, FIXTURES, file, JSON.stringify(requests)], { encoding: 'utf8' }),
    );
    return out.overrides.map((o: object) => ({ ...DEFAULTS, ...out.cluster, ...out.kube, ...o }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const isDict = (v: unknown): v is { [k: string]: any } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `merge_json_objects(a, b)`: dicts merged preferring `b`, lists appended, anything else `b`. */
export function mergeJsonObjects(a: { [k: string]: any }, b: { [k: string]: any }): { [k: string]: any } {
  const out = { ...a };
  for (const [k, v] of Object.entries(b ?? {})) {
    if (k in out && isDict(out[k]) && isDict(v)) out[k] = mergeJsonObjects(out[k], v);
    else if (k in out && Array.isArray(out[k]) && Array.isArray(v)) out[k] = [...out[k], ...v];
    else out[k] = v;
  }
  return out;
}

/** The scheduler's (or a worker's) pod, as `make_pod` builds it from a cluster's config. */
export function makeDaskPod(config: { [trait: string]: any }, role: 'scheduler' | 'worker'): PodLike {
  const worker = role === 'worker';
  let container: { [k: string]: any } = {
    name: worker ? 'dask-worker' : 'dask-scheduler',
    image: config.image,
    volumeMounts: [{ name: 'dask-credentials', mountPath: '/etc/dask-credentials/', readOnly: true }],
    ports: [
      { name: 'scheduler', containerPort: 8786 },
      { name: 'dashboard', containerPort: 8787 },
      { name: 'api', containerPort: 8788 },
    ],
  };
  if (config.image_pull_policy) container.imagePullPolicy = config.image_pull_policy;
  if (!worker)
    container.readinessProbe = { httpGet: { port: 8788, path: '/api/health' }, periodSeconds: 5, failureThreshold: 3 };
  container = mergeJsonObjects(container, config[`${role}_extra_container_config`]);
  let spec: { [k: string]: any } = {
    containers: [container],
    volumes: [{ name: 'dask-credentials', secret: { secretName: 'dask-credentials-c0ffee' } }],
    restartPolicy: worker ? 'OnFailure' : 'Never',
    automountServiceAccountToken: false,
  };
  if (config.image_pull_secrets.length > 0) spec.imagePullSecrets = config.image_pull_secrets;
  spec = mergeJsonObjects(spec, config[`${role}_extra_pod_config`]);
  return { metadata: { annotations: {} }, spec };
}
