/**
 * `mldrill backup [--out FILE]`, `mldrill backups`, `mldrill restore FILE|NAME [--yes]`: backups of all user data,
 * taken with SQLite's own backup (never a file copy, which misses what is still in mldrill.sqlite-wal).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupDir, backupNow, checkBackupFile, databaseFiles, listBackups, putBackupInPlace, saveRecordingsBeside } from '../../db/backup';
import { latestVersion } from '../../db/migrations';
import { closeDatabase, openDatabase, STATE_FILE } from '../../db/open';
import { DATA_OPTION, UsageError, dataDir, type CliIO, type Command } from '../io';

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1048576).toFixed(1)} MB`);

/** The app (or `serve`) has this data folder open: its last session has not closed and its write-ahead log is there. */
function appIsRunning(dir: string): boolean {
  try {
    const state = JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8')) as { open?: unknown };
    return state.open === true && fs.existsSync(databaseFiles(dir).wal);
  } catch {
    return false;
  }
}

function runBackup(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({ args: argv, options: { out: { type: 'string' }, data: { type: 'string' } }, allowPositionals: true });
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const dir = dataDir(values, io.env);
  if (!fs.existsSync(databaseFiles(dir).db)) {
    io.err(`There is no database in ${dir} to back up.`);
    return 1;
  }
  // A normal open (it may wait for the app's lock): the snapshot is of the last commit, whoever made it.
  const db = openDatabase(dir);
  try {
    if (values.out) {
      const out = path.resolve(values.out);
      if (fs.existsSync(out)) {
        io.err(`${out} already exists; choose a new file name.`);
        return 1;
      }
      const partial = `${out}.partial`;
      fs.rmSync(partial, { force: true });
      db.prepare('VACUUM INTO ?').run(partial);
      // The recordings go beside it (FILE.recordings/), complete before the file itself appears.
      saveRecordingsBeside(partial, dir, out);
      fs.renameSync(partial, out);
      io.out(`Backed up all your data to ${out} (${size(fs.statSync(out).size)}). Restore it with: mldrill restore ${out}`);
    } else {
      const b = backupNow(db, dir, 'manual');
      io.out(`Backed up to ${path.join(backupDir(dir), b.name)} (${size(b.bytes)}).`);
    }
  } finally {
    closeDatabase(db);
  }
  return 0;
}

function runList(argv: string[], io: CliIO): number {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, json: { type: 'boolean' } } });
  const dir = dataDir(values, io.env);
  const backups = listBackups(dir);
  if (values.json) {
    io.out(JSON.stringify({ folder: backupDir(dir), backups }));
    return 0;
  }
  if (backups.length === 0) {
    io.out(`No backups in ${backupDir(dir)} yet.`);
    return 0;
  }
  for (const b of backups) io.out(`${b.takenAt}  ${b.reason.padEnd(17)} ${size(b.bytes).padStart(9)}  ${b.name}`);
  io.out(`folder: ${backupDir(dir)}`);
  return 0;
}

async function runRestore(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { yes: { type: 'boolean' }, data: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('give the backup to restore: a file, or a name from `mldrill backups`');
  const dir = dataDir(values, io.env);
  const given = positionals[0]!;
  const byName = listBackups(dir).find((b) => b.name === given);
  const file = byName ? path.join(backupDir(dir), byName.name) : path.resolve(given);
  if (!fs.existsSync(file)) {
    io.err(`${file} does not exist. List the backups with: mldrill backups`);
    return 1;
  }
  const check = checkBackupFile(file, latestVersion());
  if (!check.ok) {
    io.err(`${file} cannot be restored: ${check.problem}. Nothing was changed.`);
    return 1;
  }
  if (appIsRunning(dir)) {
    io.err(`ML Interview Drill (or mldrill serve) has ${dir} open. Close it, then run restore again; or restore from the app's Settings.`);
    return 1;
  }
  if (!values.yes) {
    const question = `Replace all your data in ${dir} with ${file}? A backup of the current data is taken first. [y/N] `;
    const yes = io.confirm ? await io.confirm(question) : false;
    if (!yes) {
      io.err(io.confirm ? 'Nothing was changed.' : 'Nothing was changed: add --yes to restore without being asked.');
      return 1;
    }
  }
  if (fs.existsSync(databaseFiles(dir).db)) {
    const db = openDatabase(dir);
    try {
      const saved = backupNow(db, dir, 'before-restore');
      io.out(`Your data as it was is kept in ${path.join(backupDir(dir), saved.name)}.`);
    } finally {
      closeDatabase(db);
    }
  } else {
    fs.mkdirSync(dir, { recursive: true });
  }
  putBackupInPlace(dir, file);
  // Opening upgrades an older backup's schema and records the session as closed again.
  closeDatabase(openDatabase(dir));
  const db = openDatabase(dir, { readonly: true });
  const attempts = (db.prepare('SELECT COUNT(*) AS n FROM attempts').get() as { n: number }).n;
  closeDatabase(db);
  io.out(`Restored ${file} into ${dir} (${attempts} graded answers).`);
  return 0;
}

export const backup: Command = {
  name: 'backup',
  summary: 'back up all your data (to backups/ in the data folder, or one file)',
  usage: `Usage: mldrill backup [--out FILE] [--data DIR]

Takes a consistent snapshot of all your data with SQLite's backup, safe while the app is running. Without --out
it goes into backups/ in the data folder (the app keeps the newest ten there); with --out, into FILE, to keep
elsewhere or take to another machine (restore it there with mldrill restore FILE).
  --out FILE   write the snapshot to FILE (which must not exist yet)
${DATA_OPTION}
  -h, --help   show this help`,
  run: runBackup,
};

export const backups: Command = {
  name: 'backups',
  summary: 'list the backups in the data folder',
  usage: `Usage: mldrill backups [--json] [--data DIR]

Lists the backups in the data folder's backups/, newest first: when each was taken, what it was taken before
(before-migration, before-import, before-removal, daily, manual, before-restore) and its size.
  --json       print {"folder", "backups": [{"name", "takenAt", "reason", "bytes"}]}
${DATA_OPTION}
  -h, --help   show this help`,
  run: runList,
};

export const restore: Command = {
  name: 'restore',
  summary: 'replace your data with a backup (asks first)',
  usage: `Usage: mldrill restore FILE|NAME [--yes] [--data DIR]

Replaces all your data with a backup: a file made by mldrill backup --out, or a NAME from mldrill backups. The
backup is checked first, and your current data is backed up before it is replaced. Close the app first (or
restore from the app's Settings instead).
  --yes        do not ask for confirmation
${DATA_OPTION}
  -h, --help   show this help`,
  run: runRestore,
};
