/**
 * How the draft autosave stands. The visible line ("Draft saved 12:01:03") is deliberately not a live region: it
 * changes every few seconds and would be read out each time. Screen readers hear only changes of state: an error
 * (role="alert"), and "Draft saved again" once saving recovers.
 */
import { adviceFor, type QuestionState } from '../../../../shared/drill-machine';
import { ReloadButton, useSend } from './common';

function indicator(q: QuestionState): { status: string; text: string } {
  const w = q.writes;
  const h = w.health;
  if (q.elsewhere) return { status: 'elsewhere', text: 'Not saving: continued in another window' };
  if (h.status === 'stopped') return { status: 'stopped', text: 'Autosave stopped' };
  if (w.inFlight) return { status: 'saving', text: 'Saving draft…' };
  if (h.status === 'retrying') return { status: 'retrying', text: `Draft not saved; trying again in ${Math.round(h.delayMs / 1000)} s` };
  if (w.savedAt) return { status: 'saved', text: `Draft saved ${new Date(w.savedAt).toLocaleTimeString()}` };
  return { status: 'idle', text: '' };
}

export function SaveIndicator({ q }: { q: QuestionState }) {
  const { status, text } = indicator(q);
  return (
    <>
      {/* data-unsaved: something on screen is not in the database yet (tests wait on it; it is not announced). */}
      <span className="save-indicator" data-testid="save-indicator" data-status={status} data-unsaved={q.writes.dirty || q.writes.inFlight !== null}>
        {text}
      </span>
      <span className="visually-hidden" role="status">
        {q.writes.recovered && q.writes.health.status === 'ok' ? 'Draft saved again.' : ''}
      </span>
    </>
  );
}

/** A failed draft write: what happened and what to do. A retry is offered only where retrying can work. */
export function SaveProblem({ q }: { q: QuestionState }) {
  const send = useSend();
  const h = q.writes.health;
  if (q.elsewhere || h.status === 'ok') return null;
  const advice = adviceFor(h.error);
  return (
    <div className="problem save-problem" role="alert" data-testid="save-problem">
      <p>
        Draft not saved: {h.error.message} {advice.text}
      </p>
      {advice.action === 'retry' && (
        <button type="button" onClick={() => send({ type: 'retryDraft' })}>
          Retry now
        </button>
      )}
      {advice.action === 'reload' && <ReloadButton />}
    </div>
  );
}
