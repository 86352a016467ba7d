/**
 * What "the database is unchanged" means in the tests: every stored table, sorted in JS (WITHOUT ROWID tables have
 * no rowid, and the FTS shadow tables are tables too), plus the schema; the connection's change counter; and the
 * file's bytes once the WAL is checkpointed into it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

export function dump(db: Database.Database): Record<string, unknown[]> {
  const master = db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all() as { type: string; name: string; sql: string | null }[];
  const out: Record<string, unknown[]> = { sqlite_master: master };
  for (const t of master) {
    if (t.type === 'table' && !t.name.startsWith('sqlite_') && !/^CREATE VIRTUAL/i.test(t.sql ?? '')) {
      out[t.name] = (db.prepare(`SELECT * FROM "${t.name}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
    }
  }
  return out;
}

export const totalChanges = (db: Database.Database) => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

/** The database file's bytes, after checkpointing the WAL into it (waiting up to 5 s for readers). */
export async function fileBytes(db: Database.Database, dataDir: string): Promise<Buffer> {
  for (let i = 0; ; i++) {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (r!.busy === 0) break;
    if (i >= 250) throw new Error('the database stayed busy for over 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return fs.readFileSync(path.join(dataDir, 'mldrill.sqlite'));
}
