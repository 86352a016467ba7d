/**
 * Backups of the database, always taken with SQLite itself (VACUUM INTO, or the online backup API): a copy of
 * mldrill.sqlite made while the app runs misses what is still in mldrill.sqlite-wal. Each backup is written under a
 * temporary name and renamed into place once complete and synced, so a crash mid-backup leaves no half file with a
 * backup's name. Backups live in `backups/` in the data folder; the newest `keep` are kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILENAME } from './files';

export const BACKUP_DIR = 'backups';
export const BACKUP_REASONS = ['before-migration', 'before-import', 'before-removal', 'daily', 'manual', 'before-restore'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];
export const DEFAULT_BACKUPS_KEPT = 10;

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

function fsyncDir(dir: string): void {
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
  for (const b of others.slice(room)) fs.rmSync(path.join(dir, b.name), { force: true });
  try {
    // Only a crash's leftovers: a recent one may be another process's backup in progress.
    for (const f of fs.readdirSync(dir)) {
      const half = f.endsWith(PARTIAL) || f.endsWith(`${PARTIAL}-journal`) || f.endsWith(`${PARTIAL}-wal`) || f.endsWith(`${PARTIAL}-shm`);
      if (half && Date.now() - fs.statSync(path.join(dir, f)).mtimeMs > 10 * 60_000) fs.rmSync(path.join(dir, f), { force: true });
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
