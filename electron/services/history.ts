/** A question's history (every attempt and skip), correcting a saved grade, and search over past answers and notes. */
import type Database from 'better-sqlite3';
import type { AreaId } from '../../shared/areas';
import type { AttemptEntry, CardView, QuestionHistory, SearchHit, SkipEntry } from '../../shared/api';
import { dayLabel, localDay, machineOffsetMin } from '../../shared/learning/days';
import { retrievability } from '../../shared/learning/fsrs';
import { gradeAttempt } from '../../shared/learning/grading';
import { effectiveDueDay, questionStatus } from '../../shared/learning/schedule';
import type { ParsedArg } from '../../shared/methods';
import { coverage } from '../../shared/scoring';
import { replayCards } from '../db/cards';
import { isoAt, type Clock } from './clock';
import { ServiceError, notFound } from './errors';
import { interviewDay, loadCards, nowOf, type Now } from './learning';
import { loadQuestions } from './questions';
import { readSettings } from './settings';

interface AttemptRow {
  id: number;
  session_id: number | null;
  question_key: number;
  created_at: string;
  at_ms: number;
  tz_offset_min: number;
  answer_ms: number;
  time_limit_sec: number;
  items_total: number;
  items_ticked: number;
  coverage: number;
  clarity: number;
  judgment: number;
  constraints_awareness: number;
  communication: number;
  edited_at: string | null;
  answer: string;
  note: string;
  /** The mock-loop extras (JSON), or null for a drill attempt. */
  follow_ups: string | null;
}

const ATTEMPT_SELECT = `SELECT a.id, a.session_id, a.question_key, a.created_at, a.at_ms, a.tz_offset_min, a.answer_ms, a.time_limit_sec, a.items_total,
  a.items_ticked, a.coverage, a.clarity, a.judgment, a.constraints_awareness, a.communication, a.edited_at, t.answer, t.note, m.follow_ups
  FROM attempts a JOIN attempt_texts t ON t.attempt_id = a.id LEFT JOIN mock_answers m ON m.attempt_id = a.id`;

function attemptEntry(db: Database.Database, r: AttemptRow, startHour: number): AttemptEntry {
  const items = (
    db
      .prepare(
        `SELECT ci.id, ci.text, ci.concepts, ai.ticked FROM attempt_items ai JOIN checklist_items ci ON ci.key = ai.item_key
         WHERE ai.attempt_id = ? ORDER BY ci.ordinal, ci.key`,
      )
      .all(r.id) as { id: string; text: string; concepts: string; ticked: number }[]
  ).map((i) => ({ id: i.id, text: i.text, ticked: i.ticked === 1, concepts: JSON.parse(i.concepts) as string[] }));
  const ratings = { clarity: r.clarity, judgment: r.judgment, constraints: r.constraints_awareness, communication: r.communication };
  const grade = gradeAttempt({ coverage: r.coverage, ratings, answerMs: r.answer_ms, timeLimitSec: r.time_limit_sec });
  return {
    kind: 'attempt',
    attemptId: r.id,
    sessionId: r.session_id,
    at: r.created_at,
    day: dayLabel(localDay(r.at_ms, r.tz_offset_min, startHour)),
    answer: r.answer,
    answerMs: r.answer_ms,
    timeLimitSec: r.time_limit_sec,
    coverage: r.coverage,
    itemsTicked: r.items_ticked,
    itemsTotal: r.items_total,
    items,
    ratings,
    note: r.note,
    grade: grade.grade,
    gradeDecidedBy: grade.decidedBy,
    editedAt: r.edited_at,
    mock: r.follow_ups !== null,
    followUps: r.follow_ups === null ? [] : (JSON.parse(r.follow_ups) as { prompt: string; answer: string }[]).map((f) => ({ prompt: f.prompt, answer: f.answer })),
  };
}

function cardView(db: Database.Database, questionKey: number, now: Now, iday: number | null): CardView | null {
  const card = loadCards(db, now).find((c) => c.key === questionKey);
  if (!card) return null;
  return {
    state: card.state.state,
    stability: card.stability,
    difficulty: card.state.difficulty,
    reps: card.state.reps,
    lapses: card.state.lapses,
    recall: retrievability(card.state, now.cardMs),
    nextDue: dayLabel(effectiveDueDay(card, now.day, iday)),
    lastPractised: dayLabel(card.lastDay),
    buriedUntil: card.buriedUntilDay === null ? null : dayLabel(card.buriedUntilDay),
  };
}

export function questionHistory(db: Database.Database, clock: Clock, packId: string, id: string): QuestionHistory {
  const row = db.prepare('SELECT key FROM questions WHERE pack_id = ? AND id = ?').get(packId, id) as { key: number } | undefined;
  if (!row) throw notFound(`Question ${packId}/${id}`);
  const now = nowOf(db, clock);
  const iday = interviewDay(readSettings(db));
  const question = loadQuestions(db, [row.key]).get(row.key)!;
  const attempts = (db.prepare(`${ATTEMPT_SELECT} WHERE a.question_key = ? ORDER BY a.at_ms DESC, a.id DESC`).all(row.key) as AttemptRow[]).map((r) =>
    attemptEntry(db, r, now.startHour),
  );
  const skips = (
    db
      .prepare(`SELECT session_id, skipped_at FROM session_questions WHERE question_key = ? AND skipped_at IS NOT NULL`)
      .all(row.key) as { session_id: number; skipped_at: string }[]
  ).map((s): SkipEntry => {
    const ms = Date.parse(s.skipped_at);
    // Skips record no offset: this machine's zone rules at that instant.
    return { kind: 'skip', sessionId: s.session_id, at: s.skipped_at, day: dayLabel(localDay(ms, machineOffsetMin(ms), now.startHour)) };
  });
  const entries = [...attempts, ...skips].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const card = cardView(db, row.key, now, iday);
  const status = card ? questionStatus(loadCards(db, now).find((c) => c.key === row.key), now.day, iday) : 'new';
  return { question, status, card, entries };
}

/**
 * Corrects a saved grade: the ticks (among the items the attempt showed), the four ratings and the note. Coverage
 * is recomputed from the ticks, and the question's card is replayed from its attempts with the corrected one.
 */
export function editAttempt(db: Database.Database, clock: Clock, arg: ParsedArg<'editAttempt'>): AttemptEntry {
  const now = isoAt(clock);
  db.transaction(() => {
    const a = db.prepare('SELECT question_key FROM attempts WHERE id = ?').get(arg.attemptId) as { question_key: number } | undefined;
    if (!a) throw notFound(`Attempt ${arg.attemptId}`);
    const items = db
      .prepare('SELECT ai.item_key, ci.id FROM attempt_items ai JOIN checklist_items ci ON ci.key = ai.item_key WHERE ai.attempt_id = ?')
      .all(arg.attemptId) as { item_key: number; id: string }[];
    const known = new Set(items.map((i) => i.id));
    const unknown = arg.ticked.find((t) => !known.has(t));
    if (unknown !== undefined) throw new ServiceError('invalid-argument', `ticked: checklist item ${JSON.stringify(unknown)} was not part of attempt ${arg.attemptId}`);
    const ticked = new Set(arg.ticked);
    const setTick = db.prepare('UPDATE attempt_items SET ticked = ? WHERE attempt_id = ? AND item_key = ?');
    for (const i of items) setTick.run(ticked.has(i.id) ? 1 : 0, arg.attemptId, i.item_key);
    db.prepare(
      `UPDATE attempts SET items_ticked = @ticked, coverage = @coverage, clarity = @clarity, judgment = @judgment,
         constraints_awareness = @constraints, communication = @communication, edited_at = @now WHERE id = @id`,
    ).run({ ticked: ticked.size, coverage: coverage(ticked.size, items.length), ...arg.ratings, now, id: arg.attemptId });
    db.prepare('UPDATE attempt_texts SET note = ? WHERE attempt_id = ?').run(arg.note, arg.attemptId);
    replayCards(db, [a.question_key]);
  }).immediate();
  const r = db.prepare(`${ATTEMPT_SELECT} WHERE a.id = ?`).get(arg.attemptId) as AttemptRow;
  return attemptEntry(db, r, nowOf(db, clock).startHour);
}

/** Each word as an FTS5 prefix phrase, so nothing the user types is read as query syntax. */
export function ftsQuery(text: string): string | null {
  const words = text
    .normalize('NFC')
    .split(/[\s"]+/u)
    .map((w) => w.replace(/[\p{C}]/gu, ''))
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

const OPEN = '\u0001';
const CLOSE = '\u0002';

function pieces(snippet: string): { text: string; mark: boolean }[] {
  const out: { text: string; mark: boolean }[] = [];
  const re = new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g');
  let at = 0;
  for (const m of snippet.matchAll(re)) {
    if (m.index > at) out.push({ text: snippet.slice(at, m.index), mark: false });
    out.push({ text: m[1]!, mark: true });
    at = m.index + m[0].length;
  }
  if (at < snippet.length) out.push({ text: snippet.slice(at), mark: false });
  return out.map((p) => ({ ...p, text: p.text.split(OPEN).join('').split(CLOSE).join('') })).filter((p) => p.text !== '');
}

export function searchAnswers(db: Database.Database, clock: Clock, query: string, limit = 50): SearchHit[] {
  const match = ftsQuery(query);
  if (match === null) return [];
  const startHour = nowOf(db, clock).startHour;
  const rows = db
    .prepare(
      `SELECT s.rowid AS attempt_id, snippet(attempt_search, 0, char(1), char(2), '…', 12) AS in_answer,
              snippet(attempt_search, 1, char(1), char(2), '…', 12) AS in_note,
              q.pack_id, q.id AS question_id, q.area, substr(q.prompt, 1, 160) AS prompt, a.created_at, a.at_ms, a.tz_offset_min
       FROM attempt_search s JOIN attempts a ON a.id = s.rowid JOIN questions q ON q.key = a.question_key
       WHERE attempt_search MATCH ? ORDER BY bm25(attempt_search), a.at_ms DESC LIMIT ?`,
    )
    .all(match, limit) as {
    attempt_id: number;
    in_answer: string;
    in_note: string;
    pack_id: string;
    question_id: string;
    area: AreaId;
    prompt: string;
    created_at: string;
    at_ms: number;
    tz_offset_min: number;
  }[];
  return rows.map((r) => {
    const field = r.in_answer.includes(OPEN) || !r.in_note.includes(OPEN) ? 'answer' : 'note';
    return {
      attemptId: r.attempt_id,
      packId: r.pack_id,
      questionId: r.question_id,
      area: r.area,
      prompt: r.prompt,
      at: r.created_at,
      day: dayLabel(localDay(r.at_ms, r.tz_offset_min, startHour)),
      field,
      snippet: pieces(field === 'answer' ? r.in_answer : r.in_note),
    };
  });
}

