/**
 * `mldrill`: the package's command-line tool. Each command lives in ./commands/ and is listed in COMMANDS; this
 * file routes the arguments to one, prints help and usage, and turns failures into exit codes
 * (0 done, 1 refused or invalid, 2 usage).
 */
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../services/paths';
import { escapeControlChars } from '../../shared/validate-pack';
import { backup, backups, restore } from './commands/backup';
import { cohortReport } from './commands/cohort-report';
import { packFromCsv, packToCsvCommand } from './commands/pack-csv';
import { packExport } from './commands/pack-export';
import { packImport } from './commands/pack-import';
import { packSchemaCommand } from './commands/pack-schema';
import { packList } from './commands/pack-list';
import { packRemove } from './commands/pack-remove';
import { packValidate } from './commands/pack-validate';
import { progress } from './commands/progress';
import { progressExport } from './commands/progress-export';
import { serve } from './commands/serve';
import { UsageError, type CliIO, type Command } from './io';

export type { CliIO };
export { validatePaths } from './commands/pack-validate';

const COMMANDS: readonly Command[] = [
  packValidate,
  packList,
  packRemove,
  packImport,
  packFromCsv,
  packToCsvCommand,
  packExport,
  packSchemaCommand,
  serve,
  progress,
  progressExport,
  cohortReport,
  backup,
  backups,
  restore,
];

/** Groups such as `pack` answer with their own usage: the commands under them. */
const groupUsage = (group: string) =>
  `Usage: mldrill ${group} COMMAND ...

Commands:
${COMMANDS.filter((c) => c.name.startsWith(`${group} `))
  .map((c) => `  ${c.name.slice(group.length + 1).padEnd(12)} ${c.summary}`)
  .join('\n')}
Each takes --help.`;

/** One overview entry: the synopsis, and the summary beside it, or under it when the synopsis is long. */
const overviewLine = (synopsis: string, summary: string) =>
  synopsis.length <= 40 ? `  mldrill ${synopsis.padEnd(40)} ${summary}` : `  mldrill ${synopsis}\n  ${''.padEnd(48)} ${summary}`;

export const USAGE = `Usage:
${COMMANDS.map((c) => overviewLine(c.usage.split('\n')[0]!.replace(/^Usage: mldrill /, ''), c.summary)).join('\n')}
${overviewLine('--version', 'print the version')}

Every command takes --help. The data folder defaults to the desktop app's; --data DIR or MLDRILL_DATA_DIR overrides it.`;

/** The command whose (one- or two-word) name the arguments start with, preferring the longest. */
function route(argv: readonly string[]): { command: Command; args: string[] } | { group: string; args: string[] } | null {
  let best: Command | null = null;
  for (const c of COMMANDS) {
    const words = c.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.name.split(' ').length)) best = c;
  }
  if (best) return { command: best, args: argv.slice(best.name.split(' ').length) };
  const first = argv[0];
  if (first && COMMANDS.some((c) => c.name.startsWith(`${first} `))) return { group: first, args: argv.slice(1) };
  return null;
}

/** --help or -h before any `--` (after it they are operands, such as a file named --help). */
function asksForHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** From package.json at the package root, found the same way from electron/cli/ under vitest and from dist/node/. */
function version(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(import.meta.url), 'package.json'), 'utf8')) as { version: string }).version;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  // A usage error shows the usage of the command that was being run.
  let usage = USAGE;
  try {
    const [first] = argv;
    if (first === '--help' || first === '-h' || first === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      io.out(version());
      return 0;
    }
    const found = route(argv);
    if (!found) throw new UsageError(first === undefined ? 'no command given' : `unknown command: ${argv.join(' ')}`);
    if ('group' in found) {
      usage = groupUsage(found.group);
      if (asksForHelp(found.args)) {
        io.out(usage);
        return 0;
      }
      throw new UsageError(found.args.length ? `unknown ${found.group} command: ${found.args.join(' ')}` : `${found.group} needs a command`);
    }
    usage = found.command.usage;
    if (asksForHelp(found.args)) {
      io.out(usage);
      return 0;
    }
    return await found.command.run(found.args, io);
  } catch (e) {
    // One line, no stack: escaping also turns any line break in the message into a visible \u000a.
    io.err(`mldrill: ${escapeControlChars(e instanceof Error ? e.message : String(e))}`);
    if (e instanceof UsageError || (e instanceof Error && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      io.err(usage);
      return 2;
    }
    return 1;
  }
}
