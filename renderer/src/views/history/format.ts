/**
 * Wording shared by the question browser and the history page: days, times, answer time against the limit,
 * statuses, grades and what decided them. Pure functions, so they are unit-tested (format.test.ts).
 */
import type { Grade, QuestionStatus } from '../../../../shared/api';
import { KIND_TITLES, type Kind, type Level, type Role } from '../../../../shared/areas';
import { GRADE_RULES } from '../../../../shared/learning/grading';
import { RATING_MAX, formatPercent, ratingMean, type Ratings } from '../../../../shared/scoring';
import { formatDuration } from '../../../../shared/timer';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const DAY_MS = 86_400_000;

export const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;

/** Days since 1970-01-01 of a `YYYY-MM-DD` label, or null when it is not one. */
export function dayNumber(label: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(ms) ? null : Math.round(ms / DAY_MS);
}

/** "Fri 14 Mar 2025" for a `YYYY-MM-DD` label (a calendar day: no time zone moves it). */
export function formatDay(label: string, opts: { weekday?: boolean; year?: boolean } = {}): string {
  const n = dayNumber(label);
  if (n === null) return label;
  const d = new Date(n * DAY_MS);
  const parts = [`${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`];
  if (opts.year !== false) parts.push(String(d.getUTCFullYear()));
  return `${opts.weekday === false ? '' : `${WEEKDAYS[d.getUTCDay()]} `}${parts.join(' ')}`;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`), or null when either is not a day. */
export function daysBetween(from: string, to: string): number | null {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return a === null || b === null ? null : b - a;
}

const sameYear = (a: string, b: string | null) => b !== null && a.slice(0, 4) === b.slice(0, 4);

/**
 * A past day as a list shows it: "today", "yesterday", "3 days ago", then the date ("14 Mar", with the year when it
 * is not this year). Without today's day (not loaded yet) it is the date.
 */
export function pastDay(label: string | null, today: string | null): string {
  if (label === null) return '—';
  const n = today === null ? null : daysBetween(label, today);
  if (n === 0) return 'today';
  if (n === 1) return 'yesterday';
  if (n !== null && n > 1 && n < 7) return `${n} days ago`;
  return formatDay(label, { weekday: false, year: !sameYear(label, today) });
}

/** A day to come: "today" (also for a day already passed: it is due now), "tomorrow", "in 5 days", then the date. */
export function futureDay(label: string | null, today: string | null): string {
  if (label === null) return '—';
  const n = today === null ? null : daysBetween(today, label);
  if (n !== null && n < 0) return `overdue since ${formatDay(label, { weekday: false, year: !sameYear(label, today) })}`;
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n !== null && n > 1 && n <= 30) return `in ${n} days`;
  return formatDay(label, { weekday: false, year: !sameYear(label, today) });
}

const two = (n: number) => String(n).padStart(2, '0');

/** "14:05", in this machine's time zone. */
export function formatClockTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The local calendar day of an instant, as `YYYY-MM-DD`. */
export function localDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** "Fri 14 Mar 2025, 14:05" for an instant, in this machine's time zone. */
export function formatAt(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatDay(localDate(iso))}, ${formatClockTime(iso)}`;
}

/** "2:41 of 3:00", and by how much it ran over the limit (null within it). */
export function answerTime(answerMs: number, timeLimitSec: number): { text: string; over: string | null } {
  const limitMs = timeLimitSec * 1000;
  const text = `${formatDuration(answerMs)} of ${formatDuration(limitMs)}`;
  // The clock shows whole seconds: a few milliseconds past the limit is not "0:00 over".
  const overMs = answerMs - limitMs;
  return { text, over: timeLimitSec > 0 && overMs >= 1000 ? formatDuration(overMs) : null };
}

/** FSRS stability as a reader takes it: "under a day", "1 day", "4.2 days", "36 days". */
export function stabilityText(days: number): string {
  if (!Number.isFinite(days) || days < 0) return '—';
  if (days < 0.95) return 'under a day';
  const rounded = days < 10 ? Math.round(days * 10) / 10 : Math.round(days);
  return rounded === 1 ? '1 day' : `${rounded} days`;
}

export const percent = (fraction: number | null) => formatPercent(fraction);

export const STATUS_LABELS: Record<QuestionStatus, string> = { new: 'New', due: 'Due', learning: 'Learning', mastered: 'Mastered' };
/** What each status means, for titles and the filter's description. */
export const STATUS_HINTS: Record<QuestionStatus, string> = {
  new: 'never answered',
  due: 'up for review today',
  learning: 'practised, not yet stable',
  mastered: 'recalled reliably for three weeks or more',
};

export const KIND_LABELS: Record<Kind, string> = KIND_TITLES;
export const LEVEL_LABELS: Record<Level, string> = { junior: 'Junior', mid: 'Mid', senior: 'Senior' };
export const ROLE_LABELS: Record<Role, string> = {
  'applied-ml': 'Applied ML',
  'llm-engineer': 'LLM engineer',
  'mlops-platform': 'MLOps / platform',
  research: 'Research',
};

export const GRADE_LABELS: Record<Grade, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };
/** What the grade does to the next review. */
export const GRADE_HINTS: Record<Grade, string> = {
  again: 'counts as forgotten: it comes back soon',
  hard: 'recalled with difficulty: a short interval',
  good: 'recalled: the interval grows',
  easy: 'recalled easily: the interval grows most',
};

export interface GradeFacts {
  grade: Grade;
  decidedBy: 'coverage' | 'ratings' | 'time';
  itemsTicked: number;
  itemsTotal: number;
  coverage: number;
  ratings: Ratings;
  answerMs: number;
  timeLimitSec: number;
}

/** Why the grade is what it is: "set by coverage: 2 of 5 items (40%)". */
export function decidedByText(f: GradeFacts): string {
  switch (f.decidedBy) {
    case 'coverage':
      return `set by coverage: ${f.itemsTicked} of ${plural(f.itemsTotal, 'item')} (${formatPercent(f.coverage)})`;
    case 'ratings':
      return `set by your ratings: mean ${ratingMean(f.ratings).toFixed(1)} of ${RATING_MAX}`;
    case 'time': {
      const share = f.timeLimitSec > 0 ? f.answerMs / (f.timeLimitSec * 1000) : 0;
      return share > GRADE_RULES.time.hard ? 'set by the time: over the limit' : 'set by the time: over three quarters of the limit';
    }
  }
}
