/**
 * The one file that talks to ts-fsrs. Its next major version changes the API (Card's deprecated fields go, among
 * others), so everything else sees only the types below.
 *
 * Settings: whole days only (short-term learning steps are off: an interview answer is not re-asked ten minutes
 * later), 90% target retention, interval fuzz on (deterministic for a given card and review, so a replay gives the
 * same schedule) to spread cards graded together.
 *
 * Times given to and returned by this file are on the card clock (shared/learning/days.ts), so ts-fsrs's UTC day
 * counting is local-day counting.
 */
import { Rating, State, createEmptyCard, fsrs, type Card, type Grade as FsrsGrade } from 'ts-fsrs';
import type { Grade } from './grading';

export const TARGET_RETENTION = 0.9;

const scheduler = fsrs({ request_retention: TARGET_RETENTION, enable_short_term: false, enable_fuzz: true, maximum_interval: 36500 });

export type MemoryState = 'new' | 'learning' | 'review' | 'relearning';

/** A card as the app stores it: FSRS's memory state with times as card-clock epoch milliseconds. */
export interface CardState {
  state: MemoryState;
  stability: number;
  difficulty: number;
  reps: number;
  lapses: number;
  scheduledDays: number;
  learningSteps: number;
  dueMs: number;
  lastReviewMs: number | null;
}

const STATES: Record<State, MemoryState> = { [State.New]: 'new', [State.Learning]: 'learning', [State.Review]: 'review', [State.Relearning]: 'relearning' };
const FROM_STATE: Record<MemoryState, State> = { new: State.New, learning: State.Learning, review: State.Review, relearning: State.Relearning };
const RATINGS: Record<Grade, FsrsGrade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

function toCard(c: CardState): Card {
  return {
    due: new Date(c.dueMs),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: 0,
    scheduled_days: c.scheduledDays,
    learning_steps: c.learningSteps,
    reps: c.reps,
    lapses: c.lapses,
    state: FROM_STATE[c.state],
    ...(c.lastReviewMs === null ? {} : { last_review: new Date(c.lastReviewMs) }),
  };
}

function fromCard(c: Card): CardState {
  return {
    state: STATES[c.state],
    stability: c.stability,
    difficulty: c.difficulty,
    reps: c.reps,
    lapses: c.lapses,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    dueMs: c.due.getTime(),
    lastReviewMs: c.last_review ? c.last_review.getTime() : null,
  };
}

export function newCard(atMs: number): CardState {
  return fromCard(createEmptyCard(new Date(atMs)));
}

/** The card after a review with this grade at this card-clock time. */
export function review(card: CardState, atMs: number, grade: Grade): CardState {
  return fromCard(scheduler.next(toCard(card), new Date(atMs), RATINGS[grade]).card);
}

/** The probability the card is still recalled at this card-clock time, 0..1 (0 for a card never reviewed). */
export function retrievability(card: CardState, atMs: number): number {
  if (card.state === 'new' || card.lastReviewMs === null) return 0;
  return scheduler.get_retrievability(toCard(card), new Date(atMs), false);
}
