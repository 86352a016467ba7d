import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILENAME, closeDatabase, openDatabase } from '../../electron/db/open';
import { MIGRATIONS, NewerDatabaseError, latestVersion, migrate } from '../../electron/db/migrations';
import { tempDir } from './helpers';

function schema(db: Database.Database) {
  const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, (db.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`).all(name) as object[])]),
  );
}

describe('database', () => {
  it('creates the schema on first open and configures the connection', () => {
    const db = openDatabase(tempDir());
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    closeDatabase(db);
  });

  it('keeps the schema snapshot: a migration that drops or renames a column shows up here', () => {
    const db = openDatabase(tempDir());
    expect(schema(db)).toMatchSnapshot();
    closeDatabase(db);
  });

  it('refuses a database written by a newer app version, without touching it', () => {
    const dir = tempDir();
    const raw = new Database(path.join(dir, DB_FILENAME));
    raw.pragma('user_version = 99');
    raw.exec('CREATE TABLE future (x)');
    raw.close();
    expect(() => openDatabase(dir)).toThrow(NewerDatabaseError);
    expect(() => openDatabase(dir)).toThrow(/newer version of ML Interview Drill \(schema 99; this version knows up to 1\)/);
    const after = new Database(path.join(dir, DB_FILENAME));
    expect(after.pragma('user_version', { simple: true })).toBe(99);
    after.close();
  });

  it('runs pending steps in one transaction: a failing step leaves the database as it was', () => {
    const db = new Database(':memory:');
    const broken = [...MIGRATIONS, { version: 2, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE half (x); SELECT * FROM nope') }];
    expect(() => migrate(db, broken)).toThrow(/no such table: nope/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM sqlite_schema WHERE type = 'table'`).get()).toEqual({ n: 0 });
  });

  it('refuses a migration list whose versions do not increase by one', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ version: 2, name: 'gap', up: () => {} }])).toThrow(/expected 1/);
  });

  it('is idempotent: reopening does not migrate again', () => {
    const dir = tempDir();
    closeDatabase(openDatabase(dir));
    const db = openDatabase(dir);
    expect(migrate(db)).toEqual({ from: 1, to: 1 });
    closeDatabase(db);
  });
});
