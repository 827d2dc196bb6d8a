import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/** A Kubernetes object as read from YAML. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** A Kubernetes object with the file it was read from. */
export interface LoadedObject {
  readonly object: KubeObject;
  readonly file: string;
}

/** An error of the command line (bad argument, unreadable file): exit code 2. */
export class UsageError extends Error {}

/** The API group of an apiVersion (`apps/v1` -> `apps`, `v1` -> `` for the core group). */
export function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? '';
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

/** `<kind>.<group>` as kubectl writes a group-kind (schema.GroupKind.String()): `Deployment.apps`, `Secret`. */
export function groupKind(o: KubeObject): string {
  const group = groupOf(o.apiVersion);
  return group === '' ? `${o.kind}` : `${o.kind}.${group}`;
}

/** The identity of an object: its group-kind, namespace and name (`Deployment.apps jhub/hub`, `Namespace jhub`). */
export function identityOf(o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return `${groupKind(o)} ${ns ? `${ns}/` : ''}${o.metadata?.name}`;
}

/**
 * The objects of YAML text: every document, with the items of a `kind: List` (what
 * `kubectl get -o yaml` prints) and of any `*List` flattened; empty documents skipped. Read as
 * YAML 1.1, as cdk8s writes dist/ and as Kubernetes' Go YAML reader reads it.
 */
export function parseObjects(text: string, file: string): KubeObject[] {
  const docs = YAML.parseAllDocuments(text, { version: '1.1' });
  const out: KubeObject[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) throw new UsageError(`${file}: not valid YAML: ${doc.errors[0].message}`);
    flatten(doc.toJS({ maxAliasCount: -1 }), file, out);
  }
  return out;
}

function flatten(value: unknown, file: string, out: KubeObject[]): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${file}: a document is not a Kubernetes object (a mapping with apiVersion and kind)`);
  const o = value as KubeObject;
  if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
    for (const item of o.items) flatten(item, file, out);
    return;
  }
  if (Object.keys(o).length === 0) return;
  if (typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string')
    throw new UsageError(`${file}: an object has no kind or no metadata.name: ${JSON.stringify(o).slice(0, 80)}`);
  out.push(o);
}

/**
 * The YAML files a path names: the file itself, or a directory's `*.yaml`/`*.yml` files (not its
 * subdirectories), but the charts' live self-tests (`<chart>.check.k8s.yaml`): they are applied
 * once after an install, not part of what is installed (name one as a file to read it).
 */
export function yamlFilesOf(p: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    throw new UsageError(`${p}: no such file or directory`);
  }
  if (!stat.isDirectory()) return [p];
  return fs
    .readdirSync(p)
    .filter((f) => /\.ya?ml$/.test(f) && !/\.check\.k8s\.ya?ml$/.test(f) && fs.statSync(path.join(p, f)).isFile())
    .sort()
    .map((f) => path.join(p, f));
}

/** The objects of files and directories (`-` reads standard input). */
export function loadObjects(paths: readonly string[], readStdin: () => string): LoadedObject[] {
  const out: LoadedObject[] = [];
  for (const p of paths) {
    const files = p === '-' ? ['-'] : yamlFilesOf(p);
    for (const file of files) {
      const text = file === '-' ? readStdin() : fs.readFileSync(file, 'utf8');
      for (const object of parseObjects(text, file === '-' ? '(standard input)' : file)) out.push({ object, file });
    }
  }
  return out;
}

/** The built-in kinds that are cluster-scoped (no namespace); any other built-in kind is namespaced. */
export const CLUSTER_SCOPED_KINDS = [
  'APIService',
  'CSIDriver',
  'CSINode',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
];
