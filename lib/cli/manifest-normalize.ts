import {
  API_DEFAULTS,
  CONTROLLER_LABELS,
  pathMatches,
  ruleApplies,
  SERVER_METADATA,
  TOOL_ANNOTATIONS,
} from './api-defaults';
import { KubeObject } from './manifest-files';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether two JSON values are equal, the order of a mapping's keys aside. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * An object as `diff` compares it: without the `status`, the metadata the API server sets, the
 * tools' and controllers' annotations and labels, and the fields equal to their API default; a
 * Secret's `stringData` as the base64 `data` the API server stores; a Service port's
 * `targetPort` left out where it is the port itself.
 */
export function normalize(o: KubeObject): JsonMap {
  const copy = JSON.parse(JSON.stringify(o)) as JsonMap;
  delete copy.status;
  const meta = isMap(copy.metadata) ? copy.metadata : {};
  for (const k of SERVER_METADATA) delete meta[k];
  dropKeys(meta, 'annotations', TOOL_ANNOTATIONS);
  dropKeys(meta, 'labels', CONTROLLER_LABELS);
  const template = podTemplateMetadata(copy);
  if (template) {
    dropKeys(template, 'labels', CONTROLLER_LABELS);
    if (template.creationTimestamp === null) delete template.creationTimestamp;
  }
  for (const spec of podSpecsOf(copy)) derivedPodDefaults(spec);
  if (o.kind === 'Secret') secretAsData(copy);
  if (o.kind === 'Service') targetPortsAsDefault(copy);
  dropDefaults(copy, String(o.kind), []);
  return copy;
}

function podTemplateMetadata(o: JsonMap): JsonMap | undefined {
  const template = at(o, ['spec', 'template']) ?? at(o, ['spec', 'jobTemplate', 'spec', 'template']);
  return template && isMap(template.metadata) ? template.metadata : undefined;
}

function at(o: JsonMap, p: string[]): JsonMap | undefined {
  let v: Json | undefined = o;
  for (const k of p) v = isMap(v) ? v[k] : undefined;
  return isMap(v) ? v : undefined;
}

/** The pod specs of an object: a Pod's own, a workload's template's, a CronJob's job template's. */
function podSpecsOf(o: JsonMap): JsonMap[] {
  const specs = [
    o.kind === 'Pod' ? at(o, ['spec']) : undefined,
    at(o, ['spec', 'template', 'spec']),
    at(o, ['spec', 'jobTemplate', 'spec', 'template', 'spec']),
  ];
  return specs.filter((s): s is JsonMap => s !== undefined);
}

/**
 * The pod defaults that depend on other fields (core/v1 defaults.go): `imagePullPolicy` is
 * `Always` for an image tagged `latest` or not tagged, else `IfNotPresent` (`SetDefaults_Container`);
 * the deprecated `serviceAccount` is set to `serviceAccountName` (`SetDefaults_PodSpec`).
 */
function derivedPodDefaults(spec: JsonMap): void {
  if (spec.serviceAccount !== undefined && spec.serviceAccount === spec.serviceAccountName) delete spec.serviceAccount;
  for (const list of [spec.containers, spec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isMap(c) || typeof c.image !== 'string') continue;
      const ref = c.image.replace(/@.*$/, '');
      const tag = /:[^/:]+$/.exec(ref)?.[0].slice(1);
      const byDefault = !c.image.includes('@') && (tag === undefined || tag === 'latest') ? 'Always' : 'IfNotPresent';
      if (c.imagePullPolicy === byDefault) delete c.imagePullPolicy;
    }
  }
}

/** Deletes the given keys of `parent[field]`, and the field itself when nothing is left. */
function dropKeys(parent: JsonMap, field: string, keys: readonly string[]): void {
  const m = parent[field];
  if (!isMap(m)) return;
  for (const k of keys) delete m[k];
  if (Object.keys(m).length === 0) delete parent[field];
}

function secretAsData(o: JsonMap): void {
  if (!isMap(o.stringData)) return;
  const data: JsonMap = isMap(o.data) ? o.data : {};
  for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  o.data = data;
  delete o.stringData;
}

function targetPortsAsDefault(o: JsonMap): void {
  const ports = isMap(o.spec) ? o.spec.ports : undefined;
  if (!Array.isArray(ports)) return;
  for (const p of ports)
    if (isMap(p) && p.targetPort !== undefined && String(p.targetPort) === String(p.port)) delete p.targetPort;
}

const isDefault = (kind: string, p: string[], v: Json) =>
  API_DEFAULTS.some((r) => ruleApplies(r, kind) && pathMatches(r.path, p) && deepEqual(r.value, v));

/**
 * Deletes, depth first, every field equal to its API default, and every mapping that only
 * defaults filled (`strategy: {type: RollingUpdate}` once its `rollingUpdate` was the default).
 */
function dropDefaults(value: Json, kind: string, path: string[]): void {
  if (!isMap(value) && !Array.isArray(value)) return;
  const entries: [string, Json][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const p = [...path, key];
    const emptiable = isMap(child) && Object.keys(child).length > 0;
    dropDefaults(child, kind, p);
    const emptied = emptiable && Object.keys(child as JsonMap).length === 0;
    if (isMap(value) && (emptied || isDefault(kind, p, child))) delete value[key];
  }
}
