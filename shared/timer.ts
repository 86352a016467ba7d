/**
 * Countdown arithmetic. Elapsed time always comes from a monotonic clock reading (performance.now() in the
 * renderer), never from counting interval ticks, so a throttled or backgrounded window does not drift.
 */

export const WARNING_SECONDS = 30;

export type TimerPhase = 'running' | 'warning' | 'overtime';

export interface TimerState {
  elapsedMs: number;
  /** Milliseconds left before the limit; negative once in overtime. */
  remainingMs: number;
  phase: TimerPhase;
}

/** A stopwatch that can be paused and resumed, and restored from a saved elapsed time after a reload. */
export interface Stopwatch {
  /** Elapsed milliseconds accumulated before the current run started. */
  baseMs: number;
  /** Monotonic clock reading when the current run started, or null when paused. */
  runningSince: number | null;
}

export function startStopwatch(now: number, baseMs = 0): Stopwatch {
  return { baseMs, runningSince: now };
}

export function elapsedMs(sw: Stopwatch, now: number): number {
  return sw.baseMs + (sw.runningSince === null ? 0 : Math.max(0, now - sw.runningSince));
}

export function pauseStopwatch(sw: Stopwatch, now: number): Stopwatch {
  return { baseMs: elapsedMs(sw, now), runningSince: null };
}

export function timerState(elapsed: number, limitSec: number): TimerState {
  const remainingMs = limitSec * 1000 - elapsed;
  const phase: TimerPhase =
    remainingMs <= 0 ? 'overtime' : remainingMs <= WARNING_SECONDS * 1000 ? 'warning' : 'running';
  return { elapsedMs: elapsed, remainingMs, phase };
}

/** "4:05" for time left, "+0:12" for overtime. Remaining time rounds up so the display reaches 0:00 exactly at the limit. */
export function formatCountdown(remainingMs: number): string {
  if (remainingMs > 0) return formatDuration(Math.ceil(remainingMs / 1000) * 1000);
  return `+${formatDuration(-remainingMs)}`;
}

export function formatDuration(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
