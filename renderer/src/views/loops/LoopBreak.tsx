/** Between rounds of a mock loop: what the next round holds, the break's clock, and the way in (or out). */
import { useState } from 'react';
import { ROLE_TITLES } from '../../../../shared/areas';
import type { LoopBreakState } from '../../../../shared/drill-machine';
import { useInterval } from '../../components/Timer';
import { useSend } from '../drill/common';
import { ConfirmInline } from './ConfirmInline';
import { clockText } from './loop-model';
import './loops.css';

export function LoopBreak({ b }: { b: LoopBreakState }) {
  const send = useSend();
  const [nowMs, setNowMs] = useState(() => Date.now());
  useInterval(() => setNowMs(Date.now()), 1000);
  const plan = b.view.plan;
  const round = plan.rounds[b.view.current]!;
  const prev = b.view.current > 0 ? plan.rounds[b.view.current - 1]! : null;
  const breakLeft = prev && b.view.breakSince ? prev.breakMinutes * 60_000 - (nowMs - Date.parse(b.view.breakSince)) : null;
  const questions = plan.items.slice(round.first, round.first + round.count);
  return (
    <main className="drill loop loop-break" data-phase="before" data-round={b.view.current}>
      <h1>
        {plan.title}: round {b.view.current + 1} of {plan.rounds.length}
      </h1>
      {breakLeft !== null && prev!.breakMinutes > 0 && (
        <p className="loop-break-clock" role="timer" aria-label={`Break: ${clockText(Math.max(0, breakLeft))} left`}>
          Break: {breakLeft > 0 ? `${clockText(breakLeft)} left` : 'over'}. Stand up, drink some water.
        </p>
      )}
      <h2>{round.title}</h2>
      <p>
        {round.minutes} minutes, {round.count} question{round.count === 1 ? '' : 's'}
        {questions.some((q) => q.followUps.length) ? ', with follow-ups' : ''}. Role: {ROLE_TITLES[plan.role]}, level: {plan.level}.
      </p>
      <ul className="loop-slots">
        {questions.map((q, i) => (
          <li key={i}>
            {q.slot}: {Math.round(q.answerSec / 60)} min{q.followUps.length ? ` + ${q.followUps.length} follow-up${q.followUps.length === 1 ? '' : 's'}` : ''}
            {q.stages.length ? ` (${q.stages.length} stages)` : ''}
          </li>
        ))}
      </ul>
      <p className="muted">
        As in a real interview, the clock does not stop once the round starts, and the checklist stays hidden until it ends. You grade every answer after the
        round.
      </p>
      {b.error && (
        <p className="problem" role="alert">
          {b.error.message}
        </p>
      )}
      <div className="row actions">
        <button type="button" className="primary" onClick={() => send({ type: 'startRound' })} disabled={b.starting !== null}>
          Start round {b.view.current + 1}
        </button>
        <ConfirmInline label="End the loop…" question="End the loop?" detail="Graded answers are kept." confirm="End loop" onConfirm={() => send({ type: 'endDrill' })} disabled={b.starting !== null} />
      </div>
    </main>
  );
}
