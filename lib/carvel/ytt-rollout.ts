import type { PackageValue } from './package-values';
import { starlarkString } from './starlark';
import { fail } from '../core/validate';

/**
 * A changed values file must reach running pods, but a pod reads its ConfigMaps and Secrets
 * only when it starts, and a checksum annotation computed at synth time covers the templates,
 * not the values. Two mechanisms, one for each kind:
 * - a ConfigMap that holds values: each pod template that mounts or reads it gets its
 *   `checksum/config-map` annotation computed by ytt at install time, `sha256.sum` (ytt
 *   `pkg/yttlibrary/sha256.go:28-39`) of `json.encode` of the synth-time checksum and those
 *   values, so that new values change the pod template and the workload rolls. The ConfigMap
 *   keeps its name, and its values are no secret (its content is readable as it is);
 * - a Secret that holds values: a kapp versioned object (`kapp.k14s.io/versioned`,
 *   `pkg/kapp/diff/change_set_with_versioned_rs.go:16-18`): a changed Secret is created as
 *   `<name>-ver-<n+1>` (`versioned_resource.go:18`) and kapp rewrites the references to it in
 *   pod templates (its default template rules, `pkg/kapp/config/default.go:415-432`), which
 *   rolls the workload. A hash of a secret in an annotation would let anyone who can read the
 *   workload test guesses of it. (kapp read at carvel-dev/kapp a89576c; kapp-controller
 *   v0.53.1 runs kapp v0.63.3, `hack/dependencies.yml`.)
 * @internal
 */

/** The values each ConfigMap and each Secret of the package holds, by object name. */
export interface ValueUsage {
  readonly configMaps: Map<string, Set<PackageValue>>;
  readonly secrets: Map<string, Set<PackageValue>>;
}

interface Named {
  readonly name?: string;
}
interface Container {
  readonly env?: readonly { readonly valueFrom?: { readonly configMapKeyRef?: Named } }[];
  readonly envFrom?: readonly { readonly configMapRef?: Named }[];
}
interface PodTemplate {
  metadata?: { annotations?: { [k: string]: string } };
  readonly spec: {
    readonly containers?: readonly Container[];
    readonly initContainers?: readonly Container[];
    readonly volumes?: readonly {
      readonly configMap?: Named;
      readonly projected?: { readonly sources?: readonly { readonly configMap?: Named }[] };
    }[];
  };
}
/** An object of the package, as far as this file reads it. */
export interface Doc {
  readonly kind?: string;
  metadata?: { readonly name?: string; annotations?: { [k: string]: string } };
  readonly spec?: {
    readonly template?: PodTemplate;
    readonly jobTemplate?: { readonly spec?: { readonly template?: PodTemplate } };
  };
}

/** The pod templates of a workload. */
function podTemplates(doc: Doc): PodTemplate[] {
  return [doc.spec?.template, doc.spec?.jobTemplate?.spec?.template].filter(
    (t): t is PodTemplate => t !== undefined && t !== null && typeof t.spec === 'object',
  );
}

/** The ConfigMaps a pod spec mounts or reads. */
function configMapsOf(spec: PodTemplate['spec']): string[] {
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  return [
    ...(spec.volumes ?? []).map((v) => v.configMap?.name),
    ...(spec.volumes ?? []).flatMap((v) => (v.projected?.sources ?? []).map((s) => s.configMap?.name)),
    ...containers.flatMap((c) => (c.env ?? []).map((e) => e.valueFrom?.configMapKeyRef?.name)),
    ...containers.flatMap((c) => (c.envFrom ?? []).map((e) => e.configMapRef?.name)),
  ].filter((n): n is string => typeof n === 'string');
}

/** Where a pod template may name a Secret: the references kapp rewrites to a new version. */
const SECRET_REFERENCE =
  /^spec\.(jobTemplate\.spec\.template|template)\.spec\.((init)?[cC]ontainers\.\d+\.(env\.\d+\.valueFrom\.secretKeyRef|envFrom\.\d+\.secretRef)\.name|imagePullSecrets\.\d+\.name|volumes\.\d+\.(secret\.secretName|projected\.sources\.\d+\.secret\.name))$/;

/** Fails if a versioned Secret's name is written anywhere kapp does not rewrite it. */
function checkSecretReferences(docs: readonly Doc[], secret: string): void {
  const walk = (n: unknown, doc: Doc, path: string[]): void => {
    if (
      n === secret &&
      !(doc.kind === 'Secret' && path.join('.') === 'metadata.name') &&
      !SECRET_REFERENCE.test(path.join('.'))
    )
      fail(
        'values',
        `${doc.kind}/${doc.metadata?.name} ${path.join('.')}`,
        `names Secret '${secret}', which holds package values and so is a kapp versioned object (renamed to ${secret}-ver-<n> at each change): kapp rewrites only a pod template's references to it; refer to it there only`,
      );
    if (Array.isArray(n)) n.forEach((x, i) => walk(x, doc, [...path, String(i)]));
    else if (n !== null && typeof n === 'object') for (const [k, v] of Object.entries(n)) walk(v, doc, [...path, k]);
  };
  docs.forEach((d) => walk(d, d, []));
}

/**
 * Marks the Secrets that hold values as versioned and sets the install-time checksum of the
 * pod templates that read ConfigMaps holding values; `expression` turns a ytt expression into
 * the marker the annotator replaces. Returns whether a checksum was set.
 */
export function rollOnValueChanges(docs: Doc[], usage: ValueUsage, expression: (e: string) => string): boolean {
  let hashed = false;
  for (const doc of docs) {
    const name = doc.metadata?.name ?? '';
    if (doc.kind === 'Secret' && usage.secrets.has(name)) {
      doc.metadata = doc.metadata ?? {};
      doc.metadata.annotations = {
        ...doc.metadata.annotations,
        'kapp.k14s.io/versioned': '',
        // The version before the last stays for a rollback; older ones (older secrets) are deleted.
        'kapp.k14s.io/num-versions': '2',
      };
      checkSecretReferences(docs, name);
    }
    for (const template of podTemplates(doc)) {
      const values = new Set(configMapsOf(template.spec).flatMap((n) => [...(usage.configMaps.get(n) ?? [])]));
      if (values.size === 0) continue;
      const annotations = (template.metadata = template.metadata ?? {}).annotations ?? {};
      const items = [starlarkString(annotations['checksum/config-map'] ?? '')].concat(
        [...values].map((v) => `data.values.${v.name}`).sort(),
      );
      template.metadata.annotations = {
        ...annotations,
        'checksum/config-map': expression(`sha256.sum(json.encode([${items.join(', ')}]))`),
      };
      hashed = true;
    }
  }
  return hashed;
}
