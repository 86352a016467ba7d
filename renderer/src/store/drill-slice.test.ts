/**
 * The drill store over a fake transport: the runner performs the machine's effects through the API and feeds the
 * replies back (the machine's own rules are tested in test/unit/drill-machine.test.ts).
 */
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ApiArg, SessionSummary, SessionView } from '../../../shared/api';
import type { QuestionState } from '../../../shared/drill-machine';
import { err, ok, type Result } from '../../../shared/result';
import { RATING_DIMENSIONS } from '../../../shared/scoring';
import { fakeBridge } from '../../../test/fixtures/fake-bridge';
import type { Transport } from '../transport';
import { createAppStore } from './create';
import { viewQuestion, viewSession } from '../../../test/fixtures/views';

const question = viewQuestion;
const session = (over: Partial<SessionView> = {}): SessionView => viewSession(['q1', 'q2'], over);

const summary = (over: Partial<SessionSummary> = {}): SessionSummary => ({
  id: 1,
  status: 'finished',
  startedAt: '2026-11-21T00:00:00Z',
  finishedAt: '2026-11-21T00:10:00Z',
  total: 2,
  attempts: [],
  skipped: [],
  meanCoverage: null,
  totalMs: 0,
  ...over,
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

type Fakes = Parameters<typeof fakeBridge>[0];

function storeWith(api: Fakes) {
  const transport: Transport = { kind: 'browser', api: fakeBridge(api), openExternal: async () => ok({ opened: false }) };
  return createAppStore(transport, new QueryClient());
}

async function storeIn(s: SessionView, api: Fakes) {
  const store = storeWith({ getSession: async () => ok(s), ...api });
  await store.getState().resumeDrill(s.id);
  return store;
}

const q = (store: ReturnType<typeof storeWith>): QuestionState => {
  const d = store.getState().drill;
  if (d.kind !== 'question') throw new Error(`not on a question: ${d.kind}`);
  return d;
};

function toReview(store: ReturnType<typeof storeWith>) {
  const { send } = store.getState();
  send({ type: 'finishAnswer' });
  for (const d of RATING_DIMENSIONS) send({ type: 'rated', dimension: d.id, value: 2 });
  send({ type: 'submitGrade' });
}

describe('drill store', () => {
  it('never has two draft writes in flight, and the last change is the one written last', async () => {
    const calls: { arg: ApiArg<'saveDraft'>; done: ReturnType<typeof deferred<Result<{ savedAt: string; revision: number }>>> }[] = [];
    const store = await storeIn(session(), {
      saveDraft: (arg: ApiArg<'saveDraft'>) => {
        const done = deferred<Result<{ savedAt: string; revision: number }>>();
        calls.push({ arg, done });
        return done.promise;
      },
    });
    const { send } = store.getState();
    send({ type: 'typed', text: 'first' });
    send({ type: 'flush' });
    send({ type: 'typed', text: 'first and second' });
    send({ type: 'flush' });
    expect(calls).toHaveLength(1);
    calls[0]!.done.resolve(ok({ savedAt: 't1', revision: 1 }));
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.map((c) => [c.arg.draft.answer, c.arg.revision])).toEqual([
      ['first', 0],
      ['first and second', 1],
    ]);
    calls[1]!.done.resolve(ok({ savedAt: 't2', revision: 2 }));
    await store.getState().settled();
    expect(q(store)).toMatchObject({ revision: 2, writes: { savedAt: 't2', dirty: false, inFlight: null } });
  });

  it('autosaves grading too, not only the answer', async () => {
    const saved: ApiArg<'saveDraft'>[] = [];
    const store = await storeIn(session(), {
      saveDraft: async (arg: ApiArg<'saveDraft'>) => (saved.push(arg), ok({ savedAt: 'x', revision: arg.revision + 1 })),
    });
    const { send, tick, settled } = store.getState();
    send({ type: 'typed', text: 'alpha omega' });
    send({ type: 'finishAnswer' });
    await settled();
    expect(saved.at(-1)?.draft.phase).toBe('grade');
    send({ type: 'ticked', itemId: 'a' });
    send({ type: 'rated', dimension: 'clarity', value: 3 });
    tick(performance.now() + 1500);
    await settled();
    expect(saved.at(-1)).toMatchObject({ revision: saved.length - 1, draft: { phase: 'grade', ticked: ['a'], suggested: ['a'], ratings: { clarity: 3 } } });
  });

  it('when a save reports "already saved" (an earlier reply was lost), it re-reads the session and moves on', async () => {
    let reads = 0;
    const store = storeWith({
      getSession: async () => (reads++ === 0 ? ok(session()) : ok(session({ position: 1 }))),
      saveDraft: async () => ok({ savedAt: 'x', revision: 1 }),
      saveAttempt: async () => err('conflict', 'Question 1 of this drill is already saved.'),
    });
    await store.getState().resumeDrill(1);
    toReview(store);
    await store.getState().settled();
    store.getState().send({ type: 'saveAttempt' });
    await store.getState().settled();
    expect(reads).toBe(2);
    expect(q(store)).toMatchObject({ position: 1, opError: null });
  });

  it('keeps the answer and shows the error when a save fails', async () => {
    const store = await storeIn(session(), {
      saveDraft: async () => ok({ savedAt: 'x', revision: 1 }),
      saveAttempt: async () => err('storage', 'Could not save: the disk is full.', true),
    });
    store.getState().send({ type: 'typed', text: 'my answer' });
    toReview(store);
    store.getState().send({ type: 'noted', text: 'note' });
    await store.getState().settled();
    store.getState().send({ type: 'saveAttempt' });
    await store.getState().settled();
    expect(q(store)).toMatchObject({ op: null, opError: { kind: 'attempt', error: { retryable: true } }, draft: { answer: 'my answer', note: 'note', phase: 'review' } });
  });

  it('goes back Home when the summary cannot be loaded, rather than a blank screen', async () => {
    const store = storeWith({
      getSession: async () => ok(session({ status: 'finished', position: 2 })),
      getSummary: async () => err('storage', 'Could not read your data: the database is busy.', true),
    });
    await store.getState().resumeDrill(1);
    await store.getState().settled();
    expect(store.getState().view).toBe('home');
    expect(store.getState().notices.map((n) => n.message)).toContain('Could not load the summary: Could not read your data: the database is busy.');
  });

  it('strict mode locks the answer at the limit and records no more than the limit', async () => {
    const store = await storeIn(session({ mode: 'strict', questions: [question('q1', 30)] }), { saveDraft: async () => ok({ savedAt: 'x', revision: 1 }) });
    const { send, tick } = store.getState();
    send({ type: 'typed', text: 'alpha omega' });
    const started = q(store).stopwatch.runningSince!;
    tick(started + 29_000);
    expect(q(store).draft.phase).toBe('answer');
    tick(started + 31_000);
    expect(q(store)).toMatchObject({ timeUp: true, draft: { phase: 'grade', suggested: ['a'], elapsedMs: 30_000 } });
    send({ type: 'typed', text: 'typed after the lock' }, started + 32_000);
    expect(q(store).draft.answer).toBe('alpha omega');
  });

  it('stops writing after an error retrying cannot fix, instead of writing it again every second', async () => {
    let calls = 0;
    const store = await storeIn(session(), {
      saveDraft: async () => (calls++, err('storage', 'Could not save: the database file is damaged (SQLITE_CORRUPT).', false)),
    });
    const { send, tick, settled } = store.getState();
    send({ type: 'typed', text: 'x' });
    const t0 = performance.now();
    for (let t = 0; t <= 60_000; t += 250) {
      if (t % 5_000 === 0) send({ type: 'typed', text: `x${t}` }, t0 + t);
      tick(t0 + t);
      await settled();
    }
    expect(calls).toBe(1);
    expect(q(store).writes.health).toMatchObject({ status: 'stopped' });
  });

  it('says the drill continued elsewhere on a stale write, and writes nothing more', async () => {
    let writes = 0;
    let reads = 0;
    const theirs = session({ drafts: { 0: { state: { phase: 'answer', answer: 'from the other tab', elapsedMs: 9 }, revision: 4 } } });
    const store = storeWith({
      getSession: async () => (reads++ === 0 ? ok(session()) : ok(theirs)),
      saveDraft: async () => (writes++, err('stale', 'This drill was continued in another window or tab.')),
      skipQuestion: async () => ok({ session: session({ position: 1 }) }),
    });
    await store.getState().resumeDrill(1);
    const { send, tick, settled } = store.getState();
    send({ type: 'typed', text: 'mine' });
    send({ type: 'flush' });
    await settled();
    expect(q(store).elsewhere?.code).toBe('stale');
    send({ type: 'typed', text: 'mine, more' });
    send({ type: 'skip' });
    tick(performance.now() + 10_000);
    await settled();
    expect({ writes, reads, position: q(store).position }).toEqual({ writes: 1, reads: 2, position: 0 });
  });

  it('skips with skipQuestion (not a 0% attempt) and shows the next question', async () => {
    const skips: ApiArg<'skipQuestion'>[] = [];
    const store = await storeIn(session({ drafts: { 0: { state: { phase: 'answer', answer: 'x', elapsedMs: 1 }, revision: 3 } } }), {
      skipQuestion: async (arg: ApiArg<'skipQuestion'>) => (skips.push(arg), ok({ session: session({ position: 1, skipped: [0] }) })),
    });
    store.getState().send({ type: 'skip' });
    await store.getState().settled();
    expect(skips).toEqual([{ sessionId: 1, position: 0, revision: 3 }]);
    expect(q(store).position).toBe(1);
  });

  it('ends the drill and shows its summary, not Home; Back to Home then forgets the drill', async () => {
    const ended = summary({ status: 'abandoned', total: 2 });
    const store = await storeIn(session(), {
      abandonSession: async () => ok({ abandoned: true as const }),
      getSummary: async () => ok(ended),
    });
    store.getState().send({ type: 'endDrill' });
    await store.getState().settled();
    expect(store.getState()).toMatchObject({ view: 'summary', summary: ended, drill: { kind: 'over', ended: true } });
    store.getState().backHome();
    expect(store.getState()).toMatchObject({ view: 'home', summary: null, drill: { kind: 'idle' } });
  });

  it('starts a drill with the count Home passes', async () => {
    const starts: ApiArg<'startSession'>[] = [];
    const store = storeWith({ startSession: async (arg: ApiArg<'startSession'>) => (starts.push(arg), ok(session())) });
    store.getState().setAreas(['fundamentals']);
    await store.getState().startDrill(7);
    expect(starts).toEqual([{ areas: ['fundamentals'], level: 'any', count: 7 }]);
    expect(store.getState().view).toBe('drill');
  });
});

describe('drilling a selection', () => {
  it('asks for at most 50 questions, the first ones of the selection, in order', async () => {
    const asked: ApiArg<'startSession'>[] = [];
    const store = storeWith({
      startSession: async (arg: ApiArg<'startSession'>) => {
        asked.push(arg);
        return ok(viewSession(['q-0']));
      },
    });
    const only = Array.from({ length: 70 }, (_, i) => ({ packId: 'p', id: `q-${i}` }));
    await store.getState().drillQuestions(only);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.count).toBe(50);
    expect(asked[0]!.only).toEqual(only.slice(0, 50));
  });
});
