/**
 * `mldrill`: the package's command-line tool.
 *   mldrill pack validate PATH... [--json]     exit 0 valid, 1 invalid, 2 usage
 *   mldrill serve [--port N] [--data DIR]      browser mode on 127.0.0.1
 *   mldrill progress [--json] [--data DIR]     per-area progress
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDispatcher, parseFaults } from '../services/dispatch';
import { DB_FILENAME, closeDatabase, openDatabase } from '../db/open';
import { bankAvailability, listPackFiles, readPackFile } from '../services/bank';
import { createServices } from '../services/index';
import { defaultDataDir, packageRoot } from '../services/paths';
import { areaProgress, emptyProgress } from '../services/progress';
import { startServer } from '../server/serve';
import type { AreaProgress } from '../../shared/api';
import { formatPercent } from '../../shared/scoring';
import { mergeStats, type PackIssue, type PackStats } from '../../shared/validate-pack';

export const USAGE = `Usage:
  mldrill pack validate PATH... [--json]   check drill pack files or folders of *.drillpack.json
  mldrill serve [--port N] [--data DIR]    run the app in a browser on 127.0.0.1
  mldrill progress [--json] [--data DIR]   show practice progress per topic area

The data folder defaults to the desktop app's; --data DIR or MLDRILL_DATA_DIR overrides it.`;

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

export function validatePaths(paths: readonly string[]) {
  const files: string[] = [];
  const errors: FileIssue[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) {
      errors.push({ file: p, path: '(file)', message: 'does not exist' });
      continue;
    }
    if (fs.statSync(p).isDirectory()) {
      const found = listPackFiles(p);
      if (found.length === 0) errors.push({ file: p, path: '(file)', message: 'folder holds no *.drillpack.json files' });
      files.push(...found);
    } else files.push(p);
  }
  const warnings: FileIssue[] = [];
  const stats: PackStats[] = [];
  for (const file of files) {
    const { result } = readPackFile(file);
    errors.push(...result.errors.map((e) => ({ file, ...e })));
    warnings.push(...result.warnings.map((w) => ({ file, ...w })));
    if (result.stats) stats.push(result.stats);
  }
  return { ok: errors.length === 0, files, errors, warnings, stats: mergeStats(stats) };
}

function packValidate(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('pack validate needs at least one file or folder');
  const report = validatePaths(positionals);
  if (values.json) {
    io.out(JSON.stringify({ ok: report.ok, files: report.files, errors: report.errors, warnings: report.warnings, stats: report.stats }));
  } else {
    for (const e of report.errors) io.err(`${e.file}: ${e.path}: ${e.message}`);
    for (const w of report.warnings) io.err(`warning: ${w.file}: ${w.path}: ${w.message}`);
    const s = report.stats;
    io.out(
      `${report.ok ? 'valid' : 'INVALID'}: ${report.files.length} file(s), ${s.questions} questions, ${s.checklistItems} checklist items, ` +
        `${report.errors.length} error(s), ${report.warnings.length} warning(s)`,
    );
    if (s.questions) io.out(`areas: ${Object.entries(s.areas).map(([a, n]) => `${a} ${n}`).join(', ')}`);
  }
  return report.ok ? 0 : 1;
}

function progress(argv: string[], io: CliIO): number {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, data: { type: 'string' } } });
  const dir = dataDir(values, io.env);
  let areas: AreaProgress[];
  if (fs.existsSync(path.join(dir, DB_FILENAME))) {
    const db = openDatabase(dir);
    try {
      areas = areaProgress(db);
    } finally {
      closeDatabase(db);
    }
  } else {
    // Reading progress never creates a database; with none yet, nothing is practised and the bank is available.
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
  const rendererDir = path.join(root, 'dist', 'renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    io.err(`The renderer is not built (${rendererDir} is missing). Run \`npm run build\` first.`);
    return 1;
  }
  const dir = dataDir(values, io.env);
  const services = createServices({ dataDir: dir, bankDir: path.join(root, 'resources', 'bank') });
  const server = await startServer({ dispatch: createDispatcher(services.api, parseFaults(io.env.MLDRILL_FAULTS)), rendererDir, port });
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

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    const [cmd, sub, ...rest] = argv;
    if (cmd === 'pack' && sub === 'validate') return packValidate(rest, io);
    if (cmd === 'serve') return await serve([sub, ...rest].filter((a): a is string => a !== undefined), io);
    if (cmd === 'progress') return progress([sub, ...rest].filter((a): a is string => a !== undefined), io);
    if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.out(USAGE);
      return cmd === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command: ${argv.join(' ')}`);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`mldrill: ${(e as Error).message}`);
      io.err(USAGE);
      return 2;
    }
    io.err(`mldrill: ${(e as Error).message}`);
    return 1;
  }
}
