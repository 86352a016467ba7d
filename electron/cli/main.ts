/**
 * `mldrill`: the package's command-line tool.
 *   mldrill pack validate PATH... [--json]     exit 0 valid, 1 invalid, 2 usage
 *   mldrill serve [--port N] [--data DIR]      browser mode on 127.0.0.1
 *   mldrill progress [--json] [--data DIR]     per-area progress
 *   mldrill --version; every command takes --help (-h)
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDispatcher, parseFaults } from '../services/dispatch';
import { NoDatabaseError, closeDatabase, openDatabase } from '../db/open';
import { bankAvailability, listPackFiles, readPackFile } from '../services/bank';
import { createServices } from '../services/index';
import { defaultDataDir, packageRoot } from '../services/paths';
import { areaProgress, emptyProgress } from '../services/progress';
import { startServer, type RunningServer } from '../server/serve';
import type { AreaProgress } from '../../shared/api';
import { formatPercent } from '../../shared/scoring';
import { escapeControlChars, issueCount, mergeStats, type PackIssue, type PackStats } from '../../shared/validate-pack';

export const USAGE = `Usage:
  mldrill pack validate PATH... [--json]   check drill pack files or folders of *.drillpack.json
  mldrill serve [--port N] [--data DIR]    run the app in a browser on 127.0.0.1
  mldrill progress [--json] [--data DIR]   show practice progress per topic area
  mldrill --version                        print the version

Every command takes --help. The data folder defaults to the desktop app's; --data DIR or MLDRILL_DATA_DIR overrides it.`;

const PACK_VALIDATE_USAGE = `Usage: mldrill pack validate PATH... [--json]

Checks drill pack files, or folders of *.drillpack.json files, against the pack format.
  --json       print one JSON report on stdout instead of text
  -h, --help   show this help
Exit status: 0 all valid, 1 some file invalid or unreadable, 2 usage error.`;

const PACK_USAGE = `Usage: mldrill pack validate PATH... [--json]

Commands:
  validate   check drill pack files or folders of *.drillpack.json (see mldrill pack validate --help)`;

const SERVE_USAGE = `Usage: mldrill serve [--port N] [--data DIR]

Runs the app in a browser on 127.0.0.1 and prints the URL to open; its token changes at every start.
  --port N     port to listen on, 0 to 65535 (default 0: any free port)
  --data DIR   data folder (default: the desktop app's, or MLDRILL_DATA_DIR)
  -h, --help   show this help`;

const PROGRESS_USAGE = `Usage: mldrill progress [--json] [--data DIR]

Shows practice progress per topic area: attempts, questions practised of those available, checklist coverage.
  --json       print JSON instead of a table
  --data DIR   data folder (default: the desktop app's, or MLDRILL_DATA_DIR)
  -h, --help   show this help`;

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

function dataDir(values: { data?: string | undefined }, env: NodeJS.ProcessEnv): string {
  return values.data ? path.resolve(values.data) : defaultDataDir(env);
}

interface FileIssue extends PackIssue {
  file: string;
}

/** Validates files and folders of packs. Each file's issues arrive capped; the counts are the true totals. */
export function validatePaths(paths: readonly string[]) {
  const files: string[] = [];
  const errors: FileIssue[] = [];
  const warnings: FileIssue[] = [];
  let errorCount = 0;
  let warningCount = 0;
  const fileError = (file: string, message: string) => {
    errors.push({ file, path: '(file)', message });
    errorCount++;
  };
  for (const p of paths) {
    if (!fs.existsSync(p)) {
      fileError(p, 'does not exist');
      continue;
    }
    if (fs.statSync(p).isDirectory()) {
      const found = listPackFiles(p);
      if (found.length === 0) fileError(p, 'folder holds no *.drillpack.json files');
      // Loops, not push(...list): spreading an unbounded list into a call overflows the stack.
      for (const f of found) files.push(f);
    } else files.push(p);
  }
  const stats: PackStats[] = [];
  for (const file of files) {
    const { result } = readPackFile(file);
    for (const e of result.errors) errors.push({ file, ...e });
    for (const w of result.warnings) warnings.push({ file, ...w });
    errorCount += issueCount(result.errors);
    warningCount += issueCount(result.warnings);
    if (result.stats) stats.push(result.stats);
  }
  return { ok: errorCount === 0, files, errors, warnings, errorCount, warningCount, stats: mergeStats(stats) };
}

/** One report line; everything in it can come from a pack or a file name, so control characters are made visible. */
const issueLine = (i: FileIssue) => `${escapeControlChars(i.file)}: ${escapeControlChars(i.path)}: ${escapeControlChars(i.message)}`;

function packValidate(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('pack validate needs at least one file or folder');
  const report = validatePaths(positionals);
  if (values.json) {
    // JSON.stringify already escapes control characters; the text stays exact for tools.
    const { ok, files, errors, warnings, errorCount, warningCount, stats } = report;
    io.out(JSON.stringify({ ok, files, errors, warnings, errorCount, warningCount, stats }));
  } else {
    for (const e of report.errors) io.err(issueLine(e));
    for (const w of report.warnings) io.err(`warning: ${issueLine(w)}`);
    const s = report.stats;
    io.out(
      `${report.ok ? 'valid' : 'INVALID'}: ${report.files.length} file(s), ${s.questions} questions, ${s.checklistItems} checklist items, ` +
        `${report.errorCount} error(s), ${report.warningCount} warning(s)`,
    );
    if (s.questions) io.out(`areas: ${Object.entries(s.areas).map(([a, n]) => `${a} ${n}`).join(', ')}`);
  }
  return report.ok ? 0 : 1;
}

function progress(argv: string[], io: CliIO): number {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, data: { type: 'string' } } });
  const dir = dataDir(values, io.env);
  let areas: AreaProgress[];
  try {
    // Read-only: creates no folder or file, never migrates or writes, and answers while the app holds a write lock.
    // A newer app's database is still refused (NewerDatabaseError: exit 1).
    const db = openDatabase(dir, { readonly: true });
    try {
      areas = areaProgress(db);
    } finally {
      closeDatabase(db);
    }
  } catch (e) {
    if (!(e instanceof NoDatabaseError)) throw e;
    // With no database yet, nothing is practised and the bank is available.
    areas = emptyProgress(bankAvailability(path.join(packageRoot(import.meta.url), 'resources', 'bank')));
    if (!values.json) io.err(`No practice data in ${dir} yet.`);
  }
  if (values.json) {
    io.out(JSON.stringify({ areas: areas.map(({ id, attempts, practised, available, coverage }) => ({ id, attempts, practised, available, coverage })) }));
  } else {
    io.out(`${'area'.padEnd(16)}${'attempts'.padStart(9)}${'practised'.padStart(11)}${'coverage'.padStart(10)}`);
    for (const a of areas) {
      io.out(`${a.id.padEnd(16)}${String(a.attempts).padStart(9)}${`${a.practised}/${a.available}`.padStart(11)}${formatPercent(a.coverage).padStart(10)}`);
    }
    io.out(`data: ${dir}`);
  }
  return 0;
}

async function serve(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, data: { type: 'string' } } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535 (got ${values.port})`);
  const root = packageRoot(import.meta.url);
  // MLDRILL_RENDERER_DIR serves a renderer built elsewhere (tests use a stand-in, so they need no build).
  const rendererDir = io.env.MLDRILL_RENDERER_DIR ? path.resolve(io.env.MLDRILL_RENDERER_DIR) : path.join(root, 'dist', 'renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    io.err(`The renderer is not built (${rendererDir} is missing). Run \`npm run build\` first.`);
    return 1;
  }
  const dir = dataDir(values, io.env);
  const services = createServices({ dataDir: dir, bankDir: path.join(root, 'resources', 'bank') });
  let server: RunningServer;
  try {
    server = await startServer({ dispatch: createDispatcher(services.api, parseFaults(io.env.MLDRILL_FAULTS)), rendererDir, port });
  } catch (e) {
    // E.g. the port is in use: runCli prints the one-line reason; the database must not stay open behind it.
    services.close();
    throw e;
  }
  io.out(`ML Interview Drill is running in browser mode. Open this URL (the token in it changes at every start):`);
  io.out(server.url);
  io.out(`data: ${dir}`);
  const stop = () => {
    void server.close().then(() => {
      services.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}

interface Command {
  usage: string;
  run: (args: string[], io: CliIO) => number | Promise<number>;
}

const COMMANDS = new Map<string, Command>([
  ['pack validate', { usage: PACK_VALIDATE_USAGE, run: packValidate }],
  [
    'pack',
    {
      usage: PACK_USAGE,
      run: (args) => {
        throw new UsageError(args.length ? `unknown pack command: ${args.join(' ')}` : 'pack needs a command: validate');
      },
    },
  ],
  ['serve', { usage: SERVE_USAGE, run: serve }],
  ['progress', { usage: PROGRESS_USAGE, run: progress }],
]);

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
    const [first, second] = argv;
    if (first === '--help' || first === '-h' || first === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      io.out(version());
      return 0;
    }
    const name = first === 'pack' && second === 'validate' ? 'pack validate' : first;
    const command = name === undefined ? undefined : COMMANDS.get(name);
    if (!command) throw new UsageError(first === undefined ? 'no command given' : `unknown command: ${argv.join(' ')}`);
    usage = command.usage;
    const args = argv.slice(name === 'pack validate' ? 2 : 1);
    if (asksForHelp(args)) {
      io.out(usage);
      return 0;
    }
    return await command.run(args, io);
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
