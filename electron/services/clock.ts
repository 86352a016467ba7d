/**
 * The services' clock: the instant, and the UTC offset at an instant. Injected so tests can run weeks of practice
 * in a second and move between time zones; `mldrill serve` honours MLDRILL_NOW (an ISO instant the clock starts
 * from) for end-to-end tests, which the packaged desktop app ignores (see electron/shell-policy.ts).
 */
import { machineOffsetMin } from '../../shared/learning/days';

export interface Clock {
  nowMs(): number;
  /** Minutes east of UTC in force at an instant (UTC+2 → 120). */
  offsetMin(ms: number): number;
}

export const systemClock: Clock = { nowMs: () => Date.now(), offsetMin: machineOffsetMin };

/** A clock that starts at `startIso` and runs at real speed; null when the text is not an ISO instant. */
export function clockFrom(startIso: string | undefined, base: Clock = systemClock): Clock | null {
  if (!startIso) return null;
  const start = Date.parse(startIso);
  if (Number.isNaN(start) || !/^\d{4}-\d{2}-\d{2}T/.test(startIso)) return null;
  const began = base.nowMs();
  return { nowMs: () => start + (base.nowMs() - began), offsetMin: base.offsetMin };
}

/** A clock that stands still until moved: for tests. */
export function manualClock(startIso: string, offsetMin = 0): Clock & { set(iso: string): void; advance(ms: number): void; setOffset(min: number): void } {
  let now = Date.parse(startIso);
  let offset = offsetMin;
  return {
    nowMs: () => now,
    offsetMin: () => offset,
    set: (iso) => void (now = Date.parse(iso)),
    advance: (ms) => void (now += ms),
    setOffset: (min) => void (offset = min),
  };
}

export const isoAt = (clock: Clock) => new Date(clock.nowMs()).toISOString();
