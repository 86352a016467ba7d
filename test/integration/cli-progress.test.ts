import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { replayCards } from '../../electron/db/cards';
import { DB_FILENAME, STATE_FILE, closeDatabase, openDatabase } from '../../electron/db/open';
import { MIGRATIONS, migrate } from '../../electron/db/migrations';
import { bankAvailability, loadBuiltinBank } from '../../electron/services/bank';
import { emptyProgress } from '../../electron/services/progress';
import { BANK_DIR, tempDir } from './helpers';

interface AreaLine {
  id: string;
  attempts: number;
  practised: number;
  available: number;
  coverage: number | null;
  mastery: number | null;
  due: number;
}

async function progress(dir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['progress', '--json', '--data', dir], { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, err: err.join('\n'), areas: code === 0 ? (JSON.parse(out.join('\n')) as { areas: AreaLine[] }).areas : [] };
}

/** The database file's bytes and mtime, and every file in the folder. */
function folderState(dir: string) {
  const file = path.join(dir, DB_FILENAME);
  return { bytes: fs.readFileSync(file), mtimeMs: fs.statSync(file).mtimeMs, files: fs.readdirSync(dir).sort() };
}

/**
 * A data folder as the app leaves it when it is closed without its final optimize (killed, say): the built-in bank
 * installed, one attempt saved, the WAL checkpointed and removed.
 */
function practisedFolder() {
  const dir = tempDir();
  const db = openDatabase(dir);
  loadBuiltinBank(db, BANK_DIR);
  const question = db.prepare(`SELECT key FROM questions WHERE area = 'evaluation' AND retired = 0 LIMIT 1`).get() as { key: number };
  const attempt = db
    .prepare(
      `INSERT INTO attempts (question_key, answer_ms, time_limit_sec, items_total, items_ticked, coverage, clarity, judgment,
                             constraints_awareness, communication, created_at, at_ms, tz_offset_min)
       VALUES (?, 1000, 120, 4, 1, 0.25, 2, 2, 2, 2, '2025-01-01T00:00:00.000Z', ?, 0)`,
    )
    .run(question.key, Date.parse('2025-01-01T00:00:00.000Z')).lastInsertRowid;
  db.prepare(`INSERT INTO attempt_texts (attempt_id, answer, note) VALUES (?, 'answer', '')`).run(attempt);
  replayCards(db);
  db.close();
  return dir;
}

const expectBankAvailable = (areas: AreaLine[]) => {
  const bank = emptyProgress(bankAvailability(BANK_DIR));
  expect(areas).toEqual(bank.map(({ id, available }) => ({ id, mastery: null, due: 0, attempts: 0, practised: 0, available, coverage: null })));
  expect(areas.every((a) => a.available > 0)).toBe(true);
};

describe('mldrill progress reads without creating or writing anything', () => {
  it('on an empty data folder: creates nothing and prints the bank with zero attempts', async () => {
    const dir = tempDir();
    const r = await progress(dir);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dir)).toEqual([]);
    expectBankAvailable(r.areas);
  });

  it('on a data folder that does not exist: does not create it', async () => {
    const dir = path.join(tempDir(), 'not', 'yet');
    const r = await progress(dir);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.dirname(dir))).toBe(false);
    expectBankAvailable(r.areas);
  });

  it('on a 0-byte database file (an app killed while creating it): reports no data and leaves the file empty', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DB_FILENAME), '');
    const r = await progress(dir);
    expect(r.code).toBe(0);
    expectBankAvailable(r.areas);
    expect(fs.readdirSync(dir)).toEqual([DB_FILENAME]);
    expect(fs.statSync(path.join(dir, DB_FILENAME)).size).toBe(0);
  });

  it('reads a closed WAL database: bytes and mtime unchanged, no -wal or -shm left behind', async () => {
    const dir = practisedFolder();
    const before = folderState(dir);
    // The app's record that its last session closed cleanly sits beside the database.
    expect(before.files).toEqual([DB_FILENAME, STATE_FILE]);
    const r = await progress(dir);
    expect(r.code).toBe(0);
    expect(r.areas.find((a) => a.id === 'evaluation')).toMatchObject({ attempts: 1, practised: 1, coverage: 0.25 });
    expect(folderState(dir)).toEqual(before);
  });

  it('refuses a database from a newer app version: exit 1 with the reason, bytes identical, no side files', async () => {
    const dir = tempDir();
    const raw = new Database(path.join(dir, DB_FILENAME));
    raw.pragma('user_version = 99');
    raw.exec('CREATE TABLE future (x)');
    raw.close();
    const before = folderState(dir);
    const r = await progress(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/newer version of ML Interview Drill \(schema 99;/);
    expect(folderState(dir)).toEqual(before);
  });

  it('reads a database from an older app version without upgrading the file', async () => {
    const dir = tempDir();
    const old = new Database(path.join(dir, DB_FILENAME));
    old.pragma('journal_mode = WAL');
    migrate(old, MIGRATIONS.slice(0, 1));
    old.exec(`
      INSERT INTO packs (id, version, title, content_hash, installed_at, updated_at) VALUES ('p', '1', 'P', 'h', 't', 't');
      INSERT INTO questions (key, pack_id, id, area, kind, level, prompt, time_limit_sec, pitfalls, follow_ups, tags, roles, ordinal)
        VALUES (1, 'p', 'q', 'evaluation', 'concept', 'junior', 'Explain.', 120, '[]', '[]', '[]', '[]', 0);
      INSERT INTO attempts (question_key, answer, answer_ms, time_limit_sec, items_total, items_ticked, coverage, clarity, judgment,
                            constraints_awareness, communication, created_at) VALUES (1, 'a', 1, 120, 2, 1, 0.5, 1, 1, 1, 1, 't');
    `);
    old.close();
    const before = folderState(dir);
    const r = await progress(dir);
    expect(r.code).toBe(0);
    expect(r.areas.find((a) => a.id === 'evaluation')).toMatchObject({ id: 'evaluation', attempts: 1, practised: 1, available: 1, coverage: 0.5 });
    // Schema 1 had no cards: the in-memory upgrade replays the attempt into one, so mastery is known.
    expect(r.areas.find((a) => a.id === 'evaluation')!.mastery).toBeGreaterThan(0);
    expect(folderState(dir)).toEqual(before);
  });

  it('answers while the app holds an uncommitted write transaction, and the write then commits', async () => {
    const dir = practisedFolder();
    const app = openDatabase(dir);
    app.exec('BEGIN IMMEDIATE');
    app.prepare(`INSERT INTO settings (key, value) VALUES ('pending', '1')`).run();
    const r = await progress(dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.areas.find((a) => a.id === 'evaluation')).toMatchObject({ attempts: 1 });
    app.exec('COMMIT');
    expect(app.prepare(`SELECT value FROM settings WHERE key = 'pending'`).get()).toEqual({ value: '1' });
    closeDatabase(app);
  });
});
