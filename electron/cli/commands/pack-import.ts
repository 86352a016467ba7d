/** `mldrill pack import FILE [--data DIR] [--force] [--json]`: installs or updates a pack from a JSON or CSV file. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportPreview, ImportResult, NamedQuestion } from '../../../shared/api';
import { MAX_PACK_BYTES } from '../../../shared/pack-schema';
import { escapeControlChars } from '../../../shared/validate-pack';
import { ServiceError } from '../../services/errors';
import { readTextFile } from '../../services/files';
import { createServices } from '../../services/index';
import { packageRoot } from '../../services/paths';
import { DATA_OPTION, UsageError, dataDir, type CliIO, type Command } from '../io';

const esc = escapeControlChars;
const line = (verb: string, q: NamedQuestion) => `  ${verb.padEnd(8)} ${esc(q.id)} (${q.area}): ${esc(q.prompt)}`;

/** The file as the preview would see it, or a preview saying why it cannot be read (missing, too large, not UTF-8). */
function read(file: string): { fileName: string; text: string } | ImportPreview {
  try {
    return readTextFile(file, MAX_PACK_BYTES);
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    const fileName = path.basename(file);
    const message = e.message.startsWith(fileName) ? e.message.slice(fileName.length).trim().replace(/\.$/, '') : e.message;
    return {
      importId: null,
      fileName,
      action: 'invalid',
      message: `${fileName} cannot be imported: ${message}.`,
      errors: [{ path: '(file)', message }],
      warnings: [],
      pack: null,
      update: null,
    };
  }
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'pack import takes one file' : 'pack import needs a file');
  const file = positionals[0]!;
  const force = values.force === true;
  const report = (preview: ImportPreview, result: ImportResult | null) => {
    if (values.json) io.out(JSON.stringify({ preview, result }));
  };
  const refuse = (preview: ImportPreview, hint = '') => {
    report(preview, null);
    if (!values.json) io.err(`mldrill: ${esc(preview.message)}${hint}`);
    return 1;
  };

  const input = read(file);
  if ('action' in input) {
    if (!values.json) for (const e of input.errors) io.err(`${esc(file)}: ${esc(e.path)}: ${esc(e.message)}`);
    return refuse(input);
  }
  const root = packageRoot(import.meta.url);
  // No UI to keep answering: wait for the app's writes as long as SQLite's usual 5 s.
  const services = createServices({ dataDir: dataDir(values, io.env), bankDir: path.join(root, 'resources', 'bank'), busyTimeoutMs: 5000 });
  try {
    const preview = services.api.previewImport(input);
    if (!values.json) for (const w of preview.warnings) io.err(`warning: ${esc(file)}: ${esc(w.path)}: ${esc(w.message)}`);
    if (preview.action === 'invalid') {
      if (!values.json) for (const e of preview.errors) io.err(`${esc(file)}: ${esc(e.path)}: ${esc(e.message)}`);
      return refuse(preview);
    }
    if (preview.action === 'refused' || preview.importId === null) return refuse(preview);
    if (preview.action === 'older-version' && !force) return refuse(preview, ' Run again with --force to downgrade it.');

    const result = await services.api.applyImport({ importId: preview.importId, force });
    report(preview, result);
    if (values.json) return 0;
    const pack = preview.pack!;
    const name = `${esc(pack.id)} ${esc(pack.version)} ("${esc(pack.title)}", from ${esc(preview.fileName)})`;
    if (result.action === 'unchanged') {
      io.out(`unchanged: ${name} is already installed with the same content; nothing was imported.`);
      return 0;
    }
    if (preview.update) {
      io.out(`${result.action === 'added' ? 'installed' : 'updated'} ${name}, was ${esc(preview.update.fromVersion)}: ${result.added} added, ${result.changed} changed, ${result.retired} retired`);
      for (const q of preview.update.added) io.out(line('added', q));
      for (const q of preview.update.changed) io.out(line('changed', q));
      for (const q of preview.update.retired) io.out(line('retired', q));
    } else {
      io.out(`installed ${name}: ${result.added} questions added`);
      const rows = services.db.prepare('SELECT id, area, prompt FROM questions WHERE pack_id = ? AND retired = 0 ORDER BY ordinal').all(pack.id) as NamedQuestion[];
      for (const q of rows) io.out(line('added', { ...q, prompt: q.prompt.slice(0, 120) }));
    }
    io.out(`areas: ${Object.entries(pack.byArea).map(([a, n]) => `${a} ${n}`).join(', ')}`);
    return 0;
  } finally {
    services.close();
  }
}

export const packImport: Command = {
  name: 'pack import',
  summary: 'install or update a drill pack from a .drillpack.json or .csv file',
  usage: `Usage: mldrill pack import FILE [--data DIR] [--force] [--json]

Installs a drill pack, or updates the installed pack with the same id: questions and checklist items are matched by
id, so answers and scheduling are kept, and questions the new version drops are retired, not deleted. A file ending
in .csv is read as a CSV pack. Importing the version already installed does nothing and says so.
  --force      import an older version than the one installed (a downgrade)
  --json       print {"preview", "result"} as one JSON object instead of text
${DATA_OPTION}
  -h, --help   show this help
Exit status: 0 imported or already installed, 1 invalid, refused (a built-in pack's id, the same version with other
content) or an older version without --force, 2 usage error.`,
  run,
};
