/**
 * The drill machine's mock-loop members on a fake clock: the break before a round, answering part by part (main answer,
 * then follow-ups, each with its own clock), design stages, the round ending by its clock or by the last answer,
 * grading deferred to the round's end, and resume counting the time away.
 */
import { describe, expect, it } from 'vitest';
import type { DraftState, LoopView, SessionView } from '../../shared/api';
import { initialDrillState, loopRoundLeftMs, transition, type DrillEffect, type DrillEvent, type DrillState, type QuestionState } from '../../shared/drill-machine';
import type { LoopPlan, PlannedItem } from '../../shared/loops/fill';
import { loopState, stageTimes, type StoredLoop } from '../../shared/loops/run';
import { viewQuestion } from '../fixtures/views';

const item = (i: number, over: Partial<PlannedItem> = {}): PlannedItem => ({
  key: i + 1,
  packId: 'p',
  id: `q${i + 1}`,
  area: 'evaluation',
  level: 'mid',
  priority: 'new',
  round: 0,
  slot: 'Concepts',
  answerSec: 300,
  followUps: ['Why?', 'And at 10x scale?'],
  followUpSec: 120,
  stages: [],
  ...over,
});

const plan = (items: PlannedItem[], minutes = 45): LoopPlan => ({
  templateId: 't',
  title: 'Phone screen',
  role: 'applied-ml',
  level: 'mid',
  rounds: [{ title: 'Round one', minutes, breakMinutes: 0, first: 0, count: items.length }],
  items,
});

function view(p: LoopPlan, stage: LoopView['stage'], elapsedMs = 0, sinceDraftMs = 0): LoopView {
  return { plan: p, current: 0, stage, rounds: [{ startedAt: stage === 'before' ? null : '2026-12-01T09:00:00Z', endedAt: null, elapsedMs }], sinceDraftMs, breakSince: null };
}

function loopSession(p: LoopPlan, v: LoopView, over: Partial<SessionView> = {}): SessionView {
  return {
    id: 9,
    mode: 'strict',
    status: 'active',
    startedAt: '2026-12-01T09:00:00Z',
    position: 0,
    timeFactor: 1,
    questions: p.items.map((i) => ({ ...viewQuestion(i.id, i.answerSec), kind: i.stages.length ? 'system-design' : 'concept' })),
    drafts: {},
    attempts: [],
    skipped: [],
    loop: v,
    ...over,
  };
}

class Driver {
  state: DrillState = initialDrillState();
  now = 10_000;
  effects: DrillEffect[] = [];
  send(event: DrillEvent): DrillEffect[] {
    const { state, effects } = transition(this.state, event, this.now);
    this.state = state;
    this.effects.push(...effects);
    return effects;
  }
  wait(ms: number): DrillEffect[] {
    const out: DrillEffect[] = [];
    const end = this.now + ms;
    while (this.now < end) {
      this.now = Math.min(end, this.now + 250);
      out.push(...this.send({ type: 'tick' }));
    }
    return out;
  }
  /** Acknowledges every draft write asked for so far. */
  ackDrafts() {
    for (const e of this.effects.splice(0)) if (e.type === 'saveDraft') this.send({ type: 'draftSaved', seq: e.seq, savedAt: 'now', revision: e.arg.revision + 1 });
  }
  /** Acknowledges draft writes until a step other than a draft goes out (a step waits for the write in flight). */
  stepAfterWrites(): DrillEffect | undefined {
    for (let i = 0; i < 10; i++) {
      const step = this.effects.find((e) => e.type !== 'saveDraft');
      if (step) return step;
      const writes = this.effects.splice(0);
      if (writes.length === 0) return undefined;
      for (const e of writes) if (e.type === 'saveDraft') this.send({ type: 'draftSaved', seq: e.seq, savedAt: 'now', revision: e.arg.revision + 1 });
    }
    return undefined;
  }
  get q(): QuestionState {
    if (this.state.kind !== 'question') throw new Error(`not on a question: ${this.state.kind}`);
    return this.state;
  }
  get draft() {
    const d = this.q.draft;
    if (d.phase !== 'answer') throw new Error('not answering');
    return d;
  }
}

describe('a mock loop in the drill machine', () => {
  it('starts from the round intro; the start reply enters the first answer', () => {
    const p = plan([item(0)]);
    const d = new Driver();
    d.send({ type: 'loaded', session: loopSession(p, view(p, 'before')) });
    expect(d.state.kind).toBe('loop-break');
    const [start] = d.send({ type: 'startRound' });
    expect(start).toEqual({ type: 'startLoopRound', seq: expect.any(Number), sessionId: 9, round: 0 });
    expect(d.send({ type: 'startRound' })).toEqual([]); // one start at a time
    d.send({ type: 'loopMoved', seq: (start as { seq: number }).seq, session: loopSession(p, view(p, 'answering')) });
    expect(d.q.loop?.item.id).toBe('q1');
    expect(d.draft.loop).toEqual({ part: 0, followUps: [], stageEnds: [], done: false });
  });

  it('answers part by part: each follow-up has its own clock and answer, the last part moves on', () => {
    const p = plan([item(0), item(1)]);
    const d = new Driver();
    d.send({ type: 'loaded', session: loopSession(p, view(p, 'answering')) });
    d.send({ type: 'typed', text: 'main answer' });
    d.wait(90_000);
    d.send({ type: 'nextPart' });
    expect(d.draft.loop?.part).toBe(1);
    expect(d.draft.elapsedMs).toBe(90_000);
    d.send({ type: 'typed', text: 'because of leakage' });
    expect(d.draft.answer).toBe('main answer');
    d.wait(30_000);
    d.send({ type: 'nextPart' });
    d.send({ type: 'typed', text: 'shard it' });
    d.wait(10_000);
    d.ackDrafts();
    // Finish-and-grade and skip are not offered while answering a loop.
    expect(d.send({ type: 'finishAnswer' })).toEqual([]);
    expect(d.send({ type: 'skip' })).toEqual([]);
    d.send({ type: 'nextPart' });
    const advance = d.stepAfterWrites();
    expect(advance).toBeDefined();
    if (advance?.type !== 'advanceLoop') return;
    expect(advance.arg.position).toBe(0);
    expect(advance.arg.draft).toEqual({
      phase: 'answer',
      answer: 'main answer',
      elapsedMs: 90_000,
      loop: { part: 2, followUps: [{ answer: 'because of leakage', elapsedMs: 30_000 }, { answer: 'shard it', elapsedMs: 10_000 }], stageEnds: [], done: true },
    });
    // Typing while the step is in flight changes nothing.
    d.send({ type: 'typed', text: 'late' });
    expect(d.draft.loop?.followUps[1]?.answer).toBe('shard it');
    const next = loopSession(p, view(p, 'answering', 130_000), { position: 1 });
    d.send({ type: 'loopMoved', seq: advance.seq, session: next });
    expect(d.q.position).toBe(1);
    expect(d.draft).toEqual({ phase: 'answer', answer: '', elapsedMs: 0, loop: { part: 0, followUps: [], stageEnds: [], done: false } });
  });

  it('a design answer moves through its stages; the stage times add up to the answer', () => {
    const stages = [
      { title: 'Requirements', sec: 300 },
      { title: 'Model', sec: 600 },
      { title: 'Serving', sec: 300 },
    ];
    const p = plan([item(0, { stages, answerSec: 1200, followUps: [] })]);
    const d = new Driver();
    d.send({ type: 'loaded', session: loopSession(p, view(p, 'answering')) });
    d.wait(400_000); // requirements ran over its 5 minutes
    d.send({ type: 'nextStage' });
    d.now += 300;
    d.send({ type: 'nextStage' }); // a double click: the second press is not a stage
    expect(d.draft.loop?.stageEnds).toEqual([400_000]);
    d.wait(499_700);
    d.send({ type: 'nextStage' });
    d.send({ type: 'nextStage' }); // already on the last stage: nothing
    expect(d.draft.loop?.stageEnds).toEqual([400_000, 900_000]);
    d.wait(100_000);
    d.send({ type: 'nextPart' });
    const advance = d.stepAfterWrites();
    if (advance?.type !== 'advanceLoop') throw new Error('no advance');
    const sent = advance.arg.draft as Extract<DraftState, { phase: 'answer' }>;
    expect(stageTimes(p.items[0]!, sent.loop!.stageEnds, sent.elapsedMs)).toEqual([
      { title: 'Requirements', boxSec: 300, usedMs: 400_000 },
      { title: 'Model', boxSec: 600, usedMs: 500_000 },
      { title: 'Serving', boxSec: 300, usedMs: 100_000 },
    ]);
  });

  it("the round's clock ends the round whatever the candidate is doing, strict mode or not", () => {
    const p = plan([item(0), item(1)], 10);
    const d = new Driver();
    d.send({ type: 'loaded', session: loopSession(p, view(p, 'answering', 9 * 60_000)) });
    d.send({ type: 'typed', text: 'still going' });
    expect(loopRoundLeftMs(d.q, d.now)).toBe(60_000);
    const effects = d.wait(61_000);
    // The write in flight goes first, then the end of the round.
    d.ackDrafts();
    const end = [...effects, ...d.effects].find((e) => e.type === 'endLoopRound') ?? d.wait(250).find((e) => e.type === 'endLoopRound');
    expect(end).toEqual({ type: 'endLoopRound', seq: expect.any(Number), sessionId: 9, round: 0 });
    // Strict mode's lock never applies in a loop: the answer was not moved to grading by the machine itself.
    expect(d.q.draft.phase).toBe('answer');
  });

  it('after the round, answers are graded as in a drill, with the loop cursor kept for the follow-ups', () => {
    const p = plan([item(0)]);
    const graded: DraftState = { phase: 'grade', answer: 'a', elapsedMs: 5, ticked: [], suggested: ['a'], ratings: {}, loop: { part: 2, followUps: [{ answer: 'f1', elapsedMs: 1 }, { answer: 'f2', elapsedMs: 1 }], stageEnds: [], done: true } };
    const d = new Driver();
    d.send({ type: 'loaded', session: loopSession(p, view(p, 'grading'), { drafts: { 0: { state: graded, revision: 3 } } }) });
    expect(d.q.draft.phase).toBe('grade');
    expect(d.q.loop).not.toBeNull();
    d.send({ type: 'ticked', itemId: 'a' });
    for (const dim of ['clarity', 'judgment', 'constraints', 'communication'] as const) d.send({ type: 'rated', dimension: dim, value: 3 });
    d.send({ type: 'submitGrade' });
    expect(d.q.draft).toMatchObject({ phase: 'review', loop: { followUps: [{ answer: 'f1' }, { answer: 'f2' }] } });
  });

  it('ending a loop early while grading leads to its result page, not the drill summary', () => {
    const p = plan([item(0)]);
    const graded: DraftState = { phase: 'grade', answer: 'a', elapsedMs: 5, ticked: [], suggested: [], ratings: {}, loop: { part: 0, followUps: [], stageEnds: [], done: true } };
    const d = new Driver();
    d.send({ type: 'loaded', session: loopSession(p, view(p, 'grading'), { drafts: { 0: { state: graded, revision: 1 } } }) });
    d.send({ type: 'endDrill' });
    const end = d.stepAfterWrites();
    if (end?.type !== 'endDrill') throw new Error('no end');
    expect(d.send({ type: 'drillEnded', seq: end.seq })).toEqual([{ type: 'showSummary', sessionId: 9, ended: true, loop: true }]);
    expect(d.state).toMatchObject({ kind: 'over', loop: true });
  });

  it('resume counts the time away: the open part starts from its saved clock plus the gap', () => {
    const p = plan([item(0)]);
    const open: DraftState = { phase: 'answer', answer: 'm', elapsedMs: 60_000, loop: { part: 1, followUps: [{ answer: 'half', elapsedMs: 20_000 }], stageEnds: [], done: false } };
    const d = new Driver();
    d.send({ type: 'loaded', session: loopSession(p, view(p, 'answering', 10 * 60_000, 5 * 60_000), { drafts: { 0: { state: open, revision: 4 } } }) });
    expect(d.q.revision).toBe(4);
    expect(d.draft.loop?.part).toBe(1);
    d.wait(1000);
    d.send({ type: 'flush' });
    const write = d.effects.find((e) => e.type === 'saveDraft');
    if (write?.type !== 'saveDraft') throw new Error('no write');
    const sent = write.arg.draft as Extract<DraftState, { phase: 'answer' }>;
    expect(sent.loop?.followUps[0]?.elapsedMs).toBe(20_000 + 5 * 60_000 + 1000);
    expect(sent.elapsedMs).toBe(60_000);
    expect(loopRoundLeftMs(d.q, d.now)).toBe(45 * 60_000 - 10 * 60_000 - 1000);
  });
});

describe('where a loop stands (loopState)', () => {
  const p = plan([item(0), item(1), item(2)]);
  const stored = (startedAtMs: number | null, endedAtMs: number | null): StoredLoop => ({ plan: p, rounds: [{ startedAtMs, endedAtMs }] });
  const draft = (done: boolean): { state: DraftState; updatedMs: number } => ({ state: { phase: 'answer', answer: 'x', elapsedMs: 1, loop: { part: 0, followUps: [], stageEnds: [], done } }, updatedMs: 1000 });

  it('before, answering (first answer not moved on from), grading (first not graded), done', () => {
    expect(loopState({ stored: stored(null, null), drafts: new Map(), closed: new Set(), nowMs: 0 })).toMatchObject({ view: { stage: 'before' }, position: 0 });
    const answering = loopState({ stored: stored(0, null), drafts: new Map([[0, draft(true)], [1, draft(false)]]), closed: new Set(), nowMs: 5000 });
    expect(answering).toMatchObject({ view: { stage: 'answering', sinceDraftMs: 4000, rounds: [{ elapsedMs: 5000 }] }, position: 1 });
    expect(loopState({ stored: stored(0, 9000), drafts: new Map(), closed: new Set([0]), nowMs: 99_000 })).toMatchObject({ view: { stage: 'grading', rounds: [{ elapsedMs: 9000 }] }, position: 1 });
    expect(loopState({ stored: stored(0, 9000), drafts: new Map(), closed: new Set([0, 1, 2]), nowMs: 0 })).toMatchObject({ view: { stage: 'done' }, position: 3 });
  });
});
