import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DraftState, SessionView } from '../../shared/api';
import {
  CLOCK_SAVE_INTERVAL_MS,
  DRAFT_SAVE_DELAY_MS,
  RETRY_MAX_MS,
  adviceFor,
  initialDrillState,
  restoreDraft,
  retryDelayMs,
  sameDraft,
  transition,
  type DrillEffect,
  type DrillEvent,
  type DrillState,
  type QuestionState,
} from '../../shared/drill-machine';
import { MAX_ANSWER_CHARS, MAX_NOTE_CHARS } from '../../shared/limits';
import type { ApiError } from '../../shared/result';
import { RATING_DIMENSIONS } from '../../shared/scoring';
import { viewQuestion, viewSession } from '../fixtures/views';

const question = viewQuestion;
const session = (over: Partial<SessionView> = {}): SessionView => viewSession(['q1', 'q2', 'q3'], over);

const STORAGE_BUSY: ApiError = { code: 'storage', message: 'Could not save: the database is busy. Try again.', retryable: true };
const CORRUPT: ApiError = { code: 'storage', message: 'Could not save: the database file is damaged (SQLITE_CORRUPT).', retryable: false };
const STALE: ApiError = { code: 'stale', message: 'This drill was continued in another window or tab.', retryable: false };
const ALREADY_SAVED: ApiError = { code: 'conflict', message: 'Question 1 of this drill is already saved.', retryable: false };

const WRITES = new Set<DrillEffect['type']>(['saveDraft', 'saveAttempt', 'skip', 'endDrill']);

/** Drives the machine on a fake clock, keeping every effect it asks for. */
class Driver {
  state: DrillState = initialDrillState();
  now = 1_000;
  effects: DrillEffect[] = [];

  send(event: DrillEvent): DrillEffect[] {
    const { state, effects } = transition(this.state, event, this.now);
    this.state = state;
    this.effects.push(...effects);
    return effects;
  }

  /** Lets time pass in 250 ms ticks, as the drill's interval does; returns the effects meanwhile. */
  wait(ms: number): DrillEffect[] {
    const out: DrillEffect[] = [];
    const end = this.now + ms;
    while (this.now < end) {
      this.now = Math.min(end, this.now + 250);
      out.push(...this.send({ type: 'tick' }));
    }
    return out;
  }

  get q(): QuestionState {
    if (this.state.kind !== 'question') throw new Error(`not on a question: ${this.state.kind}`);
    return this.state;
  }

  last<T extends DrillEffect['type']>(type: T): Extract<DrillEffect, { type: T }> {
    const found = this.effects.filter((e): e is Extract<DrillEffect, { type: T }> => e.type === type).at(-1);
    if (!found) throw new Error(`no ${type} effect`);
    return found;
  }

  count(type: DrillEffect['type']) {
    return this.effects.filter((e) => e.type === type).length;
  }

  /** Answers the last draft write with success, at the next server revision. */
  draftOk(revision?: number) {
    const e = this.last('saveDraft');
    return this.send({ type: 'draftSaved', seq: e.seq, savedAt: `t${e.seq}`, revision: revision ?? e.arg.revision + 1 });
  }

  draftFail(error: ApiError) {
    return this.send({ type: 'draftFailed', seq: this.last('saveDraft').seq, error });
  }

  rateAll(value = 2) {
    for (const d of RATING_DIMENSIONS) this.send({ type: 'rated', dimension: d.id, value });
  }

  toReview() {
    this.send({ type: 'finishAnswer' });
    this.draftOk();
    this.rateAll();
    this.send({ type: 'submitGrade' });
    this.draftOk();
  }
}

function started(s: SessionView = session()) {
  const d = new Driver();
  d.send({ type: 'loaded', session: s });
  return d;
}

describe('entering a question', () => {
  it('restores the saved draft, its revision and its clock', () => {
    const d = started(session({ drafts: { 0: { state: { phase: 'answer', answer: 'half', elapsedMs: 12_000 }, revision: 7 } } }));
    expect(d.q).toMatchObject({ draft: { phase: 'answer', answer: 'half' }, revision: 7 });
    d.now += 3_000;
    d.send({ type: 'flush' });
    expect(d.last('saveDraft').arg).toMatchObject({ revision: 7, draft: { elapsedMs: 15_000 } });
  });

  it('drops checklist ids the question no longer has (a pack update retired them)', () => {
    const saved: DraftState = { phase: 'grade', answer: 'x', elapsedMs: 5, ticked: ['a', 'gone'], suggested: ['gone', 'b'], ratings: {} };
    expect(restoreDraft(saved, question('q1'))).toMatchObject({ ticked: ['a'], suggested: ['b'] });
  });

  it('goes to the summary for a finished drill, and marks an abandoned one as ended early', () => {
    const done = new Driver();
    expect(done.send({ type: 'loaded', session: session({ status: 'finished', position: 3 }) })).toEqual([{ type: 'showSummary', sessionId: 1, ended: false }]);
    const ended = new Driver();
    expect(ended.send({ type: 'loaded', session: session({ status: 'abandoned' }) })).toEqual([{ type: 'showSummary', sessionId: 1, ended: true }]);
    expect(ended.state).toMatchObject({ kind: 'over', ended: true });
  });

  it('hands back the same state on a quiet tick, so the screen does not redraw four times a second', () => {
    const d = started();
    d.send({ type: 'typed', text: 'x' });
    d.wait(DRAFT_SAVE_DELAY_MS);
    d.draftOk();
    const before = d.state;
    d.now += 250;
    expect(transition(before, { type: 'tick' }, d.now)).toEqual({ state: before, effects: [] });
    expect(transition(before, { type: 'tick' }, d.now).state).toBe(before);
  });
});

describe('autosave', () => {
  it('writes a change within a second and the clock every 5 s while answering', () => {
    const d = started();
    d.now += DRAFT_SAVE_DELAY_MS; // a while after entering, typing starts
    d.send({ type: 'typed', text: 'first' });
    expect(d.count('saveDraft')).toBe(1); // the first change after a quiet second goes out at once
    d.draftOk();
    d.send({ type: 'typed', text: 'first and more' });
    const soon = d.wait(DRAFT_SAVE_DELAY_MS);
    expect(soon.filter((e) => e.type === 'saveDraft')).toHaveLength(1);
    expect(d.last('saveDraft').arg.draft).toMatchObject({ answer: 'first and more' });
    d.draftOk();
    // Nothing typed: still written every 5 s, so a resume restores the clock.
    const idle = d.wait(CLOCK_SAVE_INTERVAL_MS * 2);
    expect(idle.filter((e) => e.type === 'saveDraft')).toHaveLength(1); // the second is in flight, unanswered
  });

  it('does not write the clock while grading (it is paused), only changes', () => {
    const d = started();
    d.send({ type: 'finishAnswer' });
    d.draftOk();
    expect(d.wait(CLOCK_SAVE_INTERVAL_MS * 3).filter((e) => e.type === 'saveDraft')).toHaveLength(0);
    d.send({ type: 'ticked', itemId: 'a' }); // the first change after a quiet spell goes out at once
    d.draftOk();
    d.send({ type: 'rated', dimension: 'clarity', value: 3 });
    expect(d.count('saveDraft')).toBe(2);
    d.wait(DRAFT_SAVE_DELAY_MS);
    expect(d.count('saveDraft')).toBe(3);
    expect(d.last('saveDraft').arg.draft).toMatchObject({ phase: 'grade', ticked: ['a'], ratings: { clarity: 3 } });
  });

  it('keeps one write in flight; a change made meanwhile is written right after, in order', () => {
    const d = started();
    d.now += 5_000;
    d.send({ type: 'typed', text: 'one' });
    d.send({ type: 'typed', text: 'one two' });
    d.send({ type: 'flush' });
    d.wait(3_000);
    expect(d.count('saveDraft')).toBe(1);
    d.draftOk(); // the reply arrives 3 s later: what was typed meanwhile goes out at once
    expect(d.count('saveDraft')).toBe(2);
    expect(d.effects.filter((e) => e.type === 'saveDraft').map((e) => e.arg.draft.answer)).toEqual(['one', 'one two']);
  });

  it('names the revision of the last reply in every write', () => {
    const d = started(session({ drafts: { 0: { state: { phase: 'answer', answer: '', elapsedMs: 0 }, revision: 3 } } }));
    d.send({ type: 'flush' });
    expect(d.last('saveDraft').arg.revision).toBe(3);
    d.draftOk(4);
    d.send({ type: 'typed', text: 'x' });
    d.wait(DRAFT_SAVE_DELAY_MS);
    expect(d.last('saveDraft').arg.revision).toBe(4);
  });

  it('flushes at once when the page is hidden, without waiting for the delay', () => {
    const d = started();
    d.send({ type: 'typed', text: 'typed just now' });
    expect(d.count('saveDraft')).toBe(0);
    d.send({ type: 'flush' });
    expect(d.last('saveDraft').arg.draft.answer).toBe('typed just now');
  });

  it('ignores a late reply to an earlier question or request', () => {
    const d = started();
    d.send({ type: 'flush' });
    const stale = d.last('saveDraft');
    d.send({ type: 'loaded', session: session({ position: 1 }) });
    d.send({ type: 'draftFailed', seq: stale.seq, error: CORRUPT });
    expect(d.q.writes.health).toEqual({ status: 'ok' });
    d.send({ type: 'draftSaved', seq: stale.seq + 100, savedAt: 'x', revision: 9 });
    expect(d.q.revision).toBe(0);
  });
});

describe('save failures', () => {
  it('backs off on retryable failures: 1 s, 2 s, 4 s … capped at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    const d = started();
    d.send({ type: 'typed', text: 'x' });
    d.send({ type: 'flush' });
    const sentAt: number[] = [d.now];
    for (let i = 0; i < 8; i++) {
      d.draftFail(STORAGE_BUSY);
      let waited = 0;
      while (d.count('saveDraft') === sentAt.length && waited < 60_000) waited += d.wait(250).length >= 0 ? 250 : 0;
      sentAt.push(d.now);
    }
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(retryDelayMs(i + 1));
      expect(gap).toBeLessThanOrEqual(retryDelayMs(i + 1) + 250);
    });
    expect(Math.max(...gaps)).toBeLessThanOrEqual(RETRY_MAX_MS + 250);
  });

  it('lets the user retry a retryable failure at once, and says so once it recovers', () => {
    const d = started();
    d.send({ type: 'flush' });
    d.draftFail(STORAGE_BUSY);
    expect(d.q.writes).toMatchObject({ health: { status: 'retrying', failures: 1 }, recovered: false });
    d.send({ type: 'retryDraft' });
    expect(d.count('saveDraft')).toBe(2);
    d.draftOk();
    expect(d.q.writes).toMatchObject({ health: { status: 'ok' }, recovered: true, dirty: false });
    // A later ordinary save does not change what was announced; a new failure clears it.
    d.send({ type: 'flush' });
    d.draftOk();
    expect(d.q.writes.recovered).toBe(true);
    d.send({ type: 'flush' });
    d.draftFail(STORAGE_BUSY);
    expect(d.q.writes.recovered).toBe(false);
  });

  it('stops autosave on an error retrying cannot fix, and offers no retry', () => {
    const d = started();
    d.send({ type: 'typed', text: 'answer' });
    d.send({ type: 'flush' });
    d.draftFail(CORRUPT);
    expect(d.q.writes.health).toEqual({ status: 'stopped', error: CORRUPT });
    d.send({ type: 'typed', text: 'answer, more' });
    d.send({ type: 'retryDraft' });
    d.send({ type: 'flush' });
    d.wait(60_000);
    expect(d.count('saveDraft')).toBe(1); // a conflict written again every second was the old behaviour
    expect(adviceFor(CORRUPT).action).toBe('none');
    expect(adviceFor(CORRUPT).text).toMatch(/Copy your answer somewhere safe/);
    expect(adviceFor(ALREADY_SAVED).action).toBe('reload');
    expect(adviceFor(STORAGE_BUSY).action).toBe('retry');
  });

  it('still lets the user save, skip or end after autosave stopped', () => {
    const d = started();
    d.send({ type: 'finishAnswer' });
    d.draftFail(CORRUPT);
    d.rateAll();
    d.send({ type: 'submitGrade' });
    expect(d.count('saveDraft')).toBe(1);
    d.send({ type: 'saveAttempt' });
    expect(d.last('saveAttempt').arg).toMatchObject({ sessionId: 1, position: 0, revision: 0 });
  });
});

describe('another window on the same drill', () => {
  it('stops every write once a stale refusal is confirmed, and says the drill continued elsewhere', () => {
    const d = started();
    d.send({ type: 'typed', text: 'mine' });
    d.send({ type: 'flush' });
    d.draftFail(STALE);
    const read = d.last('readSession');
    const other = session({ drafts: { 0: { state: { phase: 'answer', answer: 'theirs', elapsedMs: 4_000 }, revision: 2 } } });
    d.send({ type: 'sessionRead', seq: read.seq, session: other });
    expect(d.q.elsewhere).toEqual(STALE);
    const before = d.effects.length;
    d.send({ type: 'typed', text: 'mine, more' });
    d.send({ type: 'flush' });
    d.send({ type: 'finishAnswer' });
    d.send({ type: 'skip' });
    d.send({ type: 'endDrill' });
    d.wait(60_000);
    expect(d.effects.slice(before)).toEqual([]);
    expect(d.q.draft).toMatchObject({ phase: 'answer', answer: 'mine' });
    expect(adviceFor(STALE)).toEqual({ text: STALE.message, action: 'reload' });
  });

  it('carries on when the database holds exactly its own last write (the reply was lost)', () => {
    const d = started();
    d.send({ type: 'typed', text: 'mine' });
    d.send({ type: 'flush' });
    const lost = d.last('saveDraft');
    d.draftFail({ code: 'storage', message: 'The app server is not reachable.', retryable: true }); // but it was stored
    d.send({ type: 'retryDraft' });
    d.draftFail(STALE);
    const mine = session({ drafts: { 0: { state: { elapsedMs: lost.arg.draft.elapsedMs, answer: 'mine', phase: 'answer' }, revision: 1 } } });
    d.send({ type: 'sessionRead', seq: d.last('readSession').seq, session: mine });
    expect(d.q).toMatchObject({ elsewhere: null, revision: 1 });
    d.send({ type: 'flush' });
    expect(d.last('saveDraft').arg.revision).toBe(1);
  });

  it('assumes the worst when the check itself fails', () => {
    const d = started();
    d.send({ type: 'flush' });
    d.draftFail(STALE);
    d.send({ type: 'sessionReadFailed', seq: d.last('readSession').seq, error: STORAGE_BUSY });
    expect(d.q.elsewhere).toEqual(STALE);
  });

  it('treats a stale refusal of the save itself the same way', () => {
    const d = started();
    d.toReview();
    d.send({ type: 'saveAttempt' });
    d.send({ type: 'attemptFailed', seq: d.last('saveAttempt').seq, error: STALE });
    d.send({ type: 'sessionRead', seq: d.last('readSession').seq, session: session({ drafts: { 0: { state: { phase: 'answer', answer: 'other', elapsedMs: 1 }, revision: 9 } } }) });
    expect(d.q).toMatchObject({ elsewhere: STALE, op: null });
  });
});

describe('grading and saving', () => {
  it('suggests items from the answer, pauses the clock, and asks for every rating', () => {
    const d = started();
    d.send({ type: 'typed', text: 'alpha and omega only' });
    d.now += 20_000;
    d.send({ type: 'finishAnswer' });
    expect(d.q.draft).toEqual({ phase: 'grade', answer: 'alpha and omega only', elapsedMs: 20_000, ticked: [], suggested: ['a'], ratings: {} });
    expect(d.last('saveDraft').arg.draft.phase).toBe('grade'); // a phase change is written at once
    d.send({ type: 'ticked', itemId: 'not-on-the-checklist' });
    d.send({ type: 'rated', dimension: 'clarity', value: 9 });
    expect(d.q.draft).toMatchObject({ ticked: [], ratings: {} });
    d.send({ type: 'acceptedSuggestions' });
    d.send({ type: 'rated', dimension: 'clarity', value: 3 });
    d.send({ type: 'submitGrade' });
    expect(d.q.gradeProblem).toBe('Rate yourself on applied judgment, awareness of constraints, communication first.');
    d.rateAll(1);
    expect(d.q.gradeProblem).toBeNull();
    d.send({ type: 'submitGrade' });
    expect(d.q.draft).toMatchObject({ phase: 'review', ticked: ['a'], note: '' });
  });

  it('waits for the draft write in flight, then saves with its revision, and writes no draft meanwhile', () => {
    const d = started();
    d.toReview();
    d.send({ type: 'noted', text: 'a note' });
    d.send({ type: 'flush' });
    d.send({ type: 'saveAttempt' });
    expect(d.count('saveAttempt')).toBe(0);
    d.draftOk(5);
    expect(d.last('saveAttempt').arg).toMatchObject({ revision: 5, note: 'a note', ratings: { clarity: 2, communication: 2 } });
    const drafts = d.count('saveDraft');
    d.send({ type: 'noted', text: 'changed while saving' }); // not taken: the answer is being saved
    d.send({ type: 'flush' });
    d.wait(10_000);
    expect(d.count('saveDraft')).toBe(drafts);
    d.send({ type: 'attemptSaved', seq: d.last('saveAttempt').seq, session: session({ position: 1 }) });
    expect(d.q).toMatchObject({ position: 1, draft: { phase: 'answer', answer: '' }, revision: 0 });
  });

  it('after a lost reply, "already saved" re-reads the session and moves on', () => {
    const d = started();
    d.toReview();
    d.send({ type: 'saveAttempt' });
    d.send({ type: 'attemptFailed', seq: d.last('saveAttempt').seq, error: ALREADY_SAVED });
    d.send({ type: 'sessionRead', seq: d.last('readSession').seq, session: session({ position: 1 }) });
    expect(d.q).toMatchObject({ position: 1, opError: null });
  });

  it('keeps everything and shows the error when the database has not moved on', () => {
    const d = started();
    d.toReview();
    d.send({ type: 'saveAttempt' });
    d.send({ type: 'attemptFailed', seq: d.last('saveAttempt').seq, error: ALREADY_SAVED });
    d.send({ type: 'sessionRead', seq: d.last('readSession').seq, session: session() });
    expect(d.q).toMatchObject({ position: 0, op: null, opError: { kind: 'attempt', error: ALREADY_SAVED }, draft: { phase: 'review' } });
  });

  it('keeps the answer on a retryable failure, and the retry sends it again', () => {
    const d = started();
    d.send({ type: 'typed', text: 'my answer' });
    d.toReview();
    d.send({ type: 'saveAttempt' });
    d.send({ type: 'attemptFailed', seq: d.last('saveAttempt').seq, error: STORAGE_BUSY });
    expect(d.q).toMatchObject({ opError: { kind: 'attempt' }, draft: { answer: 'my answer', phase: 'review' } });
    d.send({ type: 'saveAttempt' });
    expect(d.count('saveAttempt')).toBe(2);
    expect(d.q.opError).toBeNull();
  });

  it('shows the summary after the last question', () => {
    const d = started(session({ questions: [question('only')] }));
    d.toReview();
    d.send({ type: 'saveAttempt' });
    const fx = d.send({ type: 'attemptSaved', seq: d.last('saveAttempt').seq, session: session({ questions: [question('only')], position: 1, status: 'finished' }) });
    expect(fx).toEqual([{ type: 'showSummary', sessionId: 1, ended: false }]);
  });
});

describe('strict mode', () => {
  const strict = () => started(session({ mode: 'strict', questions: [question('q1', 30)] }));

  it('locks the answer at zero, says time is up, and records no more than the limit', () => {
    const d = strict();
    d.send({ type: 'typed', text: 'alpha omega' });
    d.wait(29_000);
    expect(d.q.draft.phase).toBe('answer');
    d.wait(2_000);
    expect(d.q).toMatchObject({ timeUp: true, draft: { phase: 'grade', suggested: ['a'], elapsedMs: 30_000 } });
    d.send({ type: 'typed', text: 'typed after the lock' });
    expect(d.q.draft.answer).toBe('alpha omega');
  });

  it('refuses a keystroke that arrives after zero, even before the next tick', () => {
    const d = strict();
    d.now += 30_001;
    d.send({ type: 'typed', text: 'too late' });
    expect(d.q).toMatchObject({ timeUp: true, draft: { phase: 'grade', answer: '' } });
  });

  it('still says time is up after a reload during grading', () => {
    const d = started(
      session({
        mode: 'strict',
        questions: [question('q1', 30)],
        drafts: { 0: { state: { phase: 'grade', answer: 'x', elapsedMs: 30_000, ticked: [], suggested: [], ratings: {} }, revision: 2 } },
      }),
    );
    expect(d.q.timeUp).toBe(true);
  });

  it('lets practice mode run into overtime', () => {
    const d = started(session({ questions: [question('q1', 30)] }));
    d.wait(60_000);
    expect(d.q.draft.phase).toBe('answer');
  });
});

describe('skipping and ending', () => {
  it.each(['answer', 'grade', 'review'] as const)('skips in the %s phase, with the revision seen, and moves on', (phase) => {
    const d = started();
    d.send({ type: 'typed', text: 'something' });
    if (phase !== 'answer') {
      d.send({ type: 'finishAnswer' });
      d.draftOk();
    }
    if (phase === 'review') {
      d.rateAll();
      d.send({ type: 'submitGrade' });
      d.draftOk();
    }
    expect(d.q.draft.phase).toBe(phase);
    const revision = d.q.revision;
    d.send({ type: 'skip' });
    expect(d.last('skip').arg).toEqual({ sessionId: 1, position: 0, revision });
    d.send({ type: 'skipDone', seq: d.last('skip').seq, session: session({ position: 1, skipped: [0] }) });
    expect(d.q.position).toBe(1);
    expect(d.count('saveAttempt')).toBe(0); // a skip is not a 0% attempt
  });

  it('waits for a draft in flight before skipping', () => {
    const d = started();
    d.send({ type: 'flush' });
    d.send({ type: 'skip' });
    expect(d.count('skip')).toBe(0);
    d.draftOk(1);
    expect(d.last('skip').arg.revision).toBe(1);
  });

  it('ends the drill and shows its summary, ended early', () => {
    const d = started();
    d.send({ type: 'typed', text: 'x' });
    d.send({ type: 'endDrill' });
    expect(d.last('endDrill')).toMatchObject({ sessionId: 1 });
    const fx = d.send({ type: 'drillEnded', seq: d.last('endDrill').seq });
    expect(fx).toEqual([{ type: 'showSummary', sessionId: 1, ended: true }]);
    expect(d.state.kind).toBe('over');
  });

  it('shows the summary when the drill turns out to be over already, and the error otherwise', () => {
    const gone = started();
    gone.send({ type: 'endDrill' });
    gone.send({ type: 'endFailed', seq: gone.last('endDrill').seq, error: { code: 'conflict', message: 'Drill session 1 is finished', retryable: false } });
    expect(gone.last('showSummary')).toMatchObject({ ended: true });
    const busy = started();
    busy.send({ type: 'endDrill' });
    busy.send({ type: 'endFailed', seq: busy.last('endDrill').seq, error: STORAGE_BUSY });
    expect(busy.q).toMatchObject({ op: null, opError: { kind: 'end', error: STORAGE_BUSY } });
  });
});

describe('limits', () => {
  it('never holds more than the answer and note limits, so a save is never refused for length', () => {
    const d = started();
    d.send({ type: 'typed', text: 'x'.repeat(MAX_ANSWER_CHARS + 5) });
    expect(d.q.draft.answer).toHaveLength(MAX_ANSWER_CHARS);
    d.toReview();
    d.send({ type: 'noted', text: 'n'.repeat(MAX_NOTE_CHARS + 1) });
    d.send({ type: 'saveAttempt' });
    expect(d.last('saveAttempt').arg).toMatchObject({ answer: 'x'.repeat(MAX_ANSWER_CHARS), note: 'n'.repeat(MAX_NOTE_CHARS) });
  });

  it('compares drafts by content, not by key order', () => {
    const a: DraftState = { phase: 'review', answer: 'x', elapsedMs: 1, ticked: ['a'], suggested: [], ratings: { clarity: 1, judgment: 1, constraints: 1, communication: 1 }, note: 'n' };
    const b = JSON.parse(JSON.stringify({ note: 'n', ratings: { communication: 1, constraints: 1, judgment: 1, clarity: 1 }, suggested: [], ticked: ['a'], elapsedMs: 1, answer: 'x', phase: 'review' })) as DraftState;
    expect(sameDraft(a, b)).toBe(true);
    expect(sameDraft(a, { ...a, note: 'm' })).toBe(false);
    expect(sameDraft(a, null)).toBe(false);
  });
});

// ---- Properties over arbitrary sequences of user actions, clock ticks and replies -------------------------------

type Outcome = 'ok' | 'retryable' | 'permanent' | 'stale' | 'conflict';
type Cmd =
  | { k: 'type'; text: string }
  | { k: 'wait'; ms: number }
  | { k: 'flush' }
  | { k: 'finish' }
  | { k: 'tickItem'; item: 'a' | 'b' }
  | { k: 'rate'; value: number }
  | { k: 'submit' }
  | { k: 'note'; text: string }
  | { k: 'save' }
  | { k: 'skip' }
  | { k: 'end' }
  | { k: 'retry' }
  | { k: 'reply'; pick: number; outcome: Outcome; own: boolean };

/** Commands, with replies (and the outcome `bias` favours) frequent enough to reach the rarer states often. */
const commands = (bias: Outcome = 'ok', maxLength = 80) =>
  fc.array(
    fc.oneof(
      { weight: 3, arbitrary: fc.record({ k: fc.constant('type' as const), text: fc.string({ maxLength: 8 }) }) },
      { weight: 3, arbitrary: fc.record({ k: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40_000 }) }) },
      { weight: 1, arbitrary: fc.constant({ k: 'flush' as const }) },
      { weight: 1, arbitrary: fc.constant({ k: 'finish' as const }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('tickItem' as const), item: fc.constantFrom('a' as const, 'b' as const) }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('rate' as const), value: fc.integer({ min: 0, max: 4 }) }) },
      { weight: 1, arbitrary: fc.constant({ k: 'submit' as const }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('note' as const), text: fc.string({ maxLength: 8 }) }) },
      { weight: 1, arbitrary: fc.constant({ k: 'save' as const }) },
      { weight: 1, arbitrary: fc.constant({ k: 'skip' as const }) },
      { weight: 1, arbitrary: fc.constant({ k: 'end' as const }) },
      { weight: 1, arbitrary: fc.constant({ k: 'retry' as const }) },
      {
        weight: 6,
        arbitrary: fc.record({
          k: fc.constant('reply' as const),
          pick: fc.nat(3),
          outcome: fc.constantFrom<Outcome>('ok', 'ok', 'retryable', 'permanent', 'stale', 'conflict', bias, bias, bias),
          own: fc.boolean(),
        }),
      },
    ),
    { maxLength },
  );

const errorFor = (o: Exclude<Outcome, 'ok'>): ApiError =>
  o === 'retryable' ? STORAGE_BUSY : o === 'permanent' ? CORRUPT : o === 'stale' ? STALE : ALREADY_SAVED;

/** Which question instance the machine is on: a new session object arrives with every move to another question. */
const epochOf = (d: Driver) => (d.state.kind === 'question' ? d.state.session : null);

interface Sent {
  effect: DrillEffect;
  epoch: SessionView | null;
}

/**
 * Plays commands against the machine with a simple server: replies answer outstanding requests in any order the
 * commands pick. `onStep` sees the machine after every step, the effects it produced, and what is outstanding
 * (each request tagged with the question it was made on).
 */
function play(cmds: Cmd[], onStep: (d: Driver, produced: DrillEffect[], outstanding: Sent[], replied: { effect: DrillEffect; event: DrillEvent } | null) => void) {
  const d = started();
  const outstanding: Sent[] = [];
  let serverPosition = 0;
  for (const c of cmds) {
    let produced: DrillEffect[] = [];
    let replied: { effect: DrillEffect; event: DrillEvent } | null = null;
    const q = d.state.kind === 'question' ? d.state : null;
    switch (c.k) {
      case 'type':
        produced = d.send({ type: 'typed', text: (q?.draft.answer ?? '') + c.text });
        break;
      case 'wait':
        produced = d.wait(c.ms);
        break;
      case 'flush':
        produced = d.send({ type: 'flush' });
        break;
      case 'finish':
        produced = d.send({ type: 'finishAnswer' });
        break;
      case 'tickItem':
        produced = d.send({ type: 'ticked', itemId: c.item });
        break;
      case 'rate':
        for (const dim of RATING_DIMENSIONS) produced.push(...d.send({ type: 'rated', dimension: dim.id, value: c.value }));
        break;
      case 'submit':
        produced = d.send({ type: 'submitGrade' });
        break;
      case 'note':
        produced = d.send({ type: 'noted', text: c.text });
        break;
      case 'save':
        produced = d.send({ type: 'saveAttempt' });
        break;
      case 'skip':
        produced = d.send({ type: 'skip' });
        break;
      case 'end':
        produced = d.send({ type: 'endDrill' });
        break;
      case 'retry':
        produced = d.send({ type: 'retryDraft' });
        break;
      case 'reply': {
        if (outstanding.length === 0) break;
        const [{ effect: e }] = outstanding.splice(c.pick % outstanding.length, 1) as [Sent];
        const fail = c.outcome === 'ok' ? null : errorFor(c.outcome);
        const next = () => session({ position: Math.min(3, ++serverPosition), status: serverPosition >= 3 ? 'finished' : 'active' });
        let event: DrillEvent | null = null;
        switch (e.type) {
          case 'saveDraft':
            event = fail ? { type: 'draftFailed', seq: e.seq, error: fail } : { type: 'draftSaved', seq: e.seq, savedAt: 's', revision: e.arg.revision + 1 };
            break;
          case 'saveAttempt':
            event = fail ? { type: 'attemptFailed', seq: e.seq, error: fail } : { type: 'attemptSaved', seq: e.seq, session: next() };
            break;
          case 'skip':
            event = fail ? { type: 'skipFailed', seq: e.seq, error: fail } : { type: 'skipDone', seq: e.seq, session: next() };
            break;
          case 'endDrill':
            event = fail ? { type: 'endFailed', seq: e.seq, error: fail } : { type: 'drillEnded', seq: e.seq };
            break;
          case 'readSession': {
            // "own": the database holds exactly this window's last write; otherwise another window's.
            const stored = c.own && q?.writes.lastSent ? q.writes.lastSent : ({ phase: 'answer', answer: 'someone else', elapsedMs: 1 } as DraftState);
            const s = session({ position: serverPosition, drafts: { [serverPosition]: { state: stored, revision: 99 } } });
            event = fail && c.outcome !== 'stale' ? { type: 'sessionReadFailed', seq: e.seq, error: fail } : { type: 'sessionRead', seq: e.seq, session: s };
            break;
          }
          case 'showSummary':
            break;
        }
        if (event) {
          produced = d.send(event);
          replied = { effect: e, event };
        }
        break;
      }
    }
    const epoch = epochOf(d);
    outstanding.push(...produced.filter((e) => e.type !== 'showSummary').map((effect) => ({ effect, epoch })));
    onStep(d, produced, outstanding, replied);
  }
}

describe('drill machine properties', () => {
  it('never has two draft writes in flight, nor a draft write beside a save, skip or end', () => {
    fc.assert(
      fc.property(commands(), (cmds) => {
        play(cmds, (d, _produced, outstanding) => {
          // Requests made on an earlier question may still be unanswered; their replies are ignored. Count this one's.
          const live = outstanding.filter((o) => o.epoch !== null && o.epoch === epochOf(d)).map((o) => o.effect.type);
          const drafts = live.filter((t) => t === 'saveDraft').length;
          const closing = live.filter((t) => t === 'saveAttempt' || t === 'skip' || t === 'endDrill').length;
          expect(drafts).toBeLessThanOrEqual(1);
          expect(closing).toBeLessThanOrEqual(1);
          expect(drafts + closing).toBeLessThanOrEqual(1);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('a confirmed stale refusal stops every further write of that question', () => {
    fc.assert(
      fc.property(commands('stale'), (cmds) => {
        let blocked: SessionView | null = null;
        play(cmds, (d, produced) => {
          if (blocked !== null && epochOf(d) === blocked) expect(produced.filter((e) => WRITES.has(e.type))).toEqual([]);
          if (d.state.kind === 'question' && d.state.elsewhere) blocked = d.state.session;
        });
      }),
      { numRuns: 400 },
    );
  });

  it('an error retrying cannot fix stops autosave of that question for good', () => {
    fc.assert(
      fc.property(commands('permanent'), (cmds) => {
        let stopped: SessionView | null = null;
        play(cmds, (d, produced) => {
          if (stopped !== null && epochOf(d) === stopped) expect(produced.filter((e) => e.type === 'saveDraft')).toEqual([]);
          if (d.state.kind === 'question' && d.state.writes.health.status === 'stopped') stopped = d.state.session;
        });
      }),
      { numRuns: 400 },
    );
  });

  it('every write names the revision of the latest successful draft reply', () => {
    fc.assert(
      fc.property(commands('stale'), (cmds) => {
        let epoch: SessionView | null = null;
        let seen = 0;
        play(cmds, (d, produced, _outstanding, replied) => {
          if (epochOf(d) !== epoch) {
            epoch = epochOf(d);
            seen = 0; // the sessions this server hands out hold no drafts
          }
          if (replied?.event.type === 'draftSaved' && replied.effect.type === 'saveDraft' && d.state.kind === 'question' && d.state.writes.lastSent) {
            seen = replied.event.revision;
          }
          // The database held this window's own write after a stale refusal: it carries on from that revision.
          if (replied?.event.type === 'sessionRead' && d.state.kind === 'question' && !d.state.elsewhere && d.state.revision === 99) seen = 99;
          for (const e of produced) {
            if (e.type === 'saveDraft' || e.type === 'saveAttempt' || e.type === 'skip') expect(e.arg.revision).toBe(seen);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('loses nothing: once replies succeed, the last draft written is what is on screen', () => {
    fc.assert(
      fc.property(commands('ok', 60), (cmds) => {
        const d = started();
        // Only successful replies here, and no save, skip or end, so the question stays and every write completes.
        const outstanding: Extract<DrillEffect, { type: 'saveDraft' }>[] = [];
        const keep = (fx: DrillEffect[]) => outstanding.push(...fx.filter((x): x is Extract<DrillEffect, { type: 'saveDraft' }> => x.type === 'saveDraft'));
        const answer = (e: Extract<DrillEffect, { type: 'saveDraft' }>) => keep(d.send({ type: 'draftSaved', seq: e.seq, savedAt: 's', revision: e.arg.revision + 1 }));
        for (const c of cmds) {
          const q = d.q;
          if (c.k === 'type') keep(d.send({ type: 'typed', text: q.draft.answer + c.text }));
          else if (c.k === 'wait') keep(d.wait(c.ms));
          else if (c.k === 'flush') keep(d.send({ type: 'flush' }));
          else if (c.k === 'finish') keep(d.send({ type: 'finishAnswer' }));
          else if (c.k === 'tickItem') keep(d.send({ type: 'ticked', itemId: c.item }));
          else if (c.k === 'rate') for (const dim of RATING_DIMENSIONS) keep(d.send({ type: 'rated', dimension: dim.id, value: c.value }));
          else if (c.k === 'submit') keep(d.send({ type: 'submitGrade' }));
          else if (c.k === 'note') keep(d.send({ type: 'noted', text: c.text }));
          else if (c.k === 'reply' && outstanding.length) answer(outstanding.shift()!);
        }
        // Let replies come and time pass until everything is written.
        for (let i = 0; i < 20; i++) {
          const e = outstanding.shift();
          if (e) answer(e);
          else keep(d.wait(DRAFT_SAVE_DELAY_MS));
        }
        while (outstanding.length) answer(outstanding.shift()!);
        const written = d.last('saveDraft').arg.draft;
        expect({ ...written, elapsedMs: 0 }).toEqual({ ...d.q.draft, elapsedMs: 0 });
        expect(d.q.writes.dirty).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
