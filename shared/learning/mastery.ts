/**
 * Mastery of an area, 0..1, or null when the area was never practised (docs/learning-loop.md, "Mastery"):
 *
 *   mastery = breadth × (0.6 × recall + 0.4 × coverage)
 *
 * - recall: the mean FSRS retrievability today of the area's practised questions (how likely each is still known);
 * - coverage: the mean checklist coverage of each practised question's latest graded attempt;
 * - breadth: practised questions over min(questions on offer, 20), at most 1, so two perfect answers out of
 *   twenty-four questions read as little, and an area needs twenty practised questions (or all, when it has fewer)
 *   to count in full.
 */
export const MASTERY_RULES = { recallWeight: 0.6, coverageWeight: 0.4, breadthTarget: 20 } as const;

export interface MasteryInput {
  /** Retrievability of each practised question on offer, 0..1. */
  recalls: readonly number[];
  /** Coverage of each practised question's latest attempt, 0..1. */
  latestCoverages: readonly number[];
  practised: number;
  available: number;
}

export interface MasteryParts {
  mastery: number | null;
  recall: number | null;
  coverage: number | null;
  breadth: number;
  /** The number of practised questions that counts in full. */
  breadthTarget: number;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export function mastery(input: MasteryInput): MasteryParts {
  const breadthTarget = Math.max(1, Math.min(input.available, MASTERY_RULES.breadthTarget));
  const breadth = clamp01(input.practised / breadthTarget);
  const recall = mean(input.recalls);
  const coverage = mean(input.latestCoverages);
  if (input.practised === 0 || recall === null || coverage === null) return { mastery: null, recall, coverage, breadth, breadthTarget };
  const value = clamp01(breadth * (MASTERY_RULES.recallWeight * recall + MASTERY_RULES.coverageWeight * coverage));
  return { mastery: value, recall, coverage, breadth, breadthTarget };
}
