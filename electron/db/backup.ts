/**
 * Backups of the database, always taken with SQLite itself (VACUUM INTO, or the online backup API): a copy of
 * mldrill.sqlite made while the app runs misses what is still in mldrill.sqlite-wal. Each backup is written under a
 * temporary name and renamed into place once complete and synced, so a crash mid-backup leaves no half file with a
 * backup's name. Backups live in `backups/` in the data folder; the newest `keep` are kept.
 *
 * Recorded answers are files in `recordings/`, named by the database's `recordings` rows. A backup keeps the ones
 * its snapshot names in a folder beside it, `<backup>.recordings/` (hard links where the file system allows: a
 * finished recording is never written again), and a restore puts them back before the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILENAME } from './files';

export const BACKUP_DIR = 'backups';
export const BACKUP_REASONS = ['before-migration', 'before-import', 'before-removal', 'daily', 'manual', 'before-restore'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];
export const DEFAULT_BACKUPS_KEPT = 10;
/** The data folder's recordings, one file per recording (see electron/services/recordings.ts). */
export const RECORDINGS_DIR = 'recordings';
/** The names the recordings service gives its files; nothing else is copied or restored. */
const RECORDING_FILE = /^[0-9a-f-]{36}\.(webm|ogg)$/;

export function recordingsDir(dataDir: string): string {
  return path.join(dataDir, RECORDINGS_DIR);
}

/** Where a backup file keeps its recordings: a folder beside it, named after it. */
export function backupRecordingsDir(backupFile: string): string {
  return `${backupFile}.recordings`;
}

export interface BackupInfo {
  /** The file name in backups/, which is also its id. */
  name: string;
  /** When it was taken, ISO. */
  takenAt: string;
  reason: BackupReason;
  bytes: number;
}

/** mldrill-20261201T222000123Z-before-import.sqlite: sortable by time, the reason readable. */
const NAME = /^mldrill-(\d{8}T\d{9}Z)-([a-z-]+)\.sqlite$/;
const PARTIAL = '.partial';

export function backupDir(dataDir: string): string {
  return path.join(dataDir, BACKUP_DIR);
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, '');
}

function fromStamp(s: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(s)!;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
}

export function parseBackupName(name: string): { takenAt: string; reason: BackupReason } | null {
  const m = NAME.exec(name);
  if (!m || !(BACKUP_REASONS as readonly string[]).includes(m[2]!)) return null;
  return { takenAt: fromStamp(m[1]!), reason: m[2] as BackupReason };
}

/** Backups in the data folder, newest first. Files that are not backups (or half-written ones) are left out. */
export function listBackups(dataDir: string): BackupInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(backupDir(dataDir));
  } catch {
    return [];
  }
  const out: BackupInfo[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    try {
      const st = fs.statSync(path.join(backupDir(dataDir), name));
      if (st.isFile()) out.push({ name, ...parsed, bytes: st.size });
    } catch {
      // Removed meanwhile.
    }
  }
  return out.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a folder's entries (a rename or a new file in it); a no-op where the platform cannot (Windows). */
export function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for fsync; the rename is still atomic there.
  }
}

/** A unique final name for a backup taken now (two in the same millisecond get a later stamp). */
function freshName(dir: string, ms: number, reason: BackupReason): string {
  let at = ms;
  for (;;) {
    const name = `mldrill-${stamp(at)}-${reason}.sqlite`;
    if (!fs.existsSync(path.join(dir, name))) return name;
    at++;
  }
}

/** Renames a finished temporary copy into place and syncs it; then trims old backups. */
function publish(dir: string, partial: string, name: string, keep: number): BackupInfo {
  fsyncFile(partial);
  fs.renameSync(partial, path.join(dir, name));
  fsyncDir(dir);
  // The one just taken always stays, even when a clock set back gives it an older name than those kept.
  pruneBackups(path.dirname(dir), keep, name);
  const parsed = parseBackupName(name)!;
  return { name, ...parsed, bytes: fs.statSync(path.join(dir, name)).size };
}

/**
 * A consistent snapshot with VACUUM INTO, on this thread. For the moment before a migration, when nothing else
 * runs yet; the services use backupDatabase, which does not block.
 */
export function backupNow(db: Database.Database, dataDir: string, reason: BackupReason, opts: { nowMs?: number; keep?: number } = {}): BackupInfo {
  const dir = backupDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const name = freshName(dir, opts.nowMs ?? Date.now(), reason);
  const partial = path.join(dir, name + PARTIAL);
  fs.rmSync(partial, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    saveRecordingsBeside(partial, dataDir, path.join(dir, name));
    return publish(dir, partial, name, opts.keep ?? DEFAULT_BACKUPS_KEPT);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

/**
 * A snapshot with SQLite's online backup API, a hundred pages at a time between which this thread answers
 * other calls: a backup of a large database never stalls the UI.
 */
export async function backupDatabase(db: Database.Database, dataDir: string, reason: BackupReason, opts: { nowMs?: number; keep?: number } = {}): Promise<BackupInfo> {
  const dir = backupDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const name = freshName(dir, opts.nowMs ?? Date.now(), reason);
  const partial = path.join(dir, name + PARTIAL);
  fs.rmSync(partial, { force: true });
  try {
    await db.backup(partial, { progress: () => 100 });
    // The copy keeps the source's WAL flag: as a rollback-journal file it can be checked and restored without
    // leaving -wal and -shm files beside it.
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    saveRecordingsBeside(partial, dataDir, path.join(dir, name));
    return publish(dir, partial, name, opts.keep ?? DEFAULT_BACKUPS_KEPT);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

/** Whether a backup is being written now (a half-written file younger than ten minutes; an older one is a crash's). */
export function backupInProgress(dataDir: string, nowMs = Date.now()): boolean {
  try {
    const dir = backupDir(dataDir);
    return fs.readdirSync(dir).some((f) => f.endsWith(PARTIAL) && nowMs - fs.statSync(path.join(dir, f)).mtimeMs < 10 * 60_000);
  } catch {
    return false;
  }
}

/** Deletes all but the newest `keep` backups, and any half-written one left by a crash. */
export function pruneBackups(dataDir: string, keep: number, justTaken?: string): void {
  const dir = backupDir(dataDir);
  const others = listBackups(dataDir).filter((b) => b.name !== justTaken);
  const room = Math.max(1, keep) - (justTaken ? 1 : 0);
  for (const b of others.slice(room)) {
    fs.rmSync(backupRecordingsDir(path.join(dir, b.name)), { recursive: true, force: true });
    fs.rmSync(path.join(dir, b.name), { force: true });
  }
  try {
    // Only a crash's leftovers: a recent one may be another process's backup in progress.
    for (const f of fs.readdirSync(dir)) {
      const half = f.endsWith(PARTIAL) || f.endsWith(`${PARTIAL}-journal`) || f.endsWith(`${PARTIAL}-wal`) || f.endsWith(`${PARTIAL}-shm`);
      // A recordings folder whose backup is gone: a crash came between the two renames, or the file was removed.
      const stray = f.endsWith('.sqlite.recordings') && !fs.existsSync(path.join(dir, f.slice(0, -'.recordings'.length)));
      if ((half || stray) && Date.now() - fs.statSync(path.join(dir, f)).mtimeMs > 10 * 60_000) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
    }
  } catch {
    // No folder.
  }
}

export interface BackupCheck {
  ok: boolean;
  /** The schema version the backup holds. */
  schema: number;
  problem?: string;
}

/** Opens a backup read-only and checks it: a readable SQLite file, an ML Interview Drill schema, integrity_check ok. */
export function checkBackupFile(file: string, latestSchema: number): BackupCheck {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const schema = db.pragma('user_version', { simple: true }) as number;
    if (schema === 0) return { ok: false, schema, problem: 'it holds no ML Interview Drill data' };
    if (schema > latestSchema) return { ok: false, schema, problem: `it was made by a newer version of the app (schema ${schema})` };
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    if (rows.length !== 1 || rows[0]!.integrity_check !== 'ok') return { ok: false, schema, problem: `it is damaged (${rows[0]?.integrity_check ?? 'integrity check failed'})` };
    return { ok: true, schema };
  } catch (e) {
    return { ok: false, schema: 0, problem: `it cannot be read as a database (${(e as { code?: string }).code ?? (e as Error).message})` };
  } finally {
    db?.close();
  }
}

/** The database file and its side files in a data folder. */
export function databaseFiles(dataDir: string) {
  const db = path.join(dataDir, DB_FILENAME);
  return { db, wal: `${db}-wal`, shm: `${db}-shm`, journal: `${db}-journal` };
}

/**
 * Puts a backup in place of the database, which must be closed. The copy is written beside it under a temporary
 * name, synced and renamed over mldrill.sqlite, so a crash leaves either the old database or the restored one, never
 * a mix; the backup itself is only read. Side files (-wal, -shm) that belonged to the replaced database are removed
 * before the rename: replayed into the restored file they would undo it.
 */
export function putBackupInPlace(dataDir: string, backupFile: string): void {
  // The recordings first: extra files beside the old database are harmless (the next start sweeps the ones no row
  // names), while a restored database naming files not yet back would show recordings that cannot play.
  restoreRecordings(dataDir, backupFile);
  const files = databaseFiles(dataDir);
  const restoring = `${files.db}.restoring`;
  fs.rmSync(restoring, { force: true });
  fs.copyFileSync(backupFile, restoring);
  fsyncFile(restoring);
  for (const side of [files.wal, files.shm, files.journal]) fs.rmSync(side, { force: true });
  fs.renameSync(restoring, files.db);
  fsyncDir(dataDir);
}

/** Removes what a crash in the middle of putBackupInPlace can leave. */
export function cleanUpRestore(dataDir: string): void {
  fs.rmSync(`${databaseFiles(dataDir).db}.restoring`, { force: true });
}

/**
 * Keeps the recordings a backup's database names in `<final>.recordings/` (written as `.partial`, renamed when
 * complete, before the backup itself is renamed into place). A finished recording is hard-linked (it is never written
 * again; a copy where links are not possible); one still being recorded is copied up to its acknowledged length, as
 * the live file goes on growing. A recording whose file is already gone is left out. Nothing happens for a database
 * with no recordings (or from before schema 6).
 */
export function saveRecordingsBeside(backupDbFile: string, dataDir: string, finalBackupFile = backupDbFile): void {
  let rows: { file: string; bytes: number; status: string }[];
  const snapshot = new Database(backupDbFile, { readonly: true, fileMustExist: true });
  try {
    rows = snapshot.prepare('SELECT file, bytes, status FROM recordings').all() as typeof rows;
  } catch {
    return;
  } finally {
    snapshot.close();
  }
  rows = rows.filter((r) => RECORDING_FILE.test(r.file));
  if (rows.length === 0) return;
  const dest = backupRecordingsDir(finalBackupFile);
  const partial = dest + PARTIAL;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    for (const r of rows) {
      const from = path.join(recordingsDir(dataDir), r.file);
      const to = path.join(partial, r.file);
      try {
        if (r.status === 'complete') linkOrCopy(from, to);
        else copyPrefix(from, to, r.bytes);
      } catch (e) {
        if ((e as { code?: string }).code !== 'ENOENT') throw e;
      }
    }
    fsyncDir(partial);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(partial, dest);
    fsyncDir(path.dirname(dest));
  } catch (e) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw e;
  }
}

function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EEXIST') throw e;
    // Another file system (EXDEV), or one without hard links: a copy.
    fs.copyFileSync(from, to);
    fsyncFile(to);
  }
}

function copyPrefix(from: string, to: string, bytes: number): void {
  const src = fs.openSync(from, 'r');
  try {
    const out = fs.openSync(to, 'w', 0o600);
    try {
      const buf = Buffer.alloc(Math.min(bytes, 1024 * 1024));
      for (let at = 0; at < bytes; ) {
        const n = fs.readSync(src, buf, 0, Math.min(buf.length, bytes - at), at);
        if (n === 0) break;
        fs.writeSync(out, buf, 0, n);
        at += n;
      }
      fs.fsyncSync(out);
    } finally {
      fs.closeSync(out);
    }
  } finally {
    fs.closeSync(src);
  }
}

/**
 * Puts a backup's recordings back into recordings/. A file already there under the same name is the same recording
 * (names are random and never reused; a recording only ever grows), so it stays; a missing one is linked or copied
 * in under a temporary name and renamed, so a crash leaves no half file under a recording's name.
 */
export function restoreRecordings(dataDir: string, backupFile: string): { restored: number } {
  const from = backupRecordingsDir(backupFile);
  let names: string[];
  try {
    names = fs.readdirSync(from).filter((n) => RECORDING_FILE.test(n));
  } catch {
    return { restored: 0 };
  }
  const dir = recordingsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  let restored = 0;
  for (const name of names) {
    const to = path.join(dir, name);
    if (fs.existsSync(to)) continue;
    const temp = `${to}.restoring`;
    fs.rmSync(temp, { force: true });
    linkOrCopy(path.join(from, name), temp);
    fs.renameSync(temp, to);
    restored++;
  }
  if (restored > 0) fsyncDir(dir);
  return { restored };
}
