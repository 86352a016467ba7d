/**
 * `mldrill progress export --pack ID [--pack ID2] [--name NAME] [--include-answers] [--data DIR] OUT`: writes one
 * learner's progress file for an instructor's cohort report. Reads the database read-only; writes OUT atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase } from '../../db/open';
import { exportProgress, writeProgressFile } from '../../services/progress-export';
import { escapeControlChars } from '../../../shared/validate-pack';
import { DATA_OPTION, UsageError, dataDir, type CliIO, type Command } from '../io';

function run(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      pack: { type: 'string', multiple: true },
      name: { type: 'string' },
      'include-answers': { type: 'boolean' },
      data: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (!values.pack?.length) throw new UsageError('progress export needs --pack ID (repeat it for several packs)');
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `progress export takes one output file (got ${positionals.length})` : 'progress export needs an output file');
  const out = positionals[0]!;
  const folder = path.dirname(path.resolve(out));
  if (!fs.existsSync(folder)) throw new Error(`cannot write ${out}: the folder ${folder} does not exist`);
  const dir = dataDir(values, io.env);
  // Read-only: no folder or file is created, nothing is migrated or written. No database (NoDatabaseError), a newer
  // app's (NewerDatabaseError) or a pack that is not installed (ServiceError) ends in exit 1 with its message.
  const db = openDatabase(dir, { readonly: true });
  let progress;
  try {
    progress = exportProgress(db, { packIds: values.pack, displayName: values.name ?? null, includeAnswers: values['include-answers'] === true });
  } finally {
    closeDatabase(db);
  }
  writeProgressFile(out, progress);
  const questions = progress.packs.reduce((n, p) => n + p.questions.length, 0);
  const attempts = progress.packs.reduce((n, p) => n + p.questions.reduce((m, q) => m + q.attempts, 0), 0);
  io.out(
    `wrote ${escapeControlChars(out)}: ${progress.packs.map((p) => `${p.id} ${p.version}`).join(', ')}; ${questions} questions, ${attempts} attempts; ` +
      `name: ${progress.displayName === null ? '(none)' : escapeControlChars(JSON.stringify(progress.displayName))}`,
  );
  io.out(
    progress.includesAnswers
      ? 'This file includes your answer text and notes. Share it only with people you would show your answers to.'
      : 'Answer text and notes are not included.',
  );
  return 0;
}

export const progressExport: Command = {
  name: 'progress export',
  summary: 'write a progress file for an instructor’s cohort report',
  usage: `Usage: mldrill progress export --pack ID... [OPTIONS] OUT
       mldrill progress export --pack ID [--pack ID2] [--name NAME] [--include-answers] [--data DIR] OUT

Writes your progress on the chosen packs to OUT (a .progress.json file) for an instructor to merge with
\`mldrill cohort report\`: per question, attempts, skips, best and latest coverage and answer times; per checklist
item, how many attempts covered it. Answer text and notes are left out unless you add --include-answers.
  --pack ID            an installed pack to export (repeat for several)
  --name NAME          the name the instructor sees (default: none; never taken from your computer)
  --include-answers    also write every answer's text and note
${DATA_OPTION.replace('--data DIR   ', '--data DIR'.padEnd(21))}
  -h, --help           show this help
Exit status: 0 written, 1 no database or a pack is not installed, 2 usage error.`,
  run,
};
