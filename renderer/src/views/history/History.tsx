/**
 * A question's history (view 'history'): the question, where it stands in the review schedule (its FSRS card),
 * and every attempt and skip, newest first, each attempt with its answer beside the checklist and the outline and a
 * way to correct its grade. Opened from the question browser (a row or a search hit, which scrolls to its attempt),
 * and from other screens through the store's openHistory; Back returns to where it was opened from.
 */
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CardView, QuestionHistory, QuestionStatus } from '../../../../shared/api';
import { areaTitle } from '../../../../shared/areas';
import { LoadError } from '../../components/LoadError';
import { Markdown } from '../../components/Markdown';
import { useApiQuery } from '../../query';
import { transport, useApp, useHome } from '../../store';
import { NAV_VIEWS, type QuestionRef } from '../../store/ui-slice';
import { AttemptCard } from './AttemptCard';
import { clearFocus, pendingFocus } from './focus';
import { KIND_LABELS, LEVEL_LABELS, STATUS_HINTS, formatAt, formatDay, futureDay, localDate, formatClockTime, pastDay, percent, plural, stabilityText } from './format';
import { StatusChip } from './StatusChip';
import { useDrillQuestions } from './use-drill';
import './history.css';

function backLabel(from: string): string {
  if (from === 'summary') return 'the summary';
  return NAV_VIEWS.find((n) => n.view === from)?.label ?? 'Questions';
}

export function History() {
  const historyOf = useApp((s) => s.historyOf);
  if (!historyOf) return <NoQuestion />;
  return <QuestionHistoryPage key={`${historyOf.packId}/${historyOf.id}`} qref={historyOf} />;
}

function BackButton() {
  const { historyFrom, closeHistory } = useApp(useShallow((s) => ({ historyFrom: s.historyFrom, closeHistory: s.closeHistory })));
  return (
    <p className="history-back">
      <button type="button" onClick={closeHistory}>
        ← Back to {backLabel(historyFrom)}
      </button>
    </p>
  );
}

function NoQuestion() {
  return (
    <main className="history">
      <BackButton />
      <section className="empty">
        <h2>No question chosen</h2>
        <p>Open a question from the Questions screen to see its history.</p>
      </section>
    </main>
  );
}

function Schedule({ card, status, today }: { card: CardView | null; status: QuestionStatus; today: string | null }) {
  if (!card) {
    return <p className="muted history-no-card">Not practised yet, so it has no review schedule: answering it once starts one.</p>;
  }
  return (
    <dl className="history-card" data-testid="history-card" data-status={status}>
      <div>
        <dt>Next review</dt>
        <dd>
          <span data-testid="next-review">{futureDay(card.nextDue, today)}</span>
          <span className="history-card-sub">{formatDay(card.nextDue)}</span>
        </dd>
      </div>
      <div title="The chance you would recall it today, as the scheduler (FSRS) estimates it">
        <dt>Recall today</dt>
        <dd data-testid="recall">{percent(card.recall)}</dd>
      </div>
      <div title="How long until recall is expected to fall to 90%">
        <dt>Stability</dt>
        <dd data-testid="stability">{stabilityText(card.stability)}</dd>
      </div>
      <div title="Graded reviews counted by the scheduler">
        <dt>Reviews</dt>
        <dd>{card.reps}</dd>
      </div>
      <div title="Reviews graded Again after it had been learnt">
        <dt>Lapses</dt>
        <dd>{card.lapses}</dd>
      </div>
      <div>
        <dt>Last practised</dt>
        <dd>{pastDay(card.lastPractised, today)}</dd>
      </div>
      {card.buriedUntil && (
        <div className="history-buried">
          <dt>Buried</dt>
          <dd data-testid="buried">until {formatDay(card.buriedUntil)}: skipped while due</dd>
        </div>
      )}
    </dl>
  );
}

function QuestionHistoryPage({ qref }: { qref: QuestionRef }) {
  const query = useApiQuery(transport.api, 'getQuestionHistory', { packId: qref.packId, id: qref.id });
  const openLink = useApp((s) => s.openLink);
  const today = useHome().data?.today.day ?? null;
  const drill = useDrillQuestions();
  const [focus] = useState(() => pendingFocus(qref));
  const headingRef = useRef<HTMLHeadingElement>(null);
  const landed = useRef(false);
  const data: QuestionHistory | undefined = query.data;

  // Once the history is on screen: at the attempt a search hit named, else at the top with the heading focused.
  useEffect(() => {
    if (!data || landed.current) return;
    landed.current = true;
    const target = focus ? document.getElementById(`attempt-${focus.attemptId}`) : null;
    if (target) {
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: 'start' });
    } else {
      window.scrollTo(0, 0);
      headingRef.current?.focus({ preventScroll: true });
    }
    clearFocus();
  }, [data, focus]);
  useEffect(() => () => clearFocus(), []);

  if (!data) {
    return (
      <main className="history" aria-busy={!query.isError}>
        <BackButton />
        {query.isError ? (
          <LoadError title="This question's history could not be loaded" query={query} />
        ) : (
          <p className="muted">Loading the question's history…</p>
        )}
      </main>
    );
  }

  const q = data.question;
  const attempts = data.entries.filter((e) => e.kind === 'attempt');
  const skips = data.entries.length - attempts.length;
  const newestId = attempts[0]?.attemptId ?? null;

  return (
    <main className="history" aria-labelledby="history-title" data-ready="true" data-question={q.id}>
      <BackButton />
      <header className="history-head">
        <h2 id="history-title" ref={headingRef} tabIndex={-1}>
          Question history
        </h2>
        <p className="chips history-chips">
          <span className="chip">{areaTitle(q.area)}</span>
          <span className="chip">{KIND_LABELS[q.kind]}</span>
          <span className="chip">{LEVEL_LABELS[q.level]}</span>
          <StatusChip status={data.status} />
          <code className="history-id" title={`Pack ${q.packId}`}>
            {q.id}
          </code>
        </p>
      </header>
      <div className="prompt">
        <Markdown text={q.prompt} onOpenLink={(url) => void openLink(url)} />
      </div>

      <section className="history-schedule" aria-labelledby="history-schedule-title">
        <div className="history-schedule-head">
          <h3 id="history-schedule-title">
            Review schedule <span className="muted">· {STATUS_HINTS[data.status]}</span>
          </h3>
          <button type="button" className="primary" onClick={() => drill([{ packId: q.packId, id: q.id }])}>
            Drill this question
          </button>
        </div>
        <Schedule card={data.card} status={data.status} today={today} />
      </section>

      {(q.pitfalls.length > 0 || q.followUps.length > 0) && (
        <details className="history-pitfalls">
          <summary>Pitfalls and follow-up questions</summary>
          <div className="review-cards">
            {q.pitfalls.length > 0 && (
              <section className="review-card pitfalls">
                <h4>Where answers break down</h4>
                <ul>
                  {q.pitfalls.map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </ul>
              </section>
            )}
            {q.followUps.length > 0 && (
              <section className="review-card followups">
                <h4>Follow-up questions</h4>
                <ul>
                  {q.followUps.map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </ul>
              </section>
            )}
          </div>
        </details>
      )}

      <section className="history-entries-section" aria-labelledby="history-entries-title">
        <h3 id="history-entries-title">
          Your attempts{' '}
          {data.entries.length > 0 && (
            <span className="muted">
              ({plural(attempts.length, 'answer')}
              {skips > 0 ? `, ${plural(skips, 'skip')}` : ''}, newest first)
            </span>
          )}
        </h3>
        {data.entries.length === 0 ? (
          <section className="empty history-empty">
            <h4>Never practised</h4>
            <p>Your answers to this question will be listed here, newest first, each with its coverage, ratings and grade. Drill this question to answer it now.</p>
          </section>
        ) : (
          <>
            <ol className="history-entries">
              {data.entries.map((e) =>
                e.kind === 'attempt' ? (
                  <li key={`a${e.attemptId}`}>
                    <AttemptCard
                      entry={e}
                      question={q}
                      outlineOpen={e.attemptId === newestId || e.attemptId === focus?.attemptId}
                      highlighted={e.attemptId === focus?.attemptId}
                      terms={e.attemptId === focus?.attemptId ? focus.terms : []}
                    />
                  </li>
                ) : (
                  <li key={`s${e.sessionId}-${e.at}`} className="history-skip" data-kind="skip">
                    <span className="history-skip-mark" aria-hidden="true">
                      ↷
                    </span>
                    <span>
                      Skipped on {formatDay(localDate(e.at))} <span className="muted">at {formatClockTime(e.at)}</span>
                    </span>
                    <span className="muted history-skip-note" title={formatAt(e.at)}>
                      recorded, not counted as practice
                    </span>
                  </li>
                ),
              )}
            </ol>
          </>
        )}
      </section>
    </main>
  );
}
