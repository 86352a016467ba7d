/**
 * Every closed set of values the app stores or sends, declared once. The zod schemas, the SQL CHECKs' tests and
 * the UI all read them from here (areas, kinds, levels and roles live in areas.ts, beside their titles).
 */
export const DRILL_MODES = ['practice', 'strict'] as const;
export type DrillMode = (typeof DRILL_MODES)[number];

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const SESSION_STATUSES = ['active', 'finished', 'abandoned'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const DRAFT_PHASES = ['answer', 'grade', 'review'] as const;
export type DraftPhase = (typeof DRAFT_PHASES)[number];

/** What became of a question in a drill: answered and graded, skipped, or not reached yet. */
export const QUESTION_OUTCOMES = ['open', 'answered', 'skipped'] as const;
export type QuestionOutcome = (typeof QUESTION_OUTCOMES)[number];

/**
 * What a drill picks: mixed (due reviews first, then new, then least recalled), due reviews only, new questions
 * only, or the three areas of lowest mastery.
 */
export const DRILL_FOCUSES = ['mixed', 'due', 'new', 'weakest'] as const;
export type DrillFocus = (typeof DRILL_FOCUSES)[number];
