/**
 * `mldrill pack remove ID [--keep-history] [--yes] [--data DIR]`: removes an imported pack. Without --yes it only
 * says what would be removed and exits 1: it never prompts (scripts and CI have no stdin).
 */
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase } from '../../db/open';
import { builtinRefusal, removalPreview, removePack, type RemovalPreview } from '../../services/packs';
import { escapeControlChars } from '../../../shared/validate-pack';
import { DATA_OPTION, UsageError, dataDir, type CliIO, type Command } from '../io';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(p: RemovalPreview, keepHistory: boolean): string {
  const what = `pack ${escapeControlChars(p.id)} (${escapeControlChars(JSON.stringify(p.title))}): ${plural(p.questions, 'question')}`;
  if (keepHistory) return `${what}; ${plural(p.attempts, 'attempt')} would be kept as history`;
  const drills = p.sessions ? `; ${plural(p.sessions, 'drill')} holding its questions would lose them` : '';
  return `${what}; ${plural(p.attempts, 'attempt')} would be deleted${drills}`;
}

function run(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'keep-history': { type: 'boolean' }, yes: { type: 'boolean' }, data: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `pack remove takes one pack id (got ${positionals.length})` : 'pack remove needs a pack id');
  const packId = positionals[0]!;
  const keepHistory = values['keep-history'] === true;
  const dir = dataDir(values, io.env);

  // Look first, read-only: no database (NoDatabaseError) or a newer app's ends in exit 1, and nothing is created.
  const ro = openDatabase(dir, { readonly: true });
  let preview: RemovalPreview | null;
  try {
    preview = removalPreview(ro, packId);
  } finally {
    closeDatabase(ro);
  }
  if (!preview) throw new Error(`pack ${escapeControlChars(JSON.stringify(packId))} is not installed (see mldrill pack list)`);
  if (preview.builtin) throw builtinRefusal(packId);
  if (preview.removedAt !== null && keepHistory) {
    throw new Error(`pack ${packId} was already removed with its history kept; leave out --keep-history to delete that history too`);
  }
  if (!values.yes) {
    io.out(`Would remove ${describe(preview, keepHistory)}.`);
    io.err('Nothing was changed. Run again with --yes to remove it.');
    return 1;
  }

  const db = openDatabase(dir);
  try {
    const { attemptsDeleted } = removePack(db, packId, keepHistory);
    io.out(
      keepHistory
        ? `removed ${packId}; kept ${plural(preview.attempts, 'attempt')} as history (importing the pack again brings it back)`
        : `removed ${packId}; ${plural(attemptsDeleted, 'attempt')} deleted`,
    );
  } finally {
    closeDatabase(db);
  }
  return 0;
}

export const packRemove: Command = {
  name: 'pack remove',
  summary: 'remove an imported pack (asks for --yes)',
  usage: `Usage: mldrill pack remove ID [--keep-history] [--yes] [--data DIR]

Removes the imported pack ID. Without --yes it only prints what would be removed (questions, attempts) and exits 1;
it never asks on the terminal. Built-in packs cannot be removed (disable them in the app instead).
  --keep-history   keep its attempts as history: the pack is hidden and its questions retired, and importing it
                   again brings it back with that history. Without it, its attempts, skips and drafts are deleted,
                   and drills that held its questions keep only their other questions
  --yes            really remove it
${DATA_OPTION}
  -h, --help       show this help
Exit status: 0 removed, 1 not removed (no --yes, not installed, built in, no database), 2 usage error.`,
  run,
};
