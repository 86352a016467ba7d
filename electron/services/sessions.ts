/** Drill sessions: starting, reading back (with drafts, for resume), abandoning, summarising. */
import type Database from 'better-sqlite3';
import type { AreaId, Level } from '../../shared/areas';
import type { ActiveSessionInfo, AttemptBrief, SavedDraft, SessionSummary, SessionView } from '../../shared/api';
import type { DrillMode, SessionStatus } from '../../shared/enums';
import type { ParsedArg } from '../../shared/methods';
import { dayLabel } from '../../shared/learning/days';
import { gradeAttempt } from '../../shared/learning/grading';
import { scaledLimitSec, TYPING_TIME_FACTOR } from '../../shared/limits';
import { type Ratings } from '../../shared/scoring';
import { loopState, type StoredLoop } from '../../shared/loops/run';
import { readDraft } from './drafts';
import { ServiceError, conflict, notFound } from './errors';
import { isoAt, systemClock, type Clock } from './clock';
import { pickForDrill } from './pick';
import { loadQuestions } from './questions';
import { readSettings } from './settings';

interface SessionRow {
  id: number;
  mode: DrillMode;
  status: SessionStatus;
  started_at: string;
  finished_at: string | null;
  time_factor: number;
  loop: string | null;
}

interface AttemptRow {
  position: number;
  pack_id: string;
  question_key: number;
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
  const row = db.prepare('SELECT id, mode, status, started_at, finished_at, time_factor, loop FROM drill_sessions WHERE id = ?').get(sessionId) as
    | SessionRow
    | undefined;
  if (!row) throw notFound(`Drill session ${sessionId}`);
  return row;
}

function attemptRows(db: Database.Database, sessionId: number): AttemptRow[] {
  return db
    .prepare(
      `SELECT a.position, q.pack_id, q.id AS question_id, q.area, q.prompt, a.answer_ms, a.time_limit_sec, a.items_ticked, a.items_total, a.coverage,
              a.clarity, a.judgment, a.constraints_awareness, a.communication, a.question_key
       FROM attempts a JOIN questions q ON q.key = a.question_key WHERE a.session_id = ? ORDER BY a.position`,
    )
    .all(sessionId) as AttemptRow[];
}

const brief = (r: AttemptRow): AttemptBrief => ({
  position: r.position,
  packId: r.pack_id,
  questionId: r.question_id,
  area: r.area,
  answerMs: r.answer_ms,
  timeLimitSec: r.time_limit_sec,
  itemsTicked: r.items_ticked,
  itemsTotal: r.items_total,
  coverage: r.coverage,
});

/** The question the user is on: the first one neither saved nor skipped (total when none is left). */
function firstOpenPosition(total: number, closed: Iterable<number>): number {
  const done = new Set(closed);
  let position = 0;
  while (position < total && done.has(position)) position++;
  return position;
}

interface SlotRow {
  position: number;
  question_key: number;
  skipped_at: string | null;
}

function sessionSlots(db: Database.Database, sessionId: number): SlotRow[] {
  return db.prepare('SELECT position, question_key, skipped_at FROM session_questions WHERE session_id = ? ORDER BY position').all(sessionId) as SlotRow[];
}

const skippedPositions = (slots: readonly SlotRow[]) => slots.filter((r) => r.skipped_at !== null).map((r) => r.position);

/** A loop session's view and position, from its stored plan and the drafts, graded and skipped positions. */
function mockLoop(stored: StoredLoop, drafts: Record<number, SavedDraft>, rows: readonly { position: number; updated_at: string }[], closed: readonly number[], clock: Clock) {
  const updated = new Map(rows.map((r) => [r.position, Date.parse(r.updated_at)]));
  const byPosition = new Map(Object.entries(drafts).map(([p, d]) => [Number(p), { state: d.state, updatedMs: updated.get(Number(p)) ?? clock.nowMs() }]));
  return loopState({ stored, drafts: byPosition, closed: new Set(closed), nowMs: clock.nowMs() });
}

export function getSession(db: Database.Database, sessionId: number, clock: Clock = systemClock): SessionView {
  const s = sessionRow(db, sessionId);
  const slots = sessionSlots(db, sessionId);
  const questions = loadQuestions(db, slots.map((r) => r.question_key));
  const attempts = attemptRows(db, sessionId).map(brief);
  const skipped = skippedPositions(slots);
  const drafts: Record<number, SavedDraft> = {};
  const rows = db.prepare('SELECT position, state, revision, updated_at FROM drafts WHERE session_id = ?').all(sessionId) as {
    position: number;
    state: string;
    revision: number;
    updated_at: string;
  }[];
  for (const d of rows) {
    const state = readDraft(d.state);
    // An unreadable draft still carries its revision, so the next write is not refused as stale.
    drafts[d.position] = { state: state ?? { phase: 'answer', answer: '', elapsedMs: 0 }, revision: d.revision };
  }
  const loop = s.loop === null ? null : mockLoop(JSON.parse(s.loop) as StoredLoop, drafts, rows, [...attempts.map((a) => a.position), ...skipped], clock);
  return {
    id: s.id,
    mode: s.mode,
    status: s.status,
    startedAt: s.started_at,
    position: loop ? loop.position : firstOpenPosition(slots.length, [...attempts.map((a) => a.position), ...skipped]),
    // Limits as this session runs them: a loop's time boxes (already scaled), or the questions' own, scaled when the
    // session was started answering by typing.
    questions: slots.map((r, i) => {
      const q = questions.get(r.question_key)!;
      if (loop) return { ...q, timeLimitSec: loop.view.plan.items[i]?.answerSec ?? q.timeLimitSec };
      return s.time_factor === 1 ? q : { ...q, timeLimitSec: scaledLimitSec(q.timeLimitSec, s.time_factor) };
    }),
    ...(loop ? { loop: loop.view } : {}),
    timeFactor: s.time_factor,
    drafts,
    attempts,
    skipped,
  };
}

/** The keys of the chosen questions that are still on offer, in the order given, each once. */
function chosenQuestions(db: Database.Database, only: readonly { packId: string; id: string }[]): number[] {
  const find = db.prepare(
    `SELECT q.key FROM questions q JOIN packs p ON p.id = q.pack_id
     WHERE q.pack_id = ? AND q.id = ? AND q.retired = 0 AND p.enabled = 1 AND p.removed_at IS NULL`,
  );
  const keys: number[] = [];
  for (const { packId, id } of only) {
    const row = find.get(packId, id) as { key: number } | undefined;
    if (row && !keys.includes(row.key)) keys.push(row.key);
  }
  return keys;
}

export function startSession(db: Database.Database, arg: ParsedArg<'startSession'>, clock: Clock = systemClock): SessionView {
  const now = isoAt(clock);
  if (arg.only) {
    const keys = chosenQuestions(db, arg.only);
    if (keys.length === 0) throw new ServiceError('not-found', 'None of the chosen questions is available any more (retired, or its pack is disabled or removed).');
    return createSession(db, keys, arg.areas, arg.level, now);
  }
  const pick = pickForDrill(db, clock, arg);
  if (pick.keys.length === 0) throw new ServiceError('not-found', pick.empty);
  return createSession(db, pick.keys, pick.areas, arg.level, now);
}

function createSession(db: Database.Database, keys: readonly number[], areas: readonly AreaId[], level: Level | 'any', now: string): SessionView {
  const { mode, answerByTyping } = readSettings(db);
  const id = db.transaction(() => {
    // One drill at a time: starting a new one leaves an unfinished one as abandoned (its saved answers are kept).
    db.prepare(`UPDATE drill_sessions SET status = 'abandoned', finished_at = ? WHERE status = 'active'`).run(now);
    const sessionId = Number(
      db
        .prepare(`INSERT INTO drill_sessions (mode, level, areas, status, started_at, time_factor) VALUES (?, ?, ?, 'active', ?, ?)`)
        .run(mode, level, JSON.stringify(areas), now, answerByTyping ? TYPING_TIME_FACTOR : 1).lastInsertRowid,
    );
    const add = db.prepare('INSERT INTO session_questions (session_id, position, question_key) VALUES (?, ?, ?)');
    keys.forEach((k, i) => add.run(sessionId, i, k));
    return sessionId;
  }).immediate();
  return getSession(db, id);
}

export function activeSession(db: Database.Database): ActiveSessionInfo | null {
  const row = db.prepare(`SELECT id, started_at, loop FROM drill_sessions WHERE status = 'active' ORDER BY id DESC LIMIT 1`).get() as
    | { id: number; started_at: string; loop: string | null }
    | undefined;
  if (!row) return null;
  const slots = sessionSlots(db, row.id);
  const saved = db.prepare('SELECT position FROM attempts WHERE session_id = ?').all(row.id) as { position: number }[];
  const info = { id: row.id, startedAt: row.started_at, position: firstOpenPosition(slots.length, [...saved.map((a) => a.position), ...skippedPositions(slots)]), total: slots.length };
  return row.loop === null ? info : { ...info, loopTitle: (JSON.parse(row.loop) as StoredLoop).plan.title };
}

export function requireActive(db: Database.Database, sessionId: number): SessionRow {
  const s = sessionRow(db, sessionId);
  if (s.status !== 'active') throw conflict(`Drill session ${sessionId} is ${s.status}; start a new drill from Home.`);
  return s;
}

export function abandonSession(db: Database.Database, sessionId: number, clock: Clock = systemClock): { abandoned: true } {
  const now = isoAt(clock);
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
  const dueDays = new Map(
    (db.prepare('SELECT question_key, due_day, buried_until_day FROM cards WHERE question_key IN (SELECT value FROM json_each(?))').all(JSON.stringify(rows.map((r) => r.question_key))) as {
      question_key: number;
      due_day: number;
      buried_until_day: number | null;
    }[]).map((c) => [c.question_key, Math.max(c.due_day, c.buried_until_day ?? c.due_day)]),
  );
  const attempts = rows.map((r) => {
    const ratings = { clarity: r.clarity, judgment: r.judgment, constraints: r.constraints_awareness, communication: r.communication } satisfies Ratings;
    const due = dueDays.get(r.question_key);
    return {
      ...brief(r),
      prompt: r.prompt,
      ratings,
      grade: gradeAttempt({ coverage: r.coverage, ratings, answerMs: r.answer_ms, timeLimitSec: r.time_limit_sec }).grade,
      nextDue: due === undefined ? null : dayLabel(due),
    };
  });
  const skipped = db
    .prepare(
      `SELECT sq.position, q.id AS questionId, q.area, q.prompt FROM session_questions sq JOIN questions q ON q.key = sq.question_key
       WHERE sq.session_id = ? AND sq.skipped_at IS NOT NULL ORDER BY sq.position`,
    )
    .all(sessionId) as SessionSummary['skipped'];
  const { total } = db.prepare('SELECT COUNT(*) AS total FROM session_questions WHERE session_id = ?').get(sessionId) as { total: number };
  return {
    id: s.id,
    status: s.status,
    startedAt: s.started_at,
    finishedAt: s.finished_at,
    total,
    attempts,
    skipped,
    meanCoverage: attempts.length ? attempts.reduce((sum, a) => sum + a.coverage, 0) / attempts.length : null,
    totalMs: attempts.reduce((sum, a) => sum + a.answerMs, 0),
  };
}
