/** `mldrill pack list [--json] [--data DIR]`: the installed packs, read-only. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NoDatabaseError, closeDatabase, openDatabase } from '../../db/open';
import { listPackFiles, readPackFile } from '../../services/bank';
import { packInfos } from '../../services/packs';
import { packageRoot } from '../../services/paths';
import { escapeControlChars } from '../../../shared/validate-pack';
import { DATA_OPTION, dataDir, type CliIO, type Command } from '../io';

/** One pack as `--json` prints it; `questions` counts the active ones. */
export interface PackLine {
  id: string;
  version: string;
  title: string;
  questions: number;
  retired: number;
  enabled: boolean;
  builtin: boolean;
}

/** The bank's valid packs as the app installs them on its first start: built-in, enabled, nothing retired. */
function bankPacks(bankDir: string): PackLine[] {
  const lines: PackLine[] = [];
  let files: string[];
  try {
    files = listPackFiles(bankDir);
  } catch {
    return lines;
  }
  for (const file of files) {
    const { result } = readPackFile(file);
    if (!result.ok) continue;
    const { id, version, title, questions } = result.pack;
    lines.push({ id, version, title, questions: questions.length, retired: 0, enabled: true, builtin: true });
  }
  return lines.sort((a, b) => a.title.localeCompare(b.title, 'en', { sensitivity: 'base' }) || (a.id < b.id ? -1 : 1));
}

function run(argv: string[], io: CliIO): number {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, data: { type: 'string' } } });
  const dir = dataDir(values, io.env);
  let packs: PackLine[];
  try {
    // Read-only: creates no folder or file, never migrates or writes. A newer app's database is refused (exit 1).
    const db = openDatabase(dir, { readonly: true });
    try {
      packs = packInfos(db).map(({ id, version, title, questions, retired, enabled, builtin }) => ({ id, version, title, questions, retired, enabled, builtin }));
    } finally {
      closeDatabase(db);
    }
  } catch (e) {
    if (!(e instanceof NoDatabaseError)) throw e;
    // No database yet: what the app will install when it first starts, the built-in bank.
    packs = bankPacks(path.join(packageRoot(import.meta.url), 'resources', 'bank'));
    if (!values.json) io.err(`No database in ${dir} yet; these are the built-in packs the app installs when it first starts.`);
  }
  if (values.json) {
    io.out(JSON.stringify({ packs }));
    return 0;
  }
  const idWidth = Math.max(4, ...packs.map((p) => p.id.length)) + 2;
  io.out(`${'id'.padEnd(idWidth)}${'version'.padEnd(10)}${'questions'.padStart(9)}${'retired'.padStart(9)}  ${'state'.padEnd(10)}${'source'.padEnd(10)}title`);
  for (const p of packs) {
    io.out(
      `${escapeControlChars(p.id).padEnd(idWidth)}${escapeControlChars(p.version).padEnd(10)}${String(p.questions).padStart(9)}${String(p.retired).padStart(9)}  ` +
        `${(p.enabled ? 'enabled' : 'disabled').padEnd(10)}${(p.builtin ? 'built-in' : 'imported').padEnd(10)}${escapeControlChars(p.title)}`,
    );
  }
  if (packs.length === 0) io.out('(no packs installed)');
  io.out(`data: ${dir}`);
  return 0;
}

export const packList: Command = {
  name: 'pack list',
  summary: 'list the installed packs',
  usage: `Usage: mldrill pack list [--json] [--data DIR]

Lists the installed packs (removed ones left out): id, version, active and retired questions, whether the pack is
enabled for drills, and whether it is built in. Reads the database read-only. With no database yet, lists the
built-in packs the app installs when it first starts (built in, enabled, nothing retired).
  --json       print {"packs":[{"id","version","title","questions","retired","enabled","builtin"}]}; questions counts
               the active ones
${DATA_OPTION}
  -h, --help   show this help
Exit status: 0 listed, 1 the database cannot be read (for example a newer app's), 2 usage error.`,
  run,
};
