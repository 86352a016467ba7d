/**
 * Which attempt a history page opens at: a search hit names the attempt and the words it matched, and the page
 * scrolls to that attempt and marks the words. The store's openHistory takes only the question, so the hit leaves
 * this note for the page, which reads it for the same question and clears it once it has scrolled.
 */
export interface AttemptFocus {
  packId: string;
  id: string;
  attemptId: number;
  /** The words the search matched, to mark in the answer and note. */
  terms: string[];
}

let pending: AttemptFocus | null = null;

export function focusAttemptNext(focus: AttemptFocus): void {
  pending = focus;
}

/** The attempt to open at, if the note is for this question. Reading does not clear it (StrictMode renders twice). */
export function pendingFocus(ref: { packId: string; id: string }): AttemptFocus | null {
  return pending && pending.packId === ref.packId && pending.id === ref.id ? pending : null;
}

export function clearFocus(): void {
  pending = null;
}
