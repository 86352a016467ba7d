/**
 * FSRS cards, derived from graded attempts. A card is a cache of its question's history: replaying the attempts in
 * time order through the scheduler gives it, so a corrected grade, a changed start-of-day hour or a migration all
 * rebuild it the same way. Skips never enter the replay; a burial (see shared/learning/schedule.ts) is kept.
 */
import type Database from 'better-sqlite3';
import { cardClock, DAY_MS, DEFAULT_DAY_START_HOUR, localDay } from '../../shared/learning/days';
import { newCard, review, type CardState } from '../../shared/learning/fsrs';
import { gradeAttempt, type Grade } from '../../shared/learning/grading';

interface AttemptRow {
  question_key: number;
  at_ms: number;
  tz_offset_min: number;
  answer_ms: number;
  time_limit_sec: number;
  coverage: number;
  clarity: number;
  judgment: number;
  constraints_awareness: number;
  communication: number;
}

/** The start-of-day hour from settings (0–23), stored as JSON like every setting. */
export function dayStartHour(db: Database.Database): number {
  const row = db.prepare(`SELECT value FROM settings WHERE key = 'dayStartHour'`).get() as { value: string } | undefined;
  const hour = row ? (JSON.parse(row.value) as unknown) : DEFAULT_DAY_START_HOUR;
  return typeof hour === 'number' && Number.isInteger(hour) && hour >= 0 && hour <= 23 ? hour : DEFAULT_DAY_START_HOUR;
}

export function gradeOf(r: Omit<AttemptRow, 'question_key' | 'at_ms' | 'tz_offset_min'>): Grade {
  return gradeAttempt({
    coverage: r.coverage,
    answerMs: r.answer_ms,
    timeLimitSec: r.time_limit_sec,
    ratings: { clarity: r.clarity, judgment: r.judgment, constraints: r.constraints_awareness, communication: r.communication },
  }).grade;
}

interface Replayed {
  card: CardState;
  firstDay: number;
  lastDay: number;
  lastCoverage: number;
  coverageSum: number;
  lastGrade: Grade;
  graded: number;
}

/** Folds one question's attempts (in time order) into its card. */
export function replay(attempts: readonly AttemptRow[], startHour: number): Replayed | null {
  let out = null as Replayed | null;
  for (const a of attempts) {
    // A clock set back, or a flight west, can put an attempt before the last review on the card clock: FSRS
    // needs time to move forward, so such a review counts at the moment of the one before.
    const at = Math.max(cardClock(a.at_ms, a.tz_offset_min, startHour), out?.card.lastReviewMs ?? -Infinity);
    const grade = gradeOf(a);
    const card = review(out?.card ?? newCard(at), at, grade);
    out = {
      card,
      firstDay: out?.firstDay ?? Math.floor(at / DAY_MS),
      lastDay: Math.floor(at / DAY_MS),
      lastCoverage: a.coverage,
      coverageSum: (out?.coverageSum ?? 0) + a.coverage,
      lastGrade: grade,
      graded: (out?.graded ?? 0) + 1,
    };
  }
  return out;
}

/** Rebuilds the cards of these questions (all questions with attempts when omitted) from their attempts. */
export function replayCards(db: Database.Database, questionKeys?: readonly number[]): void {
  const startHour = dayStartHour(db);
  const select = `SELECT question_key, at_ms, tz_offset_min, answer_ms, time_limit_sec, coverage, clarity, judgment, constraints_awareness, communication
                  FROM attempts`;
  const rows = (
    questionKeys
      ? db.prepare(`${select} WHERE question_key IN (SELECT value FROM json_each(?)) ORDER BY question_key, at_ms, id`).all(JSON.stringify(questionKeys))
      : db.prepare(`${select} ORDER BY question_key, at_ms, id`).all()
  ) as AttemptRow[];
  const buried = new Map(
    (db.prepare('SELECT question_key, buried_until_day FROM cards WHERE buried_until_day IS NOT NULL').all() as { question_key: number; buried_until_day: number }[]).map(
      (r) => [r.question_key, r.buried_until_day],
    ),
  );
  if (questionKeys) db.prepare('DELETE FROM cards WHERE question_key IN (SELECT value FROM json_each(?))').run(JSON.stringify(questionKeys));
  else db.prepare('DELETE FROM cards').run();
  const insert = db.prepare(
    `INSERT INTO cards (question_key, state, stability, difficulty, reps, lapses, scheduled_days, learning_steps, due_ms, last_review_ms,
       due_day, first_day, last_day, last_coverage, coverage_sum, last_grade, graded, buried_until_day)
     VALUES (@key, @state, @stability, @difficulty, @reps, @lapses, @scheduledDays, @learningSteps, @dueMs, @lastReviewMs,
       @dueDay, @firstDay, @lastDay, @lastCoverage, @coverageSum, @lastGrade, @graded, @buried)`,
  );
  let i = 0;
  while (i < rows.length) {
    const key = rows[i]!.question_key;
    let j = i;
    while (j < rows.length && rows[j]!.question_key === key) j++;
    const r = replay(rows.slice(i, j), startHour);
    if (r) {
      insert.run({
        key,
        ...r.card,
        dueDay: Math.floor(r.card.dueMs / DAY_MS),
        firstDay: r.firstDay,
        lastDay: r.lastDay,
        lastCoverage: r.lastCoverage,
        coverageSum: r.coverageSum,
        lastGrade: r.lastGrade,
        graded: r.graded,
        buried: buried.get(key) ?? null,
      });
    }
    i = j;
  }
}

/**
 * Folds one new graded attempt into its question's card: the same result as replayCards for that question when the
 * attempt is the newest, without replaying the whole history (a question drilled for years has hundreds). Falls
 * back to the full replay when it is not the newest on the card clock.
 */
export function addReview(db: Database.Database, questionKey: number, attemptId: number): void {
  const startHour = dayStartHour(db);
  const a = db
    .prepare(
      `SELECT question_key, at_ms, tz_offset_min, answer_ms, time_limit_sec, coverage, clarity, judgment, constraints_awareness, communication
       FROM attempts WHERE id = ?`,
    )
    .get(attemptId) as AttemptRow | undefined;
  const row = db
    .prepare(
      `SELECT state, stability, difficulty, reps, lapses, scheduled_days, learning_steps, due_ms, last_review_ms, first_day, coverage_sum, graded
       FROM cards WHERE question_key = ?`,
    )
    .get(questionKey) as
    | { state: CardState['state']; stability: number; difficulty: number; reps: number; lapses: number; scheduled_days: number; learning_steps: number; due_ms: number; last_review_ms: number | null; first_day: number; coverage_sum: number; graded: number }
    | undefined;
  const at = a ? cardClock(a.at_ms, a.tz_offset_min, startHour) : NaN;
  if (!a || !row || row.last_review_ms === null || at < row.last_review_ms) {
    replayCards(db, [questionKey]);
    return;
  }
  const before: CardState = {
    state: row.state,
    stability: row.stability,
    difficulty: row.difficulty,
    reps: row.reps,
    lapses: row.lapses,
    scheduledDays: row.scheduled_days,
    learningSteps: row.learning_steps,
    dueMs: row.due_ms,
    lastReviewMs: row.last_review_ms,
  };
  const grade = gradeOf(a);
  const card = review(before, at, grade);
  db.prepare(
    `UPDATE cards SET state = @state, stability = @stability, difficulty = @difficulty, reps = @reps, lapses = @lapses,
       scheduled_days = @scheduledDays, learning_steps = @learningSteps, due_ms = @dueMs, last_review_ms = @lastReviewMs,
       due_day = @dueDay, last_day = @lastDay, last_coverage = @lastCoverage, coverage_sum = coverage_sum + @lastCoverage,
       last_grade = @lastGrade, graded = graded + 1, buried_until_day = NULL
     WHERE question_key = @key`,
  ).run({ key: questionKey, ...card, dueDay: Math.floor(card.dueMs / DAY_MS), lastDay: Math.floor(at / DAY_MS), lastCoverage: a.coverage, lastGrade: grade });
}

/** Today's local day number for the clock and zone given. */
export function today(db: Database.Database, nowMs: number, offsetMin: number): number {
  return localDay(nowMs, offsetMin, dayStartHour(db));
}
