import * as fs from 'fs';
import * as path from 'path';
import { CommandIo, FlagSpec, flagsHelp, parseArgs } from './cli-args';
import { buildPlan } from './import-build';
import { isSecretKey } from './import-convert';
import { ImportPlan } from './import-plan';
import { writeReport } from './import-report';
import { writeChart } from './import-writer';
import { readValues } from './import-values';
import { UsageError } from './manifest-files';

const FLAGS: FlagSpec[] = [
  { name: 'out', alias: 'o', value: '<dir>', help: 'where to write <name>.ts and <name>.import.md (default: .)' },
  { name: 'name', value: '<name>', help: 'the chart and release name (default: the file name, e.g. jhub)' },
  { name: 'namespace', alias: 'n', value: '<ns>', help: 'the namespace of the chart (default: the name)' },
  {
    name: 'takeover',
    help: "keep the running release's Secret, claims, selectors and proxy-public (docs/takeover.md)",
  },
  { name: 'help', alias: 'h', help: 'this help' },
];

/** The help of `cdk8s-jupyterhub import`. */
export const IMPORT_HELP = `Usage: cdk8s-jupyterhub import [flags] <values.yaml>

Reads a Zero to JupyterHub 3.x/4.x values.yaml (or a daskhub one: jupyterhub: and dask-gateway:)
and writes a TypeScript chart that builds the same hub with this library (<name>.ts) and a
report (<name>.import.md): every key of the file, the prop it went to, or why not (Helm-only,
not supported by the import yet, refused as insecure with the safe alternative). Secret values
(proxy.secretToken, hub.cookieSecret, apiTokens, client secrets, passwords) are never written:
the chart references a Secret, and the report says which to create or keep. An unknown key is
an error naming the nearest valid key.

Flags:
${flagsHelp(FLAGS)}

Exit status: 0 written, 2 an error (bad arguments, unreadable file, unknown key).

Example:
  helm -n jhub get values jhub > values.yaml
  cdk8s-jupyterhub import --takeover --name jhub --out chart values.yaml
`;

/** What the import makes of a values file (for tests and the command). */
export function importValues(
  text: string,
  file: string,
  options: { name: string; namespace?: string; takeover?: boolean },
): { plan: ImportPlan; chart: string; report: string } {
  const values = readValues(text, file);
  const plan = buildPlan(values, options.name, options.namespace ?? options.name, !!options.takeover);
  const chart = writeChart(plan);
  const report = writeReport(plan, path.basename(file), `${options.name}.ts`);
  // The last guard: no secret value of the file is written, whatever a key's handler did.
  for (const leaf of values.leaves) {
    const v = leaf.value;
    if (isSecretKey(leaf.key) && typeof v === 'string' && v.length >= 4 && (chart.includes(v) || report.includes(v)))
      throw new Error(`import: the value of ${leaf.key} would be written: a bug of the import, please report it`);
  }
  return { plan, chart, report };
}

/** Runs `cdk8s-jupyterhub import`; returns the exit status. */
export function runImport(args: readonly string[], io: CommandIo): number {
  const parsed = parseArgs('import', args, FLAGS);
  if (parsed.flags.help) {
    io.stdout(IMPORT_HELP);
    return 0;
  }
  const [file, ...more] = parsed.positionals;
  if (file === undefined || more.length > 0)
    throw new UsageError('import: needs one values file: cdk8s-jupyterhub import values.yaml');
  let text: string;
  try {
    text = file === '-' ? io.readStdin() : fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`import: cannot read ${file}: ${(e as Error).message}`);
  }
  const flag = (n: string) => (typeof parsed.flags[n] === 'string' ? (parsed.flags[n] as string) : undefined);
  const name = flag('name') ?? defaultName(file);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
    throw new UsageError(`import: --name ${name}: a DNS label (lower case letters, digits, -), e.g. --name jhub`);
  const out = flag('out') ?? '.';
  const result = importValues(text, file, {
    name,
    namespace: flag('namespace'),
    takeover: parsed.flags.takeover === true,
  });
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `${name}.ts`), result.chart);
  fs.writeFileSync(path.join(out, `${name}.import.md`), result.report);
  io.stdout(`wrote ${path.join(out, `${name}.ts`)} and ${path.join(out, `${name}.import.md`)}\n`);
  return 0;
}

function defaultName(file: string): string {
  const base = file === '-' ? 'jupyterhub' : path.basename(file).replace(/\.ya?ml$/, '');
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return !name || name === 'values' || name === 'config' ? 'jupyterhub' : name.slice(0, 40).replace(/-+$/, '');
}
