import { describe, expect, it } from 'vitest';
import { answerTime, dayNumber, daysBetween, decidedByText, formatAt, formatDay, futureDay, pastDay, stabilityText } from './format';

const ratings = (n: number) => ({ clarity: n, judgment: n, constraints: n, communication: n });

describe('days', () => {
  it('reads YYYY-MM-DD labels as calendar days, whatever the time zone', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2025-3-1')).toBeNull();
    expect(daysBetween('2025-02-27', '2025-03-01')).toBe(2);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2); // a leap year
  });

  it('formats a day with its weekday and year, or without', () => {
    expect(formatDay('2025-03-14')).toBe('Fri 14 Mar 2025');
    expect(formatDay('2025-03-14', { weekday: false })).toBe('14 Mar 2025');
    expect(formatDay('2025-03-14', { weekday: false, year: false })).toBe('14 Mar');
    expect(formatDay('not a day')).toBe('not a day');
  });

  it('says past days relative to today, then as a date', () => {
    const today = '2025-03-14';
    expect(pastDay('2025-03-14', today)).toBe('today');
    expect(pastDay('2025-03-13', today)).toBe('yesterday');
    expect(pastDay('2025-03-10', today)).toBe('4 days ago');
    expect(pastDay('2025-03-01', today)).toBe('1 Mar');
    expect(pastDay('2024-12-30', today)).toBe('30 Dec 2024');
    expect(pastDay(null, today)).toBe('—');
    // Before Home's figures (and so today) are loaded: the date.
    expect(pastDay('2025-03-13', null)).toBe('13 Mar 2025');
  });

  it('says days to come relative to today; a day gone by is overdue', () => {
    const today = '2025-03-14';
    expect(futureDay('2025-03-14', today)).toBe('today');
    expect(futureDay('2025-03-15', today)).toBe('tomorrow');
    expect(futureDay('2025-03-21', today)).toBe('in 7 days');
    expect(futureDay('2025-04-13', today)).toBe('in 30 days');
    expect(futureDay('2025-06-01', today)).toBe('1 Jun');
    expect(futureDay('2026-01-05', today)).toBe('5 Jan 2026');
    expect(futureDay('2025-03-10', today)).toBe('overdue since 10 Mar');
    expect(futureDay(null, today)).toBe('—');
  });

  it('formats an instant in local time', () => {
    const at = new Date(2025, 2, 14, 9, 5).toISOString();
    expect(formatAt(at)).toBe('Fri 14 Mar 2025, 09:05');
  });
});

describe('answer time', () => {
  it('reads as the time used of the limit', () => {
    expect(answerTime(161_000, 180)).toEqual({ text: '2:41 of 3:00', over: null });
    expect(answerTime(180_000, 180)).toEqual({ text: '3:00 of 3:00', over: null });
  });

  it('says by how much it went over the limit', () => {
    expect(answerTime(250_500, 180)).toEqual({ text: '4:10 of 3:00', over: '1:10' });
    // Under a second past the limit shows as 3:00 of 3:00, so it is not called over.
    expect(answerTime(180_400, 180).over).toBeNull();
    expect(answerTime(3_725_000, 900)).toEqual({ text: '1:02:05 of 15:00', over: '47:05' });
  });
});

describe('stability', () => {
  it('is said in days, with a decimal only while it is small', () => {
    expect(stabilityText(0.3)).toBe('under a day');
    expect(stabilityText(1.02)).toBe('1 day');
    expect(stabilityText(4.24)).toBe('4.2 days');
    expect(stabilityText(36.4)).toBe('36 days');
    expect(stabilityText(Number.NaN)).toBe('—');
  });
});

describe('what decided a grade', () => {
  const base = { itemsTicked: 2, itemsTotal: 5, coverage: 0.4, ratings: ratings(3), answerMs: 60_000, timeLimitSec: 180 };
  it('names the figure that set it', () => {
    expect(decidedByText({ ...base, grade: 'again', decidedBy: 'coverage' })).toBe('set by coverage: 2 of 5 items (40%)');
    expect(decidedByText({ ...base, grade: 'hard', decidedBy: 'ratings', ratings: { clarity: 2, judgment: 2, constraints: 1, communication: 3 } })).toBe(
      'set by your ratings: mean 2.0 of 4',
    );
    expect(decidedByText({ ...base, grade: 'hard', decidedBy: 'time', answerMs: 200_000 })).toBe('set by the time: over the limit');
    expect(decidedByText({ ...base, grade: 'good', decidedBy: 'time', answerMs: 150_000 })).toBe('set by the time: over three quarters of the limit');
  });
});
