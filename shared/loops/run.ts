/**
 * Where a mock loop stands, as a pure function of what the database holds: the stored plan and round times, the
 * drafts, and which positions are graded or skipped. The services call it to build the session view; the drill
 * machine reads the same view, so both sides agree on the round, the stage and the position.
 *
 * A round runs `before` (not started) → `answering` (its clock runs from startedAt and never stops: a reload or a
 * crash does not give time back) → `grading` (ended: each answer is graded in order) → done. Rounds run in order.
 */
import type { DraftState, LoopView } from '../api';
import type { LoopPlan, PlannedItem } from './fill';

export interface StoredLoop {
  plan: LoopPlan;
  rounds: { startedAtMs: number | null; endedAtMs: number | null }[];
}

export interface LoopFacts {
  stored: StoredLoop;
  drafts: ReadonlyMap<number, { state: DraftState; updatedMs: number }>;
  closed: ReadonlySet<number>;
  nowMs: number;
}

const positionsOf = (plan: LoopPlan, round: number) => {
  const r = plan.rounds[round]!;
  return Array.from({ length: r.count }, (_, i) => r.first + i);
};

const answered = (d: DraftState | undefined) => d !== undefined && (d.phase !== 'answer' || d.loop?.done === true);

/** The loop's view and the position the candidate is on (the plan's length once every round is done). */
export function loopState(f: LoopFacts): { view: LoopView; position: number } {
  const { plan, rounds } = f.stored;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const times = rounds.map((r) => ({
    startedAt: iso(r.startedAtMs),
    endedAt: iso(r.endedAtMs),
    elapsedMs: r.startedAtMs === null ? 0 : Math.max(0, (r.endedAtMs ?? f.nowMs) - r.startedAtMs),
  }));
  const base = { plan, rounds: times, sinceDraftMs: 0, breakSince: null as string | null };
  for (let c = 0; c < plan.rounds.length; c++) {
    const r = rounds[c]!;
    const positions = positionsOf(plan, c);
    const breakSince = c > 0 ? times[c - 1]!.endedAt : null;
    if (r.startedAtMs === null) return { view: { ...base, current: c, stage: 'before', breakSince }, position: plan.rounds[c]!.first };
    if (r.endedAtMs === null) {
      const open = positions.find((p) => !f.closed.has(p) && !answered(f.drafts.get(p)?.state)) ?? positions.at(-1)!;
      const draft = f.drafts.get(open);
      return { view: { ...base, current: c, stage: 'answering', sinceDraftMs: draft ? Math.max(0, f.nowMs - draft.updatedMs) : 0 }, position: open };
    }
    const ungraded = positions.find((p) => !f.closed.has(p));
    if (ungraded !== undefined) return { view: { ...base, current: c, stage: 'grading' }, position: ungraded };
  }
  return { view: { ...base, current: plan.rounds.length, stage: 'done' }, position: plan.items.length };
}

/** The time box of each part of an answer: the main answer, then each follow-up. */
export const partBoxesSec = (item: PlannedItem) => [item.answerSec, ...item.followUps.map(() => item.followUpSec)];

/** Milliseconds left on a round's clock (negative once it has run out). */
export const roundLeftMs = (plan: LoopPlan, round: number, elapsedMs: number) => plan.rounds[round]!.minutes * 60_000 - elapsedMs;

/**
 * Time per stage of a design answer, from the main answer's elapsed time at each stage's end (`stageEnds`) and its
 * final elapsed time: the stage still open when the answer ended takes the rest. A stage never reached took nothing.
 */
export function stageTimes(item: PlannedItem, stageEnds: readonly number[], finalMs: number): { title: string; boxSec: number; usedMs: number }[] {
  let from = 0;
  return item.stages.map((s, i) => {
    const end = i < stageEnds.length ? stageEnds[i]! : i === stageEnds.length ? finalMs : from;
    const usedMs = Math.max(0, end - from);
    from = Math.max(from, end);
    return { title: s.title, boxSec: s.sec, usedMs };
  });
}

/** The stage the main answer is on, and how long it has run (ms), given its elapsed time. */
export function currentStage(stageEnds: readonly number[], elapsedMs: number): { index: number; elapsedMs: number } {
  const index = stageEnds.length;
  return { index, elapsedMs: Math.max(0, elapsedMs - (stageEnds.at(-1) ?? 0)) };
}

/** The answer and its follow-ups as one text, for the keyword suggestions and for reading back while grading. */
export function combinedAnswer(answer: string, followUps: readonly { answer: string }[]): string {
  return [answer, ...followUps.map((f) => f.answer)].filter((t) => t.trim() !== '').join('\n\n');
}
