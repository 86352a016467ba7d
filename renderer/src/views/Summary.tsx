import { useEffect, useRef } from 'react';
import type { SessionSummary } from '../../../shared/api';
import { areaTitle } from '../../../shared/areas';
import { RATING_MAX, formatPercent, ratingMean } from '../../../shared/scoring';
import { formatDuration } from '../../../shared/timer';
import { Markdown } from '../components/Markdown';
import { useApp, useHome } from '../store';
import { GRADE_WORDS, nextReview } from './home/home-model';
import './home/home.css';

/** The prompt's first paragraph: enough to recognise the question; CSS clamps it to a few lines. */
export function promptLead(prompt: string): string {
  return prompt.trim().split(/\n\s*\n/)[0] ?? '';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "8:21 spent answering", or "under a second" when the clock never reached one (0:00 would read as a fault). */
function answeringTime(ms: number): string {
  return ms < 1000 ? 'under a second spent answering' : `${formatDuration(ms)} spent answering`;
}

function headline(s: SessionSummary): string {
  const answered = s.attempts.length;
  if (s.status === 'abandoned') return `Drill ended early: ${answered} of ${s.total} answered`;
  return 'Drill complete';
}

export function Summary() {
  const summary = useApp((s) => s.summary);
  const backHome = useApp((s) => s.backHome);
  const openLink = useApp((s) => s.openLink);
  const openHistory = useApp((s) => s.openHistory);
  const today = useHome().data?.today.day;
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => buttonRef.current?.focus(), []);
  if (!summary) return null;
  const prompt = (text: string) => (
    <div className="prompt-lead">
      <Markdown text={promptLead(text)} onOpenLink={(url) => void openLink(url)} />
    </div>
  );
  const { attempts, skipped } = summary;
  return (
    <main className="summary" data-status={summary.status}>
      <h2>{headline(summary)}</h2>
      {attempts.length > 0 ? (
        <p>
          Mean coverage <strong data-testid="mean-coverage">{formatPercent(summary.meanCoverage)}</strong> over {plural(attempts.length, 'question')},{' '}
          {answeringTime(summary.totalMs)}{skipped.length > 0 ? `; ${plural(skipped.length, 'question')} skipped` : ''}.
        </p>
      ) : (
        <p>No question was answered{skipped.length > 0 ? `; ${plural(skipped.length, 'question')} skipped` : ''}, so nothing counts as practice.</p>
      )}
      {attempts.length > 0 && (
        <div className="summary-table">
          <table>
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col" className="col-area">
                  Area
                </th>
                <th scope="col">Question</th>
                <th scope="col" className="num">
                  Time
                </th>
                <th scope="col" className="num">
                  Coverage
                </th>
                <th scope="col" className="num">
                  Self-rating
                </th>
                <th scope="col">Grade</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => {
                const limitMs = a.timeLimitSec * 1000;
                const over = a.answerMs > limitMs;
                return (
                  <tr key={a.position} data-question={a.questionId}>
                    <td className="num">{a.position + 1}</td>
                    <td className="area-cell col-area">{areaTitle(a.area)}</td>
                    <td className="prompt-cell">
                      {/* In a narrow window the area moves here, so the table fits without scrolling sideways. */}
                      <span className="cell-area">
                        {areaTitle(a.area)}
                      </span>
                      {prompt(a.prompt)}
                      <button type="button" className="link-button history-link" onClick={() => openHistory({ packId: a.packId, id: a.questionId })}>
                        History<span className="visually-hidden"> of question {a.position + 1}</span>
                      </button>
                    </td>
                    <td className={over ? 'num overtime' : 'num'}>
                      {formatDuration(a.answerMs)} <span className="muted">/ {formatDuration(limitMs)}</span>
                      {/* Said in words too, not by the red alone. */}
                      {over && <span className="cell-note"> {formatDuration(a.answerMs - limitMs)} over</span>}
                    </td>
                    <td className="num">
                      {formatPercent(a.coverage)}
                      <span className="cell-note">
                        {' '}
                        {a.itemsTicked} of {a.itemsTotal} items
                      </span>
                    </td>
                    <td className="num" title="mean of clarity, judgment, constraints and communication">
                      {ratingMean(a.ratings).toFixed(1)} <span className="muted">/ {RATING_MAX}</span>
                    </td>
                    <td className="grade-cell" data-testid="grade">
                      <span className="grade-word" data-grade={a.grade}>
                        {GRADE_WORDS[a.grade]}
                      </span>
                      <span className="cell-note">{nextReview(a.nextDue, today)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {attempts.length > 0 && (
        <p className="muted grade-legend">
          The grade sets when a question comes back: Again (missed, so it returns soon), Hard, Good or Easy (the longest wait). It is the lowest
          of what your coverage, self-ratings and time say.
        </p>
      )}
      {skipped.length > 0 && (
        <section className="skipped" aria-labelledby="skipped-heading">
          <h3 id="skipped-heading">
            Skipped <span className="muted">({skipped.length})</span>
          </h3>
          <ul>
            {skipped.map((s) => (
              <li key={s.position} data-question={s.questionId}>
                <span className="skipped-num">{s.position + 1}</span>
                <div className="skipped-body">
                  <span className="skipped-area">{areaTitle(s.area)}</span>
                  {prompt(s.prompt)}
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      <button
        type="button"
        className="primary"
        ref={buttonRef}
        onClick={(e) => {
          // Let go of focus before this screen goes, so Home's "focus the next thing" finds nothing focused.
          e.currentTarget.blur();
          backHome();
        }}
      >
        Back to Home
      </button>
    </main>
  );
}
