/**
 * The history page's logic, kept pure: a grade edit (re-tick, re-rate, edit the note), the grade it would give,
 * the call it makes, and marking the words a search found in an answer.
 */
import type { ApiArg, AttemptEntry } from '../../../../shared/api';
import { gradeAttempt } from '../../../../shared/learning/grading';
import { RATING_DIMENSIONS, coverage, type RatingId, type Ratings } from '../../../../shared/scoring';
import type { GradeFacts } from './format';

/** The edit form's state: what the attempt will say once saved. */
export interface GradeEdit {
  ticked: ReadonlySet<string>;
  ratings: Ratings;
  note: string;
}

/** The form as it opens: the attempt as saved. */
export function editFrom(entry: AttemptEntry): GradeEdit {
  return { ticked: new Set(entry.items.filter((i) => i.ticked).map((i) => i.id)), ratings: { ...entry.ratings }, note: entry.note };
}

export function toggleTick(edit: GradeEdit, itemId: string): GradeEdit {
  const ticked = new Set(edit.ticked);
  if (ticked.has(itemId)) ticked.delete(itemId);
  else ticked.add(itemId);
  return { ...edit, ticked };
}

export function rate(edit: GradeEdit, dimension: RatingId, value: number): GradeEdit {
  return { ...edit, ratings: { ...edit.ratings, [dimension]: value } };
}

/** Whether saving would change anything. */
export function isChanged(edit: GradeEdit, entry: AttemptEntry): boolean {
  const before = editFrom(entry);
  if (edit.note !== before.note) return true;
  if (RATING_DIMENSIONS.some((d) => edit.ratings[d.id] !== before.ratings[d.id])) return true;
  return entry.items.some((i) => edit.ticked.has(i.id) !== before.ticked.has(i.id));
}

/** The figures and grade the attempt would have once saved, as the services compute them (shared/learning/grading.ts). */
export function previewGrade(edit: GradeEdit, entry: AttemptEntry): GradeFacts {
  const itemsTicked = entry.items.filter((i) => edit.ticked.has(i.id)).length;
  const itemsTotal = entry.items.length;
  const cov = coverage(itemsTicked, itemsTotal);
  const { grade, decidedBy } = gradeAttempt({ coverage: cov, ratings: edit.ratings, answerMs: entry.answerMs, timeLimitSec: entry.timeLimitSec });
  return { grade, decidedBy, itemsTicked, itemsTotal, coverage: cov, ratings: edit.ratings, answerMs: entry.answerMs, timeLimitSec: entry.timeLimitSec };
}

/** editAttempt's argument: the ticked ids in checklist order. */
export function editArg(entry: AttemptEntry, edit: GradeEdit): ApiArg<'editAttempt'> {
  return {
    attemptId: entry.attemptId,
    ticked: entry.items.filter((i) => edit.ticked.has(i.id)).map((i) => i.id),
    ratings: { ...edit.ratings },
    note: edit.note,
  };
}

/** The attempt to show: the one editAttempt answered, until the refetched history has caught up with it. */
export function latestOf(entry: AttemptEntry, saved: AttemptEntry | null): AttemptEntry {
  if (!saved || saved.attemptId !== entry.attemptId) return entry;
  return (saved.editedAt ?? '') > (entry.editedAt ?? '') ? saved : entry;
}

/** An attempt's figures as the grade wording reads them. */
export function factsOf(entry: AttemptEntry): GradeFacts {
  return {
    grade: entry.grade,
    decidedBy: entry.gradeDecidedBy,
    itemsTicked: entry.itemsTicked,
    itemsTotal: entry.itemsTotal,
    coverage: entry.coverage,
    ratings: entry.ratings,
    answerMs: entry.answerMs,
    timeLimitSec: entry.timeLimitSec,
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A text in pieces, marking where any of the terms occurs (case-insensitive; a term matches as a word start, as
 * the search does). Rendered as text and <mark>, never as HTML.
 */
export function markTerms(text: string, terms: readonly string[]): { text: string; mark: boolean }[] {
  const words = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  if (words.length === 0 || text === '') return text === '' ? [] : [{ text, mark: false }];
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})`, 'giu');
  const out: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(re)) {
    if (m[0] === '') continue;
    if (m.index > at) out.push({ text: text.slice(at, m.index), mark: false });
    out.push({ text: m[0], mark: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}
