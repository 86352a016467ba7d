/** The one place a database connection is opened and configured. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';

export const DB_FILENAME = 'mldrill.sqlite';

export interface OpenOptions {
  busyTimeoutMs?: number;
  readonly?: boolean;
}

export function openDatabase(dataDir: string, opts: OpenOptions = {}): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DB_FILENAME);
  const db = new Database(file, { readonly: opts.readonly ?? false });
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    // synchronous is per connection and not stored in the file; NORMAL is durable at transaction boundaries in WAL mode.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export function closeDatabase(db: Database.Database): void {
  if (!db.open) return;
  try {
    if (!db.readonly) db.pragma('optimize');
  } finally {
    db.close();
  }
}
