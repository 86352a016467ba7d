/** Checklist coverage and rating arithmetic shared by the services and the UI. */

/**
 * The four self-rating dimensions, each with what a score of 0..4 means, worded as an interviewer would judge it.
 * The drill shows the rubric on demand and as each option's description, so a "3" means the same thing every time.
 */
export const RATING_DIMENSIONS = [
  {
    id: 'clarity',
    label: 'Conceptual clarity',
    rubric: [
      'The core idea is missing or wrong; no working definition.',
      'Names the right concept, but the explanation is vague or contains a real error.',
      'Correct definition and main mechanism; unsure why it works or where it breaks.',
      'Precise and correct, including why it works and what it assumes; survives a follow-up.',
      'Complete and crisp: mechanism, assumptions and failure modes, with a fitting example or the maths when asked.',
    ],
  },
  {
    id: 'judgment',
    label: 'Applied judgment',
    rubric: [
      'No decision: lists options without choosing, or picks one that would not work here.',
      'Picks a plausible option but cannot say why it beats the alternatives.',
      'A sound choice with a reason or two; trade-offs only when prompted.',
      'Compares realistic alternatives, chooses for this situation and says what would change the choice.',
      'Decides like someone who has shipped it: trade-offs unprompted, a plan to validate the choice and a fallback if it fails.',
    ],
  },
  {
    id: 'constraints',
    label: 'Awareness of constraints',
    hint: 'latency, cost, compliance',
    rubric: [
      'Ignores production constraints entirely.',
      'Mentions a constraint only when asked, and it does not change the design.',
      'Names the obvious constraint (latency or cost) and adjusts for it.',
      'Puts numbers or budgets on the constraints that matter, data and compliance included, and designs to them.',
      'Anticipates the hidden ones too (peak load, cost at scale, privacy, failure modes), quantifies them and shows the design holds.',
    ],
  },
  {
    id: 'communication',
    label: 'Communication',
    rubric: [
      'Hard to follow: no structure, and the answer never lands.',
      'Gets there eventually, but rambles or jumps between points.',
      'Mostly clear, with some structure; detours or undefined jargon.',
      'Answer first, then reasons: structured, concise, and checks the listener is following.',
      'Signposted structure, depth adapted to the listener, a closing summary; easy to interview.',
    ],
  },
] as const;

/** One word per score, for option titles and the rubric's headings. */
export const RATING_WORDS = ['none', 'weak', 'fair', 'good', 'strong'] as const;

export type RatingId = (typeof RATING_DIMENSIONS)[number]['id'];
export type Ratings = Record<RatingId, number>;
export const RATING_MAX = 4;

/** Fraction of checklist items ticked, 0..1. An empty checklist counts as no coverage rather than dividing by zero. */
export function coverage(ticked: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(1, Math.max(0, ticked / total));
}

export function ratingMean(r: Ratings): number {
  const values = RATING_DIMENSIONS.map((d) => r[d.id]);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function formatPercent(fraction: number | null): string {
  return fraction === null ? '—' : `${Math.round(fraction * 100)}%`;
}
