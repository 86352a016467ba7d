/**
 * The Progress dashboard's figures as plain data: labels, table rows, chart summaries and scale choices. Pure
 * functions of the DashboardView, so every number the screen shows (in a chart or in its table) is unit-tested here.
 */
import type { DashboardView, WeakConcept } from '../../../../shared/api';
import { AREAS, type AreaId } from '../../../../shared/areas';
import { dayLabel, dayOfLabel } from '../../../../shared/learning/days';
import { WEAK_RULES } from '../../../../shared/learning/weak-concepts';

export type DashboardArea = DashboardView['areas'][number];
export type DashboardWeek = DashboardView['weeks'][number];

export const NOT_STARTED = 'not started';

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** A fraction as a whole percentage ("63%"), or "—" when there is none. */
export function percent(fraction: number | null): string {
  return fraction === null ? '—' : `${Math.round(fraction * 100)}%`;
}

/** Seconds as "45 s", "2 min" or "2 min 5 s" (rounded to the second), or "—". */
export function duration(sec: number | null): string {
  if (sec === null) return '—';
  const s = Math.round(sec);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

const UTC = { timeZone: 'UTC' } as const;
/** A day label (YYYY-MM-DD, a calendar date) read as that date whatever the machine's time zone. */
const calendarDate = (label: string) => new Date(`${label}T00:00:00Z`);

/** "Mar 2" */
export function shortDate(label: string): string {
  return calendarDate(label).toLocaleDateString('en-US', { ...UTC, month: 'short', day: 'numeric' });
}

/** "Mar 2, 2026" */
export function mediumDate(label: string): string {
  return calendarDate(label).toLocaleDateString('en-US', { ...UTC, month: 'short', day: 'numeric', year: 'numeric' });
}

/** "Mon, Mar 2, 2026" */
export function longDate(label: string): string {
  return calendarDate(label).toLocaleDateString('en-US', { ...UTC, weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
}

/** Nothing to chart yet: no graded attempt at all. */
export const isEmpty = (view: DashboardView) => view.totals.attempts === 0;

// ---------------------------------------------------------------------------------------------------------------
// Mastery

export interface MasteryRow {
  id: AreaId;
  title: string;
  started: boolean;
  /** 0..1, or null when not started. */
  mastery: number | null;
  /** What the bar and the table say: "42%" or "not started". */
  label: string;
  recall: string;
  coverage: string;
  /** "5 of 24": questions practised of those on offer. */
  practised: string;
  attempts: number;
}

export function masteryRows(areas: readonly DashboardArea[]): MasteryRow[] {
  return areas.map((a) => {
    const started = a.mastery !== null;
    return {
      id: a.id,
      title: a.title,
      started,
      mastery: a.mastery,
      label: started ? percent(a.mastery) : NOT_STARTED,
      recall: percent(a.recall),
      coverage: percent(a.coverage),
      practised: `${a.practised} of ${a.available}`,
      attempts: a.attempts,
    };
  });
}

/** One sentence for the chart's aria-label. */
export function masterySummary(rows: readonly MasteryRow[]): string {
  const started = rows.filter((r) => r.started);
  if (started.length === 0) return `Mastery by area: none of the ${rows.length} areas started yet.`;
  const best = started.reduce((a, b) => (b.mastery! > a.mastery! ? b : a));
  const fresh = rows.length - started.length;
  return (
    `Mastery by area: ${plural(started.length, 'area')} started, highest ${best.title} at ${best.label}` +
    (fresh ? `; ${plural(fresh, 'area')} not started.` : '.')
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Weekly trends

export interface WeekRow {
  week: string;
  /** "Mar 2" */
  label: string;
  attempts: number;
  coverage: string;
  answer: string;
}

export function weekRows(weeks: readonly DashboardWeek[]): WeekRow[] {
  return weeks.map((w) => ({
    week: w.week,
    label: shortDate(w.week),
    attempts: w.attempts,
    coverage: percent(w.meanCoverage),
    answer: duration(w.meanAnswerSec),
  }));
}

export function trendSummary(weeks: readonly DashboardWeek[], metric: 'attempts' | 'coverage' | 'answer'): string {
  const span = weeks.length ? `${plural(weeks.length, 'week')} from the week of ${mediumDate(weeks[0]!.week)}` : 'no weeks';
  if (metric === 'attempts') {
    const total = weeks.reduce((n, w) => n + w.attempts, 0);
    return `Attempts per week over ${span}: ${plural(total, 'attempt')} in all, this week ${weeks.at(-1)?.attempts ?? 0}.`;
  }
  const values = weeks.flatMap((w) => {
    const v = metric === 'coverage' ? w.meanCoverage : w.meanAnswerSec;
    return v === null ? [] : [{ week: w.week, v }];
  });
  const name = metric === 'coverage' ? 'Mean checklist coverage' : 'Mean answer time';
  const fmt = metric === 'coverage' ? percent : duration;
  if (values.length === 0) return `${name} per week: no attempts yet.`;
  const first = values[0]!;
  const last = values.at(-1)!;
  return values.length === 1
    ? `${name} per week: ${fmt(first.v)} in the week of ${mediumDate(first.week)}.`
    : `${name} per week over ${span}: ${fmt(first.v)} in the week of ${mediumDate(first.week)}, ${fmt(last.v)} in the week of ${mediumDate(last.week)}.`;
}

/**
 * Which week labels fit under a chart: every n-th one, counted back from the latest week so the current week is
 * always labelled.
 */
export function tickWeeks(weeks: readonly string[], width: number, minSpacing = 56): string[] {
  if (weeks.length === 0) return [];
  const fit = Math.max(1, Math.floor(width / minSpacing));
  const step = Math.max(1, Math.ceil(weeks.length / fit));
  return weeks.filter((_, i) => (weeks.length - 1 - i) % step === 0);
}

/** The answer-time axis: seconds below two minutes, minutes above, with a top that leaves room over the highest point. */
export function answerAxis(maxSec: number): { unit: 's' | 'min'; top: number; ticks: number[] } {
  if (maxSec <= 0) return { unit: 's', top: 60, ticks: [0, 30, 60] };
  const unit = maxSec < 120 ? 's' : 'min';
  const size = unit === 's' ? maxSec : maxSec / 60;
  const step = niceStep(size / 4);
  const topUnits = Math.max(step, Math.ceil((size * 1.05) / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= topUnits + 1e-9; t += step) ticks.push(unit === 's' ? round(t) : round(t * 60));
  return { unit, top: unit === 's' ? topUnits : topUnits * 60, ticks };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** 1, 2, 2.5, 5, 10, 20, 25, 50 … at or above x. */
function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/** A tick on the answer-time axis: "30 s" or "4 min". */
export function answerTick(sec: number, unit: 's' | 'min'): string {
  return unit === 's' ? `${round(sec)} s` : `${round(sec / 60)} min`;
}

// ---------------------------------------------------------------------------------------------------------------
// Practice calendar

export interface CalendarDay {
  day: string;
  /** Local noon of the day: the heatmap counts squares from local midnights, which a DST change would shift. */
  date: Date;
  attempts: number;
}

/** The 365 days ending today, each with its attempts (0 on days without practice). */
export function calendarDays(days: DashboardView['days'], today: string): CalendarDay[] {
  const end = dayOfLabel(today);
  if (end === null) return [];
  const counts = new Map(days.map((d) => [d.day, d.attempts]));
  const out: CalendarDay[] = [];
  for (let d = end - 364; d <= end; d++) {
    const label = dayLabel(d);
    out.push({ day: label, date: localNoon(label), attempts: counts.get(label) ?? 0 });
  }
  return out;
}

/** The local date (noon) of a calendar day, as the heatmap (which works in local time) needs it. */
export function localNoon(label: string): Date {
  const [y, m, d] = label.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 12);
}

/** Shade steps of the heatmap: no practice, 1, 2–3, 4–6, 7 or more attempts. */
export const HEAT_STEPS = [
  { level: 0, min: 0, label: 'No practice' },
  { level: 1, min: 1, label: '1 attempt' },
  { level: 2, min: 2, label: '2–3 attempts' },
  { level: 3, min: 4, label: '4–6 attempts' },
  { level: 4, min: 7, label: '7 or more attempts' },
] as const;

export function heatLevel(attempts: number): number {
  let level = 0;
  for (const s of HEAT_STEPS) if (attempts >= s.min) level = s.level;
  return level;
}

export function dayTitle(day: string, attempts: number): string {
  return `${longDate(day)}: ${attempts ? plural(attempts, 'attempt') : 'no practice'}`;
}

export function calendarSummary(days: DashboardView['days']): string {
  if (days.length === 0) return 'Practice calendar of the last 365 days: no practice yet.';
  const total = days.reduce((n, d) => n + d.attempts, 0);
  const busiest = days.reduce((a, b) => (b.attempts > a.attempts ? b : a));
  return (
    `Practice calendar of the last 365 days: ${plural(days.length, 'practice day')}, ${plural(total, 'attempt')}; ` +
    `the most on ${mediumDate(busiest.day)} (${busiest.attempts}).`
  );
}

/** "3 days", "1 day", "0 days" */
export const dayCount = (n: number) => plural(n, 'day');

// ---------------------------------------------------------------------------------------------------------------
// Weak concepts

const ruleShare = (r: number) => (r === 0.5 ? 'half or more' : `${Math.round(r * 100)}% or more`);

/** The rule, in one sentence (shared/learning/weak-concepts.ts). */
export const WEAK_RULE_SENTENCE =
  `A concept is called weak after at least ${WEAK_RULES.minChecks} checks from at least ${WEAK_RULES.minQuestions} ` +
  `different questions, with ${ruleShare(WEAK_RULES.minMissRate)} of them missed.`;

/** "missed 5 of 8 checks (63%) across 3 questions" */
export function weakFigures(c: Pick<WeakConcept, 'misses' | 'evidence' | 'missRate' | 'questions'>): string {
  return `missed ${c.misses} of ${plural(c.evidence, 'check')} (${percent(c.missRate)}) across ${plural(c.questions, 'question')}`;
}

export interface ConceptGroup {
  area: AreaId;
  title: string;
  concepts: WeakConcept[];
}

/** Weak concepts under their home areas, the areas in the app's order, each keeping the services' order (weakest first). */
export function groupByArea(concepts: readonly WeakConcept[]): ConceptGroup[] {
  return AREAS.flatMap((a) => {
    const mine = concepts.filter((c) => c.area === a.id);
    return mine.length ? [{ area: a.id, title: a.title, concepts: mine }] : [];
  });
}

/**
 * A prompt's opening as plain text: Markdown marks dropped, whitespace folded, and an ellipsis when the services
 * cut it (they send the first 160 characters).
 */
export function plainPrompt(markdown: string, cutAt = 160): string {
  const text = markdown
    .replace(/```\w*/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)?/g, '$1')
    .replace(/^\s*(#{1,6}|>)\s*/gm, '')
    .replace(/[*`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return markdown.length >= cutAt ? `${text.replace(/[\s.,;:]+$/, '')}…` : text;
}
