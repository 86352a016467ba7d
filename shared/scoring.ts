/** Checklist coverage and rating arithmetic shared by the services and the UI. */

export const RATING_DIMENSIONS = [
  { id: 'clarity', label: 'Conceptual clarity' },
  { id: 'judgment', label: 'Applied judgment' },
  { id: 'constraints', label: 'Awareness of constraints', hint: 'latency, cost, compliance' },
  { id: 'communication', label: 'Communication' },
] as const;

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
