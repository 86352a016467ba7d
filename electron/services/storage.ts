/**
 * Keeping the data folder healthy: recovering from a database that cannot be read, the integrity check that runs
 * off the first paint's path, and start-up errors worded as sentences with the path and a next step.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StorageNotice } from '../../shared/api';
import { checkBackupFile, databaseFiles, listBackups, putBackupInPlace, backupDir, type BackupInfo } from '../db/backup';
import { latestVersion, NewerDatabaseError } from '../db/migrations';

const DAMAGE_CODES = ['SQLITE_CORRUPT', 'SQLITE_NOTADB'];

/** A SQLite error that means the file itself is damaged or not a database (as opposed to busy, full, read-only). */
export function isDamage(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DAMAGE_CODES.some((c) => code === c || code.startsWith(`${c}_`));
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:.]/g, '');

function hoursBetween(fromIso: string, toMs: number): string {
  const h = Math.max(0, (toMs - Date.parse(fromIso)) / 3_600_000);
  if (h < 1) return `${Math.max(1, Math.round(h * 60))} minutes`;
  if (h < 48) return `${Math.round(h)} hours`;
  return `${Math.round(h / 24)} days`;
}

export interface Recovery {
  notice: StorageNotice;
  restored: BackupInfo | null;
}

/**
 * Moves a damaged database (and its side files) into a folder of its own, never deleting or overwriting it, then
 * puts the newest good backup in its place (or nothing: the app starts afresh). Says what happened, where the old
 * file is, and what was lost.
 */
export function recoverDamagedDatabase(dataDir: string, why: string, nowMs = Date.now()): Recovery {
  const files = databaseFiles(dataDir);
  const aside = path.join(dataDir, `damaged-${stamp(nowMs)}`);
  fs.mkdirSync(aside, { recursive: true });
  for (const f of [files.db, files.wal, files.shm, files.journal]) {
    if (fs.existsSync(f)) fs.renameSync(f, path.join(aside, path.basename(f)));
  }
  const good = listBackups(dataDir).find((b) => checkBackupFile(path.join(backupDir(dataDir), b.name), latestVersion()).ok) ?? null;
  if (good) {
    putBackupInPlace(dataDir, path.join(backupDir(dataDir), good.name));
    return {
      restored: good,
      notice: {
        kind: 'recovered',
        at: new Date(nowMs).toISOString(),
        path: aside,
        message:
          `Your database could not be read (${why}), so it was moved to ${aside} and the backup from ${good.takenAt} was restored. ` +
          `Practice from the last ${hoursBetween(good.takenAt, nowMs)} is not in it; the damaged file is kept in that folder.`,
      },
    };
  }
  return {
    restored: null,
    notice: {
      kind: 'fresh-start',
      at: new Date(nowMs).toISOString(),
      path: aside,
      message: `Your database could not be read (${why}) and there was no good backup, so it was moved to ${aside} and the app started with an empty history. The damaged file is kept in that folder.`,
    },
  };
}

/**
 * Runs PRAGMA quick_check in a worker thread with its own read-only connection, so a large database is checked
 * without holding up this thread. Answers the problems found ([] when the file is sound).
 */
export function quickCheckOffThread(file: string): Promise<string[]> {
  const require = createRequire(import.meta.url);
  let modulePath: string;
  try {
    modulePath = require.resolve('better-sqlite3');
  } catch {
    return Promise.resolve([]);
  }
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const Database = require(workerData.modulePath);
    let db;
    try {
      db = new Database(workerData.file, { readonly: true, fileMustExist: true });
      const rows = db.pragma('quick_check(20)');
      const problems = rows.map((r) => r.quick_check).filter((t) => t !== 'ok');
      parentPort.postMessage({ problems });
    } catch (e) {
      parentPort.postMessage({ problems: [String((e && e.code) || (e && e.message) || e)] });
    } finally {
      try { db && db.close(); } catch {}
    }`;
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(code, { eval: true, workerData: { file, modulePath } });
    } catch {
      resolve([]);
      return;
    }
    worker.once('message', (m: { problems: string[] }) => resolve(m.problems));
    worker.once('error', (e) => resolve([`the check could not run (${e.message})`]));
    worker.once('exit', () => resolve([]));
  });
}

/** An error at start-up as one sentence: what failed, the path, and what to do. Raw SQLite text never reaches the user. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export function describeStartupError(e: unknown, dataDir: string): Error {
  if (e instanceof NewerDatabaseError || e instanceof StartupError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  const file = databaseFiles(dataDir).db;
  switch (code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return new StartupError(`The data folder ${dataDir} cannot be created: a file of that name is in the way. Move or rename it, or choose another folder with --data.`);
    case 'EACCES':
    case 'EPERM':
      return new StartupError(`The data folder ${dataDir} cannot be written (permission denied). Give your user write access to it, or choose another folder with --data.`);
    case 'EROFS':
    case 'SQLITE_READONLY':
      return new StartupError(`The data folder ${dataDir} is on a read-only disk. Choose a writable folder with --data.`);
    case 'ENOSPC':
    case 'SQLITE_FULL':
      return new StartupError(`The disk holding ${dataDir} is full. Free some space and start the app again.`);
    case 'SQLITE_CANTOPEN':
      return new StartupError(`The database ${file} cannot be opened. Check that the folder exists and is writable, or choose another with --data.`);
    default:
      if (typeof code === 'string' && code.startsWith('SQLITE_')) {
        return new StartupError(`The database ${file} could not be opened (${code}). Close other programs using it and start again; your backups are in ${backupDir(dataDir)}.`);
      }
      return e instanceof Error ? e : new Error(String(e));
  }
}
