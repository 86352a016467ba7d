/**
 * From a graded attempt to an FSRS rating (docs/learning-loop.md, "From a grade to a rating").
 *
 * FSRS treats Hard as a successful recall that was difficult, so anything that is really a failure must be Again:
 * an answer that covered less than half of the checklist is Again whatever the self-ratings say.
 *
 * 1. Coverage gives the base: below 0.5 Again, below 0.7 Hard, below 0.9 Good, else Easy.
 * 2. The mean of the four self-ratings (0–4) caps it: below 1.5 Again, below 2.5 at most Hard, below 3.5 at most Good.
 * 3. Time caps it: over the limit at most Hard; over three quarters of the limit at most Good.
 * The rating is the lowest of the three.
 */
import type { Ratings } from '../scoring';
import { ratingMean } from '../scoring';

export const GRADES = ['again', 'hard', 'good', 'easy'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_RULES = {
  /** Coverage thresholds: below again → Again, below hard → Hard, below good → Good, else Easy. */
  coverage: { again: 0.5, hard: 0.7, good: 0.9 },
  /** Mean self-rating thresholds, same reading. */
  ratings: { again: 1.5, hard: 2.5, good: 3.5 },
  /** Time used as a share of the limit: over `hard` caps at Hard, over `good` caps at Good. */
  time: { hard: 1, good: 0.75 },
} as const;

export interface GradeInput {
  coverage: number;
  ratings: Ratings;
  answerMs: number;
  timeLimitSec: number;
}

export interface GradeOutcome {
  grade: Grade;
  /** Which input set the rating: the lowest of the three; ties name the first in this order. */
  decidedBy: 'coverage' | 'ratings' | 'time';
}

const rank = (g: Grade) => GRADES.indexOf(g);

function byThresholds(value: number, t: { again: number; hard: number; good: number }): Grade {
  if (value < t.again) return 'again';
  if (value < t.hard) return 'hard';
  if (value < t.good) return 'good';
  return 'easy';
}

function byTime(answerMs: number, timeLimitSec: number): Grade {
  if (timeLimitSec <= 0) return 'easy';
  const share = answerMs / (timeLimitSec * 1000);
  if (share > GRADE_RULES.time.hard) return 'hard';
  if (share > GRADE_RULES.time.good) return 'good';
  return 'easy';
}

export function gradeAttempt(a: GradeInput): GradeOutcome {
  const candidates: [GradeOutcome['decidedBy'], Grade][] = [
    ['coverage', byThresholds(a.coverage, GRADE_RULES.coverage)],
    ['ratings', byThresholds(ratingMean(a.ratings), GRADE_RULES.ratings)],
    ['time', byTime(a.answerMs, a.timeLimitSec)],
  ];
  let best = candidates[0]!;
  for (const c of candidates) if (rank(c[1]) < rank(best[1])) best = c;
  return { grade: best[1], decidedBy: best[0] };
}
