/** Reading stored drafts back, whatever version of the app wrote them. */
import { draftSchema, type DraftState } from '../../shared/methods';

/**
 * A stored draft as today's union on phase. Drafts written before the union held every field in every phase;
 * those are narrowed to their phase's fields, and a review whose ratings are incomplete goes back to grading.
 * Anything unreadable is dropped (null), so a damaged draft costs one question's typing, never the drill.
 */
export function readDraft(json: string): DraftState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  const direct = draftSchema.safeParse(raw);
  if (direct.success) return direct.data;
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const answer = { phase: 'answer', answer: r.answer, elapsedMs: r.elapsedMs };
  const grade = { ...answer, phase: 'grade', ticked: r.ticked, suggested: r.suggested, ratings: r.ratings };
  const candidates = r.phase === 'review' ? [{ ...grade, phase: 'review', note: r.note }, grade] : r.phase === 'grade' ? [grade] : [answer];
  for (const c of candidates) {
    const parsed = draftSchema.safeParse(c);
    if (parsed.success) return parsed.data;
  }
  return null;
}
