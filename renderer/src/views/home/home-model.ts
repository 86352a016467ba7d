/**
 * Home's wording and choices as pure functions of the services' figures: what mastery reads as and the numbers
 * behind it, today's plan in words, the interview outlook, the drill modes, the custom mix's filters and the line
 * that says what a drill will hold. The components only lay these out.
 */
import type { AreaProgress, Grade, HomeView, InterviewOutlook, MasteryView, RiskReason, TodayPlan, WeakConcept } from '../../../../shared/api';
import { AREAS, KIND_TITLES, type AreaId, type Kind, type Level, type Role } from '../../../../shared/areas';
import { dayOfLabel } from '../../../../shared/learning/days';
import { MASTERY_RULES } from '../../../../shared/learning/mastery';
import { RISK_RULES } from '../../../../shared/learning/schedule';
import type { FocusedPick } from '../../store/drill-slice';
import { availableFor, type CustomMix, type DrillChoice } from '../../store/home-slice';
import { areaName } from '../packs/format';

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const percent = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Mastery as a percentage. A practised area never reads 0% (it has been started) and nothing short of full
 * mastery reads 100%.
 */
export function masteryPercent(x: number): string {
  const p = Math.round(x * 100);
  if (x > 0 && p === 0) return '<1%';
  if (x < 1 && p === 100) return '99%';
  return `${p}%`;
}

/** "41%", or "not started" for an area never practised. */
export function masteryLabel(m: MasteryView): string {
  return m.mastery === null ? 'not started' : masteryPercent(m.mastery);
}

export interface MasteryRow {
  term: string;
  value: string;
  note: string;
}

export interface MasteryWhy {
  /** One sentence on what the figure is. */
  lead: string;
  rows: MasteryRow[];
  /** The formula with this area's numbers in it, or null before the area is started. */
  formula: string | null;
}

const W_RECALL = MASTERY_RULES.recallWeight;
const W_COVERAGE = MASTERY_RULES.coverageWeight;
/** The rule in words (shared/learning/mastery.ts). */
export const MASTERY_FORMULA = `breadth × (${W_RECALL} × recall + ${W_COVERAGE} × coverage)`;

/** The numbers behind an area's mastery, in words, for its "Why?" panel. */
export function masteryWhy(m: MasteryView, practised: number): MasteryWhy {
  const general = `Mastery = ${MASTERY_FORMULA}.`;
  if (m.mastery === null) {
    return {
      lead: `Not started: no answer in this area has been graded yet. ${general} It appears after your first graded answer here.`,
      rows: [
        {
          term: 'Breadth',
          value: `0 of ${m.breadthTarget}`,
          note: `The area counts in full once ${plural(m.breadthTarget, 'question')} ${m.breadthTarget === 1 ? 'is' : 'are'} practised.`,
        },
      ],
      formula: null,
    };
  }
  const recall = m.recall ?? 0;
  const coverage = m.coverage ?? 0;
  const counted = Math.min(practised, m.breadthTarget);
  return {
    lead: `How well you know this area today, from ${plural(practised, 'practised question')}.`,
    rows: [
      {
        term: 'Recall',
        value: percent(recall),
        note: `The chance you still recall ${practised === 1 ? 'that question' : 'those questions'} today, from your reviews.`,
      },
      {
        term: 'Recent coverage',
        value: percent(coverage),
        note: 'Checklist points covered in your latest answer to each.',
      },
      {
        term: 'Breadth',
        value: `${counted} of ${m.breadthTarget} (${percent(m.breadth)})`,
        note: `Questions practised, of the ${m.breadthTarget} needed to count in full.`,
      },
    ],
    formula: `${percent(m.breadth)} × (${W_RECALL} × ${percent(recall)} + ${W_COVERAGE} × ${percent(coverage)}) = ${masteryPercent(m.mastery)}`,
  };
}

/** "3 due today" on an area card, or nothing due. */
export const dueLabel = (n: number) => (n > 0 ? `${n} due today` : 'nothing due');

// ---------------------------------------------------------------------------------------------------------------
// Today

/** The areas with reviews today, in the app's area order, with short names. */
export function dueByArea(today: TodayPlan): { id: AreaId; name: string; n: number }[] {
  return AREAS.flatMap((a) => {
    const n = today.dueByArea[a.id] ?? 0;
    return n > 0 ? [{ id: a.id, name: areaName(a.id), n }] : [];
  });
}

export const dueHeadline = (today: TodayPlan) => (today.dueToday > 0 ? `${today.dueToday} due today` : 'Nothing due today');

/** "+B more due, spread over the next D days", or null without a backlog. */
export function backlogNote(today: TodayPlan): string | null {
  if (today.backlog <= 0) return null;
  if (today.backlogDays <= 1) return `+${today.backlog} more due, coming tomorrow`;
  return `+${today.backlog} more due, spread over the next ${today.backlogDays} days`;
}

/** What is left of today's new questions, in a sentence. */
export function newNote(today: TodayPlan): string {
  if (today.newPace <= 0 && today.newDone === 0) return 'No new questions planned (0 a day in Settings).';
  if (today.newLeft > 0) {
    const done = today.newDone > 0 ? ` (${today.newDone} done)` : '';
    return `${plural(today.newLeft, 'new question')} left today${done}.`;
  }
  return `Today's new questions are done (${today.newDone} seen).`;
}

/** Reviews already done today, or null before the first. */
export const reviewsDoneNote = (today: TodayPlan) => (today.reviewsDone > 0 ? `${plural(today.reviewsDone, 'review')} done today.` : null);

/** True before the first graded answer anywhere: Home invites a first drill. */
export const nothingPractised = (home: HomeView) => home.areas.every((a) => a.practised === 0);

// ---------------------------------------------------------------------------------------------------------------
// Dates and the interview

/** A YYYY-MM-DD day as a local calendar date, e.g. "Fri, 20 Nov 2026"; the label itself if it is not a date. */
export function formatDay(label: string, locale?: string, withYear = true): string {
  if (dayOfLabel(label) === null) return label;
  const [y, m, d] = label.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toLocaleDateString(locale, { weekday: 'short', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) });
}

/** Days from one YYYY-MM-DD day to another (negative when `to` is earlier), or null if either is not a date. */
export function daysBetween(from: string, to: string): number | null {
  const a = dayOfLabel(from);
  const b = dayOfLabel(to);
  return a === null || b === null ? null : b - a;
}

/** "today", "tomorrow", "in 3 days", "yesterday", "4 days ago". */
export function relativeDays(n: number): string {
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n === -1) return 'yesterday';
  return n > 0 ? `in ${n} days` : `${-n} days ago`;
}

export const GRADE_WORDS: Record<Grade, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

/** "Next review: Sat, 21 Nov (tomorrow)", or the date alone (with its year) when today is not known. */
export function nextReview(nextDue: string | null, today: string | undefined, locale?: string): string {
  if (nextDue === null) return 'No review scheduled';
  const n = today ? daysBetween(today, nextDue) : null;
  if (n === null || today === undefined || today.slice(0, 4) !== nextDue.slice(0, 4)) return `Next review: ${formatDay(nextDue, locale)}${n === null ? '' : ` (${relativeDays(n)})`}`;
  return `Next review: ${formatDay(nextDue, locale, false)} (${relativeDays(n)})`;
}

export function interviewHeadline(o: InterviewOutlook, locale?: string): string {
  if (o.daysLeft < 0) return `Your interview was on ${formatDay(o.date, locale)}`;
  if (o.daysLeft === 0) return 'Interview today';
  if (o.daysLeft === 1) return 'Interview tomorrow';
  return `Interview in ${o.daysLeft} days`;
}

/** Why an interview area is at risk, in words, with the area's own figures where they help. */
export function riskText(reason: RiskReason, area: Pick<AreaProgress, 'mastery' | 'available' | 'practised'> | undefined): string {
  switch (reason) {
    case 'not-started':
      return 'not started yet';
    case 'low-mastery': {
      const m = area?.mastery.mastery;
      const now = m === null || m === undefined ? 'mastery' : `mastery ${masteryPercent(m)}`;
      return `${now}, below the ${percent(RISK_RULES.minMastery)} to aim for`;
    }
    case 'behind-pace': {
      const unseen = area ? Math.max(0, area.available - area.practised) : null;
      const what = unseen === null ? 'its unpractised questions' : `its ${plural(unseen, 'unpractised question')}`;
      return `behind pace: at your rate of new questions over the last ${RISK_RULES.paceDays} days, ${what} will not all be seen in time`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Weak concepts

export const weakConceptLine = (w: WeakConcept) => `missed ${w.misses} of ${plural(w.evidence, 'check')}`;

/** A one-concept drill: every area, the saved question count, only questions that check the concept. */
export function conceptPick(w: WeakConcept, defaultCount: number): FocusedPick {
  return { focus: 'mixed', areas: AREAS.map((a) => a.id), count: defaultCount, filter: { concepts: [w.id] } };
}

// ---------------------------------------------------------------------------------------------------------------
// Drill modes and the custom mix

export const DRILL_CHOICES: readonly { id: DrillChoice; label: string; description: string }[] = [
  { id: 'mixed', label: 'Mixed', description: 'Due reviews first, then new questions, then the ones you recall least.' },
  { id: 'due', label: 'Due reviews', description: 'Only questions due for review today, most forgotten first.' },
  {
    id: 'weakest',
    label: 'Weakest areas',
    description: 'Your three weakest chosen areas: lowest mastery first, then areas not started.',
  },
  { id: 'new', label: 'New only', description: 'Only questions you have never answered, in random order.' },
  { id: 'custom', label: 'Custom mix', description: 'The chosen areas narrowed by tag, level, kind or role.' },
];

export const KIND_LABELS: Record<Kind, string> = KIND_TITLES;
export const ROLE_LABELS: Record<Role, string> = {
  'applied-ml': 'Applied ML',
  'llm-engineer': 'LLM engineer',
  'mlops-platform': 'MLOps / platform',
  research: 'Research',
};
export const levelLabel = (l: Level) => l[0]!.toUpperCase() + l.slice(1);

/** The limits the services hold a filter to (shared/methods.ts). */
export const TAG_RULES = { maxTags: 50, maxLength: 32, pattern: /^[a-z0-9][a-z0-9-]*$/ } as const;

export interface ParsedTags {
  tags: string[];
  /** One sentence per problem, naming the tag. */
  errors: string[];
}

/** Tags typed as "Drift, fine-tuning": trimmed, lowercased, deduplicated; anything that cannot be a tag is named. */
export function parseTags(text: string): ParsedTags {
  const tags: string[] = [];
  const errors: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim().toLowerCase();
    if (!tag || tags.includes(tag)) continue;
    if (/\s/.test(tag)) errors.push(`"${tag}" is not a tag: tags use hyphens, not spaces (${tag.replace(/\s+/g, '-')}).`);
    else if (tag.length > TAG_RULES.maxLength) errors.push(`"${tag.slice(0, 12)}…" is longer than ${TAG_RULES.maxLength} characters, so no question has it.`);
    else if (!TAG_RULES.pattern.test(tag)) errors.push(`"${tag}" is not a tag: tags are lowercase letters, digits and hyphens.`);
    else tags.push(tag);
  }
  if (tags.length > TAG_RULES.maxTags) errors.push(`At most ${TAG_RULES.maxTags} tags at once.`);
  return { tags, errors };
}

export type MixFilter = NonNullable<FocusedPick['filter']>;

/** The custom mix as the services' filter, leaving out what does not narrow; null while the tags have a problem. */
export function mixFilter(mix: CustomMix): MixFilter | null {
  const { tags, errors } = parseTags(mix.tags);
  if (errors.length) return null;
  return {
    ...(tags.length ? { tags } : {}),
    ...(mix.kinds.length ? { kinds: [...mix.kinds] } : {}),
    ...(mix.roles.length ? { roles: [...mix.roles] } : {}),
    ...(mix.levels.length ? { levels: [...mix.levels] } : {}),
  };
}

/** The three areas of lowest mastery among those chosen, as the services pick them (electron/services/learning.ts). */
export function weakestChosen(areas: readonly AreaProgress[], chosen: readonly AreaId[]): AreaProgress[] {
  const pool = areas.filter((a) => a.available > 0 && chosen.includes(a.id));
  const started = pool.filter((a) => a.mastery.mastery !== null).sort((a, b) => a.mastery.mastery! - b.mastery.mastery!);
  const fresh = pool.filter((a) => a.mastery.mastery === null);
  return [...started, ...fresh].slice(0, 3);
}

export interface DrillPlanInput {
  home: HomeView;
  choice: DrillChoice;
  areas: readonly AreaId[];
  level: Level | 'any';
  count: number;
  /**
   * Questions matching the custom mix (from listQuestions): a number; 'loading'; 'invalid' while a filter has a
   * problem; 'unknown' when they could not be counted.
   */
  customMatches?: number | 'loading' | 'invalid' | 'unknown';
}

export interface DrillPlan {
  /** The line under the form (#count-hint): what the drill will hold, or what to change. */
  hint: string;
  canStart: boolean;
}

const questions = (n: number, what = 'question') => plural(n, what);

/** "The drill will have 5 questions." or "Only 3 questions match; the drill will have 3." */
function holds(matching: number, count: number): string {
  if (matching < count) return `Only ${questions(matching)} ${matching === 1 ? 'matches' : 'match'}; the drill will have ${matching}.`;
  return `The drill will have ${questions(count)}.`;
}

/** What a drill of the form's choices will hold, and whether it can start. */
export function drillPlan({ home, choice, areas, level, count, customMatches }: DrillPlanInput): DrillPlan {
  if (areas.length === 0) return { hint: 'Choose at least one topic area to start.', canStart: false };
  const chosen = home.areas.filter((a) => areas.includes(a.id));
  const levelWord = level === 'any' ? '' : `${level} `;
  switch (choice) {
    case 'mixed': {
      const matching = availableFor(home, areas, level);
      if (matching === 0) return { hint: `No ${levelWord}questions in the chosen areas. Choose more areas or another level.`, canStart: false };
      return { hint: holds(matching, count), canStart: true };
    }
    case 'due': {
      const due = chosen.reduce((n, a) => n + (home.today.dueByArea[a.id] ?? 0), 0);
      if (due === 0) return { hint: 'Nothing is due today in the chosen areas. Choose Mixed or New only to keep practising.', canStart: false };
      if (level !== 'any') {
        return { hint: `${plural(due, 'review')} due in the chosen areas; the drill takes up to ${Math.min(due, count)} of the ${level} ones.`, canStart: true };
      }
      return { hint: due < count ? `Only ${plural(due, 'review')} due; the drill will have ${due}.` : `The drill will have ${questions(count, 'due review')}.`, canStart: true };
    }
    case 'new': {
      const unseen = chosen.reduce((n, a) => n + Math.max(0, a.available - a.practised), 0);
      if (unseen === 0) return { hint: 'You have answered every question in the chosen areas. Choose Mixed to review them, or add more areas.', canStart: false };
      if (level !== 'any') {
        const atLevel = availableFor(home, areas, level);
        if (atLevel === 0) return { hint: `No ${levelWord}questions in the chosen areas. Choose more areas or another level.`, canStart: false };
        return { hint: `The drill takes up to ${Math.min(count, atLevel, unseen)} ${level} questions you have not answered yet.`, canStart: true };
      }
      return { hint: unseen < count ? `Only ${plural(unseen, 'new question')} left; the drill will have ${unseen}.` : `The drill will have ${questions(count, 'new question')}.`, canStart: true };
    }
    case 'weakest': {
      const weakest = weakestChosen(home.areas, areas);
      if (weakest.length === 0) return { hint: 'No questions in the chosen areas. Choose more areas.', canStart: false };
      const names = listWords(weakest.map((a) => `${areaName(a.id)} (${masteryLabel(a.mastery)})`));
      const matching = availableFor(
        home,
        weakest.map((a) => a.id),
        level,
      );
      if (matching === 0) return { hint: `No ${levelWord}questions in ${names}. Choose another level.`, canStart: false };
      return { hint: `From ${names}. ${holds(matching, count)}`, canStart: true };
    }
    case 'custom': {
      if (customMatches === 'invalid') return { hint: 'Correct the tags to start.', canStart: false };
      if (customMatches === 'unknown') return { hint: 'The matching questions could not be counted; the drill will hold those that match.', canStart: true };
      if (customMatches === 'loading' || customMatches === undefined) return { hint: 'Counting the questions that match…', canStart: false };
      if (customMatches === 0) return { hint: 'No questions match this mix. Remove a filter or choose more areas.', canStart: false };
      return { hint: holds(customMatches, count), canStart: true };
    }
  }
}

/** What Start drill asks the services for. */
export function formPick(choice: DrillChoice, areas: readonly AreaId[], level: Level | 'any', count: number, filter: MixFilter | null): FocusedPick {
  if (choice === 'custom') return { focus: 'mixed', areas: [...areas], level: 'any', count, filter: filter ?? {} };
  return { focus: choice, areas: [...areas], level, count };
}
