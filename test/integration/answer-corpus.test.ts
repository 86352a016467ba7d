/**
 * The labelled answer corpus (test/fixtures/answers/) that `npm run bench` scores the suggester on: it loads, it
 * has the shape its README promises, and every label names a live question of the bank and one of its items. The
 * figures themselves belong to the bench (bench/suggest.mjs), not here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../../shared/areas';
import { labelProblems, loadBankQuestions, loadCorpus } from '../../bench/suggest-corpus.mjs';
import { BANK_DIR, tempDir } from './helpers';

const answers = loadCorpus();
const questions = loadBankQuestions(BANK_DIR);
const byQuestion = new Map<string, typeof answers>();
for (const a of answers) byQuestion.set(`${a.packId} ${a.questionId}`, [...(byQuestion.get(`${a.packId} ${a.questionId}`) ?? []), a]);

describe('answer corpus', () => {
  it('covers 60+ questions across every area, each with one weak, one wrong and one strong answer in one split', () => {
    expect(byQuestion.size).toBeGreaterThanOrEqual(60);
    expect(new Set(answers.map((a) => a.area))).toEqual(new Set(AREAS.map((a) => a.id)));
    for (const [key, list] of byQuestion) {
      expect({ key, kinds: list.map((a) => a.kind).sort() }).toEqual({ key, kinds: ['strong', 'weak', 'wrong'] });
      expect({ key, splits: new Set(list.map((a) => a.split)).size }).toEqual({ key, splits: 1 });
    }
  });

  it('keeps held-out questions in every area', () => {
    for (const area of AREAS) {
      const heldOut = new Set(answers.filter((a) => a.area === area.id && a.split === 'held-out').map((a) => a.questionId));
      expect({ area: area.id, heldOut: heldOut.size >= 1 }).toEqual({ area: area.id, heldOut: true });
    }
  });

  it('labels only real items of live questions in the bank', () => {
    expect(labelProblems(answers, questions)).toEqual([]);
  });

  it('labels as its README says: wrong answers cover nothing, strong answers cover something', () => {
    for (const a of answers) {
      if (a.kind === 'wrong') expect({ q: a.questionId, covers: a.covers }).toEqual({ q: a.questionId, covers: [] });
      if (a.kind === 'strong') expect({ q: a.questionId, covers: a.covers.length > 0 }).toEqual({ q: a.questionId, covers: true });
    }
  });

  it('a label that names no item, or a question the bank lacks, is reported by name', () => {
    const strong = answers.find((a) => a.kind === 'strong')!;
    expect(labelProblems([{ ...strong, covers: ['no-such-item'] }], questions)).toEqual([
      `${strong.file} answers[${strong.index}] (${strong.questionId}, strong): "no-such-item" is not an item of that question`,
    ]);
    expect(labelProblems([{ ...strong, questionId: 'gone' }], questions)).toEqual([`${strong.file} answers[${strong.index}] (gone, strong): pack "${strong.packId}" has no live question "gone"`]);
  });

  it('refuses a malformed corpus file, naming the file, the answer and the field', () => {
    const dir = tempDir('mldrill-corpus-');
    const good = { packId: 'p', questionId: 'q', split: 'tune', kind: 'weak', text: 'an answer', covers: [] };
    const write = (answers: unknown[]) => fs.writeFileSync(path.join(dir, 'x.json'), JSON.stringify({ area: 'rl', answers }));
    write([good, { ...good, kind: 'mediocre' }]);
    expect(() => loadCorpus(dir)).toThrow('x.json answers[1].kind must be one of weak, wrong, strong, not "mediocre"');
    write([{ ...good, covers: 'all' }]);
    expect(() => loadCorpus(dir)).toThrow('x.json answers[0].covers must be an array of item ids');
    write([{ ...good, split: 'train' }]);
    expect(() => loadCorpus(dir)).toThrow('x.json answers[0].split must be one of tune, held-out, not "train"');
    fs.writeFileSync(path.join(dir, 'x.json'), '{ nope');
    expect(() => loadCorpus(dir)).toThrow(/^x\.json: not JSON/);
  });
});
