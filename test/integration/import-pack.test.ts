import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { ImportPreview, ServiceApi } from '../../shared/api';
import { AREA_IDS } from '../../shared/areas';
import { packToCsv } from '../../shared/pack-csv';
import type { Pack, Question } from '../../shared/pack-schema';
import { closeDatabase, openDatabase } from '../../electron/db/open';
import { createDispatcher } from '../../electron/services/dispatch';
import { exportInstalledPack } from '../../electron/services/export-pack';
import { IMPORT_TTL_MS, MAX_PENDING, createImportApi, findImportWorker } from '../../electron/services/import-pack';
import { createServices } from '../../electron/services/index';
import { pack, question } from '../fixtures/packs';
import { ROOT, tempDir } from './helpers';
import { dump } from './db-state';

const RATINGS = { clarity: 3, judgment: 2, constraints: 1, communication: 4 };
const WORKER_MJS = path.join(ROOT, 'dist', 'node', 'import-worker.mjs');
const WORKER_CJS = path.join(ROOT, 'dist', 'electron', 'import-worker.cjs');

/** The bank used by these tests: one pack in an area the user's packs below do not use. */
const bankPack = () => pack({ id: 'bank-pack', title: 'Bank' }, [question('b-one', 'vision'), question('b-two', 'vision')]);

function setup(bank: Pack[] = [bankPack()], dataDir = tempDir()) {
  const bankDir = tempDir('mldrill-bank-');
  bank.forEach((p, i) => fs.writeFileSync(path.join(bankDir, `${i}-${p.id}.drillpack.json`), JSON.stringify(p)));
  const services = createServices({ dataDir, bankDir });
  return { services, api: services.api as ServiceApi, db: services.db, dataDir, bankDir };
}

const userV1 = () =>
  pack({ id: 'user-pack', title: 'Bootcamp week 3', author: 'Acme', license: 'CC-BY-4.0', description: 'Three questions.' }, [
    question('q-one', 'fundamentals'),
    question('q-two', 'evaluation'),
    question('q-three', 'mlops', { kind: 'scenario' }),
  ]);

/** v2: q-one reworded with one item changed, one removed and one added; q-two dropped; q-three as it was; q-four new. */
function userV2() {
  const q1 = question('q-one', 'fundamentals', { prompt: 'A reworded prompt about q-one.' });
  q1.checklist = [
    { id: 'pr-auc', text: 'Chooses PR-AUC over ROC-AUC when positives are rare', keywords: ['PR-AUC'] },
    q1.checklist[1]!,
    { id: 'base-rate', text: 'States the base rate first', keywords: ['base rate'] },
  ];
  return pack({ id: 'user-pack', version: '1.1.0', title: 'Bootcamp week 3', author: 'Acme', license: 'CC-BY-4.0', description: 'Three questions.' }, [
    q1,
    question('q-three', 'mlops', { kind: 'scenario' }),
    question('q-four', 'rl'),
  ]);
}

const text = (p: unknown) => JSON.stringify(p);


/** The database file's bytes after moving every committed page out of the WAL. */
/**
 * The database file's bytes with every committed frame checkpointed into it. A checkpoint that meets another
 * connection's checkpoint (a worker's, after its import) answers busy at once rather than waiting, so it is retried
 * for up to 5 s.
 */
async function fileBytes(db: Database.Database, dataDir: string): Promise<Buffer> {
  for (let i = 0; ; i++) {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (r!.busy === 0) break;
    if (i >= 250) throw new Error('the database stayed busy: another connection kept it for over 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return fs.readFileSync(path.join(dataDir, 'mldrill.sqlite'));
}

async function importText(api: ServiceApi, fileName: string, body: string, force = false) {
  const preview = api.previewImport({ fileName, text: body });
  if (!preview.importId) throw new Error(`not importable: ${preview.action}: ${preview.message}`);
  return { preview, result: await api.applyImport({ importId: preview.importId, force }) };
}

function answerFirst(api: ServiceApi, area: (typeof AREA_IDS)[number], ticked: string[]) {
  const s = api.startSession({ areas: [area], level: 'any', count: 1 });
  return api.saveAttempt({ sessionId: s.id, position: 0, revision: 0, answer: 'an answer', answerMs: 1000, ticked, suggested: [], ratings: RATINGS, note: '' });
}

function bigPack(n: number, id = 'big-pack', version = '1.0.0') {
  return pack({ id, version, title: `${n} questions` }, Array.from({ length: n }, (_, i) => question(`q-${i}`, AREA_IDS[i % AREA_IDS.length])));
}

describe('previewImport and applyImport: install and update', () => {
  it('installs, then updates v1 -> v2 by id: history and scheduling stay attached, dropped questions are retired', async () => {
    const { api, db } = setup();
    const first = await importText(api, '/home/me/Downloads/user-pack.drillpack.json', text(userV1()));
    expect(first.preview).toMatchObject({
      action: 'install',
      fileName: 'user-pack.drillpack.json',
      errors: [],
      update: null,
      pack: {
        id: 'user-pack',
        title: 'Bootcamp week 3',
        version: '1.0.0',
        author: 'Acme',
        license: 'CC-BY-4.0',
        description: 'Three questions.',
        questions: 3,
        byArea: { fundamentals: 1, evaluation: 1, mlops: 1 },
        byKind: { concept: 2, scenario: 1 },
      },
    });
    expect(first.result).toEqual({ packId: 'user-pack', version: '1.0.0', action: 'added', added: 3, changed: 0, retired: 0 });
    expect(db.prepare(`SELECT builtin, source_file, enabled FROM packs WHERE id = 'user-pack'`).get()).toEqual({ builtin: 0, source_file: 'user-pack.drillpack.json', enabled: 1 });

    // History on q-one (ticking an item v2 removes) and on q-two (which v2 drops).
    const a1 = answerFirst(api, 'fundamentals', ['pr-auc', 'calibration']);
    const a2 = answerFirst(api, 'evaluation', ['threshold']);
    const keyOf = (id: string) => (db.prepare(`SELECT key FROM questions WHERE pack_id = 'user-pack' AND id = ?`).get(id) as { key: number }).key;
    const keysBefore = { one: keyOf('q-one'), two: keyOf('q-two') };
    const itemsBefore = db.prepare('SELECT attempt_id, item_key, ticked FROM attempt_items ORDER BY attempt_id, item_key').all();

    const preview = api.previewImport({ fileName: 'C:\\Users\\me\\user-pack-v2.drillpack.json', text: text(userV2()) });
    expect(preview.action).toBe('update');
    expect(preview.fileName).toBe('user-pack-v2.drillpack.json');
    expect(preview.update).toEqual({
      fromVersion: '1.0.0',
      added: [{ id: 'q-four', area: 'rl', prompt: 'Explain q-four to an interviewer.' }],
      changed: [{ id: 'q-one', area: 'fundamentals', prompt: 'A reworded prompt about q-one.' }],
      retired: [{ id: 'q-two', area: 'evaluation', prompt: 'Explain q-two to an interviewer.' }],
    });
    expect(preview.message).toMatch(/from 1\.0\.0 to 1\.1\.0: 1 added, 1 changed, 1 retired/);
    const result = await api.applyImport({ importId: preview.importId!, force: false });
    // The preview's counts are what the install did.
    expect(result).toEqual({ packId: 'user-pack', version: '1.1.0', action: 'updated', added: 1, changed: 1, retired: 1 });

    expect(db.prepare(`SELECT id, retired FROM questions WHERE pack_id = 'user-pack' ORDER BY id`).all()).toEqual([
      { id: 'q-four', retired: 0 },
      { id: 'q-one', retired: 0 },
      { id: 'q-three', retired: 0 },
      { id: 'q-two', retired: 1 },
    ]);
    expect({ one: keyOf('q-one'), two: keyOf('q-two') }).toEqual(keysBefore);
    expect(db.prepare('SELECT id, question_key FROM attempts ORDER BY id').all()).toEqual([
      { id: a1.attemptId, question_key: keysBefore.one },
      { id: a2.attemptId, question_key: keysBefore.two },
    ]);
    expect(db.prepare('SELECT attempt_id, item_key, ticked FROM attempt_items ORDER BY attempt_id, item_key').all()).toEqual(itemsBefore);
    expect(db.prepare('SELECT id, text, retired FROM checklist_items WHERE question_key = ? ORDER BY retired, ordinal').all(keysBefore.one)).toEqual([
      { id: 'pr-auc', text: 'Chooses PR-AUC over ROC-AUC when positives are rare', retired: 0 },
      { id: 'threshold', text: 'Sets the threshold from the cost of errors', retired: 0 },
      { id: 'base-rate', text: 'States the base rate first', retired: 0 },
      { id: 'calibration', text: 'Checks calibration before using scores as probabilities', retired: 1 },
    ]);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM questions WHERE pack_id = 'user-pack'`).get()).toEqual({ n: 4 });
    expect(db.prepare(`SELECT version, source_file FROM packs WHERE id = 'user-pack'`).get()).toEqual({ version: '1.1.0', source_file: 'user-pack-v2.drillpack.json' });
    const home = api.getHome({});
    expect(home.areas.find((a) => a.id === 'fundamentals')).toMatchObject({ available: 1, practised: 1, attempts: 1 });
    expect(home.areas.find((a) => a.id === 'evaluation')).toMatchObject({ available: 0 });
    expect(api.getImportProgress({ importId: preview.importId! })).toEqual({ state: 'done', done: 3, total: 3 });
  });

  it('importing the same version with the same content is a no-op that says so, whatever the formatting', async () => {
    const { api, db, dataDir } = setup();
    await importText(api, 'user.drillpack.json', text(userV1()));
    const before = dump(db);
    const bytes = await fileBytes(db, dataDir);
    // Pretty-printed, with an unknown field: the stored content is the same.
    const again = api.previewImport({ fileName: 'copy.drillpack.json', text: JSON.stringify({ ...userV1(), generator: 'x' }, null, 2) });
    expect(again.action).toBe('same-version');
    expect(again.message).toMatch(/already installed with the same content: importing it changes nothing/);
    expect(again.update).toEqual({ fromVersion: '1.0.0', added: [], changed: [], retired: [] });
    expect(again.warnings).toEqual([{ path: 'generator', message: 'unknown field, ignored' }]);
    expect(await api.applyImport({ importId: again.importId!, force: false })).toEqual({ packId: 'user-pack', version: '1.0.0', action: 'unchanged', added: 0, changed: 0, retired: 0 });
    expect(dump(db)).toEqual(before);
    expect((await fileBytes(db, dataDir)).equals(bytes)).toBe(true);
  });

  it('the same version with other content is refused, asking for a new version', async () => {
    const { api, db } = setup();
    await importText(api, 'user.drillpack.json', text(userV1()));
    const before = dump(db);
    const edited = userV1();
    edited.questions[1] = question('q-two', 'evaluation', { prompt: 'A silently edited prompt.' }) as unknown as Question;
    const p = api.previewImport({ fileName: 'user.drillpack.json', text: text(edited) });
    expect(p).toMatchObject({ action: 'refused', importId: null });
    expect(p.message).toMatch(/Version 1\.0\.0 of this pack is already installed with different content\. Raise the pack's version \(for example to 1\.0\.1\)/);
    expect(p.update?.changed).toEqual([{ id: 'q-two', area: 'evaluation', prompt: 'A silently edited prompt.' }]);
    expect(dump(db)).toEqual(before);
  });

  it('an older version needs force: refused without it (nothing written), applied with it', async () => {
    const { api, db } = setup();
    await importText(api, 'v2.drillpack.json', text(userV2()));
    const before = dump(db);
    const p = api.previewImport({ fileName: 'v1.drillpack.json', text: text(userV1()) });
    expect(p.action).toBe('older-version');
    expect(p.message).toMatch(/Version 1\.1\.0 is installed and this file is the older 1\.0\.0: importing it downgrades the pack, so it needs force/);
    expect(p.update).toMatchObject({ fromVersion: '1.1.0', added: [{ id: 'q-two' }], retired: [{ id: 'q-four' }] });
    const refused = await createDispatcher(api)('applyImport', { importId: p.importId, force: false });
    expect(refused).toEqual({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/needs force/), retryable: false } });
    expect(dump(db)).toEqual(before);
    expect(await api.applyImport({ importId: p.importId!, force: true })).toMatchObject({ action: 'updated', version: '1.0.0', added: 1, retired: 1 });
    expect(db.prepare(`SELECT version FROM packs WHERE id = 'user-pack'`).get()).toEqual({ version: '1.0.0' });
  });

  it('a newer version than the preview saw is decided again inside the transaction', async () => {
    const { api } = setup();
    await importText(api, 'v1.drillpack.json', text(userV1()));
    const late = api.previewImport({ fileName: 'v2.drillpack.json', text: text(userV2()) });
    const early = api.previewImport({ fileName: 'v2-copy.drillpack.json', text: text(userV2()) });
    await api.applyImport({ importId: early.importId!, force: false });
    // The preview said "update"; by now it is the installed version: nothing to do.
    expect(await api.applyImport({ importId: late.importId!, force: false })).toMatchObject({ action: 'unchanged', added: 0, changed: 0, retired: 0 });
  });

  it('refuses unknown, expired, already applied and evicted importIds; runs imports one at a time', async () => {
    const { api } = setup();
    await expect(api.applyImport({ importId: 'no-such-import', force: false })).rejects.toMatchObject({ code: 'not-found' });
    expect(() => api.getImportProgress({ importId: '__proto__' })).toThrow(/expired or was never previewed/);
    const { preview } = await importText(api, 'v1.drillpack.json', text(userV1()));
    await expect(api.applyImport({ importId: preview.importId!, force: false })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already been applied/) });

    // At most MAX_PENDING previews are kept: the oldest go first.
    const ids = Array.from({ length: MAX_PENDING + 2 }, (_, i) => api.previewImport({ fileName: `p${i}.json`, text: text(pack({ id: `pack-${i}` })) }).importId!);
    for (const id of ids.slice(0, 2)) await expect(api.applyImport({ importId: id, force: false })).rejects.toMatchObject({ code: 'not-found' });
    const results = await Promise.all(ids.slice(2).map((importId) => api.applyImport({ importId, force: false })));
    expect(results.map((r) => r.action)).toEqual(['added', 'added', 'added', 'added']);

    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    try {
      const stale = api.previewImport({ fileName: 'v2.drillpack.json', text: text(userV2()) });
      expect(api.getImportProgress({ importId: stale.importId! })).toEqual({ state: 'pending', done: 0, total: 3 });
      vi.advanceTimersByTime(IMPORT_TTL_MS + 1);
      await expect(api.applyImport({ importId: stale.importId!, force: false })).rejects.toMatchObject({ code: 'not-found' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads a .csv file through csvToPack, and the same pack as CSV and JSON is the same content', async () => {
    const { api } = setup();
    const csv = api.previewImport({ fileName: 'week3.csv', text: packToCsv(userV1()) });
    expect(csv).toMatchObject({ action: 'install', errors: [], pack: { id: 'user-pack', questions: 3 } });
    expect(await api.applyImport({ importId: csv.importId!, force: false })).toMatchObject({ action: 'added', added: 3 });
    expect(api.previewImport({ fileName: 'week3.drillpack.json', text: text(userV1()) }).action).toBe('same-version');
    const bad = api.previewImport({ fileName: 'broken.CSV', text: 'pack.id,user-pack\n\nid,area,kind,level,prompt\nq-one,nowhere,concept,junior,Explain the thing please.\n' });
    expect(bad.action).toBe('invalid');
    expect(bad.errors.length).toBeGreaterThan(0);
    for (const e of bad.errors) expect(e.path).toMatch(/^(row \d+|column|\(file\))/);
  });
});

describe('built-in ids are reserved', () => {
  it('refuses to import a pack with a built-in pack id, saying why', async () => {
    const { api, db } = setup();
    const before = dump(db);
    const p = api.previewImport({ fileName: 'mine.drillpack.json', text: text(pack({ id: 'bank-pack', version: '9.0.0' })) });
    expect(p).toMatchObject({ action: 'refused', importId: null, update: null, pack: { id: 'bank-pack' } });
    expect(p.message).toMatch(/"bank-pack" belongs to the built-in bank, and the built-in bank's ids are reserved\. Choose another id/);
    expect(dump(db)).toEqual(before);
  });

  it('the bank loader skips (and logs) a bank pack whose id a user pack holds, instead of taking the row over', async () => {
    // Before this rule an import could hold an id the bank later ships: the next start's bank install took the row
    // over (builtin = 1) and retired every question of the user's that the bank file lacks.
    const dataDir = tempDir();
    const first = setup([bankPack()], dataDir);
    const mine = pack({ id: 'later-bank', title: 'Mine' }, [question('m-one', 'fundamentals'), question('m-two', 'fundamentals')]);
    await importText(first.api, 'mine.drillpack.json', text(mine));
    answerFirst(first.api, 'fundamentals', ['pr-auc']);
    first.services.close();

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const shipped = pack({ id: 'later-bank', title: 'Shipped by the app' }, [question('s-one', 'scale')]);
    const second = setup([bankPack(), shipped], dataDir);
    try {
      const skipped = second.services.bank.find((b) => b.packId === 'later-bank');
      expect(skipped?.skipped).toMatch(/was skipped: the pack id "later-bank" is held by a pack the user imported \(from mine\.drillpack\.json\)/);
      expect(warn).toHaveBeenCalledWith(skipped!.skipped);
    } finally {
      warn.mockRestore();
    }
    const db = second.db;
    expect(db.prepare(`SELECT title, builtin, source_file FROM packs WHERE id = 'later-bank'`).get()).toEqual({ title: 'Mine', builtin: 0, source_file: 'mine.drillpack.json' });
    expect(db.prepare(`SELECT id, retired FROM questions WHERE pack_id = 'later-bank' ORDER BY id`).all()).toEqual([
      { id: 'm-one', retired: 0 },
      { id: 'm-two', retired: 0 },
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM attempts').get()).toEqual({ n: 1 });
    // The id is the bank's now: the user's pack can no longer be updated under it.
    expect(second.api.previewImport({ fileName: 'mine.drillpack.json', text: text({ ...mine, version: '1.0.1' }) }).action).toBe('refused');
    second.services.close();
  });
});

describe('invalid packs', () => {
  it('names every error by its JSON path, writes nothing and keeps nothing', () => {
    const { api, db } = setup();
    const before = dump(db);
    const cases: [string, string, RegExp][] = [
      [text(pack({}, [question('q-one', 'fundamentals', { pitfalls: ['x'.repeat(301)] })])), 'questions[0].pitfalls[0]', /at most 300 characters/],
      [text(pack({ version: '1.0' })), 'version', /semantic version/],
      ['{"format": "mldrill-pack", ', '(file)', /not valid JSON/],
      [`{"a":${'['.repeat(10)}${']'.repeat(10)}}`, '(file)', /nests deeper/],
      [text(pack()).replace('"id":"q-one"', '"__proto__":{},"id":"q-one"'), 'questions[0].__proto__', /reserved JavaScript property name/],
      ['   ', '(file)', /empty/],
    ];
    for (const [body, where, message] of cases) {
      const p = api.previewImport({ fileName: 'bad.drillpack.json', text: body });
      expect(p).toMatchObject({ action: 'invalid', importId: null, pack: null, update: null });
      expect(p.errors).toContainEqual({ path: where, message: expect.stringMatching(message) });
      expect(p.message).toMatch(/not a valid drill pack \(\d+ errors?\)/);
    }
    const many = api.previewImport({ fileName: 'bad.json', text: text(pack({ version: 'x', title: '' }, [question('Q', 'nowhere')])) });
    expect(many.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['version', 'title', 'questions[0].id', 'questions[0].area']));
    expect(dump(db)).toEqual(before);
  });

  it('checks the size before parsing: a text over 20 MB of UTF-8 is refused', () => {
    const { api } = setup();
    // 7.5 million characters of 3-byte UTF-8: within the method's character limit, over 20 MB as bytes.
    const huge = `{"title":"${'€'.repeat(7_500_000)}"}`;
    const p = api.previewImport({ fileName: 'huge.json', text: huge });
    expect(p).toMatchObject({ action: 'invalid', errors: [{ path: '(file)', message: expect.stringMatching(/20 MB/) }] });
  });

  it('property: previewImport never throws on mutated packs, every rejection names a path, and the database is unchanged', async () => {
    const { api, db, dataDir } = setup();
    const base = userV1() as unknown as Record<string, unknown>;
    const before = dump(db);
    const bytes = await fileBytes(db, dataDir);
    const changes = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const changesBefore = changes();

    const deep = (depth: number): unknown => (depth === 0 ? 1 : [deep(depth - 1)]);
    const replacement = fc.oneof(
      fc.constant(undefined), // delete the field
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.string({ maxLength: 20 }),
      fc.constant('x'.repeat(5000)),
      fc.integer({ min: 3, max: 12 }).map(deep),
      fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
      fc.constant({}),
      fc.constant({ __proto__: 1 } as unknown).map(() => JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
      fc.constant(JSON.parse('{"constructor": 1}') as unknown),
    );
    /** A path into the pack, chosen by index at each level. */
    const mutation = fc.record({ steps: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), value: replacement, addKey: fc.boolean() });

    const apply = (doc: unknown, steps: number[], value: unknown, addKey: boolean): unknown => {
      const copy = structuredClone(doc) as Record<string, unknown>;
      let node: unknown = copy;
      for (let i = 0; i < steps.length; i++) {
        if (node === null || typeof node !== 'object') break;
        const keys = Object.keys(node);
        if (keys.length === 0) break;
        const key = keys[steps[i]! % keys.length]!;
        const last = i === steps.length - 1 || (node as Record<string, unknown>)[key] === null || typeof (node as Record<string, unknown>)[key] !== 'object';
        if (last) {
          const target = node as Record<string, unknown>;
          const name = addKey ? '__proto__' : key;
          if (value === undefined) delete target[key];
          else Object.defineProperty(target, name, { value, enumerable: true, configurable: true, writable: true });
          break;
        }
        node = (node as Record<string, unknown>)[key];
      }
      return copy;
    };

    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (mutations, asCsv) => {
        let doc: unknown = base;
        for (const m of mutations) doc = apply(doc, m.steps, m.value, m.addKey);
        let body = JSON.stringify(doc) ?? 'null';
        let fileName = 'mutated.drillpack.json';
        if (asCsv) {
          // A valid-looking CSV cell by cell: whatever JSON text came out, as one row of prompts.
          body = `pack.id,user-pack\n\nid,area,kind,level,prompt\nq-one,fundamentals,concept,junior,"${body.slice(0, 500).replaceAll('"', '""')}"\n`;
          fileName = 'mutated.csv';
        }
        let p: ImportPreview;
        try {
          p = api.previewImport({ fileName, text: body });
        } catch (e) {
          throw new Error(`previewImport threw: ${String(e)}`, { cause: e });
        }
        if (p.action === 'invalid') {
          expect(p.importId).toBeNull();
          expect(p.errors.length).toBeGreaterThan(0);
          for (const e of p.errors) {
            expect(typeof e.path).toBe('string');
            expect(e.path.length).toBeGreaterThan(0);
            expect(e.message.length).toBeGreaterThan(0);
          }
        } else expect(['install', 'refused']).toContain(p.action);
        expect(changes()).toBe(changesBefore);
      }),
      { numRuns: 300 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(dump(db)).toEqual(before);
    expect((await fileBytes(db, dataDir)).equals(bytes)).toBe(true);
  });
});

describe('one transaction: an import that fails part-way leaves the file byte-for-byte as it was', () => {

  it('on this thread: a TEMP trigger raises on the 5th new checklist item', async () => {
    const { api, db, dataDir } = setup();
    await importText(api, 'v1.drillpack.json', text(userV1()));
    answerFirst(api, 'fundamentals', ['pr-auc', 'calibration']);
    const before = dump(db);
    const bytes = await fileBytes(db, dataDir);
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM checklist_items').get() as { n: number };
    const v2 = userV2();
    v2.questions.push(...([question('q-five', 'scale'), question('q-six', 'scale')] as unknown as Question[]));
    const p = api.previewImport({ fileName: 'v2.drillpack.json', text: text(v2) });
    // By the 5th insert the pack row, q-one and its items, and q-four have been written.
    db.exec(`CREATE TEMP TRIGGER fail_nth BEFORE INSERT ON main.checklist_items WHEN (SELECT COUNT(*) FROM main.checklist_items) >= ${n + 4}
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    await expect(api.applyImport({ importId: p.importId!, force: false })).rejects.toThrow(/injected failure/);
    expect(api.getImportProgress({ importId: p.importId! }).state).toBe('failed');
    db.exec('DROP TRIGGER temp.fail_nth');
    expect(dump(db)).toEqual(before);
    expect((await fileBytes(db, dataDir)).equals(bytes)).toBe(true);
    // Nothing was lost: the same previewed import can be applied again.
    expect(await api.applyImport({ importId: p.importId!, force: false })).toMatchObject({ action: 'updated', added: 3, changed: 1, retired: 1 });
  });

  it('in the worker: a trigger in the file raises on the 500th new checklist item of a 300-question pack', async () => {
    const { db, dataDir, services } = setup();
    const lines: string[] = [];
    const api = createImportApi({ db, dataDir, builtinIds: new Set(['bank-pack']), workerScript: WORKER_MJS, workerMinQuestions: 1, log: (l) => lines.push(l) });
    await api.applyImport({ importId: api.previewImport({ fileName: 'v1.json', text: text(bigPack(100)) }).importId!, force: false });
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM checklist_items').get() as { n: number };
    // Part of the state before: the worker has its own connection, so the trigger must be in the file.
    db.exec(`CREATE TRIGGER fail_nth BEFORE INSERT ON checklist_items WHEN (SELECT COUNT(*) FROM checklist_items) >= ${n + 499}
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    const before = dump(db);
    const bytes = await fileBytes(db, dataDir);
    const p = api.previewImport({ fileName: 'v2.json', text: text(bigPack(300, 'big-pack', '2.0.0')) });
    expect(p.update?.added).toHaveLength(200);
    const failed = await createDispatcher({ ...services.api, ...api })('applyImport', { importId: p.importId, force: false });
    // The SQLite error crossed from the worker with its code, so the dispatcher maps it as it would on this thread.
    expect(failed).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/SQLITE_CONSTRAINT_TRIGGER/) } });
    expect(lines).toEqual([]); // it ran in the worker: no fallback to this thread
    expect(dump(db)).toEqual(before);
    expect((await fileBytes(db, dataDir)).equals(bytes)).toBe(true);
    // Applied again, the same importId runs in a new worker (the prepared one is used up) and succeeds.
    db.exec('DROP TRIGGER fail_nth');
    expect(await api.applyImport({ importId: p.importId!, force: false })).toMatchObject({ action: 'updated', added: 200 });
    expect(lines).toEqual([]);
    services.close();
  });
});

describe('large packs import off the main thread', () => {
  // The worker runs a bundle, built from the current sources once by test/global-setup.ts.

  it('finds the worker bundle built from source', () => {
    expect(findImportWorker()).toBe(WORKER_MJS);
  });

  it('a 5,000-question pack imports in the worker, reporting progress, while getHome keeps answering', async () => {
    const { services, dataDir } = setup();
    // This thread's import API reads through a read-only connection: only the worker's own connection can write,
    // so a successful import proves the work ran there.
    const readonly = openDatabase(dataDir, { readonly: true });
    const lines: string[] = [];
    const api = createImportApi({ db: readonly, dataDir, builtinIds: new Set(['bank-pack']), log: (l) => lines.push(l) });
    const big = bigPack(5000);
    const p = api.previewImport({ fileName: 'big.drillpack.json', text: text(big) });
    expect(p).toMatchObject({ action: 'install', pack: { questions: 5000 } });
    expect(api.getImportProgress({ importId: p.importId! })).toEqual({ state: 'pending', done: 0, total: 5000 });

    const seen: { state: string; done: number }[] = [];
    let homes = 0;
    let finished = false;
    const poll = setInterval(() => {
      if (finished) return;
      const home = services.api.getHome({});
      expect(home.areas).toHaveLength(AREA_IDS.length);
      homes++;
      seen.push(api.getImportProgress({ importId: p.importId! }));
    }, 5);
    const result = await api.applyImport({ importId: p.importId!, force: false }).finally(() => {
      finished = true;
      clearInterval(poll);
    });
    expect(result).toEqual({ packId: 'big-pack', version: '1.0.0', action: 'added', added: 5000, changed: 0, retired: 0 });
    expect(lines).toEqual([]);
    expect(homes).toBeGreaterThan(0);
    expect(seen.some((s) => s.state === 'running' && s.done > 0 && s.done < 5000)).toBe(true);
    expect(api.getImportProgress({ importId: p.importId! })).toEqual({ state: 'done', done: 5000, total: 5000 });
    expect(services.db.prepare(`SELECT COUNT(*) AS n FROM questions WHERE pack_id = 'big-pack'`).get()).toEqual({ n: 5000 });
    expect(services.api.getHome({}).areas.find((a) => a.id === 'fundamentals')!.available).toBe(500);
    closeDatabase(readonly);
    services.close();
  });

  it('the desktop bundle (dist/electron/import-worker.cjs) runs the same import', async () => {
    const { services, dataDir, db } = setup();
    const lines: string[] = [];
    const api = createImportApi({ db, dataDir, builtinIds: new Set(), workerScript: WORKER_CJS, log: (l) => lines.push(l) });
    const { result } = await importText(api as ServiceApi, 'big.json', text(bigPack(300)));
    expect(result).toMatchObject({ action: 'added', added: 300 });
    expect(lines).toEqual([]);
    services.close();
  });

  it('falls back to this thread, saying why, when the worker cannot start', async () => {
    const { services, dataDir, db } = setup();
    const lines: string[] = [];
    const api = createImportApi({ db, dataDir, builtinIds: new Set(), workerScript: path.join(tempDir(), 'missing-worker.mjs'), workerMinQuestions: 1, log: (l) => lines.push(l) });
    const { result } = await importText(api as ServiceApi, 'small.json', text(userV1()));
    expect(result).toMatchObject({ action: 'added', added: 3 });
    expect(lines).toEqual([expect.stringMatching(/could not start.*importing on the main thread instead/)]);
    services.close();
  });
});

describe('export and import', () => {
  it('an exported pack imports into a fresh data folder with the same questions', async () => {
    const a = setup();
    await importText(a.api, 'v1.drillpack.json', text(userV1()));
    await importText(a.api, 'v2.drillpack.json', text(userV2()));
    const exported = exportInstalledPack(a.db, 'user-pack');
    // Into the same folder it is the same content.
    expect(a.api.previewImport({ fileName: 'export.drillpack.json', text: text(exported) }).action).toBe('same-version');

    const b = setup();
    const { result } = await importText(b.api, 'export.drillpack.json', text(exported));
    expect(result).toMatchObject({ action: 'added', added: 3 });
    const rows = (db: Database.Database) =>
      db
        .prepare(
          `SELECT q.id, q.area, q.kind, q.level, q.prompt, q.time_limit_sec, q.outline, q.pitfalls, q.follow_ups, q.tags, q.roles, q.ordinal,
             (SELECT json_group_array(json_array(c.id, c.text, c.keywords, c.ordinal)) FROM (SELECT * FROM checklist_items WHERE question_key = q.key AND retired = 0 ORDER BY ordinal) c) AS items
           FROM questions q WHERE q.pack_id = 'user-pack' AND q.retired = 0 ORDER BY q.ordinal`,
        )
        .all();
    expect(rows(b.db)).toEqual(rows(a.db));
    expect(b.db.prepare(`SELECT version, title, author, license, description FROM packs WHERE id = 'user-pack'`).get()).toEqual(
      a.db.prepare(`SELECT version, title, author, license, description FROM packs WHERE id = 'user-pack'`).get(),
    );
    a.services.close();
    b.services.close();
  });
});

describe('reserved ids', () => {
  it('refuses an import that claims the id of My questions', async () => {
    const bankDir = tempDir('mldrill-bank-');
    const services = createServices({ dataDir: tempDir(), bankDir });
    const claim = JSON.stringify({ format: 'mldrill-pack', formatVersion: 1, id: 'my-questions', version: '9.0.0', title: 'Mine now', questions: [question('q-x')] });
    const preview = services.api.previewImport({ fileName: 'mine.drillpack.json', text: claim });
    expect(preview).toMatchObject({ action: 'refused', importId: null, message: expect.stringContaining('holds the questions you write in the app') });
    services.close();
  });
});
