/** Drill sessions: starting, reading back (with drafts, for resume), abandoning, summarising. */
import type Database from 'better-sqlite3';
import type { AreaId, Level } from '../../shared/areas';
import type { ActiveSessionInfo, AttemptBrief, DraftState, SessionSummary, SessionView } from '../../shared/api';
import { type Ratings } from '../../shared/scoring';
import { ServiceError, conflict, notFound } from './errors';
import { loadQuestions, pickQuestions } from './questions';
import { readSettings } from './settings';

interface SessionRow {
  id: number;
  mode: 'practice' | 'strict';
  status: 'active' | 'finished' | 'abandoned';
  started_at: string;
  finished_at: string | null;
}

interface AttemptRow {
  position: number;
  question_id: string;
  area: AreaId;
  answer_ms: number;
  time_limit_sec: number;
  items_ticked: number;
  items_total: number;
  coverage: number;
  prompt: string;
  clarity: number;
  judgment: number;
  constraints_awareness: number;
  communication: number;
}

function sessionRow(db: Database.Database, sessionId: number): SessionRow {
  const row = db.prepare('SELECT id, mode, status, started_at, finished_at FROM drill_sessions WHERE id = ?').get(sessionId) as
    | SessionRow
    | undefined;
  if (!row) throw notFound(`Drill session ${sessionId}`);
  return row;
}

function attemptRows(db: Database.Database, sessionId: number): AttemptRow[] {
  return db
    .prepare(
      `SELECT a.position, q.id AS question_id, q.area, q.prompt, a.answer_ms, a.time_limit_sec, a.items_ticked, a.items_total, a.coverage,
              a.clarity, a.judgment, a.constraints_awareness, a.communication
       FROM attempts a JOIN questions q ON q.key = a.question_key WHERE a.session_id = ? ORDER BY a.position`,
    )
    .all(sessionId) as AttemptRow[];
}

const brief = (r: AttemptRow): AttemptBrief => ({
  position: r.position,
  questionId: r.question_id,
  area: r.area,
  answerMs: r.answer_ms,
  timeLimitSec: r.time_limit_sec,
  itemsTicked: r.items_ticked,
  itemsTotal: r.items_total,
  coverage: r.coverage,
});

/** The question the user is on: the first one without a saved attempt (questions.length when all are saved). */
function firstOpenPosition(total: number, attempts: readonly { position: number }[]): number {
  const done = new Set(attempts.map((a) => a.position));
  let position = 0;
  while (position < total && done.has(position)) position++;
  return position;
}

function sessionQuestionKeys(db: Database.Database, sessionId: number): number[] {
  return (db.prepare('SELECT question_key FROM session_questions WHERE session_id = ? ORDER BY position').all(sessionId) as { question_key: number }[]).map(
    (r) => r.question_key,
  );
}

export function getSession(db: Database.Database, sessionId: number): SessionView {
  const s = sessionRow(db, sessionId);
  const keys = sessionQuestionKeys(db, sessionId);
  const questions = loadQuestions(db, keys);
  const attempts = attemptRows(db, sessionId).map(brief);
  const drafts: Record<number, DraftState> = {};
  for (const d of db.prepare('SELECT position, state FROM drafts WHERE session_id = ?').all(sessionId) as { position: number; state: string }[]) {
    drafts[d.position] = JSON.parse(d.state) as DraftState;
  }
  const position = firstOpenPosition(keys.length, attempts);
  return {
    id: s.id,
    mode: s.mode,
    status: s.status,
    startedAt: s.started_at,
    position,
    questions: keys.map((k) => questions.get(k)!),
    drafts,
    attempts,
  };
}

export function startSession(
  db: Database.Database,
  arg: { areas: AreaId[]; level: Level | 'any'; count: number },
  now = new Date().toISOString(),
): SessionView {
  const keys = pickQuestions(db, arg.areas, arg.level, arg.count);
  if (keys.length === 0) {
    throw new ServiceError(
      'not-found',
      `No questions match ${arg.level === 'any' ? 'any level' : `level "${arg.level}"`} in ${arg.areas.join(', ')}. Choose more areas or another level.`,
    );
  }
  const { mode } = readSettings(db);
  const id = db.transaction(() => {
    // One drill at a time: starting a new one leaves an unfinished one as abandoned (its saved answers are kept).
    db.prepare(`UPDATE drill_sessions SET status = 'abandoned', finished_at = ? WHERE status = 'active'`).run(now);
    const sessionId = Number(
      db
        .prepare(`INSERT INTO drill_sessions (mode, level, areas, status, started_at) VALUES (?, ?, ?, 'active', ?)`)
        .run(mode, arg.level, JSON.stringify(arg.areas), now).lastInsertRowid,
    );
    const add = db.prepare('INSERT INTO session_questions (session_id, position, question_key) VALUES (?, ?, ?)');
    keys.forEach((k, i) => add.run(sessionId, i, k));
    return sessionId;
  }).immediate();
  return getSession(db, id);
}

export function activeSession(db: Database.Database): ActiveSessionInfo | null {
  const row = db.prepare(`SELECT id, started_at FROM drill_sessions WHERE status = 'active' ORDER BY id DESC LIMIT 1`).get() as
    | { id: number; started_at: string }
    | undefined;
  if (!row) return null;
  const total = (db.prepare('SELECT COUNT(*) AS n FROM session_questions WHERE session_id = ?').get(row.id) as { n: number }).n;
  const saved = db.prepare('SELECT position FROM attempts WHERE session_id = ?').all(row.id) as { position: number }[];
  return { id: row.id, startedAt: row.started_at, position: firstOpenPosition(total, saved), total };
}

export function requireActive(db: Database.Database, sessionId: number): SessionRow {
  const s = sessionRow(db, sessionId);
  if (s.status !== 'active') throw conflict(`Drill session ${sessionId} is ${s.status}; start a new drill from Home.`);
  return s;
}

export function abandonSession(db: Database.Database, sessionId: number, now = new Date().toISOString()): { abandoned: true } {
  db.transaction(() => {
    requireActive(db, sessionId);
    db.prepare(`UPDATE drill_sessions SET status = 'abandoned', finished_at = ? WHERE id = ? AND status = 'active'`).run(now, sessionId);
    db.prepare('DELETE FROM drafts WHERE session_id = ?').run(sessionId);
  }).immediate();
  return { abandoned: true };
}

export function getSummary(db: Database.Database, sessionId: number): SessionSummary {
  const s = sessionRow(db, sessionId);
  const rows = attemptRows(db, sessionId);
  const attempts = rows.map((r) => ({
    ...brief(r),
    prompt: r.prompt,
    ratings: { clarity: r.clarity, judgment: r.judgment, constraints: r.constraints_awareness, communication: r.communication } satisfies Ratings,
  }));
  return {
    id: s.id,
    startedAt: s.started_at,
    finishedAt: s.finished_at,
    attempts,
    meanCoverage: attempts.length ? attempts.reduce((sum, a) => sum + a.coverage, 0) / attempts.length : null,
    totalMs: attempts.reduce((sum, a) => sum + a.answerMs, 0),
  };
}
