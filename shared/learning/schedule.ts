/**
 * What is due today, and how fast new questions come (docs/learning-loop.md, "Scheduling"). Pure: the services
 * load the cards and pass today's local day number.
 *
 * - A card is due when its due day has come. FSRS sets the due day; two things move it:
 *   - an interview date: a card FSRS would next show on or after the interview day is pulled forward, to three
 *     quarters of the way from its last review to the interview (and never later than the day before), so every
 *     practised question is seen again before the date;
 *   - a skip: a due card that is skipped is buried until the next day (memory state unchanged).
 * - At most `maxReviewsPerDay` reviews a day. A backlog (after a break) is taken most-forgotten first, the cap's
 *   worth each day, so it spreads over the coming days instead of showing hundreds due at once.
 * - New questions: `newPerDay` a day; with an interview date, at least enough a day to see every unpractised
 *   question of the interview's areas by the day before it.
 */
export const MASTERED_STABILITY_DAYS = 21;

export interface CardInfo {
  key: number;
  area: string;
  dueDay: number;
  lastDay: number;
  firstDay: number;
  buriedUntilDay: number | null;
  stability: number;
  /** Retrievability today, 0..1: the order a backlog is taken in. */
  recall: number;
}

export interface ScheduleSettings {
  maxReviewsPerDay: number;
  newPerDay: number;
  /** Local day number of the interview, or null. */
  interviewDay: number | null;
}

export const QUESTION_STATUSES = ['new', 'due', 'learning', 'mastered'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** The day a card next comes up, after the interview pull-forward and any burial. */
export function effectiveDueDay(card: Pick<CardInfo, 'dueDay' | 'lastDay' | 'buriedUntilDay'>, today: number, interviewDay: number | null): number {
  let due = card.dueDay;
  if (interviewDay !== null && interviewDay > today && due >= interviewDay) {
    const latest = interviewDay - 1;
    if (card.lastDay < latest) {
      const pulled = card.lastDay + Math.ceil((interviewDay - card.lastDay) * 0.75);
      due = Math.max(card.lastDay + 1, Math.min(latest, pulled));
    }
  }
  if (card.buriedUntilDay !== null && card.buriedUntilDay > due) due = card.buriedUntilDay;
  return due;
}

export function questionStatus(card: CardInfo | undefined, today: number, interviewDay: number | null): QuestionStatus {
  if (!card) return 'new';
  if (effectiveDueDay(card, today, interviewDay) <= today) return 'due';
  return card.stability >= MASTERED_STABILITY_DAYS ? 'mastered' : 'learning';
}

export interface DuePlan {
  /** Cards to review today, most forgotten first, at most the day's remaining capacity. */
  today: CardInfo[];
  /** Due now but over today's cap: they come in the following days. */
  backlog: number;
  /** Days the backlog needs at the cap, counting from tomorrow. */
  backlogDays: number;
  reviewsDoneToday: number;
}

export function planDue(cards: readonly CardInfo[], today: number, settings: ScheduleSettings, reviewsDoneToday: number): DuePlan {
  const due = cards
    .filter((c) => effectiveDueDay(c, today, settings.interviewDay) <= today)
    .sort((a, b) => a.recall - b.recall || a.dueDay - b.dueDay || a.key - b.key);
  const cap = Math.max(0, settings.maxReviewsPerDay);
  const capacity = Math.max(0, cap - reviewsDoneToday);
  const todayCards = due.slice(0, capacity);
  const backlog = due.length - todayCards.length;
  return { today: todayCards, backlog, backlogDays: backlog && cap ? Math.ceil(backlog / cap) : 0, reviewsDoneToday };
}

/** How many new questions a day: the setting, or more when an interview date needs them. */
export function newPace(settings: ScheduleSettings, today: number, unseenForInterview: number): number {
  const base = Math.max(0, settings.newPerDay);
  if (settings.interviewDay === null || settings.interviewDay <= today) return base;
  const daysLeft = settings.interviewDay - today;
  return Math.max(base, Math.ceil(unseenForInterview / daysLeft));
}

export interface AreaRiskInput {
  id: string;
  mastery: number | null;
  unseen: number;
  /** New questions of this area first practised in the last RISK_RULES.paceDays days. */
  recentNew: number;
}

export const RISK_RULES = { minMastery: 0.6, paceDays: 14 } as const;

export type RiskReason = 'not-started' | 'low-mastery' | 'behind-pace';

/**
 * Why an interview area is at risk by the date, or null: not started; mastery below 60%; or, at the pace of the
 * last fourteen days, its unpractised questions will not all be seen before the day.
 */
export function areaRisk(a: AreaRiskInput, daysLeft: number): RiskReason | null {
  if (a.mastery === null) return 'not-started';
  if (a.mastery < RISK_RULES.minMastery) return 'low-mastery';
  if (a.unseen > 0 && (a.recentNew / RISK_RULES.paceDays) * Math.max(0, daysLeft - 1) < a.unseen) return 'behind-pace';
  return null;
}
