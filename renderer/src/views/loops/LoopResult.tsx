/** A mock loop's result: per round coverage and ratings, time per stage against its box, readiness per area touched. */
import { ROLE_TITLES, areaTitle } from '../../../../shared/areas';
import type { LoopResult as Result } from '../../../../shared/api';
import { RATING_DIMENSIONS } from '../../../../shared/scoring';
import { formatDuration } from '../../../../shared/timer';
import { useApp } from '../../store';
import './loops.css';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
/** A prompt's start as plain text for a table cell: Markdown marks dropped, cut at a word. */
function plainLead(prompt: string, max: number): string {
  const text = prompt.replace(/[*_`#>]+/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : max).trimEnd()}…`;
}

export function LoopResultView() {
  const result = useApp((s) => s.loopResult);
  const backHome = useApp((s) => s.backHome);
  if (!result) return null;
  return <ResultBody result={result} onHome={backHome} />;
}

export function ResultBody({ result, onHome }: { result: Result; onHome: () => void }) {
  return (
    <main className="loop-result">
      <h1>
        {result.title}: {result.status === 'abandoned' ? 'ended early' : 'done'}
      </h1>
      <p className="muted">
        Role: {ROLE_TITLES[result.role]}, level {result.level}. These answers are in your history, marked as mock, and feed your reviews.
      </p>
      <h2>Readiness by area</h2>
      {result.areas.length === 0 ? (
        <p>No answer was graded, so there is nothing to measure yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Readiness per area the loop touched</caption>
          <thead>
            <tr>
              <th scope="col">Area</th>
              <th scope="col">Readiness</th>
              <th scope="col">Coverage in this loop</th>
              <th scope="col">Mastery from all practice</th>
              <th scope="col">Answers</th>
            </tr>
          </thead>
          <tbody>
            {result.areas.map((a) => (
              <tr key={a.area} data-area={a.area}>
                <th scope="row">{areaTitle(a.area)}</th>
                <td data-testid={`readiness-${a.area}`}>{pct(a.readiness)}</td>
                <td>{pct(a.coverage)}</td>
                <td>{pct(a.mastery)}</td>
                <td>{a.answers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted">Readiness weighs this loop (coverage, held back by low self-ratings) at 60% and the area's mastery at 40%.</p>
      {result.rounds.map((r, i) => (
        <section key={i} aria-label={r.title} className="loop-result-round">
          <h2>
            Round {i + 1}: {r.title}
          </h2>
          <p>
            {formatDuration(r.usedMs)} of {r.minutes} minutes · {r.answered} graded{r.notReached ? `, ${r.notReached} not reached or not graded` : ''} · mean coverage{' '}
            <span data-testid={`round-coverage-${i}`}>{pct(r.meanCoverage)}</span>
          </p>
          {r.ratings && (
            <p>
              Self-ratings (0–4):{' '}
              {RATING_DIMENSIONS.map((d) => `${d.label} ${r.ratings![d.id].toFixed(1)}`).join(' · ')}
            </p>
          )}
          <table>
            <caption className="visually-hidden">Answers in {r.title}</caption>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Coverage</th>
                <th scope="col">Time / box</th>
                <th scope="col">Grade</th>
              </tr>
            </thead>
            <tbody>
              {r.answers.map((a) => (
                <tr key={a.position}>
                  <th scope="row">
                    {a.slot}: {plainLead(a.prompt, 90)}
                  </th>
                  <td>{pct(a.coverage)}</td>
                  <td className={a.answerMs !== null && a.answerMs > a.boxSec * 1000 ? 'over' : undefined}>
                    {a.answerMs === null ? 'not reached' : `${formatDuration(a.answerMs)} / ${formatDuration(a.boxSec * 1000)}`}
                  </td>
                  <td>{a.grade ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.answers
            .filter((a) => a.stages.length)
            .map((a) => (
              <table key={`stages-${a.position}`} data-testid={`stages-${a.position}`}>
                <caption>Time per stage: {plainLead(a.prompt, 60)}</caption>
                <thead>
                  <tr>
                    <th scope="col">Stage</th>
                    <th scope="col">Used</th>
                    <th scope="col">Box</th>
                  </tr>
                </thead>
                <tbody>
                  {a.stages.map((s, k) => (
                    <tr key={k}>
                      <th scope="row">{s.title}</th>
                      <td className={s.usedMs > s.boxSec * 1000 ? 'over' : undefined}>
                        {formatDuration(s.usedMs)}
                        {s.usedMs > s.boxSec * 1000 ? ' (over)' : ''}
                      </td>
                      <td>{formatDuration(s.boxSec * 1000)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
        </section>
      ))}
      <div className="row actions">
        <button type="button" className="primary" onClick={onHome}>
          Back to Home
        </button>
      </div>
    </main>
  );
}
