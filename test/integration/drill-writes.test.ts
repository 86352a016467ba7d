import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILENAME } from '../../electron/db/open';
import { STALE_MESSAGE } from '../../electron/services/attempts';
import { createDispatcher } from '../../electron/services/dispatch';
import { createServices } from '../../electron/services/index';
import { pack, question } from '../fixtures/packs';
import { BANK_DIR as bankDir, tempDir } from './helpers';

const RATINGS = { clarity: 3, judgment: 2, constraints: 1, communication: 4 };

function setup(questions = [question('q-one'), question('q-two'), question('q-three')]) {
  const bankDir = tempDir('mldrill-bank-');
  fs.writeFileSync(path.join(bankDir, 'test.drillpack.json'), JSON.stringify(pack({}, questions)));
  const services = createServices({ dataDir: tempDir(), bankDir });
  return { services, api: services.api, dispatch: createDispatcher(services.api) };
}

const answer = (text: string) => ({ phase: 'answer' as const, answer: text, elapsedMs: 1000 });

describe('draft revisions: two windows on one drill', () => {
  it('refuses a writer that did not see the latest revision, and keeps the newer draft', () => {
    const { api, dispatch, services } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 1 });
    // Both windows opened the drill at revision 0; the first one writes.
    expect(api.saveDraft({ sessionId: s.id, position: 0, revision: 0, draft: answer('window one') })).toMatchObject({ revision: 1 });
    const stale = dispatch('saveDraft', { sessionId: s.id, position: 0, revision: 0, draft: answer('window two') });
    expect(stale).toEqual({ ok: false, error: { code: 'stale', message: STALE_MESSAGE, retryable: false } });
    expect(api.getSession({ sessionId: s.id }).drafts[0]).toEqual({ state: answer('window one'), revision: 1 });
    // The first window carries on from its own revision.
    expect(api.saveDraft({ sessionId: s.id, position: 0, revision: 1, draft: answer('window one, later') }).revision).toBe(2);
    services.close();
  });

  it('refuses a stale attempt and a stale skip too, so nothing newer is overwritten', () => {
    const { api, dispatch, services } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 1 });
    api.saveDraft({ sessionId: s.id, position: 0, revision: 0, draft: answer('newer') });
    const attempt = { sessionId: s.id, position: 0, revision: 0, answer: 'older', answerMs: 5, ticked: [], suggested: [], ratings: RATINGS, note: '' };
    expect(dispatch('saveAttempt', attempt)).toMatchObject({ ok: false, error: { code: 'stale' } });
    expect(dispatch('skipQuestion', { sessionId: s.id, position: 0, revision: 0 })).toMatchObject({ ok: false, error: { code: 'stale' } });
    expect(services.db.prepare('SELECT COUNT(*) AS n FROM attempts').get()).toEqual({ n: 0 });
    expect(api.getSession({ sessionId: s.id }).drafts[0]?.state).toEqual(answer('newer'));
    expect(dispatch('saveAttempt', { ...attempt, revision: 1 })).toMatchObject({ ok: true });
    services.close();
  });
});

describe('skipping a question', () => {
  it('is recorded as skipped, not as an attempt, and does not count as practice', () => {
    const { api, services } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 3 });
    api.saveDraft({ sessionId: s.id, position: 0, revision: 0, draft: answer('half an answer') });
    const { session } = api.skipQuestion({ sessionId: s.id, position: 0, revision: 1 });
    expect(session).toMatchObject({ position: 1, skipped: [0], status: 'active' });
    expect(session.drafts[0]).toBeUndefined();
    expect(services.db.prepare('SELECT COUNT(*) AS n FROM attempts').get()).toEqual({ n: 0 });
    expect(api.getHome({}).areas.find((a) => a.id === 'fundamentals')).toMatchObject({ attempts: 0, practised: 0, coverage: null });
    expect(api.getHome({}).activeSession).toMatchObject({ position: 1, total: 3 });
    services.close();
  });

  it('finishes the drill when the last open question is skipped, and the summary lists it', () => {
    const { api, dispatch, services } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 2 });
    api.saveAttempt({ sessionId: s.id, position: 0, revision: 0, answer: 'a', answerMs: 3000, ticked: ['pr-auc'], suggested: [], ratings: RATINGS, note: '' });
    const { session } = api.skipQuestion({ sessionId: s.id, position: 1, revision: 0 });
    expect(session.status).toBe('finished');
    const summary = api.getSummary({ sessionId: s.id });
    expect(summary).toMatchObject({ status: 'finished', total: 2, meanCoverage: 1 / 3 });
    expect(summary.attempts.map((a) => a.position)).toEqual([0]);
    expect(summary.skipped).toEqual([{ position: 1, questionId: session.questions[1]!.id, area: 'fundamentals', prompt: session.questions[1]!.prompt }]);
    // A skipped question cannot then be saved or skipped again.
    expect(dispatch('skipQuestion', { sessionId: s.id, position: 1, revision: 0 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    services.close();
  });

  it('ending a drill midway keeps what was answered for the summary', () => {
    const { api, services } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 3 });
    api.saveAttempt({ sessionId: s.id, position: 0, revision: 0, answer: 'a', answerMs: 3000, ticked: [], suggested: [], ratings: RATINGS, note: '' });
    api.abandonSession({ sessionId: s.id });
    expect(api.getSummary({ sessionId: s.id })).toMatchObject({ status: 'abandoned', total: 3, skipped: [] });
    expect(api.getSummary({ sessionId: s.id }).attempts).toHaveLength(1);
    services.close();
  });
});

describe('Home counts per level', () => {
  it('says how many questions each level of an area holds', () => {
    const { api, services } = setup([question('j1'), question('j2'), question('s1', 'fundamentals', { level: 'senior' })]);
    expect(api.getHome({}).areas.find((a) => a.id === 'fundamentals')).toMatchObject({ available: 3, availableByLevel: { junior: 2, mid: 0, senior: 1 } });
    services.close();
  });
});

describe('a drill of chosen questions', () => {
  it('holds exactly the chosen questions, in order, each once, and only those still on offer', () => {
    const { api, dispatch, services } = setup();
    const s = api.startSession({
      areas: ['fundamentals'],
      level: 'any',
      count: 5,
      only: [
        { packId: 'test-pack', id: 'q-three' },
        { packId: 'test-pack', id: 'q-one' },
        { packId: 'test-pack', id: 'q-three' },
        { packId: 'other-pack', id: 'q-two' },
      ],
    });
    expect(s.questions.map((q) => q.id)).toEqual(['q-three', 'q-one']);
    services.db.prepare(`UPDATE questions SET retired = 1`).run();
    expect(dispatch('startSession', { areas: ['fundamentals'], level: 'any', count: 1, only: [{ packId: 'test-pack', id: 'q-one' }] })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining('None of the chosen questions') },
    });
    services.close();
  });
});

describe('a write lock held by another process', () => {
  it('never stalls this thread: reads answer at once, a write is retried from a timer and lands when the lock goes', async () => {
    const dataDir = tempDir();
    const services = createServices({ dataDir, bankDir });
    const dispatch = createDispatcher(services.api);
    const started = dispatch('startSession', { areas: ['evaluation'], level: 'any', count: 1 }) as { ok: true; value: { id: number } };
    const other = new Database(path.join(dataDir, DB_FILENAME));
    other.exec('BEGIN IMMEDIATE');
    other.prepare(`INSERT INTO settings (key, value) VALUES ('held', '1')`).run();

    const t0 = performance.now();
    const pending = dispatch('saveDraft', { sessionId: started.value.id, position: 0, revision: 0, draft: { phase: 'answer', answer: 'kept', elapsedMs: 1 } });
    const afterWrite = performance.now() - t0;
    expect(pending).toBeInstanceOf(Promise);
    const t1 = performance.now();
    expect(dispatch('getHome', {})).toMatchObject({ ok: true });
    expect(dispatch('getProgress', {})).toMatchObject({ ok: true });
    const reads = performance.now() - t1;
    // Generous bounds (two loaded cores): the point is milliseconds, not the 5 s of SQLite's default wait.
    expect(afterWrite).toBeLessThan(1000);
    expect(reads).toBeLessThan(1000);

    setTimeout(() => other.exec('COMMIT'), 150);
    expect(await pending).toMatchObject({ ok: true, value: { revision: 1 } });
    other.close();
    services.close();
  });

  it('answers a retryable error naming the cause when the lock outlasts every retry, and writes nothing', async () => {
    const dataDir = tempDir();
    const services = createServices({ dataDir, bankDir });
    const dispatch = createDispatcher(services.api, new Map(), 'browser', { busyRetryMs: [5, 5] });
    const other = new Database(path.join(dataDir, DB_FILENAME));
    other.exec('BEGIN IMMEDIATE');
    const result = await dispatch('updateSettings', { theme: 'dark' });
    expect(result).toMatchObject({ ok: false, error: { code: 'storage', retryable: true } });
    expect(JSON.stringify(result)).toContain('the database is busy (another process is using it)');
    other.exec('ROLLBACK');
    other.close();
    expect(services.api.getHome({}).settings.theme).toBe('system');
    services.close();
  });
});
