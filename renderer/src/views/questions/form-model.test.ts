/** The question form's model: the validator's own messages and paths, placed beside the right fields. */
import { describe, expect, it } from 'vitest';
import type { Question } from '../../../../shared/pack-schema';
import { validatePack } from '../../../../shared/validate-pack';
import evaluation from '../../../../resources/bank/evaluation.drillpack.json';
import mlops from '../../../../resources/bank/mlops.drillpack.json';
import {
  checkDraft,
  draftFrom,
  emptyItem,
  entryField,
  firstProblemField,
  itemField,
  newDraft,
  sameQuestion,
  slugify,
  suggestQuestionId,
  toQuestion,
  withSuggestedIds,
  type QuestionDraft,
} from './form-model';
import { checkMeta, emptyMeta, whereOf, emptyFilter, suggestPackId } from './selection-model';

const none = new Set<string>();
const check = (d: QuestionDraft, isNew = true, otherIds: ReadonlySet<string> = none) => checkDraft(d, { isNew, otherIds });
const messages = (d: QuestionDraft) => check(d).issues.map((i) => `${i.path}: ${i.message}`);

function valid(): QuestionDraft {
  const d = newDraft();
  return withSuggestedIds(
    {
      ...d,
      area: 'evaluation',
      prompt: 'How would you evaluate a fraud model when fraud is rare?',
      checklist: d.checklist.map((item, i) => ({ ...item, text: ['Rejects accuracy', 'Uses PR-AUC', 'Sets a threshold from costs'][i]!, keywords: 'alpha\n beta \n\n' })),
    },
    none,
  );
}

describe('the question form', () => {
  it('gives the validator’s messages at the validator’s paths', () => {
    const d = { ...valid(), prompt: 'Too short' };
    d.checklist = d.checklist.slice(0, 2);
    expect(messages(d)).toEqual(['prompt: must be at least 10 characters (got 9)', 'checklist: must have at least 3 entries (got 2)']);
    const issues = check(d).issues;
    expect(issues.map((i) => i.field)).toEqual(['prompt', 'checklist']);
    expect(firstProblemField(d, issues)).toBe('prompt');
  });

  it('matches `pack validate` on the exported pack, less the questions[0]. in front', () => {
    const d = { ...valid(), timeLimit: '29.5', tags: 'Class_Imbalance ok', area: '' as const };
    d.checklist = [...d.checklist, { ...emptyItem(), id: 'Bad Id', text: 'ab', keywords: 'x'.repeat(41) }];
    const pack = { format: 'mldrill-pack', formatVersion: 1, id: 'p1', version: '1.0.0', title: 'T', questions: [toQuestion(d).question] };
    const cli = validatePack(JSON.stringify(pack)).errors.map((e) => `${e.path.replace(/^questions\[0\]\./, '')}: ${e.message}`);
    expect(messages(d)).toEqual(cli);
    expect(cli).toContain('timeLimitSec: must be a int (got number)');
    expect(cli).toContain('checklist[3].keywords[0]: must be at most 40 characters (got 41)');
    const fields = Object.fromEntries(check(d).issues.map((i) => [i.path, i.field]));
    const extra = d.checklist[3]!.key;
    expect(fields).toMatchObject({
      area: 'area',
      timeLimitSec: 'timeLimitSec',
      'tags[0]': 'tags',
      'checklist[3].id': itemField(extra, 'id'),
      'checklist[3].text': itemField(extra, 'text'),
      'checklist[3].keywords[0]': itemField(extra, 'keywords'),
    });
  });

  it('sends a time limit that is not a number as the text it is, for the validator to refuse', () => {
    expect(messages({ ...valid(), timeLimit: '10 min' })).toEqual(['timeLimitSec: must be a number (got a string)']);
    expect(messages({ ...valid(), timeLimit: '20' })).toEqual(['timeLimitSec: must be at least 30 (got 20)']);
    expect(toQuestion({ ...valid(), timeLimit: ' 600 ' }).question.timeLimitSec).toBe(600);
    expect('timeLimitSec' in toQuestion(valid()).question).toBe(false);
  });

  it('leaves blank pitfalls out, and places a problem beside the entry it came from', () => {
    const d = valid();
    d.pitfalls = [
      { key: 901, text: '   ' },
      { key: 902, text: 'x'.repeat(301) },
    ];
    const c = check(d);
    expect(c.question.pitfalls).toHaveLength(1);
    expect(c.issues).toEqual([{ path: 'pitfalls[0]', message: 'must be at most 300 characters (got 301)', field: entryField('pitfalls', 902) }]);
  });

  it('reports repeated item ids as the validator does, once the rest is clean', () => {
    const d = valid();
    d.checklist = d.checklist.map((i) => ({ ...i, id: 'same', idEdited: true }));
    expect(messages(d)).toEqual(['checklist[1].id: duplicates checklist[0].id "same"', 'checklist[2].id: duplicates checklist[0].id "same"']);
  });

  it('refuses a new question that takes the id of another of the user’s questions (it would replace it)', () => {
    const d = valid();
    expect(check(d, true, new Set([d.id])).issues[0]).toMatchObject({ path: 'id', field: 'id' });
    expect(check(d, false, new Set()).issues).toEqual([]);
  });

  it('suggests ids from the prompt and item texts until they are edited, avoiding ids in use', () => {
    expect(slugify('Only **0.5%** of transactions are fraud: which metrics?', 6, 60)).toBe('only-0-5-of-transactions-are');
    expect(slugify('Ünïcödé, naïve café', 6, 60)).toBe('unicode-naive-cafe');
    expect(slugify('See [the paper](https://arxiv.org/abs/1) first', 6, 60)).toBe('see-the-paper-first');
    expect(suggestQuestionId('How would you shard it?', new Set(['how-would-you-shard-it']))).toBe('how-would-you-shard-it-2');
    expect(suggestQuestionId('?!', none)).toBe('');
    const d = valid();
    expect(d.id).toBe('how-would-you-evaluate-a-fraud');
    expect(d.checklist.map((i) => i.id)).toEqual(['rejects-accuracy', 'uses-pr-auc', 'sets-a-threshold-from']);
    const edited = withSuggestedIds({ ...d, id: 'mine', idEdited: true, prompt: 'Something else entirely' }, none);
    expect(edited.id).toBe('mine');
    const twins = withSuggestedIds({ ...d, checklist: d.checklist.map((i) => ({ ...i, idEdited: false, text: 'Same text' })) }, none);
    expect(twins.checklist.map((i) => i.id)).toEqual(['same-text', 'same-text-2', 'same-text-3']);
  });

  it('round-trips every question of two bank packs unchanged and without problems', () => {
    for (const pack of [evaluation, mlops]) {
      for (const q of pack.questions as Question[]) {
        const d = draftFrom(q);
        expect(check(d, false).issues, q.id).toEqual([]);
        const back = toQuestion(d).question;
        expect(back, q.id).toEqual({ ...q, tags: q.tags ?? [], roles: q.roles ?? [], checklist: q.checklist.map((i) => ({ ...i, keywords: i.keywords ?? [] })) });
        expect(sameQuestion(d, draftFrom(q))).toBe(true);
      }
    }
  });
});

describe('the export selection', () => {
  it('checks the pack id, version and title with the validator’s messages', () => {
    expect(checkMeta({ ...emptyMeta(), id: 'A', version: '1.2', title: '' }, 3).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'id: must be lowercase letters, digits and hyphens, 2-64 characters (got "A")',
      'version: must be a semantic version MAJOR.MINOR.PATCH (got "1.2")',
      'title: must be at least 1 characters (got 0)',
    ]);
    expect(checkMeta({ ...emptyMeta(), id: 'cohort-7', title: 'Cohort 7' }, 3)).toEqual([]);
    expect(checkMeta({ ...emptyMeta(), id: 'cohort-7', title: 'Cohort 7', version: '1.0.0-beta' }, 3).map((i) => i.path)).toEqual(['version']);
    expect(checkMeta({ ...emptyMeta(), id: 'cohort-7', title: 'Cohort 7' }, 0)).toEqual([{ path: 'questions', message: 'must have at least 1 entry (got 0)' }]);
  });

  it('builds the API’s where from the choices: nothing chosen is no condition', () => {
    expect(whereOf(emptyFilter(), null)).toEqual({});
    expect(whereOf({ ...emptyFilter(), areas: ['rl'], tags: 'a, b c' }, ['q1'])).toEqual({ areas: ['rl'], tags: ['a', 'b', 'c'], ids: ['q1'] });
    expect(suggestPackId('Cohort 7: Évaluation & serving')).toBe('cohort-7-evaluation-serving');
  });
});
