/**
 * Schema migrations: an ordered list keyed by PRAGMA user_version. All pending steps run in one transaction,
 * so a failure leaves the database as it was. A database written by a newer app version is refused.
 */
import type Database from 'better-sqlite3';
import { machineOffsetMin } from '../../shared/learning/days';
import { replayCards } from './cards';

export interface Migration {
  version: number;
  name: string;
  /**
   * Set when a step rebuilds a table the SQLite way (create new_x, copy, drop x, rename new_x to x; never rename x
   * away first, which repoints the children's foreign keys at the old name). With foreign keys on, dropping x would
   * delete or null every child row by ON DELETE CASCADE / SET NULL, so the runner turns them off around the
   * transaction and runs foreign_key_check before committing.
   */
  rebuildsTables?: boolean;
  up: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'packs, questions, sessions, attempts, drafts, settings',
    up: (db) =>
      db.exec(`
        CREATE TABLE packs (
          id TEXT PRIMARY KEY,
          version TEXT NOT NULL,
          title TEXT NOT NULL,
          description TEXT,
          author TEXT,
          license TEXT,
          builtin INTEGER NOT NULL DEFAULT 0,
          content_hash TEXT NOT NULL,
          installed_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE questions (
          key INTEGER PRIMARY KEY,
          pack_id TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
          id TEXT NOT NULL,
          area TEXT NOT NULL,
          kind TEXT NOT NULL,
          level TEXT NOT NULL,
          prompt TEXT NOT NULL,
          time_limit_sec INTEGER NOT NULL,
          outline TEXT,
          pitfalls TEXT NOT NULL,
          follow_ups TEXT NOT NULL,
          tags TEXT NOT NULL,
          roles TEXT NOT NULL,
          ordinal INTEGER NOT NULL,
          retired INTEGER NOT NULL DEFAULT 0,
          UNIQUE (pack_id, id)
        ) STRICT;
        CREATE INDEX questions_area ON questions(area, level) WHERE retired = 0;

        CREATE TABLE checklist_items (
          key INTEGER PRIMARY KEY,
          question_key INTEGER NOT NULL REFERENCES questions(key) ON DELETE CASCADE,
          id TEXT NOT NULL,
          text TEXT NOT NULL,
          keywords TEXT NOT NULL,
          ordinal INTEGER NOT NULL,
          retired INTEGER NOT NULL DEFAULT 0,
          UNIQUE (question_key, id)
        ) STRICT;

        CREATE TABLE drill_sessions (
          id INTEGER PRIMARY KEY,
          mode TEXT NOT NULL CHECK (mode IN ('practice', 'strict')),
          level TEXT NOT NULL,
          areas TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('active', 'finished', 'abandoned')),
          started_at TEXT NOT NULL,
          finished_at TEXT
        ) STRICT;
        CREATE INDEX drill_sessions_active ON drill_sessions(status) WHERE status = 'active';

        CREATE TABLE session_questions (
          session_id INTEGER NOT NULL REFERENCES drill_sessions(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          question_key INTEGER NOT NULL REFERENCES questions(key),
          PRIMARY KEY (session_id, position)
        ) STRICT;

        CREATE TABLE attempts (
          id INTEGER PRIMARY KEY,
          session_id INTEGER REFERENCES drill_sessions(id) ON DELETE SET NULL,
          position INTEGER,
          question_key INTEGER NOT NULL REFERENCES questions(key),
          answer TEXT NOT NULL,
          answer_ms INTEGER NOT NULL,
          time_limit_sec INTEGER NOT NULL,
          items_total INTEGER NOT NULL,
          items_ticked INTEGER NOT NULL,
          coverage REAL NOT NULL,
          clarity INTEGER NOT NULL CHECK (clarity BETWEEN 0 AND 4),
          judgment INTEGER NOT NULL CHECK (judgment BETWEEN 0 AND 4),
          constraints_awareness INTEGER NOT NULL CHECK (constraints_awareness BETWEEN 0 AND 4),
          communication INTEGER NOT NULL CHECK (communication BETWEEN 0 AND 4),
          note TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          UNIQUE (session_id, position)
        ) STRICT;
        CREATE INDEX attempts_question ON attempts(question_key);

        CREATE TABLE attempt_items (
          attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
          item_key INTEGER NOT NULL REFERENCES checklist_items(key),
          ticked INTEGER NOT NULL,
          suggested INTEGER NOT NULL,
          PRIMARY KEY (attempt_id, item_key)
        ) STRICT;

        CREATE TABLE drafts (
          session_id INTEGER NOT NULL REFERENCES drill_sessions(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          state TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (session_id, position)
        ) STRICT;

        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
      `),
  },
  {
    version: 2,
    name: 'skipped questions, draft revisions',
    up: (db) =>
      db.exec(`
        -- NULL: not skipped. A skipped question is recorded here, not as an attempt.
        ALTER TABLE session_questions ADD COLUMN skipped_at TEXT;
        -- Bumped on every draft write, so a writer holding a stale revision can be refused.
        ALTER TABLE drafts ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      `),
  },
  {
    version: 3,
    name: 'pack life cycle: enabled, source file, removed with history kept',
    up: (db) =>
      db.exec(`
        -- 0: installed but left out of drills; its questions and history stay.
        ALTER TABLE packs ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1));
        -- The file name a pack was imported from (no folder: it may name the user's home), NULL for the bank.
        ALTER TABLE packs ADD COLUMN source_file TEXT;
        -- Set when a pack is removed but its attempts are kept as history: hidden from the Packs screen and drills.
        ALTER TABLE packs ADD COLUMN removed_at TEXT;
        -- Home's counts filter questions on offer by area, level and pack (enabled, not removed).
        CREATE INDEX questions_offer ON questions(area, level, pack_id) WHERE retired = 0;
      `),
  },
  {
    version: 4,
    name: 'learning loop: answer text apart, local days, FSRS cards, concepts, answer search',
    rebuildsTables: true,
    up: (db) => {
      db.exec(`
        -- Answer text and notes move out of the rows the statistics scan; attempts gain the instant as a number and
        -- the UTC offset then in force, so local days are computed the same wherever the user travels later.
        CREATE TABLE new_attempts (
          id INTEGER PRIMARY KEY,
          session_id INTEGER REFERENCES drill_sessions(id) ON DELETE SET NULL,
          position INTEGER,
          question_key INTEGER NOT NULL REFERENCES questions(key),
          answer_ms INTEGER NOT NULL,
          time_limit_sec INTEGER NOT NULL,
          items_total INTEGER NOT NULL,
          items_ticked INTEGER NOT NULL,
          coverage REAL NOT NULL,
          clarity INTEGER NOT NULL CHECK (clarity BETWEEN 0 AND 4),
          judgment INTEGER NOT NULL CHECK (judgment BETWEEN 0 AND 4),
          constraints_awareness INTEGER NOT NULL CHECK (constraints_awareness BETWEEN 0 AND 4),
          communication INTEGER NOT NULL CHECK (communication BETWEEN 0 AND 4),
          created_at TEXT NOT NULL,
          at_ms INTEGER NOT NULL,
          tz_offset_min INTEGER NOT NULL CHECK (tz_offset_min BETWEEN -1080 AND 1080),
          -- Set when the grade was corrected after saving.
          edited_at TEXT,
          UNIQUE (session_id, position)
        ) STRICT;
        CREATE TABLE attempt_texts (
          attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
          answer TEXT NOT NULL,
          note TEXT NOT NULL DEFAULT ''
        ) STRICT;
      `);
      const rows = db.prepare('SELECT id, created_at FROM attempts').all() as { id: number; created_at: string }[];
      const copy = db.prepare(
        `INSERT INTO new_attempts (id, session_id, position, question_key, answer_ms, time_limit_sec, items_total, items_ticked, coverage,
           clarity, judgment, constraints_awareness, communication, created_at, at_ms, tz_offset_min)
         SELECT id, session_id, position, question_key, answer_ms, time_limit_sec, items_total, items_ticked, coverage,
           clarity, judgment, constraints_awareness, communication, created_at, ?, ? FROM attempts WHERE id = ?`,
      );
      for (const r of rows) {
        const ms = Date.parse(r.created_at);
        const at = Number.isNaN(ms) ? 0 : ms;
        // Past attempts did not record their offset: take this machine's zone rules at that instant (DST included).
        copy.run(at, machineOffsetMin(at), r.id);
      }
      db.exec(`
        INSERT INTO attempt_texts (attempt_id, answer, note) SELECT id, answer, note FROM attempts;
        DROP TABLE attempts;
        ALTER TABLE new_attempts RENAME TO attempts;
        CREATE INDEX attempts_question ON attempts(question_key, at_ms);
        CREATE INDEX attempts_at ON attempts(at_ms);
        -- Checks of one checklist item across attempts, without touching the attempts' primary key order.
        CREATE INDEX attempt_items_item ON attempt_items(item_key, attempt_id, ticked);

        -- Search over past answers and notes; the index holds no copy of the text (external content).
        CREATE VIRTUAL TABLE attempt_search USING fts5(answer, note, content = 'attempt_texts', content_rowid = 'attempt_id', tokenize = 'unicode61 remove_diacritics 2');
        INSERT INTO attempt_search (rowid, answer, note) SELECT attempt_id, answer, note FROM attempt_texts;
        CREATE TRIGGER attempt_texts_ai AFTER INSERT ON attempt_texts BEGIN
          INSERT INTO attempt_search (rowid, answer, note) VALUES (new.attempt_id, new.answer, new.note);
        END;
        CREATE TRIGGER attempt_texts_ad AFTER DELETE ON attempt_texts BEGIN
          INSERT INTO attempt_search (attempt_search, rowid, answer, note) VALUES ('delete', old.attempt_id, old.answer, old.note);
        END;
        CREATE TRIGGER attempt_texts_au AFTER UPDATE ON attempt_texts BEGIN
          INSERT INTO attempt_search (attempt_search, rowid, answer, note) VALUES ('delete', old.attempt_id, old.answer, old.note);
          INSERT INTO attempt_search (rowid, answer, note) VALUES (new.attempt_id, new.answer, new.note);
        END;

        -- Concept ids per checklist item (a JSON array, as the pack gives them), and the same as rows for statistics,
        -- kept in step by triggers.
        ALTER TABLE checklist_items ADD COLUMN concepts TEXT NOT NULL DEFAULT '[]';
        CREATE TABLE item_concepts (
          concept TEXT NOT NULL,
          item_key INTEGER NOT NULL REFERENCES checklist_items(key) ON DELETE CASCADE,
          PRIMARY KEY (concept, item_key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX item_concepts_item ON item_concepts(item_key);
        CREATE TRIGGER checklist_items_concepts_ai AFTER INSERT ON checklist_items BEGIN
          INSERT OR IGNORE INTO item_concepts (concept, item_key) SELECT value, new.key FROM json_each(new.concepts) WHERE type = 'text';
        END;
        CREATE TRIGGER checklist_items_concepts_au AFTER UPDATE OF concepts ON checklist_items BEGIN
          DELETE FROM item_concepts WHERE item_key = old.key;
          INSERT OR IGNORE INTO item_concepts (concept, item_key) SELECT value, new.key FROM json_each(new.concepts) WHERE type = 'text';
        END;

        -- One FSRS card per practised question (a question with no row is new), derived from its graded attempts:
        -- replayCards rebuilds it whenever they change. Times are card-clock milliseconds, days local day numbers
        -- (shared/learning/days.ts).
        CREATE TABLE cards (
          question_key INTEGER PRIMARY KEY REFERENCES questions(key) ON DELETE CASCADE,
          state TEXT NOT NULL CHECK (state IN ('new', 'learning', 'review', 'relearning')),
          stability REAL NOT NULL,
          difficulty REAL NOT NULL,
          reps INTEGER NOT NULL,
          lapses INTEGER NOT NULL,
          scheduled_days INTEGER NOT NULL,
          learning_steps INTEGER NOT NULL,
          due_ms INTEGER NOT NULL,
          last_review_ms INTEGER,
          due_day INTEGER NOT NULL,
          first_day INTEGER NOT NULL,
          last_day INTEGER NOT NULL,
          last_coverage REAL NOT NULL,
          -- Sum of coverage over the graded attempts, so per-area means need no scan of attempts.
          coverage_sum REAL NOT NULL,
          last_grade TEXT NOT NULL CHECK (last_grade IN ('again', 'hard', 'good', 'easy')),
          graded INTEGER NOT NULL,
          -- A skip buries a due card until this local day; its memory state is left alone.
          buried_until_day INTEGER
        ) STRICT;
        CREATE INDEX cards_due ON cards(due_day);
      `);
      replayCards(db);
    },
  },
  {
    version: 5,
    name: 'mock loops: question stages, loop sessions, follow-up answers and stage times',
    up: (db) =>
      db.exec(`
        -- The time boxes of a system-design answer ([{title, minutes, prompt?}], JSON), '[]' when it has none.
        ALTER TABLE questions ADD COLUMN stages TEXT NOT NULL DEFAULT '[]';
        -- A mock loop's plan and clock (JSON, shared/loops/plan.ts); NULL for a drill.
        ALTER TABLE drill_sessions ADD COLUMN loop TEXT;
        -- The factor the session scales time limits by: 1, or 2 when the user answers by typing (shared/limits.ts).
        ALTER TABLE drill_sessions ADD COLUMN time_factor REAL NOT NULL DEFAULT 1 CHECK (time_factor BETWEEN 1 AND 4);
        -- What a mock-loop answer adds to its attempt: the follow-ups asked and answered, and the time each stage took.
        CREATE TABLE mock_answers (
          attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
          follow_ups TEXT NOT NULL,
          stages TEXT NOT NULL
        ) STRICT;
      `),
  },
  {
    version: 6,
    name: 'spoken answers: recordings kept as files, linked to their attempt',
    up: (db) =>
      db.exec(`
        -- One recorded answer (part 0) or follow-up answer (parts 1..n) of a question in a session. The audio is the
        -- file recordings/<file> in the data folder, appended chunk by chunk; bytes and chunks count what was
        -- acknowledged, so a crash leaves a file that replays up to the last acknowledged chunk.
        CREATE TABLE recordings (
          id INTEGER PRIMARY KEY,
          session_id INTEGER REFERENCES drill_sessions(id) ON DELETE SET NULL,
          position INTEGER NOT NULL CHECK (position >= 0),
          part INTEGER NOT NULL CHECK (part >= 0),
          -- Set when the answer is saved (trigger below); deleting the attempt deletes its recordings.
          attempt_id INTEGER REFERENCES attempts(id) ON DELETE CASCADE,
          -- A random name, never reused, so a restored backup cannot mistake a newer file for its own.
          file TEXT NOT NULL UNIQUE,
          mime TEXT NOT NULL,
          bytes INTEGER NOT NULL DEFAULT 0 CHECK (bytes >= 0),
          chunks INTEGER NOT NULL DEFAULT 0 CHECK (chunks >= 0),
          duration_ms INTEGER NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
          status TEXT NOT NULL CHECK (status IN ('recording', 'complete')),
          created_at TEXT NOT NULL,
          at_ms INTEGER NOT NULL,
          updated_ms INTEGER NOT NULL,
          UNIQUE (session_id, position, part)
        ) STRICT;
        CREATE INDEX recordings_attempt ON recordings(attempt_id) WHERE attempt_id IS NOT NULL;
        -- Every path that saves an answer (a drill, a mock loop) inserts an attempts row: link the question's
        -- recordings to it there. A later rebuild of attempts drops this trigger with the table and must recreate it.
        CREATE TRIGGER attempts_link_recordings AFTER INSERT ON attempts WHEN new.session_id IS NOT NULL BEGIN
          UPDATE recordings SET attempt_id = new.id
            WHERE session_id = new.session_id AND position = new.position AND attempt_id IS NULL;
        END;
      `),
  },
];

export class NewerDatabaseError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This database was written by a newer version of ML Interview Drill (schema ${found}; this version knows up to ${supported}). ` +
        'Update the app, or point it at another data folder with --data.',
    );
    this.name = 'NewerDatabaseError';
  }
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const to = latestVersion(migrations);
  const current = () => db.pragma('user_version', { simple: true }) as number;
  const seen = current();
  if (seen > to) throw new NewerDatabaseError(seen, to);
  if (seen === to) return { from: seen, to };
  const rebuilds = migrations.some((m) => m.version > seen && m.rebuildsTables);
  // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched before BEGIN and restored after.
  if (rebuilds && db.inTransaction) throw new Error('a migration that rebuilds tables cannot run inside an open transaction');
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  if (rebuilds) db.pragma('foreign_keys = OFF');
  let from = seen;
  try {
    db.transaction(() => {
      // Read the version again under the write lock: another process (the desktop app, `serve`) may have
      // migrated the same file since the first look.
      from = current();
      if (from > to) throw new NewerDatabaseError(from, to);
      for (const m of migrations) {
        if (m.version > from) m.up(db);
      }
      if (rebuilds) refuseDanglingForeignKeys(db, to);
      db.pragma(`user_version = ${to}`);
    }).immediate();
  } finally {
    if (rebuilds) db.pragma(`foreign_keys = ${foreignKeys}`);
  }
  return { from, to };
}

/** Throws (rolling the migration back) if a rebuild left child rows whose parent row is gone. */
function refuseDanglingForeignKeys(db: Database.Database, to: number): void {
  const rows = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (rows.length === 0) return;
  const tables = [...new Set(rows.map((r) => `${r.table} (→ ${r.parent})`))].join(', ');
  throw new Error(`migration to schema ${to} left ${rows.length} row(s) whose foreign key points at a missing row, in ${tables}; nothing was changed`);
}
