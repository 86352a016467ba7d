/**
 * Schema migrations: an ordered list keyed by PRAGMA user_version. All pending steps run in one transaction,
 * so a failure leaves the database as it was. A database written by a newer app version is refused.
 */
import type Database from 'better-sqlite3';

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
