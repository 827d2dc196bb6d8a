import { APPLYSET_HELP, runApplySet } from './applyset-command';
import { CommandIo, nearest } from './cli-args';
import { DIFF_HELP, runDiff } from './diff-command';
import { IMPORT_HELP, runImport } from './import-command';
import { UsageError } from './manifest-files';

/** A command of `cdk8s-jupyterhub`: what it does in a line, its help, and how it runs. */
export interface Command {
  readonly summary: string;
  readonly help: string;
  readonly run: (args: readonly string[], io: CommandIo) => number;
}

/** The commands of `cdk8s-jupyterhub`, by name. A new command is a new entry here. */
export const COMMANDS: { readonly [name: string]: Command } = {
  diff: {
    summary: 'compare a cluster export or Helm render with dist/, object by object and field by field',
    help: DIFF_HELP,
    run: runDiff,
  },
  import: {
    summary: 'write a TypeScript chart (and a report of every key) from a Zero to JupyterHub values.yaml',
    help: IMPORT_HELP,
    run: runImport,
  },
  applyset: {
    summary: 'split dist/ for pruning with kubectl ApplySets and print the commands, chart by chart',
    help: APPLYSET_HELP,
    run: runApplySet,
  },
};

function mainHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return [
    'Usage: cdk8s-jupyterhub <command> [flags] [arguments]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}${COMMANDS[n].summary}`),
    '',
    'cdk8s-jupyterhub <command> --help tells more about a command.',
    '',
  ].join('\n');
}

/**
 * Runs `cdk8s-jupyterhub <command> ...` and returns its exit status: the command's own, or 2 for
 * a usage error (unknown command or flag, missing argument, unreadable input), said on stderr.
 */
export function main(args: readonly string[], io: CommandIo): number {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(mainHelp());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command) {
      const kind = name.startsWith('-') ? 'flag' : 'command';
      throw new UsageError(
        `unknown ${kind} ${name}; did you mean ${nearest(name, Object.keys(COMMANDS))}? (cdk8s-jupyterhub --help lists the commands)`,
      );
    }
    return command.run(rest, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`cdk8s-jupyterhub: ${e.message}\n`);
    return 2;
  }
}
