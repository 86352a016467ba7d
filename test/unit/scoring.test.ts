import { describe, expect, it } from 'vitest';
import { defaultTimeLimitSec } from '../../shared/areas';
import { coverage, formatPercent, ratingMean } from '../../shared/scoring';

describe('scoring', () => {
  it('coverage is the ticked fraction, clamped, and zero for an empty checklist', () => {
    expect(coverage(3, 4)).toBe(0.75);
    expect(coverage(0, 0)).toBe(0);
    expect(coverage(5, 4)).toBe(1);
  });

  it('averages the four ratings', () => {
    expect(ratingMean({ clarity: 4, judgment: 2, constraints: 1, communication: 3 })).toBe(2.5);
  });

  it('formats coverage, with a dash before any attempt', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(0.666)).toBe('67%');
  });

  it('gives open-ended and senior questions more default time', () => {
    expect(defaultTimeLimitSec('concept', 'junior')).toBeLessThan(defaultTimeLimitSec('concept', 'senior'));
    expect(defaultTimeLimitSec('concept', 'mid')).toBeLessThan(defaultTimeLimitSec('system-design', 'mid'));
    expect(defaultTimeLimitSec('system-design', 'senior')).toBeLessThanOrEqual(1800);
  });
});
