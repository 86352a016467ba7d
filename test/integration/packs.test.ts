import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceApi } from '../../shared/api';
import { parseProgress } from '../../shared/cohort';
import { csvToPack } from '../../shared/pack-csv';
import type { Question } from '../../shared/pack-schema';
import { validatePack } from '../../shared/validate-pack';
import { createDispatcher } from '../../electron/services/dispatch';
import { createServices, type Services } from '../../electron/services/index';
import { MY_QUESTIONS_ID } from '../../electron/services/packs';
import { pack, question } from '../fixtures/packs';
import { tempDir } from './helpers';

const RATINGS = { clarity: 3, judgment: 2, constraints: 1, communication: 4 };

/** The built-in pack: two fundamentals questions. */
const BANK = pack({ id: 'bank-fund', title: 'Bank fundamentals' }, [
  question('f-1'),
  question('f-2', 'fundamentals', { kind: 'scenario', level: 'senior', tags: ['bias'], roles: ['research'] }),
]);

/** The imported pack: evaluation and mlops, so drills can be aimed at it by area. */
const ACME_QUESTIONS = [
  question('a-1', 'evaluation'),
  question('a-2', 'evaluation', { kind: 'scenario', level: 'mid', tags: ['drift', 'metrics'], roles: ['mlops-platform'] }),
  question('a-3', 'mlops', { tags: [], roles: [] }),
];
const acme = (overrides: Record<string, unknown> = {}, questions = ACME_QUESTIONS) =>
  pack({ id: 'acme', title: 'Acme bootcamp', author: 'Acme', license: 'CC-BY-4.0', description: 'Week 3.', ...overrides }, questions);

function setup() {
  const bankDir = tempDir('mldrill-bank-');
  fs.writeFileSync(path.join(bankDir, 'bank-fund.drillpack.json'), JSON.stringify(BANK));
  const dataDir = tempDir();
  const services = createServices({ dataDir, bankDir });
  return { services, api: services.api, db: services.db, dispatch: createDispatcher(services.api), dataDir, bankDir };
}

/** The real import: preview, then apply. */
async function importPack(api: ServiceApi, value: unknown, fileName = 'acme.drillpack.json') {
  const preview = api.previewImport({ fileName, text: JSON.stringify(value) });
  expect(preview.importId, preview.message).not.toBeNull();
  return await api.applyImport({ importId: preview.importId!, force: false });
}

const attempt = (sessionId: number, position: number, ticked: string[] = ['pr-auc']) => ({
  sessionId,
  position,
  revision: 0,
  answer: `answer ${position}`,
  answerMs: 1000,
  ticked,
  suggested: [],
  ratings: RATINGS,
  note: '',
});

function answerAll(api: ServiceApi, sessionId: number) {
  const s = api.getSession({ sessionId });
  s.questions.forEach((_, position) => api.saveAttempt(attempt(sessionId, position)));
}

const count = (services: Services, sql: string, ...params: unknown[]) => (services.db.prepare(sql).get(...params) as { n: number }).n;
const packAttempts = (services: Services, packId: string) =>
  count(services, 'SELECT COUNT(*) AS n FROM attempts a JOIN questions q ON q.key = a.question_key WHERE q.pack_id = ?', packId);
const area = (api: ServiceApi, id: string) => api.getHome({}).areas.find((a) => a.id === id)!;

describe('listPacks', () => {
  it('lists each pack not removed with its figures: counts, attempts, source file, dates, areas and kinds', async () => {
    const { api, services } = setup();
    await importPack(api, acme());
    const s = api.startSession({ areas: ['evaluation'], level: 'any', count: 2 });
    answerAll(api, s.id);
    // Version 1.1.0 drops a-3: retired, not deleted.
    await importPack(api, acme({ version: '1.1.0' }, ACME_QUESTIONS.slice(0, 2)), 'acme-1.1.0.drillpack.json');

    const packs = api.listPacks({});
    expect(packs.map((p) => p.id)).toEqual(['bank-fund', 'acme']);
    const [bank, imported] = packs;
    expect(bank).toMatchObject({ builtin: true, enabled: true, questions: 2, retired: 0, attempts: 0, sourceFile: null, title: 'Bank fundamentals' });
    expect(bank!.byArea).toEqual({ fundamentals: 2 });
    expect(bank!.byKind).toEqual({ concept: 1, scenario: 1 });
    expect(imported).toEqual({
      id: 'acme',
      version: '1.1.0',
      title: 'Acme bootcamp',
      description: 'Week 3.',
      author: 'Acme',
      license: 'CC-BY-4.0',
      builtin: false,
      enabled: true,
      questions: 2,
      retired: 1,
      attempts: 2,
      sourceFile: 'acme-1.1.0.drillpack.json',
      installedAt: expect.any(String),
      updatedAt: expect.any(String),
      byArea: { evaluation: 2 },
      byKind: { concept: 1, scenario: 1 },
    });
    expect(imported!.updatedAt >= imported!.installedAt).toBe(true);
    services.close();
  });
});

describe('setPackEnabled', () => {
  it('a disabled pack is never drilled and not counted available, but keeps its questions and history', async () => {
    const { api, dispatch, services } = setup();
    await importPack(api, acme());
    const s = api.startSession({ areas: ['evaluation'], level: 'any', count: 1 });
    api.saveAttempt(attempt(s.id, 0));
    expect(area(api, 'evaluation')).toMatchObject({ available: 2, practised: 1, attempts: 1 });

    const info = api.setPackEnabled({ packId: 'acme', enabled: false });
    expect(info).toMatchObject({ id: 'acme', enabled: false, questions: 3, attempts: 1 });
    expect(api.listPacks({}).find((p) => p.id === 'acme')?.enabled).toBe(false);
    // Never picked: a drill on its areas alone finds nothing.
    for (let i = 0; i < 5; i++) {
      expect(await dispatch('startSession', { areas: ['evaluation', 'mlops'], level: 'any', count: 5 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
      const mixed = api.startSession({ areas: ['fundamentals', 'evaluation', 'mlops'], level: 'any', count: 5 });
      expect(mixed.questions.map((q) => q.packId)).toEqual(['bank-fund', 'bank-fund']);
    }
    // Home: not available, not practised, but its attempts still count as history.
    expect(area(api, 'evaluation')).toMatchObject({ available: 0, practised: 0, attempts: 1, coverage: 1 / 3 });
    expect(area(api, 'mlops')).toMatchObject({ available: 0, availableByLevel: { junior: 0, mid: 0, senior: 0 } });
    expect(api.listQuestions({ where: {} }).map((q) => q.packId)).toEqual(['bank-fund', 'bank-fund']);
    expect(api.getSummary({ sessionId: s.id }).attempts).toHaveLength(1);
    expect(count(services, `SELECT COUNT(*) AS n FROM questions WHERE pack_id = 'acme' AND retired = 0`)).toBe(3);

    expect(api.setPackEnabled({ packId: 'acme', enabled: true }).enabled).toBe(true);
    expect(area(api, 'evaluation')).toMatchObject({ available: 2, practised: 1 });
    expect(api.startSession({ areas: ['evaluation'], level: 'any', count: 5 }).questions).toHaveLength(2);
    services.close();
  });

  it('says clearly when the pack is not installed', async () => {
    const { dispatch, services } = setup();
    expect(await dispatch('setPackEnabled', { packId: 'nope', enabled: false })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'Pack "nope" is not installed.', retryable: false },
    });
    services.close();
  });
});

describe('removePack', () => {
  it('refuses a built-in pack, whichever way, and says to disable it instead', async () => {
    const { dispatch, api, services } = setup();
    for (const keepHistory of [true, false]) {
      expect(await dispatch('removePack', { packId: 'bank-fund', keepHistory })).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: expect.stringMatching(/built-in pack and cannot be removed\. Disable it instead/) },
      });
    }
    expect(api.listPacks({}).map((p) => p.id)).toEqual(['bank-fund']);
    expect(await dispatch('removePack', { packId: 'nope', keepHistory: true })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    services.close();
  });

  it('with history kept: hidden and never drilled, every attempt kept, an active drill carries on, and a re-import brings it back', async () => {
    const { api, dispatch, services } = setup();
    await importPack(api, acme());
    const done = api.startSession({ areas: ['evaluation'], level: 'any', count: 2 });
    answerAll(api, done.id);
    // An active drill on its questions: one answered, one with a draft.
    const active = api.startSession({ areas: ['evaluation'], level: 'any', count: 2 });
    api.saveAttempt(attempt(active.id, 0));
    api.saveDraft({ sessionId: active.id, position: 1, revision: 0, draft: { phase: 'answer', answer: 'half', elapsedMs: 5 } });

    expect(api.removePack({ packId: 'acme', keepHistory: true })).toEqual({ attemptsDeleted: 0 });
    expect(api.listPacks({}).map((p) => p.id)).toEqual(['bank-fund']);
    expect(packAttempts(services, 'acme')).toBe(3);
    expect(count(services, `SELECT COUNT(*) AS n FROM questions WHERE pack_id = 'acme' AND retired = 0`)).toBe(0);
    // History stays readable, and Home still counts it.
    expect(api.getSummary({ sessionId: done.id }).attempts).toHaveLength(2);
    expect(area(api, 'evaluation')).toMatchObject({ available: 0, practised: 0, attempts: 3 });
    // The active drill survives: it reads, resumes its draft, and its last question can still be saved.
    expect(api.getHome({}).activeSession).toMatchObject({ id: active.id, position: 1, total: 2 });
    const resumed = api.getSession({ sessionId: active.id });
    expect(resumed.questions).toHaveLength(2);
    expect(resumed.drafts[1]?.revision).toBe(1);
    expect(api.saveAttempt({ ...attempt(active.id, 1), revision: 1 }).session.status).toBe('finished');
    // Gone from everything that offers questions.
    expect(await dispatch('startSession', { areas: ['evaluation', 'mlops'], level: 'any', count: 5 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(api.listQuestions({ where: { packs: ['acme'] } })).toEqual([]);
    expect(await dispatch('getQuestion', { packId: 'acme', id: 'a-1' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch('setPackEnabled', { packId: 'acme', enabled: true })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch('removePack', { packId: 'acme', keepHistory: true })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch('exportPack', { packId: 'acme', format: 'json' })).toMatchObject({ ok: false, error: { code: 'not-found' } });

    // The same file again: back, enabled, its questions live, the history attached to them.
    expect(await importPack(api, acme())).toMatchObject({ packId: 'acme', action: 'added' });
    expect(api.listPacks({}).find((p) => p.id === 'acme')).toMatchObject({ enabled: true, questions: 3, retired: 0, attempts: 4 });
    expect(area(api, 'evaluation')).toMatchObject({ available: 2, practised: 2, attempts: 4 });
    expect(api.startSession({ areas: ['evaluation'], level: 'any', count: 5 }).questions).toHaveLength(2);
    services.close();
  });

  it('a disabled pack removed with its history comes back enabled when imported again', async () => {
    const { api, services } = setup();
    await importPack(api, acme());
    api.setPackEnabled({ packId: 'acme', enabled: false });
    api.removePack({ packId: 'acme', keepHistory: true });
    await importPack(api, acme({ version: '2.0.0' }));
    expect(api.listPacks({}).find((p) => p.id === 'acme')).toMatchObject({ version: '2.0.0', enabled: true, questions: 3 });
    services.close();
  });

  it('without history: deletes its attempts, skips, drafts, items, questions and row in one go; drills keep their other questions', async () => {
    const { api, services } = setup();
    await importPack(api, acme());
    // A finished drill mixing both packs, an abandoned one on acme only, and an active mixed one.
    const mixed = api.startSession({ areas: ['fundamentals', 'evaluation'], level: 'any', count: 4 });
    answerAll(api, mixed.id);
    const acmeOnly = api.startSession({ areas: ['evaluation'], level: 'any', count: 2 });
    api.saveAttempt(attempt(acmeOnly.id, 0));
    api.skipQuestion({ sessionId: acmeOnly.id, position: 1, revision: 0 });
    const active = api.startSession({ areas: ['fundamentals', 'evaluation', 'mlops'], level: 'any', count: 5 });
    const activeAcme = active.questions.flatMap((q, i) => (q.packId === 'acme' ? [i] : []));
    const activeBank = active.questions.flatMap((q, i) => (q.packId === 'bank-fund' ? [i] : []));
    api.saveAttempt(attempt(active.id, activeBank[0]!));
    api.saveDraft({ sessionId: active.id, position: activeAcme[0]!, revision: 0, draft: { phase: 'answer', answer: 'acme draft', elapsedMs: 5 } });
    api.saveDraft({ sessionId: active.id, position: activeBank[1]!, revision: 0, draft: { phase: 'answer', answer: 'bank draft', elapsedMs: 5 } });
    const bankAttempts = packAttempts(services, 'bank-fund');
    const acmeAttempts = packAttempts(services, 'acme');
    expect(acmeAttempts).toBe(3);

    expect(api.removePack({ packId: 'acme', keepHistory: false })).toEqual({ attemptsDeleted: acmeAttempts });

    expect(api.listPacks({}).map((p) => p.id)).toEqual(['bank-fund']);
    expect(count(services, `SELECT COUNT(*) AS n FROM packs WHERE id = 'acme'`)).toBe(0);
    expect(count(services, `SELECT COUNT(*) AS n FROM questions WHERE pack_id = 'acme'`)).toBe(0);
    expect(count(services, 'SELECT COUNT(*) AS n FROM checklist_items WHERE question_key NOT IN (SELECT key FROM questions)')).toBe(0);
    expect(count(services, 'SELECT COUNT(*) AS n FROM attempt_items WHERE attempt_id NOT IN (SELECT id FROM attempts)')).toBe(0);
    expect(count(services, 'SELECT COUNT(*) AS n FROM attempts')).toBe(bankAttempts);
    expect(count(services, 'SELECT COUNT(*) AS n FROM attempt_items')).toBe(bankAttempts * 3);
    expect(services.db.pragma('foreign_key_check')).toEqual([]);

    // The drill that held only its questions is gone.
    expect(() => api.getSession({ sessionId: acmeOnly.id })).toThrow(/was not found/);
    // The mixed drill keeps its bank questions, renumbered, each attempt still at its own question.
    const kept = api.getSession({ sessionId: mixed.id });
    expect(kept).toMatchObject({ status: 'finished', position: 2 });
    expect(kept.questions.map((q) => q.packId)).toEqual(['bank-fund', 'bank-fund']);
    expect(kept.attempts.map((a) => [a.position, a.questionId])).toEqual(kept.questions.map((q, i) => [i, q.id]));
    expect(api.getSummary({ sessionId: mixed.id })).toMatchObject({ total: 2, skipped: [] });
    // The active drill is ended cleanly; Home has no active drill, and the drill still reads.
    const home = api.getHome({});
    expect(home.activeSession).toBeNull();
    expect(area(api, 'evaluation')).toMatchObject({ available: 0, attempts: 0 });
    const ended = api.getSession({ sessionId: active.id });
    expect(ended.status).toBe('abandoned');
    expect(ended.questions.map((q) => q.packId)).toEqual(['bank-fund', 'bank-fund']);
    expect(ended.attempts.map((a) => [a.position, a.questionId])).toEqual([[activeBank.indexOf(activeBank[0]!), ended.questions[0]!.id]]);
    expect(ended.drafts).toEqual({});
    expect(count(services, 'SELECT COUNT(*) AS n FROM drafts')).toBe(0);

    // Importing it again starts afresh.
    expect(await importPack(api, acme())).toMatchObject({ action: 'added', added: 3 });
    expect(api.listPacks({}).find((p) => p.id === 'acme')).toMatchObject({ questions: 3, attempts: 0, enabled: true });
    services.close();
  });

  it('without history also deletes a pack removed earlier with its history', async () => {
    const { api, services } = setup();
    await importPack(api, acme());
    const s = api.startSession({ areas: ['evaluation'], level: 'any', count: 2 });
    answerAll(api, s.id);
    api.removePack({ packId: 'acme', keepHistory: true });
    expect(api.removePack({ packId: 'acme', keepHistory: false })).toEqual({ attemptsDeleted: 2 });
    expect(count(services, 'SELECT COUNT(*) AS n FROM questions WHERE pack_id = ?', 'acme')).toBe(0);
    expect(() => api.getSession({ sessionId: s.id })).toThrow(/was not found/);
    services.close();
  });
});

describe('listQuestions', () => {
  it('filters by every Where field, AND between fields and OR within one, in pack then pack order', async () => {
    const { api, services } = setup();
    await importPack(api, acme());
    const ids = (where: Parameters<ServiceApi['listQuestions']>[0]['where']) => api.listQuestions({ where }).map((q) => `${q.packId}/${q.id}`);
    expect(ids({})).toEqual(['acme/a-1', 'acme/a-2', 'acme/a-3', 'bank-fund/f-1', 'bank-fund/f-2']);
    expect(ids({ packs: ['bank-fund'] })).toEqual(['bank-fund/f-1', 'bank-fund/f-2']);
    expect(ids({ areas: ['evaluation'] })).toEqual(['acme/a-1', 'acme/a-2']);
    expect(ids({ areas: ['evaluation', 'fundamentals'], levels: ['junior'] })).toEqual(['acme/a-1', 'bank-fund/f-1']);
    expect(ids({ kinds: ['scenario'] })).toEqual(['acme/a-2', 'bank-fund/f-2']);
    expect(ids({ kinds: ['scenario'], packs: ['acme'] })).toEqual(['acme/a-2']);
    expect(ids({ tags: ['metrics'] })).toEqual(['acme/a-1', 'acme/a-2', 'bank-fund/f-1']);
    expect(ids({ tags: ['drift', 'bias'] })).toEqual(['acme/a-2', 'bank-fund/f-2']);
    expect(ids({ roles: ['research', 'mlops-platform'] })).toEqual(['acme/a-2', 'bank-fund/f-2']);
    expect(ids({ ids: ['f-1', 'a-3'] })).toEqual(['acme/a-3', 'bank-fund/f-1']);
    expect(ids({ ids: ['acme/a-1', 'bank-fund/a-2'] })).toEqual(['acme/a-1']);
    expect(ids({ areas: ['vision'] })).toEqual([]);
    // An empty list does not filter, as in exportSelection.
    expect(ids({ areas: [], tags: [] })).toHaveLength(5);

    expect(api.listQuestions({ where: { ids: ['a-2'] } })).toEqual([
      { packId: 'acme', id: 'a-2', area: 'evaluation', kind: 'scenario', level: 'mid', tags: ['drift', 'metrics'], roles: ['mlops-platform'], prompt: ACME_QUESTIONS[1]!.prompt },
    ]);

    // Retired questions and disabled packs are left out; prompts are cut to 200 characters.
    await importPack(api, acme({ version: '1.1.0' }, [question('a-1', 'evaluation', { prompt: `${'Long prompt. '.repeat(30)}` }), ACME_QUESTIONS[1]!]));
    expect(ids({ packs: ['acme'] })).toEqual(['acme/a-1', 'acme/a-2']);
    expect(api.listQuestions({ where: { ids: ['a-1'] } })[0]!.prompt).toBe('Long prompt. '.repeat(30).slice(0, 200));
    api.setPackEnabled({ packId: 'acme', enabled: false });
    expect(ids({})).toEqual(['bank-fund/f-1', 'bank-fund/f-2']);
    services.close();
  });
});

describe('getQuestion', () => {
  it('answers a question in the pack format, which the pack schema accepts', async () => {
    const { api, dispatch, services } = setup();
    const q = api.getQuestion({ packId: 'bank-fund', id: 'f-2' });
    expect(q).toEqual(BANK.questions[1]);
    expect(validatePack(JSON.stringify({ ...pack(), questions: [q] })).ok).toBe(true);
    expect(await dispatch('getQuestion', { packId: 'bank-fund', id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    services.close();
  });
});

describe('My questions', () => {
  it('creates the pack on the first save, edits by id without duplicating, keeps history, retires, and bumps the version', async () => {
    const { api, dispatch, services } = setup();
    expect(await dispatch('saveMyQuestion', { question: question('mq-one', 'evaluation') })).toEqual({
      ok: true,
      value: { packId: MY_QUESTIONS_ID, id: 'mq-one', area: 'evaluation', kind: 'concept', level: 'junior', tags: ['metrics'], roles: ['applied-ml'], prompt: 'Explain mq-one to an interviewer.' },
    });
    const mine = () => api.listPacks({}).find((p) => p.id === MY_QUESTIONS_ID)!;
    expect(mine()).toMatchObject({ title: 'My questions', version: '1.0.0', builtin: false, enabled: true, questions: 1, sourceFile: null });
    expect(api.getQuestion({ packId: MY_QUESTIONS_ID, id: 'mq-one' })).toEqual(question('mq-one', 'evaluation'));

    api.saveMyQuestion({ question: question('mq-two', 'evaluation') as Question });
    expect(mine()).toMatchObject({ version: '1.0.1', questions: 2 });

    // Practise mq-one, then edit it: same id, new prompt, one item changed, one dropped, one added.
    const s = api.startSession({ areas: ['evaluation'], level: 'any', count: 2 });
    const at = s.questions.findIndex((q) => q.id === 'mq-one');
    api.saveAttempt(attempt(s.id, at, ['pr-auc', 'calibration']));
    const itemKey = (id: string) => (services.db.prepare(
      `SELECT c.key FROM checklist_items c JOIN questions q ON q.key = c.question_key WHERE q.pack_id = ? AND q.id = 'mq-one' AND c.id = ?`,
    ).get(MY_QUESTIONS_ID, id) as { key: number }).key;
    const prAucKey = itemKey('pr-auc');
    const base = question('mq-one', 'evaluation');
    const edited = {
      ...base,
      prompt: 'Explain mq-one to a hiring manager.',
      checklist: [
        base.checklist[0]!,
        { ...base.checklist[1]!, text: 'Sets the threshold from what errors cost' },
        { id: 'base-rate', text: 'Starts from the base rate', keywords: ['base rate'] },
      ],
    };
    expect(api.saveMyQuestion({ question: edited as Question })).toMatchObject({ id: 'mq-one', prompt: 'Explain mq-one to a hiring manager.' });
    expect(mine()).toMatchObject({ version: '1.0.2', questions: 2, retired: 0, attempts: 1 });
    expect(count(services, 'SELECT COUNT(*) AS n FROM questions WHERE pack_id = ?', MY_QUESTIONS_ID)).toBe(2);
    expect(api.getQuestion({ packId: MY_QUESTIONS_ID, id: 'mq-one' })).toEqual(edited);
    // The item kept its row, so the attempt's ticks stay attached; the dropped one is retired, not deleted.
    expect(itemKey('pr-auc')).toBe(prAucKey);
    expect(count(services, 'SELECT COUNT(*) AS n FROM attempt_items WHERE item_key = ? AND ticked = 1', prAucKey)).toBe(1);
    expect(count(services, `SELECT retired AS n FROM checklist_items WHERE key = ?`, itemKey('calibration'))).toBe(1);
    expect(area(api, 'evaluation')).toMatchObject({ attempts: 1, practised: 1, available: 2 });

    // Saving it unchanged changes nothing, not even the version.
    api.saveMyQuestion({ question: edited as Question });
    expect(mine().version).toBe('1.0.2');

    expect(api.retireMyQuestion({ id: 'mq-two' })).toEqual({ retired: true });
    expect(mine()).toMatchObject({ version: '1.0.3', questions: 1, retired: 1 });
    expect(api.listQuestions({ where: { packs: [MY_QUESTIONS_ID] } }).map((q) => q.id)).toEqual(['mq-one']);
    expect(api.retireMyQuestion({ id: 'mq-two' })).toEqual({ retired: true });
    expect(mine().version).toBe('1.0.3');
    expect(await dispatch('retireMyQuestion', { id: 'f-1' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    // Saving a retired id brings it back.
    api.saveMyQuestion({ question: question('mq-two', 'evaluation') as Question });
    expect(mine()).toMatchObject({ version: '1.0.4', questions: 2, retired: 0 });

    // An export carries the fresh version and validates.
    const file = api.exportPack({ packId: MY_QUESTIONS_ID, format: 'json' });
    expect(file.fileName).toBe('my-questions-1.0.4.drillpack.json');
    const v = validatePack(file.text);
    expect(v.ok && v.pack.questions.map((q) => q.id)).toEqual(['mq-one', 'mq-two']);

    // Disabled, it still takes saves (left out of drills and lists, as any disabled pack).
    api.setPackEnabled({ packId: MY_QUESTIONS_ID, enabled: false });
    expect(api.saveMyQuestion({ question: question('mq-three', 'mlops') as Question })).toMatchObject({ packId: MY_QUESTIONS_ID, id: 'mq-three', area: 'mlops' });
    expect(mine()).toMatchObject({ version: '1.0.5', questions: 3, enabled: false });
    expect(api.listQuestions({ where: { packs: [MY_QUESTIONS_ID] } })).toEqual([]);
    services.close();
  });

  it('refuses what the pack format refuses, in the validator’s words', async () => {
    const { dispatch, services } = setup();
    const validatorSays = (q: unknown) => {
      const r = validatePack(JSON.stringify({ ...pack(), questions: [q] }));
      return r.errors.map((e) => `${e.path.replace('questions[0]', 'question')}: ${e.message.replaceAll('questions[0]', 'question')}`)[0];
    };
    const short = question('mq-short', 'evaluation', { prompt: 'Short' });
    expect(validatorSays(short)).toBe('question.prompt: must be at least 10 characters (got 5)');
    expect(await dispatch('saveMyQuestion', { question: short })).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: `saveMyQuestion: ${validatorSays(short)}`, retryable: false },
    });
    // Repeated item ids, a rule the schema alone does not hold.
    const base = question('mq-dup', 'evaluation');
    const dup = { ...base, checklist: [base.checklist[0]!, base.checklist[1]!, { ...base.checklist[2]!, id: 'pr-auc' }] };
    expect(await dispatch('saveMyQuestion', { question: dup })).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: validatorSays(dup), retryable: false },
    });
    expect(validatorSays(dup)).toBe('question.checklist[2].id: duplicates question.checklist[0].id "pr-auc"');
    expect(services.db.prepare('SELECT COUNT(*) AS n FROM packs WHERE id = ?').get(MY_QUESTIONS_ID)).toEqual({ n: 0 });
    services.close();
  });
});

describe('exports', () => {
  it('exportPack, exportSelection and exportProgress give files that read back', async () => {
    const { api, dispatch, services } = setup();
    await importPack(api, acme());
    const s = api.startSession({ areas: ['evaluation'], level: 'any', count: 1 });
    api.saveAttempt(attempt(s.id, 0));

    const json = api.exportPack({ packId: 'acme', format: 'json' });
    expect(json.fileName).toBe('acme-1.0.0.drillpack.json');
    expect(json.text.endsWith('}\n')).toBe(true);
    const fromJson = validatePack(json.text);
    expect(fromJson.ok && fromJson.pack.questions.map((q) => q.id)).toEqual(['a-1', 'a-2', 'a-3']);

    const csv = api.exportPack({ packId: 'acme', format: 'csv' });
    expect(csv.fileName).toBe('acme-1.0.0.csv');
    const fromCsv = csvToPack(csv.text);
    expect(fromCsv.ok && fromCsv.pack).toEqual(fromJson.ok && fromJson.pack);

    const selection = api.exportSelection({ where: { tags: ['metrics'] }, id: 'metrics-set', title: 'Metrics', version: '0.1.0' });
    expect(selection.fileName).toBe('metrics-set-0.1.0.drillpack.json');
    const sel = validatePack(selection.text);
    expect(sel.ok && sel.pack.questions.map((q) => q.id)).toEqual(['a-1', 'a-2', 'f-1']);
    expect(await dispatch('exportSelection', { where: { areas: ['vision'] }, id: 'x-set', title: 'X', version: '1.0.0' })).toMatchObject({ ok: false });

    const progress = api.exportProgress({ packIds: ['acme'], includeAnswers: false });
    expect(progress.fileName).toMatch(/^acme-\d{4}-\d{2}-\d{2}\.progress\.json$/);
    const read = parseProgress(progress.text);
    expect(read.ok && read.progress.packs.map((p) => [p.id, p.questions.reduce((n, q) => n + q.attempts, 0)])).toEqual([['acme', 1]]);
    services.close();
  });
});
