import { useEffect, useState } from 'react';
import { elapsedMs, formatCountdown, timerState, type Stopwatch } from '../../../shared/timer';

/** Redraws a few times a second, but the time shown is always read from the monotonic clock. `onTick` must be stable. */
export function useMonotonicNow(active: boolean, onTick: (now: number) => void): number {
  const [t, setT] = useState(() => performance.now());
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(() => {
      const n = performance.now();
      setT(n);
      onTick(n);
    }, 200);
    return () => window.clearInterval(id);
  }, [active, onTick]);
  return t;
}

export function Timer({ stopwatch, limitSec, now, strict }: { stopwatch: Stopwatch; limitSec: number; now: number; strict: boolean }) {
  const state = timerState(elapsedMs(stopwatch, now), limitSec);
  const label =
    state.phase === 'overtime' ? (strict ? 'Time is up' : 'Overtime') : state.phase === 'warning' ? 'Less than 30 seconds left' : 'Time left';
  return (
    <div className={`timer timer-${state.phase}`} role="timer" aria-label={label} data-phase={state.phase}>
      <span className="timer-label">{label}</span>
      <span className="timer-value" data-testid="timer-value">
        {formatCountdown(state.remainingMs)}
      </span>
      <span className="visually-hidden" aria-live="assertive">
        {state.phase === 'warning' ? '30 seconds left' : state.phase === 'overtime' ? label : ''}
      </span>
    </div>
  );
}
