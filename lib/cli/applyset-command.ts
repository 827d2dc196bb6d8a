import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ApplySetPlan, parentCrd, parentObject, parentRef, planApplySet, PARENT_TYPE } from './applyset';
import { CommandIo, FlagSpec, flagsHelp, parseArgs } from './cli-args';
import { CLUSTER_SCOPED_KINDS, KubeObject, loadObjects, UsageError } from './manifest-files';

const FLAGS: FlagSpec[] = [
  { name: 'out', alias: 'o', value: '<dir>', help: 'where to write the split files (default: applyset)' },
  {
    name: 'namespace',
    alias: 'n',
    value: '<ns>',
    help: "the namespace of the objects that name none (the minikube chart's), passed to kubectl as -n",
  },
  {
    name: 'secret-parent',
    help: "a Secret parent in the chart's one namespace (no CRD needed; charts in one namespace only)",
  },
  { name: 'help', alias: 'h', help: 'this help' },
];

/** The kubectl version the parents' tooling annotation names (kubectl rewrites it with its own at each apply). */
export const KUBECTL_VERSION = 'v1.36.0';

/** The help of `cdk8s-jupyterhub applyset`. */
export const APPLYSET_HELP = `Usage: cdk8s-jupyterhub applyset [flags] <dist/ | chart.k8s.yaml ...>

Splits each chart of dist/ for pruning with an ApplySet (KEP-3659, kubectl alpha,
KUBECTL_APPLYSET=true) and prints the commands that apply it, in order. Per chart, under <out>/<chart>/:
  kept.yaml     Namespaces, PersistentVolumes, PersistentVolumeClaims and CRDs: applied without
                --prune, never deleted (removing one from the chart leaves it: delete it by hand)
  members.yaml  every other object: applied with --prune, so an object removed from the chart
                is deleted at the next apply
  parent.yaml   the set's parent, a cluster-scoped ${PARENT_TYPE.kind} (created once; kubectl keeps its annotations)
and once <out>/applyset-crd.yaml, the parent type. A directory is read for its *.yaml files
(dist/carvel/, a Carvel package, is kapp-controller's to prune; the self-tests <chart>.check.k8s.yaml
are applied once after an install, outside any set).

Flags:
${flagsHelp(FLAGS)}

Exit status: 0 written, 2 an error.
`;

/** A chart's name from its file: `dist/minikube.k8s.yaml` -> `minikube`. */
function chartName(file: string): string {
  return path.basename(file).replace(/(\.k8s)?\.ya?ml$/, '');
}

const toYaml = (objects: readonly KubeObject[]) =>
  objects.map((o) => YAML.stringify(o, { version: '1.1', lineWidth: 0 })).join('---\n');

/** Runs `cdk8s-jupyterhub applyset`; returns the exit status. */
export function runApplySet(args: readonly string[], io: CommandIo): number {
  const parsed = parseArgs('applyset', args, FLAGS);
  if (parsed.flags.help) {
    io.stdout(APPLYSET_HELP);
    return 0;
  }
  if (parsed.positionals.length === 0)
    throw new UsageError('applyset: needs dist/ (or chart files): cdk8s-jupyterhub applyset dist/');
  const out = typeof parsed.flags.out === 'string' ? parsed.flags.out : 'applyset';
  const byChart = new Map<string, KubeObject[]>();
  for (const { object, file } of loadObjects(parsed.positionals, io.readStdin)) {
    if (file === '-') throw new UsageError('applyset: reads chart files, not standard input');
    byChart.set(chartName(file), [...(byChart.get(chartName(file)) ?? []), object]);
  }
  const ns = typeof parsed.flags.namespace === 'string' ? parsed.flags.namespace : undefined;
  const plans = [...byChart].map(([chart, objects]) =>
    planApplySet(chart, objects, parsed.flags['secret-parent'] ? oneNamespace(chart, objects, ns) : undefined),
  );
  io.stdout(writePlans(plans, out, !parsed.flags['secret-parent'], ns));
  return 0;
}

/** The one namespace of a chart's namespaced objects (those that name none are in `ns`, kubectl's -n). */
function oneNamespace(chart: string, objects: readonly KubeObject[], ns: string | undefined): string {
  const namespaced = objects.filter((o) => !CLUSTER_SCOPED_KINDS.includes(String(o.kind)));
  if (ns === undefined && namespaced.some((o) => !o.metadata?.namespace))
    throw new UsageError(
      `applyset: --secret-parent: chart ${chart} has objects that name no namespace: say which with -n <ns> (the namespace you apply it to)`,
    );
  const namespaces = [...new Set(namespaced.map((o) => o.metadata?.namespace || (ns as string)))];
  if (namespaces.length !== 1)
    throw new UsageError(
      `applyset: --secret-parent: chart ${chart} has objects in ${namespaces.length} namespaces (${namespaces.join(', ')}); a Secret parent tracks one: leave out --secret-parent`,
    );
  return namespaces[0];
}

/** Writes the plans' files under `out` and returns the commands, in the order they run. */
export function writePlans(
  plans: readonly ApplySetPlan[],
  out: string,
  clusterParent: boolean,
  namespace?: string,
): string {
  fs.mkdirSync(out, { recursive: true });
  const lines: string[] = [];
  if (clusterParent) {
    fs.writeFileSync(path.join(out, 'applyset-crd.yaml'), toYaml([parentCrd()]));
    lines.push(
      '# The ApplySet parent type (once per cluster)',
      `kubectl apply -f ${path.join(out, 'applyset-crd.yaml')}`,
    );
  }
  const ns = namespace ? ` -n ${namespace}` : '';
  for (const plan of plans) lines.push('', ...writePlan(plan, path.join(out, plan.chart), clusterParent, ns));
  return (lines[0] === '' ? lines.slice(1) : lines).join('\n') + '\n';
}

function writePlan(plan: ApplySetPlan, dir: string, clusterParent: boolean, ns: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const file = (name: string) => path.join(dir, name);
  const lines = [
    plan.members.length === 0
      ? `# ${plan.chart}: ${plan.kept.length} objects kept, none to prune (no set)`
      : `# ${plan.chart}: ${plan.members.length} objects in the set (id ${plan.id}), ${plan.kept.length} kept out of it`,
  ];
  if (plan.kept.length > 0) {
    fs.writeFileSync(file('kept.yaml'), toYaml(plan.kept));
    lines.push(`kubectl apply${ns} -f ${file('kept.yaml')}`);
  }
  // No set without members: kubectl refuses to apply no objects ("no objects passed to apply").
  if (plan.members.length === 0) return lines;
  fs.writeFileSync(file('members.yaml'), toYaml(plan.members));
  if (clusterParent) {
    fs.writeFileSync(file('parent.yaml'), toYaml([parentObject(plan, KUBECTL_VERSION)]));
    const resource = `${PARENT_TYPE.plural}.${PARENT_TYPE.group}`;
    lines.push(
      `kubectl get ${resource} ${plan.parent.name} >/dev/null 2>&1 || kubectl create -f ${file('parent.yaml')}`,
    );
  }
  lines.push(
    // A namespaced parent needs -n (applyset.go Validate(), lines 182-184).
    `KUBECTL_APPLYSET=true kubectl apply --prune --applyset=${parentRef(plan.parent)}${plan.parent.namespace ? ` -n ${plan.parent.namespace}` : ns} -f ${file('members.yaml')}`,
  );
  return lines;
}
