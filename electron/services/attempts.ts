/**
 * Saving drafts while the user types, the graded attempt when they finish a question, and skips. Every write
 * names the draft revision it was based on, so a second window on the same drill cannot overwrite newer work.
 */
import type Database from 'better-sqlite3';
import type { ParsedArg } from '../../shared/methods';
import { coverage } from '../../shared/scoring';
import { scaledLimitSec } from '../../shared/limits';
import { addReview, today } from '../db/cards';
import { isoAt, systemClock, type Clock } from './clock';
import { ServiceError, conflict } from './errors';
import { recordMockAnswer, storedLoop } from './loops';
import { requireActive } from './sessions';

export const STALE_MESSAGE =
  'This drill was continued in another window or tab, so this one is out of date. Reload to carry on from the newer work; nothing newer was overwritten.';

/**
 * The question at a position of an active session that is neither saved nor skipped, after checking that the
 * caller saw the latest draft revision. Call inside the transaction that writes, so another process cannot end
 * the session, save the question or write a newer draft in between.
 */
function openQuestionAt(db: Database.Database, sessionId: number, position: number, revision: number): number {
  requireActive(db, sessionId);
  const row = db.prepare('SELECT question_key, skipped_at FROM session_questions WHERE session_id = ? AND position = ?').get(sessionId, position) as
    | { question_key: number; skipped_at: string | null }
    | undefined;
  if (!row) throw new ServiceError('invalid-argument', `position ${position} is not a question of drill session ${sessionId}`);
  if (db.prepare('SELECT 1 FROM attempts WHERE session_id = ? AND position = ?').get(sessionId, position)) {
    throw conflict(`Question ${position + 1} of this drill is already saved.`);
  }
  if (row.skipped_at !== null) throw conflict(`Question ${position + 1} of this drill was skipped.`);
  const stored = db.prepare('SELECT revision FROM drafts WHERE session_id = ? AND position = ?').get(sessionId, position) as { revision: number } | undefined;
  if ((stored?.revision ?? 0) !== revision) throw new ServiceError('stale', STALE_MESSAGE);
  return row.question_key;
}

/** Marks the session finished once no question is left open. */
function finishIfDone(db: Database.Database, sessionId: number, now: string) {
  const { remaining } = db
    .prepare(
      `SELECT COUNT(*) AS remaining FROM session_questions sq
       WHERE sq.session_id = ? AND sq.skipped_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.session_id = sq.session_id AND a.position = sq.position)`,
    )
    .get(sessionId) as { remaining: number };
  if (remaining === 0) {
    db.prepare(`UPDATE drill_sessions SET status = 'finished', finished_at = ? WHERE id = ? AND status = 'active'`).run(now, sessionId);
  }
}

export function saveDraft(db: Database.Database, arg: ParsedArg<'saveDraft'>, clock: Clock = systemClock): { savedAt: string; revision: number } {
  const now = isoAt(clock);
  const revision = arg.revision + 1;
  db.transaction(() => {
    openQuestionAt(db, arg.sessionId, arg.position, arg.revision);
    db.prepare(
      `INSERT INTO drafts (session_id, position, state, updated_at, revision) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (session_id, position) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, revision = excluded.revision`,
    ).run(arg.sessionId, arg.position, JSON.stringify(arg.draft), now, revision);
  }).immediate();
  return { savedAt: now, revision };
}

/**
 * Records the question as skipped (not an attempt, not practice) and moves the drill on. A skipped card that was due
 * is buried until tomorrow, so the next due drill does not offer it again at once; its memory state is unchanged.
 */
export function skipQuestion(db: Database.Database, arg: ParsedArg<'skipQuestion'>, clock: Clock = systemClock): void {
  const now = isoAt(clock);
  db.transaction(() => {
    const questionKey = openQuestionAt(db, arg.sessionId, arg.position, arg.revision);
    db.prepare('UPDATE session_questions SET skipped_at = ? WHERE session_id = ? AND position = ?').run(now, arg.sessionId, arg.position);
    const day = today(db, clock.nowMs(), clock.offsetMin(clock.nowMs()));
    db.prepare('UPDATE cards SET buried_until_day = ? WHERE question_key = ? AND due_day <= ?').run(day + 1, questionKey, day);
    db.prepare('DELETE FROM drafts WHERE session_id = ? AND position = ?').run(arg.sessionId, arg.position);
    finishIfDone(db, arg.sessionId, now);
  }).immediate();
}

export function saveAttempt(db: Database.Database, arg: ParsedArg<'saveAttempt'>, clock: Clock = systemClock): number {
  const atMs = clock.nowMs();
  const now = new Date(atMs).toISOString();
  return db.transaction(() => {
    const questionKey = openQuestionAt(db, arg.sessionId, arg.position, arg.revision);
    const items = db.prepare('SELECT key, id, retired FROM checklist_items WHERE question_key = ? ORDER BY ordinal').all(questionKey) as {
      key: number;
      id: string;
      retired: number;
    }[];
    // Ids of items a pack update retired while this answer was a draft are dropped, not refused, so the answer
    // can still be saved; ids the question never had are a client bug and are refused.
    const everKnown = new Set(items.map((i) => i.id));
    const unknown = [...arg.ticked, ...arg.suggested].find((id) => !everKnown.has(id));
    if (unknown !== undefined) throw new ServiceError('invalid-argument', `ticked: unknown checklist item ${JSON.stringify(unknown)}`);
    const live = items.filter((i) => i.retired === 0);
    const liveIds = new Set(live.map((i) => i.id));
    const ticked = new Set(arg.ticked.filter((id) => liveIds.has(id)));
    const suggested = new Set(arg.suggested);
    // The limit the answer ran against: the question's, scaled as its session scales limits.
    const { time_limit_sec: base } = db.prepare('SELECT time_limit_sec FROM questions WHERE key = ?').get(questionKey) as { time_limit_sec: number };
    const { time_factor: factor } = db.prepare('SELECT time_factor FROM drill_sessions WHERE id = ?').get(arg.sessionId) as { time_factor: number };
    // A mock loop's answer ran against its time box in the loop (already scaled), not the question's own limit.
    const loopItem = storedLoop(db, arg.sessionId)?.plan.items[arg.position];
    const limit = loopItem ? loopItem.answerSec : scaledLimitSec(base, factor);

    const attemptId = Number(
      db
        .prepare(
          `INSERT INTO attempts (session_id, position, question_key, answer_ms, time_limit_sec, items_total, items_ticked, coverage,
             clarity, judgment, constraints_awareness, communication, created_at, at_ms, tz_offset_min)
           VALUES (@session_id, @position, @question_key, @answer_ms, @time_limit_sec, @items_total, @items_ticked, @coverage,
             @clarity, @judgment, @constraints, @communication, @created_at, @at_ms, @tz_offset_min)`,
        )
        .run({
          session_id: arg.sessionId,
          position: arg.position,
          question_key: questionKey,
          answer_ms: arg.answerMs,
          time_limit_sec: limit,
          items_total: live.length,
          items_ticked: ticked.size,
          coverage: coverage(ticked.size, live.length),
          ...arg.ratings,
          created_at: now,
          at_ms: atMs,
          tz_offset_min: clock.offsetMin(atMs),
        }).lastInsertRowid,
    );
    db.prepare('INSERT INTO attempt_texts (attempt_id, answer, note) VALUES (?, ?, ?)').run(attemptId, arg.answer, arg.note);
    const addItem = db.prepare('INSERT INTO attempt_items (attempt_id, item_key, ticked, suggested) VALUES (?, ?, ?, ?)');
    for (const item of live) addItem.run(attemptId, item.key, ticked.has(item.id) ? 1 : 0, suggested.has(item.id) ? 1 : 0);
    // A loop answer's follow-ups and stage times come from its draft, so they are stored before the draft goes.
    if (loopItem) recordMockAnswer(db, arg.sessionId, arg.position, attemptId);
    db.prepare('DELETE FROM drafts WHERE session_id = ? AND position = ?').run(arg.sessionId, arg.position);
    // One more review on the card (a review also clears a burial: the next day comes from FSRS again).
    db.prepare('UPDATE cards SET buried_until_day = NULL WHERE question_key = ?').run(questionKey);
    addReview(db, questionKey, attemptId);
    finishIfDone(db, arg.sessionId, now);
    return attemptId;
  }).immediate();
}
