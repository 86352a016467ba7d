import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ServiceApi } from '../../shared/api';
import { createDispatcher } from '../../electron/services/dispatch';
import { DEFAULT_SETTINGS } from '../../electron/services/settings';
import { createServices } from '../../electron/services/index';
import { installPack } from '../../electron/services/install-pack';
import { validatePack } from '../../shared/validate-pack';
import { bytes, pack, question } from '../fixtures/packs';
import { tempDir } from './helpers';

const RATINGS = { clarity: 3, judgment: 2, constraints: 1, communication: 4 };

function setup(p = pack()) {
  const bankDir = tempDir('mldrill-bank-');
  fs.writeFileSync(path.join(bankDir, 'test.drillpack.json'), JSON.stringify(p));
  const dataDir = tempDir();
  const services = createServices({ dataDir, bankDir });
  return { services, api: services.api as ServiceApi, dataDir, bankDir };
}

describe('services', () => {
  it('loads the bank through the validator on first run, and skips it when unchanged', async () => {
    const { services, dataDir, bankDir } = setup();
    expect(services.bank.map((b) => b.outcome?.action)).toEqual(['added']);
    services.close();
    const again = createServices({ dataDir, bankDir });
    expect(again.bank.map((b) => b.outcome?.action)).toEqual(['unchanged']);
    again.close();
  });

  it('skips an invalid bank file and reports why, without failing start-up', async () => {
    const bankDir = tempDir();
    fs.writeFileSync(path.join(bankDir, 'bad.drillpack.json'), JSON.stringify(pack({ version: 'one' })));
    const s = createServices({ dataDir: tempDir(), bankDir });
    expect(s.bank[0]!.errors).toEqual([{ path: 'version', message: expect.stringContaining('semantic version') }]);
    expect(s.api.getHome({}).areas.every((a) => a.available === 0)).toBe(true);
    s.close();
  });

  it('runs a drill: start, draft, grade, save, summary, and Home figures move', async () => {
    const { api, services } = setup();
    const before = api.getHome({});
    expect(before.areas.find((a) => a.id === 'fundamentals')).toMatchObject({ practised: 0, available: 1, coverage: null });

    const s = api.startSession({ areas: ['fundamentals', 'evaluation'], level: 'any', count: 5 });
    expect(s.questions).toHaveLength(2);
    expect(s.position).toBe(0);
    expect(api.getHome({}).activeSession).toMatchObject({ id: s.id, position: 0, total: 2 });

    const draft = { phase: 'answer' as const, answer: 'PR-AUC because positives are rare', elapsedMs: 4200 };
    expect(api.saveDraft({ sessionId: s.id, position: 0, revision: 0, draft }).revision).toBe(1);
    expect(api.getSession({ sessionId: s.id }).drafts[0]).toEqual({ state: draft, revision: 1 });

    const first = api.saveAttempt({ sessionId: s.id, position: 0, revision: 1, answer: draft.answer, answerMs: 61_000, ticked: ['pr-auc'], suggested: ['pr-auc'], ratings: RATINGS, note: '' });
    expect(first.session.position).toBe(1);
    expect(first.session.drafts[0]).toBeUndefined();
    const second = api.saveAttempt({ sessionId: s.id, position: 1, revision: 0, answer: 'x', answerMs: 200_000, ticked: ['pr-auc', 'threshold', 'calibration'], suggested: [], ratings: RATINGS, note: 'revisit' });
    expect(second.session.status).toBe('finished');

    const summary = api.getSummary({ sessionId: s.id });
    expect(summary.attempts.map((a) => [a.itemsTicked, a.itemsTotal])).toEqual([
      [1, 3],
      [3, 3],
    ]);
    expect(summary.meanCoverage).toBeCloseTo(2 / 3);
    expect(summary.totalMs).toBe(261_000);

    const after = api.getHome({});
    expect(after.activeSession).toBeNull();
    const practisedAreas = after.areas.filter((a) => a.practised === 1).map((a) => [a.id, a.attempts]);
    expect(practisedAreas).toEqual([
      ['fundamentals', 1],
      ['evaluation', 1],
    ]);
    const ticks = services.db.prepare('SELECT SUM(ticked) AS t, SUM(suggested) AS s FROM attempt_items').get();
    expect(ticks).toEqual({ t: 4, s: 1 });
    services.close();
  });

  it('prefers questions never practised', async () => {
    const { api, services } = setup(pack({}, [question('a-1'), question('a-2'), question('a-3')]));
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const s = api.startSession({ areas: ['fundamentals'], level: 'junior', count: 1 });
      seen.add(s.questions[0]!.id);
      api.saveAttempt({ sessionId: s.id, position: 0, revision: 0, answer: '', answerMs: 1, ticked: [], suggested: [], ratings: RATINGS, note: '' });
    }
    expect([...seen].sort()).toEqual(['a-1', 'a-2', 'a-3']);
    services.close();
  });

  it('refuses double saves, unknown checklist ids, and drafts for saved questions', async () => {
    const { api, services } = setup();
    const dispatch = createDispatcher(api);
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 1 });
    const bad = await dispatch('saveAttempt', { sessionId: s.id, position: 0, revision: 0, answer: '', answerMs: 1, ticked: ['made-up'], suggested: [], ratings: RATINGS, note: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'ticked: unknown checklist item "made-up"' } });
    api.saveAttempt({ sessionId: s.id, position: 0, revision: 0, answer: '', answerMs: 1, ticked: [], suggested: [], ratings: RATINGS, note: '' });
    const again = await dispatch('saveAttempt', { sessionId: s.id, position: 0, revision: 0, answer: '', answerMs: 1, ticked: [], suggested: [], ratings: RATINGS, note: '' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const late = await dispatch('saveDraft', { sessionId: s.id, position: 0, revision: 0, draft: { phase: 'answer', answer: '', elapsedMs: 0 } });
    expect(late).toMatchObject({ ok: false, error: { code: 'conflict' } });
    services.close();
  });

  it('explains an empty selection instead of starting an empty drill', async () => {
    const { api, services } = setup();
    const r = await createDispatcher(api)('startSession', { areas: ['vision'], level: 'senior', count: 5 });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('No questions match Computer vision at senior level') } });
    services.close();
  });

  it('a locked database gives a retryable storage error, keeps nothing half-written, and the retry succeeds', async () => {
    const { api, services, dataDir } = setup();
    services.db.pragma('busy_timeout = 50');
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 1 });
    const other = new Database(path.join(dataDir, 'mldrill.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    const dispatch = createDispatcher(api, new Map(), 'browser', { busyRetryMs: [5, 5] });
    const arg = { sessionId: s.id, position: 0, revision: 0, answer: 'kept', answerMs: 5, ticked: ['threshold'], suggested: [], ratings: RATINGS, note: '' };
    const failed = await dispatch('saveAttempt', arg);
    expect(failed).toMatchObject({ ok: false, error: { code: 'storage', retryable: true, message: expect.stringContaining('busy') } });
    other.exec('ROLLBACK');
    other.close();
    expect(services.db.prepare('SELECT COUNT(*) AS n FROM attempts').get()).toEqual({ n: 0 });
    expect(dispatch('saveAttempt', arg)).toMatchObject({ ok: true });
    services.close();
  });

  it('settings persist', async () => {
    const { api, services, dataDir, bankDir } = setup();
    expect(api.getHome({}).settings).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ mode: 'practice', theme: 'system', defaultCount: 5, dayStartHour: 4, interviewDate: null, showStreaks: true });
    api.updateSettings({ mode: 'strict', theme: 'dark' });
    services.close();
    const again = createServices({ dataDir, bankDir });
    expect(again.api.getHome({}).settings).toEqual({ ...DEFAULT_SETTINGS, mode: 'strict', theme: 'dark' });
    again.close();
  });
});

describe('installPack updates in place', () => {
  it('matches by id: keeps history, replaces changed text, retires what is gone, duplicates nothing', async () => {
    const { api, services } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 1 });
    api.saveAttempt({ sessionId: s.id, position: 0, revision: 0, answer: 'a', answerMs: 1, ticked: ['pr-auc'], suggested: [], ratings: RATINGS, note: '' });

    const q1 = question('q-one', 'fundamentals', { prompt: 'A reworded prompt about q-one.' });
    q1.checklist = q1.checklist.slice(0, 2).concat([{ id: 'base-rate', text: 'States the base rate first', keywords: ['base rate'] }]);
    const v2 = validatePack(bytes(pack({ version: '1.1.0' }, [q1, question('q-three', 'vision')])));
    if (!v2.ok) throw new Error('fixture invalid');
    const outcome = installPack(services.db, v2.pack, { builtin: false, contentHash: 'v2' });
    expect(outcome).toEqual({ action: 'updated', added: 1, changed: 1, retired: 1 });

    const db = services.db;
    expect(db.prepare('SELECT id, retired FROM questions ORDER BY id').all()).toEqual([
      { id: 'q-one', retired: 0 },
      { id: 'q-three', retired: 0 },
      { id: 'q-two', retired: 1 },
    ]);
    expect(db.prepare(`SELECT prompt FROM questions WHERE id = 'q-one'`).get()).toEqual({ prompt: 'A reworded prompt about q-one.' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM attempts').get()).toEqual({ n: 1 });
    expect(api.getHome({}).areas.find((a) => a.id === 'evaluation')).toMatchObject({ available: 0 });
    expect(api.getHome({}).areas.find((a) => a.id === 'fundamentals')).toMatchObject({ available: 1, practised: 1, attempts: 1 });
    // The retired checklist item keeps its row so the old attempt's ticks still point at it.
    expect(db.prepare(`SELECT id, retired FROM checklist_items WHERE question_key = (SELECT key FROM questions WHERE id = 'q-one') ORDER BY retired, ordinal`).all()).toEqual([
      { id: 'pr-auc', retired: 0 },
      { id: 'threshold', retired: 0 },
      { id: 'base-rate', retired: 0 },
      { id: 'calibration', retired: 1 },
    ]);
    services.close();
  });

  it('an answer drafted before an update that retired one of its ticked items still saves', async () => {
    const { api, services } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 1 });
    const q1 = question('q-one');
    q1.checklist = q1.checklist.filter((i) => i.id !== 'calibration').concat([{ id: 'base-rate', text: 'States the base rate first', keywords: ['base rate'] }]);
    const v2 = validatePack(bytes(pack({ version: '1.0.1' }, [q1, question('q-two', 'evaluation')])));
    if (!v2.ok) throw new Error('fixture invalid');
    installPack(services.db, v2.pack, { builtin: true, contentHash: 'v2' });
    const r = await createDispatcher(api)('saveAttempt', {
      sessionId: s.id,
      position: 0,
      revision: 0,
      answer: 'drafted before the update',
      answerMs: 10,
      ticked: ['pr-auc', 'calibration'],
      suggested: ['calibration'],
      ratings: RATINGS,
      note: '',
    });
    expect(r.ok).toBe(true);
    expect(api.getSummary({ sessionId: s.id }).attempts[0]).toMatchObject({ itemsTicked: 1, itemsTotal: 3, coverage: 1 / 3 });
    services.close();
  });

  it('is one transaction: a failure part-way leaves the database exactly as before', async () => {
    const { services } = setup();
    const db = services.db;
    const snapshot = () => db.prepare('SELECT pack_id, id, prompt, retired FROM questions ORDER BY key').all();
    const before = snapshot();
    db.exec(`CREATE TRIGGER boom BEFORE INSERT ON questions WHEN NEW.id = 'q-bad' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    const v2 = validatePack(bytes(pack({ version: '2.0.0' }, [question('q-one', 'fundamentals', { prompt: 'Changed prompt text here.' }), question('q-bad')])));
    if (!v2.ok) throw new Error('fixture invalid');
    expect(() => installPack(db, v2.pack, { builtin: false, contentHash: 'v2' })).toThrow(/disk trouble/);
    expect(snapshot()).toEqual(before);
    expect(db.prepare('SELECT version FROM packs').get()).toEqual({ version: '1.0.0' });
    services.close();
  });
});
