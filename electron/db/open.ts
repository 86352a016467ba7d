/** The one place a database connection is opened and configured. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { NewerDatabaseError, latestVersion, migrate } from './migrations';

export const DB_FILENAME = 'mldrill.sqlite';

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

export function openDatabase(dataDir: string, opts: OpenOptions = {}): Database.Database {
  const file = path.join(dataDir, DB_FILENAME);
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  if (opts.readonly) return openReadOnly(file, busyTimeoutMs);
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Before the first write (switching to WAL is one): a newer app's database is left exactly as it was.
    schemaVersion(db);
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
    db.close();
  }
}
