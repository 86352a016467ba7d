/** Starting a drill of chosen questions from the history page and the question browser. */
import { useApp, useHome } from '../../store';
import type { QuestionRef } from '../../store/ui-slice';

/** Starts a drill of these questions, asking first when it would end an unfinished drill (as Home does). */
export function useDrillQuestions() {
  const drillQuestions = useApp((s) => s.drillQuestions);
  const active = useHome().data?.activeSession ?? null;
  return (refs: QuestionRef[]) => {
    if (refs.length === 0) return;
    if (active && !window.confirm('Start a new drill? The unfinished one ends: answers you already saved are kept, its current draft is lost.')) return;
    void drillQuestions(refs);
  };
}
