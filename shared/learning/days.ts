/**
 * Local days. The app counts days as the user lives them: a day starts at the start-of-day hour (default 4:00, so
 * practice after midnight still counts for the evening before) in the time zone the attempt was made in. Each
 * attempt stores its UTC instant and the UTC offset in force then, so a trip across time zones never moves a past
 * day, and "today" follows the clock where the user is now.
 *
 * ts-fsrs counts whole days between UTC dates. The scheduler (electron/services/fsrs.ts) is therefore fed the
 * "card clock": local wall time, shifted back by the start-of-day hour and labelled as UTC. On that clock UTC
 * midnight is the local start of day, so ts-fsrs's day arithmetic is local-day arithmetic.
 */

export const DAY_MS = 86_400_000;
export const DEFAULT_DAY_START_HOUR = 4;

/** The UTC offset in minutes east of Greenwich at an instant, as this machine's time zone gives it (UTC+2 → 120). */
export function machineOffsetMin(ms: number): number {
  const offset = -new Date(ms).getTimezoneOffset();
  // -0 for UTC: keep it a plain 0 so it stores and compares as one.
  return offset === 0 ? 0 : offset;
}

/** Local wall time shifted by the start-of-day hour, as epoch milliseconds: the card clock. */
export function cardClock(ms: number, offsetMin: number, dayStartHour: number): number {
  return ms + offsetMin * 60_000 - dayStartHour * 3_600_000;
}

/** The local day number (days since 1970-01-01 on the card clock) of an instant. */
export function localDay(ms: number, offsetMin: number, dayStartHour: number): number {
  return Math.floor(cardClock(ms, offsetMin, dayStartHour) / DAY_MS);
}

/** A day number as its calendar date, YYYY-MM-DD. */
export function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A calendar date YYYY-MM-DD as its day number, or null when it is not a real date. */
export function dayOfLabel(label: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(label)) return null;
  const ms = Date.parse(`${label}T00:00:00.000Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== label) return null;
  return ms / DAY_MS;
}

/** The Monday that starts the week holding a day (ISO weeks). */
export function weekStart(day: number): number {
  // 1970-01-01 was a Thursday: day 0 has weekday 3 counting Monday as 0.
  const weekday = (((day + 3) % 7) + 7) % 7;
  return day - weekday;
}
