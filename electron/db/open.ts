/** The one place a database connection is opened and configured. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { backupNow } from './backup';
import { NewerDatabaseError, latestVersion, migrate } from './migrations';

import { DB_FILENAME } from './files';

export { DB_FILENAME };

export interface OpenOptions {
  /** How long opening (and migrating) waits for another connection's lock. */
  busyTimeoutMs?: number;
  /**
   * How long each statement waits for a lock once the database is open (default: busyTimeoutMs). The services use
   * a few milliseconds and retry from a timer (services/dispatch.ts), so a lock held elsewhere never blocks the
   * thread that answers the UI.
   */
  runtimeBusyTimeoutMs?: number;
  /**
   * Read without creating or writing anything (`mldrill progress`): no folder or file is made, the file is never
   * migrated (an older schema is upgraded in a copy in memory), and SQL that would change the database fails.
   * Throws NoDatabaseError when there is no database yet, NewerDatabaseError for a newer app's.
   */
  readonly?: boolean;
  /** Told about a stray -wal set aside and a backup taken before a migration. */
  onNotice?: (notice: OpenNotice) => void;
}

/** A read-only open found no database: the file is missing, or empty because the app never finished creating it. */
export class NoDatabaseError extends Error {
  constructor(
    readonly file: string,
    why = 'does not exist',
  ) {
    super(`There is no ML Interview Drill database yet: ${file} ${why}. The app creates it when it first starts.`);
    this.name = 'NoDatabaseError';
  }
}

/** The file's schema version, refusing one written by a newer app. Reads the header only: nothing is written. */
function schemaVersion(db: Database.Database): number {
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > latestVersion()) throw new NewerDatabaseError(found, latestVersion());
  return found;
}

/** Something opening the database did that the user should hear about. */
export type OpenNotice =
  | { kind: 'stray-wal'; movedTo: string }
  | { kind: 'backup-before-migration'; backup: string; from: number; to: number };

/**
 * The app's own record of whether its last session closed cleanly (`mldrill.state.json` beside the database). A
 * clean close of the last connection checkpoints and deletes mldrill.sqlite-wal, so a -wal found after a clean close
 * did not come from this database's last session: replayed, it would overwrite newer pages with older ones.
 */
export const STATE_FILE = 'mldrill.state.json';

interface SessionState {
  open: boolean;
  at: string;
}

function readState(dataDir: string): SessionState | null {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(dataDir, STATE_FILE), 'utf8')) as unknown;
    return typeof v === 'object' && v !== null && typeof (v as SessionState).open === 'boolean' ? (v as SessionState) : null;
  } catch {
    return null;
  }
}

function writeState(dataDir: string, open: boolean): void {
  const file = path.join(dataDir, STATE_FILE);
  const tmp = `${file}.tmp`;
  try {
    // Synced before and after the rename: after a power cut it must not read "closed" while the -wal survives.
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify({ open, at: new Date().toISOString() }));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    try {
      const dir = fs.openSync(dataDir, 'r');
      try {
        fs.fsyncSync(dir);
      } finally {
        fs.closeSync(dir);
      }
    } catch {
      // Windows cannot sync a folder; the rename is atomic there.
    }
  } catch {
    // A read-only folder: the database open fails or reports it on its own.
  }
}

/** Moves a -wal (and -shm) that the last clean session did not leave into a folder of its own, never replayed. */
function setAsideStrayWal(dataDir: string): OpenNotice | null {
  const file = path.join(dataDir, DB_FILENAME);
  const wal = `${file}-wal`;
  let size: number;
  try {
    size = fs.statSync(wal).size;
  } catch {
    return null;
  }
  if (size === 0 || readState(dataDir)?.open !== false) return null;
  const dir = path.join(dataDir, `stray-wal-${new Date().toISOString().replace(/[-:.]/g, '')}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.renameSync(wal, path.join(dir, `${DB_FILENAME}-wal`));
  if (fs.existsSync(`${file}-shm`)) fs.renameSync(`${file}-shm`, path.join(dir, `${DB_FILENAME}-shm`));
  return { kind: 'stray-wal', movedTo: dir };
}

export function openDatabase(dataDir: string, opts: OpenOptions = {}): Database.Database {
  const file = path.join(dataDir, DB_FILENAME);
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  if (opts.readonly) return openReadOnly(file, busyTimeoutMs);
  fs.mkdirSync(dataDir, { recursive: true });
  const stray = setAsideStrayWal(dataDir);
  if (stray) opts.onNotice?.(stray);
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Before the first write (switching to WAL is one): a newer app's database is left exactly as it was.
    const found = schemaVersion(db);
    writeState(dataDir, true);
    db.pragma('journal_mode = WAL');
    // synchronous is per connection and not stored in the file. NORMAL in WAL mode is not durable across power loss:
    // commits since the last checkpoint may sit in the OS cache. FULL syncs the WAL on every commit. On macOS fsync
    // does not flush the drive's cache; fullfsync (F_FULLFSYNC) does.
    db.pragma('synchronous = FULL');
    if (process.platform === 'darwin') {
      db.pragma('fullfsync = ON');
      db.pragma('checkpoint_fullfsync = ON');
    }
    db.pragma('foreign_keys = ON');
    // SQLite's default page cache is 2 MB; years of history are well over 100 MB, and Home and the dashboard read the
    // same pages on every call. 64 MB keeps them in memory (it is a ceiling, not an allocation).
    db.pragma('cache_size = -65536');
    // An upgrade changes every table it touches: keep the data as the older app left it, first.
    if (found > 0 && found < latestVersion()) {
      const backup = backupNow(db, dataDir, 'before-migration');
      opts.onNotice?.({ kind: 'backup-before-migration', backup: backup.name, from: found, to: latestVersion() });
    }
    migrate(db);
    if (opts.runtimeBusyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${opts.runtimeBusyTimeoutMs}`);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Not SQLite's read-only mode: a read-only connection to a WAL database creates the -wal and -shm files it needs but
 * can never delete them, so it would leave them behind. A read-write connection that may not create the file
 * (fileMustExist) under query_only refuses every change from SQL, and as the last connection removes the side files
 * again (its one write to the file: checkpointing frames that others committed and left in the WAL, as any
 * connection's close does). It never waits on a writer: a WAL reader reads the last commit during a write transaction.
 */
function openReadOnly(file: string, busyTimeoutMs: number): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (e) {
    if (!fs.existsSync(file)) throw new NoDatabaseError(file);
    throw e;
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('query_only = ON');
    const found = schemaVersion(db);
    if (found === 0) throw new NoDatabaseError(file, 'holds no schema yet');
    if (found === latestVersion()) return db;
    // Written by an older app: upgrade a snapshot in memory and read that; the file stays as the older app left it.
    const image = db.serialize();
    db.close();
    // Header bytes 18-19 say WAL; an in-memory database cannot use a WAL, so mark the copy as rollback-journal.
    image[18] = image[19] = 1;
    const copy = new Database(image);
    try {
      copy.pragma('foreign_keys = ON');
      migrate(copy);
      copy.pragma('query_only = ON');
      return copy;
    } catch (e) {
      copy.close();
      throw e;
    }
  } catch (e) {
    db.close();
    throw e;
  }
}

export function closeDatabase(db: Database.Database): void {
  if (!db.open) return;
  try {
    // optimize may run ANALYZE, a write; read-only connections (query_only) never write.
    if (!db.readonly && !db.pragma('query_only', { simple: true })) db.pragma('optimize');
  } finally {
    const writer = !db.readonly && !db.memory && !db.pragma('query_only', { simple: true });
    const file = db.name;
    db.close();
    // The last connection's close checkpoints and deletes the -wal: from now on a -wal beside this file is not ours.
    if (writer && !fs.existsSync(`${file}-wal`)) writeState(path.dirname(file), false);
  }
}
