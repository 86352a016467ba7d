import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILENAME, NoDatabaseError, closeDatabase, openDatabase } from '../../electron/db/open';
import { MIGRATIONS, NewerDatabaseError, latestVersion, migrate, type Migration } from '../../electron/db/migrations';
import { tempDir } from './helpers';

const normalize = (sql: string | null) => (sql === null ? null : sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim());

/** Tables with their SQL (CHECKs, defaults), columns, foreign keys and indexes, and every index's SQL. */
function schema(db: Database.Database) {
  const objects = db.prepare(`SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { type: string; name: string; sql: string | null }[];
  const table = (name: string, sql: string | null) => ({
    sql: normalize(sql),
    columns: db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid`).all(name),
    foreignKeys: db.prepare(`SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`).all(name),
    indexes: db.prepare(`SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name`).all(name),
  });
  return {
    tables: Object.fromEntries(objects.filter((o) => o.type === 'table').map((o) => [o.name, table(o.name, o.sql)])),
    indexes: Object.fromEntries(objects.filter((o) => o.type === 'index').map((o) => [o.name, normalize(o.sql)])),
  };
}

type Rows = Record<string, Record<string, unknown>[]>;

const T = '2025-01-02T03:04:05.000Z';

/**
 * Representative rows per schema version, in the columns that version has: a database at version v holds the rows of
 * SEEDS[1..v]. A new migration adds one entry here (rows that use what it adds); the test below checks there is one.
 */
const SEEDS: Record<number, Rows> = {
  1: {
    packs: [
      { id: 'core', version: '1.2.0', title: 'Core', description: 'd', author: 'a', license: 'MIT', builtin: 1, content_hash: 'h1', installed_at: T, updated_at: T },
      { id: 'mine', version: '0.1.0', title: 'Mine', description: null, author: null, license: null, builtin: 0, content_hash: 'h2', installed_at: T, updated_at: T },
    ],
    questions: [
      q(1, 'core', 'q-one', 'evaluation', 0),
      q(2, 'core', 'q-two', 'fundamentals', 1),
      { ...q(3, 'mine', 'q-three', 'vision', 0), outline: null },
    ],
    checklist_items: [
      { key: 1, question_key: 1, id: 'pr-auc', text: 'Chooses PR-AUC', keywords: '["PR-AUC"]', ordinal: 0, retired: 0 },
      { key: 2, question_key: 1, id: 'threshold', text: 'Sets the threshold', keywords: '["threshold"]', ordinal: 1, retired: 1 },
      { key: 3, question_key: 2, id: 'bias', text: 'Names bias and variance', keywords: '["bias"]', ordinal: 0, retired: 0 },
    ],
    drill_sessions: [
      { id: 1, mode: 'practice', level: 'any', areas: '["evaluation","fundamentals"]', status: 'active', started_at: T, finished_at: null },
      { id: 2, mode: 'strict', level: 'junior', areas: '["evaluation"]', status: 'finished', started_at: T, finished_at: T },
      { id: 3, mode: 'practice', level: 'senior', areas: '["vision"]', status: 'abandoned', started_at: T, finished_at: T },
    ],
    session_questions: [
      { session_id: 1, position: 0, question_key: 1 },
      { session_id: 1, position: 1, question_key: 2 },
      { session_id: 2, position: 0, question_key: 1 },
      { session_id: 3, position: 0, question_key: 3 },
    ],
    attempts: [
      { id: 1, session_id: 2, position: 0, question_key: 1, answer: 'Use PR-AUC.', answer_ms: 61_000, time_limit_sec: 120, items_total: 2, items_ticked: 1, coverage: 0.5, clarity: 3, judgment: 2, constraints_awareness: 1, communication: 4, note: 'ok', created_at: T },
      { id: 2, session_id: 1, position: 0, question_key: 1, answer: '', answer_ms: 5, time_limit_sec: 120, items_total: 2, items_ticked: 0, coverage: 0, clarity: 0, judgment: 0, constraints_awareness: 0, communication: 0, note: '', created_at: T },
      { id: 3, session_id: null, position: null, question_key: 3, answer: 'orphan of a deleted session', answer_ms: 9, time_limit_sec: 60, items_total: 0, items_ticked: 0, coverage: 1, clarity: 4, judgment: 4, constraints_awareness: 4, communication: 4, note: '', created_at: T },
    ],
    attempt_items: [
      { attempt_id: 1, item_key: 1, ticked: 1, suggested: 1 },
      { attempt_id: 1, item_key: 2, ticked: 0, suggested: 1 },
      { attempt_id: 2, item_key: 1, ticked: 0, suggested: 0 },
    ],
    drafts: [{ session_id: 1, position: 1, state: '{"phase":"answer","answer":"half","elapsedMs":1200}', updated_at: T }],
    settings: [
      { key: 'theme', value: '"dark"' },
      { key: 'defaultCount', value: '5' },
    ],
  },
  2: {
    session_questions: [{ session_id: 1, position: 2, question_key: 3, skipped_at: T }],
    drafts: [{ session_id: 1, position: 2, state: '{"phase":"grade"}', updated_at: T, revision: 7 }],
  },
  3: {
    packs: [
      { id: 'cohort', version: '2.0.0', title: 'Cohort', description: null, author: 'i', license: 'CC-BY-4.0', builtin: 0, content_hash: 'h3', installed_at: T, updated_at: T, enabled: 0, source_file: 'cohort.drillpack.json', removed_at: null },
      { id: 'gone', version: '1.0.0', title: 'Gone', description: null, author: null, license: null, builtin: 0, content_hash: 'h4', installed_at: T, updated_at: T, enabled: 1, source_file: null, removed_at: T },
    ],
  },
  4: {
    checklist_items: [{ key: 4, question_key: 2, id: 'variance', text: 'Names variance', keywords: '[]', concepts: '["bias-variance"]', ordinal: 1, retired: 0 }],
    attempts: [
      { id: 4, session_id: null, position: null, question_key: 2, answer_ms: 30_000, time_limit_sec: 120, items_total: 1, items_ticked: 1, coverage: 1, clarity: 3, judgment: 3, constraints_awareness: 3, communication: 3, created_at: T, at_ms: Date.parse(T), tz_offset_min: 60, edited_at: T },
    ],
    attempt_texts: [{ attempt_id: 4, answer: 'A v4 answer about variance.', note: 'v4 note' }],
    attempt_items: [{ attempt_id: 4, item_key: 4, ticked: 1, suggested: 0 }],
    cards: [
      { question_key: 2, state: 'review', stability: 3.1, difficulty: 5, reps: 1, lapses: 0, scheduled_days: 3, learning_steps: 0, due_ms: 1, last_review_ms: 0, due_day: 20_000, first_day: 19_997, last_day: 19_997, last_coverage: 1, coverage_sum: 1, last_grade: 'good', graded: 1, buried_until_day: null },
    ],
  },
  5: {
    questions: [{ ...q(5, 'core', 'design-feed', 'mlops', 4), kind: 'system-design', stages: '[{"title":"Requirements","minutes":5},{"title":"Model","minutes":10}]' }],
    drill_sessions: [{ id: 4, mode: 'strict', level: 'any', areas: '["mlops"]', status: 'finished', started_at: T, finished_at: T, loop: '{"template":"ml-system-design"}', time_factor: 2 }],
    attempts: [
      { id: 5, session_id: 4, position: 0, question_key: 5, answer_ms: 60_000, time_limit_sec: 1800, items_total: 1, items_ticked: 0, coverage: 0, clarity: 2, judgment: 2, constraints_awareness: 2, communication: 2, created_at: T, at_ms: Date.parse(T), tz_offset_min: 0, edited_at: null },
    ],
    attempt_texts: [{ attempt_id: 5, answer: 'A mock answer.', note: '' }],
    mock_answers: [{ attempt_id: 5, follow_ups: '[{"prompt":"Why?","answer":"Because.","answerMs":30000,"limitSec":120}]', stages: '[{"title":"Requirements","boxSec":300,"usedMs":310000}]' }],
  },
  6: {
    recordings: [
      { id: 1, session_id: 2, position: 0, part: 0, attempt_id: 1, file: '0f8c2a4e-1b6d-4c3e-9a7f-2d5e8b1c6a90.webm', mime: 'audio/webm;codecs=opus', bytes: 4096, chunks: 2, duration_ms: 2000, status: 'complete', created_at: T, at_ms: Date.parse(T), updated_ms: Date.parse(T) },
      { id: 2, session_id: 1, position: 1, part: 1, attempt_id: null, file: '7a1e9c3b-5d2f-4e8a-b6c4-0f3d9e2a7b15.ogg', mime: 'audio/ogg;codecs=opus', bytes: 0, chunks: 0, duration_ms: 0, status: 'recording', created_at: T, at_ms: Date.parse(T), updated_ms: Date.parse(T) },
    ],
  },
};

/** Columns schema 4 moved out of attempts into attempt_texts. */
const MOVED_TO_TEXTS = ['answer', 'note'] as const;

function q(key: number, pack_id: string, id: string, area: string, ordinal: number) {
  const text = { pitfalls: '["a"]', follow_ups: '["b"]', tags: '["t"]', roles: '["applied-ml"]' };
  return { key, pack_id, id, area, kind: 'concept', level: 'junior', prompt: `Explain ${id}.`, time_limit_sec: 120, outline: 'o', ...text, ordinal, retired: ordinal === 1 ? 1 : 0 };
}

/** The rows of SEEDS[1..version], table by table. */
function seedsUpTo(version: number): Rows {
  const all: Rows = {};
  for (let v = 1; v <= version; v++) for (const [table, rows] of Object.entries(SEEDS[v] ?? {})) (all[table] ??= []).push(...rows);
  return all;
}

function insert(db: Database.Database, rows: Rows) {
  for (const [table, list] of Object.entries(rows)) {
    for (const row of list) {
      const cols = Object.keys(row);
      db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(row);
    }
  }
}

/** Seed rows as the latest schema holds them: attempts' answer and note live in attempt_texts since schema 4. */
function atLatest(rows: Rows): Rows {
  const out: Rows = { ...rows, attempt_texts: [...(rows.attempt_texts ?? [])] };
  out.attempts = (rows.attempts ?? []).map((row) => {
    if (!('answer' in row)) return row;
    const rest = Object.fromEntries(Object.entries(row).filter(([k]) => !(MOVED_TO_TEXTS as readonly string[]).includes(k)));
    out.attempt_texts!.push({ attempt_id: row.id, answer: row.answer, note: row.note });
    return rest;
  });
  return out;
}

function expectRows(db: Database.Database, seeded: Rows) {
  const rows = atLatest(seeded);
  for (const [table, list] of Object.entries(rows)) {
    const found = db.prepare(`SELECT * FROM ${table}`).all();
    // cards are derived from attempts: a migration adds the ones the seeded attempts imply.
    if (table !== 'cards') expect(found, table).toHaveLength(list.length);
    for (const row of list) expect(found, table).toContainEqual(expect.objectContaining(row));
  }
}

/** A database file at exactly `version`, holding the seeds of that version and the ones before. */
function databaseAt(version: number): string {
  const dir = tempDir();
  const db = new Database(path.join(dir, DB_FILENAME));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // Each version's rows are written at that version, then migrated on, as a real database would have been.
  for (let v = 1; v <= version; v++) {
    migrate(db, MIGRATIONS.slice(0, v));
    insert(db, SEEDS[v] ?? {});
  }
  db.close();
  return dir;
}

/** The bytes of the database file, and which of its side files exist. */
function fileState(dir: string) {
  const file = path.join(dir, DB_FILENAME);
  return { bytes: fs.readFileSync(file), mtimeMs: fs.statSync(file).mtimeMs, files: fs.readdirSync(dir).sort() };
}

function rollbackJournalDatabase(userVersion: number): string {
  const dir = tempDir();
  const raw = new Database(path.join(dir, DB_FILENAME));
  raw.pragma(`user_version = ${userVersion}`);
  raw.exec('CREATE TABLE future (x); INSERT INTO future VALUES (1)');
  raw.close();
  return dir;
}

describe('database', () => {
  it('creates the schema on first open and configures the connection for durability', () => {
    const db = openDatabase(tempDir());
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // FULL (2): in WAL mode NORMAL may lose the last commits on power loss.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('fullfsync', { simple: true })).toBe(process.platform === 'darwin' ? 1 : 0);
    expect(db.pragma('checkpoint_fullfsync', { simple: true })).toBe(process.platform === 'darwin' ? 1 : 0);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    closeDatabase(db);
  });

  it('keeps the schema snapshot: a migration that changes a column, CHECK, index or foreign key shows up here', () => {
    const db = openDatabase(tempDir());
    expect(schema(db)).toMatchSnapshot();
    closeDatabase(db);
  });

  it('refuses a database written by a newer app version before writing anything: bytes identical, no side files', () => {
    const dir = rollbackJournalDatabase(99);
    const before = fileState(dir);
    expect(before.files).toEqual([DB_FILENAME]);
    expect(() => openDatabase(dir)).toThrow(NewerDatabaseError);
    expect(() => openDatabase(dir)).toThrow(`newer version of ML Interview Drill (schema 99; this version knows up to ${latestVersion()})`);
    expect(fileState(dir)).toEqual(before);
  });

  it('runs pending steps in one transaction: a failing step leaves the database as it was', () => {
    const db = new Database(':memory:');
    const broken = [...MIGRATIONS, { version: latestVersion() + 1, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE half (x); SELECT * FROM nope') }];
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
    expect(migrate(db)).toEqual({ from: latestVersion(), to: latestVersion() });
    closeDatabase(db);
  });
});

describe('every past schema version survives the upgrade', () => {
  it('has one seed per migration, so each version is built with rows in what it added', () => {
    expect(Object.keys(SEEDS).map(Number)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it.each(MIGRATIONS.slice(0, -1).map((m) => m.version))('a database at schema %i keeps every row and value when opened', (version) => {
    const dir = databaseAt(version);
    const db = openDatabase(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expectRows(db, seedsUpTo(version));
    expect(db.pragma('foreign_key_check')).toEqual([]);
    closeDatabase(db);
  });

  it('v4: answers move to attempt_texts and the search index, attempts get instants and offsets, cards are replayed', () => {
    const db = openDatabase(databaseAt(3));
    expect(db.prepare('SELECT attempt_id, answer, note FROM attempt_texts ORDER BY attempt_id').all()).toEqual([
      { attempt_id: 1, answer: 'Use PR-AUC.', note: 'ok' },
      { attempt_id: 2, answer: '', note: '' },
      { attempt_id: 3, answer: 'orphan of a deleted session', note: '' },
    ]);
    expect(db.prepare('SELECT name FROM pragma_table_info(?)').all('attempts').map((c) => (c as { name: string }).name)).not.toContain('answer');
    expect(db.prepare(`SELECT rowid FROM attempt_search WHERE attempt_search MATCH 'orphan'`).all()).toEqual([{ rowid: 3 }]);
    const attempts = db.prepare('SELECT id, at_ms, tz_offset_min FROM attempts ORDER BY id').all() as { id: number; at_ms: number; tz_offset_min: number }[];
    expect(attempts.map((a) => a.at_ms)).toEqual([Date.parse(T), Date.parse(T), Date.parse(T)]);
    expect(attempts.every((a) => a.tz_offset_min === -new Date(Date.parse(T)).getTimezoneOffset())).toBe(true);
    // One card per question with graded attempts (1 and 3), from the same grades a live save gives.
    expect(db.prepare('SELECT question_key, graded, last_grade FROM cards ORDER BY question_key').all()).toEqual([
      { question_key: 1, graded: 2, last_grade: 'again' },
      { question_key: 3, graded: 1, last_grade: 'easy' },
    ]);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM item_concepts`).get()).toEqual({ n: 0 });
    closeDatabase(db);
  });

  it('v4: item concepts follow the checklist items through their triggers', () => {
    const db = openDatabase(databaseAt(latestVersion()));
    expect(db.prepare('SELECT concept, item_key FROM item_concepts').all()).toEqual([{ concept: 'bias-variance', item_key: 4 }]);
    db.prepare(`UPDATE checklist_items SET concepts = '["calibration","calibration","data-leakage"]' WHERE key = 4`).run();
    expect(db.prepare('SELECT concept FROM item_concepts WHERE item_key = 4 ORDER BY concept').all()).toEqual([{ concept: 'calibration' }, { concept: 'data-leakage' }]);
    db.prepare('DELETE FROM attempt_items WHERE item_key = 4').run();
    db.prepare('DELETE FROM checklist_items WHERE key = 4').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM item_concepts').get()).toEqual({ n: 0 });
    closeDatabase(db);
  });

  it('v2: existing slots are not skipped and existing drafts start at revision 0', () => {
    const db = openDatabase(databaseAt(1));
    expect(db.prepare('SELECT DISTINCT skipped_at FROM session_questions').all()).toEqual([{ skipped_at: null }]);
    expect(db.prepare('SELECT DISTINCT revision FROM drafts').all()).toEqual([{ revision: 0 }]);
    closeDatabase(db);
  });
});

describe('migrations that rebuild a table', () => {
  /** The usual rebuild (new table, copy, drop, rename) to widen drill_sessions.status; `copyWhere` can drop rows. */
  const widenStatus = (copyWhere = ''): Migration => ({
    version: latestVersion() + 1,
    name: 'drill_sessions.status may be paused',
    rebuildsTables: true,
    up: (db) =>
      db.exec(`
        CREATE TABLE new_drill_sessions (
          id INTEGER PRIMARY KEY,
          mode TEXT NOT NULL CHECK (mode IN ('practice', 'strict')),
          level TEXT NOT NULL,
          areas TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'finished', 'abandoned')),
          started_at TEXT NOT NULL,
          finished_at TEXT,
          loop TEXT,
          time_factor REAL NOT NULL DEFAULT 1
        ) STRICT;
        INSERT INTO new_drill_sessions SELECT * FROM drill_sessions ${copyWhere};
        DROP TABLE drill_sessions;
        ALTER TABLE new_drill_sessions RENAME TO drill_sessions;
        CREATE INDEX drill_sessions_active ON drill_sessions(status) WHERE status = 'active';
      `),
  });

  it('keeps every child row (session_questions, drafts, attempts): foreign keys are off during the rebuild', () => {
    const db = openDatabase(databaseAt(latestVersion()));
    expect(migrate(db, [...MIGRATIONS, widenStatus()])).toEqual({ from: latestVersion(), to: latestVersion() + 1 });
    expectRows(db, seedsUpTo(latestVersion()));
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.prepare(`UPDATE drill_sessions SET status = 'paused' WHERE id = 1`).run();
    expect(() => db.prepare('INSERT INTO session_questions (session_id, position, question_key) VALUES (99, 0, 1)').run()).toThrow(/FOREIGN KEY/);
    closeDatabase(db);
  });

  it('rolls back a rebuild that leaves a dangling foreign key, naming the table', () => {
    const db = openDatabase(databaseAt(latestVersion()));
    expect(() => migrate(db, [...MIGRATIONS, widenStatus('WHERE id <> 1')])).toThrow(/session_questions/);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.prepare(`UPDATE drill_sessions SET status = 'paused' WHERE id = 1`).run()).toThrow(/CHECK/);
    expectRows(db, seedsUpTo(latestVersion()));
    closeDatabase(db);
  });
});

describe('read-only open', () => {
  it('creates no folder and no file, and says which file is missing', () => {
    const parent = tempDir();
    const missing = path.join(parent, 'no', 'such');
    expect(() => openDatabase(missing, { readonly: true })).toThrow(NoDatabaseError);
    expect(() => openDatabase(missing, { readonly: true })).toThrow(path.join(missing, DB_FILENAME));
    expect(fs.readdirSync(parent)).toEqual([]);
    const empty = tempDir();
    expect(() => openDatabase(empty, { readonly: true })).toThrow(NoDatabaseError);
    expect(fs.readdirSync(empty)).toEqual([]);
  });

  it('treats an empty (0-byte) file as no database and leaves it as it is', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DB_FILENAME), '');
    const before = fileState(dir);
    expect(() => openDatabase(dir, { readonly: true })).toThrow(NoDatabaseError);
    expect(fileState(dir)).toEqual(before);
  });

  it('reads a WAL database without writing: refuses changes, leaves bytes, mtime and side files as they were', () => {
    const dir = databaseAt(latestVersion());
    const before = fileState(dir);
    expect(before.files).toEqual([DB_FILENAME]);
    const db = openDatabase(dir, { readonly: true });
    expect(db.pragma('query_only', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expectRows(db, seedsUpTo(latestVersion()));
    expect(() => db.prepare(`INSERT INTO settings (key, value) VALUES ('x', '1')`).run()).toThrow(/readonly/);
    closeDatabase(db);
    expect(fileState(dir)).toEqual(before);
  });

  it('refuses a newer schema without touching the file', () => {
    const dir = rollbackJournalDatabase(99);
    const before = fileState(dir);
    expect(() => openDatabase(dir, { readonly: true })).toThrow(NewerDatabaseError);
    expect(fileState(dir)).toEqual(before);
  });

  it('reads an older schema through an upgraded copy in memory; the file stays at its version', () => {
    const dir = databaseAt(1);
    const before = fileState(dir);
    const db = openDatabase(dir, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expectRows(db, seedsUpTo(1));
    expect(() => db.prepare(`DELETE FROM settings`).run()).toThrow(/readonly/);
    closeDatabase(db);
    expect(fileState(dir)).toEqual(before);
    const raw = new Database(path.join(dir, DB_FILENAME), { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    raw.close();
  });

  it('answers while another connection holds an uncommitted write transaction, seeing only committed rows', () => {
    const dir = databaseAt(latestVersion());
    const writer = openDatabase(dir);
    writer.prepare(`INSERT INTO settings (key, value) VALUES ('committed', '1')`).run(); // in the WAL, not yet in the file
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare(`INSERT INTO settings (key, value) VALUES ('pending', '1')`).run();
    // A long busy timeout: were the read to wait for the writer, the test would time out rather than pass.
    const db = openDatabase(dir, { readonly: true, busyTimeoutMs: 25_000 });
    expect(db.prepare('SELECT key FROM settings ORDER BY key').all()).toEqual([{ key: 'committed' }, { key: 'defaultCount' }, { key: 'theme' }]);
    closeDatabase(db);
    writer.exec('COMMIT');
    expect(writer.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 4 });
    closeDatabase(writer);
  });
});
