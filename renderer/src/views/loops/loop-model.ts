/** What the mock-loop screens show, as pure functions of the drill machine's state (tested without a browser). */
import type { QuestionState } from '../../../../shared/drill-machine';
import { loopRoundLeftMs } from '../../../../shared/drill-machine';
import { currentStage, partBoxesSec } from '../../../../shared/loops/run';
import { elapsedMs } from '../../../../shared/timer';

export interface LoopClock {
  roundLeftMs: number;
  part: number;
  parts: number;
  partElapsedMs: number;
  partBoxMs: number;
  /** The design stage the main answer is on, when the question has stages. */
  stage: { index: number; count: number; title: string; prompt?: string; elapsedMs: number; boxMs: number } | null;
}

export function loopClock(q: QuestionState, now: number): LoopClock | null {
  if (!q.loop || q.draft.phase !== 'answer') return null;
  const l = q.draft.loop ?? { part: 0, followUps: [], stageEnds: [], done: false };
  const boxes = partBoxesSec(q.loop.item);
  const partElapsedMs = elapsedMs(q.stopwatch, now);
  const stages = q.loop.item.stages;
  let stage: LoopClock['stage'] = null;
  if (l.part === 0 && stages.length) {
    const cur = currentStage(l.stageEnds, partElapsedMs);
    const s = stages[Math.min(cur.index, stages.length - 1)]!;
    stage = { index: cur.index, count: stages.length, title: s.title, ...(s.prompt ? { prompt: s.prompt } : {}), elapsedMs: cur.elapsedMs, boxMs: s.sec * 1000 };
  }
  return { roundLeftMs: loopRoundLeftMs(q, now), part: l.part, parts: boxes.length, partElapsedMs, partBoxMs: (boxes[l.part] ?? 0) * 1000, stage };
}

/** The label of the button that moves on, for where the candidate is. */
export function nextLabel(q: QuestionState): string {
  if (!q.loop) return 'Next';
  const part = q.draft.phase === 'answer' ? (q.draft.loop?.part ?? 0) : 0;
  if (part < q.loop.item.followUps.length) return 'Done: next follow-up';
  const round = q.loop.view.plan.rounds[q.loop.round]!;
  return q.position === round.first + round.count - 1 ? 'Done: end the round' : 'Done: next question';
}

/** "12:04" for a count of milliseconds (negative: "−0:35", the overrun). */
export function clockText(ms: number): string {
  const neg = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${neg ? '−' : ''}${m}:${String(s).padStart(2, '0')}`;
}
