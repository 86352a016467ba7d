import { useEffect, useState } from 'react';
import { elapsedMs, formatCountdown, timerState, type Stopwatch } from '../../../shared/timer';

/** Calls `fn` with a monotonic clock reading every `ms`; `fn` must be stable. */
export function useInterval(fn: (now: number) => void, ms: number) {
  useEffect(() => {
    const id = window.setInterval(() => fn(performance.now()), ms);
    return () => window.clearInterval(id);
  }, [fn, ms]);
}

/** Redraws a few times a second, but the time shown is always read from the monotonic clock, never counted. */
export function Timer({ stopwatch, limitSec, strict }: { stopwatch: Stopwatch; limitSec: number; strict: boolean }) {
  const [now, setNow] = useState(() => performance.now());
  useInterval(setNow, 200);
  const state = timerState(elapsedMs(stopwatch, now), limitSec);
  const label =
    state.phase === 'overtime' ? (strict ? "Time's up" : 'Overtime') : state.phase === 'warning' ? 'Less than 30 seconds left' : 'Time left';
  return (
    <div className={`timer timer-${state.phase}`} role="timer" aria-label={label} data-phase={state.phase}>
      <span className="timer-label">{label}</span>
      <span className="timer-value" data-testid="timer-value">
        {formatCountdown(state.remainingMs)}
      </span>
      {/* Announced once when it changes; strict mode's lock is announced by the drill itself (it replaces this timer). */}
      <span className="visually-hidden" aria-live="assertive">
        {state.phase === 'warning' ? '30 seconds left' : state.phase === 'overtime' && !strict ? 'Overtime' : ''}
      </span>
    </div>
  );
}
