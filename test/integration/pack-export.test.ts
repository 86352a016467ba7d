import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../electron/db/open';
import { ServiceError } from '../../electron/services/errors';
import { describeWhere, exportInstalledPack, exportSelection, installedPackIds, parseWhere } from '../../electron/services/export-pack';
import { installPack } from '../../electron/services/install-pack';
import { loadQuestions } from '../../electron/services/questions';
import { defaultTimeLimitSec } from '../../shared/areas';
import { csvToPack, packToCsv } from '../../shared/pack-csv';
import type { Pack } from '../../shared/pack-schema';
import { validatePack } from '../../shared/validate-pack';
import { bytes, pack, question } from '../fixtures/packs';
import { tempDir } from './helpers';

const META = { id: 'my-selection', title: 'My selection', version: '1.0.0' };

function install(db: Database.Database, p: Pack, hash = JSON.stringify(p)) {
  const r = validatePack(bytes(p));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return installPack(db, r.pack, { builtin: false, contentHash: hash });
}

function freshDb() {
  return openDatabase(tempDir());
}

/** What the app shows of a pack's active questions: everything but the database keys, in pack order. */
function installedContent(db: Database.Database, packId: string) {
  const keys = (db.prepare('SELECT key FROM questions WHERE pack_id = ? AND retired = 0 ORDER BY ordinal').all(packId) as { key: number }[]).map((r) => r.key);
  const views = loadQuestions(db, keys);
  const meta = db.prepare('SELECT id, version, title, description, author, license FROM packs WHERE id = ?').get(packId);
  return { meta, questions: keys.map((k) => views.get(k)) };
}

/** Throws unless fn throws a ServiceError with this code, and gives its message. */
function serviceError(fn: () => unknown, code: string): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ServiceError);
    expect((e as ServiceError).code).toBe(code);
    return (e as Error).message;
  }
  throw new Error('expected a ServiceError');
}

const ids = (p: Pack) => p.questions.map((q) => q.id);

/** Two packs that share the question id `shared-q`. */
function twoPacks() {
  const db = freshDb();
  install(
    db,
    pack({ id: 'pack-a', title: 'A', author: 'Ann', license: 'MIT', description: 'First.' }, [
      question('a-1', 'evaluation', { level: 'senior', tags: ['metrics', 'calibration'], roles: ['applied-ml'] }),
      question('a-2', 'evaluation', { level: 'mid', tags: ['metrics'], roles: ['research'] }),
      question('shared-q', 'mlops', { level: 'senior', kind: 'scenario', tags: [], roles: [] }),
      question('a-4', 'fundamentals', { level: 'junior' }),
    ]),
  );
  install(
    db,
    pack({ id: 'pack-b', title: 'B' }, [
      question('b-1', 'evaluation', { level: 'senior', kind: 'system-design', tags: ['serving'], roles: ['mlops-platform'] }),
      question('shared-q', 'evaluation', { level: 'senior' }),
    ]),
  );
  return db;
}

describe('exportInstalledPack', () => {
  it('gives back an installed pack that validates, and importing it elsewhere installs the same content', () => {
    // undefined fields vanish in JSON: this question has no time limit and no outline.
    const noLimit = question('q-default', 'vision', { kind: 'system-design', level: 'senior', timeLimitSec: undefined, outline: undefined, tags: [], roles: [] });
    const original = pack({ id: 'round-trip', title: 'Round trip', author: 'Ann', license: 'CC-BY-4.0', description: '**Bold** pack.' }, [
      question('q-one', 'evaluation', { prompt: 'Explain, with "quotes" and\nline breaks, PR-AUC | ROC-AUC.' }),
      noLimit,
      question('q-three', 'rl', { checklist: [{ id: 'a', text: 'Item a' }, { id: 'b', text: 'Item b', keywords: [] }, { id: 'c', text: 'Item c', keywords: ['c'] }] }),
    ]);
    const db = freshDb();
    install(db, original);
    const exported = exportInstalledPack(db, 'round-trip');
    expect(validatePack(bytes(exported))).toMatchObject({ ok: true, errors: [], warnings: [] });
    expect(exported).toMatchObject({ format: 'mldrill-pack', formatVersion: 1, id: 'round-trip', version: '1.0.0', title: 'Round trip', author: 'Ann', license: 'CC-BY-4.0', description: '**Bold** pack.' });
    expect(Object.keys(exported).at(-1)).toBe('questions');
    expect(ids(exported)).toEqual(['q-one', 'q-default', 'q-three']);
    // The stored limit is written out, the default included; empty lists and a missing outline are left out.
    expect(exported.questions[1]).toMatchObject({ timeLimitSec: defaultTimeLimitSec('system-design', 'senior') });
    expect(exported.questions[1]).not.toHaveProperty('outline');
    expect(exported.questions[1]).not.toHaveProperty('tags');
    expect(exported.questions[2]!.checklist).toEqual([{ id: 'a', text: 'Item a' }, { id: 'b', text: 'Item b' }, { id: 'c', text: 'Item c', keywords: ['c'] }]);

    const other = freshDb();
    install(other, exported);
    expect(installedContent(other, 'round-trip')).toEqual(installedContent(db, 'round-trip'));
    // Through CSV as well.
    const viaCsv = csvToPack(packToCsv(exported));
    expect(viaCsv.ok && viaCsv.pack).toStrictEqual(exported);
    closeDatabase(db);
    closeDatabase(other);
  });

  it('exports what is live after an update: retired questions and items left out, the new order kept', () => {
    const db = freshDb();
    install(db, pack({}, [question('q-one'), question('q-two'), question('q-three')]));
    const q3 = question('q-three');
    q3.checklist = [q3.checklist[2]!, q3.checklist[0]!, { id: 'new-item', text: 'A new item', keywords: ['new'] }];
    install(db, pack({ version: '1.1.0', title: 'Renamed' }, [q3, question('q-one', 'fundamentals', { prompt: 'A changed prompt for q-one.' })]));
    const exported = exportInstalledPack(db, 'test-pack');
    expect(exported).toMatchObject({ version: '1.1.0', title: 'Renamed' });
    expect(ids(exported)).toEqual(['q-three', 'q-one']);
    expect(exported.questions[0]!.checklist.map((i) => i.id)).toEqual(['calibration', 'pr-auc', 'new-item']);
    expect(exported.questions[1]!.prompt).toBe('A changed prompt for q-one.');
    closeDatabase(db);
  });

  it('refuses a pack that is not installed', () => {
    const db = twoPacks();
    expect(serviceError(() => exportInstalledPack(db, 'nope'), 'not-found')).toBe('no installed pack has the id "nope"');
    expect(installedPackIds(db)).toEqual(['pack-a', 'pack-b']);
    closeDatabase(db);
  });

  it('leaves out a pack removed with its history kept; a disabled pack only when a selection names it', () => {
    const db = twoPacks();
    const columns = (db.prepare('PRAGMA table_info(packs)').all() as { name: string }[]).map((c) => c.name);
    if (!columns.includes('removed_at')) return; // before schema 3, packs can be neither removed nor disabled
    db.prepare(`UPDATE packs SET enabled = 0 WHERE id = 'pack-a'`).run();
    expect(ids(exportInstalledPack(db, 'pack-a'))).toEqual(['a-1', 'a-2', 'shared-q', 'a-4']);
    expect(ids(exportSelection(db, { areas: ['evaluation'] }, META))).toEqual(['b-1', 'shared-q']);
    expect(ids(exportSelection(db, { areas: ['evaluation'], packs: ['pack-a'] }, META))).toEqual(['a-1', 'a-2']);
    db.prepare(`UPDATE packs SET enabled = 1 WHERE id = 'pack-a'`).run();
    db.prepare(`UPDATE packs SET removed_at = '2025-01-01T00:00:00.000Z' WHERE id = 'pack-b'`).run();
    expect(installedPackIds(db)).toEqual(['pack-a']);
    serviceError(() => exportInstalledPack(db, 'pack-b'), 'not-found');
    serviceError(() => exportSelection(db, { packs: ['pack-b'] }, META), 'not-found');
    expect(ids(exportSelection(db, { areas: ['evaluation'] }, META))).toEqual(['a-1', 'a-2']);
    closeDatabase(db);
  });
});

describe('exportSelection', () => {
  it('ANDs the fields and ORs the values within one, over every installed pack', () => {
    const db = twoPacks();
    const pick = (where: Parameters<typeof exportSelection>[1]) => ids(exportSelection(db, where, META));
    expect(pick({ areas: ['evaluation'], levels: ['senior'] })).toEqual(['a-1', 'b-1', 'shared-q']);
    expect(pick({ areas: ['evaluation', 'fundamentals'], packs: ['pack-a'] })).toEqual(['a-1', 'a-2', 'a-4']);
    expect(pick({ tags: ['calibration', 'serving'] })).toEqual(['a-1', 'b-1']);
    expect(pick({ tags: ['metrics'], levels: ['mid'] })).toEqual(['a-2']);
    expect(pick({ roles: ['research', 'mlops-platform'] })).toEqual(['a-2', 'b-1']);
    expect(pick({ kinds: ['scenario', 'system-design'] })).toEqual(['shared-q', 'b-1']);
    // Empty lists do not filter; packs in the order given.
    expect(pick({ packs: ['pack-b', 'pack-a'], areas: [], kinds: ['system-design', 'concept'], levels: ['senior'] })).toEqual(['b-1', 'shared-q', 'a-1']);
    closeDatabase(db);
  });

  it('takes hand-picked ids, plain or pack-qualified, in the order given', () => {
    const db = twoPacks();
    const p = exportSelection(db, { ids: ['b-1', 'pack-a/shared-q', 'a-1'] }, { ...META, author: 'Me', license: 'MIT', description: 'Picked.' });
    expect(ids(p)).toEqual(['b-1', 'shared-q', 'a-1']);
    expect(p.questions[1]!.area).toBe('mlops');
    expect(p).toMatchObject({ id: 'my-selection', title: 'My selection', version: '1.0.0', author: 'Me', license: 'MIT', description: 'Picked.' });
    expect(validatePack(bytes(p)).ok).toBe(true);
    // The ids filter ANDs with the others like any field.
    expect(ids(exportSelection(db, { ids: ['a-1', 'a-2'], levels: ['mid'] }, META))).toEqual(['a-2']);
    closeDatabase(db);
  });

  it('refuses one question id from two packs, naming both, and asks to narrow the selection', () => {
    const db = twoPacks();
    const message = serviceError(() => exportSelection(db, { levels: ['senior'] }, META), 'conflict');
    expect(message).toBe(
      'the question id "shared-q" is in both pack "pack-a" and pack "pack-b", and ids must be unique in one pack; narrow the selection (pack=pack-a, or id=pack-a/shared-q)',
    );
    expect(ids(exportSelection(db, { levels: ['senior'], ids: ['a-1', 'pack-b/shared-q', 'b-1'] }, META))).toEqual(['a-1', 'shared-q', 'b-1']);
    closeDatabase(db);
  });

  it('says what is wrong: unknown packs or ids, an empty result, fields of the new pack', () => {
    const db = twoPacks();
    expect(serviceError(() => exportSelection(db, { packs: ['pack-c'] }, META), 'not-found')).toBe('no installed pack has the id "pack-c" (installed: pack-a, pack-b)');
    expect(serviceError(() => exportSelection(db, { ids: ['a-1', 'typo'] }, META), 'not-found')).toBe('no installed question has the id "typo"');
    expect(serviceError(() => exportSelection(db, { areas: ['vision'], levels: ['mid'] }, META), 'not-found')).toBe('no installed question matches the selection (area=vision, level=mid)');
    expect(serviceError(() => exportSelection(db, { packs: ['pack-a'] }, { id: 'Bad Id', title: '', version: '1' }), 'invalid-argument')).toMatch(
      /^the selection would not be a valid pack: id: must be lowercase letters.*; version: must be a semantic version.*; title: must be at least 1 characters/,
    );
    closeDatabase(db);
  });

  it('exports a selection that installs elsewhere with the same content as the originals', () => {
    const db = twoPacks();
    const selected = exportSelection(db, { areas: ['evaluation'], packs: ['pack-a'] }, META);
    const other = freshDb();
    install(other, selected);
    const fromOriginal = installedContent(db, 'pack-a').questions.filter((q) => q!.area === 'evaluation');
    expect(installedContent(other, 'my-selection').questions).toEqual(fromOriginal.map((q) => ({ ...q, packId: 'my-selection' })));
    closeDatabase(db);
    closeDatabase(other);
  });
});

describe('parseWhere', () => {
  it('reads KEY=VALUE pairs: singular or plural keys, | or repeated keys for alternatives, spaces allowed', () => {
    expect(parseWhere('area=evaluation,level=senior')).toEqual({ areas: ['evaluation'], levels: ['senior'] });
    expect(parseWhere(' areas = evaluation | mlops , area=rl, area=mlops ,kind=scenario')).toEqual({ areas: ['evaluation', 'mlops', 'rl'], kinds: ['scenario'] });
    expect(parseWhere('pack=mldrill-rl,tag=ppo|rlhf,role=research,id=q-1|my-pack/q-2,')).toEqual({
      packs: ['mldrill-rl'],
      tags: ['ppo', 'rlhf'],
      roles: ['research'],
      ids: ['q-1', 'my-pack/q-2'],
    });
    expect(describeWhere(parseWhere('level=senior|mid,area=rl'))).toBe('(area=rl, level=senior|mid)');
  });

  it('refuses unknown keys and values, missing values and empty selections, with the key named', () => {
    const bad = (text: string) => serviceError(() => parseWhere(text), 'invalid-argument');
    expect(bad('area=evaluation,difficulty=hard')).toBe('unknown key "difficulty" in the selection; the keys are pack, area, kind, level, role, tag, concept, id');
    expect(bad('__proto__=x')).toMatch(/^unknown key "__proto__"/);
    expect(bad('constructor=x')).toMatch(/^unknown key "constructor"/);
    expect(bad('area=astrology')).toBe(
      'unknown area "astrology"; the areas are fundamentals, deep-learning, data-pipelines, evaluation, mlops, nlp-llm, vision, rl, responsible-ai, scale',
    );
    expect(bad('level=expert')).toMatch(/^unknown level "expert"; the levels are junior, mid, senior$/);
    expect(bad('area=')).toBe('area needs a value (in "area=")');
    expect(bad('area=rl|')).toBe('area needs a value (in "area=rl|")');
    expect(bad('evaluation')).toBe('"evaluation" is not KEY=VALUE (for example area=evaluation)');
    expect(bad('tag=Class_Imbalance')).toMatch(/^"Class_Imbalance" is not a tag id/);
    expect(bad('id=a/b/c')).toMatch(/^"a\/b\/c" is not a question id/);
    expect(bad(' , ')).toMatch(/^the selection is empty/);
  });
});
