/**
 * The learning loop's reads: today's plan, mastery per area, weak concepts, the dashboard, the question browser.
 * Figures come from the cards table (one row per practised question) and from attempts' numeric columns; answer
 * text lives apart in attempt_texts, so none of these scans touch it. The rules themselves are pure functions in
 * shared/learning/ (documented in docs/learning-loop.md).
 */
import type Database from 'better-sqlite3';
import { AREAS, type AreaId } from '../../shared/areas';
import type {
  AreaProgress,
  BrowseItem,
  ConceptEvidence,
  DashboardView,
  InterviewOutlook,
  MasteryView,
  NextAction,
  ProgressReport,
  Settings,
  TodayPlan,
  WeakConcept,
} from '../../shared/api';
import { CONCEPTS } from '../../shared/concepts';
import { cardClock, DAY_MS, dayLabel, dayOfLabel, localDay, weekStart } from '../../shared/learning/days';
import { retrievability, type CardState, type MemoryState } from '../../shared/learning/fsrs';
import { mastery } from '../../shared/learning/mastery';
import { areaRisk, effectiveDueDay, newPace, planDue, questionStatus, RISK_RULES, type CardInfo, type QuestionStatus } from '../../shared/learning/schedule';
import { byWeakness, tally, WEAK_RULES } from '../../shared/learning/weak-concepts';
import type { Where } from '../../shared/methods';
import { dayStartHour } from '../db/cards';
import type { Clock } from './clock';
import { areaProgress, type AreaCounts } from './progress';
import { listQuestionRows, PACK_ON_OFFER } from './questions';
import { readSettings } from './settings';

/** Where "now" is: the instant, today's local day number and the card clock's time. */
export interface Now {
  ms: number;
  day: number;
  cardMs: number;
  startHour: number;
}

export function nowOf(db: Database.Database, clock: Clock): Now {
  const ms = clock.nowMs();
  const startHour = dayStartHour(db);
  const offset = clock.offsetMin(ms);
  return { ms, day: localDay(ms, offset, startHour), cardMs: cardClock(ms, offset, startHour), startHour };
}

interface CardRow {
  question_key: number;
  area: AreaId;
  on_offer: number;
  state: MemoryState;
  stability: number;
  difficulty: number;
  reps: number;
  lapses: number;
  scheduled_days: number;
  learning_steps: number;
  due_ms: number;
  last_review_ms: number | null;
  due_day: number;
  first_day: number;
  last_day: number;
  last_coverage: number;
  graded: number;
  buried_until_day: number | null;
}

export interface LoadedCard extends CardInfo {
  onOffer: boolean;
  lastCoverage: number;
  graded: number;
  state: CardState;
}

export function cardState(r: Pick<CardRow, 'state' | 'stability' | 'difficulty' | 'reps' | 'lapses' | 'scheduled_days' | 'learning_steps' | 'due_ms' | 'last_review_ms'>): CardState {
  return {
    state: r.state,
    stability: r.stability,
    difficulty: r.difficulty,
    reps: r.reps,
    lapses: r.lapses,
    scheduledDays: r.scheduled_days,
    learningSteps: r.learning_steps,
    dueMs: r.due_ms,
    lastReviewMs: r.last_review_ms,
  };
}

/** Every card, with its question's area and whether a drill can pick it (live, pack enabled and not removed). */
export function loadCards(db: Database.Database, now: Now): LoadedCard[] {
  const rows = db
    .prepare(
      `SELECT c.*, q.area, (q.retired = 0 AND ${PACK_ON_OFFER}) AS on_offer
       FROM cards c JOIN questions q ON q.key = c.question_key JOIN packs p ON p.id = q.pack_id`,
    )
    .all() as CardRow[];
  return rows.map((r) => {
    const state = cardState(r);
    return {
      key: r.question_key,
      area: r.area,
      dueDay: r.due_day,
      lastDay: r.last_day,
      firstDay: r.first_day,
      buriedUntilDay: r.buried_until_day,
      stability: r.stability,
      recall: retrievability(state, now.cardMs),
      onOffer: r.on_offer === 1,
      lastCoverage: r.last_coverage,
      graded: r.graded,
      state,
    };
  });
}

/** Questions practised today that were already cards before today: today's reviews. */
function reviewsDoneToday(db: Database.Database, now: Now, cards: ReadonlyMap<number, LoadedCard>): number {
  const rows = db
    .prepare('SELECT question_key, at_ms, tz_offset_min FROM attempts WHERE at_ms >= ?')
    .all(now.ms - 2 * DAY_MS) as { question_key: number; at_ms: number; tz_offset_min: number }[];
  const reviewed = new Set<number>();
  for (const r of rows) {
    if (localDay(r.at_ms, r.tz_offset_min, now.startHour) !== now.day) continue;
    const card = cards.get(r.question_key);
    if (card && card.firstDay < now.day) reviewed.add(r.question_key);
  }
  return reviewed.size;
}

export function interviewDay(settings: Settings): number | null {
  return settings.interviewDate === null ? null : dayOfLabel(settings.interviewDate);
}

export function scheduleSettings(settings: Settings) {
  return { maxReviewsPerDay: settings.maxReviewsPerDay, newPerDay: settings.newPerDay, interviewDay: interviewDay(settings) };
}

function masteryByArea(areas: readonly AreaCounts[], cards: readonly LoadedCard[]): Map<AreaId, MasteryView> {
  const out = new Map<AreaId, MasteryView>();
  for (const a of areas) {
    const mine = cards.filter((c) => c.onOffer && c.area === a.id);
    out.set(a.id, mastery({ recalls: mine.map((c) => c.recall), latestCoverages: mine.map((c) => c.lastCoverage), practised: a.practised, available: a.available }));
  }
  return out;
}

/** Questions on offer per area that have no card yet. */
function unseenByArea(db: Database.Database): Map<AreaId, number> {
  const rows = db
    .prepare(
      `SELECT q.area, COUNT(*) AS n FROM questions q JOIN packs p ON p.id = q.pack_id
       WHERE q.retired = 0 AND ${PACK_ON_OFFER} AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.question_key = q.key) GROUP BY q.area`,
    )
    .all() as { area: AreaId; n: number }[];
  return new Map(rows.map((r) => [r.area, r.n]));
}

export interface LearningState {
  now: Now;
  settings: Settings;
  areas: AreaProgress[];
  cards: LoadedCard[];
  today: TodayPlan;
  interview: InterviewOutlook | null;
}

/** The figures Home and `mldrill progress` need: areas with mastery and due counts, today's plan, the interview. */
export function learningState(db: Database.Database, clock: Clock): LearningState {
  const now = nowOf(db, clock);
  const settings = readSettings(db);
  const cards = loadCards(db, now);
  const byKey = new Map(cards.map((c) => [c.key, c]));
  const plan = planDue(
    cards.filter((c) => c.onOffer),
    now.day,
    scheduleSettings(settings),
    reviewsDoneToday(db, now, byKey),
  );
  const dueByArea: Partial<Record<AreaId, number>> = {};
  for (const c of plan.today) dueByArea[c.area as AreaId] = (dueByArea[c.area as AreaId] ?? 0) + 1;
  const base = areaProgress(db);
  const masteries = masteryByArea(base, cards);
  const areas = base.map((a) => ({ ...a, mastery: masteries.get(a.id)!, due: dueByArea[a.id] ?? 0 }));

  const unseen = unseenByArea(db);
  const day = interviewDay(settings);
  const interviewAreas = settings.interviewAreas;
  const unseenForInterview = interviewAreas.reduce((n, a) => n + (unseen.get(a) ?? 0), 0);
  const pace = newPace(scheduleSettings(settings), now.day, unseenForInterview);
  const newDone = cards.filter((c) => c.firstDay === now.day).length;
  const newLeft = Math.max(0, pace - newDone);

  let interview: InterviewOutlook | null = null;
  if (settings.interviewDate !== null && day !== null) {
    const daysLeft = day - now.day;
    const recentNew = new Map<string, number>();
    for (const c of cards) if (c.onOffer && c.firstDay > now.day - RISK_RULES.paceDays) recentNew.set(c.area, (recentNew.get(c.area) ?? 0) + 1);
    const atRisk =
      daysLeft < 0
        ? []
        : interviewAreas.flatMap((id) => {
            const reason = areaRisk({ id, mastery: masteries.get(id)?.mastery ?? null, unseen: unseen.get(id) ?? 0, recentNew: recentNew.get(id) ?? 0 }, daysLeft);
            return reason ? [{ area: id, reason }] : [];
          });
    interview = { date: settings.interviewDate, daysLeft, areas: interviewAreas, unseen: unseenForInterview, atRisk };
  }

  const today: TodayPlan = {
    day: dayLabel(now.day),
    dueToday: plan.today.length,
    dueByArea,
    backlog: plan.backlog,
    backlogDays: plan.backlogDays,
    reviewsDone: plan.reviewsDoneToday,
    newDone,
    newPace: pace,
    newLeft,
    next: nextAction(settings, areas, plan.today.length, newLeft, unseen, interview),
  };
  return { now, settings, areas, cards, today, interview };
}

/** The three areas of lowest mastery among those given: practised ones first (lowest first), then not started. */
export function weakestAreas(areas: readonly { id: AreaId; mastery: MasteryView; available: number }[], among?: readonly AreaId[]): AreaId[] {
  const pool = areas.filter((a) => a.available > 0 && (!among || among.includes(a.id)));
  const started = pool.filter((a) => a.mastery.mastery !== null).sort((a, b) => a.mastery.mastery! - b.mastery.mastery!);
  const fresh = pool.filter((a) => a.mastery.mastery === null);
  return [...started, ...fresh].slice(0, 3).map((a) => a.id);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function nextAction(
  settings: Settings,
  areas: readonly (AreaProgress & { mastery: MasteryView })[],
  dueToday: number,
  newLeft: number,
  unseen: ReadonlyMap<AreaId, number>,
  interview: InterviewOutlook | null,
): NextAction {
  const all = AREAS.map((a) => a.id);
  const count = settings.defaultCount;
  if (dueToday > 0) {
    const n = Math.min(dueToday, count);
    return { focus: 'due', label: `Review ${plural(n, 'due question')}`, detail: `${plural(dueToday, 'review')} due today, most forgotten first.`, count: n, areas: all };
  }
  const focusAreas = interview && interview.daysLeft > 0 ? interview.areas : all;
  const unseenThere = focusAreas.reduce((n, a) => n + (unseen.get(a) ?? 0), 0);
  const started = areas.some((a) => a.practised > 0);
  if (!started && unseenThere > 0) {
    const n = Math.min(count, unseenThere);
    return { focus: 'new', label: 'Start your first drill', detail: `${plural(n, 'new question')} across the areas, to find where you stand.`, count: n, areas: focusAreas };
  }
  if (newLeft > 0 && unseenThere > 0) {
    const n = Math.min(newLeft, count, unseenThere);
    const why = interview && interview.daysLeft > 0 ? `paced to cover ${plural(unseenThere, 'question')} before your interview` : `${plural(newLeft, 'new question')} left for today`;
    return { focus: 'new', label: `Learn ${plural(n, 'new question')}`, detail: `No reviews due; ${why}.`, count: n, areas: focusAreas };
  }
  const weakest = weakestAreas(areas, focusAreas);
  return { focus: 'weakest', label: 'Practise your weakest areas', detail: "Today's reviews are done; extra practice on the areas of lowest mastery.", count, areas: weakest.length ? weakest : all };
}

// -------------------------------------------------------------------------------------------------------------
// Weak concepts

const CONCEPT_BY_ID: ReadonlyMap<string, (typeof CONCEPTS)[number]> = new Map(CONCEPTS.map((c) => [c.id, c]));

interface EvidenceRow {
  concept: string;
  attempt_id: number;
  pack_id: string;
  question_id: string;
  prompt: string;
  created_at: string;
  at_ms: number;
  tz_offset_min: number;
  ticked: number;
  item: string;
}

/** The evidence window: the most recent graded attempts. */
const RECENT = 'WITH recent AS (SELECT id, question_key, created_at, at_ms, tz_offset_min FROM attempts ORDER BY at_ms DESC, id DESC LIMIT @window)';

/**
 * Concepts checked in the evidence window, as tallies counted in SQL; `weakOnly` keeps the weak ones, `limit` the
 * first few (most missed first). Each carries its newest checks as evidence, fetched for the concepts returned only.
 */
export function conceptTallies(db: Database.Database, startHour: number, opts: { weakOnly?: boolean; limit?: number; evidencePerConcept?: number } = {}): WeakConcept[] {
  const { weakOnly = true, limit = Infinity, evidencePerConcept = 12 } = opts;
  const counted = db
    .prepare(
      `${RECENT}
       SELECT ic.concept, COUNT(*) AS checks, SUM(ai.ticked = 0) AS misses, COUNT(DISTINCT r.question_key) AS questions
       FROM recent r CROSS JOIN attempt_items ai ON ai.attempt_id = r.id CROSS JOIN item_concepts ic ON ic.item_key = ai.item_key
       GROUP BY ic.concept`,
    )
    .all({ window: WEAK_RULES.windowAttempts }) as { concept: string; checks: number; misses: number; questions: number }[];
  const chosen = counted
    .filter((r) => CONCEPT_BY_ID.has(r.concept))
    .map((r) => tally(r.concept, r.checks, r.misses, r.questions))
    .filter((t) => !weakOnly || t.weak)
    .sort(byWeakness)
    .slice(0, limit);
  if (chosen.length === 0) return [];
  const evidence = new Map<string, ConceptEvidence[]>();
  const rows = db
    .prepare(
      `${RECENT},
       ranked AS (
         SELECT ic.concept, r.id AS attempt_id, q.pack_id, q.id AS question_id, substr(q.prompt, 1, 160) AS prompt, r.created_at, r.at_ms,
                r.tz_offset_min, ai.ticked, ci.text AS item,
                ROW_NUMBER() OVER (PARTITION BY ic.concept ORDER BY r.at_ms DESC, r.id DESC, ci.ordinal) AS n
         -- CROSS JOIN keeps this order: the 400 recent attempts first, then their items. Left to itself the planner
         -- starts from the concepts and walks every attempt that ever checked them.
         FROM recent r
         CROSS JOIN attempt_items ai ON ai.attempt_id = r.id
         CROSS JOIN item_concepts ic ON ic.item_key = ai.item_key AND ic.concept IN (SELECT value FROM json_each(@concepts))
         JOIN checklist_items ci ON ci.key = ai.item_key
         JOIN questions q ON q.key = r.question_key)
       SELECT * FROM ranked WHERE n <= @per ORDER BY concept, n`,
    )
    .all({ window: WEAK_RULES.windowAttempts, concepts: JSON.stringify(chosen.map((t) => t.concept)), per: evidencePerConcept }) as EvidenceRow[];
  for (const r of rows) {
    const list = evidence.get(r.concept) ?? [];
    list.push({
      attemptId: r.attempt_id,
      packId: r.pack_id,
      questionId: r.question_id,
      prompt: r.prompt,
      at: r.created_at,
      day: dayLabel(localDay(r.at_ms, r.tz_offset_min, startHour)),
      item: r.item,
      ticked: r.ticked === 1,
    });
    evidence.set(r.concept, list);
  }
  return chosen.map((x) => {
    const c = CONCEPT_BY_ID.get(x.concept)!;
    return { id: c.id, title: c.title, area: c.area, missRate: x.missRate, evidence: x.checks, misses: x.misses, questions: x.questions, recent: evidence.get(x.concept) ?? [] };
  });
}

export function weakConcepts(db: Database.Database, startHour: number, limit?: number): WeakConcept[] {
  return conceptTallies(db, startHour, limit === undefined ? {} : { limit });
}

// -------------------------------------------------------------------------------------------------------------
// Progress report, dashboard

export function progressReport(db: Database.Database, clock: Clock): ProgressReport {
  const s = learningState(db, clock);
  return {
    areas: s.areas.map((a) => ({ id: a.id, mastery: a.mastery.mastery, due: a.due, attempts: a.attempts, practised: a.practised, available: a.available, coverage: a.coverage })),
    weakConcepts: weakConcepts(db, s.now.startHour).map((w) => ({ id: w.id, area: w.area, missRate: w.missRate, evidence: w.evidence })),
    dueToday: s.today.dueToday,
  };
}

/** The local day of an attempt, as SQL over attempts' columns (parameters bind as REAL, so the quotient is cast; every at_ms is after 1970, so truncation is the floor). */
const DAY_SQL = 'CAST((at_ms + tz_offset_min * 60000 - @startMs) / 86400000 AS INTEGER)';

export function dashboard(db: Database.Database, clock: Clock): DashboardView {
  const s = learningState(db, clock);
  const today = s.now.day;
  const firstWeek = weekStart(today) - 51 * 7;
  // One pass over the attempts' numeric columns, grouped by local day: the calendar, the weeks, the streaks and the
  // totals all come from it.
  const byDay = db
    .prepare(`SELECT ${DAY_SQL} AS day, COUNT(*) AS attempts, SUM(coverage) AS coverage, SUM(answer_ms) AS answer_ms FROM attempts GROUP BY day ORDER BY day`)
    .all({ startMs: s.now.startHour * 3_600_000 }) as { day: number; attempts: number; coverage: number; answer_ms: number }[];
  const weekly = new Map<number, { attempts: number; coverage: number; answerMs: number }>();
  const daily: { day: string; attempts: number }[] = [];
  const practiceDays: number[] = [];
  let attempts = 0;
  let answerMs = 0;
  for (const r of byDay) {
    attempts += r.attempts;
    answerMs += r.answer_ms;
    practiceDays.push(r.day);
    if (r.day > today) continue;
    if (r.day > today - 365) daily.push({ day: dayLabel(r.day), attempts: r.attempts });
    const w = weekStart(r.day);
    if (w < firstWeek) continue;
    const acc = weekly.get(w) ?? { attempts: 0, coverage: 0, answerMs: 0 };
    acc.attempts += r.attempts;
    acc.coverage += r.coverage;
    acc.answerMs += r.answer_ms;
    weekly.set(w, acc);
  }
  // From the week of the first practice, or 52 weeks back when that was earlier (empty weeks included).
  const firstPractised = practiceDays.length ? Math.max(firstWeek, weekStart(practiceDays[0]!)) : weekStart(today);
  const weeks: DashboardView['weeks'] = [];
  for (let w = firstPractised; w <= weekStart(today); w += 7) {
    const acc = weekly.get(w);
    weeks.push({
      week: dayLabel(w),
      attempts: acc?.attempts ?? 0,
      meanCoverage: acc ? acc.coverage / acc.attempts : null,
      meanAnswerSec: acc ? acc.answerMs / acc.attempts / 1000 : null,
    });
  }
  return {
    day: dayLabel(today),
    areas: s.areas.map((a) => ({ id: a.id, title: a.title, ...a.mastery, practised: a.practised, available: a.available, attempts: a.attempts })),
    weeks,
    days: daily,
    streak: s.settings.showStreaks ? streaks(practiceDays, today) : null,
    // One card per question with a graded attempt.
    totals: { attempts, questions: s.cards.length, practiceDays: practiceDays.length, answerMinutes: Math.round(answerMs / 60_000) },
    weakConcepts: weakConcepts(db, s.now.startHour),
  };
}

/**
 * The current streak counts consecutive practice days ending today, or yesterday (today is not over yet); the
 * longest is the longest run in the history. Days must be sorted ascending and distinct.
 */
export function streaks(days: readonly number[], today: number): { current: number; longest: number } {
  let longest = 0;
  let run = 0;
  let prev: number | null = null;
  for (const d of days) {
    if (d > today) break;
    run = prev !== null && d === prev + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    prev = d;
  }
  const current = prev !== null && (prev === today || prev === today - 1) ? run : 0;
  return { current, longest };
}

// -------------------------------------------------------------------------------------------------------------
// Browse

export function browse(db: Database.Database, clock: Clock, where: Where, statuses?: readonly QuestionStatus[]): BrowseItem[] {
  const now = nowOf(db, clock);
  const settings = readSettings(db);
  const iday = interviewDay(settings);
  const cards = new Map(loadCards(db, now).map((c) => [c.key, c]));
  const keyed = listQuestionRows(db, where);
  const wanted = statuses && statuses.length ? new Set(statuses) : null;
  const out: BrowseItem[] = [];
  for (const { key, ...brief } of keyed) {
    const card = cards.get(key);
    const status = questionStatus(card, now.day, iday);
    if (wanted && !wanted.has(status)) continue;
    out.push({
      ...brief,
      status,
      attempts: card?.graded ?? 0,
      lastPractised: card ? dayLabel(card.lastDay) : null,
      nextDue: card ? dayLabel(effectiveDueDay(card, now.day, iday)) : null,
      recall: card ? card.recall : null,
    });
  }
  return out;
}
