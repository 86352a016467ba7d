/** After grading: where answers break down, what comes next, an optional note, and the save. */
import type { Ref } from 'react';
import { adviceFor, type QuestionState } from '../../../../shared/drill-machine';
import { MAX_NOTE_CHARS } from '../../../../shared/limits';
import { Markdown } from '../../components/Markdown';
import { useApp } from '../../store';
import { COUNT_FROM, CharCount, ReloadButton, useSend } from './common';

export function ReviewPanel({ q, headingRef }: { q: QuestionState; headingRef: Ref<HTMLHeadingElement> }) {
  const send = useSend();
  const openLink = useApp((s) => s.openLink);
  const d = q.draft;
  if (d.phase !== 'review') return null;
  const last = q.position + 1 >= q.session.questions.length;
  const saving = q.op?.kind === 'attempt';
  const problem = q.opError?.kind === 'attempt' ? q.opError.error : null;
  const advice = problem ? adviceFor(problem) : null;
  const noteCounted = d.note.length >= MAX_NOTE_CHARS * COUNT_FROM;
  return (
    <div className="review">
      <div className="review-cards">
        <div className="review-card">
          <h2 tabIndex={-1} ref={headingRef}>
            Where answers break down
          </h2>
          <ul className="pitfalls">
            {q.question.pitfalls.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
        <div className="review-card">
          <h3>What the interviewer asks next</h3>
          <ul className="followups">
            {q.question.followUps.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        </div>
      </div>
      {q.question.outline && (
        <details className="outline">
          <summary>Outline of a strong answer</summary>
          <div className="outline-body">
            <Markdown text={q.question.outline} onOpenLink={(url) => void openLink(url)} />
          </div>
        </details>
      )}
      <label htmlFor="note">Note to self (optional)</label>
      <textarea
        id="note"
        rows={3}
        value={d.note}
        maxLength={MAX_NOTE_CHARS}
        readOnly={q.op !== null || q.elsewhere !== null}
        aria-describedby={noteCounted ? 'note-count' : undefined}
        onChange={(e) => send({ type: 'noted', text: e.target.value })}
      />
      <CharCount id="note-count" length={d.note.length} max={MAX_NOTE_CHARS} />
      {problem && advice && (
        <div className="problem" role="alert">
          <p>
            Your answer is not saved yet: {problem.message} {advice.action === 'retry' ? 'Everything is still here.' : advice.text}
          </p>
          {advice.action === 'retry' && (
            <button type="button" onClick={() => send({ type: 'saveAttempt' })}>
              Retry save
            </button>
          )}
          {advice.action === 'reload' && <ReloadButton />}
        </div>
      )}
      <div className="row actions">
        <button type="submit" className="primary" disabled={saving || q.elsewhere !== null}>
          {saving ? 'Saving…' : last ? 'Save and finish' : 'Save and next'} <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
        </button>
      </div>
    </div>
  );
}
