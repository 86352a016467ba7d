import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { elapsedMs, formatCountdown, formatDuration, pauseStopwatch, startStopwatch, timerState } from '../../shared/timer';

describe('timer', () => {
  it('derives elapsed time from clock readings, not from ticks', () => {
    const sw = startStopwatch(1_000);
    // A backgrounded window may not tick for a minute; the reading after it is still exact.
    expect(elapsedMs(sw, 61_000)).toBe(60_000);
  });

  it('resumes from a saved elapsed time after a reload, on a new clock origin', () => {
    const paused = pauseStopwatch(startStopwatch(5_000), 47_000);
    expect(paused.baseMs).toBe(42_000);
    const resumed = startStopwatch(3, paused.baseMs); // performance.now() restarts near zero after a reload
    expect(elapsedMs(resumed, 10_003)).toBe(52_000);
  });

  it('is running, then warns at 30 s left, then overtime at zero', () => {
    expect(timerState(0, 120).phase).toBe('running');
    expect(timerState(89_999, 120).phase).toBe('running');
    expect(timerState(90_000, 120).phase).toBe('warning');
    expect(timerState(119_999, 120).phase).toBe('warning');
    expect(timerState(120_000, 120)).toEqual({ elapsedMs: 120_000, remainingMs: 0, phase: 'overtime' });
  });

  it('formats the countdown, rounding up until zero, then overtime with a plus', () => {
    expect(formatCountdown(120_000)).toBe('2:00');
    expect(formatCountdown(30_001)).toBe('0:31');
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(0)).toBe('+0:00');
    expect(formatCountdown(-12_500)).toBe('+0:12');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });

  it('pausing and resuming in any pattern adds up to exactly the time spent running', () => {
    // Alternating run and pause spans; only the running ones count, however they are split.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(600_000), fc.nat(600_000)), { maxLength: 20 }), fc.nat(1e9), (spans, origin) => {
        let t = origin;
        let sw = startStopwatch(t);
        let running = 0;
        for (const [run, pause] of spans) {
          t += run;
          running += run;
          sw = pauseStopwatch(sw, t);
          t += pause;
          sw = startStopwatch(t, sw.baseMs);
        }
        expect(elapsedMs(sw, t)).toBe(running);
      }),
    );
  });
});
