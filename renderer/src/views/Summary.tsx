import { useEffect, useRef } from 'react';
import { areaTitle } from '../../../shared/areas';
import { formatPercent, ratingMean } from '../../../shared/scoring';
import { formatDuration } from '../../../shared/timer';
import { useApp } from '../store';

export function Summary() {
  const summary = useApp((s) => s.summary);
  const backHome = useApp((s) => s.backHome);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => buttonRef.current?.focus(), []);
  if (!summary) return null;
  return (
    <main className="summary">
      <h2>Drill complete</h2>
      <p>
        Mean coverage <strong data-testid="mean-coverage">{formatPercent(summary.meanCoverage)}</strong> over {summary.attempts.length} question
        {summary.attempts.length === 1 ? '' : 's'}, {formatDuration(summary.totalMs)} answering.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Area</th>
            <th scope="col">Question</th>
            <th scope="col">Time</th>
            <th scope="col">Coverage</th>
            <th scope="col">Self-rating</th>
          </tr>
        </thead>
        <tbody>
          {summary.attempts.map((a) => {
            const over = a.answerMs > a.timeLimitSec * 1000;
            return (
              <tr key={a.position}>
                <td>{a.position + 1}</td>
                <td>{areaTitle(a.area)}</td>
                <td className="prompt-cell">{a.prompt.slice(0, 120)}{a.prompt.length > 120 ? '…' : ''}</td>
                <td className={over ? 'overtime' : undefined}>
                  {formatDuration(a.answerMs)} / {formatDuration(a.timeLimitSec * 1000)}
                </td>
                <td>
                  {a.itemsTicked}/{a.itemsTotal} ({formatPercent(a.coverage)})
                </td>
                <td title="mean of clarity, judgment, constraints and communication">{ratingMean(a.ratings).toFixed(1)} / 4</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" className="primary" ref={buttonRef} onClick={() => void backHome()}>
        Back to Home
      </button>
    </main>
  );
}
