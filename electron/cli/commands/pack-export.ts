/**
 * `mldrill pack export ID OUT` and `mldrill pack export --where FILTER --id ID --title T --version V OUT`: an
 * installed pack, or a selection of installed questions as a new pack, written as a pack file (or CSV with --csv).
 * Reads the database read-only; writes OUT atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase } from '../../db/open';
import { ServiceError } from '../../services/errors';
import { exportInstalledPack, exportSelection, installedPackIds, parseWhere, type ExportMeta } from '../../services/export-pack';
import { writeFileAtomic } from '../../services/files';
import { PACK_SUFFIX } from '../../services/bank';
import { packToCsv } from '../../../shared/pack-csv';
import type { Pack } from '../../../shared/pack-schema';
import { escapeControlChars } from '../../../shared/validate-pack';
import { DATA_OPTION, UsageError, dataDir, type CliIO, type Command } from '../io';

/** A pack file's text: two-space JSON and a closing newline, as the built-in bank is written. */
export const packJson = (pack: Pack) => `${JSON.stringify(pack, null, 2)}\n`;

/**
 * Writes OUT atomically (a temporary file beside it, flushed, then renamed over it), so a failure leaves the old
 * file or none, never half of one. An existing OUT is replaced; a folder named OUT is not.
 */
export function writeOut(out: string, text: string): void {
  const file = path.resolve(out);
  const folder = path.dirname(file);
  if (!fs.existsSync(folder)) throw new Error(`cannot write ${out}: the folder ${folder} does not exist`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new Error(`cannot write ${out}: it is a folder`);
  try {
    writeFileAtomic(file, text);
  } catch (e) {
    throw new Error(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}

/** The line after a written pack: what it holds. */
export function wroteLine(out: string, pack: Pack): string {
  const items = pack.questions.reduce((n, q) => n + q.checklist.length, 0);
  return `wrote ${escapeControlChars(out)}: pack ${pack.id} ${pack.version}, ${pack.questions.length} questions, ${items} checklist items`;
}

/** Folder scans pick up only *.drillpack.json, so another name is worth a word. */
export function suffixNote(out: string, io: CliIO): void {
  if (!out.endsWith(PACK_SUFFIX)) io.err(`note: ${escapeControlChars(out)} does not end in ${PACK_SUFFIX}; folder scans (pack validate FOLDER, the bank) skip such files`);
}

type Db = ReturnType<typeof openDatabase>;

/** Opens the data folder's database read-only for one read; a missing or newer database ends in exit 1. */
export function readDatabase<T>(dir: string, read: (db: Db) => T): T {
  const db = openDatabase(dir, { readonly: true });
  try {
    return read(db);
  } finally {
    closeDatabase(db);
  }
}

/** exportInstalledPack, with the installed ids in the message when the id is not one of them. */
export function exportInstalled(db: Db, id: string): Pack {
  try {
    return exportInstalledPack(db, id);
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'not-found') throw new Error(`${e.message}; installed: ${installedPackIds(db).join(', ') || 'none'}`, { cause: e });
    throw e;
  }
}

const META_OPTIONS = ['id', 'title', 'version', 'author', 'license', 'description'] as const;

function run(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      where: { type: 'string' },
      id: { type: 'string' },
      title: { type: 'string' },
      version: { type: 'string' },
      author: { type: 'string' },
      license: { type: 'string' },
      description: { type: 'string' },
      csv: { type: 'boolean' },
      data: { type: 'string' },
    },
    allowPositionals: true,
  });
  const selecting = values.where !== undefined;
  let id: string | undefined;
  let out: string;
  let meta: ExportMeta | undefined;
  let where: ReturnType<typeof parseWhere> | undefined;
  if (selecting) {
    if (positionals.length !== 1) throw new UsageError(`pack export --where takes one output file (got ${positionals.length})`);
    out = positionals[0]!;
    const missing = (['id', 'title', 'version'] as const).filter((k) => values[k] === undefined);
    if (missing.length) throw new UsageError(`pack export --where needs ${missing.map((k) => `--${k}`).join(', ')} for the new pack`);
    try {
      where = parseWhere(values.where!);
    } catch (e) {
      throw new UsageError(`--where: ${(e as Error).message}`);
    }
    meta = { id: values.id!, title: values.title!, version: values.version!, author: values.author, license: values.license, description: values.description };
  } else {
    if (positionals.length !== 2) throw new UsageError(positionals.length < 2 ? 'pack export needs a pack id and an output file' : `pack export takes a pack id and one output file (got ${positionals.length} arguments)`);
    const given = META_OPTIONS.filter((k) => values[k] !== undefined);
    if (given.length) throw new UsageError(`${given.map((k) => `--${k}`).join(', ')} name a new pack and go with --where; an installed pack keeps its own`);
    [id, out] = positionals as [string, string];
  }
  const pack = readDatabase(dataDir(values, io.env), (db) => (where && meta ? exportSelection(db, where, meta) : exportInstalled(db, id!)));
  writeOut(out, values.csv ? packToCsv(pack) : packJson(pack));
  io.out(wroteLine(out, pack));
  if (!values.csv) suffixNote(out, io);
  return 0;
}

export const packExport: Command = {
  name: 'pack export',
  summary: 'write an installed pack, or a selection of questions, as a pack file',
  usage: `Usage: mldrill pack export ID OUT [--csv] [--data DIR]
       mldrill pack export --where FILTER --id ID --title TITLE --version VERSION [--author A] [--license L]
                           [--description D] OUT [--csv] [--data DIR]

Writes the installed pack ID as it is now (active questions, live checklist items, its metadata), or the installed
questions that FILTER selects as a new pack, to OUT as a validated pack file. OUT is replaced if it exists, written
to a temporary file first and renamed, so it is never left half-written.
  --where FILTER     KEY=VALUE pairs joined by commas (all must match); VALUE may list alternatives with |.
                     Keys: pack, area, kind, level, role, tag, id (id: q-1, or pack-id/q-1 for one pack's).
                     Example: --where "area=evaluation|mlops,level=senior"
  --id, --title, --version, --author, --license, --description
                     the new pack's fields (with --where; --id, --title and --version are required)
  --csv              write CSV (the layout of \`mldrill pack to-csv\`) instead of JSON
${DATA_OPTION}
  -h, --help         show this help
The database is only read. A selection that takes one question id from two packs is refused: narrow it.
Exit status: 0 written, 1 no database, no such pack, nothing selected or the result is not a valid pack, 2 usage error.`,
  run,
};
