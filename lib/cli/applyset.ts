/**
 * Pruning with ApplySets (KEP-3659, `KUBECTL_APPLYSET=true kubectl apply --prune --applyset=...`):
 * from a chart's objects in dist/, the set kubectl prunes, the objects kept out of it, the
 * parent object and the commands. `synthesize()` writes no parent and no ApplySet label: kubectl
 * labels the members itself and refuses input that already has its label.
 *
 * kubectl's rules, read at kubernetes/kubectl v0.36.3 (commit 73fdc7a3), pkg/cmd/apply/applyset.go:
 * - the set's id: `applyset-<base64url(sha256(<name>.<namespace>.<kind>.<group>))>-v1`, unpadded
 *   (`ID()`, lines 166-177, `V1ApplySetIdFormat` line 82, `base64.RawURLEncoding`);
 * - a member gets the label `applyset.kubernetes.io/part-of: <id>`, and kubectl refuses an input
 *   object that already has it (`AddLabels()`, lines 238-259: "ApplySet label ... already set in input data");
 * - the parent's `applyset.kubernetes.io/contains-group-kinds`: the members' `<Kind>.<group>`
 *   (`schema.GroupKind.String()`), sorted, comma-separated (`generateKindsAnnotation()`, lines 519-526),
 *   required on an existing parent (`parseKindAnnotation()`, lines 353-363, empty means an empty set);
 * - `applyset.kubernetes.io/additional-namespaces`: the members' namespaces other than the parent's,
 *   sorted (`generateNamespacesAnnotation()`, lines 513-517); namespaced members only (`addResource()`, lines 420-430);
 * - `applyset.kubernetes.io/tooling: kubectl/<version>`; an existing parent must have it, with the
 *   base name `kubectl` (`fetchParent()`, lines 280-286), and the id label `applyset.kubernetes.io/id` (lines 288-294);
 * - kubectl creates a Secret or ConfigMap parent itself (`builtinApplySetParentGVRs`, lines 121-124;
 *   `fetchParent()`, lines 264-268) but not a custom resource parent ("cannot be created automatically"),
 *   whose CRD must carry the label `applyset.kubernetes.io/is-parent-type` (`Validate()`, lines 185-196);
 * - a namespaced parent needs `-n` (`Validate()`, lines 182-184; apply.go lines 319-322) and then
 *   every object must be in that namespace (apply.go line 474, `FilenameParam(enforceNamespace)`), so a
 *   set across namespaces needs a cluster-scoped parent: a custom resource;
 * - the prune lists the kinds and namespaces the live parent names (`FindAllObjectsToPrune()`,
 *   applyset_pruner.go lines 68-104: each namespaced kind in each namespace, each cluster-scoped kind
 *   once) and deletes the members with the set's label that this apply did not visit; on success
 *   kubectl sets the parent's annotations to this apply's set (`Prune()` lines 561-585,
 *   `buildParentPatch(updateToLatestSet)` lines 478-511).
 */
import * as crypto from 'crypto';
import { groupKind, KubeObject, UsageError } from './manifest-files';

/** The ApplySet labels and annotations (KEP-3659), as kubectl spells them (applyset.go lines 44-91). */
export const APPLYSET = {
  id: 'applyset.kubernetes.io/id',
  partOf: 'applyset.kubernetes.io/part-of',
  tooling: 'applyset.kubernetes.io/tooling',
  containsGroupKinds: 'applyset.kubernetes.io/contains-group-kinds',
  additionalNamespaces: 'applyset.kubernetes.io/additional-namespaces',
  isParentType: 'applyset.kubernetes.io/is-parent-type',
};

/**
 * Kinds kept out of every pruned set, applied without `--prune`: deleting them deletes data.
 * A Namespace takes everything in it along, a PersistentVolumeClaim or PersistentVolume is the
 * hub database or users' files, a CustomResourceDefinition takes every custom resource of its
 * kind along (running Dask clusters). Removing one from a chart leaves it in the cluster: delete
 * it by hand once its data is safe.
 */
export const KEPT_KINDS = [
  'Namespace',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition.apiextensions.k8s.io',
];

/** The parent of an ApplySet: kind, group, name and namespace (`''` when cluster-scoped). */
export interface ApplySetParent {
  readonly kind: string;
  readonly group: string;
  readonly resource: string;
  readonly name: string;
  readonly namespace: string;
}

/** The id of the ApplySet a parent tracks, as kubectl computes it (applyset.go `ID()`, lines 171-177). */
export function applySetId(parent: ApplySetParent): string {
  const unencoded = [parent.name, parent.namespace, parent.kind, parent.group].join('.');
  return `applyset-${crypto.createHash('sha256').update(unencoded).digest('base64url')}-v1`;
}

/** The custom resource kind this tool's cluster-scoped parents are. */
export const PARENT_TYPE = { group: 'applyset.cdk8s-jupyterhub.io', kind: 'ApplySet', plural: 'applysets' };

/** The `--applyset` value of a parent: `<resource>[.<group>]/<name>` (applyset.go `ParseApplySetParentRef()`, lines 533-558). */
export function parentRef(p: ApplySetParent): string {
  return `${p.resource}${p.group ? `.${p.group}` : ''}/${p.name}`;
}

/** The cluster-scoped parent of a chart's set: a custom resource named after the chart. */
export function clusterParent(chart: string): ApplySetParent {
  return { kind: PARENT_TYPE.kind, group: PARENT_TYPE.group, resource: PARENT_TYPE.plural, name: chart, namespace: '' };
}

/** A Secret parent in a namespace, which kubectl creates itself: only for a set in one namespace. */
export function secretParent(chart: string, namespace: string): ApplySetParent {
  return { kind: 'Secret', group: '', resource: 'secrets', name: `${chart}-applyset`, namespace };
}

/** What the parent's annotations say once kubectl applied a set (applyset.go `buildParentPatch()`, updateToLatestSet). */
export function parentAnnotations(parent: ApplySetParent, members: readonly KubeObject[]): { [k: string]: string } {
  const kinds = [...new Set(members.map(groupKind))].sort(byteOrder);
  const namespaces = [
    ...new Set(members.map((m) => m.metadata?.namespace).filter((n): n is string => !!n && n !== parent.namespace)),
  ].sort(byteOrder);
  return { [APPLYSET.containsGroupKinds]: kinds.join(','), [APPLYSET.additionalNamespaces]: namespaces.join(',') };
}

/** Go's sort.Strings order (bytes), not the locale's. */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A chart's objects split for pruning: the members of its set and the objects kept out of it. */
export interface ApplySetPlan {
  readonly chart: string;
  readonly parent: ApplySetParent;
  readonly id: string;
  readonly members: readonly KubeObject[];
  readonly kept: readonly KubeObject[];
}

/**
 * Splits a chart's objects into the set kubectl prunes and the kept objects ({@link KEPT_KINDS}).
 * With `secretNamespace`, the parent is a Secret there (every member must be in it or cluster-scoped);
 * else a cluster-scoped custom resource, which may span namespaces.
 */
export function planApplySet(chart: string, objects: readonly KubeObject[], secretNamespace?: string): ApplySetPlan {
  for (const o of objects) {
    if (o.metadata?.labels && APPLYSET.partOf in (o.metadata.labels as object))
      throw new UsageError(
        `${chart}: ${o.kind} ${o.metadata.name} already has the label ${APPLYSET.partOf}; kubectl refuses such input (it sets the label itself): remove it`,
      );
  }
  const kept = objects.filter((o) => KEPT_KINDS.includes(groupKind(o)));
  const members = objects.filter((o) => !kept.includes(o));
  const parent = secretNamespace ? secretParent(chart, secretNamespace) : clusterParent(chart);
  const elsewhere = members.filter(
    (m) => secretNamespace && m.metadata?.namespace && m.metadata.namespace !== secretNamespace,
  );
  if (elsewhere.length > 0)
    throw new UsageError(
      `${chart}: a Secret parent in ${secretNamespace} cannot track ${elsewhere[0].kind} ${elsewhere[0].metadata?.namespace}/${elsewhere[0].metadata?.name}: kubectl -n ${secretNamespace} refuses objects of other namespaces; leave out --secret-parent (a cluster-scoped parent spans namespaces)`,
    );
  return { chart, parent, id: applySetId(parent), members, kept };
}

/** The parent object to create once, before the first apply (kubectl creates no custom resource parent). */
export function parentObject(plan: ApplySetPlan, kubectlVersion: string): KubeObject {
  return {
    apiVersion: `${PARENT_TYPE.group}/v1`,
    kind: PARENT_TYPE.kind,
    metadata: {
      name: plan.parent.name,
      labels: { [APPLYSET.id]: plan.id },
      // An empty set: kubectl fills the kinds and namespaces in at each apply (BeforeApply, then Prune).
      annotations: {
        [APPLYSET.tooling]: `kubectl/${kubectlVersion}`,
        [APPLYSET.containsGroupKinds]: '',
        [APPLYSET.additionalNamespaces]: '',
      },
    },
  };
}

/** The CustomResourceDefinition of the cluster-scoped parents, labelled as a permitted parent type. */
export function parentCrd(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${PARENT_TYPE.plural}.${PARENT_TYPE.group}`, labels: { [APPLYSET.isParentType]: 'true' } },
    spec: {
      group: PARENT_TYPE.group,
      scope: 'Cluster',
      names: { kind: PARENT_TYPE.kind, plural: PARENT_TYPE.plural, singular: 'applyset', listKind: 'ApplySetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}
