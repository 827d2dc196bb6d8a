import { UsageError } from './manifest-files';

/** What a command reads from its standard streams and writes. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
}

/** A flag of a command: `--name`, with a value or not, and an optional one-letter alias. */
export interface FlagSpec {
  readonly name: string;
  readonly alias?: string;
  readonly value?: string;
  readonly help: string;
}

/** A command's parsed arguments. */
export interface ParsedArgs {
  readonly flags: { readonly [name: string]: string | true | undefined };
  readonly positionals: readonly string[];
}

/** The edit distance between two strings (Levenshtein), for "did you mean ...?". */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The candidate nearest to what was typed. */
export function nearest(typed: string, candidates: readonly string[]): string {
  return [...candidates].sort((x, y) => editDistance(typed, x) - editDistance(typed, y))[0];
}

/** Parses `args` against a command's flags; an unknown flag or a missing value is a UsageError naming the nearest flag. */
export function parseArgs(command: string, args: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const flags: { [name: string]: string | true } = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    const [name, inline] = arg.startsWith('--') ? splitInline(arg.slice(2)) : [arg.slice(1), undefined];
    const spec = specs.find((s) => s.name === name || s.alias === name);
    if (!spec) {
      const all = specs.map((s) => `--${s.name}`);
      throw new UsageError(
        `${command}: unknown flag ${arg}; did you mean ${nearest(arg.replace(/=.*/, ''), all)}? (${command} --help lists the flags)`,
      );
    }
    if (!spec.value) flags[spec.name] = true;
    else if (inline !== undefined) flags[spec.name] = inline;
    else if (i + 1 < args.length) flags[spec.name] = args[++i];
    else throw new UsageError(`${command}: --${spec.name} needs a value: --${spec.name} ${spec.value}`);
  }
  return { flags, positionals };
}

function splitInline(s: string): [string, string | undefined] {
  const eq = s.indexOf('=');
  return eq < 0 ? [s, undefined] : [s.slice(0, eq), s.slice(eq + 1)];
}

/** The help text of a command's flags. */
export function flagsHelp(specs: readonly FlagSpec[]): string {
  return specs
    .map((s) => {
      const head = `${s.alias ? `-${s.alias}, ` : ''}--${s.name}${s.value ? ` ${s.value}` : ''}`;
      return `  ${head.padEnd(28)}${s.help}`;
    })
    .join('\n');
}
