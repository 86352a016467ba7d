/**
 * The Settings form's model: the fields as the form holds them (numbers as typed), what the user changed, and the
 * checks that turn the changes into one `updateSettings` patch, or into a message per field.
 */
import type { Settings, Theme } from '../../../../shared/api';
import type { AreaId } from '../../../../shared/areas';
import { dayOfLabel } from '../../../../shared/learning/days';
import { MAX_SESSION_QUESTIONS } from '../../../../shared/limits';

/** The same bounds the services hold the fields to (shared/methods.ts, updateSettings). */
export const LIMITS = {
  defaultCount: { min: 1, max: MAX_SESSION_QUESTIONS },
  maxReviewsPerDay: { min: 1, max: 500 },
  newPerDay: { min: 0, max: 100 },
  backupsKept: { min: 1, max: 100 },
} as const;

export interface SettingsForm {
  theme: Theme;
  strict: boolean;
  answerByTyping: boolean;
  defaultCount: string;
  dayStartHour: number;
  maxReviewsPerDay: string;
  newPerDay: string;
  /** YYYY-MM-DD, or '' for no interview. */
  interviewDate: string;
  /** True while the date field holds something that is not a whole date (the browser then reports ''). */
  interviewDateBad: boolean;
  interviewAreas: AreaId[];
  showStreaks: boolean;
  backupsKept: string;
}

export type Field = Exclude<keyof SettingsForm, 'interviewDateBad'>;

/** The order fields appear in, so the first problem can take focus. */
export const FIELD_ORDER: readonly Field[] = [
  'strict',
  'answerByTyping',
  'defaultCount',
  'dayStartHour',
  'maxReviewsPerDay',
  'newPerDay',
  'interviewDate',
  'interviewAreas',
  'theme',
  'showStreaks',
  'backupsKept',
];

export function formFrom(s: Settings): SettingsForm {
  return {
    theme: s.theme,
    strict: s.mode === 'strict',
    answerByTyping: s.answerByTyping,
    defaultCount: String(s.defaultCount),
    dayStartHour: s.dayStartHour,
    maxReviewsPerDay: String(s.maxReviewsPerDay),
    newPerDay: String(s.newPerDay),
    interviewDate: s.interviewDate ?? '',
    interviewDateBad: false,
    interviewAreas: [...s.interviewAreas],
    showStreaks: s.showStreaks,
    backupsKept: String(s.backupsKept),
  };
}

/** The form as shown: the saved settings, with the user's edits on top (so a change made elsewhere still shows). */
export function shownForm(s: Settings, edits: Partial<SettingsForm>): SettingsForm {
  return { ...formFrom(s), ...edits };
}

/** A whole number within the bounds, or the sentence saying what is wrong. */
function wholeNumber(text: string, { min, max }: { min: number; max: number }, what: string): number | string {
  const t = text.trim();
  if (t === '') return `Enter ${what}, a whole number from ${min} to ${max}.`;
  const n = Number(t);
  if (!Number.isFinite(n) || !Number.isInteger(n)) return `${what[0]!.toUpperCase()}${what.slice(1)} must be a whole number from ${min} to ${max}.`;
  if (n < min) return `${what[0]!.toUpperCase()}${what.slice(1)} must be at least ${min}.`;
  if (n > max) return `${what[0]!.toUpperCase()}${what.slice(1)} can be at most ${max}.`;
  return n;
}

const sameAreas = (a: readonly AreaId[], b: readonly AreaId[]) => a.length === b.length && a.every((x) => b.includes(x));

export interface FormCheck {
  errors: Partial<Record<Field, string>>;
  /** The changed fields, ready to save; empty when nothing changed. Null while any field has a problem. */
  patch: Partial<Settings> | null;
}

/**
 * Checks the form against the saved settings. Only what changed is checked against "today" (a date already saved
 * that has since passed can stay as it is) and only what changed goes into the patch.
 */
export function checkForm(form: SettingsForm, saved: Settings, today: string): FormCheck {
  const errors: Partial<Record<Field, string>> = {};
  const patch: Partial<Settings> = {};

  const count = wholeNumber(form.defaultCount, LIMITS.defaultCount, 'the number of questions');
  if (typeof count === 'string') errors.defaultCount = count;
  else if (count !== saved.defaultCount) patch.defaultCount = count;

  const reviews = wholeNumber(form.maxReviewsPerDay, LIMITS.maxReviewsPerDay, 'the number of reviews');
  if (typeof reviews === 'string') errors.maxReviewsPerDay = reviews;
  else if (reviews !== saved.maxReviewsPerDay) patch.maxReviewsPerDay = reviews;

  const fresh = wholeNumber(form.newPerDay, LIMITS.newPerDay, 'the number of new questions');
  if (typeof fresh === 'string') errors.newPerDay = fresh;
  else if (fresh !== saved.newPerDay) patch.newPerDay = fresh;

  const backups = wholeNumber(form.backupsKept, LIMITS.backupsKept, 'the number of backups');
  if (typeof backups === 'string') errors.backupsKept = backups;
  else if (backups !== saved.backupsKept) patch.backupsKept = backups;

  if (!Number.isInteger(form.dayStartHour) || form.dayStartHour < 0 || form.dayStartHour > 23) errors.dayStartHour = 'Choose an hour from 0:00 to 23:00.';
  else if (form.dayStartHour !== saved.dayStartHour) patch.dayStartHour = form.dayStartHour;

  const date = form.interviewDate.trim();
  if (form.interviewDateBad) errors.interviewDate = 'Enter the whole date (day, month and year), or clear it.';
  else if (date !== (saved.interviewDate ?? '')) {
    if (date === '') patch.interviewDate = null;
    else if (dayOfLabel(date) === null) errors.interviewDate = 'That is not a calendar date. Pick one from the calendar, or clear it.';
    else if (dayOfLabel(today) !== null && dayOfLabel(date)! < dayOfLabel(today)!) errors.interviewDate = 'That day has passed. Choose today or a later day.';
    else patch.interviewDate = date;
  }

  if (form.interviewAreas.length === 0) errors.interviewAreas = 'Choose at least one area the interview covers.';
  else if (!sameAreas(form.interviewAreas, saved.interviewAreas)) patch.interviewAreas = [...form.interviewAreas];

  const mode = form.strict ? 'strict' : 'practice';
  if (mode !== saved.mode) patch.mode = mode;
  if (form.theme !== saved.theme) patch.theme = form.theme;
  if (form.showStreaks !== saved.showStreaks) patch.showStreaks = form.showStreaks;
  if (form.answerByTyping !== saved.answerByTyping) patch.answerByTyping = form.answerByTyping;

  return { errors, patch: Object.keys(errors).length ? null : patch };
}

export const firstProblem = (errors: Partial<Record<Field, string>>): Field | undefined => FIELD_ORDER.find((f) => errors[f] !== undefined);

/** "04:00", the way the start-of-day choices read. */
export const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** What saving these changes will do, where it is more than the field says: a new start hour reschedules. */
export function saveNote(patch: Partial<Settings>): string | null {
  if (patch.dayStartHour !== undefined) return 'A new start of day moves every day boundary, so your review schedule is worked out again.';
  return null;
}
