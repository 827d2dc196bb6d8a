import { CommandIo, FlagSpec, flagsHelp, parseArgs } from './cli-args';
import { FieldChange, ManifestDiff, diffManifests } from './manifest-diff';
import { loadObjects, UsageError } from './manifest-files';

const FLAGS: FlagSpec[] = [
  {
    name: 'namespace',
    alias: 'n',
    value: '<ns>',
    help: 'the namespace of namespaced objects that name none (helm template output)',
  },
  { name: 'help', alias: 'h', help: 'this help' },
];

/** The help of `cdk8s-jupyterhub diff`. */
export const DIFF_HELP = `Usage: cdk8s-jupyterhub diff [flags] <cluster.yaml | -> <dist/ | file.yaml ...>

Compares the objects of a cluster export (kubectl get -o yaml) or a Helm render (helm template)
with those of dist/: which objects appear (+), disappear (-) or change (~), field by field.
Objects match by API group, kind, namespace and name. Left out of the comparison: status, the
metadata the API server sets (uid, resourceVersion, generation, creationTimestamp,
managedFields, selfLink), kubectl's last-applied-configuration annotation, Helm's
meta.helm.sh/release-* annotations, fields equal to their API default (replicas: 1,
protocol: TCP, ...) and fields the API server allocates (clusterIP, nodePort, volumeName).
Order does not count: neither of objects, of mapping keys, nor of lists keyed by name
(containers, env, ports, volumes). Secret values are never printed.

A directory is read for its *.yaml and *.yml files (not its subdirectories, nor the self-tests
<chart>.check.k8s.yaml); - is standard input.

Flags:
${flagsHelp(FLAGS)}

Exit status: 0 no differences, 1 differences, 2 an error (bad arguments, unreadable input).

Example:
  kubectl get deploy,svc,cm,sa,role,rolebinding,netpol,pvc,secret -n jhub -o yaml > live.yaml
  cdk8s-jupyterhub diff -n jhub live.yaml dist/minikube.k8s.yaml
`;

/** Runs `cdk8s-jupyterhub diff`; returns the exit status. */
export function runDiff(args: readonly string[], io: CommandIo): number {
  const parsed = parseArgs('diff', args, FLAGS);
  if (parsed.flags.help) {
    io.stdout(DIFF_HELP);
    return 0;
  }
  const [from, ...to] = parsed.positionals;
  if (from === undefined || to.length === 0)
    throw new UsageError(
      'diff: needs the cluster export (or Helm render) and dist/: cdk8s-jupyterhub diff live.yaml dist/',
    );
  const ns = parsed.flags.namespace;
  const result = diffManifests(
    loadObjects([from], io.readStdin),
    loadObjects(to, io.readStdin),
    typeof ns === 'string' ? ns : undefined,
  );
  io.stdout(formatDiff(result));
  return result.added.length + result.removed.length + result.changed.length > 0 ? 1 : 0;
}

/** The report of a diff, one object per line (+ added, - removed, ~ changed with its fields). */
export function formatDiff(d: ManifestDiff): string {
  const lines = [
    ...d.added.map((id) => `+ ${id}`),
    ...d.removed.map((id) => `- ${id}`),
    ...d.changed.flatMap(({ id, changes }) => [`~ ${id}`, ...changes.map((c) => `    ${formatChange(id, c)}`)]),
    `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged`,
  ];
  return lines.join('\n') + '\n';
}

function formatChange(id: string, c: FieldChange): string {
  const secret = id.startsWith('Secret ') && /^(data|stringData)\b/.test(c.path);
  const show = (v: unknown) => (v === undefined ? '(none)' : secret ? '(secret value)' : shortJson(v));
  return `${c.path}: ${show(c.from)} -> ${show(c.to)}`;
}

function shortJson(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length <= 100 ? s : `${s.slice(0, 70)}... (${s.length} characters)`;
}
