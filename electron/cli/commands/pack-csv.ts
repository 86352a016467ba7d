/**
 * `mldrill pack from-csv FILE OUT [--id ID --title T --version V ...]`: a CSV of questions to a validated pack file.
 * `mldrill pack to-csv ID OUT [--data DIR]`: an installed pack to CSV. The layout is docs/pack-format.md's
 * "CSV layout" (shared/pack-csv.ts). Both write OUT atomically; from-csv writes nothing when the CSV has errors.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readTextFile } from '../../services/files';
import { csvIssueCount, csvToPack, formatCsvIssue, packToCsv, type CsvIssue } from '../../../shared/pack-csv';
import { MAX_PACK_BYTES } from '../../../shared/pack-schema';
import { escapeControlChars } from '../../../shared/validate-pack';
import { DATA_OPTION, UsageError, dataDir, type CliIO, type Command } from '../io';
import { exportInstalled, packJson, readDatabase, suffixNote, writeOut, wroteLine } from './pack-export';

const issueLine = (file: string, issue: CsvIssue) => `${escapeControlChars(file)}: ${escapeControlChars(formatCsvIssue(issue))}`;

function fromCsv(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      id: { type: 'string' },
      title: { type: 'string' },
      version: { type: 'string' },
      author: { type: 'string' },
      license: { type: 'string' },
      description: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 2) throw new UsageError(positionals.length < 2 ? 'pack from-csv needs a CSV file and an output file' : `pack from-csv takes two files (got ${positionals.length})`);
  const [file, out] = positionals as [string, string];
  if (path.resolve(file) === path.resolve(out)) throw new UsageError('OUT is the CSV file itself; write the pack to another file');
  const { text } = readTextFile(file, MAX_PACK_BYTES);
  const result = csvToPack(text, values);
  for (const w of result.warnings) io.err(`warning: ${issueLine(file, w)}`);
  if (!result.ok) {
    for (const e of result.errors) io.err(issueLine(file, e));
    io.out(`INVALID: ${escapeControlChars(file)}: ${csvIssueCount(result.errors)} error(s), ${csvIssueCount(result.warnings)} warning(s); ${escapeControlChars(out)} was not written`);
    return 1;
  }
  writeOut(out, packJson(result.pack));
  io.out(wroteLine(out, result.pack));
  suffixNote(out, io);
  return 0;
}

function toCsv(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({ args: argv, options: { data: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 2) throw new UsageError(positionals.length < 2 ? 'pack to-csv needs a pack id and an output file' : `pack to-csv takes a pack id and one output file (got ${positionals.length} arguments)`);
  const [id, out] = positionals as [string, string];
  const pack = readDatabase(dataDir(values, io.env), (db) => exportInstalled(db, id));
  writeOut(out, packToCsv(pack));
  io.out(wroteLine(out, pack));
  return 0;
}

const CSV_RULES = `CSV layout (docs/pack-format.md, "CSV layout"): pack.* rows first (pack.id, pack.version, pack.title, ...),
then a header row and one row per question: id, area, kind, level, prompt, timeLimitSec, tags, roles, pitfalls,
followUps, outline, then check1.id, check1.text, check1.keywords, check2.id, ... List cells hold one item per line.`;

export const packFromCsv: Command = {
  name: 'pack from-csv',
  summary: 'turn a CSV of questions into a validated pack file',
  usage: `Usage: mldrill pack from-csv FILE OUT [OPTIONS]

Reads the CSV FILE (UTF-8, comma-separated), builds a pack, validates it like any pack file and writes it to OUT
(replaced if it exists, written atomically). On any error nothing is written, and each error names its row
(as a spreadsheet numbers them) and column.
  --id ID, --title TITLE, --version VERSION, --author A, --license L, --description D
               the pack's fields; they override the CSV's own pack.* rows
  -h, --help   show this help
${CSV_RULES}
Exit status: 0 written, 1 the CSV is unreadable or not a valid pack, 2 usage error.`,
  run: fromCsv,
};

export const packToCsvCommand: Command = {
  name: 'pack to-csv',
  summary: 'write an installed pack as CSV, to edit in a spreadsheet',
  usage: `Usage: mldrill pack to-csv ID OUT [--data DIR]

Writes the installed pack ID as it is now (active questions, live checklist items, its metadata) to OUT as CSV
(UTF-8 with a byte-order mark, CRLF between rows), which \`mldrill pack from-csv\` reads back to the same pack.
OUT is replaced if it exists, written atomically. The database is only read.
${DATA_OPTION}
  -h, --help   show this help
${CSV_RULES}
Cells that a spreadsheet could run as a formula (starting with = + - @) are written with a ' in front.
Exit status: 0 written, 1 no database or no such pack, 2 usage error.`,
  run: toCsv,
};
