/**
 * Weak concepts (docs/learning-loop.md, "Weak concepts"). Each checklist item can name concepts; each time a graded
 * attempt shows an item, each of its concepts gets one check, ticked or missed. Over the checks in the user's most
 * recent graded attempts (WEAK_RULES.windowAttempts), a concept is weak when:
 * - it has at least WEAK_RULES.minChecks checks (enough evidence to judge),
 * - from at least WEAK_RULES.minQuestions different questions (a concept, not one hard card),
 * - and at least WEAK_RULES.minMissRate of them were missed.
 */
export const WEAK_RULES = { windowAttempts: 400, minChecks: 4, minQuestions: 2, minMissRate: 0.5 } as const;

export interface ConceptCheck {
  concept: string;
  questionKey: number;
  attemptId: number;
  ticked: boolean;
}

export interface ConceptTally {
  concept: string;
  checks: number;
  misses: number;
  questions: number;
  missRate: number;
  weak: boolean;
}

export function tallyConcepts(checks: Iterable<ConceptCheck>): ConceptTally[] {
  const by = new Map<string, { checks: number; misses: number; questions: Set<number> }>();
  for (const c of checks) {
    let t = by.get(c.concept);
    if (!t) by.set(c.concept, (t = { checks: 0, misses: 0, questions: new Set() }));
    t.checks++;
    if (!c.ticked) t.misses++;
    t.questions.add(c.questionKey);
  }
  return [...by].map(([concept, t]) => tally(concept, t.checks, t.misses, t.questions.size)).sort(byWeakness);
}

export function tally(concept: string, checks: number, misses: number, questions: number): ConceptTally {
  const missRate = checks ? misses / checks : 0;
  const weak = checks >= WEAK_RULES.minChecks && questions >= WEAK_RULES.minQuestions && missRate >= WEAK_RULES.minMissRate;
  return { concept, checks, misses, questions, missRate, weak };
}

/** Most missed first, then most evidence, then by id, so the order is stable. */
export function byWeakness(a: ConceptTally, b: ConceptTally): number {
  return b.missRate - a.missRate || b.checks - a.checks || (a.concept < b.concept ? -1 : a.concept > b.concept ? 1 : 0);
}
