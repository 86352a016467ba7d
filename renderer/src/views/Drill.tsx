import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { areaTitle } from '../../../shared/areas';
import { RATING_DIMENSIONS, RATING_MAX } from '../../../shared/scoring';
import { formatDuration } from '../../../shared/timer';
import { Markdown } from '../components/Markdown';
import { Timer, useInterval } from '../components/Timer';
import { useApp } from '../store';

const RATING_WORDS = ['none', 'weak', 'fair', 'good', 'strong'];

function SaveIndicator() {
  const { draftStatus, draftError, draftSavedAt, flushDraft } = useApp(
    useShallow((s) => ({ draftStatus: s.draftStatus, draftError: s.draftError, draftSavedAt: s.draftSavedAt, flushDraft: s.flushDraft })),
  );
  if (draftStatus === 'error' && draftError) {
    return (
      <span className="save-indicator error" role="status">
        Draft not saved: {draftError.message}{' '}
        <button type="button" onClick={() => void flushDraft()}>
          Retry
        </button>
      </span>
    );
  }
  return (
    <span className="save-indicator" role="status" data-status={draftStatus}>
      {draftStatus === 'saving' ? 'Saving draft…' : draftSavedAt ? `Draft saved ${new Date(draftSavedAt).toLocaleTimeString()}` : ''}
    </span>
  );
}

export function Drill() {
  const s = useApp(
    useShallow((st) => ({
      session: st.session,
      draft: st.draft,
      stopwatch: st.stopwatch,
      gradeProblem: st.gradeProblem,
      attemptStatus: st.attemptStatus,
      attemptError: st.attemptError,
      tick: st.tick,
      setAnswer: st.setAnswer,
      finishAnswer: st.finishAnswer,
      abandonDrill: st.abandonDrill,
      toggleTick: st.toggleTick,
      acceptSuggestions: st.acceptSuggestions,
      setRating: st.setRating,
      submitGrade: st.submitGrade,
      setNote: st.setNote,
      saveAttempt: st.saveAttempt,
      openLink: st.openLink,
    })),
  );
  const { session, draft, stopwatch } = s;
  const answerRef = useRef<HTMLTextAreaElement>(null);
  const gradeRef = useRef<HTMLHeadingElement>(null);
  const reviewRef = useRef<HTMLHeadingElement>(null);
  const q = session?.questions[session.position];
  // Autosave and the strict-mode lock run in every phase, independent of the countdown's redraws.
  useInterval(s.tick, 250);

  useEffect(() => {
    if (draft.phase === 'answer') answerRef.current?.focus();
    else if (draft.phase === 'grade') gradeRef.current?.focus();
    else reviewRef.current?.focus();
  }, [draft.phase, session?.position]);

  // Save what is on screen when the window is hidden or closed (timers are throttled in the background).
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void useApp.getState().flushDraft();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onHide);
    };
  }, []);

  if (!session || !q) return null;
  const total = session.questions.length;
  const strict = session.mode === 'strict';
  const suggested = new Set(draft.suggested);

  return (
    <main className="drill" data-phase={draft.phase} data-position={session.position} data-question={q.id}>
      <header className="drill-head">
        <div>
          <p className="muted" aria-live="polite">
            Question {session.position + 1} of {total}
          </p>
          <p className="chips">
            <span className="chip">{areaTitle(q.area)}</span>
            <span className="chip">{q.kind}</span>
            <span className="chip">{q.level}</span>
          </p>
        </div>
        {draft.phase === 'answer' ? (
          <Timer stopwatch={stopwatch} limitSec={q.timeLimitSec} strict={strict} />
        ) : (
          <div className="timer timer-stopped" data-testid="answer-time">
            <span className="timer-label">Answer time</span>
            <span className="timer-value">
              {formatDuration(draft.elapsedMs)} / {formatDuration(q.timeLimitSec * 1000)}
            </span>
          </div>
        )}
      </header>

      <section className="prompt" aria-label="Question">
        <Markdown text={q.prompt} onOpenLink={(url) => void s.openLink(url)} />
      </section>

      <section className="answer">
        <div className="label-row">
          <label htmlFor="answer">Your answer</label>
          <SaveIndicator />
        </div>
        <textarea
          id="answer"
          ref={answerRef}
          value={draft.answer}
          readOnly={draft.phase !== 'answer'}
          onChange={(e) => s.setAnswer(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              s.finishAnswer();
            }
          }}
          rows={draft.phase === 'answer' ? 14 : 6}
          spellCheck
          placeholder="Answer as you would out loud: structure first, then trade-offs and constraints."
        />
        {draft.phase === 'answer' && (
          <div className="row actions">
            <button type="button" className="primary" onClick={s.finishAnswer}>
              Finish and grade <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
            </button>
            <button
              type="button"
              onClick={() => {
                if (window.confirm('End this drill now? Answers you already saved are kept; this question is not saved.')) void s.abandonDrill();
              }}
            >
              End drill
            </button>
          </div>
        )}
      </section>

      {draft.phase !== 'answer' && (
        <form
          className="grade"
          aria-label="Grade your answer"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.phase === 'grade') s.submitGrade();
            else void s.saveAttempt();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              if (draft.phase === 'grade') s.submitGrade();
              else void s.saveAttempt();
            }
          }}
        >
          <h2 tabIndex={-1} ref={gradeRef}>
            What a strong answer includes
          </h2>
          <p className="muted">
            Tick what you covered. Items marked <span className="badge">suggested</span> contain words from your answer; you decide.
          </p>
          {draft.suggested.length > 0 && draft.phase === 'grade' && (
            <button type="button" onClick={s.acceptSuggestions}>
              Tick all suggested ({draft.suggested.length})
            </button>
          )}
          <ul className="checklist">
            {q.checklist.map((item) => (
              <li key={item.id} className={suggested.has(item.id) ? 'suggested' : undefined}>
                <label>
                  <input
                    type="checkbox"
                    checked={draft.ticked.includes(item.id)}
                    onChange={() => s.toggleTick(item.id)}
                    disabled={draft.phase !== 'grade'}
                    data-item={item.id}
                  />
                  <span>{item.text}</span>
                  {suggested.has(item.id) && <span className="badge" aria-label="suggested: it matches words you used">suggested</span>}
                </label>
              </li>
            ))}
          </ul>

          <fieldset className="ratings" disabled={draft.phase !== 'grade'}>
            <legend>Rate yourself, 0 to {RATING_MAX}</legend>
            {RATING_DIMENSIONS.map((d) => (
              <div className="rating" role="radiogroup" aria-label={d.label} key={d.id}>
                <span className="rating-label">
                  {d.label}
                  {'hint' in d && <span className="muted"> ({d.hint})</span>}
                </span>
                {RATING_WORDS.map((word, v) => (
                  <label key={v} className="rating-option" title={word}>
                    <input type="radio" name={`rating-${d.id}`} value={v} checked={draft.ratings[d.id] === v} onChange={() => s.setRating(d.id, v)} />
                    <span>{v}</span>
                  </label>
                ))}
              </div>
            ))}
          </fieldset>
          {s.gradeProblem && (
            <p className="problem" role="alert">
              {s.gradeProblem}
            </p>
          )}

          {draft.phase === 'grade' ? (
            <div className="row actions">
              <button type="submit" className="primary">
                Submit grading <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
              </button>
            </div>
          ) : (
            <div className="review">
              <h2 tabIndex={-1} ref={reviewRef}>
                Where answers break down
              </h2>
              <ul className="pitfalls">
                {q.pitfalls.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
              <h3>What the interviewer asks next</h3>
              <ul className="followups">
                {q.followUps.map((f, i) => (
                  <li key={i}>{f}</li>
                ))}
              </ul>
              {q.outline && (
                <details>
                  <summary>Outline of a strong answer</summary>
                  <Markdown text={q.outline} onOpenLink={(url) => void s.openLink(url)} />
                </details>
              )}
              <label htmlFor="note">Note to self (optional)</label>
              <textarea id="note" rows={3} value={draft.note} onChange={(e) => s.setNote(e.target.value)} maxLength={4000} />
              {s.attemptError && (
                <div className="problem" role="alert">
                  <p>
                    Your answer is not saved yet: {s.attemptError.message} Everything is still here.
                  </p>
                  <button type="button" onClick={() => void s.saveAttempt()}>
                    Retry save
                  </button>
                </div>
              )}
              <div className="row actions">
                <button type="submit" className="primary" disabled={s.attemptStatus === 'saving'}>
                  {s.attemptStatus === 'saving' ? 'Saving…' : session.position + 1 < total ? 'Save and next' : 'Save and finish'} <kbd>Ctrl</kbd>+
                  <kbd>Enter</kbd>
                </button>
              </div>
            </div>
          )}
        </form>
      )}
    </main>
  );
}
