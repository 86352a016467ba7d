import { describe, expect, it, vi } from 'vitest';
import type { ServiceApi } from '../../shared/api';
import { createDispatcher, parseFaults } from '../../electron/services/dispatch';
import { ServiceError } from '../../electron/services/errors';

import { fakeServices } from '../fixtures/fake-bridge';

const fakeApi = (overrides: Partial<ServiceApi> = {}): ServiceApi => fakeServices(overrides);

describe('dispatch', () => {
  it('parses the argument with the shared schema before calling the service', async () => {
    const startSession = vi.fn();
    const dispatch = createDispatcher(fakeApi({ startSession }));
    const r = await dispatch('startSession', { areas: ['astrology'], level: 'any', count: 5 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('startSession: areas[0]') });
    expect(startSession).not.toHaveBeenCalled();
  });

  it('rejects unknown methods, including prototype names', async () => {
    const dispatch = createDispatcher(fakeApi());
    for (const m of ['dropTables', 'constructor', '__proto__', 42]) {
      const r = await dispatch(m, {});
      expect(!r.ok && r.error.code).toBe('invalid-argument');
    }
  });

  it('rejects extra fields rather than passing them through', async () => {
    const dispatch = createDispatcher(fakeApi({ getSession: vi.fn() }));
    const r = await dispatch('getSession', { sessionId: 1, sql: 'DROP TABLE attempts' });
    expect(r.ok).toBe(false);
  });

  it('turns service errors and SQLite failures into Results, never exceptions', async () => {
    const dispatch = createDispatcher(
      fakeApi({
        getSession: () => {
          throw new ServiceError('not-found', 'Drill session 9 was not found');
        },
        getSummary: () => {
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        },
      }),
    );
    expect(dispatch('getSession', { sessionId: 9 })).toEqual({ ok: false, error: { code: 'not-found', message: 'Drill session 9 was not found', retryable: false } });
    expect(dispatch('getSummary', { sessionId: 9 })).toEqual({
      ok: false,
      error: { code: 'storage', message: 'Could not read your data: the disk is full. Try again.', retryable: true },
    });
  });

  it('says whether retrying can help: busy and full can pass, a damaged file or a constraint cannot', { timeout: 10_000 }, async () => {
    const failing = (code: string) =>
      createDispatcher(
        fakeApi({
          saveDraft: () => {
            throw Object.assign(new Error(code), { code });
          },
        }),
      )('saveDraft', { sessionId: 1, position: 0, revision: 0, draft: { phase: 'answer', answer: '', elapsedMs: 0 } });
    // Busy is retried from timers first (a promise); once the retries run out it is a retryable error.
    expect(await failing('SQLITE_BUSY')).toMatchObject({ ok: false, error: { code: 'storage', retryable: true, message: expect.stringContaining('Nothing was lost') } });
    expect(failing('SQLITE_IOERR_WRITE')).toMatchObject({ ok: false, error: { code: 'storage', retryable: true } });
    expect(failing('SQLITE_CORRUPT')).toMatchObject({ ok: false, error: { code: 'storage', retryable: false, message: expect.stringContaining('damaged') } });
    expect(failing('SQLITE_CONSTRAINT_UNIQUE')).toMatchObject({ ok: false, error: { code: 'conflict', retryable: false } });
    expect(failing('SQLITE_MISMATCH')).toMatchObject({ ok: false, error: { code: 'internal', retryable: false } });
  });

  it('retries a busy call from timers and answers as soon as it goes through', async () => {
    let tries = 0;
    const dispatch = createDispatcher(
      fakeApi({
        getProgress: () => {
          if (++tries < 3) throw Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' });
          return { areas: [], weakConcepts: [], dueToday: 0 };
        },
      }),
      new Map(),
      'browser',
      { busyRetryMs: [1, 1, 1, 1] },
    );
    const result = dispatch('getProgress', {});
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toEqual({ ok: true, value: { areas: [], weakConcepts: [], dueToday: 0 } });
    expect(tries).toBe(3);
  });

  it('injects a configured fault the given number of times, for end-to-end tests', async () => {
    const report = { areas: [], weakConcepts: [], dueToday: 0 };
    const getProgress = vi.fn(() => report);
    const dispatch = createDispatcher(fakeApi({ getProgress }), parseFaults('getProgress:SQLITE_BUSY:1'));
    expect(dispatch('getProgress', {})).toMatchObject({ ok: false, error: { code: 'storage', retryable: true } });
    expect(dispatch('getProgress', {})).toEqual({ ok: true, value: report });
  });
});

describe('argument errors read like the validator’s', () => {
  const dispatch = createDispatcher(fakeApi({ saveDraft: vi.fn(), startSession: vi.fn(), updateSettings: vi.fn() }));
  it('names the path and the limit in a sentence, not zod’s default text', async () => {
    const long = 'x'.repeat(100_001);
    const r = await dispatch('saveDraft', { sessionId: 1, position: 0, revision: 0, draft: { phase: 'answer', answer: long, elapsedMs: 0 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'saveDraft: draft.answer: must be at most 100000 characters (got 100001)' } });
    const t = await dispatch('updateSettings', { theme: 'neon' });
    expect(t).toMatchObject({ error: { message: 'updateSettings: theme: must be one of "system", "light", "dark" (got "neon")' } });
    const n = await dispatch('getSession', { sessionId: Number.NaN });
    expect(n).toMatchObject({ error: { message: expect.stringMatching(/^getSession: sessionId: must be a number/) } });
  });

  it('keeps a schema’s own message, and never echoes a huge input back', async () => {
    expect(await dispatch('startSession', { areas: [], level: 'any', count: 1 })).toMatchObject({ error: { message: 'startSession: areas: choose at least one area' } });
    const r = await dispatch('updateSettings', { theme: 'y'.repeat(1_000_000) });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r).length).toBeLessThan(300);
  });
});
