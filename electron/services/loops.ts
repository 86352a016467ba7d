/**
 * Mock loops: templates from resources/loops, filling them for a role and level, starting and ending rounds,
 * moving from answer to answer, and the result page. The rules of where a loop stands live in shared/loops/run.ts;
 * the picks in shared/loops/fill.ts. A loop is a drill session whose `loop` column holds its plan and round times,
 * so drafts, grading, skips, resume and history work as they do for drills.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { AreaId, Kind, Level, Role } from '../../shared/areas';
import type { DraftState, LoopResult, LoopTemplateInfo, SessionView, StageTime } from '../../shared/api';
import { gradeAttempt } from '../../shared/learning/grading';
import { TYPING_TIME_FACTOR, scaledLimitSec } from '../../shared/limits';
import { fillLoop, seededRandom, type Candidate, type LoopPlan, type Priority } from '../../shared/loops/fill';
import { combinedAnswer, stageTimes, type StoredLoop } from '../../shared/loops/run';
import { parseLoopTemplate, roundQuestions, type LoopTemplate } from '../../shared/loops/template';
import type { ParsedArg } from '../../shared/methods';
import type { Stage } from '../../shared/pack-schema';
import { RATING_DIMENSIONS, type Ratings } from '../../shared/scoring';
import { suggestItems } from '../../shared/suggest';
import { readDraft } from './drafts';
import { ServiceError, conflict, notFound } from './errors';
import { isoAt, systemClock, type Clock } from './clock';
import { learningState, weakConcepts } from './learning';
import { PACK_ON_OFFER, loadQuestions } from './questions';
import { getSession, requireActive } from './sessions';
import { readSettings } from './settings';

export interface LoadedTemplates {
  templates: LoopTemplate[];
  /** Files that could not be used, each with why: "<file>: <path>: <message>". */
  problems: string[];
}

/** Reads every *.json in `dir` as a loop template; a bad file is reported and left out, never fatal. */
export function loadLoopTemplates(dir: string | undefined): LoadedTemplates {
  const out: LoadedTemplates = { templates: [], problems: [] };
  if (!dir || !fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    } catch (e) {
      out.problems.push(`${name}: not valid JSON (${(e as Error).message})`);
      continue;
    }
    const r = parseLoopTemplate(raw);
    if (!r.ok) out.problems.push(...r.errors.map((m) => `${name}: ${m}`));
    else if (out.templates.some((t) => t.id === r.template.id)) out.problems.push(`${name}: a template with id "${r.template.id}" is already loaded`);
    else out.templates.push(r.template);
  }
  return out;
}

export function templateInfo(t: LoopTemplate): LoopTemplateInfo {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    rounds: t.rounds.map((r, i) => ({ title: r.title, minutes: r.minutes, questions: roundQuestions(r), breakMinutes: i === t.rounds.length - 1 ? 0 : r.breakMinutes })),
    minutes: t.rounds.reduce((n, r, i) => n + r.minutes + (i === t.rounds.length - 1 ? 0 : r.breakMinutes), 0),
  };
}

/** Every live question on offer, with why the scheduler would pick it now. */
export function loopCandidates(db: Database.Database, clock: Clock): Candidate[] {
  const state = learningState(db, clock);
  const cards = new Map(state.cards.map((c) => [c.key, c]));
  const weak = new Set(weakConcepts(db, state.now.startHour).map((w) => w.id));
  const onWeak = new Set<number>();
  if (weak.size) {
    const rows = db
      .prepare(`SELECT DISTINCT c.question_key AS key FROM item_concepts ic JOIN checklist_items c ON c.key = ic.item_key
         WHERE c.retired = 0 AND ic.concept IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify([...weak])) as { key: number }[];
    for (const r of rows) onWeak.add(r.key);
  }
  const rows = db
    .prepare(
      `SELECT q.key, q.pack_id, q.id, q.area, q.kind, q.level, q.roles, q.follow_ups, q.stages FROM questions q JOIN packs p ON p.id = q.pack_id
       WHERE q.retired = 0 AND ${PACK_ON_OFFER} ORDER BY q.key`,
    )
    .all() as { key: number; pack_id: string; id: string; area: AreaId; kind: Kind; level: Level; roles: string; follow_ups: string; stages: string }[];
  return rows.map((r) => {
    const card = cards.get(r.key);
    const priority: Priority = card && card.dueDay <= state.now.day ? 'due' : onWeak.has(r.key) ? 'weak' : card ? 'practised' : 'new';
    return {
      key: r.key,
      packId: r.pack_id,
      id: r.id,
      area: r.area,
      kind: r.kind,
      level: r.level,
      roles: JSON.parse(r.roles) as Role[],
      followUps: JSON.parse(r.follow_ups) as string[],
      stages: JSON.parse(r.stages) as Stage[],
      priority,
    };
  });
}

/** The plan with every time box multiplied by `factor` (answering by typing). */
function scalePlan(plan: LoopPlan, factor: number): LoopPlan {
  if (factor === 1) return plan;
  const s = (sec: number) => scaledLimitSec(sec, factor);
  return {
    ...plan,
    rounds: plan.rounds.map((r) => ({ ...r, minutes: Math.round(r.minutes * factor) })),
    items: plan.items.map((i) => ({ ...i, answerSec: s(i.answerSec), followUpSec: s(i.followUpSec), stages: i.stages.map((st) => ({ ...st, sec: s(st.sec) })) })),
  };
}

export function startLoop(db: Database.Database, templates: readonly LoopTemplate[], arg: ParsedArg<'startLoop'>, clock: Clock = systemClock, seed = clock.nowMs()): SessionView {
  const template = templates.find((t) => t.id === arg.templateId);
  if (!template) throw notFound(`Loop template "${arg.templateId}"`);
  const filled = fillLoop(template, loopCandidates(db, clock), { role: arg.role, level: arg.level, random: seededRandom(seed) });
  if (!filled.ok) throw new ServiceError('not-found', filled.error);
  const { mode, answerByTyping } = readSettings(db);
  const factor = answerByTyping ? TYPING_TIME_FACTOR : 1;
  const stored: StoredLoop = { plan: scalePlan(filled.plan, factor), rounds: filled.plan.rounds.map(() => ({ startedAtMs: null, endedAtMs: null })) };
  const now = isoAt(clock);
  const areas = [...new Set(filled.plan.items.map((i) => i.area))];
  const id = db.transaction(() => {
    db.prepare(`UPDATE drill_sessions SET status = 'abandoned', finished_at = ? WHERE status = 'active'`).run(now);
    const sessionId = Number(
      db
        .prepare(`INSERT INTO drill_sessions (mode, level, areas, status, started_at, time_factor, loop) VALUES (?, ?, ?, 'active', ?, ?, ?)`)
        .run(mode, arg.level, JSON.stringify(areas), now, factor, JSON.stringify(stored)).lastInsertRowid,
    );
    const add = db.prepare('INSERT INTO session_questions (session_id, position, question_key) VALUES (?, ?, ?)');
    filled.plan.items.forEach((item, i) => add.run(sessionId, i, item.key));
    return sessionId;
  }).immediate();
  return getSession(db, id, clock);
}

/** The stored loop of a session, or null for a drill. */
export function storedLoop(db: Database.Database, sessionId: number): StoredLoop | null {
  const row = db.prepare('SELECT loop FROM drill_sessions WHERE id = ?').get(sessionId) as { loop: string | null } | undefined;
  if (!row) throw notFound(`Drill session ${sessionId}`);
  return row.loop === null ? null : (JSON.parse(row.loop) as StoredLoop);
}

function requireLoop(db: Database.Database, sessionId: number): StoredLoop {
  requireActive(db, sessionId);
  const loop = storedLoop(db, sessionId);
  if (!loop) throw new ServiceError('invalid-argument', `Drill session ${sessionId} is a drill, not a mock loop.`);
  return loop;
}

const writeLoop = (db: Database.Database, sessionId: number, loop: StoredLoop) =>
  db.prepare('UPDATE drill_sessions SET loop = ? WHERE id = ?').run(JSON.stringify(loop), sessionId);

function requireRound(loop: StoredLoop, round: number) {
  const r = loop.rounds[round];
  if (!r) throw new ServiceError('invalid-argument', `round ${round} is not a round of this loop (it has ${loop.rounds.length})`);
  return r;
}

export function startLoopRound(db: Database.Database, arg: ParsedArg<'startLoopRound'>, clock: Clock = systemClock): SessionView {
  db.transaction(() => {
    const loop = requireLoop(db, arg.sessionId);
    const r = requireRound(loop, arg.round);
    if (r.startedAtMs !== null) return; // already running (a retry, or another window): nothing to do
    const earlier = loop.rounds.slice(0, arg.round).findIndex((x) => x.endedAtMs === null);
    if (earlier !== -1) throw conflict(`Round ${earlier + 1} of this loop has not ended yet, so round ${arg.round + 1} cannot start.`);
    r.startedAtMs = clock.nowMs();
    writeLoop(db, arg.sessionId, loop);
  }).immediate();
  return getSession(db, arg.sessionId, clock);
}

/** Ends a round inside the caller's transaction: not-reached questions are skipped, the rest go to grading. */
function endRound(db: Database.Database, sessionId: number, loop: StoredLoop, round: number, clock: Clock) {
  const r = requireRound(loop, round);
  if (r.endedAtMs !== null) return;
  if (r.startedAtMs === null) throw conflict(`Round ${round + 1} of this loop has not started.`);
  const nowMs = clock.nowMs();
  const now = isoAt(clock);
  const planned = loop.plan.rounds[round]!;
  const keys = loop.plan.items.slice(planned.first, planned.first + planned.count).map((i) => i.key);
  const questions = loadQuestions(db, keys);
  const readRow = db.prepare('SELECT state, revision FROM drafts WHERE session_id = ? AND position = ?');
  const writeRow = db.prepare('UPDATE drafts SET state = ?, revision = ?, updated_at = ? WHERE session_id = ? AND position = ?');
  const skip = db.prepare('UPDATE session_questions SET skipped_at = ? WHERE session_id = ? AND position = ? AND skipped_at IS NULL');
  for (let p = planned.first; p < planned.first + planned.count; p++) {
    const row = readRow.get(sessionId, p) as { state: string; revision: number } | undefined;
    const draft = row ? readDraft(row.state) : null;
    if (!row || !draft) {
      skip.run(now, sessionId, p); // never reached: recorded as skipped, not graded
      continue;
    }
    if (draft.phase !== 'answer') continue;
    const loopPart = draft.loop ?? { part: 0, followUps: [], stageEnds: [], done: true };
    const checklist = questions.get(loop.plan.items[p]!.key)?.checklist ?? [];
    const graded: DraftState = {
      phase: 'grade',
      answer: draft.answer,
      elapsedMs: draft.elapsedMs,
      ticked: [],
      suggested: suggestItems(combinedAnswer(draft.answer, loopPart.followUps), checklist),
      ratings: {},
      loop: { ...loopPart, done: true },
    };
    writeRow.run(JSON.stringify(graded), row.revision + 1, now, sessionId, p);
  }
  r.endedAtMs = nowMs;
  writeLoop(db, sessionId, loop);
}

export function endLoopRound(db: Database.Database, arg: ParsedArg<'endLoopRound'>, clock: Clock = systemClock): SessionView {
  db.transaction(() => endRound(db, arg.sessionId, requireLoop(db, arg.sessionId), arg.round, clock)).immediate();
  return getSession(db, arg.sessionId, clock);
}

/**
 * The candidate moves on from the answer at `position`: the draft is stored as final for the round, and when it was
 * the round's last answer the round ends. Names the draft revision, as every draft write does.
 */
export function advanceLoop(db: Database.Database, arg: ParsedArg<'advanceLoop'>, clock: Clock = systemClock): SessionView {
  db.transaction(() => {
    const loop = requireLoop(db, arg.sessionId);
    const item = loop.plan.items[arg.position];
    if (!item) throw new ServiceError('invalid-argument', `position ${arg.position} is not a question of this loop`);
    const r = loop.rounds[item.round]!;
    if (r.startedAtMs === null || r.endedAtMs !== null) throw conflict(`Round ${item.round + 1} of this loop is not running, so its answers cannot move on.`);
    if (arg.draft.phase !== 'answer') throw new ServiceError('invalid-argument', 'draft: a loop answer moves on from the answer phase');
    const stored = db.prepare('SELECT revision FROM drafts WHERE session_id = ? AND position = ?').get(arg.sessionId, arg.position) as { revision: number } | undefined;
    if ((stored?.revision ?? 0) !== arg.revision) throw new ServiceError('stale', 'This loop was continued in another window or tab, so this one is out of date. Reload to carry on.');
    const final: DraftState = { ...arg.draft, loop: { ...(arg.draft.loop ?? { part: 0, followUps: [], stageEnds: [] }), done: true } };
    db.prepare(
      `INSERT INTO drafts (session_id, position, state, updated_at, revision) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (session_id, position) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, revision = excluded.revision`,
    ).run(arg.sessionId, arg.position, JSON.stringify(final), isoAt(clock), arg.revision + 1);
    const planned = loop.plan.rounds[item.round]!;
    if (arg.position === planned.first + planned.count - 1) endRound(db, arg.sessionId, loop, item.round, clock);
  }).immediate();
  return getSession(db, arg.sessionId, clock);
}

/** Stores what a loop answer adds to its attempt (follow-ups, stage times); called inside saveAttempt's transaction. */
export function recordMockAnswer(db: Database.Database, sessionId: number, position: number, attemptId: number): void {
  const loop = storedLoop(db, sessionId);
  const item = loop?.plan.items[position];
  if (!loop || !item) return;
  const row = db.prepare('SELECT state FROM drafts WHERE session_id = ? AND position = ?').get(sessionId, position) as { state: string } | undefined;
  const draft = row ? readDraft(row.state) : null;
  const part = draft?.loop ?? { part: 0, followUps: [], stageEnds: [], done: true };
  const followUps = part.followUps.map((f, i) => ({ prompt: item.followUps[i] ?? '', answer: f.answer, answerMs: f.elapsedMs, limitSec: item.followUpSec }));
  const stages: StageTime[] = stageTimes(item, part.stageEnds, draft?.elapsedMs ?? 0);
  db.prepare('INSERT INTO mock_answers (attempt_id, follow_ups, stages) VALUES (?, ?, ?) ON CONFLICT (attempt_id) DO NOTHING').run(attemptId, JSON.stringify(followUps), JSON.stringify(stages));
}

/** The result page: per round coverage, ratings and time per stage; readiness per area touched. */
export function loopResult(db: Database.Database, sessionId: number, clock: Clock = systemClock): LoopResult {
  const loop = storedLoop(db, sessionId);
  if (!loop) throw new ServiceError('invalid-argument', `Drill session ${sessionId} is a drill, not a mock loop.`);
  const session = db.prepare('SELECT status FROM drill_sessions WHERE id = ?').get(sessionId) as { status: LoopResult['status'] };
  const attempts = new Map(
    (
      db
        .prepare(
          `SELECT a.position, a.coverage, a.answer_ms, a.time_limit_sec, a.clarity, a.judgment, a.constraints_awareness, a.communication, m.follow_ups, m.stages
           FROM attempts a LEFT JOIN mock_answers m ON m.attempt_id = a.id WHERE a.session_id = ?`,
        )
        .all(sessionId) as {
        position: number;
        coverage: number;
        answer_ms: number;
        time_limit_sec: number;
        clarity: number;
        judgment: number;
        constraints_awareness: number;
        communication: number;
        follow_ups: string | null;
        stages: string | null;
      }[]
    ).map((a) => [a.position, a]),
  );
  const prompts = loadQuestions(db, loop.plan.items.map((i) => i.key));
  const state = learningState(db, clock);
  const nowMs = clock.nowMs();
  const rounds = loop.plan.rounds.map((planned, r) => {
    const times = loop.rounds[r]!;
    const answers = loop.plan.items.slice(planned.first, planned.first + planned.count).map((item, i) => {
      const a = attempts.get(planned.first + i);
      const ratings: Ratings | null = a ? { clarity: a.clarity, judgment: a.judgment, constraints: a.constraints_awareness, communication: a.communication } : null;
      return {
        position: planned.first + i,
        packId: item.packId,
        questionId: item.id,
        area: item.area,
        prompt: prompts.get(item.key)?.prompt ?? item.id,
        slot: item.slot,
        coverage: a ? a.coverage : null,
        answerMs: a ? a.answer_ms : null,
        boxSec: item.answerSec,
        followUps: a?.follow_ups ? (JSON.parse(a.follow_ups) as { prompt: string; answer: string; answerMs: number; limitSec: number }[]).map((f) => ({ prompt: f.prompt, answer: f.answer, answerMs: f.answerMs, boxSec: f.limitSec })) : [],
        stages: a?.stages ? (JSON.parse(a.stages) as StageTime[]) : [],
        grade: a && ratings ? gradeAttempt({ coverage: a.coverage, ratings, answerMs: a.answer_ms, timeLimitSec: a.time_limit_sec }).grade : null,
        ratings,
      };
    });
    const graded = answers.filter((x) => x.ratings !== null);
    const mean = (f: (x: (typeof graded)[number]) => number) => graded.reduce((n, x) => n + f(x), 0) / graded.length;
    return {
      title: planned.title,
      minutes: planned.minutes,
      usedMs: times.startedAtMs === null ? 0 : Math.max(0, (times.endedAtMs ?? nowMs) - times.startedAtMs),
      answered: graded.length,
      notReached: answers.length - graded.length,
      meanCoverage: graded.length ? mean((x) => x.coverage!) : null,
      ratings: graded.length ? (Object.fromEntries(RATING_DIMENSIONS.map((d) => [d.id, mean((x) => x.ratings![d.id])])) as Record<keyof Ratings, number>) : null,
      answers: answers.map(({ ratings: _r, ...rest }) => rest),
    };
  });
  // Readiness per area: this loop's graded answers in the area (coverage, with self-ratings as a cap), beside the
  // area's mastery. A question never reached (or not graded) says nothing about the area, so it is left out.
  const touched = new Map<AreaId, { coverage: number[]; ratings: number[] }>();
  for (const round of rounds) {
    for (const a of round.answers) {
      const att = attempts.get(a.position);
      if (!att) continue;
      const t = touched.get(a.area) ?? { coverage: [], ratings: [] };
      t.coverage.push(att.coverage);
      t.ratings.push((att.clarity + att.judgment + att.constraints_awareness + att.communication) / 16);
      touched.set(a.area, t);
    }
  }
  const masteryOf = new Map(state.areas.map((a) => [a.id, a.mastery.mastery ?? 0]));
  const areas = [...touched.entries()].map(([area, t]) => {
    const coverage = t.coverage.reduce((n, x) => n + x, 0) / t.coverage.length;
    const rated = t.ratings.reduce((n, x) => n + x, 0) / t.ratings.length;
    const mastery = masteryOf.get(area) ?? 0;
    return { area, readiness: loopReadiness(coverage, rated, mastery), coverage, mastery, answers: t.coverage.length };
  });
  return { sessionId, title: loop.plan.title, role: loop.plan.role, level: loop.plan.level, status: session.status, rounds, areas };
}

/**
 * Readiness for an area after a loop: 60% how this loop went (coverage, no higher than the self-ratings allow) and
 * 40% the area's mastery from all practice, so one lucky round does not read as ready, nor one bad one as lost.
 */
export function loopReadiness(coverage: number, ratings: number, mastery: number): number {
  return 0.6 * Math.min(coverage, ratings) + 0.4 * mastery;
}
