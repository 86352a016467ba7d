/**
 * The ways out, offered in every phase: skip this question (recorded as skipped, not as a 0% attempt) or end the
 * drill (after a confirmation; the summary then shows what was answered and skipped).
 */
import { adviceFor, type QuestionState } from '../../../../shared/drill-machine';
import { ReloadButton, useSend } from './common';

/** Anything typed or graded for this question that skipping would throw away. */
const hasWork = (q: QuestionState) => q.draft.answer.trim() !== '' || q.draft.phase !== 'answer';

export function DrillActions({ q }: { q: QuestionState }) {
  const send = useSend();
  const busy = q.op !== null || q.staleCheck !== null || q.elsewhere !== null;
  return (
    <div className="row small drill-exits">
      <button
        type="button"
        disabled={busy}
        title="Recorded as skipped: it does not count as practice or as a 0% answer"
        onClick={() => {
          const warning = q.loop
            ? 'Skip grading this answer? It is recorded as skipped: it will not count as practice, and what you said is not kept.'
            : 'Skip this question? It is recorded as skipped, and what you wrote for it is not kept.';
          if (!hasWork(q) || window.confirm(warning)) {
            send({ type: 'skip' });
          }
        }}
      >
        {q.op?.kind === 'skip' ? 'Skipping…' : 'Skip question'}
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          const what = q.loop ? 'End this mock loop now? Answers you already graded are kept, and the result shows them' : 'End this drill now? Answers you already saved are kept';
          if (window.confirm(`${what}; this question is not saved.`)) send({ type: 'endDrill' });
        }}
      >
        {q.op?.kind === 'end' ? 'Ending…' : q.loop ? 'End loop' : 'End drill'}
      </button>
    </div>
  );
}

/** A skip or an end that failed, with what to do. (A failed save shows beside its own button.) */
export function ExitProblem({ q }: { q: QuestionState }) {
  const e = q.opError;
  if (!e || e.kind === 'attempt') return null;
  const advice = adviceFor(e.error);
  return (
    <div className="problem" role="alert">
      <p>
        {e.kind === 'skip' ? 'Could not skip the question' : 'Could not end the drill'}: {e.error.message}{' '}
        {advice.action === 'retry' ? 'Try again.' : advice.text}
      </p>
      {advice.action === 'reload' && <ReloadButton />}
    </div>
  );
}
