/** Saving drafts while the user types, and the graded attempt when they finish a question. */
import type Database from 'better-sqlite3';
import type { ApiArg, DraftState } from '../../shared/api';
import { coverage } from '../../shared/scoring';
import { ServiceError, conflict } from './errors';
import { requireActive, sessionQuestionKeys } from './sessions';

export function saveDraft(
  db: Database.Database,
  arg: { sessionId: number; position: number; draft: DraftState },
  now = new Date().toISOString(),
): { savedAt: string } {
  requireActive(db, arg.sessionId);
  const keys = sessionQuestionKeys(db, arg.sessionId);
  if (arg.position >= keys.length) throw new ServiceError('invalid-argument', `position ${arg.position} is past the end of this drill (${keys.length} questions)`);
  if (db.prepare('SELECT 1 FROM attempts WHERE session_id = ? AND position = ?').get(arg.sessionId, arg.position)) {
    throw conflict(`Question ${arg.position + 1} of this drill is already saved; its draft is no longer kept.`);
  }
  db.prepare(
    `INSERT INTO drafts (session_id, position, state, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (session_id, position) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  ).run(arg.sessionId, arg.position, JSON.stringify(arg.draft), now);
  return { savedAt: now };
}

export function saveAttempt(db: Database.Database, arg: ApiArg<'saveAttempt'>, now = new Date().toISOString()): number {
  requireActive(db, arg.sessionId);
  const keys = sessionQuestionKeys(db, arg.sessionId);
  const questionKey = keys[arg.position];
  if (questionKey === undefined) {
    throw new ServiceError('invalid-argument', `position ${arg.position} is past the end of this drill (${keys.length} questions)`);
  }
  const items = db.prepare('SELECT key, id FROM checklist_items WHERE question_key = ? AND retired = 0 ORDER BY ordinal').all(questionKey) as {
    key: number;
    id: string;
  }[];
  const known = new Set(items.map((i) => i.id));
  const unknown = [...arg.ticked, ...arg.suggested].filter((id) => !known.has(id));
  if (unknown.length) throw new ServiceError('invalid-argument', `ticked: unknown checklist item ${JSON.stringify(unknown[0])}`);
  const ticked = new Set(arg.ticked);
  const suggested = new Set(arg.suggested);
  const limit = (db.prepare('SELECT time_limit_sec FROM questions WHERE key = ?').get(questionKey) as { time_limit_sec: number }).time_limit_sec;

  return db.transaction(() => {
    const exists = db.prepare('SELECT 1 FROM attempts WHERE session_id = ? AND position = ?').get(arg.sessionId, arg.position);
    if (exists) throw conflict(`Question ${arg.position + 1} of this drill is already saved.`);
    const attemptId = Number(
      db
        .prepare(
          `INSERT INTO attempts (session_id, position, question_key, answer, answer_ms, time_limit_sec, items_total, items_ticked, coverage,
             clarity, judgment, constraints_awareness, communication, note, created_at)
           VALUES (@session_id, @position, @question_key, @answer, @answer_ms, @time_limit_sec, @items_total, @items_ticked, @coverage,
             @clarity, @judgment, @constraints, @communication, @note, @created_at)`,
        )
        .run({
          session_id: arg.sessionId,
          position: arg.position,
          question_key: questionKey,
          answer: arg.answer,
          answer_ms: arg.answerMs,
          time_limit_sec: limit,
          items_total: items.length,
          items_ticked: ticked.size,
          coverage: coverage(ticked.size, items.length),
          ...arg.ratings,
          note: arg.note,
          created_at: now,
        }).lastInsertRowid,
    );
    const addItem = db.prepare('INSERT INTO attempt_items (attempt_id, item_key, ticked, suggested) VALUES (?, ?, ?, ?)');
    for (const item of items) addItem.run(attemptId, item.key, ticked.has(item.id) ? 1 : 0, suggested.has(item.id) ? 1 : 0);
    db.prepare('DELETE FROM drafts WHERE session_id = ? AND position = ?').run(arg.sessionId, arg.position);
    const saved = (db.prepare('SELECT COUNT(*) AS n FROM attempts WHERE session_id = ?').get(arg.sessionId) as { n: number }).n;
    if (saved >= keys.length) {
      db.prepare(`UPDATE drill_sessions SET status = 'finished', finished_at = ? WHERE id = ?`).run(now, arg.sessionId);
    }
    return attemptId;
  }).immediate();
}
