import { describe, expect, it, vi } from 'vitest';
import type { ApiArg, Bridge, DraftState, QuestionView, SessionView } from '../../../shared/api';
import { err, ok, type Result } from '../../../shared/result';
import type { Transport } from '../transport';
import { createAppStore } from './create';
import { restoreDraft } from './drill-slice';

const question = (id: string, timeLimitSec = 60): QuestionView => ({
  packId: 'p',
  id,
  area: 'fundamentals',
  kind: 'concept',
  level: 'junior',
  prompt: `Prompt ${id}`,
  timeLimitSec,
  checklist: [
    { id: 'a', text: 'Item a', keywords: ['alpha'] },
    { id: 'b', text: 'Item b', keywords: ['beta'] },
  ],
  pitfalls: [],
  followUps: [],
  outline: null,
  tags: [],
  roles: [],
});

const session = (over: Partial<SessionView> = {}): SessionView => ({
  id: 1,
  mode: 'practice',
  status: 'active',
  startedAt: '2026-11-21T00:00:00Z',
  position: 0,
  questions: [question('q1'), question('q2')],
  drafts: {},
  attempts: [],
  ...over,
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function fakeTransport(api: Partial<Record<keyof Bridge, (arg: never) => Promise<Result<unknown>>>>): Transport {
  return { kind: 'browser', api: api as unknown as Bridge, openExternal: async () => ok({ opened: false }) };
}

const RATINGS = { clarity: 2, judgment: 2, constraints: 2, communication: 2 };

async function storeIn(s: SessionView, api: Parameters<typeof fakeTransport>[0]) {
  const store = createAppStore(fakeTransport({ getSession: async () => ok(s), getHome: async () => err('internal', 'not in this test'), ...api }));
  await store.getState().resumeDrill(s.id);
  return store;
}

describe('drill store', () => {
  it('never has two draft writes in flight, and the last change is the one written last', async () => {
    const calls: { draft: DraftState; done: ReturnType<typeof deferred<Result<{ savedAt: string }>>> }[] = [];
    const store = await storeIn(session(), {
      saveDraft: (arg: ApiArg<'saveDraft'>) => {
        const done = deferred<Result<{ savedAt: string }>>();
        calls.push({ draft: arg.draft, done });
        return done.promise;
      },
    });
    store.getState().setAnswer('first');
    const one = store.getState().flushDraft();
    store.getState().setAnswer('first and second');
    const two = store.getState().flushDraft();
    expect(calls).toHaveLength(1);
    calls[0]!.done.resolve(ok({ savedAt: 't1' }));
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls.map((c) => c.draft.answer)).toEqual(['first', 'first and second']);
    calls[1]!.done.resolve(ok({ savedAt: 't2' }));
    await Promise.all([one, two]);
    expect(store.getState()).toMatchObject({ draftStatus: 'saved', draftSavedAt: 't2', dirty: false });
  });

  it('autosaves grading too, not only the answer', async () => {
    const saved: DraftState[] = [];
    const store = await storeIn(session(), { saveDraft: async (arg: ApiArg<'saveDraft'>) => (saved.push(arg.draft), ok({ savedAt: 'x' })) });
    store.getState().setAnswer('alpha');
    store.getState().finishAnswer();
    await vi.waitFor(() => expect(store.getState().draftStatus).toBe('saved'));
    expect(saved.at(-1)?.phase).toBe('grade');
    store.getState().toggleTick('a');
    store.getState().setRating('clarity', 3);
    store.getState().tick(performance.now() + 1500);
    await vi.waitFor(() => expect(saved.at(-1)).toMatchObject({ phase: 'grade', ticked: ['a'], suggested: ['a'], ratings: { clarity: 3 } }));
  });

  it('restores a draft without checklist items the question no longer has', () => {
    const saved: DraftState = { phase: 'grade', answer: 'x', elapsedMs: 5, ticked: ['a', 'gone'], suggested: ['gone', 'b'], ratings: {}, note: '' };
    expect(restoreDraft(saved, question('q1'))).toMatchObject({ ticked: ['a'], suggested: ['b'] });
  });

  it('when a save reports "already saved" (an earlier reply was lost), it moves on instead of offering a retry that cannot work', async () => {
    let getSessionCalls = 0;
    const store = createAppStore(
      fakeTransport({
        getSession: async () => (getSessionCalls++ === 0 ? ok(session()) : ok(session({ position: 1, attempts: [] }))),
        saveDraft: async () => ok({ savedAt: 'x' }),
        saveAttempt: async () => err('conflict', 'Question 1 of this drill is already saved.'),
      }),
    );
    await store.getState().resumeDrill(1);
    store.getState().finishAnswer();
    for (const id of ['clarity', 'judgment', 'constraints', 'communication'] as const) store.getState().setRating(id, RATINGS[id]);
    store.getState().submitGrade();
    await store.getState().saveAttempt();
    expect(store.getState().session?.position).toBe(1);
    expect(store.getState().attemptError).toBeNull();
  });

  it('keeps the answer and shows the error when a save fails', async () => {
    const store = await storeIn(session(), {
      saveDraft: async () => ok({ savedAt: 'x' }),
      saveAttempt: async () => err('storage', 'Could not save: the disk is full.', true),
    });
    store.getState().setAnswer('my answer');
    store.getState().finishAnswer();
    for (const id of ['clarity', 'judgment', 'constraints', 'communication'] as const) store.getState().setRating(id, 1);
    store.getState().submitGrade();
    store.getState().setNote('note');
    await store.getState().saveAttempt();
    expect(store.getState()).toMatchObject({ attemptStatus: 'error', attemptError: { retryable: true }, draft: { answer: 'my answer', note: 'note', phase: 'review' } });
  });

  it('goes back Home when the summary cannot be loaded, rather than a blank screen', async () => {
    const store = createAppStore(
      fakeTransport({
        getSession: async () => ok(session({ status: 'finished', position: 2 })),
        getSummary: async () => err('storage', 'Could not read your data: the database is busy.', true),
        getHome: async () => err('storage', 'busy', true),
      }),
    );
    await store.getState().resumeDrill(1);
    expect(store.getState().view).toBe('home');
    expect(store.getState().notices.map((n) => n.message)).toContain('Could not load the summary: Could not read your data: the database is busy.');
  });

  it('strict mode locks the answer at the limit and records no more than the limit', async () => {
    const store = await storeIn(session({ mode: 'strict', questions: [question('q1', 30)] }), { saveDraft: async () => ok({ savedAt: 'x' }) });
    store.getState().setAnswer('alpha');
    const started = store.getState().stopwatch.runningSince!;
    store.getState().tick(started + 29_000);
    expect(store.getState().draft.phase).toBe('answer');
    store.getState().tick(started + 31_000);
    expect(store.getState().draft).toMatchObject({ phase: 'grade', suggested: ['a'] });
    expect(store.getState().draft.elapsedMs).toBeLessThanOrEqual(30_000);
    store.getState().setAnswer('typed after the lock');
    expect(store.getState().draft.answer).toBe('alpha');
  });

  it('ignores a late draft reply for a question the user has left', async () => {
    const slow = deferred<Result<{ savedAt: string }>>();
    let first = true;
    const store = await storeIn(session(), {
      saveDraft: () => (first ? ((first = false), slow.promise) : Promise.resolve(ok({ savedAt: 'x' }))),
      saveAttempt: async () => ok({ attemptId: 1, session: session({ position: 1 }) }),
    });
    store.getState().setAnswer('q1 answer');
    const pending = store.getState().flushDraft();
    store.setState({ session: session({ id: 2 }) }); // the user is now in another drill
    slow.resolve(err('conflict', 'Drill session 1 is abandoned'));
    await pending;
    expect(store.getState().draftError).toBeNull();
  });
});
